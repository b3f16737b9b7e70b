//! Just enough JSON for the widget: a writer for request bodies and a small parser for
//! replies. serde_json would cost the widget's readers many kilobytes (see the README's
//! size notes); this is a few hundred lines, checked against serde_json by property tests
//! (`tests/json.rs`), and unlike the browser's `JSON.parse` it runs in native tests too.
//!
//! # Usage
//! ```
//! use balasan::json::{Object, Value};
//!
//! let body = Object::new().str("author", "Sari \"S\"").num("elapsed_ms", 4200).finish();
//! assert_eq!(body, r#"{"author":"Sari \"S\"","elapsed_ms":4200}"#);
//!
//! let reply = Value::parse(r#"{"error":{"code":"invalid","fields":{"email":"invalid"}}}"#).unwrap();
//! assert_eq!(reply.at(&["error", "code"]).and_then(Value::as_str), Some("invalid"));
//! ```

/// Builds one JSON object, key by key, in insertion order.
#[derive(Debug)]
pub struct Object {
    buf: String,
}

impl Default for Object {
    fn default() -> Self {
        Self::new()
    }
}

impl Object {
    pub fn new() -> Object {
        Object {
            buf: String::from("{"),
        }
    }

    fn key(&mut self, key: &str) {
        if self.buf.len() > 1 {
            self.buf.push(',');
        }
        escape_into(&mut self.buf, key);
        self.buf.push(':');
    }

    /// Adds a string member.
    pub fn str(mut self, key: &str, value: &str) -> Object {
        self.key(key);
        escape_into(&mut self.buf, value);
        self
    }

    /// Adds a whole-number member.
    pub fn num(mut self, key: &str, value: u64) -> Object {
        self.key(key);
        self.buf.push_str(&value.to_string());
        self
    }

    /// Adds a nested object.
    pub fn obj(mut self, key: &str, value: Object) -> Object {
        self.key(key);
        self.buf.push_str(&value.finish());
        self
    }

    /// Closes the object and returns its text.
    pub fn finish(mut self) -> String {
        self.buf.push('}');
        self.buf
    }
}

/// Appends `s` as a quoted JSON string. Besides what JSON requires, U+2028 and U+2029 are
/// escaped so the text is also safe inside a `<script>` or a JS string.
pub fn escape_into(buf: &mut String, s: &str) {
    buf.push('"');
    for c in s.chars() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            '\t' => buf.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                buf.push_str("\\u");
                balasan_core::hex::push_lower(buf, (c as u32 >> 8) as u8);
                balasan_core::hex::push_lower(buf, c as u32 as u8);
            }
            c => buf.push(c),
        }
    }
    buf.push('"');
}

/// A parsed JSON value. Numbers keep their text: replies only ever need them as whole
/// numbers or for display, and this avoids float parsing and formatting code.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Members in document order.
    Object(Vec<(String, Value)>),
}

/// Nesting deeper than this is refused rather than risking the stack on hostile input.
const MAX_DEPTH: usize = 64;

impl Value {
    /// Parses a whole JSON text; `None` if it is not valid JSON.
    pub fn parse(text: &str) -> Option<Value> {
        let mut p = Parser {
            text,
            s: text.as_bytes(),
            i: 0,
        };
        let v = p.value(0)?;
        p.ws();
        (p.i == p.s.len()).then_some(v)
    }

