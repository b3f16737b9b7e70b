//! A comment's editor: its text, author and website, checked by the server with the rules
//! of a new comment; what each field breaks said beside it in the readers' own words
//! (`balasan-core`'s language table), and nothing typed lost when the save fails.

use balasan_core::i18n::problem_message;
use balasan_core::moderation::wire::{Comment, EditRequest};
use balasan_core::{Field, Problem};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{self, Failure};
use crate::app::say;
use crate::comment::{focus_heading, focus_heading_later};
use crate::queue::Moderating;

/// The message for field `name` with problem `code`, in `lang`.
fn problem(lang: balasan_core::i18n::Lang, name: &str, code: &str) -> Option<&'static str> {
    let field = Field::from_wire_name(name)?;
    let problem = Problem::from_code(code).unwrap_or(Problem::Invalid);
    Some(problem_message(field, problem).text(lang))
}

/// The editor of `comment`, open while `open` is.
#[component]
pub fn Editor(
    /// The comment as it was when the editor opened.
    comment: Comment,
    /// Closed once saved or cancelled.
    open: RwSignal<bool>,
) -> impl IntoView {
    let m = expect_context::<Moderating>();
    let session = m.session;
    let t = session.texts();
    let lang = session.lang.get_untracked();
    let id = comment.id;
    let content = RwSignal::new(comment.content.clone());
    let author = RwSignal::new(comment.author.clone());
    let url = RwSignal::new(comment.url.clone());
    let was = StoredValue::new(comment);
    let problems = RwSignal::new(Vec::<(String, String)>::new());
    let error = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let text = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(area) = text.get() {
            let _ = area.focus();
        }
    });
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(String::new());
        problems.set(Vec::new());
        // Only what this moderator changed: another's edit of another field stays.
        let changed = |now: String, before: &str| (now != before).then_some(now);
        let change = was.with_value(|was| EditRequest {
            content: changed(content.get_untracked(), &was.content),
            author: changed(author.get_untracked(), &was.author),
            url: changed(url.get_untracked(), &was.url),
        });
        spawn_local(async move {
            let answer = session
                .changing(move |me| {
                    let change = change.clone();
                    async move { api::edit(&me, id, &change).await }
                })
                .await;
            match answer {
                Ok(now) => {
                    m.listing.update(|l| l.replace(now));
                    m.said.say(t.saved.into());
                    open.set(false);
                    // The comment is drawn again with its new text: its heading then.
                    focus_heading_later(id);
                    return;
                }
                Err(Failure::Fields(found)) => {
                    problems.set(found);
                    // The first field said wrong, with its message read out beside it.
                    set_timeout(
                        move || {
                            if let Ok(Some(field)) = document()
                                .query_selector(&format!("#editor-{id} [aria-invalid=\"true\"]"))
                            {
                                let _ = field.unchecked_into::<web_sys::HtmlElement>().focus();
                            }
                        },
                        std::time::Duration::ZERO,
                    );
                }
                Err(Failure::LoggedOut) => return,
                Err(f) => error.set(say(t, &f)),
            }
            let _ = busy.try_set(false);
        });
    };
    let cancel = move |_| {
        open.set(false);
        focus_heading(id);
    };
    let form_id = format!("editor-{id}");
    // A field's label, its control's id, and its problem's id.
    let field = move |name: &'static str| {
        let said = move || {
            problems.with(|p| {
                p.iter()
                    .find(|(f, _)| f == name)
                    .and_then(|(f, code)| problem(lang, f, code))
            })
        };
        let control = format!("edit-{name}-{id}");
        let note = format!("{control}-problem");
        (
            control,
            note.clone(),
            move || said().map(|s| view! { <p class="error" id=note.clone()>{s}</p> }),
            move || said().is_some().to_string(),
        )
    };
    let (content_id, content_note, content_says, content_bad) = field("content");
    let (author_id, author_note, author_says, author_bad) = field("author");
    let (url_id, url_note, url_says, url_bad) = field("url");
    view! {
        <form class="edit" id=form_id on:submit=save>
            <label for=content_id.clone()>{t.comment}</label>
            <textarea id=content_id rows="5" node_ref=text aria-invalid=content_bad
                aria-describedby=content_note prop:value=move || content.get()
                on:input=move |e| content.set(event_target_value(&e))></textarea>
            {content_says}
            <label for=author_id.clone()>{t.author}</label>
            <input id=author_id aria-invalid=author_bad aria-describedby=author_note
                bind:value=author/>
            {author_says}
            <label for=url_id.clone()>{t.website}</label>
            <input id=url_id inputmode="url" aria-invalid=url_bad aria-describedby=url_note
                bind:value=url/>
            {url_says}
            <p class="actions">
                <button class="primary" type="submit" aria-disabled=move || busy.get().to_string()>
                    {move || if busy.get() { t.saving } else { t.save }}
                </button>
                <button type="button" on:click=cancel>{t.cancel}</button>
            </p>
            <p class="error" role="alert">{move || error.get()}</p>
        </form>
    }
}
