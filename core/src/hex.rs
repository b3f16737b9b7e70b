//! Hexadecimal digits: idempotency keys and challenge tokens (lower case), and the
//! percent-encoding of request bodies and URLs (upper case, as browsers write it).
//!
//! # Usage
//! ```
//! use balasan_core::hex;
//!
//! assert_eq!(hex::encode(&[0x0f, 0xa0]), "0fa0");
//! assert_eq!(hex::decode("0fa0"), Some(vec![0x0f, 0xa0]));
//! assert_eq!(hex::decode("0fa"), None);
//! let mut s = String::from("%");
//! hex::push_upper(&mut s, 0xf0);
//! assert_eq!(s, "%F0");
//! ```

use std::fmt::Write;

/// Appends `byte` as two lower-case digits.
pub fn push_lower(out: &mut String, byte: u8) {
    let _ = write!(out, "{byte:02x}");
}

/// Appends `byte` as two upper-case digits.
pub fn push_upper(out: &mut String, byte: u8) {
    let _ = write!(out, "{byte:02X}");
}

/// `bytes` as lower-case digits.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        push_lower(&mut out, b);
    }
    out
}

/// The bytes written as hex digits (either case); `None` for anything else.
pub fn decode(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_what_is_not_hex() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&all)), Some(all.clone()));
        assert_eq!(decode(&encode(&all).to_uppercase()), Some(all));
        for bad in ["0", "0g", "+1", "-1", " 1", "é1"] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }
}
