//! What the Balasan widget and its reference server must agree on.
//!
//! Nothing here touches the DOM or the network, so every rule is tested natively in
//! milliseconds and the server can apply exactly the same checks as the browser.
//!
//! - [`field`]: the form's fields: their names everywhere, limits and input kinds.
//! - [`validate`]: raw input → a clean [`validate::Comment`] or per-field problems; the
//!   required-fields setting.
//! - [`controls`]: the characters no field may carry (controls, bidi overrides).
//! - [`captcha`]: the small math question, generated from any random source, and its
//!   settings.
//! - [`i18n`]: every sentence a reader can see, one file per language (the widget shows
//!   them; the server shows them too, on the pages it answers plain form posts with).
//! - [`contract`] (feature `serde`): the native contract's request and reply bodies.
//! - [`moderation`]: what moderators can do to a comment in each status, and undo; with
//!   feature `serde`, the moderation API's bodies.
//! - [`number`]: a whole-number setting within its range, and its message.

pub mod captcha;
#[cfg(feature = "serde")]
pub mod contract;
pub mod controls;
pub mod field;
pub mod i18n;
pub mod moderation;
pub mod number;
pub mod validate;

pub use field::Field;
pub use validate::{Comment, Problem};
