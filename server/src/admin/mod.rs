//! The moderation API under `/admin/api/`, separate from the public comment API: its own
//! sessions ([`session`], [`cookie`]), its own guard in front of the whole tree
//! ([`guard`]), failed logins slowed down ([`throttle`]). No CORS: only the moderation app,
//! served from this server's own origin, uses it.

pub mod cookie;
pub mod guard;
pub mod login;
pub mod session;
pub mod throttle;

use axum::http::StatusCode;
use axum::routing::{any, get, post};
use axum::Router;

use crate::api::AppState;
use crate::error::ApiError;

/// The routes under `/admin/api/`; [`guard::layer`] must wrap them (the router in
/// [`crate::api::router`] does).
pub fn routes() -> Router<AppState> {
    login::prepare();
    Router::new()
        .route("/admin/api/login", post(login::login))
        .route("/admin/api/logout", post(login::logout))
        .route("/admin/api/session", get(login::current))
        .route("/admin/api", any(not_found))
        .route("/admin/api/", any(not_found))
        .route("/admin/api/{*rest}", any(not_found))
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
