//! The math question row.

use balasan_core::Field;
use leptos::prelude::*;

use super::context::Shared;
use crate::form::problem_message;
use crate::i18n::Key;

/// `2 + 6 = [  ]`: the whole equation is the input's label, in digits, so screen readers
/// read the question exactly as it is shown. Rendered only when the captcha is on.
#[component]
pub fn Captcha() -> impl IntoView {
    let shared = Shared::get();
    let state = shared.state;
    let field = Field::Captcha;
    let name = field.facts().wordpress;
    let id = shared.id(name);
    let error_id = shared.error_id(field);
    let question = move || {
        state
            .challenge
            .with(|c| c.as_ref().and_then(|c| c.text()))
            .unwrap_or_else(|| shared.text(Key::CaptchaLoading))
    };
    let described_by = {
        let error_id = error_id.clone();
        move || state.problem(field).map(|_| error_id.clone())
    };
    view! {
        <p class="comment-form-captcha" part="field captcha">
            <label for=id.clone() part="label">
                <span class="balasan-question" part="question">{question}</span>
                " "
                <span class="required" part="required">"*"</span>
            </label>
            " "
            <input id=id name=name type=field.facts().input inputmode="numeric" part="input answer"
                pattern="[0-9]*" size="4" autocomplete=field.facts().autocomplete required
                aria-invalid=move || state.problem(field).map(|_| "true")
                aria-describedby=described_by
                prop:value=move || state.answer.get()
                on:input=move |ev| state.edit(field, event_target_value(&ev)) />
            {move || {
                state.problem(field).map(|p| {
                    let text = shared.text(problem_message(field, p));
                    view! { <span class="balasan-error" id=error_id.clone() part="error">{text}</span> }
                })
            }}
        </p>
    }
}

/// A field people never see and bots fill in: off-screen (positioned through CSSOM, which a
/// strict Content-Security-Policy allows), out of the tab order and hidden from assistive
/// technology. Its value goes to backends that check it (`hp` in the native contract).
#[component]
pub fn Honeypot() -> impl IntoView {
    let shared = Shared::get();
    let state = shared.state;
    let id = shared.id("balasan-hp");
    view! {
        <p class="balasan-hp" aria-hidden="true"
            style:position="absolute" style:left="-10000px" style:width="1px"
            style:height="1px" style:overflow="hidden">
            <label for=id.clone()>{shared.text(Key::HoneypotLabel)}</label>
            <input id=id name="balasan-hp" type="text" tabindex="-1" autocomplete="off"
                prop:value=move || state.honeypot.get()
                on:input=move |ev| state.honeypot.set(event_target_value(&ev)) />
        </p>
    }
}
