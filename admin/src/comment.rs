//! One comment in the queue: who wrote it, from where, on which page, what it answers, its
//! text (always as text), its checkbox, the actions its status allows, and its editor and
//! trail when opened.

use std::time::Duration;

use balasan_core::moderation::wire::Comment as Data;
use balasan_core::moderation::Action;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::edit::Editor;
use crate::i18n::Texts;
use crate::queue::{Confirm, Confirming, Moderating};
use crate::trail::Trail;

/// `url` as a link's target, if it is a web address: a comment's website and page address
/// come from readers, and a `javascript:` one must never become a link in the moderators'
/// pages.
pub fn web_link(url: &str) -> Option<String> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.trim().to_owned())
}

/// The host of a web address, shown beside a page's title: the title is the reader's to
/// write, the host is where the link really goes (after any `user@`, which a reader may use
/// to make a link look like it goes elsewhere; `\` ends the host as browsers read it).
pub fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or(rest);
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
}

/// A time (unix seconds): as the moderator's language writes it, and as ISO 8601.
pub fn when(seconds: i64, lang: &str) -> (String, String) {
    let date = js_sys::Date::new(&JsValue::from_f64(seconds as f64 * 1000.0));
    let shown = date.to_locale_string(lang, &JsValue::UNDEFINED).into();
    (shown, date.to_iso_string().into())
}

/// The id of comment `id`'s heading.
pub fn heading_id(id: i64) -> String {
    format!("comment-{id}")
}

fn focus(element: Option<web_sys::Element>) {
    if let Some(target) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = target.focus();
    }
}

/// Moves the focus to comment `id`'s heading once it is drawn again (after an edit).
pub fn focus_heading_later(id: i64) {
    set_timeout(
        move || focus(document().get_element_by_id(&heading_id(id))),
        Duration::ZERO,
    );
}

/// Moves the focus to comment `id`'s heading: at once when it is drawn, else once the
/// list has drawn it.
pub fn focus_heading(id: i64) {
    match document().get_element_by_id(&heading_id(id)) {
        Some(heading) => focus(Some(heading)),
        None => set_timeout(
            move || focus(document().get_element_by_id(&heading_id(id))),
            Duration::ZERO,
        ),
    }
}

/// Moves the focus to the comment after comment `id` (or before it, or to the page's
/// title when it was the only one): the comment is about to leave the list.
pub fn focus_beside(id: i64) {
    let document = document();
    let Some(item) = document
        .get_element_by_id(&heading_id(id))
        .and_then(|h| h.closest("li").ok().flatten())
    else {
        return;
    };
    // Only when the focus is still in it: a moderator who moved on keeps their place.
    let inside = document
        .active_element()
        .is_some_and(|a| item.contains(Some(&a)));
    if !inside {
        return;
    }
    let beside = item
        .next_element_sibling()
        .or_else(|| item.previous_element_sibling())
        .and_then(|li| li.query_selector("h2").ok().flatten())
        .or_else(|| document.get_element_by_id("title"));
    focus(beside);
}

/// What is known about a comment: author, contact, page, parent and text.
fn about(c: Data, t: &'static Texts, lang: &'static str, m: Moderating) -> impl IntoView {
    let site = web_link(&c.url).map(|href| {
        let shown = c.url.clone();
        view! { " · " <a href=href rel="nofollow noopener noreferrer ugc">{shown}</a> }
    });
    let parent = c.parent_author.clone().map(|author| {
        view! {
            <blockquote>
                {t.in_reply_to} " " <strong>{author}</strong> ": "
                {c.parent_quote.clone().unwrap_or_default()}
            </blockquote>
        }
    });
    let title = if c.page_title.is_empty() {
        c.post.clone()
    } else {
        c.page_title.clone()
    };
    let page = match web_link(&c.page_url) {
        Some(href) => {
            let where_to = format!(" ({})", host(&href));
            view! { <a href=href rel="nofollow noopener noreferrer ugc">{title}</a> {where_to} }
                .into_any()
        }
        None => view! { <span>{title}</span> }.into_any(),
    };
    let post = c.post.clone();
    let only = move |_| {
        let post = post.clone();
        m.filter.update(|f| f.post = post);
    };
    let filtered = m.filter.with_untracked(|f| f.post == c.post);
    let (shown, iso) = when(c.created_at, lang);
    let email = (!c.email.is_empty()).then(|| c.email.clone());
    view! {
        <h2 class="who" id=heading_id(c.id) tabindex="-1">{c.author.clone()}</h2>
        <p class="meta">
            {email} {site} " · " {t.from_address} " " {c.ip.clone()}
            " · " <time datetime=iso>{shown}</time>
            {c.edited_at.map(|_| format!(" · {}", t.edited))}
        </p>
        <p class="meta">
            {t.on_page} " " {page} " "
            {(!filtered).then(|| view! {
                <button type="button" class="link" on:click=only>{t.only_this_article}</button>
            })}
        </p>
        {parent}
        <p class="text">{c.content.clone()}</p>
    }
}

