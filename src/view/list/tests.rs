//! The list's markup, rendered natively (feature `ssr`) from the same components the
//! browser mounts: WordPress's structure, every backend value as text.

use leptos::prelude::*;

use super::{CommentList, ListState};
use crate::config::Config;
use crate::form::Page;
use crate::list::{Body, ListComment, ListPage};
use crate::view::state::{FormState, Seed};
use crate::view::Ids;

fn c(id: &str, parent: Option<&str>, body: Body) -> ListComment {
    ListComment {
        id: id.into(),
        parent: parent.map(Into::into),
        author: "Budi".into(),
        url: String::new(),
        body,
        created: 1_795_000_000,
        pending: false,
    }
}

/// Five minutes after the comments were written, in Jakarta.
fn clock() -> (i64, i64) {
    (1_795_000_000 + 300, 7 * 3600)
}

/// The list with `comments` loaded, as HTML (without Leptos's `<!>` marks).
fn render(comments: &[ListComment], depth: u32) -> String {
    let depth = depth.to_string();
    let (config, problems) = Config::parse([
        ("data-endpoint", "/api/comments"),
        ("data-depth", depth.as_str()),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    let page = Page {
        thread: "banjir".into(),
        url: String::new(),
        title: "Banjir".into(),
    };
    let comments = comments.to_vec();
    Owner::new().with(move || {
        let form = FormState::new(config, Ids::new(""), page, "", Seed::default());
        let list = ListState::new(form, clock).expect("a list");
        list.loaded.update(|l| {
            l.add_page(ListPage {
                comments,
                total: None,
                next: None,
            })
        });
        view! { <CommentList list /> }.to_html().replace("<!>", "")
    })
}

#[test]
fn the_thread_nests_in_wordpress_markup() {
    let list = [
        c("1", None, Body::Text("a".into())),
        c("2", Some("1"), Body::Text("b".into())),
        c("3", None, Body::Text("c".into())),
    ];
    let html = render(&list, 5);
    let shape: Vec<&str> = html
        .split('<')
        .filter_map(|t| {
            let name = t.split([' ', '>']).next()?;
            ["li", "/li", "ol", "/ol"].contains(&name).then_some(name)
        })
        .collect();
    assert_eq!(
        shape,
        ["ol", "li", "ol", "li", "/li", "/ol", "/li", "li", "/li", "/ol"],
        "{html}"
    );
    assert!(
        html.contains(
            r#"<h2 part="comments-title" class="comments-title">3 tanggapan untuk “Banjir”</h2>"#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"<li id="comment-1" part="comment" class="comment depth-1 parent">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<li id="comment-2" part="comment" class="comment depth-2">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<b class="fn">Budi</b> <span class="says">berkata:</span>"#),
        "{html}"
    );
    assert!(html.contains(r#"<time datetime="2026-11-18T11:06:40Z">5 menit yang lalu</time>"#));
    assert!(html.contains(
        r##"<a rel="nofollow" href="#respond" data-commentid="2" data-respondelement="respond" data-replyto="Tinggalkan Balasan ke Budi" aria-label="Balas ke Budi""##
    ), "{html}");
    assert!(html.contains(
        r#"data-belowelement="div-comment-2" part="reply" class="comment-reply-link">Balas</a>"#
    ));
    // No more pages, nothing failed.
    assert!(
        html.contains(r#"<button type="button" part="more" hidden class="balasan-more">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<p role="alert" part="alert" hidden class="balasan-alert">"#),
        "{html}"
    );
}

#[test]
fn the_deepest_level_gets_no_reply_link() {
    let list = [
        c("1", None, Body::Text("a".into())),
        c("2", Some("1"), Body::Text("b".into())),
    ];
    let html = render(&list, 2);
    assert!(html.contains(r#"data-commentid="1""#));
    assert!(!html.contains(r#"data-commentid="2""#));
}

#[test]
fn backend_values_are_text_everywhere() {
    let evil = r#""><script>alert(1)</script><x y=""#;
    let mut one = c(
        evil,
        None,
        Body::Text(format!("{evil}\nhttps://a.id/\"onmouseover=x")),
    );
    one.author = evil.into();
    one.url = format!("https://a.id/{evil}");
    let html = render(&[one], 5);
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<x "), "{html}");
    assert!(
        !html.contains("=\"\">"),
        "no attribute closed early: {html}"
    );
    // Ids, the permalink, the author's name and link, the reply link's four values and
    // the text: every one escaped (quotes too, in attributes).
    assert_eq!(html.matches("&gt;&lt;script&gt;").count(), 10, "{html}");
    assert!(html.contains(r#"<a href="https://a.id/" rel="nofollow ugc noopener">"#));
}

#[test]
fn html_comments_are_left_for_the_sanitizer() {
    let list = [
        c("1", None, Body::Text("a".into())),
        c("2", None, Body::Html("<p>b<script>x</script></p>".into())),
    ];
    let html = render(&list, 5);
    assert!(
        html.contains(r#"<div class="comment-content"></div>"#),
        "{html}"
    );
    assert!(!html.contains("script"));
}

#[test]
fn text_comments_are_paragraphs_lines_and_links() {
    let text = "Baris satu\nbaris dua https://contoh.id/a.\n\nParagraf dua";
    let html = render(&[c("1", None, Body::Text(text.into()))], 5);
    assert!(html.contains(concat!(
        r#"<div class="comment-content"><p>Baris satu<br>baris dua "#,
        r#"<a href="https://contoh.id/a" rel="nofollow ugc noopener">https://contoh.id/a</a>.</p>"#,
        "<p>Paragraf dua</p></div>"
    )), "{html}");
}

#[test]
fn held_comments_say_so_and_get_no_reply_link() {
    let mut held = c("baru-1", None, Body::Text("a".into()));
    held.pending = true;
    let html = render(&[held], 5);
    assert!(html.contains("Komentar Anda sedang menunggu moderasi."));
    assert!(!html.contains("comment-reply-link"));
    assert!(
        html.contains(r#"part="comments-title" hidden class="comments-title"></h2>"#),
        "a held comment is not counted: {html}"
    );
}

#[test]
fn author_links_only_for_web_addresses() {
    let mut a = c("1", None, Body::Text("a".into()));
    a.url = "https://budi.id".into();
    let mut b = c("2", None, Body::Text("b".into()));
    b.url = "javascript:alert(1)".into();
    let html = render(&[a, b], 5);
    assert!(html.contains(
        r#"<b class="fn"><a href="https://budi.id" rel="external nofollow ugc" class="url">Budi</a></b>"#
    ), "{html}");
    assert!(!html.contains("javascript"));
}
