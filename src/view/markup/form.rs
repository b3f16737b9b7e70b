//! The whole "Tinggalkan Balasan" form.

use balasan_core::Field;
use leptos::prelude::*;

use super::captcha::{Captcha, Honeypot};
use super::context::Shared;
use super::field::TextField;
use super::notice::Notices;
use crate::config::{CaptchaMode, Config};
use crate::i18n::Key;
use crate::view::Ids;

/// The comment form, in WordPress's markup and order: heading, notes, comment, name,
/// email, website, consent, math question, submit button. A real `<form method="post">`:
/// the loader gives it the backend's `action` before the wasm arrives, so it sends even
/// without it where the backend takes plain form posts.
#[component]
pub fn CommentForm(
    /// The site's settings for this widget.
    config: Config,
    /// Element ids, unique on the page.
    ids: Ids,
) -> impl IntoView {
    let required = config.required;
    let has_captcha = config.captcha != CaptchaMode::Off;
    let lang = config.texts.lang().tag();
    let theme = config.theme.name();
    let shared = Shared::provide(ids, config.texts);
    let t = move |key: Key| shared.text(key);
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
            <h3 id=id("reply-title") class="comment-reply-title" part="title">
                {t(Key::ReplyTitle)}
                " "
                // Shown while the form answers a comment, as WordPress's own link.
                <small>
                    <a rel="nofollow" id=id("cancel-comment-reply-link")
                        href=format!("#{}", id("respond")) hidden part="cancel">
                        {t(Key::CancelReply)}
                    </a>
                </small>
            </h3>
            <form id=id("commentform") class="comment-form" method="post" novalidate part="form">
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
                        name="wp-comment-cookies-consent" type="checkbox" value="yes" />
                    " "
                    <label for=id("wp-comment-cookies-consent") part="consent-label">
                        {t(Key::Consent)}
                    </label>
                </p>
                {has_captcha.then(|| view! { <Captcha /> })}
                <Honeypot />
                <p class="form-submit" part="actions">
                    <input name="submit" type="submit" id=id("submit") class="submit" part="submit"
                        value=t(Key::Submit) />
                </p>
                <Notices />
            </form>
        </div>
    }
}
