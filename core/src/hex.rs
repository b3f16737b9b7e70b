//! Hexadecimal digits: idempotency keys and challenge tokens (lower case), and the
//! percent-encoding of request bodies and URLs (upper case, as browsers write it).
//!
//! # Usage
//! ```
//! use balasan_core::hex;
//!
//! assert_eq!(hex::encode(&[0x0f, 0xa0]), "0fa0");
//! assert_eq!(hex::decode("0fa0"), Some(vec![0x0f, 0xa0]));
//! let mut s = String::from("%");
//! hex::push_upper(&mut s, 0xf0);
//! assert_eq!(s, "%F0");
//! ```

const LOWER: &[u8; 16] = b"0123456789abcdef";
const UPPER: &[u8; 16] = b"0123456789ABCDEF";

fn push(out: &mut String, byte: u8, digits: &[u8; 16]) {
    out.push(digits[usize::from(byte >> 4)] as char);
    out.push(digits[usize::from(byte & 15)] as char);
}

/// Appends `byte` as two lower-case digits.
pub fn push_lower(out: &mut String, byte: u8) {
    push(out, byte, LOWER);
}

/// Appends `byte` as two upper-case digits.
pub fn push_upper(out: &mut String, byte: u8) {
    push(out, byte, UPPER);
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
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let digit = |b: u8| (b as char).to_digit(16);
    s.as_bytes()
        .chunks(2)
        .map(|pair| Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_what_is_not_hex() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&all)), Some(all));
        assert_eq!(decode("ABcd"), Some(vec![0xab, 0xcd]));
        for bad in ["a", "0g", "+1", " 1", "é1"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
