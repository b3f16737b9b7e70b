//! Signed math challenges (the server captcha mode) and signed fill-time stamps.
//!
//! A challenge token is `nonce.expires.issued.seal.mac` (`expires` in unix seconds,
//! `issued` in unix milliseconds), where `seal = HMAC-SHA256(secret, "challenge|nonce.expires.issued")`
//! proves the server made the token and `mac = HMAC-SHA256(secret, "answer|nonce.expires.issued.answer")`
//! checks the reader's answer. The answer is not in the token and nothing is stored when a
//! challenge is issued. The seal is checked before anything is recorded, so forged tokens
//! cost the store nothing; then single use is enforced by recording the nonce of every
//! answer attempt, right or wrong (see [`crate::db::Db::use_challenge`]), so a bot cannot
//! try every number against one question. The signed issue time is a time the server can
//! vouch for: no answer comes sooner after it than a person can read the question and
//! write a comment, whatever `elapsed_ms` a client claims.
//!
//! A fill-time stamp (`nonce.shown.expires.mac`,
//! `mac = HMAC-SHA256(secret, "shown|nonce.shown.expires")`) goes with a form the server
//! itself renders (the form a page includes, `GET /form`, and the page that hands a refused
//! plain form post back to its reader): the time it was shown, which a post of that form
//! cannot forge. Its nonce is recorded when a post uses it, like a challenge's, so one
//! stamp vouches for one post.

use balasan_core::captcha::{self, Question};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Why an answer was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not a token this server made (or one that was altered).
    Malformed,
    Expired,
    /// The token is genuine but the answer is not right.
    Wrong,
}

/// A checked token: its nonce (to record as used), expiry and issue time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub nonce: String,
    pub expires_at: i64,
    /// When the question was issued (unix ms), as signed.
    pub issued_ms: i64,
}

pub struct Signer {
    secret: Vec<u8>,
}

impl Signer {
    pub fn new(secret: Vec<u8>) -> Signer {
        Signer { secret }
    }

    /// The MAC of `text` for one use (`domain`): a seal of one kind is never taken for
    /// another's.
    fn mac(&self, domain: &str, text: &str) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.secret).expect("HMAC takes any key");
        mac.update(domain.as_bytes());
        mac.update(b"|");
        mac.update(text.as_bytes());
        mac
    }

    fn hex_mac(&self, domain: &str, text: &str) -> String {
        hex::encode(self.mac(domain, text).finalize().into_bytes())
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
        let head = format!("{}.{expires_at}.{issued_ms}", hex::encode(nonce));
        let seal = self.hex_mac("challenge", &head);
        let mac = self.hex_mac("answer", &format!("{head}.{}", question.answer()));
        (format!("{head}.{seal}.{mac}"), question.to_string())
    }

    /// Reads a token at time `now` (unix seconds): its nonce, if this server made it (the
    /// seal, checked in constant time), it has not expired, and it is not dated further
    /// ahead than `ttl` allows.
    pub fn open(&self, token: &str, now: i64, ttl: i64) -> Result<Checked, Refusal> {
        let t = Token::parse(token)?;
        if t.nonce.len() != 32 || !t.nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Refusal::Malformed);
        }
        self.mac("challenge", t.head)
            .verify_slice(&t.seal)
            .map_err(|_| Refusal::Malformed)?;
        if now > t.expires_at {
            return Err(Refusal::Expired);
        }
        if t.expires_at > now + ttl {
            return Err(Refusal::Malformed);
        }
        Ok(Checked {
            nonce: t.nonce.to_owned(),
            expires_at: t.expires_at,
            issued_ms: t.issued_ms,
        })
    }

    /// Whether `answer` is the answer to the token's question.
    pub fn verify(&self, token: &str, answer: &str) -> Result<(), Refusal> {
        let t = Token::parse(token)?;
        let answer: u32 = answer.trim().parse().map_err(|_| Refusal::Wrong)?;
        // verify_slice compares in constant time.
        self.mac("answer", &format!("{}.{answer}", t.head))
            .verify_slice(&t.mac)
            .map_err(|_| Refusal::Wrong)
    }

    /// A new stamp of the time a form was shown (`shown_ms`, unix ms), good until
    /// `expires_at` (unix seconds).
    pub fn stamp(&self, shown_ms: i64, expires_at: i64) -> String {
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce).expect("the OS random source");
        let head = format!("{}.{shown_ms}.{expires_at}", hex::encode(nonce));
        let mac = self.hex_mac("shown", &head);
        format!("{head}.{mac}")
    }

    /// What a stamp says, if this server made it and it has not expired at `now` (unix
    /// seconds).
    pub fn shown_at(&self, stamp: &str, now: i64) -> Option<Shown> {
        let parts: Vec<&str> = stamp.split('.').collect();
        let &[nonce, shown, expires, mac] = parts.as_slice() else {
            return None;
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if nonce.len() != 32 || !digits(shown) || !digits(expires) {
            return None;
        }
        let mac = hex::decode(mac).ok()?;
        self.mac("shown", &format!("{nonce}.{shown}.{expires}"))
            .verify_slice(&mac)
            .ok()?;
        let (shown_ms, expires_at) = (shown.parse().ok()?, expires.parse().ok()?);
        (now <= expires_at).then(|| Shown {
            nonce: nonce.to_owned(),
            shown_ms,
            expires_at,
        })
    }
}

