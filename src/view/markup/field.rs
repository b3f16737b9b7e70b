//! A labelled text field with its inline error.

use balasan_core::Field;
use leptos::prelude::*;

use super::context::Shared;
use crate::form::problem_message;
use crate::i18n::Key;

/// One of WordPress's text rows: `<p class="comment-form-…"><label>…</label> <input></p>`,
/// followed by the field's error when it has one. Its name, label, input type and
/// autocomplete come from the field table.
#[component]
pub fn TextField(
    /// Which field this row edits (comment, name, email or website).
    field: Field,
    /// Whether it must be filled in: adds the `*` and the `required` attribute.
    required: bool,
) -> impl IntoView {
    let shared = Shared::get();
    let state = shared.state;
    let facts = field.facts();
    let name = facts.wordpress;
    let id = shared.id(name);
    let error_id = shared.error_id(field);
    let label = facts.label.and_then(Key::from_name).map(|k| shared.text(k));
    // The email note ("will not be published") describes the email input, as in WordPress.
    let notes = (field == Field::Email).then(|| shared.id("email-notes"));
    let described_by = {
        let error_id = error_id.clone();
        move || {
            let error = state.problem(field).map(|_| error_id.clone());
            match (notes.clone(), error) {
                (Some(n), Some(e)) => Some(format!("{n} {e}")),
                (n, e) => n.or(e),
            }
        }
    };
    let invalid = move || state.problem(field).map(|_| "true");
    let value = state.value(field);
    let on_input = move |ev| state.edit(field, event_target_value(&ev));
    // No `maxlength`: the browser would silently cut a pasted comment; the byte limit is
    // checked on submit with a message instead, and nothing the reader typed is lost.
    let control = if facts.input == "textarea" {
        view! {
            <textarea id=id.clone() name=name cols="45" rows="8" required=required part="input textarea"
                aria-invalid=invalid aria-describedby=described_by
                prop:value=move || value.get() on:input=on_input></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name type=facts.input size="30" autocomplete=facts.autocomplete
                part="input" required=required aria-invalid=invalid aria-describedby=described_by
                prop:value=move || value.get() on:input=on_input />
        }
        .into_any()
    };
    view! {
        <p class=format!("comment-form-{name}") part="field">
            <label for=id part="label">
                {label}
                {required.then(|| view! { " " <span class="required" part="required">"*"</span> })}
            </label>
            " "
            {control}
            {move || {
                state.problem(field).map(|p| {
                    let text = shared.text(problem_message(field, p));
                    view! { <span class="balasan-error" id=error_id.clone() part="error">{text}</span> }
                })
            }}
        </p>
    }
}
