//! Plain form posts: the pre-rendered form sends itself when the widget's wasm never
//! arrived (blocked, failed, an old browser) or when a page includes the form without any
//! script. The same checks as the JSON contract ([`crate::api::accept`]): validation, rate
//! limit, spam checks, the idempotency key; then the reader is answered with a page, not
//! JSON:
//!
//! - `redirect=1` (the loader adds it) and a `page_url` on an allowed origin: `303` back to
//!   the article with `#balasan=sent` or `#balasan=pending`, which the loader shows there;
//! - otherwise a small page in the reader's language (`lang`) that says what happened, links
//!   back to the article when its origin is allowed (never to any other address), and after
//!   a refusal carries the reader's text in a form they can correct and send again.
//!
//! Field names are WordPress's, as the form has them (`comment`, `author`, `email`, `url`,
//! `comment_post_ID`, `comment_parent`), or the native ones.

use std::net::IpAddr;

use axum::extract::Request;
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, LOCATION, REFERRER_POLICY};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use balasan_core::contract::{CaptchaAnswer, NewComment, ParentId};
use balasan_core::i18n::{problem_message, Key, Lang, Texts};

use crate::api::{accept, AppState, FillTime};
use crate::clock::unix_now;
use crate::cors::{allowed, origin_of};
use crate::error::ApiError;
use crate::extract::{read_body, BodyError};
use crate::settings::Settings;

/// The field of the server's fill-time stamp ([`crate::challenge::Signer::stamp`]).
pub(crate) const SHOWN: &str = "balasan_shown";

/// Whether a request is an ordinary HTML form post.
pub fn is_form_post(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| {
            t.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// What a form post carries besides the comment.
struct Extras {
    lang: Lang,
    redirect: bool,
    key: Option<String>,
    /// The server's stamp of when it showed the form (the "send again" page's form).
    shown: Option<String>,
}

/// Reads the form's fields into the contract's comment.
fn read(fields: &[(String, String)]) -> (NewComment, Extras) {
    let get = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()))
    };
    let text = |names: &[&str]| get(names).unwrap_or_default();
    let captcha = get(&["captcha[token]"]).map(|token| CaptchaAnswer {
        token,
        answer: text(&["captcha[answer]", "balasan-captcha"]),
    });
    let comment = NewComment {
        post: text(&["post", "comment_post_ID"]),
        page_url: text(&["page_url"]),
        page_title: text(&["page_title"]),
        parent: get(&["parent", "comment_parent"])
            .filter(|p| !p.is_empty() && p != "0")
            .map(ParentId::Text),
        author: text(&["author"]),
        email: text(&["email"]),
        url: text(&["url"]),
        content: text(&["content", "comment"]),
        captcha,
        hp: text(&["hp", "balasan-hp"]),
        elapsed_ms: get(&["elapsed_ms"]).and_then(|v| v.parse().ok()),
    };
    let key = get(&["idempotency_key"])
        .filter(|k| (1..=128).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()));
    let extras = Extras {
        lang: get(&["lang"])
            .and_then(|l| Lang::from_tag(&l))
            .unwrap_or_default(),
        redirect: get(&["redirect"]).as_deref() == Some("1"),
        key,
        shown: get(&[SHOWN]),
    };
    (comment, extras)
}

