//! Known backends: each preset is a [`Wire`] (what the backend expects) plus an interpreter
//! of what it answers. The send pipeline itself is shared ([`crate::request`]).
//!
//! Replies were recorded from real WordPress 6.1 and Isso 0.14 servers (see the tests) and
//! from the Staticman and Formspree documentation.
//!
//! # Usage
//! ```
//! use balasan::outcome::{Outcome, Reply};
//! use balasan::presets::Preset;
//!
//! let wp = Preset::from_name("wordpress-form").unwrap();
//! // WordPress answers a failed form post with status 200 and an HTML page.
//! let page = "<title>Comment Submission Failure</title><p><strong>Error:</strong> \
//!             Duplicate comment detected; it looks as though you&#8217;ve already said that!</p>";
//! assert_eq!(wp.interpret(&Reply::new(200, page), &wp.wire()), Outcome::Duplicate);
//! ```

use balasan_core::json::Value;
use balasan_core::validate::Problems;
use balasan_core::{Field, Problem};

use crate::outcome::{html_text, Outcome, Reply};
use crate::request::{Encoding, Slot, Wire};

/// A backend the widget knows how to talk to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// The native contract, as the reference server implements it.
    Balasan,
    /// `POST /wp-json/wp/v2/comments`.
    WordpressRest,
    /// `POST /wp-comments-post.php`, as WordPress's own form does.
    WordpressForm,
    /// `POST /new?uri=` of an Isso server.
    Isso,
    /// Staticman's `/v3/entry/…` endpoint.
    Staticman,
    /// A Formspree form (`https://formspree.io/f/…`).
    Formspree,
    /// Field names and encoding from attributes; replies read like the native contract.
    Custom,
}

impl Preset {
    pub const ALL: [Preset; 7] = [
        Preset::Balasan,
        Preset::WordpressRest,
        Preset::WordpressForm,
        Preset::Isso,
        Preset::Staticman,
        Preset::Formspree,
        Preset::Custom,
    ];

    /// The `data-preset` value.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Balasan => "balasan",
            Preset::WordpressRest => "wordpress-rest",
            Preset::WordpressForm => "wordpress-form",
            Preset::Isso => "isso",
            Preset::Staticman => "staticman",
            Preset::Formspree => "formspree",
            Preset::Custom => "custom",
        }
    }

    pub fn from_name(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == name)
    }

    /// What the backend expects on the wire.
    pub fn wire(self) -> Wire {
        use Slot::*;
        let names = |pairs: &[(Slot, &str)]| -> Vec<(Slot, String)> {
            pairs.iter().map(|(s, n)| (*s, n.to_string())).collect()
        };
        let native = || -> Vec<(Slot, String)> {
            [
                Post, PageUrl, PageTitle, Parent, Author, Email, Url, Content, Captcha, Honeypot,
                Elapsed,
            ]
            .into_iter()
            .map(|s| (s, s.name().to_owned()))
            .collect()
        };
        let base = Wire {
            encoding: Encoding::Json,
            names: Vec::new(),
            numeric_ids: false,
            idempotency: false,
            manual_redirect: false,
            thread_query: None,
        };
        match self {
            Preset::Balasan | Preset::Custom => Wire {
                names: native(),
                idempotency: true,
                ..base
            },
            Preset::WordpressRest => Wire {
                names: names(&[
                    (Post, "post"),
                    (Parent, "parent"),
                    (Author, "author_name"),
                    (Email, "author_email"),
                    (Url, "author_url"),
                    (Content, "content"),
                ]),
                numeric_ids: true,
                ..base
            },
            Preset::WordpressForm => Wire {
                encoding: Encoding::Form,
                names: names(&[
                    (Content, "comment"),
                    (Author, "author"),
                    (Email, "email"),
                    (Url, "url"),
                    (Post, "comment_post_ID"),
                    (Parent, "comment_parent"),
                ]),
                manual_redirect: true,
                ..base
            },
            Preset::Isso => Wire {
                names: names(&[
                    (Content, "text"),
                    (Author, "author"),
                    (Email, "email"),
                    (Url, "website"),
                    (Parent, "parent"),
                    (PageTitle, "title"),
                ]),
                numeric_ids: true,
                thread_query: Some(("/new", "uri")),
                ..base
            },
            Preset::Staticman => Wire {
                encoding: Encoding::Form,
                names: names(&[
                    (Author, "fields[name]"),
                    (Email, "fields[email]"),
                    (Url, "fields[url]"),
                    (Content, "fields[message]"),
                    (Post, "options[slug]"),
                    (Parent, "options[parent]"),
                    (PageUrl, "options[origin]"),
                ]),
                ..base
            },
            Preset::Formspree => Wire {
                names: names(&[
                    (Author, "name"),
                    (Email, "email"),
                    (Url, "website"),
                    (Content, "message"),
                    (Post, "post"),
                    (PageUrl, "page_url"),
                    (PageTitle, "_subject"),
                    (Honeypot, "_gotcha"),
                ]),
                ..base
            },
        }
    }

    /// What a reply means for this backend.
    pub fn interpret(self, reply: &Reply, wire: &Wire) -> Outcome {
        if reply.status == 429 {
            return Outcome::TooFast {
                retry_after: reply.retry_after_secs(),
            };
        }
        match self {
            Preset::Balasan | Preset::Custom => native(reply, wire),
            Preset::WordpressRest => wordpress_rest(reply, wire),
            Preset::WordpressForm => wordpress_form(reply),
            Preset::Isso => isso(reply),
            Preset::Staticman => staticman(reply, wire),
            Preset::Formspree => formspree(reply, wire),
        }
    }
}

