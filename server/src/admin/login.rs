//! `POST /admin/api/login`, `POST /admin/api/logout`, `GET /admin/api/session`.
//!
//! A login answers alike for a name that does not exist and a wrong password, in the same
//! time: an unknown name is checked against a hash of a password no one has, with the same
//! Argon2id parameters. Failures are counted ([`super::throttle`]); at most
//! [`VERIFYING`] passwords are checked at once, so a flood of logins costs the server
//! memory and time for those few (Argon2id takes 19 MiB each) and waits for the rest.

use std::sync::LazyLock;
use std::time::Duration;

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

fn locked_out(until: i64, now: i64) -> Response {
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

/// How long a login waits for its turn to have its password checked before it is told
/// the server is busy.
const TURN_WAIT: Duration = Duration::from_secs(10);

fn busy() -> Response {
    let mut r = ApiError::refused(
        StatusCode::SERVICE_UNAVAILABLE,
        "busy",
        "too many logins at once; try again in a moment",
    )
    .into_response();
    r.headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from_static("5"));
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

    // Refused while waiting, before queueing: a flood of locked-out guesses takes no turn.
    let now = unix_now();
    let locked = s.db.login_locked_until([&name_key, &address_key]).await?;
    if let Some(until) = locked.filter(|u| *u > now) {
        return Ok(locked_out(until, now));
    }
    // One server checks a few passwords at a time (Argon2id's memory); the rest wait a
    // little, then are told to come back.
    let Ok(Ok(_turn)) = tokio::time::timeout(TURN_WAIT, s.logins.acquire()).await else {
        return Ok(busy());
    };
    let known = match accounts::name(&name) {
        Ok(name) => s.db.password_hash(&name).await?.map(|hash| (name, hash)),
        Err(_) => None,
    };
    // Counted before the check, each key in one statement: guesses checked at once, on
    // this server or others, are all counted, and none is checked once a wait starts.
    let now = unix_now();
    let subject = |key: &str| match (&known, key == address_key) {
        (_, true) => format!("address {ip}"),
        (Some((name, _)), false) => format!("moderator {name}"),
        (None, false) => "a name no moderator has".to_owned(),
    };
    for (key, tries) in [(&name_key, NAME_TRIES), (&address_key, ADDRESS_TRIES)] {
        let Some((failures, until)) = s.db.attempt_login(key, now, now - MEMORY, tries).await?
        else {
            let until = s.db.login_locked_until([key, key]).await?.unwrap_or(now);
            return Ok(locked_out(until, now));
        };
        if until > now {
            tracing::warn!(
                "failed logins: {failures} in a row for {} (the last being checked now); \
                 further logins for it wait {} s",
                subject(key),
                until - now
            );
        }
    }
    let stored = known
        .as_ref()
        .map_or(NO_ONE.as_str(), |(_, h)| h.as_str())
        .to_owned();
    // A password longer than any can be is not checked (nor is it any moderator's).
    let checkable = accounts::password(&password).is_ok();
    let verified = stored.clone();
    let right = checkable
        && tokio::task::spawn_blocking(move || accounts::verify(&verified, &password))
            .await
            .map_err(|e| ApiError::Store(format!("a password check failed: {e}")))?;
    let Some((name, _)) = known.filter(|_| right) else {
        return Err(failed());
    };
    s.db.forget_failures(&name_key).await?;
    s.db.attempt_succeeded(&address_key, ADDRESS_TRIES).await?;
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
            password_hash: stored,
        })
        .await?;
    if !opened {
        // Removed, or given a new password, since the check.
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
