//! The conversation above the form, as Leptos components: the heading ("5 tanggapan untuk
//! …"), the thread ([`Comment`], recursive), "Muat komentar lainnya", and a notice with a
//! retry button when a page cannot be loaded. WordPress's classes and structure, so a
//! theme's CSS applies; every backend value goes in as text, HTML comments through
//! [`sanitize`], as nodes.
//!
//! Loaded when the wasm is there (the loader brings it when the form nears the screen), it
//! never holds the form back: a list that cannot be loaded says so, and the form works as
//! before. The reader's own accepted comment appears in its place at once, a held one only
//! to them, with the moderation note.
//!
//! The model is [`ListState`] (a plain [`Loaded`] in a signal, provided as context); the
//! browser parts (fetching, placing the form) are in `load`.

mod comment;
mod load;
mod sanitize;
#[cfg(feature = "split")]
mod unavailable;

use std::sync::Arc;

use leptos::prelude::*;

pub use comment::Comment;

use super::state::FormState;
use super::{flag, text};
use crate::i18n::{Key, Texts};
use crate::list::loaded::Loaded;
use crate::list::ListComment;
use crate::presets::{ListAsk, Preset};

/// The list of one form: what is loaded, the thread it makes, and what the comments are
/// shown with. Copy; [`CommentList`] provides it to its parts.
#[derive(Clone, Copy)]
pub struct ListState {
    /// The form the list belongs to (its settings, its ids, the comment it answers).
    pub form: FormState,
    /// What the list holds: its comments, threaded, and what to ask for next.
    pub loaded: RwSignal<Loaded>,
    fixed: StoredValue<Arc<Fixed>>,
    /// The list's requests on their way: the form's owner aborts them when it goes.
    loading: StoredValue<Vec<web_sys::AbortController>, LocalStorage>,
    /// The list's element on the page, once mounted.
    root: StoredValue<Option<web_sys::Element>, LocalStorage>,
}

/// What stays for the list's life.
struct Fixed {
    texts: Texts,
    /// The form's `#respond` id, which "Balas" links name.
    respond_id: String,
    /// Comments at this depth get no "Balas" (their replies would line up after them).
    max_depth: u32,
    /// Unix seconds now, and the reader's offset from UTC (for the day a date falls on).
    clock: fn() -> (i64, i64),
    /// The backend whose list shape is read, the address its list URL starts from, and
    /// what to ask it.
    reader: Preset,
    base: String,
    ask: ListAsk,
}

impl ListState {
    /// The list of `form`, empty; `None` when the form shows no list (`data-list="off"`,
    /// or a backend that cannot list and no `data-list-url`).
    pub fn new(form: FormState, clock: fn() -> (i64, i64)) -> Option<ListState> {
        let fixed = form.config(|c| {
            // A list URL of the site's own speaks the native list's shape.
            let (reader, base) = match &c.list.url {
                Some(u) => (Preset::Balasan, u.clone()),
                None => (c.backend.preset, c.backend.endpoint.clone()),
            };
            let ask = ListAsk {
                thread: form.page(|p| p.thread.clone()),
                newest_first: c.list.newest_first,
                per_page: c.list.per_page,
                next: None,
                fresh: None,
            };
            let on = c.list.on && reader.list_url(&base, &ask).is_some();
            on.then(|| Fixed {
                texts: c.texts.clone(),
                respond_id: form.id("respond"),
                max_depth: c.list.depth,
                clock,
                reader,
                base,
                ask,
            })
        })?;
        let loaded = Loaded::new(fixed.ask.newest_first, fixed.max_depth, clock().0);
        Some(ListState {
            form,
            loaded: RwSignal::new(loaded),
            fixed: StoredValue::new(Arc::new(fixed)),
            loading: StoredValue::new_local(Vec::new()),
            root: StoredValue::new_local(None),
        })
    }

    /// The list the component being created belongs to.
    pub fn get() -> ListState {
        expect_context()
    }

    fn fixed(&self) -> Arc<Fixed> {
        self.fixed.get_value()
    }

    /// The comment at `index`, as loaded (a comment does not change once shown).
    fn comment(&self, index: usize) -> Option<ListComment> {
        self.loaded
            .with_untracked(|l| l.comments.get(index).cloned())
    }

    /// The heading over the list, none while it has no comment.
    fn heading(&self) -> Option<String> {
        let title = self.form.page(|p| p.title.clone());
        let texts = &self.fixed().texts;
        self.loaded.with(|l| l.heading(texts, &title))
    }
}

/// The conversation: heading, thread, "Muat komentar lainnya", and the notice for a page
/// that could not be loaded.
#[component]
pub fn CommentList(
    /// The list's state, provided to the comments.
    list: ListState,
) -> impl IntoView {
    provide_context(list);
    let form = list.form;
    let (lang, theme) = form.config(|c| (c.texts.lang().tag(), c.theme.name()));
    let t = move |key: Key| list.fixed().texts.get(key).to_owned();
    let top = move || list.loaded.with(|l| l.thread().top().to_vec());
    view! {
        <div id=form.id("comments") class="comments-area balasan balasan-comments" part="comments"
            lang=lang data-theme=theme hidden=flag(move || list.loaded.with(Loaded::is_empty))>
            <h2 class="comments-title" part="comments-title"
                hidden=flag(move || list.heading().is_none())>
                {text(move || list.heading())}
            </h2>
            <ol class="comment-list" part="comment-list">
                <For each=top key=|row| row.index let:row>
                    <Comment row />
                </For>
            </ol>
            <button type="button" class="balasan-more" part="more"
                hidden=flag(move || list.loaded.with(|l| l.next.is_none()))
                on:click=move |_| list.more()>
                {t(Key::MoreComments)}
            </button>
            <p class="balasan-alert" role="alert" part="alert"
                hidden=flag(move || list.loaded.with(|l| l.failed.is_none()))>
                {t(Key::ListFailed)}
                " "
                <button type="button" on:click=move |_| list.retry()>{t(Key::Retry)}</button>
            </p>
        </div>
    }
}

pub use load::bind;

#[cfg(all(test, feature = "ssr"))]
mod tests;
