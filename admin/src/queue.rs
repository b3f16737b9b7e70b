//! The queue: the search and article filter, a tab per status with its count, the bulk
//! actions, the comments of the filter newest first (page after page), the keyboard
//! shortcuts, and what was done announced politely with a way to undo it.
//!
//! The state lives in [`Moderating`] (context): the filter, the [`Listing`], the last
//! action's [`Undo`], the delete confirmation; its methods talk to the server.

use std::time::Duration;

use balasan_core::moderation::{Action, Status};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{self, Failure, Filter};
use crate::app::{say, Languages, Session};
use crate::comment::{focus_beside, focus_heading, Comment};
use crate::i18n::Texts;
use crate::keys::{action_for, Command};
use crate::listing::{Listing, Undo};

/// The polite live region's text. Set empty first and the text a moment later, so that
/// the same message twice (two approvals) is announced twice.
#[derive(Clone, Copy)]
pub struct Announcer(RwSignal<String>);

impl Announcer {
    pub fn say(self, text: String) {
        self.0.set(String::new());
        set_timeout(
            move || self.0.try_set(text).map_or((), drop),
            Duration::from_millis(100),
        );
    }
}

/// Where the list stands.
#[derive(Clone, Debug, PartialEq)]
enum Load {
    Loading,
    Ready,
    Failed(Failure),
}

/// Comments waiting for "delete forever" to be confirmed, and whether the bulk actions
/// asked (else the comment's own button).
#[derive(Clone, Debug, PartialEq)]
pub struct Confirming {
    pub ids: Vec<i64>,
    pub bulk: bool,
}

/// What the queue's parts share.
#[derive(Clone, Copy)]
pub struct Moderating {
    pub session: Session,
    pub filter: RwSignal<Filter>,
    pub listing: RwSignal<Listing>,
    pub said: Announcer,
    pub undo: RwSignal<Option<Undo>>,
    pub confirming: RwSignal<Option<Confirming>>,
    load: RwSignal<Load>,
    /// Which load is the latest: an answer to an older one is dropped.
    asked: StoredValue<u64>,
}

