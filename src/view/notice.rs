//! The live regions that tell the reader what happened.

use leptos::prelude::*;

use super::state::{FormState, Status};
use crate::i18n::{Key, Texts};

/// Two live regions, present from the start so that assistive technology announces what
/// is put in them: an alert for anything that stopped the comment (errors, failed sends),
/// a polite status for progress and success.
#[component]
pub fn Notices(
    /// The form's state, whose status is shown.
    state: FormState,
    /// The widget's strings.
    texts: StoredValue<Texts>,
) -> impl IntoView {
    let text = move |key: Key| texts.with_value(|t| t.get(key).to_owned());
    let said = move |(key, arg): (Key, Option<String>)| match arg {
        Some(arg) => texts.with_value(|t| t.fill(key, &arg)),
        None => text(key),
    };
    let alert = move || {
        state.status.with(|s| match s {
            Status::Invalid(n) => Some(said((Key::Summary, Some(n.to_string())))),
            Status::NoChallenge => Some(text(Key::CaptchaUnavailable)),
            Status::Done(o) if !o.accepted() => Some(said(o.message())),
            _ => None,
        })
    };
    let polite = move || {
        state.status.with(|s| match s {
            Status::Sending => Some(text(Key::Sending)),
            Status::Done(o) if o.accepted() => Some(said(o.message())),
            _ => None,
        })
    };
    view! {
        <p class="balasan-alert" role="alert" part="alert">{alert}</p>
        <p class="balasan-status" role="status" part="status">{polite}</p>
    }
}
