//! Balasan: the "Tinggalkan Balasan" comment form as a drop-in WebAssembly widget.
//!
//! Data flows one way: attributes → [`config::Config`] → view; input → [`form::check`] →
//! [`request::Backend::request`] (the preset's wire) → send → reply →
//! [`presets::Preset::interpret`] → [`outcome::Outcome`] → view. The pure modules (`config`,
//! `i18n`, `form`, `challenge`, `request`, `presets`, `outcome`, and the shared
//! `balasan_core`) know nothing of the DOM and are tested natively; `random`, `storage`,
//! `send` and `mount` are the thin browser seams; `view` holds the Leptos components.

pub mod challenge;
pub mod config;
pub mod form;
pub mod json;
pub mod list;

/// The language table lives in `balasan_core` (the server speaks to readers too).
pub use balasan_core::i18n;
pub mod outcome;
pub mod presets;
pub mod queue;
pub mod request;
pub mod template;
pub mod view;

// Bringing the pre-rendered form to life in a page, and the component for Leptos apps:
// the browser build only.
#[cfg(feature = "browser")]
mod comments;
#[cfg(feature = "browser")]
mod mount;
mod outbox;
mod random;
mod send;
mod storage;

#[cfg(feature = "browser")]
pub use comments::Comments;
#[cfg(feature = "browser")]
pub use mount::{mount, Mounted};
