//! The thread as HTML, in WordPress's markup so a theme's CSS applies:
//! `li.comment#comment-N > article.comment-body#div-comment-N` with `.comment-author .fn`,
//! `.comment-metadata time`, `.comment-content`, `.reply a.comment-reply-link`, and the
//! replies in `ol.children`; `part` names for a shadow root.
//!
//! Every value from a backend is escaped; a text comment becomes paragraphs, line breaks
//! and links. An HTML comment is never written here: its `.comment-content` is left empty
//! with `data-balasan-html="i"` (its place in the comments), for `crate::view::sanitize`
//! to fill through the allow-list.
//!
//! ```
//! use balasan::i18n::{Lang, Texts};
//! use balasan::list::html::{thread, Markup};
//! use balasan::list::{thread::rows, Body, ListComment};
//!
//! let c = ListComment {
//!     id: "7".into(), parent: None, author: "Sari <b>".into(), url: String::new(),
//!     body: Body::Text("Halo".into()), created: 0, pending: false,
//! };
//! let texts = Texts::new(Lang::Id);
//! let m = Markup { texts: &texts, respond_id: "respond", max_depth: 5, now: 60, offset: 0 };
//! let html = thread(&[c.clone()], &rows(&[c], false, 5), &m);
//! assert!(html.starts_with(r#"<li id="comment-7" class="comment depth-1" part="comment">"#));
//! assert!(html.contains(r#"<b class="fn">Sari &lt;b&gt;</b>"#));
//! ```

use super::allow::author_link;
use super::text::{paragraphs, Piece};
use super::thread::Row;
use super::when::{iso, when};
use super::{Body, ListComment};
use crate::i18n::{Key, Texts};
use crate::template::escape_into;

/// What the markup needs besides the comments.
pub struct Markup<'a> {
    pub texts: &'a Texts,
    /// The form's `#respond` id, which "Balas" links name.
    pub respond_id: &'a str,
    /// Comments at this depth get no "Balas" (their replies would line up after them).
    pub max_depth: u32,
    /// Unix seconds now, and the reader's offset from UTC, for the dates.
    pub now: i64,
    pub offset: i64,
}