/// Problems in form order, one per field (the first named, if a backend repeats one).
fn problems(list: Problems) -> Outcome {
    // A handful of items: picking them in field order beats a sort's code size.
    let ordered = Field::ALL
        .iter()
        .filter_map(|f| list.iter().find(|(g, _)| g == f).copied())
        .collect();
    Outcome::Invalid(ordered)
}

fn failed(what: impl core::fmt::Display) -> Outcome {
    Outcome::Failed(what.to_string())
}

/// A 2xx reply: JSON (or nothing) means stored; an HTML page means the request reached
/// something that is not the comment API (a login page, the site's 404 page, a proxy).
fn accepted_if_json(reply: &Reply, pending: impl FnOnce(Option<&Value>) -> bool) -> Outcome {
    let json = Value::parse(&reply.body);
    if json.is_none() && !reply.body.trim().is_empty() {
        return failed(format_args!(
            "the endpoint answered {} with a body that is not JSON{}: is data-endpoint the comment API?",
            reply.status,
            if reply.is_html() { " (an HTML page)" } else { "" }
        ));
    }
    Outcome::Accepted {
        pending: pending(json.as_ref()),
    }
}

/// The native contract: `201`/`202`, errors as `{error: {code, message, fields}}`.
fn native(reply: &Reply, wire: &Wire) -> Outcome {
    if (200..300).contains(&reply.status) {
        return accepted_if_json(reply, |v| {
            reply.status == 202
                || v.and_then(|v| v.get("status")).and_then(Value::as_str) == Some("pending")
        });
    }
    let json = Value::parse(&reply.body);
    let error = json.as_ref().and_then(|v| v.get("error"));
    let code = error
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let fields: Problems = error
        .and_then(|e| e.get("fields"))
        .map(Value::members)
        .unwrap_or_default()
        .iter()
        .filter_map(|(name, v)| {
            let field = wire.field_named(name)?;
            let code = v.as_str().or_else(|| v.get("code").and_then(Value::as_str));
            Some((
                field,
                code.and_then(Problem::from_code)
                    .unwrap_or(Problem::Invalid),
            ))
        })
        .collect();
    if !fields.is_empty() {
        return problems(fields);
    }
    match (reply.status, code) {
        (409, _) | (_, "duplicate") => Outcome::Duplicate,
        (_, "captcha") => problems(vec![(Field::Captcha, Problem::Invalid)]),
        (_, "closed") => Outcome::Closed,
        (_, "rate_limited") => Outcome::TooFast {
            retry_after: reply.retry_after_secs(),
        },
        (status, "") => failed(format_args!("the endpoint answered {status}")),
        (status, code) => failed(format_args!("the endpoint answered {status} ({code})")),
    }
}

