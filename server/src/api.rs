//! The HTTP API: the native contract. Bodies are the types of `balasan_core::contract`;
//! refusals are [`ApiError`]s.

use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{middleware, Json, Router};
use balasan_core::contract::{self, CommentList, NewComment, PublicComment};
use balasan_core::controls::{has_forbidden, without_forbidden};
use balasan_core::validate::{validate, Input};
use balasan_core::Problem;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;
use tower::ServiceBuilder;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::cache;
use crate::challenge::{Refusal, Shown, Signer};
use crate::clock::{unix_now, unix_now_ms};
use crate::db::{Db, Insert, Key, NewRow, Row};
use crate::error::ApiError;
use crate::extract::{ClientAddr, IdempotencyKey, JsonComment};
use crate::proxy::bucket;
use crate::settings::{Moderation, Settings};

/// How long a form the server shows (included, or the "send again" page) vouches for its
/// reader's fill time: a reader may take long over a comment.
pub(crate) const STAMP_TTL_S: i64 = 24 * 3600;

/// What every handler shares. Nothing that servers must agree on is kept here: it is all
/// in the store.
#[derive(Clone)]
pub struct AppState {
    pub db: Arc<Db>,
    pub settings: Arc<Settings>,
    /// Signs challenges and fill-time stamps with the server's secret.
    pub signer: Arc<Signer>,
    /// Turns to check a moderator's password ([`crate::admin::login::VERIFYING`]).
    pub(crate) logins: Arc<Semaphore>,
}

impl AppState {
    /// The state of a server on `db`, signing challenges with the secret kept in it.
    pub async fn new(db: Db, settings: Settings) -> crate::db::Result<AppState> {
        let secret = db.secret().await?;
        Ok(AppState::with_secret(db, settings, secret))
    }

    /// The same, signing with `secret` (`--secret-file`).
    pub fn with_secret(db: Db, settings: Settings, secret: Vec<u8>) -> AppState {
        AppState {
            db: Arc::new(db),
            settings: Arc::new(settings),
            signer: Arc::new(Signer::new(secret)),
            logins: Arc::new(Semaphore::new(crate::admin::login::VERIFYING)),
        }
    }

    /// A new signed question (token, text), good for `--challenge-ttl`.
    pub(crate) fn question(&self) -> (String, String) {
        let ttl = self.settings.challenge_ttl.as_secs() as i64;
        self.signer
            .issue(&self.settings.captcha, unix_now_ms(), unix_now() + ttl)
    }

    /// A new stamp of a form shown now, good for [`STAMP_TTL_S`].
    pub(crate) fn stamp(&self) -> String {
        self.signer.stamp(unix_now_ms(), unix_now() + STAMP_TTL_S)
    }

    /// Takes one of `ip`'s tokens, counted in the store across every server on it; a
    /// `429` with the seconds to wait when there is none.
    async fn take_token(&self, ip: IpAddr) -> Result<(), ApiError> {
        let burst = f64::from(self.settings.rate_burst.max(1));
        let per_ms = burst / (self.settings.rate_window.as_millis().max(1) as f64);
        match self
            .db
            .take(
                &bucket(ip, self.settings.ipv6_bucket_prefix),
                burst,
                per_ms,
                unix_now_ms(),
            )
            .await?
        {
            None => Ok(()),
            Some(tokens) => Err(ApiError::RateLimited {
                retry_after: ((1.0 - tokens) / per_ms / 1000.0).ceil().max(1.0) as u64,
            }),
        }
    }
}

/// The API and the moderation API (`/admin/api/`, behind its guard), plus the files of
/// `static_dir` (the built widget and demo page) for every other path. Each request runs in a `tracing` span (method and path).
pub fn router(state: AppState, static_dir: Option<&Path>) -> Router {
    let mut app = Router::new()
        .route("/api/comments", get(list).post(create))
        .route("/api/comments/challenge", get(challenge))
        .route("/form", get(crate::include::form))
        .route("/healthz", get(healthz))
        .merge(crate::admin::routes(state.clone()));
    if let Some(dir) = static_dir {
        // The widget's files are public: any page may load them, as from a CDN.
        let files = ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::if_not_present(
                ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ))
            .service(ServeDir::new(dir).precompressed_br().precompressed_gzip());
        app = app.fallback_service(files);
    }
    app.layer(middleware::from_fn(crate::admin::pages))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::cors::layer,
        ))
        // Every answer is what its Content-Type says: a browser never guesses a JSON reply or
        // a comment's text into HTML or script.
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // Outside the rest, so every answer is compressed once it is whole.
        .layer(crate::compress::layer())
        .layer(middleware::from_fn(crate::cache::tag_encoding))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// A stored comment as the public sees it: no email, no address.