impl Moderating {
    fn t(self) -> &'static Texts {
        self.session.texts()
    }

    /// Whether comment `id` is among those loaded.
    fn shows(self, id: i64) -> bool {
        self.listing
            .try_with_untracked(|l| l.comments.iter().any(|c| c.id == id))
            .unwrap_or(false)
    }

    /// The status whose comments are shown.
    pub fn shown(self) -> Status {
        self.filter.with_untracked(|f| f.status)
    }

    /// Loads the filter's first page again: `fresh` for a new filter (the list says it is
    /// loading), else in place: as many as are shown, the comments that stay keeping their
    /// elements, focus and selection; a failure then leaves the list as it was.
    pub async fn reload(self, fresh: bool) {
        let (Some(filter), Some(shown)) = (
            self.filter.try_get_untracked(),
            self.listing.try_with_untracked(|l| l.comments.len()),
        ) else {
            return;
        };
        self.asked.update_value(|n| *n += 1);
        let mine = self.asked.get_value();
        let limit = if fresh {
            api::PAGE
        } else {
            shown.clamp(api::PAGE, api::MOST)
        };
        if fresh {
            self.load.set(Load::Loading);
            self.listing.set(Listing::default());
            self.confirming.set(None);
        }
        let answer = api::queue(&filter, None, limit).await;
        if self.asked.try_get_value() != Some(mine) {
            return;
        }
        match answer {
            Ok(page) if fresh => {
                self.listing.set(Listing::first(page));
                self.load.set(Load::Ready);
            }
            Ok(page) => self.listing.update(|l| l.refresh(page)),
            Err(Failure::LoggedOut) => self.session.ended(),
            Err(f) if fresh => self.load.set(Load::Failed(f)),
            Err(f) => self.said.say(say(self.t(), &f)),
        }
    }

    /// The next page after those shown; the focus to the first comment it adds.
    pub async fn more(self) {
        let (Some(filter), Some(Some(before))) = (
            self.filter.try_get_untracked(),
            self.listing.try_with_untracked(|l| l.next),
        ) else {
            return;
        };
        let answer = api::queue(&filter, Some(before), api::PAGE).await;
        if self.filter.try_get_untracked().as_ref() != Some(&filter) {
            return;
        }
        match answer {
            Ok(page) => {
                let known = self.listing.with_untracked(|l| l.comments.len());
                self.listing.update(|l| l.more(page));
                let first = self
                    .listing
                    .with_untracked(|l| l.comments.get(known).map(|c| c.id));
                if let Some(id) = first {
                    focus_heading(id);
                }
            }
            Err(Failure::LoggedOut) => self.session.ended(),
            Err(f) => self.said.say(say(self.t(), &f)),
        }
    }

    /// Does `action` to `ids` (comments shown), unless one is already waiting; what it
    /// did is announced and can be undone. One comment acted on from within it hands the
    /// focus to the comment beside it as it leaves.
    pub fn act(self, action: Action, ids: Vec<i64>) {
        let busy = self
            .listing
            .with_untracked(|l| ids.iter().any(|id| l.busy.contains(id)));
        if ids.is_empty() || busy {
            return;
        }
        self.confirming.set(None);
        self.listing.update(|l| l.busy.extend(ids.iter().copied()));
        let shown = self.shown();
        let filter = self.filter.get_untracked();
        let t = self.t();
        spawn_local(async move {
            let asked = ids.clone();
            let answer = self
                .session
                .changing(move |me| {
                    let ids = asked.clone();
                    async move { api::moderate(&me, action, &ids).await }
                })
                .await;
            // Another tab, article or search since: the list shown is not the one acted on
            // (the new one was asked for after the action, or is on its way).
            let same_list = self.filter.try_get_untracked().as_ref() == Some(&filter);
            match answer {
                Ok(done) if !same_list => {
                    let changed = done.iter().filter(|m| m.changed).count();
                    self.said.say(t.done_many(action, changed));
                }
                Ok(done) => {
                    if let [one] = ids[..] {
                        if done.iter().any(|m| m.id == one && m.changed) {
                            focus_beside(one);
                        }
                    }
                    let Some(outcome) =
                        self.listing.try_update(|l| l.moderated(shown, &ids, &done))
                    else {
                        return;
                    };
                    if outcome.unchanged > 0 {
                        self.said.say(t.unchanged.into());
                        self.reload(false).await;
                    } else {
                        self.said.say(t.done_many(action, outcome.changed.len()));
                    }
                    self.undo.try_set(Undo::of(action, shown, outcome.changed));
                }
                Err(Failure::LoggedOut) => {}
                Err(f) => {
                    self.listing.try_update(|l| {
                        for id in &ids {
                            l.busy.remove(id);
                        }
                    });
                    self.said.say(say(t, &f));
                }
            }
        });
    }

    /// Takes the last action back; the comments come back into the list, the focus to the
    /// first of them. A failure keeps it to try again.
    pub fn undo_last(self) {
        let Some(undo) = self.undo.get_untracked() else {
            return;
        };
        self.undo.set(None);
        let t = self.t();
        spawn_local(async move {
            let Undo { action, ids } = undo.clone();
            let answer = self
                .session
                .changing(move |me| {
                    let ids = ids.clone();
                    async move { api::moderate(&me, action, &ids).await }
                })
                .await;
            match answer {
                Ok(_) => {
                    self.reload(false).await;
                    self.said.say(t.undone.into());
                    match undo.ids.first() {
                        Some(&first) if self.shows(first) => focus_heading(first),
                        // Back, but further down than the comments shown.
                        _ => focus_id("title"),
                    }
                }
                Err(Failure::LoggedOut) => {}
                Err(f) => {
                    self.undo.try_set(Some(undo));
                    self.said.say(say(t, &f));
                }
            }
        });
    }

    /// What a shortcut key does, to the comment the focus is in.
    fn key(self, command: Command) -> bool {
        let current = current_comment();
        match command {
            Command::Next | Command::Previous => {
                let step = if command == Command::Next { 1 } else { -1 };
                match self.listing.with_untracked(|l| l.beside(current, step)) {
                    Some(id) => focus_heading(id),
                    None => return false,
                }
            }
            Command::Select => match current {
                Some(id) => self.listing.update(|l| l.toggle(id)),
                None => return false,
            },
            Command::Undo => self.undo_last(),
            Command::Act(wanted) => match (current, action_for(wanted, self.shown())) {
                (Some(id), Some(action)) => self.act(action, vec![id]),
                _ => return false,
            },
        }
        true
    }
}

