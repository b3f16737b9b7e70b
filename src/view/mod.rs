//! The Leptos components: thin views over [`state::FormState`], sharing one form's state,
//! ids and strings through context ([`context::Shared`]).
//!
//! Markup follows WordPress's `comment_form()` (ids, classes, element order) so that a
//! WordPress theme's CSS for `#respond` and `.comment-form` styles the widget unchanged.
//! Field names, labels and input kinds come from the field table in `balasan_core::field`.

mod captcha;
pub mod context;
mod field;
mod form;
mod notice;
pub mod state;

pub use form::{CommentForm, ConfigNotice};

use balasan_core::Field;

/// The element ids of one widget: WordPress's ids behind a prefix that keeps them unique
/// when a page holds several widgets (empty for the first one, so theme CSS for `#respond`
/// still applies).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ids {
    prefix: String,
}

impl Ids {
    pub fn new(prefix: impl Into<String>) -> Ids {
        Ids {
            prefix: prefix.into(),
        }
    }

    /// The id for WordPress's id `base`, e.g. `of("respond")`.
    pub fn of(&self, base: &str) -> String {
        format!("{}{base}", self.prefix)
    }

    /// The id of a field's inline error message.
    pub fn error(&self, field: Field) -> String {
        self.of(&format!("{}-error", field.facts().wordpress))
    }
}
