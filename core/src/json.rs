//! A minimal JSON object writer: flat objects of strings and numbers are all the native
//! contract needs, and serde_json would cost the widget about 18 KB gzip.
//!
//! # Usage
//! ```
//! use balasan_core::json::Object;
//!
//! let body = Object::new().str("author", "Sari \"S\"").num("elapsed_ms", 4200).finish();
//! assert_eq!(body, r#"{"author":"Sari \"S\"","elapsed_ms":4200}"#);
//! ```

use core::fmt::Write;

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
        let _ = write!(self.buf, "{value}");
        self
    }

    /// Adds `null`.
    pub fn null(mut self, key: &str) -> Object {
        self.key(key);
        self.buf.push_str("null");
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
                let _ = write!(buf, "\\u{:04x}", c as u32);
            }
            c => buf.push(c),
        }
    }
    buf.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_through_a_real_parser() {
        let nasty = "a\"b\\c\nd\re\tf\u{1}\u{1f}\u{7f}\u{2028}\u{2029}ꦱ😀</script>";
        let text = Object::new()
            .str("s", nasty)
            .num("n", u64::MAX)
            .null("z")
            .finish();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["s"], nasty);
        assert_eq!(v["n"].as_u64(), Some(u64::MAX));
        assert!(v["z"].is_null());
    }

    #[test]
    fn empty_object() {
        assert_eq!(Object::new().finish(), "{}");
    }
}
