//! The math question row.

use balasan_core::Field;
use leptos::prelude::*;

use super::state::FormState;
use super::{input_name, Ids};
use crate::form::problem_message;
use crate::i18n::Texts;

/// `2 + 6 = [  ]`: the whole equation is the input's label, in digits, so screen readers
/// read the question exactly as it is shown.
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
    let question = move || state.question.with(|q| q.map(|q| q.to_string()));
    let described_by = {
        let error_id = error_id.clone();
        move || state.problem(field).map(|_| error_id.clone())
    };
    view! {
        <p class="comment-form-captcha">
            <label for=id.clone()>
                <span class="balasan-question">{question}</span>
                " "
                <span class="required">"*"</span>
            </label>
            " "
            <input id=id name=input_name(field) type="text" inputmode="numeric"
                pattern="[0-9]*" size="4" autocomplete="off" required
                aria-invalid=move || state.problem(field).map(|_| "true")
                aria-describedby=described_by
                prop:value=move || state.answer.get()
                on:input=move |ev| state.edit(field, event_target_value(&ev)) />
            {move || {
                state.problem(field).map(|p| {
                    let text = texts.with_value(|t| t.get(problem_message(field, p)).to_owned());
                    view! { <span class="balasan-error" id=error_id.clone()>{text}</span> }
                })
            }}
        </p>
    }
}