fn focus_id(id: &str) {
    if let Some(e) = document().get_element_by_id(id) {
        let _ = e.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// The comment the focus is in: its id, from the list item's `data-id`.
fn current_comment() -> Option<i64> {
    document()
        .active_element()?
        .closest("li.comment")
        .ok()??
        .get_attribute("data-id")?
        .parse()
        .ok()
}

/// Whether a key is a shortcut's to take: the focus is in the list of comments (a
/// character key does nothing anywhere else: WCAG 2.1.4), not in something that types (a
/// checkbox does not), and the key is not held down (one action per press).
fn for_shortcuts(ev: &ev::KeyboardEvent) -> bool {
    if ev.ctrl_key() || ev.alt_key() || ev.meta_key() || ev.repeat() {
        return false;
    }
    let Some(target) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let types = match target.tag_name().as_str() {
        "INPUT" => target.get_attribute("type").as_deref() != Some("checkbox"),
        "TEXTAREA" | "SELECT" => true,
        _ => target.closest("[contenteditable]").ok().flatten().is_some(),
    };
    let in_list = target.closest("ol.comments").ok().flatten().is_some();
    in_list && !types
}

/// The queue of the logged-in moderator.
#[component]
pub fn Queue() -> impl IntoView {
    let session = expect_context::<Session>();
    let t = session.texts();
    let m = Moderating {
        session,
        filter: RwSignal::new(Filter::default()),
        listing: RwSignal::new(Listing::default()),
        said: Announcer(RwSignal::new(String::new())),
        undo: RwSignal::new(None),
        confirming: RwSignal::new(None),
        load: RwSignal::new(Load::Loading),
        asked: StoredValue::new(0),
    };
    provide_context(m);
    // A new filter: its first page.
    Effect::new(move |_| {
        m.filter.track();
        m.undo.set(None);
        spawn_local(m.reload(true));
    });
    let keys = window_event_listener(ev::keydown, move |e| {
        if !for_shortcuts(&e) {
            return;
        }
        if let Some(command) = Command::of(&e.key()) {
            if m.key(command) {
                e.prevent_default();
            }
        }
    });
    on_cleanup(move || keys.remove());

    let error = RwSignal::new(String::new());
    let log_out = move |_| {
        spawn_local(async move {
            match session
                .changing(|me| async move { api::logout(&me).await })
                .await
            {
                Ok(()) | Err(Failure::LoggedOut) => session.me.set(None),
                // Still logged in on the server: say so, and stay.
                Err(f) => error.set(say(t, &f)),
            }
        });
    };
    let name = move || session.me.with(|me| me.as_ref().map(|me| me.name.clone()));
    view! {
        <div class="bar">
            <h1 tabindex="-1" id="title">{t.title}</h1>
            <p>
                {t.logged_in_as} " " <strong>{name}</strong> " "
                <button type="button" on:click=log_out>{t.log_out}</button>
            </p>
            <Languages/>
        </div>
        <Filters/>
        <Tabs/>
        <p class="said">
            <span role="status" id="said">{move || m.said.0.get()}</span> " "
            <Show when=move || m.undo.with(Option::is_some)>
                <button type="button" on:click=move |_| m.undo_last()>{t.undo}</button>
            </Show>
        </p>
        <p class="error" role="alert">
            {move || error.get()}
            {move || match m.load.get() {
                Load::Failed(f) if f != Failure::LoggedOut => say(t, &f),
                _ => String::new(),
            }}
        </p>
        <Comments/>
        <Shortcuts/>
    }
}

/// The search and the article filter.
#[component]
fn Filters() -> impl IntoView {
    let m = expect_context::<Moderating>();
    let t = m.t();
    let search = RwSignal::new(String::new());
    let post = RwSignal::new(String::new());
    // A comment's "only this article" sets the filter: the field shows it.
    Effect::new(move |_| {
        let f = m.filter.get();
        search.set(f.search);
        post.set(f.post);
    });
    let find = move |e: ev::SubmitEvent| {
        e.prevent_default();
        m.filter.update(|f| {
            f.search = search.get_untracked().trim().to_owned();
            f.post = post.get_untracked().trim().to_owned();
        });
    };
    let filtered = move || {
        m.filter
            .with(|f| !f.search.is_empty() || !f.post.is_empty())
    };
    let clear = move |_| {
        m.filter.update(|f| {
            f.search.clear();
            f.post.clear();
        });
    };
    view! {
        <form class="filters" role="search" aria-label=t.filters on:submit=find>
            <p>
                <label for="search">{t.search}</label>
                <input id="search" type="search" maxlength="200" bind:value=search/>
            </p>
            <p>
                <label for="post">{t.article}</label>
                <input id="post" autocomplete="off" spellcheck="false" bind:value=post/>
            </p>
            <p class="go">
                <button type="submit">{t.find}</button>
                <Show when=filtered>
                    <button type="button" on:click=clear>{t.clear}</button>
                </Show>
            </p>
        </form>
        <Show when=move || m.filter.with(|f| !f.post.is_empty())>
            <p>{move || Texts::fill(t.showing_article, &m.filter.with(|f| f.post.clone()))}</p>
        </Show>
    }
}

/// A tab per status, with its count.
#[component]
fn Tabs() -> impl IntoView {
    let m = expect_context::<Moderating>();
    let t = m.t();
    let tab = move |s: Status| {
        let pressed = move || (m.filter.with(|f| f.status) == s).to_string();
        let choose = move |_| {
            if m.shown() != s {
                m.filter.update(|f| f.status = s);
            }
        };
        view! {
            <li>
                <button type="button" aria-pressed=pressed on:click=choose>
                    {t.status(s)} " (" {move || m.listing.with(|l| l.counts.of(s))} ")"
                </button>
            </li>
        }
    };
    view! {
        <nav aria-label=t.statuses>
            <ul class="tabs">{Status::ALL.map(tab).collect_view()}</ul>
        </nav>
    }
}

/// Select all, how many are selected, and the actions for them.
#[component]
fn Bulk() -> impl IntoView {
    let m = expect_context::<Moderating>();
    let t = m.t();
    let count = move || m.listing.with(|l| l.selected.len());
    let buttons = m
        .shown()
        .actions()
        .iter()
        .map(|&action| {
            let run = move |_| {
                let ids = m.listing.with_untracked(Listing::chosen);
                if action == Action::Delete {
                    m.confirming.set(Some(Confirming { ids, bulk: true }));
                } else {
                    m.act(action, ids);
                }
            };
            let class = if action == Action::Delete {
                "danger"
            } else {
                ""
            };
            let id = (action == Action::Delete).then_some("bulk-delete");
            view! {
                <button type="button" id=id class=class disabled=move || count() == 0 on:click=run>
                    {t.action(action)}
                </button>
            }
        })
        .collect_view();
    let all = move |e: ev::Event| {
        let on = event_target_checked(&e);
        m.listing.update(|l| l.select_all(on));
    };
    // Another selection: a question about the last one no longer stands.
    Effect::new(move |_| {
        m.listing.with(|l| l.selected.len());
        if m.confirming
            .with_untracked(|c| c.as_ref().is_some_and(|c| c.bulk))
        {
            m.confirming.set(None);
        }
    });
    view! {
        <div class="bulk" role="group" aria-label=t.bulk aria-describedby="chosen">
            <label class="check">
                <input type="checkbox" prop:checked=move || m.listing.with(Listing::all_selected)
                    on:change=all/>
                {t.select_all}
            </label>
            <span id="chosen">{move || Texts::fill(t.selected, &count().to_string())}</span>
            {buttons}
        </div>
        <Show when=move || m.confirming.with(|c| c.as_ref().is_some_and(|c| c.bulk))>
            <Confirm/>
        </Show>
    }
}

/// "Delete forever?" for the comments waiting for it; the focus starts on "Cancel", and
/// goes back to the button that asked when it closes (Escape closes it too).
#[component]
pub fn Confirm() -> impl IntoView {
    let m = expect_context::<Moderating>();
    let t = m.t();
    let question = move || {
        let n = m.confirming.with(|c| c.as_ref().map_or(0, |c| c.ids.len()));
        Texts::fill(t.confirm_delete, &n.to_string())
    };
    let cancel_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = cancel_button.get() {
            let _ = b.focus();
        }
    });
    let cancel = move || {
        if let Some(asked) = m.confirming.get_untracked() {
            m.confirming.set(None);
            match asked.ids[..] {
                [id] if !asked.bulk => focus_id(&format!("delete-{id}")),
                _ => focus_id("bulk-delete"),
            }
        }
    };
    // The comments asked about, read when confirmed.
    let delete = move |_| {
        if let Some(asked) = m.confirming.get_untracked() {
            if asked.bulk {
                focus_id("title");
            }
            m.act(Action::Delete, asked.ids);
        }
    };
    let escape = move |e: ev::KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            cancel();
        }
    };
    view! {
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-question"
            on:keydown=escape>
            <p id="confirm-question">{question}</p>
            <button type="button" class="danger" on:click=delete>
                {t.action(Action::Delete)}
            </button>
            " "
            <button type="button" node_ref=cancel_button on:click=move |_| cancel()>
                {t.cancel}
            </button>
        </div>
    }
}

