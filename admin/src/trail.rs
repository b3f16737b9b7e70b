//! A comment's audit trail: who did what to it, when and from which address, oldest
//! first; an edit shows the fields as they were before it.

use balasan_core::moderation::wire::{Detail, Entry};
use balasan_core::moderation::Action;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Failure};
use crate::app::say;
use crate::comment::when;
use crate::i18n::Texts;
use crate::queue::Moderating;

/// What a line of the trail says was done.
fn what(t: &'static Texts, e: &Entry) -> String {
    let action = Action::parse(&e.action).map_or(t.edit, |a| t.action(a));
    match &e.detail {
        Detail::Status { from, to } => {
            let to = to.map_or(t.deleted_forever, |s| t.status(s));
            format!("{action}: {} → {to}", t.status(*from))
        }
        Detail::Edit { .. } => t.trail_edit.to_owned(),
    }
}

/// An edit's fields as they were.
fn before(t: &'static Texts, detail: &Detail) -> impl IntoView {
    let Detail::Edit {
        content,
        author,
        url,
    } = detail
    else {
        return None;
    };
    let fields = [(t.comment, content), (t.author, author), (t.website, url)]
        .into_iter()
        .filter_map(|(name, was)| {
            was.clone()
                .map(|was| view! { <dt>{name}</dt> <dd class="text">{was}</dd> })
        })
        .collect_view();
    Some(view! { <dl>{fields}</dl> })
}

/// The trail of comment `id`, asked for when shown.
#[component]
pub fn Trail(
    /// The comment's id.
    id: i64,
) -> impl IntoView {
    let m = expect_context::<Moderating>();
    let t = m.session.texts();
    let lang = m.session.lang.get_untracked().tag();
    let found = RwSignal::new(None::<Result<Vec<Entry>, Failure>>);
    spawn_local(async move {
        let answer = api::trail(id).await;
        if answer == Err(Failure::LoggedOut) {
            m.session.ended();
        }
        let _ = found.try_set(Some(answer));
    });
    let lines = move || match found.get() {
        None => view! { <p>{t.loading}</p> }.into_any(),
        Some(Err(f)) => view! { <p class="error">{say(t, &f)}</p> }.into_any(),
        Some(Ok(entries)) if entries.is_empty() => view! { <p>{t.trail_empty}</p> }.into_any(),
        Some(Ok(entries)) => {
            let items = entries
                .into_iter()
                .map(|e| {
                    let (shown, iso) = when(e.at, lang);
                    let address = (!e.address.is_empty()).then(|| format!(" ({})", e.address));
                    view! {
                        <li>
                            <time datetime=iso>{shown}</time> " · "
                            <strong>{e.moderator.clone()}</strong> {address} " · "
                            {what(t, &e)}
                            {before(t, &e.detail)}
                        </li>
                    }
                })
                .collect_view();
            view! { <ol>{items}</ol> }.into_any()
        }
    };
    let label = format!("trail-{id}");
    let labelled = label.clone();
    view! {
        <section class="trail" aria-labelledby=labelled>
            <h3 id=label>{t.trail_of}</h3>
            {lines}
        </section>
    }
}
