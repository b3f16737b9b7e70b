//! Text built from pieces without `core::fmt`: `text!("\"", value, "\" is not ", what)`.
//!
//! `format!` brings the formatting machinery (`Formatter`, padding, `fmt::write`: ~2.7 KB
//! of the widget's wasm); the widget only ever joins strings, characters and whole numbers.
//!
//! # Usage
//! ```
//! use balasan_core::text;
//!
//! let (v, lo, hi) = ("lots", 1u32, 20u32);
//! assert_eq!(text!("\"", v, "\" is not a number from ", lo, " to ", hi), "\"lots\" is not a number from 1 to 20");
//! assert_eq!(text!('[', -3i64, ']'), "[-3]");
//! ```

/// Something [`text!`] can append.
pub trait Piece {
    fn push_to(&self, out: &mut String);
}

impl Piece for str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for char {
    fn push_to(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                crate::number::push(out, *self as u64);
            }
        }
    )*};
}
unsigned!(u16, u32, u64, usize);

impl Piece for i64 {
    fn push_to(&self, out: &mut String) {
        if *self < 0 {
            out.push('-');
        }
        crate::number::push(out, self.unsigned_abs());
    }
}

/// A `String` of the pieces in order: `&str`, `String`, `char` and whole numbers.
#[macro_export]
macro_rules! text {
    ($($piece:expr),* $(,)?) => {{
        let mut out = ::std::string::String::new();
        $( $crate::text::Piece::push_to(&$piece, &mut out); )*
        out
    }};
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_as_display() {
        for n in [0i64, 7, -7, i64::MIN, i64::MAX] {
            assert_eq!(text!(n), n.to_string());
        }
        assert_eq!(text!(u64::MAX, ' ', 0usize), format!("{} 0", u64::MAX));
    }
}
