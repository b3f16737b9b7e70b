//! The bodies of the native contract, defined once: the reference server reads and writes
//! exactly these types (with serde), and the widget's tests check that what it sends
//! deserialises into them and that it understands what the server answers with them.
//! The widget writes and reads these shapes with serde_json as `Value`s (derives would cost
//! its readers many kilobytes more), through the names in [`crate::Field`].
//!
//! Only with the `serde` feature.
//!
//! # Usage
//! ```
//! use balasan_core::contract::{ErrorReply, NewComment};
//! use balasan_core::{Field, Problem};
//!
//! let sent: NewComment = serde_json::from_str(r#"{"post":"42","content":"Setuju","elapsed_ms":4200}"#).unwrap();
//! assert_eq!((sent.post.as_str(), sent.elapsed_ms), ("42", Some(4200)));
//!
//! let refusal = ErrorReply::fields("invalid", "some fields are not valid", &[(Field::Author, Problem::Missing)]);
//! assert_eq!(
//!     serde_json::to_string(&refusal).unwrap(),
//!     r#"{"error":{"code":"invalid","message":"some fields are not valid","fields":{"author":"required"}}}"#
//! );
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Field, Problem};

/// `POST /api/comments`: a comment as the widget sends it. Every member may be missing
/// (the server's validation says what is required); unknown members, such as a site's
/// `data-field-*`, are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewComment {
    /// The article's id at the backend, or its path.
    pub post: String,
    pub page_url: String,
    pub page_title: String,
    /// The comment this one answers.
    pub parent: Option<ParentId>,
    pub author: String,
    pub email: String,
    pub url: String,
    pub content: String,
    /// The answer to a server challenge, in server captcha mode.
    pub captcha: Option<CaptchaAnswer>,
    /// The honeypot field: empty unless a bot filled it.
    pub hp: String,
    /// Milliseconds between the form appearing and the send.
    pub elapsed_ms: Option<u64>,
}

/// A parent comment's id: a number, or its digits as text (a form post sends text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParentId {
    Number(i64),
    Text(String),
}

/// A parent that is neither a number nor digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotAnId;

impl ParentId {
    /// The id; `Ok(None)` for an empty text.
    pub fn id(&self) -> Result<Option<i64>, NotAnId> {
        match self {
            ParentId::Number(n) => Ok(Some(*n)),
            ParentId::Text(t) if t.is_empty() => Ok(None),
            ParentId::Text(t) => t.parse().map(Some).map_err(|_| NotAnId),
        }
    }
}

/// A server challenge's token and the reader's answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaptchaAnswer {
    pub token: String,
    pub answer: String,
}

/// A stored comment as the public sees it (`201`/`202` replies and the list): no email, no
/// address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicComment {
    pub id: i64,
    pub post: String,
    pub parent: Option<i64>,
    pub author: String,
    pub url: String,
    pub content: String,
    /// `approved` or `pending`.
    pub status: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// `GET /api/comments?post=…[&order=newest][&limit=N][&after=CURSOR]`: one page of an
/// article's approved comments, each top-level comment with all its replies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentList {
    /// Oldest first within the page (the reader's order comes from threading).
    pub comments: Vec<PublicComment>,
    /// Approved comments of the article, all pages.
    pub total: u64,
    /// Where the next page starts (`after=`), when there is one.
    pub next: Option<String>,
}

/// `GET /api/comments/challenge`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    pub token: String,
    /// The equation the reader sees, e.g. `2 + 6 =`.
    pub question: String,
    /// Seconds the question may be answered.
    pub expires_in: i64,
}

/// Every refusal: `{error: {code, message, fields?}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorReply {
    pub error: ErrorBody,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable, for programs: `invalid`, `captcha`, `spam`, `duplicate`, `rate_limited`, …
    pub code: String,
    /// For the developer reading the console; never shown to readers.
    pub message: String,
    /// Field (native name) → problem code ([`Problem::code`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
}

impl ErrorReply {
    pub fn new(code: &str, message: &str) -> ErrorReply {
        ErrorReply {
            error: ErrorBody {
                code: code.to_owned(),
                message: message.to_owned(),
                fields: None,
            },
        }
    }

    /// A refusal naming what is wrong with each field.
    pub fn fields(code: &str, message: &str, problems: &[(Field, Problem)]) -> ErrorReply {
        let mut reply = ErrorReply::new(code, message);
        reply.error.fields = Some(
            problems
                .iter()
                .map(|(f, p)| (f.facts().native.to_owned(), p.code().to_owned()))
                .collect(),
        );
        reply
    }
}
