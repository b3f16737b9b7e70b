//! The whole "Tinggalkan Balasan" form, and the notice shown instead when it cannot work.

use balasan_core::Field;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::captcha::{Captcha, Honeypot};
use super::context::Shared;
use super::field::TextField;
use super::notice::Notices;
use super::state::FormState;
use super::Ids;
use crate::config::{CaptchaMode, Config};
use crate::form::Page;
use crate::i18n::{Key, Texts};

/// The comment form, in WordPress's markup and order: heading, notes, comment, name,
/// email, website, consent, math question, submit button.
#[component]
pub fn CommentForm(
    /// The site's settings for this widget.
    config: Config,
    /// The article the comments belong to.
    page: Page,
    /// Element ids, unique on the page.
    ids: Ids,
    /// Keeps this widget's draft apart from another widget's draft of the same article.
    #[prop(into)]
    scope: String,
    /// Some settings were invalid and replaced by defaults: show the editors' note.
    #[prop(optional)]
    note: bool,
) -> impl IntoView {
    let required = config.required;
    let has_captcha = config.captcha != CaptchaMode::Off;
    let lang = config.texts.lang().tag();
    let theme = config.theme.name();
    let texts = config.texts.clone();
    let state = FormState::new(config, page, &scope);
    let shared = Shared::provide(state, ids, texts);
    let t = move |key: Key| shared.text(key);
    let form_ref = NodeRef::<html::Form>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.submit();
    };
    Effect::new(move |_| {
        if let Some(field) = state.focus.get() {
            focus(form_ref, field);
        }
    });
    // "Ruas yang wajib ditandai %s": the star goes where the %s is, in its own span.
    let required_note = t(Key::RequiredNote);
    let (before, after) = required_note
        .split_once("%s")
        .unwrap_or((&required_note, ""));
    let (before, after) = (before.to_owned(), after.to_owned());
    let field = move |field: Field, required: bool| view! { <TextField field required /> };
    let id = move |base: &str| shared.id(base);
    view! {
        <div id=id("respond") class="comment-respond balasan" lang=lang data-theme=theme
            part="respond">
            {note.then(|| view! {
                <p class="balasan-config-note" role="note" part="note">{t(Key::ConfigNote)}</p>
            })}
            <h3 id=id("reply-title") class="comment-reply-title" part="title">
                {t(Key::ReplyTitle)}
            </h3>
            <form id=id("commentform") class="comment-form" novalidate part="form"
                node_ref=form_ref on:submit=on_submit>
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
                        prop:checked=move || state.consent.get()
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
                        value=t(Key::Submit) disabled=move || state.sending() />
                </p>
                <Notices />
            </form>
        </div>
    }
}

/// Shown instead of the form when the site's settings make sending impossible, so no
/// reader types a comment that could never be sent. The details are in the console.
#[component]
pub fn ConfigNotice(
    /// The widget's strings (the language setting may still be valid).
    texts: Texts,
) -> impl IntoView {
    view! {
        <div class="comment-respond balasan" lang=texts.lang().tag() part="respond">
            <p class="balasan-alert balasan-config-error" role="alert" part="alert">
                {texts.get(Key::ConfigBroken).to_owned()}
            </p>
        </div>
    }
}

/// Moves focus to a field's input, found by name inside this form (ids may be prefixed,
/// and the form may live in a shadow root where `document.getElementById` cannot see).
fn focus(form: NodeRef<html::Form>, field: Field) {
    let selector = format!("[name=\"{}\"]", field.facts().wordpress);
    if let Some(el) = form
        .get_untracked()
        .and_then(|f| f.query_selector(&selector).ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
