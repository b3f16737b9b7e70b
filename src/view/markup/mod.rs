//! The form's markup as Leptos components, rendered to HTML natively at build time
//! (`prerender/`, feature `ssr`): WordPress's `comment_form()` (ids, classes, element order)
//! so that a WordPress theme's CSS for `#respond` and `.comment-form` styles it unchanged.
//! Field names, labels and input kinds come from the field table in `balasan_core::field`.
//!
//! Only the first state of the form is rendered here: the loader puts this HTML on the page,
//! and in the browser [`super::bind`] brings it to life (what changes: values, errors, the
//! question, the messages).

mod captcha;
mod context;
mod field;
mod form;
mod notice;

pub use form::CommentForm;
