//! The conversation above the form: an article's approved comments, read from whichever
//! backend the site uses, threaded as WordPress threads them. Pure: the components that
//! show it are in `crate::view::list`.
//!
//! - [`thread`]: comments into a thread, oldest or newest first, replies up to a depth;
//! - [`when`]: "5 menit yang lalu", "kemarin", "27 November 2026";
//! - [`text`]: plain text into paragraphs, lines and links;
//! - [`allow`]: what of a comment's HTML may reach the page;
//! - [`loaded`]: the comments loaded so far, page by page, and the reader's own;
//! - each backend's list (its address and the reading of its reply) sits with its preset
//!   in `crate::presets`.
//!
//! # Usage
//! ```
//! use balasan::list::{thread, Body, ListComment};
//!
//! let c = |id: &str, parent: Option<&str>| ListComment {
//!     id: id.into(), parent: parent.map(Into::into), author: "Sari".into(), url: String::new(),
//!     body: Body::Text("Halo".into()), created: 0, pending: false,
//! };
//! let list = [c("1", None), c("2", Some("1")), c("3", None)];
//! let depths: Vec<u32> = thread::rows(&list, false, 5).iter().map(|r| r.depth).collect();
//! assert_eq!(depths, [1, 2, 1]);
//! ```

pub mod allow;
pub mod loaded;
pub mod text;
pub mod thread;
pub mod when;

/// One comment as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListComment {
    /// The backend's id.
    pub id: String,
    /// The comment this one answers.
    pub parent: Option<String>,
    pub author: String,
    /// The author's website: shown as a link only when it is http(s).
    pub url: String,
    pub body: Body,
    /// Unix seconds.
    pub created: i64,
    /// Held for moderation: shown only to its author, right after sending.
    pub pending: bool,
}

impl ListComment {
    /// Whether this is the reader's own comment, shown since they sent it: the backend's
    /// answer does not say its id, so it has one of [`OWN_PREFIX`] and gets no "Balas".
    pub fn is_own(&self) -> bool {
        self.id.starts_with(OWN_PREFIX)
    }
}

/// The start of the ids of comments the reader sent since the page loaded.
pub const OWN_PREFIX: &str = "baru-";

/// A comment's text, as the backend keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// Plain text (the reference server): shown as text, with line breaks and links.
    Text(String),
    /// HTML (WordPress, Isso): shown through an allow-list, never as it came.
    Html(String),
}

/// One page of a list, as a backend answered it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListPage {
    pub comments: Vec<ListComment>,
    /// Approved comments of the article, all pages, when the backend says.
    pub total: Option<u64>,
    /// What to ask for the next page, when there is one (a cursor or a page number).
    pub next: Option<String>,
}
