//! `isso`: `POST <endpoint>/new?uri=<thread>` of an Isso server. Replies were recorded
//! from a real Isso 0.14.0 on loopback; the end-to-end tests also post to one.

use balasan_core::{Field, Problem};

use super::{accepted_if_json, failed, problems, ListAsk};
use crate::json::{self, Value};
use crate::list::{Body, ListComment, ListPage};
use crate::outcome::{html_text, Outcome, Reply};
use crate::request::percent_encode;
use crate::request::{Encoding, Slot, Wire};

/// Isso's names, the thread in the query. No `Idempotency-Key`: Isso's CORS refuses it.
pub(super) fn wire() -> Wire {
    use Slot::*;
    Wire {
        numeric_ids: true,
        thread_query: Some(("/new", "uri")),
        ..Wire::new(
            Encoding::Json,
            &[
                (Content, "text"),
                (Author, "author"),
                (Email, "email"),
                (Url, "website"),
                (Parent, "parent"),
                (PageTitle, "title"),
            ],
        )
    }
}

/// Isso: `201`, or `202` when moderated; refusals are Werkzeug error pages naming the field.
pub(super) fn interpret(reply: &Reply, _wire: &Wire) -> Outcome {
    if (200..300).contains(&reply.status) {
        return accepted_if_json(reply, |v| {
            reply.status == 202 || v.and_then(|v| v.get("mode")).and_then(Value::as_u64) == Some(2)
        });
    }
    let text = html_text(&reply.body).to_ascii_lowercase();
    if text.contains("ratelimit") {
        return Outcome::TooFast { retry_after: None };
    }
    if reply.status == 400 {
        let field = [
            ("text", Field::Comment),
            ("author", Field::Author),
            ("email", Field::Email),
            ("rfc5321", Field::Email),
            ("website", Field::Url),
        ]
        .into_iter()
        .find(|(word, _)| text.contains(word))
        .map(|(_, f)| f);
        let problem = if text.contains("missing") {
            Problem::Missing
        } else if text.contains("too short") {
            Problem::TooShort
        } else if text.contains("too long") || text.contains("length limit") {
            Problem::TooLong
        } else {
            Problem::Invalid
        };
        if let Some(field) = field {
            return problems(vec![(field, problem)]);
        }
    }
    let gist: String = text.chars().take(160).collect();
    let hint = if reply.status == 403 {
        " (is this page's origin listed in Isso's [general] host?)"
    } else {
        ""
    };
    failed(format!("Isso answered {}: \"{gist}\"{hint}", reply.status))
}

/// A list of its own (`Preset::may_list`).
pub(super) const LISTS: bool = true;

/// `GET <endpoint>/?uri=<thread>`: the whole thread, nested (Isso pages by nothing the
/// widget needs).
pub(super) fn list_url(endpoint: &str, ask: &ListAsk) -> Option<String> {
    Some(format!("{}/?uri={}", endpoint.trim_end_matches('/'), percent_encode(&ask.thread)))
}

/// `{total_replies, replies: [{id, parent, created, author, website, text, replies}]}`;
/// `text` is HTML; `created` is unix seconds with a fraction.
pub(super) fn read_list(reply: &Reply, _: &ListAsk) -> Option<ListPage> {
    if reply.status != 200 {
        return None;
    }
    let v = json::parse(&reply.body)?;
    let mut comments = Vec::new();
    flatten(v.get("replies")?, &mut comments);
    Some(ListPage {
        total: Some(comments.len() as u64),
        comments,
        next: None,
    })
}

fn flatten(replies: &Value, out: &mut Vec<ListComment>) {
    for c in json::items(replies) {
        let text = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        let Some(id) = c.get("id").and_then(Value::as_u64) else {
            continue;
        };
        let created = match c.get("created") {
            // Whole seconds.
            Some(Value::Number(n)) => n.as_f64().filter(|s| *s >= 0.0).map(|s| s as u64),
            _ => None,
        };
        out.push(ListComment {
            id: id.to_string(),
            parent: c.get("parent").and_then(Value::as_u64).map(|p| p.to_string()),
            author: text("author"),
            url: text("website"),
            body: Body::Html(text("text")),
            created: created.unwrap_or(0) as i64,
            pending: c.get("mode").and_then(Value::as_u64) == Some(2),
        });
        if let Some(r) = c.get("replies") {
            flatten(r, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{at, read};
    use crate::outcome::Outcome;
    use crate::presets::Preset;
    use balasan_core::Field::*;
    use balasan_core::Problem::*;

    // Recorded from Isso 0.14.0 on loopback.
    #[test]
    fn isso_replies() {
        let p = Preset::Isso;
        assert_eq!(
            read(
                p,
                at(
                    201,
                    r#"{"id": 1, "parent": null, "created": 1764000000.1, "modified": null, "mode": 1, "text": "<p>Bagus</p>", "author": "Sari", "website": null, "likes": 0, "dislikes": 0, "notification": 0, "hash": "4505c1eeda98"}"#
                )
            ),
            Outcome::Accepted { pending: false }
        );
        assert_eq!(
            read(p, at(202, r#"{"id": 2, "mode": 2}"#)),
            Outcome::Accepted { pending: true }
        );
        let werkzeug = |msg: &str| {
            format!("<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>{msg}</p>\n")
        };
        assert_eq!(
            read(p, at(400, &werkzeug("text is missing"))),
            Outcome::Invalid(vec![(Comment, Missing)])
        );
        assert_eq!(
            read(
                p,
                at(400, &werkzeug("text is too short (minimum length: 3)"))
            ),
            Outcome::Invalid(vec![(Comment, TooShort)])
        );
        assert!(
            matches!(read(p, at(403, "<title>403 Forbidden</title><p>CSRF</p>")), Outcome::Failed(n) if n.contains("host"))
        );
    }

    // Recorded from Isso 0.14.0's GET /?uri=.
    #[test]
    fn isso_lists() {
        let body = r#"{"id": null, "total_replies": 1, "hidden_replies": 0, "replies": [{"id": 1, "parent": null, "created": 1795000000.25, "modified": null, "mode": 1, "text": "<p>Halo</p>", "author": "Sari", "website": null, "likes": 0, "dislikes": 0, "notification": 0, "hash": "4505c1eeda98", "total_replies": 1, "hidden_replies": 0, "replies": [{"id": 2, "parent": 1, "created": 1795000100.5, "mode": 1, "text": "<p>Ya</p>", "author": null, "website": "http://b.id"}]}]}"#;
        let page = Preset::Isso.read_list(&at(200, body), &Default::default()).unwrap();
        assert_eq!(page.comments.len(), 2);
        assert_eq!(page.comments[1].parent.as_deref(), Some("1"));
        assert_eq!(page.comments[1].author, "");
        assert_eq!(page.comments[0].created, 1_795_000_000);
        assert_eq!(
            Preset::Isso
                .list_url("http://127.0.0.1:8081/", &crate::presets::ListAsk {
                    thread: "/a b".into(),
                    ..Default::default()
                })
                .unwrap(),
            "http://127.0.0.1:8081/?uri=%2Fa%20b"
        );
    }
}
