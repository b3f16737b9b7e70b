//! The form a page includes, for readers without JavaScript: `GET /form?post=…` answers
//! the widget's own form (its Leptos components, rendered here as the build pre-renders
//! them) ready to post to this server, for a server-side include (nginx's SSI, a PHP or
//! template include) under the article.
//!
//! It carries what a plain form post needs: the `action` (the server's public address:
//! `--public-url`, else its listen address), the article, the page the answer links back
//! to, a fresh idempotency key (a second click sends the same comment, not a second one),
//! the server's question when `--captcha server` is on, and a fill-time stamp
//! ([`crate::challenge::Signer::stamp`]): when this form was shown, signed, good for one
//! comment. A person who writes for a few seconds passes the fill-time check
//! (`--min-elapsed-ms`) without any script. The stamp makes that check no stronger than it
//! is for the widget's `elapsed_ms` (a program can leave the stamp out and claim a fill
//! time, as it can to the JSON API): a post of this form sooner than a person could write
//! is refused, and a stamp that was forged, has expired or came with another comment before
//! vouches for nothing.
//!
//! Every answer is new (`Cache-Control: no-store`): a stamp shared through a cache would
//! vouch for the first of its readers only. A page cached whole must include it from the
//! edge (ESI, SSI) or not at all. Where scripts run, the loader replaces the included form
//! with the widget, which measures its own fill time.

use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use balasan::challenge::Challenge;
use balasan::config::{CaptchaMode, Config, Theme};
use balasan_core::i18n::{Lang, Texts};
use serde::Deserialize;

use crate::api::AppState;
use crate::error::ApiError;
use crate::form::{escape, SHOWN};

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
        let post = crate::api::article(&q.post)?;
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
        crate::api::page_fits(&page_url, &page_title)?;
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
    let question = s.settings.server_captcha.then(|| s.question());
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
    let markup = balasan::view::to_html(config, "", shown_question);
    let action = format!(
        "{}/api/comments",
        s.settings
            .own_origins
            .first()
            .map(String::as_str)
            .unwrap_or_default()
    );
    let stamp = s.stamp();
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
    // `no-transform`: the fragment goes into another page as it is (an SSI pastes its
    // bytes), so it is never compressed (src/compress.rs).
    h.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("no-store, no-transform"),
    );
    // Opened by itself, it runs and loads nothing and is framed nowhere.
    h.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
    );
    Ok(r)
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
