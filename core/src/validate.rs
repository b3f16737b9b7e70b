//! Checks a reader's input before anything is sent, with WordPress's rules.
//!
//! Validation parses: it returns a clean [`Comment`] (trimmed, website normalised) or
//! the list of problems per field, in form order.
//!
//! # Usage
//! ```
//! use balasan_core::validate::{validate, Input, Required};
//! use balasan_core::{Field, Problem};
//!
//! let input = Input { comment: "  Setuju! ", author: "Sari", email: "sari@contoh.id", url: "contoh.id" };
//! let comment = validate(&input, Required::default()).unwrap();
//! assert_eq!(comment.content, "Setuju!");
//! assert_eq!(comment.url, "http://contoh.id");
//!
//! let empty = Input { comment: " ", author: "", email: "sari@", url: "" };
//! let problems = validate(&empty, Required::default()).unwrap_err();
//! assert_eq!(problems[0], (Field::Comment, Problem::Missing));
//! ```

use crate::controls::{has_forbidden, without_forbidden};
use crate::field::Field;

/// What is wrong with one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Required but empty after trimming.
    Missing,
    /// Over [`Field::max_bytes`] in UTF-8.
    TooLong,
    /// Shorter than a backend accepts (Isso wants three characters of comment).
    TooShort,
    /// Not an email address / website address / right captcha answer.
    Invalid,
}

impl Problem {
    /// Stable code for the wire and for logs.
    pub fn code(self) -> &'static str {
        match self {
            Problem::Missing => "required",
            Problem::TooLong => "too_long",
            Problem::TooShort => "too_short",
            Problem::Invalid => "invalid",
        }
    }

    /// Inverse of [`Problem::code`].
    pub fn from_code(code: &str) -> Option<Problem> {
        Some(match code {
            "required" => Problem::Missing,
            "too_long" => Problem::TooLong,
            "too_short" => Problem::TooShort,
            "invalid" => Problem::Invalid,
            _ => return None,
        })
    }
}

/// Which optional fields a site requires. The comment text is always required.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Required {
    pub author: bool,
    pub email: bool,
}

impl Default for Required {
    /// Name and email, as WordPress's "Comment author must fill out name and email".
    fn default() -> Self {
        Required {
            author: true,
            email: true,
        }
    }
}

/// Reads the setting as sites and operators write it (`data-required`, the server's
/// `--require`): `name`, `email`, `name,email` or `none`; `author` is another word for
/// `name`, and commas or spaces separate.
///
/// ```
/// use balasan_core::validate::Required;
///
/// assert_eq!("email".parse(), Ok(Required { author: false, email: true }));
/// assert_eq!("name, email".parse(), Ok(Required::default()));
/// assert!("name,phone".parse::<Required>().unwrap_err().contains("\"phone\""));
/// ```
impl core::str::FromStr for Required {
    type Err = String;

    fn from_str(v: &str) -> Result<Required, String> {
        let mut r = Required {
            author: false,
            email: false,
        };
        if v.trim() == "none" {
            return Ok(r);
        }
        let tokens = v.split(',').flat_map(|t| t.split(' '));
        for token in tokens.filter(|t| !t.is_empty()) {
            match token {
                "name" | "author" => r.author = true,
                "email" => r.email = true,
                other => {
                    return Err(format!("\"{other}\" is not a field that can be required; use \"name\", \"email\", \"name,email\" or \"none\""))
                }
            }
        }
        Ok(r)
    }
}

impl Required {
    /// Whether `field` must be filled in.
    pub fn requires(self, field: Field) -> bool {
        match field {
            Field::Comment | Field::Captcha => true,
            Field::Author => self.author,
            Field::Email => self.email,
            Field::Url => false,
        }
    }
}

/// The raw text of the form's fields, as typed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Input<'a> {
    pub comment: &'a str,
    pub author: &'a str,
    pub email: &'a str,
    pub url: &'a str,
}

