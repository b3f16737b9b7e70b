//! The math question on show, and who checks its answer.
//!
//! # Usage
//! ```
//! use balasan::challenge::Challenge;
//! use balasan_core::captcha::{Answer, Op, Question};
//!
//! let local = Challenge::Local(Question::new(2, Op::Add, 6, false));
//! assert_eq!(local.text().as_deref(), Some("2 + 6 ="));
//! assert_eq!(local.check("8"), Answer::Right);
//!
//! // A server challenge: only the server knows the answer.
//! // `now` (ms) dates its end, for comments that wait offline.
//! let reply = r#"{"token":"abc.123.f00","question":"7 − 3 =","expires_in":600}"#;
//! let server = Challenge::from_server(reply, 1_000).unwrap();
//! assert_eq!(server.text().as_deref(), Some("7 − 3 ="));
//! assert_eq!(server.expires_at(), Some(601_000));
//! assert_eq!(server.check("4"), Answer::Right);
//! assert_eq!(server.check(" "), Answer::Missing);
//! ```

use crate::json::{self, Value};
use balasan_core::captcha::{Answer, Question};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Challenge {
    /// Drawn and checked in the browser.
    Local(Question),
    /// Issued by the backend: the answer goes back with the token, and the backend checks.
    Server {
        token: String,
        text: String,
        /// When it expires (`Date.now()` ms, from the reply's `expires_in`); 0 if not said.
        expires_at: u64,
    },
    /// A server challenge is on its way, or could not be fetched.
    Missing,
}

impl Challenge {
    /// The equation shown as the answer's label.
    pub fn text(&self) -> Option<String> {
        match self {
            Challenge::Local(q) => Some(q.text()),
            Challenge::Server { text, .. } => Some(text.clone()),
            Challenge::Missing => None,
        }
    }

    /// Checks what can be checked here: everything for a local question; for a server one,
    /// only that a whole number was typed (the server says whether it is right).
    pub fn check(&self, typed: &str) -> Answer {
        let typed = typed.trim();
        match self {
            Challenge::Local(q) => q.check(typed),
            _ if typed.is_empty() => Answer::Missing,
            Challenge::Server { .. } if typed.bytes().all(|b| b.is_ascii_digit()) => Answer::Right,
            _ => Answer::Wrong,
        }
    }

    /// When a server challenge expires (`Date.now()` ms), if it said.
    pub fn expires_at(&self) -> Option<u64> {
        match self {
            Challenge::Server { expires_at, .. } if *expires_at > 0 => Some(*expires_at),
            _ => None,
        }
    }

    /// The token to send back, for a server challenge.
    pub fn token(&self) -> Option<&str> {
        match self {
            Challenge::Server { token, .. } => Some(token),
            _ => None,
        }
    }

    /// Reads a challenge endpoint's reply, `{"token": …, "question": "2 + 6 ="}`. The
    /// question must look like arithmetic: it is shown as text, but a server that sends
    /// prose is not a challenge endpoint.
    pub fn from_server(body: &str, now_ms: u64) -> Option<Challenge> {
        let v = json::parse(body)?;
        let token = v.get("token")?.as_str()?;
        let text = v.get("question")?.as_str()?.trim();
        let arithmetic = |c: char| {
            c.is_ascii_digit() || matches!(c, ' ' | '+' | '−' | '-' | '×' | 'x' | '*' | '?' | '=')
        };
        let ok = !token.is_empty()
            && token.len() <= 512
            && !text.is_empty()
            && text.chars().count() <= 32
            && text.chars().all(arithmetic);
        ok.then(|| Challenge::Server {
            token: token.to_owned(),
            text: text.to_owned(),
            expires_at: v
                .get("expires_in")
                .and_then(Value::as_u64)
                .map_or(0, |s| now_ms.saturating_add(s.saturating_mul(1000))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_replies_that_are_not_challenges_are_refused() {
        for bad in [
            "",
            "<html>",
            r#"{"token":"t"}"#,
            r#"{"token":"","question":"1 + 1 ="}"#,
            r#"{"token":"t","question":"<img src=x onerror=alert(1)>"}"#,
            r#"{"token":"t","question":"What is the capital of Indonesia?"}"#,
        ] {
            assert_eq!(Challenge::from_server(bad, 0), None, "{bad}");
        }
    }

    #[test]
    fn server_answers_must_be_numbers() {
        let c = Challenge::Server {
            token: "t".into(),
            text: "2 + 6 =".into(),
            expires_at: 0,
        };
        assert_eq!(c.check("delapan"), Answer::Wrong);
        assert_eq!(c.check("8"), Answer::Right);
        assert_eq!(Challenge::Missing.check(""), Answer::Missing);
        assert_eq!(c.token(), Some("t"));
    }
}
