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

/// The form's HTML as the components render it natively (feature `ssr`): the build's
/// template (`balasan-prerender`) and the reference server's included form. Ids start with
/// `prefix`; `challenge` is a question to show (the server's), else the row says it is on
/// its way. Without the `<!>` marks Leptos puts between dynamic and static text for
/// hydration: the widget never hydrates (it mounts fresh over this HTML), so they would
/// only add bytes.
#[cfg(feature = "ssr")]
pub fn to_html(
    config: crate::config::Config,
    prefix: &str,
    challenge: Option<crate::challenge::Challenge>,
) -> String {
    use leptos::prelude::*;
    static NO_EFFECTS: std::sync::Once = std::sync::Once::new();
    NO_EFFECTS.call_once(|| {
        // Refused only when an executor was set before, which then takes the effects.
        let _ = any_spawner::Executor::init_custom_executor(NoEffects);
    });
    let ids = Ids::new(prefix);
    Owner::new()
        .with(move || {
            let state = state::FormState::new(
                config,
                ids,
                crate::form::Page::default(),
                "",
                state::Seed::default(),
            );
            if challenge.is_some() {
                state.shown.update(|s| s.challenge = challenge);
            }
            view! { <CommentForm state /> }.to_html()
        })
        .replace("<!>", "")
}

/// Effects do not run while the form renders natively, as in Leptos's own server rendering.
/// A build that also turns on the `browser` feature (a workspace build unifies features:
/// `cargo test --workspace`) gives the components effects that ask for an executor to
/// spawn on; this one drops them.
#[cfg(feature = "ssr")]
struct NoEffects;

#[cfg(feature = "ssr")]
impl any_spawner::CustomExecutor for NoEffects {
    fn spawn(&self, _: any_spawner::PinnedFuture<()>) {}
    fn spawn_local(&self, _: any_spawner::PinnedLocalFuture<()>) {}
    fn poll_local(&self) {}
}

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
