//! What of a comment's HTML may reach the page: the allow-list that
//! `crate::view::list`'s sanitizer applies to WordPress's and Isso's HTML, element by element.
//!
//! ```
//! use balasan::list::allow::{element, href, Keep};
//!
//! assert_eq!(element("em"), Keep::Element);
//! assert_eq!(element("span"), Keep::Text);
//! assert_eq!(element("script"), Keep::Nothing);
//! assert_eq!(href(" https://contoh.id/"), Some("https://contoh.id/"));
//! assert_eq!(href("javascript:alert(1)"), None);
//! ```

/// What becomes of an element of a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// The element stays, without any attribute (but an `a`'s safe `href`).
    Element,
    /// The element goes; its text and allowed children stay.
    Text,
    /// The element goes with everything inside: code, styles, other documents.
    Nothing,
}

/// Elements a comment may keep: text structure, emphasis, code, quotes, lists, links.
const KEPT: &[&str] = &[
    "p",
    "br",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
];

/// Elements whose insides are not the comment's text.
const GONE: &[&str] = &[
    "script",
    "style",
    "template",
    "iframe",
    "object",
    "embed",
    "noscript",
    "svg",
    "math",
    "head",
    "title",
    "textarea",
    "select",
    "frame",
    "frameset",
    "applet",
    "noembed",
    "noframes",
    "xmp",
    "plaintext",
    "video",
    "audio",
    "canvas",
    "picture",
];

/// What becomes of an element called `tag` (its lower-case local name).
pub fn element(tag: &str) -> Keep {
    if KEPT.contains(&tag) {
        Keep::Element
    } else if GONE.contains(&tag) {
        Keep::Nothing
    } else {
        Keep::Text
    }
}

/// The `href` a kept link gets: an http, https or mailto address, or none at all.
pub fn href(raw: &str) -> Option<&str> {
    let url = raw.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    let scheme = url.split_once(':')?.0;
    ["http", "https", "mailto"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s))
        .then_some(url)
}

/// Whether `url` may be an author's link: http and https only.
pub fn author_link(url: &str) -> bool {
    url.split_once(':')
        .is_some_and(|(s, _)| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_only_web_and_mail_addresses() {
        for ok in [
            "http://a.id",
            "HTTPS://a.id/x?y#z",
            "mailto:budi@contoh.id",
            "\t https://a.id ",
        ] {
            assert!(href(ok).is_some(), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "/relatif",
            "//contoh.id",
            "#atas",
            "",
            "https\u{0}:x",
            "ftp://a.id",
        ] {
            assert_eq!(href(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_href_is_the_address_without_the_blanks_around_it() {
        assert_eq!(href("\n https://a.id/ \n"), Some("https://a.id/"));
    }

    #[test]
    fn elements_are_kept_reduced_to_text_or_dropped() {
        for tag in KEPT {
            assert_eq!(element(tag), Keep::Element);
        }
        for tag in [
            "script", "style", "iframe", "svg", "math", "template", "noscript",
        ] {
            assert_eq!(element(tag), Keep::Nothing, "{tag}");
        }
        for tag in [
            "img", "div", "span", "form", "input", "button", "h1", "table", "img",
        ] {
            assert_eq!(element(tag), Keep::Text, "{tag}");
        }
        // Local names are lower case in an HTML document; anything else is not on the list.
        assert_eq!(element("SCRIPT"), Keep::Text);
    }

    #[test]
    fn author_links_are_web_addresses_only() {
        assert!(author_link("https://budi.id"));
        assert!(author_link("HTTP://budi.id"));
        assert!(!author_link("mailto:budi@contoh.id"));
        assert!(!author_link("javascript:alert(1)"));
        assert!(!author_link(" https://budi.id"));
        assert!(!author_link("budi.id"));
        assert!(!author_link("http"));
        assert!(author_link("http:"));
    }
}