    /// The member `key` of an object. A repeated key reads as its last value, as
    /// `JSON.parse` and serde_json read it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rfind(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Follows a path of object keys.
    pub fn at(&self, path: &[&str]) -> Option<&Value> {
        path.iter().try_fold(self, |v, k| v.get(k))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The members of an object (empty for anything else).
    pub fn members(&self) -> &[(String, Value)] {
        match self {
            Value::Object(m) => m,
            _ => &[],
        }
    }

    /// The items of an array (empty for anything else).
    pub fn items(&self) -> &[Value] {
        match self {
            Value::Array(a) => a,
            _ => &[],
        }
    }
}

struct Parser<'a> {
    /// The text, and the same as bytes: the parser steps through bytes and takes text out
    /// in slices cut at ASCII delimiters (so never through `str::from_utf8`).
    text: &'a str,
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        self.ws();
        (self.s.get(self.i) == Some(&b)).then(|| self.i += 1)
    }

    fn lit(&mut self, word: &[u8], v: Value) -> Option<Value> {
        self.s[self.i..].starts_with(word).then(|| {
            self.i += word.len();
            v
        })
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match *self.s.get(self.i)? {
            b'n' => self.lit(b"null", Value::Null),
            b't' => self.lit(b"true", Value::Bool(true)),
            b'f' => self.lit(b"false", Value::Bool(false)),
            b'"' => self.string().map(Value::String),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                if self.eat(b']').is_none() {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']').is_some() {
                            break;
                        }
                        self.eat(b',')?;
                    }
                }
                Some(Value::Array(items))
            }
            b'{' => {
                self.i += 1;
                let mut members = Vec::new();
                if self.eat(b'}').is_none() {
                    loop {
                        self.ws();
                        let key = self.string()?;
                        self.eat(b':')?;
                        members.push((key, self.value(depth + 1)?));
                        if self.eat(b'}').is_some() {
                            break;
                        }
                        self.eat(b',')?;
                    }
                }
                Some(Value::Object(members))
            }
            _ => self.number(),
        }
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let from = p.i;
            while p.s.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i > from
        };
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        if self.s.get(self.i) == Some(&b'0') {
            self.i += 1;
        } else if !digits(self) {
            return None;
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !digits(self) {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.s.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.s.get(self.i) {
                self.i += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        Some(Value::Number(self.text.get(start..self.i)?.to_owned()))
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.text.get(self.i..self.i + 4)?;
        self.i += 4;
        // Exactly four digits (`from_str_radix` would take a sign too).
        h.chars().try_fold(0, |n, c| Some(n * 16 + c.to_digit(16)?))
    }

    fn string(&mut self) -> Option<String> {
        if self.s.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        let mut out = String::new();
        // Where the run of plain characters since the last escape starts.
        let mut run = self.i;
        loop {
            let b = *self.s.get(self.i)?;
            match b {
                b'"' | b'\\' => {
                    out.push_str(self.text.get(run..self.i)?);
                    self.i += 1;
                    if b == b'"' {
                        return Some(out);
                    }
                    let e = *self.s.get(self.i)?;
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                // A surrogate pair: the low half must follow.
                                if self.s.get(self.i..self.i + 2) != Some(b"\\u") {
                                    return None;
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return None;
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code)?
                        }
                        _ => return None,
                    };
                    out.push(c);
                    run = self.i;
                }
                0..=0x1f => return None,
                _ => self.i += 1,
            }
        }
    }
}

// serde_json is a native-only test dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn parses_what_backends_send() {
        let wp = r#"{"code":"wp_die","message":"<p><strong>Error:<\/strong> Please fill the required fields.<\/p>","data":{"status":200},"additional_errors":[]}"#;
        let v = Value::parse(wp).unwrap();
        assert_eq!(v.get("code").and_then(Value::as_str), Some("wp_die"));
        assert_eq!(v.at(&["data", "status"]).and_then(Value::as_u64), Some(200));
        assert!(v.get("additional_errors").unwrap().items().is_empty());
        assert!(v
            .get("message")
            .and_then(Value::as_str)
            .unwrap()
            .contains("</strong>"));
    }

    #[test]
    fn agrees_with_serde_json_on_values() {
        let text = r#" { "a" : [1, -2.5e3, 0, true, false, null, "x\u00e9\ud83d\ude00\n"], "b": {}, "c": [] } "#;
        let ours = Value::parse(text).unwrap();
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        let a = ours.get("a").unwrap().items();
        assert_eq!(a[1], Value::Number("-2.5e3".into()));
        assert_eq!(a[6].as_str(), theirs["a"][6].as_str());
        assert_eq!(a[3].as_bool(), Some(true));
        assert_eq!(ours.get("b").unwrap().members().len(), 0);
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            "<!DOCTYPE html><html>",
            "{",
            "{\"a\":}",
            "[1,]",
            "{\"a\":1,}",
            "\"unterminated",
            "\"tab\there\"",
            "01",
            "1.",
            "-",
            "\"\\ud83d\"",
            "nul",
            "{} {}",
        ] {
            assert_eq!(Value::parse(bad), None, "{bad:?}");
        }
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(Value::parse(&deep), None);
    }

    #[test]
    fn strings_round_trip_through_a_real_parser() {
        let nasty = "a\"b\\c\nd\re\tf\u{1}\u{1f}\u{7f}\u{2028}\u{2029}ꦱ😀</script>";
        let text = Object::new()
            .str("s", nasty)
            .num("n", u64::MAX)
            .obj("o", Object::new().str("k", "v"))
            .finish();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["s"], nasty);
        assert_eq!(v["n"].as_u64(), Some(u64::MAX));
        assert_eq!(v["o"]["k"], "v");
    }

    #[test]
    fn empty_object() {
        assert_eq!(Object::new().finish(), "{}");
    }
}
