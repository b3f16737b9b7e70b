//! What stands in front of the whole `/admin/api/` tree, known paths or not:
//!
//! 1. A request that may change something (any method but `GET` and `HEAD`) must carry an
//!    `Origin` that is one of the server's own (`--public-url`, or its listen address):
//!    else `403`. Browsers send `Origin` with every such request, so a page elsewhere
//!    cannot make a moderator's browser act (CSRF), and a login form elsewhere cannot log
//!    a moderator in as someone else.
//! 2. Every request but the login needs a live session (the cookie): else `401`.
//! 3. A request that may change something must also send the session's CSRF token in
//!    `X-CSRF-Token`: else `403`. Belt and braces with the `Origin` check and the cookie's
//!    `SameSite=Strict`, for browsers or proxies that drop either.
//!
//! Every answer under `/admin/api/` is `Cache-Control: no-store`: nothing a moderator saw
//! stays in a shared cache or the browser's.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{CACHE_CONTROL, ORIGIN, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::cookie;
use super::session::{self, Live};
use crate::api::AppState;
use crate::error::ApiError;

/// The tree the guard covers.
pub const PREFIX: &str = "/admin/api";
/// The one path there open without a session.
pub const LOGIN: &str = "/admin/api/login";

/// Whether the request reached this server over HTTPS: the server's public URL is
/// `https://`, or a trusted proxy says so ([`crate::proxy::TrustedProxies::says_https`]).
#[derive(Clone, Copy, Debug)]
pub struct Https(pub bool);

impl FromRequestParts<AppState> for Https {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let public = s
            .settings
            .own_origins
            .iter()
            .any(|o| o.starts_with("https:"));
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0.ip());
        Ok(Https(
            public || s.settings.trusted_proxies.says_https(peer, &parts.headers),
        ))
    }
}

/// The moderator whose session a request carries (put there by [`layer`]).
impl FromRequestParts<AppState> for Live {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<Live>()
            .cloned()
            .ok_or_else(unauthorized)
    }
}

pub fn unauthorized() -> ApiError {
    ApiError::refused(StatusCode::UNAUTHORIZED, "unauthorized", "log in first")
}

fn foreign_origin() -> ApiError {
    ApiError::refused(
        StatusCode::FORBIDDEN,
        "forbidden_origin",
        "moderation requests come from the moderation app's own origin",
    )
}

fn no_csrf_token() -> ApiError {
    ApiError::refused(
        StatusCode::FORBIDDEN,
        "csrf",
        "send this session's X-CSRF-Token",
    )
}

/// Whether `req` may change something: every method but `GET` and `HEAD`.
fn changes(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD)
}

/// Whether `path` is in the guarded tree.
fn guarded(path: &str) -> bool {
    path.strip_prefix(PREFIX)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

pub async fn layer(
    State(s): State<AppState>,
    Https(https): Https,
    req: Request,
    next: Next,
) -> Response {
    if !guarded(req.uri().path()) {
        return next.run(req).await;
    }
    let mut response = match check(&s, https, req).await {
        Ok(req) => next.run(req).await,
        Err(refused) => refused,
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The request, with its session in its extensions; or the refusal.
async fn check(s: &AppState, https: bool, mut req: Request) -> Result<Request, Response> {
    let changing = changes(req.method());
    if changing {
        let own = req
            .headers()
            .get(ORIGIN)
            .and_then(|o| o.to_str().ok())
            .is_some_and(|o| {
                s.settings
                    .own_origins
                    .iter()
                    .any(|own| own.eq_ignore_ascii_case(o))
            });
        if !own {
            return Err(foreign_origin().into_response());
        }
    }
    if req.method() == Method::POST && req.uri().path() == LOGIN {
        return Ok(req);
    }
    let Some(token) = cookie::read(req.headers(), https) else {
        return Err(unauthorized().into_response());
    };
    let Some(live) = session::live(s, token)
        .await
        .map_err(IntoResponse::into_response)?
    else {
        // A cookie the store does not know (expired, ended): the browser may forget it.
        let mut r = unauthorized().into_response();
        r.headers_mut().insert(SET_COOKIE, cookie::clear(https));
        return Err(r);
    };
    if changing {
        let sent = req
            .headers()
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok());
        if !session::csrf_matches(sent, &live.csrf) {
            return Err(no_csrf_token().into_response());
        }
    }
    req.extensions_mut().insert(live);
    Ok(req)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_and_nothing_beside_it() {
        for path in [
            "/admin/api",
            "/admin/api/",
            "/admin/api/login",
            "/admin/api/x/y",
        ] {
            assert!(guarded(path), "{path}");
        }
        for path in ["/admin/apix", "/admin/", "/api/comments", "/admin"] {
            assert!(!guarded(path), "{path}");
        }
    }

    #[test]
    fn only_get_and_head_change_nothing() {
        assert!(!changes(&Method::GET) && !changes(&Method::HEAD));
        for m in [
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ] {
            assert!(changes(&m), "{m}");
        }
    }
}
