//! The app: asks the server whether this browser has a session, then shows the login or
//! the queue, in the moderator's language. The session is shared through context
//! ([`Session`]): any part that learns it has ended (a `401`) calls [`Session::ended`],
//! and the login comes back saying so.

use std::future::Future;

use balasan_core::i18n::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{self, Failure, Me};
use crate::i18n::{texts, Texts};
use crate::login::Login;
use crate::queue::Queue;

/// Where the moderator's choice of language is kept in this browser.
const LANG_KEY: &str = "balasan-admin-lang";

/// The session, for every component: who is logged in, and what the login form should say
/// when it comes back.
#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    pub notice: RwSignal<String>,
    pub lang: RwSignal<Lang>,
}

impl Session {
    /// The server no longer knows this session (expired, ended elsewhere, revoked).
    pub fn ended(self) {
        if self.me.try_with_untracked(Option::is_some) == Some(true) {
            self.notice.set(self.texts().session_ended.into());
            self.me.set(None);
        }
    }

    pub fn texts(self) -> &'static Texts {
        texts(self.lang.try_get_untracked().unwrap_or_default())
    }

    /// Runs a request that changes something with the session's CSRF token. When the
    /// token is stale (the moderator logged in again in another tab, which opened a new
    /// session), asks for the session's current token and tries once more; when the
    /// session has ended, says so.
    pub async fn changing<T, F, R>(self, call: F) -> Result<T, Failure>
    where
        F: Fn(Me) -> R,
        R: Future<Output = Result<T, Failure>>,
    {
        let me = self
            .me
            .try_get_untracked()
            .flatten()
            .ok_or(Failure::LoggedOut)?;
        let answer = match call(me.clone()).await {
            Err(Failure::StaleToken) => match api::session().await {
                // The same moderator, logged in again elsewhere: their new token.
                Ok(fresh) if fresh.name == me.name => {
                    self.me.try_set(Some(fresh.clone()));
                    call(fresh).await
                }
                // Someone else now: nothing is done in their name unasked.
                Ok(fresh) => {
                    let name = fresh.name.clone();
                    self.me.try_set(Some(fresh));
                    Err(Failure::SomeoneElse(name))
                }
                Err(f) => Err(f),
            },
            other => other,
        };
        if matches!(answer, Err(Failure::LoggedOut)) {
            self.ended();
        }
        answer
    }
}

/// What a failure tells the moderator.
pub fn say(t: &Texts, failure: &Failure) -> String {
    match failure {
        Failure::LoggedOut => t.session_ended.into(),
        Failure::LoginFailed => t.login_failed.into(),
        Failure::Locked => t.login_locked.into(),
        Failure::Busy => t.busy.into(),
        Failure::Unreachable => t.unreachable.into(),
        Failure::NotFound => t.unchanged.into(),
        Failure::SomeoneElse(name) => Texts::fill(t.someone_else, name),
        Failure::StaleToken => format!("{} csrf", t.failed),
        Failure::Fields(fields) => {
            let named: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
            format!("{} {}", t.failed, named.join(", "))
        }
        Failure::Refused(_, message) => format!("{} {message}", t.failed),
    }
}

/// The language chosen before in this browser, else Indonesian: the newsroom's language,
/// whatever the browser's own (many are set to English); the picker is on every screen.
fn first_language() -> Lang {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

/// The language picker: every language the readers' form speaks.
#[component]
pub fn Languages() -> impl IntoView {
    let session = expect_context::<Session>();
    let t = session.texts();
    let choose = move |ev: leptos::ev::Event| {
        if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
            if let Ok(Some(storage)) = window().local_storage() {
                let _ = storage.set_item(LANG_KEY, lang.tag());
            }
            session.lang.set(lang);
            // The app is drawn again in the new language: the focus back on the picker.
            set_timeout(
                || {
                    if let Some(select) = document().get_element_by_id("language") {
                        let _ = select.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                },
                std::time::Duration::ZERO,
            );
        }
    };
    let current = session.lang.get_untracked();
    let options = Lang::ALL
        .iter()
        .map(|l| {
            let name = match l {
                Lang::Id => "Bahasa Indonesia",
                Lang::En => "English",
                Lang::Ms => "Bahasa Melayu",
            };
            view! { <option value=l.tag() selected=*l == current>{name}</option> }
        })
        .collect_view();
    view! {
        <p class="language">
            <label for="language">{t.language}</label>
            <select id="language" on:change=choose>{options}</select>
        </p>
    }
}

#[component]
pub fn App() -> impl IntoView {
    let session = Session {
        me: RwSignal::new(None),
        notice: RwSignal::new(String::new()),
        lang: RwSignal::new(first_language()),
    };
    let asked = RwSignal::new(false);
    provide_context(session);
    spawn_local(async move {
        if let Ok(found) = api::session().await {
            session.me.set(Some(found));
        }
        asked.set(true);
    });
    // Whether someone is logged in, not who: a new CSRF token (or name) keeps the queue.
    let logged_in = Memo::new(move |_| session.me.with(Option::is_some));
    Effect::new(move |_| {
        let lang = session.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
        document().set_title(&format!("{} · Balasan", texts(lang).title));
    });
    view! {
        <main>
            {move || {
                // The whole app again in another language: rare, and simplest.
                let t = texts(session.lang.get());
                match (asked.get(), logged_in.get()) {
                    (false, _) => view! { <p role="status">{t.loading}</p> }.into_any(),
                    (true, false) => view! { <Login/> }.into_any(),
                    (true, true) => view! { <Queue/> }.into_any(),
                }
            }}
        </main>
    }
}
