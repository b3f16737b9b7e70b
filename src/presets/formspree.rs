//! `formspree`: a Formspree form (`https://formspree.io/f/…`). No Formspree server runs
//! here: its replies are as its documentation shows them.

use balasan_core::validate::Problems;
use balasan_core::Problem;

pub(super) use super::{no_list as list_url, no_page as read_list};
/// No list of its own (`Preset::may_list`).
pub(super) const LISTS: bool = false;
use super::{accepted_if_json, failed, problems};
use crate::json::{self, Value};
use crate::outcome::{Outcome, Reply};
use crate::request::{Encoding, Slot, Wire};

/// Formspree's names; the page title as the mail's subject, the honeypot as `_gotcha`.
pub(super) fn wire() -> Wire {
    use Slot::*;
    Wire::new(
        Encoding::Json,
        &[
            (Author, "name"),
            (Email, "email"),
            (Url, "website"),
            (Content, "message"),
            (Post, "post"),
            (PageUrl, "page_url"),
            (PageTitle, "_subject"),
            (Honeypot, "_gotcha"),
        ],
    )
}

/// Formspree: `{ok: true}`; errors `{error, errors: [{field, code, message}]}`. The comment
/// goes to the site's inbox, so an accepted one is "pending".
pub(super) fn interpret(reply: &Reply, wire: &Wire) -> Outcome {
    if (200..300).contains(&reply.status) {
        return accepted_if_json(reply, |_| true);
    }
    let json = json::parse(&reply.body);
    let list: Problems = json
        .as_ref()
        .and_then(|v| v.get("errors"))
        .map(json::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| {
            let field = wire.field_named(e.get("field")?.as_str()?)?;
            let problem = match e.get("code").and_then(Value::as_str) {
                Some("REQUIRED_FIELD_MISSING" | "REQUIRED_FIELD_EMPTY") => Problem::Missing,
                _ => Problem::Invalid,
            };
            Some((field, problem))
        })
        .collect();
    if !list.is_empty() {
        return problems(list);
    }
    let error = json
        .as_ref()
        .and_then(|v| v.get("error"))
        .and_then(Value::as_str)
        .unwrap_or("");
    failed(format!("Formspree answered {}: \"{error}\"", reply.status))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{at, read};
    use crate::outcome::Outcome;
    use crate::presets::Preset;
    use balasan_core::Field::*;
    use balasan_core::Problem::*;

    // Formspree as its documentation shows it (no server here).
    #[test]
    fn formspree_replies() {
        assert_eq!(
            read(
                Preset::Formspree,
                at(200, r#"{"next":"/thanks","ok":true}"#)
            ),
            Outcome::Accepted { pending: true }
        );
        assert_eq!(
            read(
                Preset::Formspree,
                at(
                    422,
                    r#"{"error":"Validation errors","errors":[{"code":"TYPE_EMAIL","field":"email","message":"should be an email"}]}"#
                )
            ),
            Outcome::Invalid(vec![(Email, Invalid)])
        );
    }
}
