//! The form as Leptos components: rendered to HTML at build time (natively, feature `ssr`,
//! for the loader's template) and, in the browser (feature `csr`), mounted fresh over the
//! pre-rendered form (`crate::mount`), over [`state::FormState`]'s signals. One source of
//! the markup: WordPress's `comment_form()` (ids, classes, element order), so that a
//! WordPress theme's CSS for `#respond` and `.comment-form` styles it unchanged; field
//! names, labels and input kinds from the field table in `balasan_core::field`.

mod captcha;
mod field;
mod form;
#[cfg(all(feature = "browser", feature = "list"))]
mod list;
// Only `cancel` is rendered at build time; the rest moves the form in the browser.
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
pub(crate) mod reply;
pub mod state;
mod status;

pub use form::CommentForm;
#[cfg(all(feature = "browser", feature = "list"))]
pub(crate) use list::bind as list;

use balasan_core::Field;
use std::sync::Arc;

/// Leptos's [`Effect::new`](leptos::prelude::Effect::new) for every effect of the widget,
/// through one closure type: each closure type given to `Effect::new` is its own copy of
/// Leptos's effect machinery in the wasm (measured: see the README's size notes).
pub fn effect(f: impl FnMut() + 'static) {
    effect_boxed(Box::new(f));
}

fn effect_boxed(mut f: Box<dyn FnMut()>) {
    leptos::prelude::Effect::new(move |_| f());
}

/// A text or an attribute that follows the form's signals (`None`: no text, or no
/// attribute). Every such value in the views is this one type: each closure type given
/// to a view is its own copy of Leptos's render effect in the wasm.
pub fn text(f: impl Fn() -> Option<String> + Send + Sync + 'static) -> Reactive<Option<String>> {
    Arc::new(f)
}

/// A yes-or-no that follows the form's signals (`hidden`), as one type.
pub fn flag(f: impl Fn() -> bool + Send + Sync + 'static) -> Reactive<bool> {
    Arc::new(f)
}

/// A value a view reads again whenever the signals it read change.
pub type Reactive<T> = Arc<dyn Fn() -> T + Send + Sync>;

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
