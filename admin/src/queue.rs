//! The queue: a tab per status with its count, the comments with that status newest first,
//! what was done announced politely.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Failure, Me, Queue as Page, Status};
use crate::app::{say, Session};
use crate::comment::Comment;
use crate::i18n::ID as T;

/// What the comments of the queue share: the moderator, and a way to reload the page and
/// say what happened.
#[derive(Clone)]
pub struct Moderating {
    pub me: Me,
    pub reload: Callback<()>,
    pub said: RwSignal<String>,
}

/// The queue for moderator `me`.
#[component]
pub fn Queue(me: Me) -> impl IntoView {
    let Session(session) = expect_context::<Session>();
    let status = RwSignal::new(Status::Pending);
    let page = RwSignal::new(None::<Page>);
    let said = RwSignal::new(String::new());
    let error = RwSignal::new(String::new());
    let load = move || {
        spawn_local(async move {
            match api::queue(status.get_untracked()).await {
                Ok(p) => {
                    error.set(String::new());
                    page.set(Some(p));
                }
                Err(Failure::LoggedOut) => session.set(None),
                Err(f) => error.set(say(&f)),
            }
        })
    };
    Effect::new(move |_| {
        status.track();
        load();
    });
    provide_context(Moderating {
        me: me.clone(),
        reload: Callback::new(move |()| load()),
        said,
    });
    let log_out = {
        let me = me.clone();
        move |_| {
            let me = me.clone();
            spawn_local(async move {
                let _ = api::logout(&me).await;
                session.set(None);
            });
        }
    };
    let tab = move |s: Status| {
        let count = move || page.get().map(|p| p.counts.of(s)).unwrap_or(0);
        let current = move || (status.get() == s).then_some("page");
        view! {
            <li>
                <button type="button" aria-current=current on:click=move |_| status.set(s)>
                    {T.status(s)} " (" {count} ")"
                </button>
            </li>
        }
    };
    view! {
        <div class="bar">
            <h1>{T.title}</h1>
            <p>
                {T.logged_in_as} " " <strong>{me.name.clone()}</strong> " "
                <button type="button" on:click=log_out>{T.log_out}</button>
            </p>
        </div>
        <nav aria-label=T.statuses>
            <ul class="tabs">{Status::ALL.map(tab).collect_view()}</ul>
        </nav>
        <p role="status">{move || said.get()}</p>
        <p class="error" role="alert">{move || error.get()}</p>
        {move || match page.get() {
            None => view! { <p>{T.loading}</p> }.into_any(),
            Some(p) if p.comments.is_empty() => view! { <p>{T.nothing_here}</p> }.into_any(),
            Some(p) => view! {
                <ol class="comments" style="list-style:none;padding:0">
                    {p.comments.into_iter().map(|c| view! { <Comment comment=c status=status.get_untracked()/> }).collect_view()}
                </ol>
            }.into_any(),
        }}
    }
}
