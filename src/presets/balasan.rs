//! `balasan`: the native contract, as the reference server implements it. JSON with every
//! slot under its own name and an `Idempotency-Key`; replies `201`/`202` (pending), errors
//! `{error: {code, message, fields}}` (the types in `balasan_core::contract`).

use balasan_core::validate::Problems;
use balasan_core::{Field, Problem};

use super::{accepted_if_json, failed, problems};
use crate::json::Value;
use crate::outcome::{Outcome, Reply};
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
    let json = Value::parse(&reply.body);
    let error = json.as_ref().and_then(|v| v.get("error"));
    let code = error
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let fields: Problems = error
        .and_then(|e| e.get("fields"))
        .map(Value::members)
        .unwrap_or_default()
        .iter()
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
        (status, "") => failed(format_args!("the endpoint answered {status}")),
        (status, code) => failed(format_args!("the endpoint answered {status} ({code})")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{at, read};
    use crate::outcome::Outcome;
    use crate::presets::Preset;
    use balasan_core::Field::*;
    use balasan_core::Problem::*;

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
}
