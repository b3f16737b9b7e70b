//! `balasan`: the native contract, as the reference server implements it. JSON with every
//! slot under its own name and an `Idempotency-Key`; replies `201`/`202` (pending), errors
//! `{error: {code, message, fields}}` (the types in `balasan_core::contract`).

use balasan_core::validate::Problems;
use balasan_core::{Field, Problem};

use super::{accepted_if_json, failed, problems, with_query, ListAsk};
use crate::json::{self, Value};
use crate::list::{Body, ListComment, ListPage};
use crate::outcome::{Outcome, Reply};
use crate::request::percent_encode;
use crate::request::{Encoding, Slot, Wire};

/// Every slot, under its native name, in the contract's order.
pub(super) fn wire() -> Wire {
    Wire {
        idempotency: true,
        ..Wire::new(
            Encoding::Json,
            Slot::ALL.iter().map(|s| (*s, s.name())).collect::<Vec<_>>().as_slice(),
        )
    }
}

/// The native contract: `201`/`202`, errors as `{error: {code, message, fields}}`.
pub(super) fn interpret(reply: &Reply, wire: &Wire) -> Outcome {
    if (200..300).contains(&reply.status) {
        return accepted_if_json(reply, |v| {
            reply.status == 202
                || v.and_then(|v| v.get("status")).and_then(Value::as_str) == Some("pending")
        });
    }
    let json = json::parse(&reply.body);
    let error = json.as_ref().and_then(|v| v.get("error"));
    let code = error
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let fields: Problems = error
        .and_then(|e| e.get("fields"))
        .into_iter()
        .flat_map(json::members)
        .filter_map(|(name, v)| {
            let field = wire.field_named(name)?;
            let code = v.as_str().or_else(|| v.get("code").and_then(Value::as_str));
            Some((
                field,
                code.and_then(Problem::from_code)
                    .unwrap_or(Problem::Invalid),
            ))
        })
        .collect();
    if !fields.is_empty() {
        return problems(fields);
    }
    match (reply.status, code) {
        (409, _) | (_, "duplicate") => Outcome::Duplicate,
        (_, "captcha") => problems(vec![(Field::Captcha, Problem::Invalid)]),
        (_, "closed") => Outcome::Closed,
        (_, "rate_limited") => Outcome::TooFast {
            retry_after: reply.retry_after_secs(),
        },
        (status, "") => failed(format!("the endpoint answered {status}")),
        (status, code) => failed(format!("the endpoint answered {status} ({code})")),
    }
}

/// A list of its own (`Preset::may_list`).
pub(super) const LISTS: bool = true;

/// `GET <endpoint>?post=…&order=…&limit=…[&after=…]`.
pub(super) fn list_url(endpoint: &str, ask: &ListAsk) -> Option<String> {
    let order = if ask.newest_first { "newest" } else { "oldest" };
    let mut q = format!(
        "post={}&order={order}&limit={}",
        percent_encode(&ask.thread),
        ask.per_page
    );
    if let Some(after) = &ask.next {
        q.push_str("&after=");
        q.push_str(&percent_encode(after));
    }
    // A query no cached copy has (the server ignores it): the reader who just published
    // gets the list with their comment, not a browser's or CDN's copy from before it.
    if let Some(at) = ask.fresh {
        q.push_str(&format!("&fresh={at}"));
    }
    Some(with_query(endpoint, &q))
}

/// `{comments: [{id, parent, author, url, content, created_at}], total, next}`; the text is
/// plain.
pub(super) fn read_list(reply: &Reply, _: &ListAsk) -> Option<ListPage> {
    if reply.status != 200 {
        return None;
    }
    let v = json::parse(&reply.body)?;
    let comments = json::items(v.get("comments")?)
        .iter()
        .filter_map(|c| {
            Some(ListComment {
                id: id_text(c.get("id")?)?,
                parent: c.get("parent").and_then(id_text),
                author: c.get("author")?.as_str()?.to_owned(),
                url: c.get("url").and_then(Value::as_str).unwrap_or("").to_owned(),
                body: Body::Text(c.get("content")?.as_str()?.to_owned()),
                created: c.get("created_at").and_then(Value::as_u64).unwrap_or(0) as i64,
                pending: false,
            })
        })
        .collect();
    Some(ListPage {
        comments,
        total: v.get("total").and_then(Value::as_u64),
        next: v.get("next").and_then(Value::as_str).map(str::to_owned),
    })
}

