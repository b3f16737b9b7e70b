//! One comment in the queue: who wrote it, from where, on which page, what it answers, its
//! text (always as text), and the actions its status allows.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::{self, Action, Comment as Data, Failure};
use crate::app::{say, Session};
use crate::i18n::ID as T;
use crate::queue::Moderating;

/// `url` as a link's target, if it is a web address: a comment's website and page address
/// come from readers, and a `javascript:` one must never become a link in the moderators'
/// pages.
pub fn web_link(url: &str) -> Option<String> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.trim().to_owned())
}

/// The host of a web address, shown beside a page's title: the title is the reader's to
/// write, the host is where the link really goes.
pub fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// A time (unix seconds): as Indonesian readers write it, and as ISO 8601.
fn when(seconds: i64) -> (String, String) {
    let date = js_sys::Date::new(&JsValue::from_f64(seconds as f64 * 1000.0));
    let shown = date.to_locale_string("id-ID", &JsValue::UNDEFINED).into();
    (shown, date.to_iso_string().into())
}

/// Moves the focus to the comment after the one with heading `id` (or before it, or to
/// the page's title when it was the only one): the comment is about to leave the list.
fn focus_beside(id: &str) {
    let document = document();
    let Some(item) = document
        .get_element_by_id(id)
        .and_then(|h| h.closest("li").ok().flatten())
    else {
        return;
    };
    let beside = item
        .next_element_sibling()
        .or_else(|| item.previous_element_sibling())
        .and_then(|li| li.query_selector("h2").ok().flatten())
        .or_else(|| document.get_element_by_id("title"));
    if let Some(target) = beside.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = target.focus();
    }
}

/// One comment of the queue.
#[component]
pub fn Comment(comment: Data) -> impl IntoView {
    let session = expect_context::<Session>();
    let Moderating {
        me,
        status,
        reload,
        said,
    } = expect_context::<Moderating>();
    let id = comment.id;
    let heading = format!("comment-{id}");
    let busy = RwSignal::new(false);
    let buttons = status
        .actions()
        .iter()
        .map(|&action| {
            let me = me.clone();
            let heading = heading.clone();
            let described = heading.clone();
            let class = if action == Action::Delete {
                "danger"
            } else {
                ""
            };
            let act = move |_| {
                if busy.get_untracked() {
                    return;
                }
                busy.set(true);
                let me = me.clone();
                let heading = heading.clone();
                spawn_local(async move {
                    match api::moderate(&me, action, &[id]).await {
                        Ok(done) if done.iter().any(|m| m.changed) => {
                            focus_beside(&heading);
                            said.say(T.done(action).into());
                        }
                        Ok(_) => said.say(T.unchanged.into()),
                        Err(Failure::LoggedOut) => return session.ended(),
                        Err(f) => said.say(say(&f)),
                    }
                    let _ = busy.try_set(false);
                    reload.run(());
                });
            };
            view! {
                <button type="button" class=class aria-describedby=described
                    aria-disabled=move || busy.get().to_string() on:click=act>
                    {T.action(action)}
                </button>
            }
        })
        .collect_view();
    let site = web_link(&comment.url).map(|href| {
        let shown = comment.url.clone();
        view! { " · " <a href=href rel="nofollow noopener noreferrer ugc">{shown}</a> }
    });
    let parent = comment.parent_author.clone().map(|author| {
        view! {
            <blockquote>
                {T.in_reply_to} " " <strong>{author}</strong> ": "
                {comment.parent_quote.clone().unwrap_or_default()}
            </blockquote>
        }
    });
    let title = if comment.page_title.is_empty() {
        comment.post.clone()
    } else {
        comment.page_title.clone()
    };
    let page = match web_link(&comment.page_url) {
        Some(href) => {
            let where_to = format!(" ({})", host(&href));
            view! { <a href=href>{title}</a> {where_to} }.into_any()
        }
        None => view! { <span>{title}</span> }.into_any(),
    };
    let (shown, iso) = when(comment.created_at);
    let mut contact = vec![comment.email.clone()];
    contact.retain(|e| !e.is_empty());
    let labelled = heading.clone();
    view! {
        <li class="comment" aria-labelledby=labelled>
            <h2 class="who" id=heading tabindex="-1">{comment.author.clone()}</h2>
            <p class="meta">
                {contact} {site} " · " {T.from_address} " " {comment.ip.clone()}
                " · " <time datetime=iso>{shown}</time>
                {comment.edited_at.map(|_| format!(" · {}", T.edited))}
            </p>
            <p class="meta">{T.on_page} " " {page}</p>
            {parent}
            <p class="text">{comment.content.clone()}</p>
            <div class="actions">{buttons}</div>
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
    }
}
