//! One comment with its replies, in WordPress's markup so a theme's CSS applies:
//! `li.comment#comment-N > article.comment-body#div-comment-N` with `.comment-author .fn`,
//! `.comment-metadata time`, `.comment-content`, `.reply a.comment-reply-link`, and the
//! replies in `ol.children`; `part` names for a shadow root.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

use super::ListState;
use crate::i18n::Key;
use crate::list::allow::author_link;
use crate::list::text::{paragraphs, Piece};
use crate::list::thread::Row;
use crate::list::when::{iso, when};
use crate::list::Body;
use crate::view::text;

/// A comment of the list, and below it, recursively, the comments that answer it (as in
/// Leptos's `hackernews` example). Its replies follow the list: a reply loaded later, or
/// the reader's own, appears in its place without the comments around it being rebuilt
/// (so the form, when it answers this comment, stays where it is).
#[component]
pub fn Comment(
    /// Where the comment shows: its place in the loaded comments, and its depth.
    row: Row,
) -> AnyView {
    let list = ListState::get();
    let Some(c) = list.comment(row.index) else {
        return ().into_any();
    };
    let fixed = list.fixed();
    let t = |key: Key| fixed.texts.get(key).to_owned();
    let author = if c.author.is_empty() {
        "—".to_owned()
    } else {
        c.author.clone()
    };
    let offset = (fixed.clock)().1;
    let id = c.id.clone();
    // Replies only to comments the backend has an id for (not the reader's own) and not
    // below the deepest level, as WordPress.
    let reply = (!c.pending && !c.is_own() && row.depth < fixed.max_depth).then(|| {
        let respond = fixed.respond_id.clone();
        view! {
            <div class="reply">
                <a rel="nofollow" class="comment-reply-link" href=format!("#{respond}")
                    data-commentid=id.clone() data-respondelement=respond.clone()
                    data-replyto=fixed.texts.fill(Key::ReplyTo, &author)
                    aria-label=fixed.texts.fill(Key::ReplyToLabel, &author)
                    data-belowelement=format!("div-comment-{id}") part="reply">
                    {t(Key::Reply)}
                </a>
            </div>
        }
    });
    let name = if author_link(&c.url) {
        Either::Left(
            view! { <a href=c.url.clone() class="url" rel="external nofollow ugc">{author}</a> },
        )
    } else {
        Either::Right(author)
    };
    let held = c.pending.then(|| {
        view! { <em class="comment-awaiting-moderation">{t(Key::AwaitingModeration)}</em> }
    });
    // Whether the comment has replies: a memo, so that the `ol` is made once, when the
    // first one comes, and not again with every change of the thread.
    let answered = Memo::new(move |_| {
        list.loaded
            .with(|l| !l.thread().under(row.index).is_empty())
    });
    // One reactive class rather than `class:parent`: 1.7 KB less of wasm.
    let class = text(move || {
        let parent = if answered.get() { " parent" } else { "" };
        Some(format!("comment depth-{}{parent}", row.depth))
    });
    // "5 menit yang lalu" counts from the list's last change, as after a reload.
    let created = c.created;
    let date = text(move || {
        let now = list.loaded.with(|l| l.now);
        Some(when(created, now, offset, &list.fixed().texts))
    });
    let replies = move || {
        answered.get().then(|| {
            let rows = move || list.loaded.with(|l| l.thread().under(row.index).to_vec());
            view! {
                <ol class="children">
                    <For each=rows key=|row| row.index let:row>
                        <Comment row />
                    </For>
                </ol>
            }
        })
    };
    view! {
        <li id=format!("comment-{id}") class=class part="comment">
            <article id=format!("div-comment-{id}") class="comment-body">
                <footer class="comment-meta">
                    <div class="comment-author vcard">
                        <b class="fn">{name}</b>
                        " "
                        <span class="says">{t(Key::Says)}</span>
                    </div>
                    <div class="comment-metadata">
                        <a href=format!("#comment-{id}")>
                            <time datetime=iso(created)>{date}</time>
                        </a>
                    </div>
                    {held}
                </footer>
                <CommentText body=c.body />
                {reply}
            </article>
            {replies}
        </li>
    }
    .into_any()
}

/// A comment's text: plain text as paragraphs, line breaks and links; HTML through the
/// allow-list (`super::sanitize`, in the browser), never as it came.
#[component]
fn CommentText(
    /// The text, as the backend keeps it.
    body: Body,
) -> impl IntoView {
    match body {
        Body::Text(text) => {
            let paragraphs = paragraphs(&text)
                .into_iter()
                .map(|lines| {
                    // A line break before each line but the first, then its pieces.
                    let bits = lines.into_iter().enumerate().flat_map(|(i, pieces)| {
                        let br = (i > 0).then_some(EitherOf3::A(view! { <br /> }));
                        br.into_iter().chain(pieces.into_iter().map(|piece| match piece {
                            Piece::Text(s) => EitherOf3::B(s.to_owned()),
                            Piece::Link(url) => EitherOf3::C(view! {
                                <a href=url.to_owned() rel="nofollow ugc noopener">{url.to_owned()}</a>
                            }),
                        }))
                    });
                    view! { <p>{bits.collect_view()}</p> }
                })
                .collect_view();
            Either::Left(view! { <div class="comment-content">{paragraphs}</div> })
        }
        Body::Html(html) => Either::Right(view! {
            <div class="comment-content" use:sanitize=html></div>
        }),
    }
}

/// Fills a comment's `.comment-content` with its HTML, as the allow-list keeps it. (Run
/// when the element is made; it would append again on a rebuild, which this element, made
/// once per comment, never has.)
fn sanitize(el: web_sys::Element, html: String) {
    if let Some(doc) = el.owner_document() {
        let _ = el.append_child(&super::sanitize::sanitized(&doc, &html));
    }
}