/// `POST /api/comments` with a form-encoded body.
pub async fn post(s: AppState, ip: IpAddr, req: Request) -> Response {
    let bytes = match read_body(req.into_body(), &s).await {
        Ok(b) => b,
        // The reader's language and text are in the body that did not arrive (whole).
        Err(e) => {
            let (status, key) = match e {
                BodyError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, Key::CommentTooLong),
                BodyError::TooSlow => (StatusCode::REQUEST_TIMEOUT, Key::SaveFailed),
            };
            return page(status, &Texts::new(Lang::default()), key, &[], None, None);
        }
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let (comment, extras) = read(&fields);
    let texts = Texts::new(extras.lang);
    let back = allowed_page(&comment.page_url, &s.settings);
    let fill = match extras.shown.as_deref() {
        Some(stamp) => FillTime::Stamped(s.signer.shown_at(stamp, unix_now())),
        None => FillTime::Reported,
    };
    match accept(&s, ip, extras.key.clone(), comment.clone(), fill).await {
        Ok((status, _)) => {
            let pending = status == 202;
            if let (true, Some(url)) = (extras.redirect, back) {
                let fragment = if pending { "pending" } else { "sent" };
                let target = format!(
                    "{}#balasan={fragment}",
                    url.split('#').next().unwrap_or(url)
                );
                if let Ok(location) = HeaderValue::from_str(&target) {
                    return (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response();
                }
            }
            let key = if pending {
                Key::AwaitingModeration
            } else {
                Key::Sent
            };
            page(StatusCode::OK, &texts, key, &[], back, None)
        }
        Err(e) => {
            let (status, key, lines, arg) = refusal(&e, &texts, s.settings.server_captcha);
            let said = match arg {
                Some(arg) => texts.fill(key, &arg),
                None => texts.get(key).to_owned(),
            };
            let mut all = vec![said];
            all.extend(lines);
            // A key that came with another comment (the reader went back and changed the
            // text) would be refused again: the corrected comment gets a key of its own.
            let reused = matches!(
                e,
                ApiError::Refused {
                    code: "idempotency_key_reused",
                    ..
                }
            );
            let extras = Extras {
                key: if reused {
                    Some(fresh_key())
                } else {
                    extras.key
                },
                ..extras
            };
            let again = Again {
                comment: &comment,
                extras: &extras,
                stamp: s.stamp(),
                question: s.settings.server_captcha.then(|| s.question()),
            };
            page_lines(status, &texts, &all, back, Some(again))
        }
    }
}

/// A new idempotency key.
pub(crate) fn fresh_key() -> String {
    let mut key = [0u8; 16];
    getrandom::fill(&mut key).expect("the OS random source");
    hex::encode(key)
}

/// What the reader is told about a refusal: the main sentence (and its `%s`), and one line
/// per field the server refused. `asked`: the server asks its own question, which the page
/// to send again asks too (else only the widget asks one).
fn refusal(
    e: &ApiError,
    texts: &Texts,
    asked: bool,
) -> (StatusCode, Key, Vec<String>, Option<String>) {
    match e {
        ApiError::Fields { problems, .. } => {
            let lines = problems
                .iter()
                .map(|(f, p)| texts.get(problem_message(*f, *p)).to_owned())
                .collect();
            let key = if !asked
                && problems
                    .iter()
                    .all(|(f, _)| *f == balasan_core::Field::Captcha)
            {
                // A question the reader could not see: only the widget shows it.
                Key::NeedsScript
            } else {
                Key::Summary
            };
            let arg = (key == Key::Summary).then(|| problems.len().to_string());
            (StatusCode::UNPROCESSABLE_ENTITY, key, lines, arg)
        }
        ApiError::RateLimited { retry_after } => (
            StatusCode::TOO_MANY_REQUESTS,
            Key::TooFastWait,
            Vec::new(),
            Some(retry_after.to_string()),
        ),
        ApiError::Refused { status, code, .. } => {
            let key = match *code {
                "duplicate" => Key::Duplicate,
                "closed" => Key::Closed,
                _ => Key::SaveFailed,
            };
            (*status, key, Vec::new(), None)
        }
        ApiError::Store(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Key::SaveFailed,
            Vec::new(),
            None,
        ),
    }
}

/// `url` when it is an http(s) address on the server's own origin or an allowed one: the
/// only places a reader is sent back to.
fn allowed_page<'a>(url: &'a str, settings: &Settings) -> Option<&'a str> {
    origin_of(url)
        .is_some_and(|o| allowed(&o, settings))
        .then_some(url)
}

fn page(
    status: StatusCode,
    texts: &Texts,
    key: Key,
    lines: &[String],
    back: Option<&str>,
    again: Option<Again>,
) -> Response {
    let mut all = vec![texts.get(key).to_owned()];
    all.extend(lines.iter().cloned());
    page_lines(status, texts, &all, back, again)
}

/// A refused comment, to send again: the reader's fields, what the form sent besides, the
/// server's stamp of when this page shows it (its fill time, which the reader cannot forge
/// and a bot cannot shorten), and a new question (token, text) when the server asks one.
struct Again<'a> {
    comment: &'a NewComment,
    extras: &'a Extras,
    stamp: String,
    question: Option<(String, String)>,
}

