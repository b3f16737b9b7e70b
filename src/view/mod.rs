//! The form in two halves: [`markup`], the Leptos components that render its first state to
//! HTML at build time (natively, feature `ssr`), and [`bind`], which brings that HTML to
//! life in the browser over [`state::FormState`]'s signals (Leptos's, feature `csr`).

#[cfg(feature = "browser")]
pub mod bind;
#[cfg(feature = "browser")]
mod control;
#[cfg(all(feature = "browser", feature = "list"))]
mod list;
#[cfg(feature = "ssr")]
pub mod markup;
#[cfg(feature = "browser")]
mod reply;
#[cfg(all(feature = "browser", feature = "list"))]
mod sanitize;
pub mod state;

#[cfg(feature = "ssr")]
pub use markup::CommentForm;

use balasan_core::Field;

/// Leptos's [`Effect::new`](leptos::prelude::Effect::new) for every effect of the widget,
/// through one closure type: each closure type given to `Effect::new` is its own copy of
/// Leptos's effect machinery in the wasm (measured: see the README's size notes).
pub fn effect(f: impl FnMut() + 'static) {
    effect_boxed(Box::new(f));
}

fn effect_boxed(mut f: Box<dyn FnMut()>) {
    leptos::prelude::Effect::new(move |_| f());
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
