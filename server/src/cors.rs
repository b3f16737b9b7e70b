//! CORS for `/api/`: an allow-list of page origins.
//!
//! A browser request from a listed origin (or from the server's own) gets the CORS headers;
//! a request from any other origin is refused with `403` before it reaches a handler, so
//! nothing is stored. The server's own origins are the ones it is configured with
//! (`--public-url`, or its listen address), never what a request's `Host` says: a page on
//! `evil.example` whose name resolves to this server (DNS rebinding) is another origin.
//!
//! The public list (`GET /api/comments`) is the exception: it needs no credentials and
//! shows only what any reader sees, so it answers every origin with
//! `Access-Control-Allow-Origin: *` and no `Vary: Origin`. One copy then serves every page
//! from a CDN's or browser's cache; an answer that named the page's origin would be kept
//! once per origin, or (without `Vary`) given to a page it does not name.
//!
//! Requests without an `Origin` header do not come from a web page's script and pass,
//! except a plain form post (which any page can make a reader's browser send): it needs an
//! `Origin`, or a `Referer` on an allowed origin.
//!
//! Hand-written rather than `tower_http::cors::CorsLayer`: that layer only decides which
//! headers a reply gets and lets every request through to the handler. A "simple" POST
//! (form-encoded, no custom header) is sent without a preflight, so from a foreign page it
//! would reach the handler and be stored; only the reply would be hidden from the page.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ORIGIN, REFERER, VARY,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::AppState;
use crate::error::ApiError;
use crate::settings::Settings;

/// Whether `origin` (`scheme://host[:port]`, as browsers send it) may use the API: the
/// server's own or a listed one, scheme included.
pub fn allowed(origin: &str, settings: &Settings) -> bool {
    settings
        .own_origins
        .iter()
        .chain(&settings.allowed_origins)
        .any(|o| o.trim_end_matches('/').eq_ignore_ascii_case(origin))
}

/// `scheme://authority` of an http(s) address; `None` for anything else, and for an
/// authority with credentials or a backslash (which browsers and parsers read apart).
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.is_empty() || authority.contains(['@', '\\']) {
        return None;
    }
    Some(format!("{scheme}://{authority}"))
}

fn forbidden() -> Response {
    ApiError::refused(
        StatusCode::FORBIDDEN,
        "forbidden_origin",
        "this page's origin may not post comments here",
    )
    .into_response()
}

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    if req.uri().path() == "/api/comments" && matches!(*req.method(), Method::GET | Method::HEAD) {
        let mut r = next.run(req).await;
        r.headers_mut()
            .insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        return r;
    }
    let settings = &state.settings;
    let Some(origin) = req.headers().get(ORIGIN).cloned() else {
        if req.method() == Method::POST && crate::form::is_form_post(req.headers()) {
            let referer = req.headers().get(REFERER).and_then(|r| r.to_str().ok());
            if !referer
                .and_then(origin_of)
                .is_some_and(|o| allowed(&o, settings))
            {
                return forbidden();
            }
        }
        return next.run(req).await;
    };
    if !origin.to_str().is_ok_and(|o| allowed(o, settings)) {
        return forbidden();
    }
    let mut response = if req.method() == Method::OPTIONS {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NO_CONTENT;
        let h = r.headers_mut();
        h.insert(
            ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST"),
        );
        h.insert(
            ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("Content-Type, Accept, Idempotency-Key"),
        );
        h.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        r.into_response()
    } else {
        next.run(req).await
    };
    let h = response.headers_mut();
    h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    // Retry-After is not a header scripts may read cross-origin unless exposed.
    h.insert(
        ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("Retry-After"),
    );
    h.append(VARY, HeaderValue::from_static("Origin"));
    response
}

#[cfg(test)]
mod tests {
    use super::{allowed, origin_of};
    use crate::settings::Settings;

    #[test]
    fn own_and_listed_origins_only_scheme_included() {
        let s = Settings {
            own_origins: vec!["http://127.0.0.1:8080".into()],
            allowed_origins: vec!["https://kabar.contoh.id/".into()],
            ..Settings::default()
        };
        assert!(allowed("https://kabar.contoh.id", &s));
        assert!(allowed("HTTPS://Kabar.Contoh.id", &s));
        assert!(allowed("http://127.0.0.1:8080", &s));
        for other in [
            "http://kabar.contoh.id",
            "ftp://127.0.0.1:8080",
            "https://127.0.0.1:8080",
            "https://jahat.example",
            "https://kabar.contoh.id.jahat.example",
            "null",
            "",
        ] {
            assert!(!allowed(other, &s), "{other}");
        }
    }

    #[test]
    fn origins_of_addresses() {
        assert_eq!(
            origin_of("https://kabar.contoh.id/a?b#c").as_deref(),
            Some("https://kabar.contoh.id")
        );
        for bad in [
            "javascript:alert(1)//https://kabar.contoh.id",
            "//jahat.example/",
            "https://kabar.contoh.id@jahat.example/",
            "https://kabar.contoh.id\\@jahat.example/",
            "ftp://kabar.contoh.id/",
            "https:///x",
        ] {
            assert_eq!(origin_of(bad), None, "{bad}");
        }
    }
}
