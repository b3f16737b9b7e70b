//! The math question row.

use balasan_core::Field;
use leptos::prelude::*;

use super::state::FormState;
use super::{input_name, Ids};
use crate::form::problem_message;
use crate::i18n::{Key, Texts};

/// `2 + 6 = [  ]`: the whole equation is the input's label, in digits, so screen readers
/// read the question exactly as it is shown. Rendered only when the captcha is on.
#[component]
pub fn Captcha(
    /// The form's state, holding the question, the answer and its problem.
    state: FormState,
    /// The widget's element ids.
    ids: Ids,
    /// The widget's strings.
    texts: StoredValue<Texts>,
) -> impl IntoView {
    let field = Field::Captcha;
    let id = ids.of(input_name(field));
    let error_id = ids.error(field);
    let question = move || {
        state
            .challenge
            .with(|c| c.as_ref().and_then(|c| c.text()))
            .unwrap_or_else(|| texts.with_value(|t| t.get(Key::CaptchaLoading).to_owned()))
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
            <input id=id name=input_name(field) type="text" inputmode="numeric" part="input answer"
                pattern="[0-9]*" size="4" autocomplete="off" required
                aria-invalid=move || state.problem(field).map(|_| "true")
                aria-describedby=described_by
                prop:value=move || state.answer.get()
                on:input=move |ev| state.edit(field, event_target_value(&ev)) />
            {move || {
                state.problem(field).map(|p| {
                    let text = texts.with_value(|t| t.get(problem_message(field, p)).to_owned());
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
pub fn Honeypot(
    /// The form's state, holding the field's value.
    state: FormState,
    /// The widget's element ids.
    ids: Ids,
    /// The widget's strings.
    texts: StoredValue<Texts>,
) -> impl IntoView {
    let id = ids.of("balasan-hp");
    view! {
        <p class="balasan-hp" aria-hidden="true"
            style:position="absolute" style:left="-10000px" style:width="1px"
            style:height="1px" style:overflow="hidden">
            <label for=id.clone()>{texts.with_value(|t| t.get(Key::HoneypotLabel).to_owned())}</label>
            <input id=id name="balasan-hp" type="text" tabindex="-1" autocomplete="off"
                prop:value=move || state.honeypot.get()
                on:input=move |ev| state.honeypot.set(event_target_value(&ev)) />
        </p>
    }
}
