//! What the Balasan widget and its reference server must agree on.
//!
//! Nothing here touches the DOM or the network, so every rule is tested natively in
//! milliseconds and the server can apply exactly the same checks as the browser.
//!
//! - [`field`]: the form's fields, their wire names and UTF-8 byte limits.
//! - [`validate`]: raw input → a clean [`validate::Comment`] or per-field problems.
//! - [`captcha`]: the small math question, generated from any random source.
//! - [`json`]: a tiny JSON writer for the native contract (no serde in the widget).

pub mod captcha;
pub mod field;
pub mod json;
pub mod validate;

pub use field::Field;
pub use validate::{Comment, Problem};
