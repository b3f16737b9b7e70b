//! The app: asks the server whether this browser has a session, then shows the login or
//! the queue. The session (`Option<Me>`) is shared through context: any part that learns
//! it has ended (a `401`) sets it to `None`, and the login comes back.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Failure, Me};
use crate::i18n::ID as T;
use crate::login::Login;
use crate::queue::Queue;

/// The session, for every component.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<Me>>);

/// What a failure tells the moderator (a `401` ends the session instead).
pub fn say(failure: &Failure) -> String {
    match failure {
        Failure::LoggedOut => String::new(),
        Failure::LoginFailed => T.login_failed.into(),
        Failure::Locked => T.login_locked.into(),
        Failure::Busy => T.busy.into(),
        Failure::Unreachable => T.unreachable.into(),
        Failure::Refused(_, message) => format!("{} {message}", T.failed),
    }
}

#[component]
pub fn App() -> impl IntoView {
    let me = RwSignal::new(None::<Me>);
    let asked = RwSignal::new(false);
    provide_context(Session(me));
    spawn_local(async move {
        if let Ok(found) = api::session().await {
            me.set(Some(found));
        }
        asked.set(true);
    });
    view! {
        <main>
            {move || match (asked.get(), me.get()) {
                (false, _) => view! { <p role="status">{T.loading}</p> }.into_any(),
                (true, None) => view! { <Login/> }.into_any(),
                (true, Some(who)) => view! { <Queue me=who/> }.into_any(),
            }}
        </main>
    }
}