/// A small page: the sentences, the reader's text in a form to send again (after a
/// refusal), and a link back to the article.
fn page_lines(
    status: StatusCode,
    texts: &Texts,
    lines: &[String],
    back: Option<&str>,
    again: Option<Again>,
) -> Response {
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title></head><body><main>",
        texts.lang().tag(),
        escape(texts.get(Key::ReplyTitle))
    );
    for (i, line) in lines.iter().enumerate() {
        let role = if i == 0 { " role=\"alert\"" } else { "" };
        html.push_str(&format!("<p{role}>{}</p>", escape(line)));
    }
    if let Some(Again {
        comment,
        extras,
        stamp,
        question,
    }) = again
    {
        html.push_str("<form method=\"post\" action=\"\">");
        html.push_str(&format!(
            "<p><label for=\"comment\">{}</label><br><textarea id=\"comment\" name=\"comment\" cols=\"45\" rows=\"8\">{}</textarea></p>",
            escape(texts.get(Key::Comment)),
            escape(&comment.content)
        ));
        for (name, key, value) in [
            ("author", Key::Name, &comment.author),
            ("email", Key::Email, &comment.email),
            ("url", Key::Website, &comment.url),
        ] {
            html.push_str(&format!(
                "<p><label for=\"{name}\">{}</label><br><input id=\"{name}\" name=\"{name}\" value=\"{}\"></p>",
                escape(texts.get(key)),
                escape(value)
            ));
        }
        if let Some((_, text)) = &question {
            // The question as its label, as the widget's form shows it.
            html.push_str(&format!(
                "<p><label for=\"balasan-captcha\">{}</label><br><input id=\"balasan-captcha\" \
                 name=\"balasan-captcha\" inputmode=\"numeric\" size=\"4\" autocomplete=\"off\"></p>",
                escape(text)
            ));
        }
        // What the form sent besides, by name (never an unknown field echoed back), and
        // the stamp in place of the client's fill time.
        let parent = match &comment.parent {
            Some(ParentId::Text(t)) => t.clone(),
            Some(ParentId::Number(n)) => n.to_string(),
            None => String::new(),
        };
        let redirect = if extras.redirect { "1" } else { "" };
        let hidden = [
            ("post", comment.post.as_str()),
            ("page_url", &comment.page_url),
            ("page_title", &comment.page_title),
            ("parent", &parent),
            ("lang", extras.lang.tag()),
            ("redirect", redirect),
            ("idempotency_key", extras.key.as_deref().unwrap_or_default()),
            (SHOWN, &stamp),
            (
                "captcha[token]",
                question.as_ref().map_or("", |(token, _)| token),
            ),
        ];
        for (name, value) in hidden.iter().filter(|(_, v)| !v.is_empty()) {
            html.push_str(&format!(
                "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
                escape(value)
            ));
        }
        html.push_str(&format!(
            "<p><input type=\"submit\" value=\"{}\"></p></form>",
            escape(texts.get(Key::Submit))
        ));
    }
    if let Some(url) = back {
        html.push_str(&format!("<p><a href=\"{}\">←</a></p>", escape(url)));
    }
    html.push_str("</main></body></html>");
    // The page runs nothing and loads nothing; its form posts here, and a post that is
    // accepted may be sent back to the article (a redirect is a form action too).
    let form_action = match back.and_then(origin_of) {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_owned(),
    };
    let csp = format!(
        "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action {form_action}"
    );
    let mut response = (status, Html(html)).into_response();
    let h = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        h.insert(CONTENT_SECURITY_POLICY, csp);
    }
    h.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_are_sent_back_only_to_allowed_pages() {
        let settings = Settings {
            allowed_origins: vec!["https://kabar.contoh.id".to_owned()],
            ..Settings::default()
        };
        let ok = |url| allowed_page(url, &settings).is_some();
        assert!(ok("https://kabar.contoh.id/daerah/x?y#z"));
        assert!(ok("http://127.0.0.1:8080/artikel"));
        for bad in [
            "https://jahat.example/",
            "https://kabar.contoh.id@jahat.example/",
            "javascript:alert(1)//https://kabar.contoh.id",
            "//jahat.example/",
            "https://kabar.contoh.id.jahat.example/",
            "http://kabar.contoh.id/",
            "",
        ] {
            assert!(!ok(bad), "{bad}");
        }
    }

    #[test]
    fn wordpress_field_names_are_read() {
        let fields: Vec<(String, String)> = [
            ("comment", "Halo"),
            ("author", "Sari"),
            ("comment_post_ID", "42"),
            ("comment_parent", "0"),
            ("balasan-hp", ""),
            ("lang", "en"),
            ("redirect", "1"),
            ("idempotency_key", "k1"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let (c, extras) = read(&fields);
        assert_eq!((c.content.as_str(), c.post.as_str()), ("Halo", "42"));
        assert_eq!(c.parent, None);
        assert_eq!(extras.lang, Lang::En);
        assert!(extras.redirect);
        assert_eq!(extras.key.as_deref(), Some("k1"));
    }
}
