//! The form in two halves: [`markup`], the Leptos components that render its first state to
//! HTML at build time (natively, feature `ssr`), and [`bind`], which brings that HTML to
//! life in the browser over [`state::FormState`]'s signals.

#[cfg(feature = "browser")]
pub mod bind;
#[cfg(feature = "browser")]
mod list;
#[cfg(feature = "ssr")]
pub mod markup;
#[cfg(feature = "browser")]
mod reply;
#[cfg(feature = "browser")]
mod sanitize;
pub mod state;

#[cfg(feature = "ssr")]
pub use markup::CommentForm;

use balasan_core::Field;
use reactive_graph::effect::Effect;

/// Runs `f` now and again whenever a signal it read changes, for as long as the current
/// owner lives. Every effect of the widget goes through here, as one boxed type: each
/// closure type given to `Effect::new` would cost the wasm its own copy of the effect's
/// machinery (about 0.4 KB each).
pub fn effect(f: impl FnMut() + 'static) {
    let mut f: Box<dyn FnMut()> = Box::new(f);
    Effect::new(move |_| f());
}

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
