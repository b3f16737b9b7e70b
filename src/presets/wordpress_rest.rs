//! `wordpress-rest`: `POST /wp-json/wp/v2/comments` (or `/?rest_route=/wp/v2/comments`).
//! Replies were recorded from a real WordPress 6.1.9 (Debian) on loopback; see the tests.

use balasan_core::validate::Problems;
use balasan_core::{Field, Problem};

use super::{accepted_if_json, failed, problems, with_query, ListAsk};
use crate::json::{self, Value};
use crate::list::when::parse_utc;
use crate::list::{Body, ListComment, ListPage};
use crate::outcome::{Outcome, Reply};
use crate::request::percent_encode;
use crate::request::{Encoding, Slot, Wire};

/// WordPress's REST names; post and parent ids as JSON numbers. No `Idempotency-Key`:
/// WordPress's CORS does not allow the header.
pub(super) fn wire() -> Wire {
    use Slot::*;
    Wire {
        numeric_ids: true,
        ..Wire::new(
            Encoding::Json,
            &[
                (Post, "post"),
                (Parent, "parent"),
                (Author, "author_name"),
                (Email, "author_email"),
                (Url, "author_url"),
                (Content, "content"),
            ],
        )
    }
}

/// WordPress REST: `201` with the comment (`status` approved or hold), errors as
/// `{code, message, data: {status, params}}`.
pub(super) fn interpret(reply: &Reply, wire: &Wire) -> Outcome {
    if (200..300).contains(&reply.status) {
        return accepted_if_json(reply, |v| {
            v.and_then(|v| v.get("status")).and_then(Value::as_str) != Some("approved")
        });
    }
    let json = json::parse(&reply.body);
    let code = json
        .as_ref()
        .and_then(|v| v.get("code"))
        .and_then(Value::as_str)
        .unwrap_or("");
    use {Field::*, Problem::*};
    match code {
        "rest_comment_author_data_required" => problems(vec![(Author, Missing), (Email, Missing)]),
        "rest_comment_content_invalid" => problems(vec![(Comment, Missing)]),
        "comment_author_column_length" => problems(vec![(Author, TooLong)]),
        "comment_author_email_column_length" => problems(vec![(Email, TooLong)]),
        "comment_author_url_column_length" => problems(vec![(Url, TooLong)]),
        "comment_content_column_length" => problems(vec![(Comment, TooLong)]),
        "rest_invalid_param" => {
            let params = json.as_ref().and_then(|v| v.pointer("/data/params"));
            let list: Problems = params
                .into_iter()
                .flat_map(json::members)
                .filter_map(|(name, _)| Some((wire.field_named(name)?, Invalid)))
                .collect();
            if list.is_empty() {
                failed("WordPress refused a parameter (rest_invalid_param); is data-post-id a post id?")
            } else {
                problems(list)
            }
        }
        "comment_duplicate" => Outcome::Duplicate,
        "comment_flood" => Outcome::TooFast { retry_after: None },
        "rest_comment_closed" => Outcome::Closed,
        "rest_comment_login_required" => failed(
            "WordPress refuses anonymous comments over REST (rest_comment_login_required): \
             enable the rest_allow_anonymous_comments filter, or use data-preset=\"wordpress-form\"",
        ),
        "rest_comment_invalid_post_id" => {
            failed("WordPress has no post with this id: check data-post-id")
        }
        "" => failed(format!("WordPress answered {}", reply.status)),
        code => failed(format!("WordPress answered {} ({code})", reply.status)),
    }
}

/// A list of its own (`Preset::may_list`).
pub(super) const LISTS: bool = true;

/// `GET <endpoint>?post=…&per_page=…&page=…&order=…`: WordPress lists every comment of the
/// post flat, with its `parent`, a page at a time.
pub(super) fn list_url(endpoint: &str, ask: &ListAsk) -> Option<String> {
    let order = if ask.newest_first { "desc" } else { "asc" };
    let query = format!(
        "post={}&per_page={}&page={}&orderby=date_gmt&order={order}",
        percent_encode(&ask.thread),
        ask.per_page.min(100),
        ask.next.as_deref().unwrap_or("1"),
    );
    Some(with_query(endpoint, &query))
}

