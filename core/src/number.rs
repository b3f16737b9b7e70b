//! Whole numbers read from and written to text. One reader for every integer type the widget reads
//! (each `str::parse::<uN>` is its own copy of std's generic parser in the wasm).
//!
//! # Usage
//! ```
//! use balasan_core::number::{push, read, read_u32};
//!
//! assert_eq!(read("120"), Some(120));
//! assert_eq!(read("+7"), Some(7));
//! assert_eq!(read("-1"), None);
//! assert_eq!(read(""), None);
//! assert_eq!(read_u32("4294967296"), None);
//! assert_eq!(balasan_core::number::within("30", 1, 20, "a number"), Err("\"30\" is not a number from 1 to 20".into()));
//! let mut out = String::from("elapsed_ms=");
//! push(&mut out, 4250);
//! assert_eq!(out, "elapsed_ms=4250");
//! ```

/// A whole number in decimal digits, with an optional `+` (as `str::parse` reads one);
/// `None` for anything else, or past `u64::MAX`.
pub fn read(s: &str) -> Option<u64> {
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() {
        return None;
    }
    digits.bytes().try_fold(0u64, |n, b| {
        let d = b.wrapping_sub(b'0');
        (d < 10).then_some(())?;
        n.checked_mul(10)?.checked_add(u64::from(d))
    })
}

/// [`read_u32`] from `lo` to `hi`; refused as `"x" is not <what> from lo to hi`, the
/// message a setting's reader gives the site developer.
pub fn within(v: &str, lo: u32, hi: u32, what: &str) -> Result<u32, String> {
    match read_u32(v) {
        Some(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(crate::text!(
            "\"",
            v,
            "\" is not ",
            what,
            " from ",
            lo,
            " to ",
            hi
        )),
    }
}

/// Appends `n` in decimal digits.
pub fn push(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// [`read`], within `u32`.
pub fn read_u32(s: &str) -> Option<u32> {
    read(s)?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn reads_as_std_parses(s in "[+-]?[0-9a ]{0,22}") {
            prop_assert_eq!(read(&s), s.parse::<u64>().ok());
            prop_assert_eq!(read_u32(&s), s.parse::<u32>().ok());
        }

        #[test]
        fn writes_as_display(n: u64) {
            let mut out = String::new();
            push(&mut out, n);
            prop_assert_eq!(out, n.to_string());
        }
    }
}
