//! The login form: name and password, the server's answer said next to the button.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::app::{say, Languages, Session};

#[component]
pub fn Login() -> impl IntoView {
    let session = expect_context::<Session>();
    let t = session.texts();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(String::new());
        session.notice.set(String::new());
        spawn_local(async move {
            match api::login(&name.get_untracked(), &password.get_untracked()).await {
                Ok(found) => session.me.set(Some(found)),
                Err(f) => {
                    password.set(String::new());
                    error.set(say(t, &f));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <div class="bar">
            <h1>{t.title}</h1>
            <Languages/>
        </div>
        <form on:submit=submit>
            <label for="name">{t.name}</label>
            <input id="name" name="username" autocomplete="username" required
                autocapitalize="none" spellcheck="false" bind:value=name/>
            <label for="password">{t.password}</label>
            <input id="password" name="password" type="password" required
                autocomplete="current-password" bind:value=password/>
            <p>
                <button class="primary" type="submit" aria-disabled=move || busy.get().to_string()>
                    {move || if busy.get() { t.logging_in } else { t.log_in }}
                </button>
            </p>
            <p class="error" role="alert">{move || error.get()}</p>
            <p role="status">{move || session.notice.get()}</p>
        </form>
    }
}
