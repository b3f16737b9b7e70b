//! Property tests of the widget's JSON reader and writer (`src/json.rs`): it must accept
//! exactly the texts serde_json accepts and read the same values, so no reply is read
//! differently from how the backend meant it. Native only; bounded by `PROPTEST_CASES`
//! (default 512, never fewer than the floor in `core/tests/support/cases.rs`).
#![cfg(not(target_arch = "wasm32"))]

#[path = "../core/tests/support/cases.rs"]
mod cases;

use balasan::json::{Object, Value};
use proptest::prelude::*;

fn cases() -> ProptestConfig {
    cases::config(512)
}

proptest! {
    #![proptest_config(cases())]

    #[test]
    fn json_writer_output_is_read_back_by_both_parsers(s in any::<String>(), n: u64) {
        let written = Object::new().str("s", &s).num("n", n).finish();
        let ours = Value::parse(&written).unwrap();
        prop_assert_eq!(ours.get("s").and_then(Value::as_str), Some(s.as_str()));
        prop_assert_eq!(ours.get("n").and_then(Value::as_u64), Some(n));
        let theirs: serde_json::Value = serde_json::from_str(&written).unwrap();
        prop_assert_eq!(as_serde(&ours), theirs);
    }

    #[test]
    fn json_parser_agrees_with_serde_json_on_any_text(text in any::<String>()) {
        agree(&text)?;
    }

    #[test]
    fn json_parser_agrees_with_serde_json_on_json_and_near_json(
        v in json_value(),
        flaws in prop::collection::vec(flaw(), 0..48),
    ) {
        // Valid JSON, written with a few flaws (a trailing comma, a leading zero, a repeated
        // key, a raw control character, …): both parsers must accept the same texts and
        // read the same values from them.
        let mut text = String::new();
        let mut flaws = flaws.into_iter();
        write_flawed(&v, &mut flaws, &mut text);
        if let Some(Flaw::Junk) = flaws.next() {
            text.push_str(" x");
        }
        agree(&text)?;
    }
}

/// Both parsers accept the same texts, and read the same values from them. The one allowed
/// difference: serde_json refuses numbers beyond f64's range, which this reader keeps as
/// text.
fn agree(text: &str) -> Result<(), TestCaseError> {
    let ours = Value::parse(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (&ours, &theirs) {
        (Some(o), Ok(t)) => {
            prop_assert_eq!(&as_serde(o), t, "{:?}", text);
            // `get` reads a repeated key as serde_json and browsers do: the last one wins.
            for (k, _) in o.members() {
                let read = o.get(k).map(as_serde);
                prop_assert_eq!(read.as_ref(), t.get(k), "{:?}", text);
            }
        }
        (None, Err(_)) => {}
        (Some(_), Err(e)) if e.to_string().contains("out of range") => {}
        _ => prop_assert!(
            false,
            "ours {:?}, serde_json {:?}, on {:?}",
            ours.is_some(),
            theirs.map(|_| ()),
            text
        ),
    }
    Ok(())
}

/// The same value as serde_json holds it (numbers through serde_json's own reading of the
/// text, repeated keys last-wins).
fn as_serde(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => serde_json::from_str(n).unwrap_or(serde_json::Value::Null),
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Array(items) => items.iter().map(as_serde).collect(),
        Value::Object(members) => serde_json::Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), as_serde(v)))
                .collect(),
        ),
    }
}

/// A way to spoil one value of a JSON text.
#[derive(Clone, Copy, Debug)]
enum Flaw {
    None,
    TrailingComma,
    MissingComma,
    LeadingZero,
    RepeatedKey,
    MissingColon,
    RawControl,
    LoneSurrogate,
    BadEscape,
    Unclosed,
    Junk,
}

fn flaw() -> impl Strategy<Value = Flaw> {
    prop_oneof![
        30 => Just(Flaw::None),
        1 => Just(Flaw::TrailingComma),
        1 => Just(Flaw::MissingComma),
        1 => Just(Flaw::LeadingZero),
        2 => Just(Flaw::RepeatedKey),
        1 => Just(Flaw::MissingColon),
        1 => Just(Flaw::RawControl),
        1 => Just(Flaw::LoneSurrogate),
        1 => Just(Flaw::BadEscape),
        1 => Just(Flaw::Unclosed),
        1 => Just(Flaw::Junk),
    ]
}

/// Writes `v` as JSON, spoiling each value with the next flaw (most are `None`).
fn write_flawed(v: &serde_json::Value, flaws: &mut impl Iterator<Item = Flaw>, out: &mut String) {
    use serde_json::Value as J;
    let flaw = flaws.next().unwrap_or(Flaw::None);
    match v {
        J::Number(n) if matches!(flaw, Flaw::LeadingZero) => {
            out.push('0');
            out.push_str(&n.to_string());
        }
        J::String(s) => match flaw {
            Flaw::RawControl => out.push_str(&format!("\"{s}\u{1}\"")),
            Flaw::LoneSurrogate => out.push_str("\"\\ud800\""),
            Flaw::BadEscape => out.push_str("\"\\q\""),
            _ => out.push_str(&v.to_string()),
        },
        J::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(if matches!(flaw, Flaw::MissingComma) {
                        ' '
                    } else {
                        ','
                    });
                }
                write_flawed(item, flaws, out);
            }
            if matches!(flaw, Flaw::TrailingComma) {
                out.push(',');
            }
            if !matches!(flaw, Flaw::Unclosed) {
                out.push(']');
            }
        }
        J::Object(members) => {
            out.push('{');
            let mut all: Vec<(&String, &J)> = members.iter().collect();
            if let (Flaw::RepeatedKey, Some(&(k, _))) = (flaw, all.first()) {
                all.push((k, &J::Null));
            }
            for (i, (k, item)) in all.iter().enumerate() {
                if i > 0 {
                    out.push(if matches!(flaw, Flaw::MissingComma) {
                        ' '
                    } else {
                        ','
                    });
                }
                out.push_str(&J::String((*k).clone()).to_string());
                if !(i == 0 && matches!(flaw, Flaw::MissingColon)) {
                    out.push(':');
                }
                write_flawed(item, flaws, out);
            }
            if matches!(flaw, Flaw::TrailingComma) {
                out.push(',');
            }
            if !matches!(flaw, Flaw::Unclosed) {
                out.push('}');
            }
        }
        _ => out.push_str(&v.to_string()),
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        any::<String>().prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}