fn public(row: &Row) -> PublicComment {
    PublicComment {
        id: row.id,
        post: row.post.clone(),
        parent: row.parent,
        author: row.author.clone(),
        url: row.url.clone(),
        content: row.content.clone(),
        status: row.status.clone(),
        created_at: row.created_at,
    }
}

/// A JSON body recorded earlier (under an idempotency key), sent again as it was.
fn json_reply(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut r = (status, body).into_response();
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

/// `POST /api/comments`: the native contract's JSON, or a plain form post (a page whose
/// form sends without the widget's script; see [`crate::form`]).
async fn create(
    State(s): State<AppState>,
    ClientAddr(ip): ClientAddr,
    IdempotencyKey(key): IdempotencyKey,
    req: Request,
) -> Response {
    if crate::form::is_form_post(req.headers()) {
        return crate::form::post(s, ip, req).await;
    }
    let result = match JsonComment::from_request(req, &s).await {
        Ok(JsonComment(body)) => accept(&s, ip, key, body, FillTime::Reported).await,
        Err(e) => Err(e),
    };
    match result {
        Ok((status, body)) => json_reply(status, body),
        Err(e) => e.into_response(),
    }
}

/// Checks and stores one comment: the idempotency key, the rate limit, the spam checks,
/// the fields, the server challenge, the parent, duplicates. The answer is the stored
/// reply (status and JSON body), the same for every later request with the same key and
/// the same comment. Nothing about stored comments is told before the checks a bot must
/// pass (the spam signals, the challenge): a refused request cannot probe comment ids.
pub(crate) async fn accept(
    s: &AppState,
    ip: IpAddr,
    key: Option<String>,
    body: NewComment,
    fill: FillTime,
) -> Result<(u16, String), ApiError> {
    let request = fingerprint(&body);
    let key = key.as_deref().map(|key| Key {
        key,
        request: &request,
    });
    // A retry of a comment that was stored gets the first answer, whatever else changed;
    // the key with any other comment gets nothing of it.
    if let Some(key) = key {
        match s.db.replay(key).await? {
            Some(Insert::Replayed(status, body)) => return Ok((status, body)),
            Some(_) => return Err(key_reused()),
            None => {}
        }
    }
    s.take_token(ip).await?;
    let input = Input {
        comment: &body.content,
        author: &body.author,
        email: &body.email,
        url: &body.url,
    };
    let clean = validate(&input, s.settings.required).map_err(|problems| ApiError::Fields {
        code: "invalid",
        message: "some fields are not valid",
        problems,
    })?;
    // The spam signals, after the fields (a field error tells a bot nothing, and gives a
    // person without scripts the useful answer first): the honeypot, and the fill time:
    // since a form the server stamped was shown, or else what the client reports; one that
    // reports none is as fast as can be (the widget always sends it, and leaving it out
    // must not skip the check).
    let min = s.settings.min_elapsed_ms;
    let elapsed_ms = match &fill {
        FillTime::Reported => body.elapsed_ms,
        FillTime::Stamped(Some(shown)) => u64::try_from(unix_now_ms() - shown.shown_ms).ok(),
        // Not the server's stamp, or expired: no time, whatever else the post says.
        FillTime::Stamped(None) => None,
    };
    let too_fast = min > 0 && elapsed_ms.is_none_or(|ms| ms < min);
    if !body.hp.is_empty() || too_fast {
        return Err(automated());
    }
    if let FillTime::Stamped(Some(shown)) = &fill {
        if !use_stamp(s, shown, key.as_ref().map(|k| k.key)).await? {
            return Err(ApiError::refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                "spam",
                "this form was sent with another comment before; send it from a new one",
            ));
        }
    }
    let post = article(&body.post)?;
    page_fits(&body.page_url, &body.page_title)?;
    let parent = match &body.parent {
        None => None,
        Some(p) => p
            .id()
            .map_err(|_| ApiError::bad_request("parent must be a comment id"))?,
    };
    if s.settings.server_captcha {
        check_captcha(s, &body).await?;
    }
    if let Some(id) = parent {
        if !s.db.is_comment_of(id, post).await? {
            return Err(ApiError::bad_request(
                "parent is not a published comment of this article",
            ));
        }
    }

    let moderation = s.settings.moderation;
    let row = NewRow {
        post: post.to_owned(),
        parent,
        author: clean.author,
        email: clean.email,
        url: clean.url,
        content: clean.content,
        page_url: without_forbidden(&body.page_url).into_owned(),
        page_title: without_forbidden(&body.page_title).into_owned(),
        status: moderation,
        ip: ip.to_string(),
    };
    let inserted =
        s.db.insert(&row, key, move |stored| {
            let status = match moderation {
                Moderation::Approved => 201,
                Moderation::Pending => 202,
            };
            let body = serde_json::to_string(&public(stored)).expect("plain data serialises");
            (status, body)
        })
        .await?;
    match inserted {
        Insert::Stored(status, body) | Insert::Replayed(status, body) => Ok((status, body)),
        Insert::KeyReused => Err(key_reused()),
        Insert::Duplicate => Err(ApiError::refused(
            StatusCode::CONFLICT,
            "duplicate",
            "this comment was posted before",
        )),
    }
}