/// An id written as a whole number or as text. (Not `Number`'s own `Display`: it would
/// bring float formatting into the wasm for ids that are never fractions.)
pub(super) fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => n.as_u64().map(|n| n.to_string()),
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{at, read};
    use crate::outcome::Outcome;
    use crate::presets::Preset;
    use balasan_core::Field::*;
    use balasan_core::Problem::*;
    use crate::list::{Body, ListPage};
    use crate::presets::ListAsk;

    #[test]
    fn native_replies() {
        let p = Preset::Balasan;
        assert_eq!(
            read(p, at(201, r#"{"id":1,"status":"approved"}"#)),
            Outcome::Accepted { pending: false }
        );
        assert_eq!(
            read(p, at(202, r#"{"id":1,"status":"pending"}"#)),
            Outcome::Accepted { pending: true }
        );
        assert_eq!(
            read(
                p,
                at(
                    422,
                    r#"{"error":{"code":"invalid","message":"…","fields":{"email":"invalid","author":"required","content":"too_long"}}}"#
                )
            ),
            Outcome::Invalid(vec![
                (Comment, TooLong),
                (Author, Missing),
                (Email, Invalid)
            ])
        );
        assert_eq!(
            read(p, at(409, r#"{"error":{"code":"duplicate"}}"#)),
            Outcome::Duplicate
        );
        assert_eq!(
            read(
                p,
                at(
                    400,
                    r#"{"error":{"code":"captcha","message":"wrong answer"}}"#
                )
            ),
            Outcome::Invalid(vec![(Captcha, Invalid)])
        );
        assert_eq!(
            read(p, at(403, r#"{"error":{"code":"closed"}}"#)),
            Outcome::Closed
        );
        assert!(matches!(read(p, at(500, "")), Outcome::Failed(n) if n.contains("500")));
        assert!(matches!(
            read(
                p,
                at(502, "<html><body><h1>502 Bad Gateway</h1></body></html>")
            ),
            Outcome::Failed(_)
        ));
    }

    #[test]
    fn the_native_list() {
        let ask = ListAsk {
            thread: "berita/1".into(),
            newest_first: true,
            per_page: 20,
            next: Some("41".into()),
            fresh: None,
        };
        assert_eq!(
            Preset::Balasan.list_url("/api/comments", &ask).unwrap(),
            "/api/comments?post=berita%2F1&order=newest&limit=20&after=41"
        );
        // Past the caches, for the reader who just published.
        let fresh = ListAsk {
            fresh: Some(1_796_000_000_123),
            next: None,
            ..ask.clone()
        };
        assert_eq!(
            Preset::Balasan.list_url("/api/comments", &fresh).unwrap(),
            "/api/comments?post=berita%2F1&order=newest&limit=20&fresh=1796000000123"
        );
        let body = r#"{"comments":[{"id":7,"post":"x","parent":null,"author":"Sari","url":"","content":"Halo <b>","status":"approved","created_at":1795000000},{"id":8,"parent":7,"author":"Budi","url":"http://b.id","content":"Ya","status":"approved","created_at":1795000100}],"total":2,"next":null}"#;
        let page: ListPage = Preset::Balasan.read_list(&at(200, body), &Default::default()).unwrap();
        assert_eq!(page.total, Some(2));
        assert_eq!(page.next, None);
        assert_eq!(page.comments[0].body, Body::Text("Halo <b>".into()));
        assert_eq!(page.comments[1].parent.as_deref(), Some("7"));
        assert_eq!(Preset::Balasan.read_list(&at(500, ""), &Default::default()), None);
    }
}