/// A comment that passed validation: trimmed, within limits, website with a scheme.
/// Optional fields left empty are empty strings.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Comment {
    pub content: String,
    pub author: String,
    pub email: String,
    pub url: String,
}

/// Problems found, one per field at most, in form order.
pub type Problems = Vec<(Field, Problem)>;

/// Validates every field and returns the clean comment or all problems at once, so the
/// reader sees every error in one pass.
pub fn validate(input: &Input, required: Required) -> Result<Comment, Problems> {
    let mut problems = Problems::new();
    let mut check = |field: Field, raw: &str, syntax: fn(&str) -> Option<String>| {
        let value = raw.trim();
        let result = if value.is_empty() {
            if required.requires(field) {
                Err(Problem::Missing)
            } else {
                Ok(String::new())
            }
        } else {
            match syntax(value) {
                None => Err(Problem::Invalid),
                Some(clean) if clean.len() > field.max_bytes() => Err(Problem::TooLong),
                Some(clean) => Ok(clean),
            }
        };
        result.unwrap_or_else(|p| {
            problems.push((field, p));
            String::new()
        })
    };
    // Invisible characters leave the text (see `controls`); a name, an address or a link
    // holding one is not what it shows, and is refused.
    let shown = |s: &str| (!has_forbidden(s)).then(|| s.to_owned());
    let comment = Comment {
        content: check(Field::Comment, &without_forbidden(input.comment), |s| {
            Some(s.to_owned())
        }),
        author: check(Field::Author, input.author, shown),
        email: check(Field::Email, input.email, |s| {
            is_email(s).then(|| s.to_owned())
        }),
        url: check(Field::Url, input.url, |s| {
            normalize_url(s).filter(|u| !has_forbidden(u))
        }),
    };
    if problems.is_empty() {
        Ok(comment)
    } else {
        Err(problems)
    }
}