/// WordPress REST: `201` with the comment (`status` approved or hold), errors as
/// `{code, message, data: {status, params}}`.
fn wordpress_rest(reply: &Reply, wire: &Wire) -> Outcome {
    if (200..300).contains(&reply.status) {
        return accepted_if_json(reply, |v| {
            v.and_then(|v| v.get("status")).and_then(Value::as_str) != Some("approved")
        });
    }
    let json = Value::parse(&reply.body);
    let code = json
        .as_ref()
        .and_then(|v| v.get("code"))
        .and_then(Value::as_str)
        .unwrap_or("");
    use {Field::*, Problem::*};
    match code {
        "rest_comment_author_data_required" => problems(vec![(Author, Missing), (Email, Missing)]),
        "rest_comment_content_invalid" => problems(vec![(Comment, Missing)]),
        "comment_author_column_length" => problems(vec![(Author, TooLong)]),
        "comment_author_email_column_length" => problems(vec![(Email, TooLong)]),
        "comment_author_url_column_length" => problems(vec![(Url, TooLong)]),
        "comment_content_column_length" => problems(vec![(Comment, TooLong)]),
        "rest_invalid_param" => {
            let params = json.as_ref().and_then(|v| v.at(&["data", "params"]));
            let list: Problems = params
                .map(Value::members)
                .unwrap_or_default()
                .iter()
                .filter_map(|(name, _)| Some((wire.field_named(name)?, Invalid)))
                .collect();
            if list.is_empty() {
                failed("WordPress refused a parameter (rest_invalid_param); is data-post-id a post id?")
            } else {
                problems(list)
            }
        }
        "comment_duplicate" => Outcome::Duplicate,
        "comment_flood" => Outcome::TooFast { retry_after: None },
        "rest_comment_closed" => Outcome::Closed,
        "rest_comment_login_required" => failed(
            "WordPress refuses anonymous comments over REST (rest_comment_login_required): \
             enable the rest_allow_anonymous_comments filter, or use data-preset=\"wordpress-form\"",
        ),
        "rest_comment_invalid_post_id" => {
            failed("WordPress has no post with this id: check data-post-id")
        }
        "" => failed(format_args!("WordPress answered {}", reply.status)),
        code => failed(format_args!("WordPress answered {} ({code})", reply.status)),
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
fn wordpress_form(reply: &Reply) -> Outcome {
    if reply.opaque_redirect || (300..400).contains(&reply.status) {
        return Outcome::Accepted { pending: false };
    }
    let json = Value::parse(&reply.body);
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
    failed(format_args!(
        "WordPress answered {} without the redirect that means stored: \"{gist}\"",
        reply.status
    ))
}

/// Isso: `201`, or `202` when moderated; refusals are Werkzeug error pages naming the field.
fn isso(reply: &Reply) -> Outcome {
    if (200..300).contains(&reply.status) {
        return accepted_if_json(reply, |v| {
            reply.status == 202 || v.and_then(|v| v.get("mode")).and_then(Value::as_u64) == Some(2)
        });
    }
    let text = html_text(&reply.body).to_ascii_lowercase();
    if text.contains("ratelimit") {
        return Outcome::TooFast { retry_after: None };
    }
    if reply.status == 400 {
        let field = [
            ("text", Field::Comment),
            ("author", Field::Author),
            ("email", Field::Email),
            ("rfc5321", Field::Email),
            ("website", Field::Url),
        ]
        .into_iter()
        .find(|(word, _)| text.contains(word))
        .map(|(_, f)| f);
        let problem = if text.contains("missing") {
            Problem::Missing
        } else if text.contains("too short") {
            Problem::TooShort
        } else if text.contains("too long") || text.contains("length limit") {
            Problem::TooLong
        } else {
            Problem::Invalid
        };
        if let Some(field) = field {
            return problems(vec![(field, problem)]);
        }
    }
    let gist: String = text.chars().take(160).collect();
    failed(format_args!(
        "Isso answered {}: \"{gist}\"{}",
        reply.status,
        if reply.status == 403 {
            " (is this page's origin listed in Isso's [general] host?)"
        } else {
            ""
        }
    ))
}

/// Staticman: `{success: true}`; errors `{success: false, errorCode, data}`. Entries
/// usually wait for a moderator (a pull request), so an accepted one is "pending".
fn staticman(reply: &Reply, wire: &Wire) -> Outcome {
    let json = Value::parse(&reply.body);
    let success = json
        .as_ref()
        .and_then(|v| v.get("success"))
        .and_then(Value::as_bool);
    if (200..300).contains(&reply.status) && success != Some(false) {
        return accepted_if_json(reply, |_| true);
    }
    let code = json
        .as_ref()
        .and_then(|v| v.get("errorCode"))
        .and_then(Value::as_str)
        .unwrap_or("");
    if code == "MISSING_REQUIRED_FIELDS" {
        let data = json.as_ref().and_then(|v| v.get("data"));
        let list: Problems = data
            .map(Value::items)
            .unwrap_or_default()
            .iter()
            .filter_map(Value::as_str)
            .filter_map(|name| wire.field_named(&format!("fields[{name}]")))
            .map(|f| (f, Problem::Missing))
            .collect();
        if !list.is_empty() {
            return problems(list);
        }
    }
    failed(format_args!("Staticman answered {} ({code})", reply.status))
}

/// Formspree: `{ok: true}`; errors `{error, errors: [{field, code, message}]}`. The comment
/// goes to the site's inbox, so an accepted one is "pending".
fn formspree(reply: &Reply, wire: &Wire) -> Outcome {
    if (200..300).contains(&reply.status) {
        return accepted_if_json(reply, |_| true);
    }
    let json = Value::parse(&reply.body);
    let list: Problems = json
        .as_ref()
        .and_then(|v| v.get("errors"))
        .map(Value::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| {
            let field = wire.field_named(e.get("field")?.as_str()?)?;
            let problem = match e.get("code").and_then(Value::as_str) {
                Some("REQUIRED_FIELD_MISSING" | "REQUIRED_FIELD_EMPTY") => Problem::Missing,
                _ => Problem::Invalid,
            };
            Some((field, problem))
        })
        .collect();
    if !list.is_empty() {
        return problems(list);
    }
    let error = json
        .as_ref()
        .and_then(|v| v.get("error"))
        .and_then(Value::as_str)
        .unwrap_or("");
    failed(format_args!(
        "Formspree answered {}: \"{error}\"",
        reply.status
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Field::*;
    use Problem::*;

    fn read(preset: Preset, reply: Reply) -> Outcome {
        preset.interpret(&reply, &preset.wire())
    }

    fn at(status: u16, body: &str) -> Reply {
        Reply::new(status, body)
    }

    #[test]
    fn names_round_trip() {
        for p in Preset::ALL {
            assert_eq!(Preset::from_name(p.name()), Some(p));
        }
        assert_eq!(Preset::from_name("disqus"), None);
    }

    #[test]
    fn rate_limits_are_honoured_for_every_preset() {
        for p in Preset::ALL {
            let mut r = at(429, "You are posting comments too quickly. Slow down.");
            r.retry_after = Some("12".into());
            assert_eq!(
                read(p, r),
                Outcome::TooFast {
                    retry_after: Some(12)
                },
                "{p:?}"
            );
        }
    }

    #[test]
    fn html_with_status_200_is_never_a_success() {
        let html = "<!DOCTYPE html><html><body>Not the API</body></html>";
        for p in [
            Preset::Balasan,
            Preset::WordpressRest,
            Preset::WordpressForm,
            Preset::Isso,
            Preset::Formspree,
            Preset::Custom,
        ] {
            assert!(
                matches!(read(p, at(200, html)), Outcome::Failed(_)),
                "{p:?}"
            );
        }
    }

    #[test]
    fn native_replies() {
        let p = Preset::Balasan;
        assert_eq!(
            read(p, at(201, r#"{"id":1,"status":"approved"}"#)),
            Outcome::Accepted { pending: false }
        );
        assert_eq!(
            read(p, at(202, r#"{"id":1,"status":"pending"}"#)),
            Outcome::Accepted { pending: true }
        );
        assert_eq!(
            read(
                p,
                at(
                    422,
                    r#"{"error":{"code":"invalid","message":"…","fields":{"email":"invalid","author":"required","content":"too_long"}}}"#
                )
            ),
            Outcome::Invalid(vec![
                (Comment, TooLong),
                (Author, Missing),
                (Email, Invalid)
            ])
        );
        assert_eq!(
            read(p, at(409, r#"{"error":{"code":"duplicate"}}"#)),
            Outcome::Duplicate
        );
        assert_eq!(
            read(
                p,
                at(
                    400,
                    r#"{"error":{"code":"captcha","message":"wrong answer"}}"#
                )
            ),
            Outcome::Invalid(vec![(Captcha, Invalid)])
        );
        assert_eq!(
            read(p, at(403, r#"{"error":{"code":"closed"}}"#)),
            Outcome::Closed
        );
        assert!(matches!(read(p, at(500, "")), Outcome::Failed(n) if n.contains("500")));
        assert!(matches!(
            read(
                p,
                at(502, "<html><body><h1>502 Bad Gateway</h1></body></html>")
            ),
            Outcome::Failed(_)
        ));
    }

    // Recorded from WordPress 6.1.9 (Debian) on loopback; see ../shared/reference.
    #[test]
    fn wordpress_rest_replies() {
        let p = Preset::WordpressRest;
        assert_eq!(
            read(
                p,
                at(
                    201,
                    r#"{"id":5,"post":1,"status":"approved","content":{"rendered":"<p>x</p>"}}"#
                )
            ),
            Outcome::Accepted { pending: false }
        );
        assert_eq!(
            read(p, at(201, r#"{"id":6,"status":"hold"}"#)),
            Outcome::Accepted { pending: true }
        );
        assert_eq!(
            read(
                p,
                at(
                    400,
                    r#"{"code":"rest_comment_author_data_required","message":"Creating a comment requires valid author name and email values.","data":{"status":400}}"#
                )
            ),
            Outcome::Invalid(vec![(Author, Missing), (Email, Missing)])
        );
        assert_eq!(
            read(
                p,
                at(
                    409,
                    r#"{"code":"comment_duplicate","message":"Duplicate comment detected; it looks as though you&#8217;ve already said that!","data":{"status":409}}"#
                )
            ),
            Outcome::Duplicate
        );
        assert_eq!(
            read(
                p,
                at(
                    400,
                    r#"{"code":"rest_invalid_param","message":"Invalid parameter(s): author_email","data":{"status":400,"params":{"author_email":"Invalid email address."}}}"#
                )
            ),
            Outcome::Invalid(vec![(Email, Invalid)])
        );
        let login = read(
            p,
            at(
                401,
                r#"{"code":"rest_comment_login_required","message":"Sorry, you must be logged in to comment.","data":{"status":401}}"#,
            ),
        );
        assert!(
            matches!(&login, Outcome::Failed(n) if n.contains("rest_allow_anonymous_comments"))
        );
        assert_eq!(
            read(
                p,
                at(
                    403,
                    r#"{"code":"rest_comment_closed","message":"Sorry, comments are closed for this item.","data":{"status":403}}"#
                )
            ),
            Outcome::Closed
        );
    }

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

    // Recorded from Isso 0.14.0 on loopback.
    #[test]
    fn isso_replies() {
        let p = Preset::Isso;
        assert_eq!(
            read(
                p,
                at(
                    201,
                    r#"{"id": 1, "parent": null, "created": 1764000000.1, "modified": null, "mode": 1, "text": "<p>Bagus</p>", "author": "Sari", "website": null, "likes": 0, "dislikes": 0, "notification": 0, "hash": "4505c1eeda98"}"#
                )
            ),
            Outcome::Accepted { pending: false }
        );
        assert_eq!(
            read(p, at(202, r#"{"id": 2, "mode": 2}"#)),
            Outcome::Accepted { pending: true }
        );
        let werkzeug = |msg: &str| {
            format!("<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>{msg}</p>\n")
        };
        assert_eq!(
            read(p, at(400, &werkzeug("text is missing"))),
            Outcome::Invalid(vec![(Comment, Missing)])
        );
        assert_eq!(
            read(
                p,
                at(400, &werkzeug("text is too short (minimum length: 3)"))
            ),
            Outcome::Invalid(vec![(Comment, TooShort)])
        );
        assert!(
            matches!(read(p, at(403, "<title>403 Forbidden</title><p>CSRF</p>")), Outcome::Failed(n) if n.contains("host"))
        );
    }

    // Staticman v3 and Formspree as their documentation shows them (no server here).
    #[test]
    fn staticman_and_formspree_replies() {
        assert_eq!(
            read(
                Preset::Staticman,
                at(200, r#"{"success":true,"fields":{"name":"Sari"}}"#)
            ),
            Outcome::Accepted { pending: true }
        );
        assert_eq!(
            read(
                Preset::Staticman,
                at(
                    500,
                    r#"{"success":false,"errorCode":"MISSING_REQUIRED_FIELDS","data":["name","message"]}"#
                )
            ),
            Outcome::Invalid(vec![(Comment, Missing), (Author, Missing)])
        );
        assert!(
            matches!(read(Preset::Staticman, at(500, r#"{"success":false,"errorCode":"IS_SPAM"}"#)), Outcome::Failed(n) if n.contains("IS_SPAM"))
        );
        assert_eq!(
            read(
                Preset::Formspree,
                at(200, r#"{"next":"/thanks","ok":true}"#)
            ),
            Outcome::Accepted { pending: true }
        );
        assert_eq!(
            read(
                Preset::Formspree,
                at(
                    422,
                    r#"{"error":"Validation errors","errors":[{"code":"TYPE_EMAIL","field":"email","message":"should be an email"}]}"#
                )
            ),
            Outcome::Invalid(vec![(Email, Invalid)])
        );
    }
}
