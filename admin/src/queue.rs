//! The queue: a tab per status with its count, the comments with that status newest first,
//! what was done announced politely.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Comment as Data, Counts, Failure, Me, Status};
use crate::app::{say, Session};
use crate::comment::Comment;
use crate::i18n::ID as T;

/// What the comments of the queue share: the moderator, the tab they are shown in, a way
/// to reload the list, and the polite announcement.
#[derive(Clone)]
pub struct Moderating {
    pub me: Me,
    pub status: Status,
    pub reload: Callback<()>,
    pub said: Announcer,
}

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

/// What the list area shows.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Loading,
    Empty,
    List,
    Failed,
}

/// The queue for moderator `me`.
#[component]
pub fn Queue(me: Me) -> impl IntoView {
    let session = expect_context::<Session>();
    let status = RwSignal::new(Status::Pending);
    let said = RwSignal::new(String::new());
    // Each answer is tagged with its tab; the resource drops an answer overtaken by a newer
    // request (a quick second tab), and the list waits for the current tab's.
    let page = LocalResource::new(move || {
        let s = status.get();
        async move { (s, api::queue(s).await) }
    });
    let current = Memo::new(move |_| page.get().filter(|(s, _)| *s == status.get()));
    let counts = Memo::new(move |last: Option<&Counts>| match current.get() {
        Some((_, Ok(p))) => p.counts,
        _ => last.copied().unwrap_or_default(),
    });
    Effect::new(move |_| {
        if let Some((_, Err(Failure::LoggedOut))) = current.get() {
            session.ended();
        }
    });
    let comments = move || match current.get() {
        Some((_, Ok(p))) => p.comments,
        _ => Vec::<Data>::new(),
    };
    let shape = Memo::new(move |_| match current.get() {
        None => Shape::Loading,
        Some((_, Ok(p))) if p.comments.is_empty() => Shape::Empty,
        Some((_, Ok(_))) => Shape::List,
        Some((_, Err(_))) => Shape::Failed,
    });
    let announcer = Announcer(said);
    let error = RwSignal::new(String::new());
    let log_out = {
        let me = me.clone();
        move |_| {
            let me = me.clone();
            spawn_local(async move {
                match api::logout(&me).await {
                    Ok(()) | Err(Failure::LoggedOut) => session.me.set(None),
                    // Still logged in on the server: say so, and stay.
                    Err(f) => error.set(say(&f)),
                }
            });
        }
    };
    let tab = move |s: Status| {
        let pressed = move || (status.get() == s).to_string();
        let choose = move |_| {
            said.set(String::new());
            status.set(s);
        };
        view! {
            <li>
                <button type="button" aria-pressed=pressed on:click=choose>
                    {T.status(s)} " (" {move || counts.get().of(s)} ")"
                </button>
            </li>
        }
    };
    view! {
        <div class="bar">
            <h1 tabindex="-1" id="title">{T.title}</h1>
            <p>
                {T.logged_in_as} " " <strong>{me.name.clone()}</strong> " "
                <button type="button" on:click=log_out>{T.log_out}</button>
            </p>
        </div>
        <nav aria-label=T.statuses>
            <ul class="tabs">{Status::ALL.map(tab).collect_view()}</ul>
        </nav>
        <p role="status" id="said">{move || said.get()}</p>
        <p class="error" role="alert">
            {move || error.get()}
            {move || match current.get() {
                Some((_, Err(f))) if f != Failure::LoggedOut => say(&f),
                _ => String::new(),
            }}
        </p>
        {move || {
            // Provided anew for each tab: the comments know which tab they are in. Rebuilt
            // only when the shape changes, not on every reload.
            provide_context(Moderating {
                me: me.clone(),
                status: status.get(),
                reload: Callback::new(move |()| page.refetch()),
                said: announcer,
            });
            match shape.get() {
                Shape::Loading => view! { <p>{T.loading}</p> }.into_any(),
                Shape::Empty => view! { <p>{T.nothing_here}</p> }.into_any(),
                Shape::Failed => ().into_any(),
                Shape::List => view! {
                    // Keyed: a comment that stays keeps its elements (and the focus in them).
                    <ol class="comments" role="list">
                        <For each=comments key=|c| c.id let:c>
                            <Comment comment=c/>
                        </For>
                    </ol>
                }
                .into_any(),
            }
        }}
    }
}