/// An array of comments (`content.rendered` is HTML), with `X-WP-Total` and
/// `X-WP-TotalPages`.
pub(super) fn read_list(reply: &Reply, ask: &ListAsk) -> Option<ListPage> {
    if reply.status != 200 {
        return None;
    }
    let v = json::parse(&reply.body)?;
    let comments = json::items(&v)
        .iter()
        .filter_map(|c| {
            let parent = c.get("parent").and_then(Value::as_u64).filter(|p| *p != 0);
            Some(ListComment {
                id: c.get("id")?.as_u64()?.to_string(),
                parent: parent.map(|p| p.to_string()),
                author: c.get("author_name")?.as_str()?.to_owned(),
                url: c.get("author_url").and_then(Value::as_str).unwrap_or("").to_owned(),
                body: Body::Html(c.pointer("/content/rendered")?.as_str()?.to_owned()),
                created: c
                    .get("date_gmt")
                    .and_then(Value::as_str)
                    .and_then(parse_utc)
                    .unwrap_or(0),
                pending: c.get("status").and_then(Value::as_str) == Some("hold"),
            })
        })
        .collect();
    let page = ask.next.as_deref().and_then(|n| n.parse().ok()).unwrap_or(1);
    let pages = reply
        .wp_pages
        .as_deref()
        .and_then(|p| p.trim().parse::<u64>().ok())
        .unwrap_or(1);
    Some(ListPage {
        comments,
        total: reply.wp_total.as_deref().and_then(|t| t.trim().parse::<u64>().ok()),
        next: (page < pages).then(|| (page + 1).to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{at, read};
    use crate::outcome::Outcome;
    use crate::presets::Preset;
    use balasan_core::Field::*;
    use balasan_core::Problem::*;

    // Recorded from WordPress 6.1.9 (Debian) on loopback; see ../shared/reference.
    #[test]
    fn wordpress_rest_replies() {
        let p = Preset::WordpressRest;
        assert_eq!(
            read(
                p,
                at(
                    201,
                    r#"{"id":5,"post":1,"status":"approved","content":{"rendered":"<p>x</p>"}}"#
                )
            ),
            Outcome::Accepted { pending: false }
        );
        assert_eq!(
            read(p, at(201, r#"{"id":6,"status":"hold"}"#)),
            Outcome::Accepted { pending: true }
        );
        assert_eq!(
            read(
                p,
                at(
                    400,
                    r#"{"code":"rest_comment_author_data_required","message":"Creating a comment requires valid author name and email values.","data":{"status":400}}"#
                )
            ),
            Outcome::Invalid(vec![(Author, Missing), (Email, Missing)])
        );
        assert_eq!(
            read(
                p,
                at(
                    409,
                    r#"{"code":"comment_duplicate","message":"Duplicate comment detected; it looks as though you&#8217;ve already said that!","data":{"status":409}}"#
                )
            ),
            Outcome::Duplicate
        );
        assert_eq!(
            read(
                p,
                at(
                    400,
                    r#"{"code":"rest_invalid_param","message":"Invalid parameter(s): author_email","data":{"status":400,"params":{"author_email":"Invalid email address."}}}"#
                )
            ),
            Outcome::Invalid(vec![(Email, Invalid)])
        );
        let login = read(
            p,
            at(
                401,
                r#"{"code":"rest_comment_login_required","message":"Sorry, you must be logged in to comment.","data":{"status":401}}"#,
            ),
        );
        assert!(
            matches!(&login, Outcome::Failed(n) if n.contains("rest_allow_anonymous_comments"))
        );
        assert_eq!(
            read(
                p,
                at(
                    403,
                    r#"{"code":"rest_comment_closed","message":"Sorry, comments are closed for this item.","data":{"status":403}}"#
                )
            ),
            Outcome::Closed
        );
    }

    // Recorded from WordPress 6.1.9's REST API (one comment, one reply).
    #[test]
    fn wordpress_lists() {
        let ask = crate::presets::ListAsk {
            thread: "4".into(),
            per_page: 50,
            ..Default::default()
        };
        assert_eq!(
            Preset::WordpressRest
                .list_url("http://wp.contoh.id/?rest_route=/wp/v2/comments", &ask)
                .unwrap(),
            "http://wp.contoh.id/?rest_route=/wp/v2/comments&post=4&per_page=50&page=1&orderby=date_gmt&order=asc"
        );
        let mut reply = at(
            200,
            r#"[{"id":5,"post":4,"parent":0,"author":0,"author_name":"Sari","author_url":"","date":"2026-11-27T17:15:00","date_gmt":"2026-11-27T10:15:00","content":{"rendered":"<p>Halo<\/p>\n"},"status":"approved","type":"comment"},{"id":6,"post":4,"parent":5,"author":0,"author_name":"Budi","author_url":"http:\/\/budi.id","date":"2026-11-27T17:20:00","date_gmt":"2026-11-27T10:20:00","content":{"rendered":"<p>Ya<\/p>\n"},"status":"approved","type":"comment"}]"#,
        );
        reply.wp_total = Some("2".into());
        reply.wp_pages = Some("2".into());
        let page = Preset::WordpressRest.read_list(&reply, &ask).unwrap();
        assert_eq!(page.next.as_deref(), Some("2"), "page 1 of 2");
        assert_eq!(page.total, Some(2));
        assert_eq!(page.comments[0].parent, None);
        assert_eq!(page.comments[1].parent.as_deref(), Some("5"));
        assert_eq!(page.comments[1].url, "http://budi.id");
        assert_eq!(page.comments[0].created, 1_795_774_500);
        assert!(matches!(&page.comments[0].body, crate::list::Body::Html(h) if h == "<p>Halo</p>\n"));
    }
}
