//! The fields of the comment form and the limits every backend enforces.

/// A field a reader fills in. The order is the form's order, so the first bad field in
/// this order is the one that receives focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Comment,
    Author,
    Email,
    Url,
    Captcha,
}

impl Field {
    /// Every field, in form order.
    pub const ALL: [Field; 5] = [
        Field::Comment,
        Field::Author,
        Field::Email,
        Field::Url,
        Field::Captcha,
    ];

    /// The name used in the native JSON contract and in server field errors.
    pub fn wire_name(self) -> &'static str {
        match self {
            Field::Comment => "content",
            Field::Author => "author",
            Field::Email => "email",
            Field::Url => "url",
            Field::Captcha => "captcha",
        }
    }

    /// Inverse of [`Field::wire_name`]; also accepts WordPress's names so that a server's
    /// field error can land on the right input whichever backend sent it.
    pub fn from_wire_name(name: &str) -> Option<Field> {
        Some(match name {
            "content" | "comment" | "text" => Field::Comment,
            "author" | "author_name" | "name" => Field::Author,
            "email" | "author_email" => Field::Email,
            "url" | "author_url" | "website" => Field::Url,
            "captcha" => Field::Captcha,
            _ => return None,
        })
    }

    /// Largest accepted value in UTF-8 bytes, as WordPress's database columns allow
    /// (`wp_get_comment_fields_max_lengths`). Byte counts, not characters: a name in
    /// Javanese script or with emoji reaches the limit sooner than its length suggests.
    pub fn max_bytes(self) -> usize {
        match self {
            Field::Comment => 65525,
            Field::Author => 245,
            Field::Email => 100,
            Field::Url => 200,
            Field::Captcha => 16,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip() {
        for f in Field::ALL {
            assert_eq!(Field::from_wire_name(f.wire_name()), Some(f));
        }
        assert_eq!(Field::from_wire_name("author_email"), Some(Field::Email));
        assert_eq!(Field::from_wire_name("nope"), None);
    }

    #[test]
    fn limits_are_wordpress_limits() {
        assert_eq!(Field::Comment.max_bytes(), 65525);
        assert_eq!(Field::Author.max_bytes(), 245);
        assert_eq!(Field::Email.max_bytes(), 100);
        assert_eq!(Field::Url.max_bytes(), 200);
    }
}
