//! CORS for `/api/`: an allow-list of page origins.
//!
//! A browser request from a listed origin (or from the server's own) gets the CORS headers;
//! a request from any other origin is refused with `403` before it reaches a handler, so
//! nothing is stored. Requests without an `Origin` header do not come from a web page's
//! script and pass.
//!
//! Hand-written rather than `tower_http::cors::CorsLayer`: that layer only decides which
//! headers a reply gets and lets every request through to the handler. A "simple" POST
//! (form-encoded, no custom header) is sent without a preflight, so from a foreign page it
//! would reach the handler and be stored; only the reply would be hidden from the page.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, HOST, ORIGIN, VARY,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::AppState;
use crate::error::ApiError;

/// Whether `origin` may use the API: listed, or the server's own (`Host`).
pub fn allowed(origin: &str, host: Option<&str>, list: &[String]) -> bool {
    let own = host.is_some_and(|h| {
        origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(h))
    });
    own || list.iter().any(|o| o.trim_end_matches('/') == origin)
}

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let Some(origin) = req.headers().get(ORIGIN).cloned() else {
        return next.run(req).await;
    };
    let host = req.headers().get(HOST).and_then(|h| h.to_str().ok());
    let ok = origin
        .to_str()
        .is_ok_and(|o| allowed(o, host, &state.settings.allowed_origins));
    if !ok {
        return ApiError::refused(
            StatusCode::FORBIDDEN,
            "forbidden_origin",
            "this page's origin may not post comments here",
        )
        .into_response();
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
    use super::allowed;

    #[test]
    fn own_and_listed_origins_only() {
        let list = vec!["https://kabar.contoh.id/".to_owned()];
        assert!(allowed("https://kabar.contoh.id", None, &list));
        assert!(allowed(
            "http://127.0.0.1:8080",
            Some("127.0.0.1:8080"),
            &[]
        ));
        assert!(!allowed(
            "https://jahat.example",
            Some("127.0.0.1:8080"),
            &list
        ));
        assert!(!allowed(
            "https://kabar.contoh.id.jahat.example",
            None,
            &list
        ));
        assert!(!allowed("null", Some("127.0.0.1:8080"), &list));
    }
}
