//! The live regions that tell the reader what happened.

use leptos::prelude::*;

/// Two live regions, present from the start so that assistive technology announces what
/// is put in them: an alert for anything that stopped the comment (errors, failed sends),
/// a polite status for progress and success. Empty until something happens.
#[component]
pub fn Notices() -> impl IntoView {
    view! {
        <p class="balasan-alert" role="alert" part="alert"></p>
        <p class="balasan-status" role="status" part="status"></p>
    }
}
