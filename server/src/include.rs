//! The form a page includes, for readers without JavaScript: `GET /form?post=…` answers
//! the widget's own form (its Leptos components, rendered here as the build pre-renders
//! them) ready to post to this server, for a server-side include (nginx's SSI, a PHP or
//! template include) under the article.
//!
//! It carries what a plain form post needs: the `action`, the article, the page to send the
//! reader back to, a fresh idempotency key (a second click sends the same comment, not a
//! second one), the server's question when `--captcha server` is on, and a fill-time stamp
//! ([`crate::challenge::Signer::stamp`]): when this form was shown, signed, good for one
//! post. A person who writes for a few seconds passes the fill-time check
//! (`--min-elapsed-ms`) without any script; a bot that posts at once does not, and a stamp
//! that was forged, has expired or was used before vouches for nothing.
//!
//! Every answer is new (`Cache-Control: no-store`): a stamp shared through a cache would
//! vouch for the first of its readers only. A page cached whole must include it from the
//! edge (ESI, SSI) or not at all. Where scripts run, the loader replaces the included form
//! with the widget, which measures its own fill time.

use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use balasan::challenge::Challenge;
use balasan::config::{CaptchaMode, Config, Theme};
use balasan::form::Page;
use balasan::view::state::{FormState, Seed};
use balasan::view::{CommentForm, Ids};
use balasan_core::i18n::{Lang, Texts};
use leptos::prelude::*;
use serde::Deserialize;

use crate::api::AppState;
use crate::clock::{unix_now, unix_now_ms};
use crate::error::ApiError;
use crate::form::{escape, SHOWN, STAMP_TTL_S};

#[derive(Deserialize)]
pub struct FormQuery {
    post: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    page_url: Option<String>,
    #[serde(default)]
    page_title: Option<String>,
}

/// What the form shows and carries, read from the query.
struct Wanted {
    post: String,
    lang: Lang,
    theme: Theme,
    page_url: String,
    page_title: String,
}

impl Wanted {
    fn read(q: FormQuery) -> Result<Wanted, ApiError> {
        let post = q.post.trim();
        if post.is_empty() || post.len() > 255 {
            return Err(ApiError::bad_request("post must be 1 to 255 bytes"));
        }
        let lang = match q.lang.as_deref() {
            None | Some("") => Lang::default(),
            Some(tag) => Lang::from_tag(tag)
                .ok_or_else(|| ApiError::bad_request("lang is one of id, en, ms"))?,
        };
        let theme = match q.theme.as_deref() {
            None | Some("") => Theme::Light,
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            Some("auto") => Theme::Auto,
            Some(_) => return Err(ApiError::bad_request("theme is light, dark or auto")),
        };
        let page_url = q.page_url.unwrap_or_default();
        let page_title = q.page_title.unwrap_or_default();
        if page_url.len() > 2048 || page_title.len() > 1024 {
            return Err(ApiError::bad_request(
                "page_url and page_title must be short",
            ));
        }
        Ok(Wanted {
            post: post.to_owned(),
            lang,
            theme,
            page_url,
            page_title,
        })
    }
}

/// `GET /form?post=…[&lang=id|en|ms][&theme=light|dark|auto][&page_url=…][&page_title=…]`:
/// the form, as an HTML fragment to include in the article's page.
pub async fn form(
    State(s): State<AppState>,
    query: Result<Query<FormQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|_| {
        ApiError::bad_request("give ?post= (and optionally lang, theme, page_url, page_title)")
    })?;
    let wanted = Wanted::read(q)?;
    let question = s.settings.server_captcha.then(|| {
        let ttl = s.settings.challenge_ttl.as_secs() as i64;
        s.signer
            .issue(&s.settings.captcha, unix_now_ms(), unix_now() + ttl)
    });
    let config = Config {
        texts: Texts::new(wanted.lang),
        required: s.settings.required,
        // Without a script only the server's question can be asked and checked.
        captcha: match question {
            Some(_) => CaptchaMode::Server { url: String::new() },
            None => CaptchaMode::Off,
        },
        theme: wanted.theme,
        ..Config::default()
    };
    let shown_question = question.as_ref().map(|(token, text)| Challenge::Server {
        token: token.clone(),
        text: text.clone(),
        expires_at: 0,
    });
    let markup = render(config, shown_question);
    let action = format!(
        "{}/api/comments",
        s.settings
            .own_origins
            .first()
            .map(String::as_str)
            .unwrap_or_default()
    );
    let stamp = s.signer.stamp(unix_now_ms(), unix_now() + STAMP_TTL_S);
    let key = crate::form::fresh_key();
    let mut hidden = vec![
        ("post", wanted.post.as_str()),
        ("lang", wanted.lang.tag()),
        ("page_url", &wanted.page_url),
        ("page_title", &wanted.page_title),
        ("idempotency_key", &key),
        (SHOWN, &stamp),
    ];
    if let Some((token, _)) = &question {
        hidden.push(("captcha[token]", token));
    }
    let html = filled(&markup, &action, &hidden)
        .ok_or_else(|| ApiError::Store("the form's markup has no <form>".into()))?;
    let mut r = (StatusCode::OK, html).into_response();
    let h = r.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// The form's markup from the widget's components, as the build pre-renders it (without
/// the hydration marks: the widget mounts fresh over it).
fn render(config: Config, question: Option<Challenge>) -> String {
    Owner::new()
        .with(move || {
            let state = FormState::new(config, Ids::new(""), Page::default(), "", Seed::default());
            if question.is_some() {
                state.shown.update(|s| s.challenge = question);
            }
            view! { <CommentForm state /> }.to_html()
        })
        .replace("<!>", "")
}

/// `markup` with the form's `action` and `hidden` fields (the empty ones left out), or
/// `None` when it holds no form.
fn filled(markup: &str, action: &str, hidden: &[(&str, &str)]) -> Option<String> {
    let open = markup.find("<form ")? + "<form".len();
    let close = markup.rfind("</form>")?;
    let mut out = String::with_capacity(markup.len() + 1024);
    out.push_str(&markup[..open]);
    out.push_str(&format!(" action=\"{}\"", escape(action)));
    out.push_str(&markup[open..close]);
    for (name, value) in hidden.iter().filter(|(_, v)| !v.is_empty()) {
        out.push_str(&format!(
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            escape(name),
            escape(value)
        ));
    }
    out.push_str(&markup[close..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_action_and_hidden_fields_go_into_the_form_escaped() {
        let markup =
            "<div id=\"respond\"><form id=\"commentform\" method=\"post\"><p>x</p></form></div>";
        let out = filled(
            markup,
            "https://k.contoh.id/api/comments",
            &[("post", "a\"><script>"), ("page_url", ""), ("lang", "id")],
        )
        .unwrap();
        assert_eq!(
            out,
            "<div id=\"respond\"><form action=\"https://k.contoh.id/api/comments\" \
             id=\"commentform\" method=\"post\"><p>x</p>\
             <input type=\"hidden\" name=\"post\" value=\"a&quot;&gt;&lt;script&gt;\">\
             <input type=\"hidden\" name=\"lang\" value=\"id\"></form></div>"
        );
        assert_eq!(filled("<div></div>", "x", &[]), None);
    }
}