/// The list, or why there is none; "Load more" under it.
#[component]
fn Comments() -> impl IntoView {
    let m = expect_context::<Moderating>();
    let t = m.t();
    #[derive(Clone, Copy, PartialEq)]
    enum Shape {
        Loading,
        Empty,
        List,
        Failed,
    }
    let shape = Memo::new(move |_| match m.load.get() {
        Load::Loading => Shape::Loading,
        Load::Failed(_) => Shape::Failed,
        Load::Ready if m.listing.with(|l| l.comments.is_empty()) => Shape::Empty,
        Load::Ready => Shape::List,
    });
    // Keyed on ids only: a change to the listing (a checkbox, a busy flag) copies no comment.
    let ids = move || {
        m.listing
            .with(|l| l.comments.iter().map(|c| c.id).collect::<Vec<_>>())
    };
    let more_busy = RwSignal::new(false);
    let more = move |_| {
        if more_busy.get_untracked() {
            return;
        }
        more_busy.set(true);
        spawn_local(async move {
            m.more().await;
            let _ = more_busy.try_set(false);
        });
    };
    move || match shape.get() {
        Shape::Loading => view! { <p>{t.loading}</p> }.into_any(),
        Shape::Failed => ().into_any(),
        Shape::Empty => {
            let searched = m
                .filter
                .with_untracked(|f| !f.search.is_empty() || !f.post.is_empty());
            view! { <p>{if searched { t.nothing_found } else { t.nothing_here }}</p> }.into_any()
        }
        Shape::List => view! {
            <Bulk/>
            // Keyed: a comment that stays keeps its elements (and the focus in them).
            <ol class="comments" role="list">
                <For each=ids key=|id| *id let:id>
                    <Comment id=id/>
                </For>
            </ol>
            <Show when=move || m.listing.with(|l| l.next.is_some())>
                <p>
                    <button type="button" aria-disabled=move || more_busy.get().to_string()
                        on:click=more>{t.more}</button>
                </p>
            </Show>
        }
        .into_any(),
    }
}

/// The keyboard shortcuts, told.
#[component]
fn Shortcuts() -> impl IntoView {
    let t = expect_context::<Moderating>().t();
    let keys = t
        .keys
        .iter()
        .map(|(key, what)| view! { <dt><kbd>{*key}</kbd></dt> <dd>{*what}</dd> })
        .collect_view();
    view! {
        <details class="shortcuts">
            <summary>{t.shortcuts}</summary>
            <dl>{keys}</dl>
        </details>
    }
}
