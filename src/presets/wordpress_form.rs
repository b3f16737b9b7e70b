//! `wordpress-form`: `POST /wp-comments-post.php`, as WordPress's own form does. Replies
//! were recorded from a real WordPress 6.1.9 (Debian) on loopback; see the tests.

use balasan_core::{Field, Problem};

use super::{failed, problems, ListAsk};
use crate::list::ListPage;
use crate::json::{self, Value};
use crate::outcome::{html_text, Outcome, Reply};
use crate::request::{Encoding, Slot, Wire};

/// WordPress's form fields, form-encoded; redirects are not followed, because the
/// redirect is how WordPress says "stored".
pub(super) fn wire() -> Wire {
    use Slot::*;
    Wire {
        manual_redirect: true,
        ..Wire::new(
            Encoding::Form,
            &[
                (Content, "comment"),
                (Author, "author"),
                (Email, "email"),
                (Url, "url"),
                (Post, "comment_post_ID"),
                (Parent, "comment_parent"),
            ],
        )
    }
}

/// What one of WordPress's `wp_die()` sentences means.
#[derive(Clone, Copy)]
enum Died {
    NameEmailMissing,
    EmailInvalid,
    CommentMissing,
    Duplicate,
    Flood,
    TooLong(Field),
    Closed,
}

impl Died {
    fn outcome(self) -> Outcome {
        match self {
            Died::NameEmailMissing => problems(vec![
                (Field::Author, Problem::Missing),
                (Field::Email, Problem::Missing),
            ]),
            Died::EmailInvalid => problems(vec![(Field::Email, Problem::Invalid)]),
            Died::CommentMissing => problems(vec![(Field::Comment, Problem::Missing)]),
            Died::Duplicate => Outcome::Duplicate,
            Died::Flood => Outcome::TooFast { retry_after: None },
            Died::TooLong(field) => problems(vec![(field, Problem::TooLong)]),
            Died::Closed => Outcome::Closed,
        }
    }
}

/// The sentences WordPress's `wp-comments-post.php` dies with (lower-cased), in English and
/// in the Indonesian translations (current, and Debian's older one).
const WORDPRESS_DIE: &[(&str, Died)] = &[
    ("fill the required fields", Died::NameEmailMissing),
    ("isi ruas yang diwajibkan", Died::NameEmailMissing),
    ("valid email address", Died::EmailInvalid),
    ("alamat e-mail yang valid", Died::EmailInvalid),
    ("alamat surel yang valid", Died::EmailInvalid),
    ("type your comment", Died::CommentMissing),
    ("ketik teks komentar", Died::CommentMissing),
    ("ketikkan komentar", Died::CommentMissing),
    ("duplicate comment", Died::Duplicate),
    ("komentar duplikat", Died::Duplicate),
    ("too quickly", Died::Flood),
    ("terlalu cepat", Died::Flood),
    ("comment is too long", Died::TooLong(Field::Comment)),
    (
        "komentar anda terlalu panjang",
        Died::TooLong(Field::Comment),
    ),
    ("name is too long", Died::TooLong(Field::Author)),
    ("nama anda terlalu panjang", Died::TooLong(Field::Author)),
    ("email address is too long", Died::TooLong(Field::Email)),
    ("url is too long", Died::TooLong(Field::Url)),
    ("comments are closed", Died::Closed),
    ("komentar ditutup", Died::Closed),
];

/// WordPress's form handler: a redirect means stored; failures are HTML pages, even with
/// status 200, or `wp_die` JSON when asked for JSON.
pub(super) fn interpret(reply: &Reply, _wire: &Wire) -> Outcome {
    if reply.opaque_redirect || (300..400).contains(&reply.status) {
        return Outcome::Accepted { pending: false };
    }
    let json = json::parse(&reply.body);
    let message = match json
        .as_ref()
        .and_then(|v| v.get("message"))
        .and_then(Value::as_str)
    {
        Some(m) => html_text(m),
        None => html_text(&reply.body),
    };
    // ASCII lower-casing suffices for these sentences and spares the Unicode tables.
    let lower = message.to_ascii_lowercase();
    if let Some((_, died)) = WORDPRESS_DIE.iter().find(|(s, _)| lower.contains(s)) {
        return died.outcome();
    }
    if reply.status == 409 {
        return Outcome::Duplicate;
    }
    let gist: String = message.chars().take(160).collect();
    failed(format!("WordPress answered {} without the redirect that means stored: \"{gist}\"", reply.status))
}

/// A list through WordPress's REST API, for an endpoint that ends in
/// `wp-comments-post.php` (`Preset::may_list`).
pub(super) const LISTS: bool = true;

/// WordPress's REST API lists the comments of the site whose `wp-comments-post.php`
/// receives them: `<site>/?rest_route=/wp/v2/comments`.
pub(super) fn list_url(endpoint: &str, ask: &ListAsk) -> Option<String> {
    let site = endpoint.strip_suffix("wp-comments-post.php")?;
    super::wordpress_rest::list_url(&format!("{site}?rest_route=/wp/v2/comments"), ask)
}

pub(super) fn read_list(reply: &Reply, ask: &ListAsk) -> Option<ListPage> {
    super::wordpress_rest::read_list(reply, ask)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{at, read};
    use crate::outcome::{Outcome, Reply};
    use crate::presets::Preset;
    use balasan_core::Field::*;
    use balasan_core::Problem::*;

    // Recorded from WordPress 6.1.9's wp-comments-post.php.
    #[test]
    fn wordpress_form_replies() {
        let p = Preset::WordpressForm;
        let redirect = Reply {
            opaque_redirect: true,
            ..Reply::default()
        };
        assert_eq!(read(p, redirect), Outcome::Accepted { pending: false });
        let page = |msg: &str| {
            format!(
                "<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n\t<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />\n\t<title>Comment Submission Failure</title>\n</head>\n<body id=\"error-page\">\n\t<div class=\"wp-die-message\"><p><strong>Error:</strong> {msg}</p></div>\n</body>\n</html>"
            )
        };
        assert_eq!(
            read(p, at(200, &page("Please fill the required fields."))),
            Outcome::Invalid(vec![(Author, Missing), (Email, Missing)])
        );
        assert_eq!(
            read(p, at(200, &page("Please enter a valid email address."))),
            Outcome::Invalid(vec![(Email, Invalid)])
        );
        assert_eq!(
            read(p, at(200, &page("Please type your comment text."))),
            Outcome::Invalid(vec![(Comment, Missing)])
        );
        assert_eq!(
            read(p, at(409, &page("Duplicate comment detected; it looks as though you&#8217;ve already said that!"))),
            Outcome::Duplicate
        );
        assert_eq!(
            read(
                p,
                at(429, "You are posting comments too quickly. Slow down.")
            ),
            Outcome::TooFast { retry_after: None }
        );
        // The same errors as wp_die JSON, when the request says Accept: application/json.
        assert_eq!(
            read(
                p,
                at(
                    200,
                    r#"{"code":"wp_die","message":"<p><strong>Error:<\/strong> Please enter a valid email address.<\/p>","data":{"status":200},"additional_errors":[]}"#
                )
            ),
            Outcome::Invalid(vec![(Email, Invalid)])
        );
        // An Indonesian WordPress says it in Indonesian.
        assert_eq!(
            read(p, at(200, &page("Mohon isi ruas yang diwajibkan."))),
            Outcome::Invalid(vec![(Author, Missing), (Email, Missing)])
        );
        // A 200 that is not an error page and not a redirect is not a success either.
        assert!(matches!(
            read(p, at(200, "<html><body>Post</body></html>")),
            Outcome::Failed(_)
        ));
    }
}
