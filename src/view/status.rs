//! The live regions that tell the reader what happened.

use leptos::prelude::*;

use super::state::FormState;
use super::text;

/// Two live regions, present from the start so that assistive technology announces what
/// is put in them: an alert for anything that stopped the comment (errors, failed sends),
/// a polite status for progress and success. Empty until something happens (no text node
/// at all, so the stylesheet's `:empty` keeps them out of sight).
#[component]
pub fn Messages() -> impl IntoView {
    let state = FormState::get();
    view! {
        <p class="balasan-alert" role="alert" part="alert">{text(move || state.message(true))}</p>
        <p class="balasan-status" role="status" part="status">
            {text(move || state.message(false))}
        </p>
    }
}