/// An article's id as given (`post`), trimmed, if it is one: 1 to 255 bytes without
/// control or bidi-override characters.
pub(crate) fn article(post: &str) -> Result<&str, ApiError> {
    let post = post.trim();
    if post.is_empty() || post.len() > 255 || has_forbidden(post) {
        return Err(ApiError::bad_request(
            "post must be 1 to 255 bytes without control or bidi-override characters",
        ));
    }
    Ok(post)
}

/// Whether an article's address and title are of a size the store keeps.
pub(crate) fn page_fits(url: &str, title: &str) -> Result<(), ApiError> {
    if url.len() > 2048 || title.len() > 1024 {
        return Err(ApiError::bad_request(
            "page_url and page_title must be short",
        ));
    }
    Ok(())
}

/// Whether a stamp still vouches for this post, and uses it up. A stamp vouches for one
/// comment: a program that fetched one form cannot wait once and then post from it again
/// and again. Each post records the stamp with its idempotency key (or, without one, a key
/// of its own), and passes while no other key has been recorded with it: a later post of
/// the same key passes (a second click, even while the first is on its way, or the reader
/// back on the form after a refusal), and the key's own check then answers it, with the
/// first answer again or a refusal for another comment.
async fn use_stamp(s: &AppState, shown: &Shown, key: Option<&str>) -> Result<bool, ApiError> {
    let key = match key {
        Some(key) => hex::encode(Sha256::digest(key)),
        None => crate::form::fresh_key(),
    };
    let stamp = format!("shown:{}:", shown.nonce);
    s.db.use_challenge(&format!("{stamp}{key}"), shown.expires_at)
        .await?;
    Ok(s.db.used_with_prefix(&stamp).await? == 1)
}

/// What tells how long a comment took to write.
pub(crate) enum FillTime {
    /// The client's `elapsed_ms` (the widget measures it).
    Reported,
    /// A stamp of the server's on a form it showed (a plain form post of the form a page
    /// included, `GET /form`, or of its "send again" page): what it says, if it is genuine
    /// and unexpired. It lets a person without scripts through the fill-time check, and
    /// vouches for one post only.
    Stamped(Option<Shown>),
}

/// A refusal for a key that came with another comment: nothing of that one is told.
fn key_reused() -> ApiError {
    ApiError::refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
        "idempotency-key reused: this key came with another comment; send a new key",
    )
}

/// What an idempotency key is bound to: the comment's own fields (the article, the
/// parent, the author's fields, the text), hashed. A retry sends them as they were; the
/// fill time, the page's title and a new question's answer may differ.
pub(crate) fn fingerprint(body: &NewComment) -> String {
    let parent = match &body.parent {
        None => String::new(),
        Some(p) => match p.id() {
            Ok(id) => id.map(|n| n.to_string()).unwrap_or_default(),
            Err(_) => "?".to_owned(),
        },
    };
    let mut hash = Sha256::new();
    for field in [
        body.post.trim(),
        &parent,
        &body.author,
        &body.email,
        &body.url,
        &body.content,
    ] {
        // Each field's length first: no two requests hash alike by moving a boundary.
        hash.update((field.len() as u64).to_le_bytes());
        hash.update(field.as_bytes());
    }
    hex::encode(hash.finalize())
}

