//! A labelled text field, and the message under a field with a problem.

use balasan_core::Field;
use leptos::either::Either;
use leptos::prelude::*;

use super::state::FormState;
use super::text;
use crate::i18n::Key;

/// One of WordPress's text rows: `<p class="comment-form-…"><label>…</label> <input></p>`.
/// Its name, label, input type and autocomplete come from the field table; its value is
/// the form's signal for it, and its problem (after a submit) is shown right after it.
#[component]
pub fn TextField(
    /// Which field this row edits (comment, name, email or website).
    field: Field,
    /// Whether it must be filled in: adds the `*` and the `required` attribute.
    required: bool,
) -> impl IntoView {
    let state = FormState::get();
    let facts = field.facts();
    let name = facts.wordpress;
    let id = state.id(name);
    let label = facts.label.and_then(Key::from_name).map(|k| state.text(k));
    let value = state.value(field);
    let invalid = text(move || state.problem(field).map(|_| "true".into()));
    // The email note ("will not be published") describes the email input, as in WordPress;
    // the error message too, while there is one.
    let notes = (field == Field::Email).then(|| state.id("email-notes"));
    let error_id = state.error_id(field);
    let described = text(move || {
        let error = state.problem(field).map(|_| error_id.as_str());
        let both: Vec<&str> = notes.as_deref().into_iter().chain(error).collect();
        (!both.is_empty()).then(|| both.join(" "))
    });
    let on_input = move |ev| state.edit(field, event_target_value(&ev));
    // No `maxlength`: the browser would silently cut a pasted comment; the byte limit is
    // checked on submit with a message instead, and nothing the reader typed is lost.
    let control = if facts.input == "textarea" {
        Either::Left(view! {
            <textarea id=id.clone() name=name cols="45" rows="8" required=required
                part="input textarea" prop:value=value aria-invalid=invalid
                aria-describedby=described on:input=on_input></textarea>
        })
    } else {
        Either::Right(view! {
            <input id=id.clone() name=name type=facts.input size="30" autocomplete=facts.autocomplete
                part="input" required=required prop:value=value aria-invalid=invalid
                aria-describedby=described on:input=on_input />
        })
    };
    view! {
        <p class=format!("comment-form-{name}") part="field">
            <label for=id part="label">
                {label}
                {required.then(|| view! { " " <span class="required" part="required">"*"</span> })}
            </label>
            " "
            {control}
            <FieldError field />
        </p>
    }
}

/// What is wrong with `field`, right after it (`span.balasan-error`, the id its
/// `aria-describedby` names), while something is.
#[component]
pub fn FieldError(
    /// The field whose problem this shows.
    field: Field,
) -> impl IntoView {
    let state = FormState::get();
    let id = state.error_id(field);
    move || {
        state.problem_text(field).map(|text| {
            view! { <span class="balasan-error" id=id.clone() part="error">{text}</span> }
        })
    }
}