/// A genuine, unexpired fill-time stamp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    /// To record as used ([`crate::db::Db::use_challenge`]).
    pub nonce: String,
    /// When the form was shown (unix ms).
    pub shown_ms: i64,
    /// Until when it vouches (unix seconds).
    pub expires_at: i64,
}

/// A challenge token's parts.
struct Token<'a> {
    /// `nonce.expires.issued`, as sealed.
    head: &'a str,
    nonce: &'a str,
    expires_at: i64,
    issued_ms: i64,
    seal: Vec<u8>,
    mac: Vec<u8>,
}

impl Token<'_> {
    fn parse(token: &str) -> Result<Token<'_>, Refusal> {
        let parts: Vec<&str> = token.split('.').collect();
        let &[nonce, expires, issued, seal, mac] = parts.as_slice() else {
            return Err(Refusal::Malformed);
        };
        let head = &token[..nonce.len() + expires.len() + issued.len() + 2];
        let number = |s: &str| {
            // Digits only: `+5` or ` 5` would parse alike and seal differently.
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Refusal::Malformed);
            }
            s.parse().map_err(|_| Refusal::Malformed)
        };
        let hex = |s: &str| match hex::decode(s) {
            Ok(b) if b.len() == 32 => Ok(b),
            _ => Err(Refusal::Malformed),
        };
        Ok(Token {
            head,
            nonce,
            expires_at: number(expires)?,
            issued_ms: number(issued)?,
            seal: hex(seal)?,
            mac: hex(mac)?,
        })
    }
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
        // Another server's secret, or a token whose expiry or issue time was changed (to
        // answer later, or to look as if the reader took longer), is not this server's.
        let other = Signer::new(vec![8; 32]);
        assert_eq!(other.open(&token, 999, 600), Err(Refusal::Malformed));
        assert_eq!(
            other.verify(&token, &answer.to_string()),
            Err(Refusal::Wrong)
        );
        for forged in [
            token.replace(".1000.", ".1100."),
            token.replace(".400000.", ".390000."),
        ] {
            assert_eq!(signer.open(&forged, 999, 600), Err(Refusal::Malformed));
            assert_eq!(
                signer.verify(&forged, &answer.to_string()),
                Err(Refusal::Wrong)
            );
        }
        for bad in [
            "",
            "a.b",
            "x.1000.00",
            "a.b.c",
            "a.1.b.c",
            &format!("{token}.x"),
            &token.replacen('.', ".+", 1),
        ] {
            assert_eq!(signer.open(bad, 0, 600), Err(Refusal::Malformed), "{bad}");
        }
    }

    #[test]
    fn a_stamp_tells_when_its_form_was_shown_until_it_expires() {
        let signer = Signer::new(vec![7; 32]);
        let stamp = signer.stamp(400_000, 1_000);
        let shown = signer.shown_at(&stamp, 999).unwrap();
        assert_eq!((shown.shown_ms, shown.expires_at), (400_000, 1_000));
        assert_eq!(shown.nonce, stamp.split('.').next().unwrap());
        // Each stamp is one of its own, to be used once.
        let again = signer.shown_at(&signer.stamp(400_000, 1_000), 999).unwrap();
        assert_ne!(again.nonce, shown.nonce);
        assert_eq!(signer.shown_at(&stamp, 1_001), None);
        assert_eq!(Signer::new(vec![8; 32]).shown_at(&stamp, 999), None);
        for forged in [
            stamp.replace(".400000.", ".300000."),
            stamp.replace(".1000.", ".2000."),
            stamp.replacen(&shown.nonce, &again.nonce, 1),
        ] {
            assert_eq!(signer.shown_at(&forged, 999), None, "{forged}");
        }
        // A challenge's seal is not a stamp.
        let (token, _) = signer.issue(&captcha::Settings::default(), 400_000, 1_000);
        let seal = token.split('.').nth(3).unwrap();
        let nonce = &shown.nonce;
        assert_eq!(
            signer.shown_at(&format!("{nonce}.400000.1000.{seal}"), 999),
            None
        );
        for bad in [
            "",
            "1.2",
            "x.1000.00",
            &format!("{stamp}.x"),
            &stamp.replacen(".4", ".+4", 1),
        ] {
            assert_eq!(signer.shown_at(bad, 0), None, "{bad}");
        }
    }
}
