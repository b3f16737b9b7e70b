//! One comment in the queue: who wrote it, from where, on which page, what it answers, its
//! text (always as text), and the actions its status allows.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::api::{self, Comment as Data, Failure, Status};
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

/// A time (unix seconds) as Indonesian readers write it.
fn when(seconds: i64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(seconds as f64 * 1000.0));
    date.to_locale_string("id-ID", &JsValue::UNDEFINED).into()
}

/// Comment `comment`, shown in the tab of `status`.
#[component]
pub fn Comment(comment: Data, status: Status) -> impl IntoView {
    let Session(session) = expect_context::<Session>();
    let Moderating { me, reload, said } = expect_context::<Moderating>();
    let id = comment.id;
    let buttons = status
        .actions()
        .iter()
        .map(|&action| {
            let me = me.clone();
            let class = if matches!(action, api::Action::Delete) {
                "danger"
            } else {
                ""
            };
            let act = move |_| {
                let me = me.clone();
                spawn_local(async move {
                    match api::moderate(&me, action, &[id]).await {
                        Ok(()) => said.set(T.done(action).into()),
                        Err(Failure::LoggedOut) => return session.set(None),
                        Err(f) => said.set(say(&f)),
                    }
                    reload.run(());
                });
            };
            view! { <button type="button" class=class on:click=act>{T.action(action)}</button> }
        })
        .collect_view();
    let heading = format!("comment-{id}");
    let labelled = heading.clone();
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
    let page = if comment.page_title.is_empty() {
        comment.post.clone()
    } else {
        comment.page_title.clone()
    };
    let page_link = web_link(&comment.page_url);
    view! {
        <li class="comment" aria-labelledby=labelled>
            <p class="who" id=heading>{comment.author.clone()}</p>
            <p class="meta">
                {comment.email.clone()} {site} " · " {T.from_address} " " {comment.ip.clone()}
                " · " <time>{when(comment.created_at)}</time>
                {comment.edited_at.map(|_| format!(" · {}", T.edited))}
            </p>
            <p class="meta">
                {T.on_page} " "
                {match page_link {
                    Some(href) => view! { <a href=href>{page}</a> }.into_any(),
                    None => view! { <span>{page}</span> }.into_any(),
                }}
            </p>
            {parent}
            <p class="text">{comment.content.clone()}</p>
            <div class="actions">{buttons}</div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::web_link;

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
            "data:text/html,x",
            "//jahat.example",
            "",
        ] {
            assert_eq!(web_link(bad), None, "{bad}");
        }
    }
}