/// Comment `id` of the list.
#[component]
pub fn Comment(
    /// The comment's id; its data is the listing's.
    id: i64,
) -> impl IntoView {
    let m = expect_context::<Moderating>();
    let t = m.session.texts();
    let lang = m.session.lang.get_untracked().tag();
    let data = Memo::new(move |_| {
        m.listing
            .with(|l| l.comments.iter().find(|c| c.id == id).cloned())
    });
    let busy = move || m.listing.with(|l| l.busy.contains(&id));
    let editing = RwSignal::new(false);
    let tracing = RwSignal::new(false);
    let heading = heading_id(id);
    let buttons = m
        .shown()
        .actions()
        .iter()
        .map(|&action| {
            let act = move |_| {
                if action == Action::Delete {
                    m.confirming.set(Some(Confirming {
                        ids: vec![id],
                        bulk: false,
                    }));
                } else {
                    m.act(action, vec![id]);
                }
            };
            let class = if action == Action::Delete {
                "danger"
            } else {
                ""
            };
            // "Delete forever" gets the focus back when its question is closed.
            let button_id = (action == Action::Delete).then(|| format!("delete-{id}"));
            view! {
                <button type="button" id=button_id class=class aria-describedby=heading.clone()
                    aria-disabled=move || busy().to_string() on:click=act>
                    {t.action(action)}
                </button>
            }
        })
        .collect_view();
    let author = move || data.with(|c| c.as_ref().map(|c| c.author.clone()).unwrap_or_default());
    let confirming = move || {
        m.confirming
            .with(|c| c.as_ref().is_some_and(|c| !c.bulk && c.ids == [id]))
    };
    view! {
        <li class="comment" data-id=id aria-labelledby=heading.clone()>
            <input type="checkbox" class="pick" aria-label=move || Texts::fill(t.select, &author())
                prop:checked=move || m.listing.with(|l| l.selected.contains(&id))
                on:change=move |_| m.listing.update(|l| l.toggle(id))/>
            {move || data.get().map(|c| about(c, t, lang, m))}
            <div class="actions">
                {buttons}
                <button type="button" aria-expanded=move || editing.get().to_string()
                    aria-describedby=heading.clone()
                    on:click=move |_| editing.update(|e| *e = !*e)>{t.edit}</button>
                <button type="button" aria-expanded=move || tracing.get().to_string()
                    aria-describedby=heading.clone()
                    on:click=move |_| tracing.update(|e| *e = !*e)>{t.trail}</button>
            </div>
            <Show when=confirming><Confirm/></Show>
            <Show when=move || editing.get()>
                {move || data.get_untracked().map(|c| view! { <Editor comment=c open=editing/> })}
            </Show>
            <Show when=move || tracing.get()><Trail id=id/></Show>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::{host, web_link};

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(
            web_link("https://kabar.contoh.id/a").as_deref(),
            Some("https://kabar.contoh.id/a")
        );
        assert_eq!(
            web_link(" HTTP://contoh.id").as_deref(),
            Some("HTTP://contoh.id")
        );
        for bad in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,x",
            "//jahat.example",
            "",
        ] {
            assert_eq!(web_link(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_host_is_where_a_link_goes() {
        assert_eq!(
            host("https://kabar.contoh.id/2026/banjir?x#y"),
            "kabar.contoh.id"
        );
        assert_eq!(host("http://jahat.example"), "jahat.example");
        assert_eq!(
            host("https://kabar.contoh.id@jahat.example/x"),
            "jahat.example"
        );
        assert_eq!(
            host("https://jahat.example\\@kabar.contoh.id"),
            "jahat.example"
        );
    }
}
