//! The math question row and the honeypot.

use balasan_core::Field;
use leptos::prelude::*;

use super::field::FieldError;
use super::state::FormState;
use super::text;
use crate::i18n::Key;

/// `2 + 6 = [  ]`: the whole equation is the input's label, in digits, so screen readers
/// read the question exactly as it is shown. Rendered only when the captcha is on; until
/// the widget draws (or fetches) the question, it says the question is loading.
#[component]
pub fn Captcha() -> impl IntoView {
    let state = FormState::get();
    let field = Field::Captcha;
    let facts = field.facts();
    let name = facts.wordpress;
    let id = state.id(name);
    let answer = state.value(field);
    let error_id = state.error_id(field);
    let described = text(move || state.problem(field).map(|_| error_id.clone()));
    view! {
        <p class="comment-form-captcha" part="field captcha">
            <label for=id.clone() part="label">
                <span class="balasan-question" part="question">{text(move || Some(state.question()))}</span>
                " "
                <span class="required" part="required">"*"</span>
            </label>
            " "
            <input id=id name=name type=facts.input inputmode="numeric" part="input answer"
                pattern="[0-9]*" size="4" autocomplete=facts.autocomplete required
                prop:value=answer
                aria-invalid=text(move || state.problem(field).map(|_| "true".into()))
                aria-describedby=described
                on:input=move |ev| state.edit(field, event_target_value(&ev)) />
            <FieldError field />
        </p>
    }
}

/// A field people never see and bots fill in: off-screen, out of the tab order and hidden
/// from assistive technology. Its value goes to backends that check it (`hp` in the native
/// contract). Placed off-screen by the stylesheet and, for pages without it, by the loader
/// through CSSOM: an inline `style` attribute in the markup would be refused by a strict
/// Content-Security-Policy.
#[component]
pub fn Honeypot() -> impl IntoView {
    let state = FormState::get();
    let id = state.id("balasan-hp");
    view! {
        <p class="balasan-hp" aria-hidden="true">
            <label for=id.clone()>{state.text(Key::HoneypotLabel)}</label>
            <input id=id name="balasan-hp" type="text" tabindex="-1" autocomplete="off"
                on:input=move |ev| state.honeypot.set(event_target_value(&ev)) />
        </p>
    }
}
