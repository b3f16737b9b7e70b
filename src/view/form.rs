//! The whole "Tinggalkan Balasan" form.

use balasan_core::Field;
use leptos::prelude::*;

use super::captcha::{Captcha, Honeypot};
use super::field::TextField;
use super::state::FormState;
use super::status::Messages;
use super::{flag, text};
use crate::i18n::Key;

/// The comment form, in WordPress's markup and order: heading, notes, comment, name,
/// email, website, consent, math question, submit button. A real `<form method="post">`:
/// the loader gives it the backend's `action` before the wasm arrives, so it sends even
/// without it where the backend takes plain form posts. In the browser the form sends
/// itself ([`FormState::submit`]).
///
/// Rendered at build time (feature `ssr`, for the loader's template) and in the browser
/// (feature `csr`, which takes the pre-rendered form over: `crate::mount`).
#[component]
pub fn CommentForm(
    /// The form's state: its settings, ids, the reader's text and what it shows. The
    /// form's parts take it from context.
    state: FormState,
) -> impl IntoView {
    provide_context(state);
    let (required, has_captcha, lang, theme) = state.config(|c| {
        (
            c.required,
            c.captcha != crate::config::CaptchaMode::Off,
            c.texts.lang().tag(),
            c.theme.name(),
        )
    });
    let t = move |key: Key| state.text(key);
    // "Ruas yang wajib ditandai %s": the star goes where the %s is, in its own span.
    let required_note = t(Key::RequiredNote);
    let (before, after) = required_note
        .split_once("%s")
        .unwrap_or((&required_note, ""));
    let (before, after) = (before.to_owned(), after.to_owned());
    let field = move |field: Field, required: bool| view! { <TextField field required /> };
    let id = move |base: &str| state.id(base);
    let respond = NodeRef::new();
    focus_on_request(state, respond);
    view! {
        <div id=id("respond") class="comment-respond balasan" lang=lang data-theme=theme
            part="respond" node_ref=respond>
            <h3 id=id("reply-title") class="comment-reply-title" part="title">
                {text(move || Some(state.heading()))}
                " "
                // Shown while the form answers a comment, as WordPress's own link.
                <small>
                    <a rel="nofollow" id=id("cancel-comment-reply-link")
                        href=format!("#{}", id("respond")) hidden=flag(move || !state.replying())
                        part="cancel" on:click=move |ev| super::reply::cancel(&ev, state)>
                        {t(Key::CancelReply)}
                    </a>
                </small>
            </h3>
            <form id=id("commentform") class="comment-form" method="post" novalidate part="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    state.submit();
                }>
                <p class="comment-notes" part="notes">
                    <span id=id("email-notes")>{t(Key::EmailNotes)}</span>
                    " "
                    <span class="required-field-message">
                        {before}<span class="required" part="required">"*"</span>{after}
                    </span>
                </p>
                {field(Field::Comment, true)}
                {field(Field::Author, required.author)}
                {field(Field::Email, required.email)}
                {field(Field::Url, false)}
                <p class="comment-form-cookies-consent" part="consent">
                    <input id=id("wp-comment-cookies-consent")
                        name="wp-comment-cookies-consent" type="checkbox" value="yes"
                        prop:checked=state.consent
                        on:change=move |ev| state.consent.set(event_target_checked(&ev)) />
                    " "
                    <label for=id("wp-comment-cookies-consent") part="consent-label">
                        {t(Key::Consent)}
                    </label>
                </p>
                {has_captcha.then(|| view! { <Captcha /> })}
                <Honeypot />
                <p class="form-submit" part="actions">
                    <input name="submit" type="submit" id=id("submit") class="submit" part="submit"
                        value=t(Key::Submit)
                        // Busy, not `disabled`: a disabled button drops the focus to the
                        // page's top. A second press while sending does nothing (`submit`).
                        aria-disabled=text(move || state.sending().then(|| "true".to_owned())) />
                </p>
                <Messages />
            </form>
            // Says where the form went, for readers who hear the page: focus alone lands in
            // a textarea whose label ("Komentar") does not say which comment it answers.
            <span class="balasan-sr" aria-live="polite">
                {text(move || state.replying().then(|| state.heading()))}
            </span>
        </div>
    }
}

/// Moves focus where a submit asks ([`super::state::Focus`]), once per request: the count in
/// [`super::state::Shown::focus`] says which requests are new. The status message gets it
/// only from the send button or from nowhere (a reader who went on to something else keeps
/// their place), and a turn later, once the message it lands on is shown.
fn focus_on_request(state: FormState, respond: NodeRef<leptos::html::Div>) {
    let done = std::cell::Cell::new(None::<u32>);
    super::effect(move || {
        let request = state.shown.with(|s| s.focus);
        let seen = request.map(|(_, n)| n);
        let Some((to, _)) = request.filter(|_| done.replace(seen) != seen) else {
            return;
        };
        #[cfg(feature = "browser")]
        {
            use wasm_bindgen::JsCast;
            let Some(respond) = respond.get_untracked() else {
                return;
            };
            let find = move |respond: &web_sys::Element, selector: &str| {
                respond
                    .query_selector(selector)
                    .ok()
                    .flatten()
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            };
            match to {
                super::state::Focus::Field(field) => {
                    let id = state.id(field.facts().wordpress);
                    if let Some(el) = find(&respond, &format!("[id=\"{id}\"]")) {
                        let _ = el.focus();
                    }
                }
                super::state::Focus::Message => wasm_bindgen_futures::spawn_local(async move {
                    leptos::task::tick().await;
                    // From the button (or from nowhere), not from a field the reader went
                    // on to while it was sending.
                    let submit = find(&respond, &format!("[id=\"{}\"]", state.id("submit")));
                    if state.gone() || !super::reply::focus_on_or_free(&respond, submit.as_deref())
                    {
                        return;
                    }
                    if let Some(el) = find(&respond, "[role=status]") {
                        // Focusable by script only, not a stop for Tab.
                        let _ = el.set_attribute("tabindex", "-1");
                        let _ = el.focus();
                    }
                }),
            }
        }
        #[cfg(not(feature = "browser"))]
        let _ = (to, respond);
    });
}
