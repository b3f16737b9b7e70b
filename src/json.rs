//! JSON as backends write it and the widget sends it, with serde_json.
//!
//! - [`parse`] reads a reply, a list page or a stored entry into a [`Value`]. Where the
//!   browser's `JSON.parse` reads a lone surrogate escape (`"\ud800"`) into a string the page
//!   then shows as `U+FFFD`, serde_json refuses the whole text; such escapes are read as
//!   `U+FFFD` here, so one odd comment never costs the reader the whole list.
//! - [`Object`] writes one object, member by member, in the order given (a preset's wire
//!   names its members in the order its backend documents them).
//!
//! Replies are read as a [`Value`] and the fields a preset needs are picked out of it:
//! in a test build with the release flags, serde derives for the ten reply, list and entry
//! shapes cost 16 KB brotli more than reading them as a `Value` (1.4 KB for each further
//! shape).
//!
//! # Usage
//! ```
//! use balasan::json::{self, Object, Value};
//!
//! let body = Object::new().str("author", "Sari \"S\"").num("elapsed_ms", 4200).finish();
//! assert_eq!(body, r#"{"author":"Sari \"S\"","elapsed_ms":4200}"#);
//!
//! let reply = json::parse(r#"{"error":{"code":"invalid"},"id":"\ud800!"}"#).unwrap();
//! assert_eq!(reply.pointer("/error/code").and_then(Value::as_str), Some("invalid"));
//! assert_eq!(reply["id"], "\u{fffd}!");
//! ```

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeMap, Serializer};
pub use serde_json::Value;

/// The items of an array (none for anything else).
pub fn items(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// The members of an object (none for anything else).
pub fn members(v: &Value) -> impl Iterator<Item = (&String, &Value)> {
    v.as_object().into_iter().flatten()
}

/// `text` as JSON; `None` when it is not JSON. Lone surrogate escapes read as `U+FFFD`.
pub fn parse(text: &str) -> Option<Value> {
    serde_json::from_str(&with_lone_surrogates_replaced(text)).ok()
}

/// `text` with each `\uD800`–`\uDFFF` escape that is not half of a pair written as
/// `\uFFFD`; everything else as it was (borrowed when there is nothing to replace).
fn with_lone_surrogates_replaced(text: &str) -> Cow<'_, str> {
    // An escape starts at a backslash that is not itself escaped; outside strings valid
    // JSON has no backslash, so the scan needs no idea of where strings are.
    let b = text.as_bytes();
    // The surrogate written by an escape `\uXXXX` at `at`, if that is what is there.
    let surrogate = |at: usize| -> Option<u32> {
        if b.get(at..at + 2) != Some(b"\\u") {
            return None;
        }
        let unit = u32::from_str_radix(text.get(at + 2..at + 6)?, 16).ok()?;
        (0xD800..0xE000).contains(&unit).then_some(unit)
    };
    let mut out: Option<String> = None;
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        match surrogate(i) {
            Some(0xD800..=0xDBFF) if surrogate(i + 6).is_some_and(|low| low >= 0xDC00) => {
                i += 12; // a pair
            }
            Some(_) => {
                let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
                out.push_str(&text[copied..i]);
                out.push_str("\\ufffd");
                i += 6;
                copied = i;
            }
            None => i += 2, // any other escape, `\\` included
        }
    }
    match out {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(text),
    }
}

/// One JSON object, member by member, in insertion order.
#[derive(Debug, Default)]
pub struct Object(Vec<(String, Member)>);

#[derive(Debug)]
enum Member {
    Str(String),
    Num(u64),
    Obj(Object),
}

impl Object {
    pub fn new() -> Object {
        Object::default()
    }

    pub fn str(mut self, key: &str, value: &str) -> Object {
        self.0.push((key.to_owned(), Member::Str(value.to_owned())));
        self
    }

    pub fn num(mut self, key: &str, value: u64) -> Object {
        self.0.push((key.to_owned(), Member::Num(value)));
        self
    }

    pub fn obj(mut self, key: &str, value: Object) -> Object {
        self.0.push((key.to_owned(), Member::Obj(value)));
        self
    }

    /// The object's JSON text.
    pub fn finish(self) -> String {
        serde_json::to_string(&self).unwrap_or_default()
    }
}

impl Serialize for Object {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (key, member) in &self.0 {
            match member {
                Member::Str(v) => map.serialize_entry(key, v)?,
                Member::Num(v) => map.serialize_entry(key, v)?,
                Member::Obj(v) => map.serialize_entry(key, v)?,
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogates_are_read_as_the_replacement_character_and_pairs_as_they_are() {
        let read = |t: &str| parse(t).and_then(|v| v.as_str().map(str::to_owned));
        assert_eq!(read(r#""\ud83d\ude00""#).as_deref(), Some("😀"));
        assert_eq!(read(r#""\ud83d""#).as_deref(), Some("\u{fffd}"));
        assert_eq!(read(r#""\ude00x""#).as_deref(), Some("\u{fffd}x"));
        assert_eq!(
            read(r#""\ud83d\ud83d\ude00""#).as_deref(),
            Some("\u{fffd}😀")
        );
        assert_eq!(read(r#""a\ud83dA\u0041""#).as_deref(), Some("a\u{fffd}AA"));
        // An escaped backslash followed by text that looks like an escape is text.
        assert_eq!(read(r#""\\ud83d""#).as_deref(), Some("\\ud83d"));
        assert_eq!(read(r#""\\\ud83d""#).as_deref(), Some("\\\u{fffd}"));
        // Not JSON stays not JSON.
        assert_eq!(parse(r#""\ud83""#), None);
        assert_eq!(parse("{"), None);
        assert!(matches!(
            with_lone_surrogates_replaced(r#"{"a":"\n"}"#),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn objects_keep_their_order_and_escape_what_json_must() {
        let inner = Object::new().str("token", "t").str("answer", "8");
        let body = Object::new()
            .str("z", "\"\\\n\u{1}😀")
            .num("a", u64::MAX)
            .obj("captcha", inner)
            .finish();
        assert_eq!(
            body,
            r#"{"z":"\"\\\n\u0001😀","a":18446744073709551615,"captcha":{"token":"t","answer":"8"}}"#
        );
        assert_eq!(parse(&body).unwrap()["z"], "\"\\\n\u{1}😀");
    }
}
