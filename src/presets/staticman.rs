//! `staticman`: a Staticman `/v3/entry/…` endpoint. No Staticman server runs here: its
//! replies are as its documentation shows them.

use balasan_core::validate::Problems;
use balasan_core::Problem;

pub(super) use super::{no_list as list_url, no_page as read_list};
/// No list of its own (`Preset::may_list`).
pub(super) const LISTS: bool = false;
use super::{accepted_if_json, failed, problems};
use crate::json::{self, Value};
use crate::outcome::{Outcome, Reply};
use crate::request::{Encoding, Slot, Wire};

/// `fields[…]` and `options[…]`, form-encoded.
pub(super) fn wire() -> Wire {
    use Slot::*;
    Wire::new(
        Encoding::Form,
        &[
            (Author, "fields[name]"),
            (Email, "fields[email]"),
            (Url, "fields[url]"),
            (Content, "fields[message]"),
            (Post, "options[slug]"),
            (Parent, "options[parent]"),
            (PageUrl, "options[origin]"),
        ],
    )
}

/// Staticman: `{success: true}`; errors `{success: false, errorCode, data}`. Entries
/// usually wait for a moderator (a pull request), so an accepted one is "pending".
pub(super) fn interpret(reply: &Reply, wire: &Wire) -> Outcome {
    let json = json::parse(&reply.body);
    let success = json
        .as_ref()
        .and_then(|v| v.get("success"))
        .and_then(Value::as_bool);
    if (200..300).contains(&reply.status) && success != Some(false) {
        return accepted_if_json(reply, |_| true);
    }
    let code = json
        .as_ref()
        .and_then(|v| v.get("errorCode"))
        .and_then(Value::as_str)
        .unwrap_or("");
    if code == "MISSING_REQUIRED_FIELDS" {
        let data = json.as_ref().and_then(|v| v.get("data"));
        let list: Problems = data
            .map(json::items)
            .unwrap_or_default()
            .iter()
            .filter_map(Value::as_str)
            .filter_map(|name| wire.field_named(&format!("fields[{name}]")))
            .map(|f| (f, Problem::Missing))
            .collect();
        if !list.is_empty() {
            return problems(list);
        }
    }
    failed(format!("Staticman answered {} ({code})", reply.status))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{at, read};
    use crate::outcome::Outcome;
    use crate::presets::Preset;
    use balasan_core::Field::*;
    use balasan_core::Problem::*;

    // Staticman v3 as its documentation shows it (no server here).
    #[test]
    fn staticman_replies() {
        assert_eq!(
            read(
                Preset::Staticman,
                at(200, r#"{"success":true,"fields":{"name":"Sari"}}"#)
            ),
            Outcome::Accepted { pending: true }
        );
        assert_eq!(
            read(
                Preset::Staticman,
                at(
                    500,
                    r#"{"success":false,"errorCode":"MISSING_REQUIRED_FIELDS","data":["name","message"]}"#
                )
            ),
            Outcome::Invalid(vec![(Comment, Missing), (Author, Missing)])
        );
        assert!(
            matches!(read(Preset::Staticman, at(500, r#"{"success":false,"errorCode":"IS_SPAM"}"#)), Outcome::Failed(n) if n.contains("IS_SPAM"))
        );
    }
}
