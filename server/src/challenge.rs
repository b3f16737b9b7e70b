//! Signed math challenges: the server captcha mode.
//!
//! A token is `nonce.expires.issued.mac`, where
//! `mac = HMAC-SHA256(secret, "nonce.expires.issued.answer")` (`expires` in unix seconds,
//! `issued` in unix milliseconds). The answer is not in the token and nothing is stored when
//! a challenge is issued; checking recomputes the MAC with the reader's answer. The signed
//! issue time is a time the server can vouch for: no answer comes sooner after it than a
//! person can read the question and write a comment, whatever `elapsed_ms` a client claims. Single use is enforced by recording the
//! nonce of every answer attempt, right or wrong (see [`crate::db::Db::use_challenge`]), so a
//! bot cannot try every number against one question.

use balasan_core::captcha::{self, Question};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Why an answer was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not a token this server could have made.
    Malformed,
    Expired,
    /// The token is genuine but the answer is not right (or the token was altered).
    Wrong,
}

/// A checked token: its nonce (to record as used), expiry and issue time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub nonce: String,
    pub expires_at: i64,
    /// When the question was issued (unix ms), as signed: trustworthy once
    /// [`Signer::verify`] accepts the token.
    pub issued_ms: i64,
}

pub struct Signer {
    secret: Vec<u8>,
}

impl Signer {
    pub fn new(secret: Vec<u8>) -> Signer {
        Signer { secret }
    }

    fn mac(&self, nonce: &str, expires_at: i64, issued_ms: i64, answer: u32) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.secret).expect("HMAC takes any key");
        mac.update(format!("{nonce}.{expires_at}.{issued_ms}.{answer}").as_bytes());
        mac
    }

    /// A new question and its token, issued at `issued_ms` (unix ms) and valid until
    /// `expires_at` (unix seconds).
    pub fn issue(
        &self,
        settings: &captcha::Settings,
        issued_ms: i64,
        expires_at: i64,
    ) -> (String, String) {
        let mut random = || {
            let mut b = [0u8; 4];
            getrandom::fill(&mut b).expect("the OS random source");
            u32::from_le_bytes(b)
        };
        let question = Question::generate(settings, &mut random);
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce).expect("the OS random source");
        let nonce = hex::encode(nonce);
        let mac = hex::encode(
            self.mac(&nonce, expires_at, issued_ms, question.answer())
                .finalize()
                .into_bytes(),
        );
        (
            format!("{nonce}.{expires_at}.{issued_ms}.{mac}"),
            question.to_string(),
        )
    }

    /// Reads a token at time `now` (unix seconds): its nonce, if it is well formed, not
    /// expired, and not dated further ahead than `ttl` allows (such a token is forged, and
    /// recording its nonce would keep it in the database too long).
    pub fn open(&self, token: &str, now: i64, ttl: i64) -> Result<Checked, Refusal> {
        let (nonce, expires_at, issued_ms, mac) = parts(token)?;
        if nonce.len() != 32 || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Refusal::Malformed);
        }
        if now > expires_at {
            return Err(Refusal::Expired);
        }
        if expires_at > now + ttl || mac.len() != 32 {
            return Err(Refusal::Malformed);
        }
        Ok(Checked {
            nonce: nonce.to_owned(),
            expires_at,
            issued_ms,
        })
    }

    /// Whether `answer` is the answer to the token's question.
    pub fn verify(&self, token: &str, answer: &str) -> Result<(), Refusal> {
        let (nonce, expires_at, issued_ms, mac) = parts(token)?;
        let answer: u32 = answer.trim().parse().map_err(|_| Refusal::Wrong)?;
        // verify_slice compares in constant time.
        self.mac(nonce, expires_at, issued_ms, answer)
            .verify_slice(&mac)
            .map_err(|_| Refusal::Wrong)
    }
}

/// A token's parts: nonce, expiry, issue time, MAC.
fn parts(token: &str) -> Result<(&str, i64, i64, Vec<u8>), Refusal> {
    let mut parts = token.split('.');
    let (Some(nonce), Some(expires), Some(issued), Some(mac), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(Refusal::Malformed);
    };
    let expires_at = expires.parse().map_err(|_| Refusal::Malformed)?;
    let issued_ms = issued.parse().map_err(|_| Refusal::Malformed)?;
    let mac = hex::decode(mac).map_err(|_| Refusal::Malformed)?;
    Ok((nonce, expires_at, issued_ms, mac))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Solves the question text the way a reader would.
    fn solve(q: &str) -> u32 {
        let p: Vec<&str> = q.split_whitespace().collect();
        let n = |s: &str| s.parse::<u32>().unwrap();
        match p[1] {
            "+" => n(p[0]) + n(p[2]),
            "−" => n(p[0]) - n(p[2]),
            _ => n(p[0]) * n(p[2]),
        }
    }

    #[test]
    fn right_answers_pass_and_everything_else_is_refused() {
        let signer = Signer::new(vec![7; 32]);
        let (token, question) = signer.issue(&captcha::Settings::default(), 400_000, 1_000);
        let answer = solve(&question);
        let opened = signer.open(&token, 999, 600).unwrap();
        assert_eq!(opened.expires_at, 1_000);
        assert_eq!(opened.issued_ms, 400_000);
        assert_eq!(opened.nonce.len(), 32);
        assert_eq!(signer.verify(&token, &answer.to_string()), Ok(()));
        assert_eq!(signer.verify(&token, &format!(" 0{answer} ")), Ok(()));
        assert_eq!(
            signer.verify(&token, &(answer + 1).to_string()),
            Err(Refusal::Wrong)
        );
        assert_eq!(signer.verify(&token, "delapan"), Err(Refusal::Wrong));
        assert_eq!(signer.open(&token, 1_001, 600), Err(Refusal::Expired));
        // Dated further ahead than any challenge this server issues.
        assert_eq!(signer.open(&token, 100, 600), Err(Refusal::Malformed));
        // Another server's secret, or a token whose expiry was pushed back, is refused.
        let other = Signer::new(vec![8; 32]);
        assert_eq!(
            other.verify(&token, &answer.to_string()),
            Err(Refusal::Wrong)
        );
        let forged = token.replace(".1000.", ".1100.");
        assert!(signer.open(&forged, 999, 600).is_ok());
        assert_eq!(
            signer.verify(&forged, &answer.to_string()),
            Err(Refusal::Wrong)
        );
        // An issue time moved back (to look as if the reader took longer) is refused too.
        let earlier = token.replace(".400000.", ".390000.");
        assert_eq!(signer.open(&earlier, 999, 600).unwrap().issued_ms, 390_000);
        assert_eq!(
            signer.verify(&earlier, &answer.to_string()),
            Err(Refusal::Wrong)
        );
        for bad in [
            "",
            "a.b",
            "x.1000.00",
            "a.b.c",
            "a.1.b.c",
            &format!("{token}.x"),
        ] {
            assert_eq!(signer.open(bad, 0, 600), Err(Refusal::Malformed), "{bad}");
        }
    }
}