/// The `li` elements of `rows` (from [`super::thread::rows`] over `comments`).
pub fn thread(comments: &[ListComment], rows: &[Row], m: &Markup) -> String {
    let mut out = String::new();
    for (k, row) in rows.iter().enumerate() {
        let next = rows.get(k + 1).map_or(1, |n| n.depth);
        item(&mut out, comments, row, next > row.depth, m);
        if next > row.depth {
            out.push_str(r#"<ol class="children">"#);
        } else {
            out.push_str("</li>");
            for _ in next..row.depth {
                out.push_str("</ol></li>");
            }
        }
    }
    out
}

/// One comment, up to where its replies go.
fn item(out: &mut String, comments: &[ListComment], row: &Row, parent: bool, m: &Markup) {
    let c = &comments[row.index];
    let t = m.texts;
    let esc = |out: &mut String, s: &str| escape_into(out, s, true);
    let author = if c.author.is_empty() {
        "—"
    } else {
        &c.author
    };

    out.push_str(r#"<li id="comment-"#);
    esc(out, &c.id);
    out.push_str(r#"" class="comment depth-"#);
    out.push_str(&row.depth.to_string());
    if parent {
        out.push_str(" parent");
    }
    out.push_str(r#"" part="comment"><article id="div-comment-"#);
    esc(out, &c.id);
    out.push_str(r#"" class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">"#);
    if author_link(&c.url) {
        out.push_str(r#"<a href=""#);
        esc(out, &c.url);
        out.push_str(r#"" class="url" rel="external nofollow ugc">"#);
        esc(out, author);
        out.push_str("</a>");
    } else {
        esc(out, author);
    }
    out.push_str(r#"</b> <span class="says">"#);
    esc(out, t.get(Key::Says));
    out.push_str(r##"</span></div><div class="comment-metadata"><a href="#comment-"##);
    esc(out, &c.id);
    out.push_str(r#""><time datetime=""#);
    out.push_str(&iso(c.created));
    out.push_str(r#"">"#);
    esc(out, &when(c.created, m.now, m.offset, t));
    out.push_str("</time></a></div>");
    if c.pending {
        out.push_str(r#"<em class="comment-awaiting-moderation">"#);
        esc(out, t.get(Key::AwaitingModeration));
        out.push_str("</em>");
    }
    out.push_str(r#"</footer><div class="comment-content""#);
    match &c.body {
        Body::Html(_) => {
            out.push_str(r#" data-balasan-html=""#);
            out.push_str(&row.index.to_string());
            out.push_str(r#"">"#);
        }
        Body::Text(text) => {
            out.push('>');
            for para in paragraphs(text) {
                out.push_str("<p>");
                for (i, line) in para.iter().enumerate() {
                    if i > 0 {
                        out.push_str("<br>");
                    }
                    for piece in line {
                        match piece {
                            Piece::Text(s) => esc(out, s),
                            Piece::Link(url) => {
                                out.push_str(r#"<a href=""#);
                                esc(out, url);
                                out.push_str(r#"" rel="nofollow ugc noopener">"#);
                                esc(out, url);
                                out.push_str("</a>");
                            }
                        }
                    }
                }
                out.push_str("</p>");
            }
        }
    }
    out.push_str("</div>");
    // Replies only to comments the backend has an id for (not the reader's own) and not
    // below the deepest level, as WordPress.
    if !c.pending && !c.is_own() && row.depth < m.max_depth {
        out.push_str(
            r##"<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#"##,
        );
        esc(out, m.respond_id);
        for (name, value) in [
            ("data-commentid", c.id.as_str()),
            ("data-respondelement", m.respond_id),
            ("data-replyto", &t.fill(Key::ReplyTo, author)),
            ("aria-label", &t.fill(Key::ReplyToLabel, author)),
        ] {
            out.push_str(r#"" "#);
            out.push_str(name);
            out.push_str(r#"=""#);
            esc(out, value);
        }
        out.push_str(r#"" data-belowelement="div-comment-"#);
        esc(out, &c.id);
        out.push_str(r#"" part="reply">"#);
        esc(out, t.get(Key::Reply));
        out.push_str("</a></div>");
    }
    out.push_str("</article>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::list::thread::rows;

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

    fn render(list: &[ListComment], max_depth: u32) -> String {
        let texts = Texts::new(Lang::Id);
        let m = Markup {
            texts: &texts,
            respond_id: "respond",
            max_depth,
            now: 1_795_000_000 + 300,
            offset: 7 * 3600,
        };
        thread(list, &rows(list, false, max_depth), &m)
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
        assert_eq!(shape, ["li", "ol", "li", "/li", "/ol", "/li", "li", "/li"]);
        assert!(html.contains(r#"class="comment depth-1 parent""#));
        assert!(html.contains(r#"class="comment depth-2""#));
        assert!(html.contains(r#"<time datetime="2026-11-18T11:06:40Z">5 menit yang lalu</time>"#));
        assert!(html.contains(
            r##"<a rel="nofollow" class="comment-reply-link" href="#respond" data-commentid="2" data-respondelement="respond" data-replyto="Tinggalkan Balasan ke Budi""##
        ));
        assert!(html.contains(r#"data-belowelement="div-comment-2" part="reply">Balas</a>"#));
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
        // Ids, the permalink, the author's name and link, the reply link's four values and
        // the text: every one escaped.
        assert_eq!(
            html.matches("&quot;&gt;&lt;script&gt;").count(),
            10,
            "{html}"
        );
        assert!(html.contains(r#"<a href="https://a.id/" rel="nofollow ugc noopener">"#));
    }

    #[test]
    fn html_comments_are_left_for_the_sanitizer() {
        let list = [
            c("1", None, Body::Text("a".into())),
            c("2", None, Body::Html("<p>b<script>x</script></p>".into())),
        ];
        let html = render(&list, 5);
        assert!(html.contains(r#"<div class="comment-content" data-balasan-html="1"></div>"#));
        assert!(!html.contains("script"));
    }

    #[test]
    fn held_comments_say_so_and_get_no_reply_link() {
        let mut held = c("baru-1", None, Body::Text("a".into()));
        held.pending = true;
        let html = render(&[held], 5);
        assert!(html.contains("Komentar Anda sedang menunggu moderasi."));
        assert!(!html.contains("comment-reply-link"));
    }

    #[test]
    fn author_links_only_for_web_addresses() {
        let mut a = c("1", None, Body::Text("a".into()));
        a.url = "https://budi.id".into();
        let mut b = c("2", None, Body::Text("b".into()));
        b.url = "javascript:alert(1)".into();
        let html = render(&[a, b], 5);
        assert!(html.contains(
            r#"<b class="fn"><a href="https://budi.id" class="url" rel="external nofollow ugc">Budi</a></b>"#
        ));
        assert!(!html.contains("javascript"));
    }
}
