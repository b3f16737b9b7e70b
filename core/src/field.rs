//! The fields of the comment form, and everything known about each: one table that the
//! validation rules, the server's field errors, the widget's requests and its markup read.
//!
//! # Usage
//! ```
//! use balasan_core::Field;
//!
//! let email = Field::Email.facts();
//! assert_eq!((email.native, email.wordpress, email.max_bytes), ("email", "email", 100));
//! assert_eq!(Field::Comment.facts().wordpress, "comment"); // the native name is "content"
//! assert_eq!(Field::from_wire_name("author_email"), Some(Field::Email)); // WordPress REST
//! ```

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

/// What one field is called where, and how much it may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facts {
    /// The name in the native contract: the JSON body and the server's field errors.
    pub native: &'static str,
    /// WordPress's name: the input's `name` and (unprefixed) `id` in `comment_form()`, and
    /// the field `wp-comments-post.php` reads.
    pub wordpress: &'static str,
    /// Other names backends use for it in their replies (WordPress REST, Isso,
    /// Formspree), so a field error lands on the right input whichever backend sent it.
    pub aliases: &'static [&'static str],
    /// The widget's text key of its label (`data-text-<key>`); the math question is its
    /// own label.
    pub label: Option<&'static str>,
    /// Largest accepted value in UTF-8 bytes, as WordPress's database columns allow
    /// (`wp_get_comment_fields_max_lengths`). Byte counts, not characters: a name in
    /// Javanese script or with emoji reaches the limit sooner than its length suggests.
    pub max_bytes: usize,
    /// The input's `type` (`textarea` for the comment box).
    pub input: &'static str,
    /// The input's `autocomplete`, when the browser may fill it in.
    pub autocomplete: Option<&'static str>,
}

const FACTS: [Facts; 5] = [
    Facts {
        native: "content",
        wordpress: "comment",
        aliases: &["text", "message"],
        label: Some("comment"),
        max_bytes: 65525,
        input: "textarea",
        autocomplete: None,
    },
    Facts {
        native: "author",
        wordpress: "author",
        aliases: &["author_name", "name"],
        label: Some("name"),
        max_bytes: 245,
        input: "text",
        autocomplete: Some("name"),
    },
    Facts {
        native: "email",
        wordpress: "email",
        aliases: &["author_email"],
        label: Some("email"),
        max_bytes: 100,
        input: "email",
        autocomplete: Some("email"),
    },
    Facts {
        native: "url",
        wordpress: "url",
        aliases: &["author_url", "website"],
        label: Some("website"),
        max_bytes: 200,
        input: "url",
        autocomplete: Some("url"),
    },
    Facts {
        native: "captcha",
        wordpress: "balasan-captcha",
        aliases: &[],
        label: None,
        max_bytes: 16,
        input: "text",
        autocomplete: Some("off"),
    },
];

impl Field {
    /// Every field, in form order.
    pub const ALL: [Field; 5] = [
        Field::Comment,
        Field::Author,
        Field::Email,
        Field::Url,
        Field::Captcha,
    ];

    /// Everything known about this field.
    pub const fn facts(self) -> &'static Facts {
        &FACTS[self as usize]
    }

    /// Largest accepted value in UTF-8 bytes (see [`Facts::max_bytes`]).
    pub fn max_bytes(self) -> usize {
        self.facts().max_bytes
    }

    /// The field a backend's name refers to: its native name, WordPress's name, or one of
    /// the other spellings backends use.
    pub fn from_wire_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| {
            let facts = f.facts();
            facts.native == name || facts.wordpress == name || facts.aliases.contains(&name)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_field_order() {
        for (i, f) in Field::ALL.into_iter().enumerate() {
            assert_eq!(f as usize, i);
        }
    }

    #[test]
    fn every_name_finds_its_field_and_no_other() {
        for f in Field::ALL {
            let facts = f.facts();
            for name in [facts.native, facts.wordpress]
                .into_iter()
                .chain(facts.aliases.iter().copied())
            {
                assert_eq!(Field::from_wire_name(name), Some(f), "{name}");
            }
        }
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
