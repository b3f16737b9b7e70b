//! Moderators' sessions: a random token in the cookie, only its SHA-256 in the store (a
//! copy of the database opens no session), a CSRF token per session, an idle timeout and
//! a lifetime. Kept in the store, so every server on it knows every session, and ending
//! one (logout, a new password, the moderator removed) ends it everywhere at once.

use std::time::Duration;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::api::AppState;
use crate::clock::unix_now;
use crate::error::ApiError;

/// A session in use, as handlers see it.
#[derive(Clone, Debug)]
pub struct Live {
    /// The moderator's name.
    pub name: String,
    /// The token state-changing requests must send back in `X-CSRF-Token`.
    pub csrf: String,
    /// The hash of the cookie's token: the session's key in the store.
    pub token_hash: String,
}

/// How long sessions last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lifetimes {
    /// Unused this long, a session ends.
    pub idle: Duration,
    /// This long after login, a session ends however busy.
    pub most: Duration,
}

/// What a stored session is at a given time.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Expired,
    /// In use; `touch` when its last use should be written down again (at most once a
    /// minute: not one write per request).
    Live {
        touch: bool,
    },
}

impl Lifetimes {
    /// Whether a session opened at `created_at` and last used at `seen_at` (unix seconds)
    /// is still good at `now`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use balasan_server::admin::session::{Lifetimes, Verdict};
    ///
    /// let l = Lifetimes { idle: Duration::from_secs(3600), most: Duration::from_secs(86_400) };
    /// assert_eq!(l.judge(0, 0, 30), Verdict::Live { touch: false });
    /// assert_eq!(l.judge(0, 0, 120), Verdict::Live { touch: true });
    /// assert_eq!(l.judge(0, 0, 3601), Verdict::Expired); // idle too long
    /// assert_eq!(l.judge(0, 86_000, 86_401), Verdict::Expired); // too old
    /// ```
    pub fn judge(&self, created_at: i64, seen_at: i64, now: i64) -> Verdict {
        let idle = now - seen_at;
        let age = now - created_at;
        if idle > secs(self.idle) || age > secs(self.most) {
            Verdict::Expired
        } else {
            Verdict::Live { touch: idle >= 60 }
        }
    }
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

/// 32 random bytes as 64 hex digits: a session token or a CSRF token.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source");
    hex::encode(bytes)
}

/// What the store keeps of a token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether `sent` is the session's CSRF token, compared in constant time.
pub fn csrf_matches(sent: Option<&str>, csrf: &str) -> bool {
    sent.is_some_and(|sent| bool::from(sent.as_bytes().ct_eq(csrf.as_bytes())))
}

/// The live session whose cookie holds `token`; `None` for a token the store does not
/// know (forged, logged out, revoked) or one that has expired (then it is ended).
pub async fn live(s: &AppState, token: &str) -> Result<Option<Live>, ApiError> {
    let token_hash = hash(token);
    let Some(found) = s.db.session(&token_hash).await? else {
        return Ok(None);
    };
    let now = unix_now();
    match s
        .settings
        .sessions
        .judge(found.created_at, found.seen_at, now)
    {
        Verdict::Expired => {
            s.db.end_session(&token_hash).await?;
            Ok(None)
        }
        Verdict::Live { touch } => {
            if touch {
                s.db.touch_session(&token_hash, now).await?;
            }
            Ok(Some(Live {
                name: found.name,
                csrf: found.csrf,
                token_hash,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_and_only_their_hash_is_kept() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert!(a.len() == 64 && a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(hash(&a), hash(&a));
        assert_ne!(hash(&a), a);
        assert_eq!(hash(&a).len(), 64);
    }

    #[test]
    fn csrf_needs_the_exact_token() {
        assert!(csrf_matches(Some("abc"), "abc"));
        assert!(!csrf_matches(Some("abd"), "abc"));
        assert!(!csrf_matches(Some(""), "abc"));
        assert!(!csrf_matches(None, "abc"));
    }

    #[test]
    fn a_clock_gone_backwards_does_not_end_a_session() {
        let l = Lifetimes {
            idle: Duration::from_secs(60),
            most: Duration::from_secs(600),
        };
        assert_eq!(l.judge(100, 100, 90), Verdict::Live { touch: false });
    }
}
