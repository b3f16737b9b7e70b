//! A whole-number setting read from text, within its range, with the message a site
//! developer gets for anything else.
//!
//! # Usage
//! ```
//! use balasan_core::number::within;
//!
//! assert_eq!(within("12", 1, 20, "a number"), Ok(12));
//! assert_eq!(within("30", 1, 20, "a number"), Err("\"30\" is not a number from 1 to 20".into()));
//! assert_eq!(within("-1", 1, 20, "a number"), Err("\"-1\" is not a number from 1 to 20".into()));
//! ```

/// `v` as a whole number from `lo` to `hi`; refused as `"v" is not <what> from lo to hi`.
pub fn within(v: &str, lo: u32, hi: u32, what: &str) -> Result<u32, String> {
    match v.parse::<u32>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(format!("\"{v}\" is not {what} from {lo} to {hi}")),
    }
}
