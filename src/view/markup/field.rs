//! A labelled text field.

use balasan_core::Field;
use leptos::prelude::*;

use super::context::Shared;
use crate::i18n::Key;

/// One of WordPress's text rows: `<p class="comment-form-…"><label>…</label> <input></p>`.
/// Its name, label, input type and autocomplete come from the field table. (Its error,
/// when it has one, is added after the input in the browser.)
#[component]
pub fn TextField(
    /// Which field this row edits (comment, name, email or website).
    field: Field,
    /// Whether it must be filled in: adds the `*` and the `required` attribute.
    required: bool,
) -> impl IntoView {
    let shared = Shared::get();
    let facts = field.facts();
    let name = facts.wordpress;
    let id = shared.id(name);
    let label = facts.label.and_then(Key::from_name).map(|k| shared.text(k));
    // The email note ("will not be published") describes the email input, as in WordPress.
    let notes = (field == Field::Email).then(|| shared.id("email-notes"));
    // No `maxlength`: the browser would silently cut a pasted comment; the byte limit is
    // checked on submit with a message instead, and nothing the reader typed is lost.
    let control = if facts.input == "textarea" {
        view! {
            <textarea id=id.clone() name=name cols="45" rows="8" required=required
                part="input textarea"></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name type=facts.input size="30" autocomplete=facts.autocomplete
                part="input" required=required aria-describedby=notes />
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
        </p>
    }
}
