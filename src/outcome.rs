//! What became of a send, told from the backend's reply.
//!
//! Pure: the browser seam hands over the status and headers it got (or that the network
//! failed), and this decides what the reader is told. Only a 2xx reply is ever a success.
//!
//! # Usage
//! ```
//! use balasan::outcome::{Outcome, Reply};
//!
//! assert_eq!(Outcome::of(&Reply { status: 201, retry_after: None }), Outcome::Accepted { pending: false });
//! assert_eq!(Outcome::of(&Reply { status: 202, retry_after: None }), Outcome::Accepted { pending: true });
//! assert_eq!(Outcome::of(&Reply { status: 503, retry_after: None }), Outcome::Failed);
//! ```

use crate::i18n::Key;

/// The parts of an HTTP reply that decide the outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<String>,
}

/// How a send ended, from the reader's point of view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Stored; `pending` when it waits for a moderator.
    Accepted { pending: bool },
    /// The backend already has this comment.
    Duplicate,
    /// Rate-limited; retry after this many seconds when the backend said.
    TooFast { retry_after: Option<u32> },
    /// The backend answered with an error.
    Failed,
    /// No answer at all: offline, DNS, refused, CORS.
    Unreachable,
}

impl Outcome {
    /// Interprets a reply of the native contract (`201` stored, `202` pending).
    pub fn of(reply: &Reply) -> Outcome {
        match reply.status {
            202 => Outcome::Accepted { pending: true },
            200..=299 => Outcome::Accepted { pending: false },
            409 => Outcome::Duplicate,
            429 => Outcome::TooFast {
                retry_after: reply
                    .retry_after
                    .as_deref()
                    .and_then(|s| s.trim().parse().ok()),
            },
            _ => Outcome::Failed,
        }
    }

    /// The sentence the reader sees.
    pub fn message(&self) -> Key {
        match self {
            Outcome::Accepted { pending: true } => Key::AwaitingModeration,
            Outcome::Accepted { pending: false } => Key::Sent,
            Outcome::Duplicate => Key::Duplicate,
            Outcome::TooFast { .. } => Key::TooFast,
            Outcome::Failed => Key::SaveFailed,
            Outcome::Unreachable => Key::Offline,
        }
    }

    pub fn accepted(&self) -> bool {
        matches!(self, Outcome::Accepted { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(status: u16, retry_after: Option<&str>) -> Outcome {
        Outcome::of(&Reply {
            status,
            retry_after: retry_after.map(str::to_owned),
        })
    }

    #[test]
    fn only_2xx_is_success() {
        assert!(of(200, None).accepted());
        assert!(of(201, None).accepted());
        assert_eq!(of(202, None), Outcome::Accepted { pending: true });
        for status in [0, 301, 302, 400, 401, 403, 404, 500, 502, 503] {
            assert!(!of(status, None).accepted(), "{status}");
        }
    }

    #[test]
    fn duplicate_and_rate_limit() {
        assert_eq!(of(409, None), Outcome::Duplicate);
        assert_eq!(
            of(429, Some(" 30 ")),
            Outcome::TooFast {
                retry_after: Some(30)
            }
        );
        assert_eq!(
            of(429, Some("Wed, 21 Oct 2026 07:28:00 GMT")),
            Outcome::TooFast { retry_after: None }
        );
    }

    #[test]
    fn every_outcome_has_a_sentence() {
        assert_eq!(of(500, None).message(), Key::SaveFailed);
        assert_eq!(Outcome::Unreachable.message(), Key::Offline);
        assert_eq!(of(202, None).message(), Key::AwaitingModeration);
    }
}
