//! The app: asks the server whether this browser has a session, then shows the login or
//! the queue. The session is shared through context ([`Session`]): any part that learns it
//! has ended (a `401`) calls [`Session::ended`], and the login comes back saying so.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Failure, Me};
use crate::i18n::ID as T;
use crate::login::Login;
use crate::queue::Queue;

/// The session, for every component: who is logged in, and what the login form should say
/// when it comes back.
#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    pub notice: RwSignal<String>,
}

impl Session {
    /// The server no longer knows this session (expired, ended elsewhere, revoked).
    pub fn ended(self) {
        if self.me.with_untracked(Option::is_some) {
            self.notice.set(T.session_ended.into());
            self.me.set(None);
        }
    }
}

/// What a failure tells the moderator.
pub fn say(failure: &Failure) -> String {
    match failure {
        Failure::LoggedOut => T.session_ended.into(),
        Failure::LoginFailed => T.login_failed.into(),
        Failure::Locked => T.login_locked.into(),
        Failure::Busy => T.busy.into(),
        Failure::Unreachable => T.unreachable.into(),
        Failure::Refused(_, message) => format!("{} {message}", T.failed),
    }
}

#[component]
pub fn App() -> impl IntoView {
    let session = Session {
        me: RwSignal::new(None),
        notice: RwSignal::new(String::new()),
    };
    let asked = RwSignal::new(false);
    provide_context(session);
    spawn_local(async move {
        if let Ok(found) = api::session().await {
            session.me.set(Some(found));
        }
        asked.set(true);
    });
    view! {
        <main>
            {move || match (asked.get(), session.me.get()) {
                (false, _) => view! { <p role="status">{T.loading}</p> }.into_any(),
                (true, None) => view! { <Login/> }.into_any(),
                (true, Some(who)) => view! { <Queue me=who/> }.into_any(),
            }}
        </main>
    }
}