/// WordPress's `is_email()`, rule for rule, so that a WordPress backend never refuses an
/// address the widget accepted (and the reader is not told "valid" twice differently).
pub fn is_email(email: &str) -> bool {
    if email.len() < 6 {
        return false;
    }
    // An '@' that is not the first character; the domain is everything after the first.
    let Some(at) = email.get(1..).and_then(|s| s.find('@')).map(|i| i + 1) else {
        return false;
    };
    let (local, domain) = (&email[..at], &email[at + 1..]);
    let local_ok = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '!' | '#'..='\'' | '*' | '+' | '/' | '=' | '?' | '^' | '_' | '`' | '{'..='~' | '.' | '-')
    };
    if local.is_empty() || !local.chars().all(local_ok) {
        return false;
    }
    if domain.contains("..") {
        return false;
    }
    let php_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\0' | '\x0B');
    if domain.trim_matches(|c| php_space(c) || c == '.') != domain {
        return false;
    }
    let subs: Vec<&str> = domain.split('.').collect();
    if subs.len() < 2 {
        return false;
    }
    subs.iter().all(|sub| {
        !sub.is_empty()
            && sub.trim_matches(|c| php_space(c) || c == '-') == *sub
            && sub.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// Checks a website address and returns it with a scheme, as WordPress stores it:
/// `contoh.id/blog` becomes `http://contoh.id/blog`. Only http and https are links a
/// reader's name may point to; `javascript:` and friends are refused.
pub fn normalize_url(url: &str) -> Option<String> {
    let lower_scheme_end = url.find("://");
    let (scheme, rest) = match lower_scheme_end {
        Some(i) => (url[..i].to_ascii_lowercase(), &url[i + 3..]),
        None if url.contains(':') && !looks_like_host_port(url) => return None,
        None => ("http".to_owned(), url),
    };
    if scheme != "http" && scheme != "https" {
        return None;
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\\'))
    {
        return None;
    }
    let host_end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let authority = &rest[..host_end];
    if authority.contains('@') {
        return None; // user:password@ tricks a reader about where a link goes
    }
    let host = match authority.rsplit_once(':') {
        Some((host, port)) => {
            if !port.bytes().all(|b| b.is_ascii_digit()) || port.parse::<u16>().is_err() {
                return None;
            }
            host
        }
        None => authority,
    };
    if !is_host(host) {
        return None;
    }
    Some(format!("{scheme}://{rest}"))
}

/// `contoh.id:8080/x` has a colon but no scheme.
fn looks_like_host_port(url: &str) -> bool {
    let (before, after) = url.split_once(':').unwrap_or((url, ""));
    !before.contains('/') && after.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// A DNS name with at least two labels or `localhost`. Any non-ASCII character may be in a
/// label (internationalised names; the browser maps them): whitespace and control
/// characters are refused before this, and a Unicode letter table would cost the widget
/// about 1 KB for no safety.
fn is_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && host.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || !c.is_ascii())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(comment: &'a str, author: &'a str, email: &'a str, url: &'a str) -> Input<'a> {
        Input {
            comment,
            author,
            email,
            url,
        }
    }

    #[test]
    fn a_full_valid_comment_is_trimmed() {
        let c = validate(
            &input(
                "  Bagus  \n",
                " Budi ",
                " budi@contoh.co.id ",
                " https://contoh.id ",
            ),
            Required::default(),
        )
        .unwrap();
        assert_eq!(
            c,
            Comment {
                content: "Bagus".into(),
                author: "Budi".into(),
                email: "budi@contoh.co.id".into(),
                url: "https://contoh.id".into(),
            }
        );
    }

    #[test]
    fn empty_form_reports_every_required_field_in_order() {
        let p = validate(&input("", " ", "\t", ""), Required::default()).unwrap_err();
        assert_eq!(
            p,
            vec![
                (Field::Comment, Problem::Missing),
                (Field::Author, Problem::Missing),
                (Field::Email, Problem::Missing),
            ]
        );
    }

    #[test]
    fn name_and_email_can_be_optional() {
        let none = Required {
            author: false,
            email: false,
        };
        let c = validate(&input("Hai", "", "", ""), none).unwrap();
        assert_eq!(c.author, "");
        // Optional but filled in: still checked.
        let p = validate(&input("Hai", "", "bukan-email", ""), none).unwrap_err();
        assert_eq!(p, vec![(Field::Email, Problem::Invalid)]);
    }

    #[test]
    fn limits_count_utf8_bytes_not_characters() {
        // 'ꦱ' (Javanese script) is 3 bytes: 82 of them are 246 bytes but 82 characters.
        let javanese = "ꦱ".repeat(82);
        assert_eq!(javanese.chars().count(), 82);
        let p = validate(&input("x", &javanese, "a@b.cd", ""), Required::default()).unwrap_err();
        assert_eq!(p, vec![(Field::Author, Problem::TooLong)]);
        let ok = "ꦱ".repeat(81); // 243 bytes
        assert!(validate(&input("x", &ok, "a@b.cd", ""), Required::default()).is_ok());
    }

    #[test]
    fn every_limit_is_exact() {
        let req = Required::default();
        let at = |n: usize| "a".repeat(n);
        assert!(validate(&input(&at(65525), "a", "a@b.cd", ""), req).is_ok());
        assert_eq!(
            validate(&input(&at(65526), "a", "a@b.cd", ""), req).unwrap_err(),
            vec![(Field::Comment, Problem::TooLong)]
        );
        assert!(validate(&input("x", &at(245), "a@b.cd", ""), req).is_ok());
        let email100 = format!("{}@b.cd", at(95));
        assert!(validate(&input("x", "a", &email100, ""), req).is_ok());
        let email101 = format!("{}@b.cd", at(96));
        assert_eq!(
            validate(&input("x", "a", &email101, ""), req).unwrap_err(),
            vec![(Field::Email, Problem::TooLong)]
        );
        // The limit applies to the stored (normalised) address: 200 bytes with scheme.
        let url200 = format!("https://a.id/{}", at(200 - 13));
        assert!(validate(&input("x", "a", "a@b.cd", &url200), req).is_ok());
        let url201 = format!("https://a.id/{}", at(201 - 13));
        assert_eq!(
            validate(&input("x", "a", "a@b.cd", &url201), req).unwrap_err(),
            vec![(Field::Url, Problem::TooLong)]
        );
    }

    #[test]
    fn is_email_follows_wordpress() {
        for ok in [
            "sari@contoh.id",
            "a.b-c+tag@sub.contoh.co.id",
            "o'neil@ex-ample.com",
            "x_y@a1.b2",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "a@b.c",       // shorter than 6
            "@contoh.id",  // nothing before @
            "sari",        // no @
            "sari@contoh", // one label
            "sari@.contoh.id",
            "sari@contoh.id.",
            "sari@con..toh.id",
            "sari@-contoh.id",
            "sari@contoh-.id",
            "sa ri@contoh.id",
            "sari@con toh.id",
            "sári@contoh.id", // WordPress refuses non-ASCII local parts
            "sari@contöh.id",
            "sari@contoh@id.com",
            "<script>@x.id",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn urls_get_a_scheme_and_dangerous_ones_are_refused() {
        assert_eq!(
            normalize_url("contoh.id").as_deref(),
            Some("http://contoh.id")
        );
        assert_eq!(
            normalize_url("HTTPS://Contoh.id/a?b=c#d").as_deref(),
            Some("https://Contoh.id/a?b=c#d")
        );
        assert_eq!(
            normalize_url("contoh.id:8080/blog").as_deref(),
            Some("http://contoh.id:8080/blog")
        );
        assert_eq!(
            normalize_url("http://localhost:3000").as_deref(),
            Some("http://localhost:3000")
        );
        assert_eq!(
            normalize_url("berita.contoh.id/ꦱ").as_deref(),
            Some("http://berita.contoh.id/ꦱ")
        );
        assert_eq!(
            normalize_url("https://bücher.contoh.id").as_deref(),
            Some("https://bücher.contoh.id")
        );
        for bad in [
            "javascript:alert(1)",
            "JavaScript://x.id/%0Aalert(1)",
            "data:text/html,hi",
            "ftp://contoh.id",
            "http://",
            "http://contoh",
            "contoh",
            "http://user:pw@contoh.id",
            "http://contoh.id:99999",
            "http://contoh.id:",
            "contoh .id",
            "http://contoh.id/<script>",
            "http://-x.id",
            "http://x..id",
            "http://con_toh.id",
            "http://contoh.id\u{3000}x",
            "http://contoh\u{85}.id",
            "mailto:sari@contoh.id",
        ] {
            assert_eq!(normalize_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn invisible_characters_leave_the_text_and_make_a_name_or_link_invalid() {
        let c = validate(
            &input("Setuju\u{0}\u{202E} sekali\n", "Sari", "sari@contoh.id", ""),
            Required::default(),
        )
        .unwrap();
        assert_eq!(c.content, "Setuju sekali");
        let p = validate(
            &input(
                "\u{0}\u{7}",
                "Sari\u{202E}nimda",
                "sari@contoh.id",
                "contoh.id/\u{2066}x",
            ),
            Required::default(),
        )
        .unwrap_err();
        assert_eq!(
            p,
            vec![
                (Field::Comment, Problem::Missing),
                (Field::Author, Problem::Invalid),
                (Field::Url, Problem::Invalid),
            ]
        );
    }

    #[test]
    fn problems_have_round_tripping_codes() {
        for p in [
            Problem::Missing,
            Problem::TooLong,
            Problem::TooShort,
            Problem::Invalid,
        ] {
            assert_eq!(Problem::from_code(p.code()), Some(p));
        }
    }
}
