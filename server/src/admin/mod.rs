//! The moderation API under `/admin/api/`, separate from the public comment API: its own
//! sessions ([`session`], [`cookie`], [`login`]), its own guard in front of the whole tree
//! ([`guard`]), failed logins slowed down ([`throttle`]); the queue and what moderators do
//! to comments ([`comments`], by the rules of [`balasan_core::moderation`]), each change in the audit trail.
//! No CORS: only the moderation app, served from this server's own origin ([`app`]: its
//! files, carried in the binary, public), uses it.

pub mod app;
pub mod comments;
pub mod cookie;
pub mod csp;
pub mod guard;
pub mod login;
pub mod session;
pub mod throttle;

use axum::extract::Request;
use axum::http::header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_FRAME_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{any, get, patch, post};
use axum::{middleware, Router};

use crate::api::AppState;
use crate::error::ApiError;

/// The routes under `/admin/api/`, every one (the catch-all too) behind [`guard::layer`]:
/// the tree cannot be merged into an app without its guard.
pub fn routes(state: AppState) -> Router<AppState> {
    login::prepare();
    Router::new()
        .route("/admin/api/login", post(login::login))
        .route("/admin/api/logout", post(login::logout))
        .route("/admin/api/session", get(login::current))
        .route("/admin/api/comments", get(comments::queue))
        .route("/admin/api/comments/moderate", post(comments::moderate))
        .route("/admin/api/comments/{id}", patch(comments::edit))
        .route("/admin/api/comments/{id}/audit", get(comments::trail))
        .route("/admin/api", any(not_found))
        .route("/admin/api/", any(not_found))
        .route("/admin/api/{*rest}", any(not_found))
        // Last: a layer wraps the routes added before it.
        .layer(middleware::from_fn_with_state(state, guard::layer))
        // The app's own files: public, outside the guard (the login is one of them).
        .route("/admin", get(app::to_app))
        .route("/admin/", get(app::page))
        .route("/admin/{name}", get(app::asset))
}

/// A path under `/admin/api/` that is not there (after the guard: only a moderator learns
/// which paths are).
async fn not_found() -> ApiError {
    ApiError::refused(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such moderation request",
    )
}

/// Empties the trash of what has been there `days` days, at once and then every hour,
/// forever (a task of `serve`; on several servers each does it, and deleting twice
/// deletes once). Nothing when `days` is 0.
pub async fn empty_trash_now_and_then(db: std::sync::Arc<crate::db::Db>, days: u32) {
    if days == 0 {
        return;
    }
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        let now = crate::clock::unix_now();
        match db.empty_trash(now - i64::from(days) * 86_400, now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, days, "emptied the trash"),
            Err(e) => tracing::warn!(error = %e, "could not empty the trash"),
        }
    }
}

/// Headers for everything under `/admin/` (the app's pages and files, the API): no page
/// elsewhere may frame them (a framed moderation page can be clicked through by a page that
/// hides it: clickjacking), no address of them leaves in a `Referer`, and nothing but the
/// app's page (which says its own policy, [`csp`]) may run or load anything.
pub async fn pages(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let admin = path.starts_with("/admin/") || path == "/admin";
    let mut r = next.run(req).await;
    if admin {
        let h = r.headers_mut();
        h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        h.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
        // The app's page brings its own (its loader's hash: `app::page`).
        if !h.contains_key(CONTENT_SECURITY_POLICY) {
            h.insert(
                CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(csp::NOT_A_PAGE),
            );
        }
    }
    r
}
