//! The moderation app's files (`dist/admin/`, built by Trunk), carried in the server's
//! binary, so `balasan-server serve` serves the app at `/admin/` wherever it runs, with or
//! without `--static`. A release build embeds the files as they were when it was compiled
//! (build the app first: `scripts/build.sh`); a debug build reads them from `dist/admin/`
//! as they are now, so a rebuilt app needs no rebuilt server.
//!
//! Trunk names every file but the page by its content's hash: those are cached for good,
//! the page is asked for again each time. A precompressed copy (`.br`, `.gz`, written by
//! `scripts/compress.mjs`) is sent when the browser takes it.

use axum::extract::Path;
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    LOCATION, VARY,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

use crate::error::ApiError;

#[derive(Embed)]
#[folder = "../dist/admin"]
// A server compiled before the app was built still compiles; it says so at /admin/.
#[allow_missing = true]
struct Files;

/// Whether this server carries the moderation app (for the start-up log).
pub fn built_in() -> bool {
    Files::get("index.html").is_some()
}

/// `/admin`: the app is at `/admin/`.
pub async fn to_app() -> Response {
    (StatusCode::PERMANENT_REDIRECT, [(LOCATION, "/admin/")]).into_response()
}

/// `/admin/`: the app's page.
pub async fn page(headers: HeaderMap) -> Response {
    file("index.html", &headers)
}

/// `/admin/{name}`: one of the app's files.
pub async fn asset(Path(name): Path<String>, headers: HeaderMap) -> Response {
    file(&name, &headers)
}

/// The encoding of `name` to send: brotli or gzip when the browser takes it and a copy
/// exists, else the file as it is.
fn pick(
    name: &str,
    headers: &HeaderMap,
) -> (Option<&'static str>, Option<rust_embed::EmbeddedFile>) {
    let accepts = headers
        .get(ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    for (token, suffix) in [("br", "br"), ("gzip", "gz")] {
        let takes = accepts
            .split(',')
            .any(|e| e.split(';').next().unwrap_or("").trim() == token);
        if takes {
            if let Some(f) = Files::get(&format!("{name}.{suffix}")) {
                return (Some(token), Some(f));
            }
        }
    }
    (None, Files::get(name))
}

fn file(name: &str, headers: &HeaderMap) -> Response {
    // Names with no dot-dot and no slash only (the route gives one segment); a copy is
    // never asked for by its own name.
    if name.contains("..") || name.ends_with(".br") || name.ends_with(".gz") {
        return missing(name);
    }
    let (encoding, Some(found)) = pick(name, headers) else {
        return missing(name);
    };
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let cache = if name == "index.html" {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    let mut r = (StatusCode::OK, found.data.into_owned()).into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
        h.insert(CONTENT_TYPE, v);
    }
    h.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    if let Some(e) = encoding {
        h.insert(CONTENT_ENCODING, HeaderValue::from_static(e));
    }
    if name == "index.html" {
        // The page runs its own inline loader, by its hash, and nothing else.
        if let Some(v) = page_policy() {
            h.insert(CONTENT_SECURITY_POLICY, v);
        }
    }
    r
}

/// The page's policy (the page is never sent compressed, so its text is the file's).
fn page_policy() -> Option<HeaderValue> {
    let page = Files::get("index.html")?;
    HeaderValue::from_str(&super::csp::policy(&String::from_utf8_lossy(&page.data))).ok()
}

fn missing(name: &str) -> Response {
    if built_in() {
        ApiError::refused(StatusCode::NOT_FOUND, "not_found", "no such file").into_response()
    } else {
        tracing::warn!(
            file = name,
            "the moderation app is not built into this server"
        );
        ApiError::refused(
            StatusCode::NOT_FOUND,
            "not_found",
            "the moderation app is not built into this server: run scripts/build.sh, then build the server",
        )
        .into_response()
    }
}
