//! The live regions that tell the reader what happened.

use leptos::prelude::*;

use super::context::Shared;
use super::state::Status;
use crate::i18n::Key;

/// Two live regions, present from the start so that assistive technology announces what
/// is put in them: an alert for anything that stopped the comment (errors, failed sends),
/// a polite status for progress and success.
#[component]
pub fn Notices() -> impl IntoView {
    let shared = Shared::get();
    let state = shared.state;
    let alert = move || {
        state.status.with(|s| match s {
            Status::Invalid(n) => Some(shared.said((Key::Summary, Some(n.to_string())))),
            Status::NoChallenge => Some(shared.text(Key::CaptchaUnavailable)),
            Status::Done(o) if !o.accepted() => Some(shared.said(o.message())),
            _ => None,
        })
    };
    let polite = move || {
        state.status.with(|s| match s {
            Status::Sending => Some(shared.text(Key::Sending)),
            Status::Done(o) if o.accepted() => Some(shared.said(o.message())),
            _ => None,
        })
    };
    view! {
        <p class="balasan-alert" role="alert" part="alert">{alert}</p>
        <p class="balasan-status" role="status" part="status">{polite}</p>
    }
}
