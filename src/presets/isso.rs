//! `isso`: `POST <endpoint>/new?uri=<thread>` of an Isso server. Replies were recorded
//! from a real Isso 0.14.0 on loopback; the end-to-end tests also post to one.

use balasan_core::{Field, Problem};

use super::{accepted_if_json, failed, problems};
use crate::json::Value;
use crate::outcome::{html_text, Outcome, Reply};
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
    failed(format_args!(
        "Isso answered {}: \"{gist}\"{}",
        reply.status,
        if reply.status == 403 {
            " (is this page's origin listed in Isso's [general] host?)"
        } else {
            ""
        }
    ))
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
}