/// A refusal for a comment that looks sent by a program: the honeypot filled, or sent
/// sooner than a person could have written it.
fn automated() -> ApiError {
    ApiError::refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        "spam",
        "this looks automated",
    )
}

/// The answer to a server challenge: a token this server made (checked before anything is
/// recorded: a forged token costs the store nothing), not expired, not used before (every
/// attempt uses the question up, right or wrong: one guess per question), and right.
async fn check_captcha(s: &AppState, body: &NewComment) -> Result<(), ApiError> {
    let Some(c) = &body.captcha else {
        return Err(ApiError::captcha("answer the question", Problem::Missing));
    };
    let refused = |why: Refusal| {
        let message = match why {
            Refusal::Wrong => "the answer is not right",
            Refusal::Expired => "the question has expired",
            Refusal::Malformed => "the question token is not valid",
        };
        ApiError::captcha(message, Problem::Invalid)
    };
    let ttl = s.settings.challenge_ttl.as_secs() as i64;
    let opened = s.signer.open(&c.token, unix_now(), ttl).map_err(refused)?;
    // The time the server vouches for: since it issued the question. Sooner than a person
    // could read it and write is a bot, whatever elapsed_ms said. The question is not used
    // up by this: a reader who was that quick sends again in a moment.
    let vouched_ms = unix_now_ms().saturating_sub(opened.issued_ms);
    if vouched_ms < s.settings.min_elapsed_ms as i64 {
        return Err(automated());
    }
    let first_use = s.db.use_challenge(&opened.nonce, opened.expires_at).await?;
    if !first_use {
        return Err(ApiError::captcha(
            "this question was answered before",
            Problem::Invalid,
        ));
    }
    s.signer.verify(&c.token, &c.answer).map_err(refused)
}

#[derive(Deserialize)]
struct ListQuery {
    post: String,
    #[serde(default)]
    order: Option<String>,
    #[serde(default)]
    limit: Option<u32>,
    #[serde(default)]
    after: Option<i64>,
}

/// `GET /api/comments?post=…`: a page of approved comments (50 top-level comments by
/// default, at most 200, each with its replies), the count, the next page's cursor.
///
/// Cacheable by browsers and CDNs ([`crate::settings::ListCaching`]): its `ETag` is the
/// article's list version ([`crate::cache`]), read first (one row), so `If-None-Match`
/// with the current one is answered `304` without reading a comment; and a page read after
/// its version can only be as new or newer than its tag says.
async fn list(
    State(s): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query
        .map_err(|_| ApiError::bad_request("give ?post= (and optionally order, limit, after)"))?;
    let newest = match q.order.as_deref() {
        None | Some("oldest") => false,
        Some("newest") => true,
        Some(_) => return Err(ApiError::bad_request("order is oldest or newest")),
    };
    let (version, changed_at) = s.db.list_version(&q.post).await?;
    let tag = cache::ETag::of(version, changed_at);
    let cached = cache::Headers {
        tag: &tag,
        changed_at,
        control: s.settings.list_caching.header(),
    };
    if let Some(held) = cache::held(&headers, &tag) {
        return Ok(cached.not_modified(held));
    }
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    let (rows, total, next) = s.db.page(&q.post, newest, limit, q.after).await?;
    let mut r = Json(CommentList {
        comments: rows.iter().map(public).collect(),
        total,
        next: next.map(|n| n.to_string()),
    })
    .into_response();
    cached.put(r.headers_mut());
    Ok(r)
}

/// `GET /healthz`: `200 ok` while the database answers, `503` when it does not (for load
/// balancers and orchestrators).
async fn healthz(State(s): State<AppState>) -> Response {
    match s.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check: the database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

/// `GET /api/comments/challenge`: a new signed question.
async fn challenge(State(s): State<AppState>) -> Result<Response, ApiError> {
    if !s.settings.server_captcha {
        return Err(ApiError::refused(
            StatusCode::NOT_FOUND,
            "not_found",
            "server captcha is off",
        ));
    }
    let ttl = s.settings.challenge_ttl.as_secs() as i64;
    let (token, question) = s.question();
    let mut r = Json(contract::Challenge {
        token,
        question,
        expires_in: ttl,
    })
    .into_response();
    r.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}
