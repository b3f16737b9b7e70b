//! Characters no comment field carries: control characters other than tab, newline and
//! carriage return (NUL among them, which PostgreSQL refuses in text), and the bidi
//! overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make a name or a link
//! read differently from what it is (`moc.elpmaxe` shown as `example.com`).
//!
//! A name, an email, a website or an article id holding one is refused; a comment's text
//! loses them (a reader pasting from a word processor brings them along unseen).
//!
//! # Usage
//! ```
//! use balasan_core::controls::{has_forbidden, without_forbidden};
//!
//! assert!(has_forbidden("Sari\u{202E}nimda"));
//! assert!(!has_forbidden("Sari Wulandari\tdari Bandung"));
//! assert_eq!(without_forbidden("Setuju\u{0}!\n"), "Setuju!\n");
//! ```

use std::borrow::Cow;

/// Whether `c` may not be in a comment's fields.
pub fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `text` holds a [`forbidden`] character.
pub fn has_forbidden(text: &str) -> bool {
    text.chars().any(forbidden)
}

/// `text` without its [`forbidden`] characters (borrowed when it has none).
pub fn without_forbidden(text: &str) -> Cow<'_, str> {
    if has_forbidden(text) {
        Cow::Owned(text.chars().filter(|&c| !forbidden(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_forbidden_and_the_rest_is_not() {
        for c in [
            '\0', '\x07', '\x1B', '\x7F', '\u{85}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}',
        ] {
            assert!(forbidden(c), "{:?}", c);
        }
        // Marks that only give a direction (LRM, RLM) change no order and stay.
        for c in [
            '\t', '\n', '\r', ' ', 'é', 'ك', '\u{200E}', '\u{200F}', '\u{2070}', '😀',
        ] {
            assert!(!forbidden(c), "{:?}", c);
        }
    }

    #[test]
    fn text_without_them_is_borrowed() {
        assert!(matches!(
            without_forbidden("Bagus sekali"),
            Cow::Borrowed(_)
        ));
        assert_eq!(without_forbidden("\u{202E}abc\u{202C}"), "abc");
    }
}
