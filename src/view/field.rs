//! A labelled text field with its inline error.

use balasan_core::Field;
use leptos::prelude::*;

use super::state::FormState;
use super::{input_name, Ids};
use crate::form::problem_message;
use crate::i18n::{Key, Texts};

/// One of WordPress's text rows: `<p class="comment-form-…"><label>…</label> <input></p>`,
/// followed by the field's error when it has one.
#[component]
pub fn TextField(
    /// Which field this row edits (comment, name, email or website).
    field: Field,
    /// Whether it must be filled in: adds the `*` and the `required` attribute.
    required: bool,
    /// The form's state, holding the value and the problems.
    state: FormState,
    /// The widget's element ids.
    ids: Ids,
    /// The widget's strings.
    texts: StoredValue<Texts>,
) -> impl IntoView {
    let name = input_name(field);
    let id = ids.of(name);
    let error_id = ids.error(field);
    let label = match field {
        Field::Comment => Key::Comment,
        Field::Author => Key::Name,
        Field::Email => Key::Email,
        _ => Key::Website,
    };
    // The email note ("will not be published") describes the email input, as in WordPress.
    let notes = (field == Field::Email).then(|| ids.of("email-notes"));
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
    let control = if field == Field::Comment {
        view! {
            <textarea id=id.clone() name=name cols="45" rows="8" required=required part="input textarea"
                aria-invalid=invalid aria-describedby=described_by
                prop:value=move || value.get() on:input=on_input></textarea>
        }
        .into_any()
    } else {
        let (kind, autocomplete) = match field {
            Field::Email => ("email", "email"),
            Field::Url => ("url", "url"),
            _ => ("text", "name"),
        };
        view! {
            <input id=id.clone() name=name type=kind size="30" autocomplete=autocomplete part="input"
                required=required aria-invalid=invalid aria-describedby=described_by
                prop:value=move || value.get() on:input=on_input />
        }
        .into_any()
    };
    view! {
        <p class=format!("comment-form-{name}") part="field">
            <label for=id part="label">
                {texts.with_value(|t| t.get(label).to_owned())}
                {required.then(|| view! { " " <span class="required" part="required">"*"</span> })}
            </label>
            " "
            {control}
            {move || {
                state.problem(field).map(|p| {
                    let text = texts.with_value(|t| t.get(problem_message(field, p)).to_owned());
                    view! { <span class="balasan-error" id=error_id.clone() part="error">{text}</span> }
                })
            }}
        </p>
    }
}
