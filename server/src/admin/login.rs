//! `POST /admin/api/login`, `POST /admin/api/logout`, `GET /admin/api/session`.
//!
//! A login answers alike for a name that does not exist and a wrong password, in the same
//! time: an unknown name is checked against a hash of a password no one has, with the same
//! Argon2id parameters. Failures are counted ([`super::throttle`]); at most
//! [`VERIFYING`] passwords are checked at once, so a flood of logins costs the server
//! memory and time for those few (Argon2id takes 19 MiB each) and waits for the rest.

use std::net::IpAddr;
use std::sync::LazyLock;

use axum::extract::{Request, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::cookie;
use super::guard::Https;
use super::session::{self, Live};
use super::throttle::{self, ADDRESS_TRIES, MEMORY, NAME_TRIES};
use crate::accounts;
use crate::api::AppState;
use crate::clock::unix_now;
use crate::db::{NewSession, Stale};
use crate::error::ApiError;
use crate::extract::{json_body, ClientAddr};
use crate::proxy::bucket;

/// Passwords checked at once, by each server.
pub const VERIFYING: usize = 4;

/// Checked in place of a stored hash when the name has none.
static NO_ONE: LazyLock<String> = LazyLock::new(|| accounts::hash("no moderator has this"));

/// Makes the stand-in hash now, so the first unknown name is not the slow one.
pub fn prepare() {
    LazyLock::force(&NO_ONE);
}

#[derive(Deserialize)]
struct Credentials {
    name: String,
    password: String,
}

/// What the moderation app is told of its session.
#[derive(Serialize)]
struct SessionReply {
    name: String,
    /// Sent back in `X-CSRF-Token` with every request that changes something.
    csrf: String,
}

fn failed() -> ApiError {
    ApiError::refused(
        StatusCode::UNAUTHORIZED,
        "login_failed",
        "the name or the password is not right",
    )
}

fn locked(until: i64, now: i64) -> Response {
    let mut r = ApiError::refused(
        StatusCode::TOO_MANY_REQUESTS,
        "login_locked",
        "too many failed logins; wait before trying again",
    )
    .into_response();
    r.headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from((until - now).max(1)));
    r
}

pub async fn login(
    State(s): State<AppState>,
    ClientAddr(ip): ClientAddr,
    Https(https): Https,
    req: Request,
) -> Result<Response, ApiError> {
    let earlier = cookie::read(req.headers(), https).map(session::hash);
    let Credentials { name, password } = json_body(req, &s).await?;
    let name_key = throttle::name_key(&name);
    let address_key = throttle::address_key(&bucket(ip, s.settings.ipv6_bucket_prefix));
    let keys = [name_key.as_str(), address_key.as_str()];

    // One server checks a few passwords at a time; the lock is read once a turn comes,
    // so a burst of guesses is refused as soon as the first ones have failed.
    let _turn = s
        .logins
        .acquire()
        .await
        .map_err(|_| ApiError::Store("the login queue closed".into()))?;
    let now = unix_now();
    if let Some(until) = s.db.login_locked_until(keys).await?.filter(|u| *u > now) {
        tracing::debug!(%name_key, %address_key, until, "login refused: locked");
        return Ok(locked(until, now));
    }
    let known = match accounts::name(&name) {
        Ok(name) => s.db.password_hash(&name).await?.map(|hash| (name, hash)),
        Err(_) => None,
    };
    let stored = known
        .as_ref()
        .map_or(NO_ONE.as_str(), |(_, h)| h.as_str())
        .to_owned();
    let right = tokio::task::spawn_blocking(move || accounts::verify(&stored, &password))
        .await
        .map_err(|e| ApiError::Store(format!("a password check failed: {e}")))?;
    let Some((name, _)) = known.filter(|_| right) else {
        count_failure(&s, &name_key, NAME_TRIES, ip, now).await?;
        count_failure(&s, &address_key, ADDRESS_TRIES, ip, now).await?;
        return Err(failed());
    };
    s.db.forget_failures(&name_key).await?;
    if let Some(earlier) = earlier {
        s.db.end_session(&earlier).await?;
    }
    let lifetimes = s.settings.sessions;
    s.db.forget_stale(Stale {
        idle_before: now - lifetimes.idle.as_secs() as i64,
        opened_before: now - lifetimes.most.as_secs() as i64,
        failed_before: now - MEMORY,
        now,
    })
    .await?;
    let token = session::new_token();
    let csrf = session::new_token();
    let opened =
        s.db.new_session(NewSession {
            token_hash: session::hash(&token),
            name: name.clone(),
            csrf: csrf.clone(),
            address: ip.to_string(),
            now,
        })
        .await?;
    if !opened {
        // Removed between the check and now.
        return Err(failed());
    }
    tracing::info!(moderator = %name, address = %ip, "logged in");
    let mut r = Json(SessionReply { name, csrf }).into_response();
    r.headers_mut().insert(
        SET_COOKIE,
        cookie::open(&token, https, lifetimes.most.as_secs()),
    );
    Ok(r)
}

/// Counts a failure under `key`; starts (and logs) a wait when that makes too many.
async fn count_failure(
    s: &AppState,
    key: &str,
    tries: i64,
    ip: IpAddr,
    now: i64,
) -> Result<(), ApiError> {
    let failures = s.db.fail_login(key, now, now - MEMORY).await?;
    if let Some(wait) = throttle::wait(failures, tries) {
        s.db.lock_login(key, now + wait).await?;
        tracing::warn!(
            %key, failures, wait_seconds = wait, address = %ip,
            "failed logins: further logins under this key are refused for a while"
        );
    }
    Ok(())
}

/// `POST /admin/api/logout`: ends this session everywhere.
pub async fn logout(
    State(s): State<AppState>,
    Https(https): Https,
    live: Live,
) -> Result<Response, ApiError> {
    s.db.end_session(&live.token_hash).await?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut().insert(SET_COOKIE, cookie::clear(https));
    Ok(r)
}

/// `GET /admin/api/session`: who is logged in, and the CSRF token (the app asks after a
/// reload; the cookie itself is out of script's reach).
pub async fn current(live: Live) -> Json<impl Serialize> {
    Json(SessionReply {
        name: live.name,
        csrf: live.csrf,
    })
}
