//! The HTTP API: the native contract.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::body::to_bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{middleware, Json, Router};
use balasan_core::validate::{validate, Input};
use balasan_core::{Field, Problem};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use tower::ServiceBuilder;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::challenge::{Refusal, Signer};
use crate::db::{Db, Insert, NewRow, Row};
use crate::limit::RateLimit;
use crate::settings::{Moderation, Settings};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: Arc<Db>,
    pub settings: Arc<Settings>,
    signer: Arc<Signer>,
    limit: Arc<RateLimit>,
}

impl AppState {
    pub fn new(db: Db, settings: Settings) -> crate::db::Result<AppState> {
        let signer = Signer::new(db.secret()?);
        let limit = RateLimit::new(settings.rate_burst, settings.rate_window);
        Ok(AppState {
            db: Arc::new(db),
            settings: Arc::new(settings),
            signer: Arc::new(signer),
            limit: Arc::new(limit),
        })
    }
}

/// The API, plus the files of `static_dir` (the built widget and demo page) for every
/// other path.
pub fn router(state: AppState, static_dir: Option<&Path>) -> Router {
    let mut app = Router::new()
        .route("/api/comments", get(list).post(create))
        .route("/api/comments/challenge", get(challenge));
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
    app.layer(middleware::from_fn_with_state(
        state.clone(),
        crate::cors::layer,
    ))
    .with_state(state)
}

/// `{error: {code, message}}` with a status.
pub fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({ "error": { "code": code, "message": message } })),
    )
        .into_response()
}

/// `{error: {code: "invalid", message, fields: {field: problem-code}}}`.
fn field_errors(code: &str, message: &str, fields: &[(Field, Problem)]) -> Response {
    let fields: Map<String, Value> = fields
        .iter()
        .map(|(f, p)| (f.wire_name().to_owned(), Value::from(p.code())))
        .collect();
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "error": { "code": code, "message": message, "fields": fields } })),
    )
        .into_response()
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The native contract's request body. Unknown members (a site's `data-field-*`) are
/// ignored.
#[derive(Deserialize)]
struct Incoming {
    #[serde(default)]
    post: String,
    #[serde(default)]
    page_url: String,
    #[serde(default)]
    page_title: String,
    #[serde(default)]
    parent: Option<Value>,
    #[serde(default)]
    author: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    captcha: Option<CaptchaAnswer>,
    #[serde(default)]
    hp: String,
    #[serde(default)]
    elapsed_ms: Option<u64>,
}

#[derive(Deserialize)]
struct CaptchaAnswer {
    #[serde(default)]
    token: String,
    #[serde(default)]
    answer: String,
}

/// A stored comment as the public sees it: no email, no IP.
fn public(row: &Row) -> Value {
    json!({
        "id": row.id,
        "post": row.post,
        "parent": row.parent,
        "author": row.author,
        "url": row.url,
        "content": row.content,
        "status": row.status,
        "created_at": row.created_at,
    })
}

fn json_reply(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut r = (status, body).into_response();
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

fn server_error(e: impl std::fmt::Display) -> Response {
    eprintln!("balasan-server: database error: {e}");
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "server",
        "the comment could not be stored",
    )
}

/// `POST /api/comments`.
async fn create(State(s): State<AppState>, req: Request) -> Response {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0.ip());
    let headers = req.headers();
    let is_json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        });
    if !is_json {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the comment as application/json",
        );
    }
    let key = match headers.get("Idempotency-Key").map(HeaderValue::to_str) {
        None => None,
        Some(Ok(k)) if (1..=128).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()) => {
            Some(k.to_owned())
        }
        Some(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "Idempotency-Key must be 1 to 128 visible ASCII characters",
            )
        }
    };
    let Ok(bytes) = to_bytes(req.into_body(), s.settings.body_limit).await else {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "the request body is too large",
        );
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "the body is not UTF-8",
        );
    };
    let body: Incoming = match serde_json::from_str(text) {
        Ok(b) => b,
        Err(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "the body is not the comment JSON object",
            )
        }
    };

    // A retry of a comment that was stored gets the first answer, whatever else changed.
    if let Some(key) = &key {
        let db = s.db.clone();
        let k = key.clone();
        match tokio::task::spawn_blocking(move || db.replay(&k)).await {
            Ok(Ok(Some((status, body)))) => return json_reply(status, body),
            Ok(Ok(None)) => {}
            Ok(Err(e)) => return server_error(e),
            Err(e) => return server_error(e),
        }
    }

    if let Err(wait) = s.limit.take(ip, Instant::now()) {
        let mut r = error(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many comments from this address; wait a little",
        );
        r.headers_mut().insert(RETRY_AFTER, HeaderValue::from(wait));
        return r;
    }

    if !body.hp.is_empty()
        || body
            .elapsed_ms
            .is_some_and(|ms| ms < s.settings.min_elapsed_ms)
    {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "spam",
            "this looks automated",
        );
    }

    let input = Input {
        comment: &body.content,
        author: &body.author,
        email: &body.email,
        url: &body.url,
    };
    let clean = match validate(&input, s.settings.required) {
        Ok(c) => c,
        Err(problems) => return field_errors("invalid", "some fields are not valid", &problems),
    };
    let post = body.post.trim();
    if post.is_empty()
        || post.len() > 255
        || body.page_url.len() > 2048
        || body.page_title.len() > 1024
    {
        return error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "post must be 1 to 255 bytes; page_url and page_title must be short",
        );
    }
    let parent = match &body.parent {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => s.parse().ok(),
        Some(_) => None,
    };
    if body.parent.as_ref().is_some_and(|p| !p.is_null()) && parent.is_none() {
        return error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "parent must be a comment id",
        );
    }

    if s.settings.server_captcha {
        let Some(c) = &body.captcha else {
            return field_errors(
                "captcha",
                "answer the question",
                &[(Field::Captcha, Problem::Missing)],
            );
        };
        let refuse = |why: Refusal| {
            let message = match why {
                Refusal::Wrong => "the answer is not right",
                Refusal::Expired => "the question has expired",
                Refusal::Malformed => "the question token is not valid",
            };
            field_errors("captcha", message, &[(Field::Captcha, Problem::Invalid)])
        };
        let ttl = s.settings.challenge_ttl.as_secs() as i64;
        let opened = match s.signer.open(&c.token, unix_now(), ttl) {
            Ok(o) => o,
            Err(why) => return refuse(why),
        };
        // Every attempt uses the question up, right or wrong: one guess per question.
        let db = s.db.clone();
        let first_use =
            tokio::task::spawn_blocking(move || db.use_challenge(&opened.nonce, opened.expires_at))
                .await;
        match first_use {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => {
                return field_errors(
                    "captcha",
                    "this question was answered before",
                    &[(Field::Captcha, Problem::Invalid)],
                )
            }
            Ok(Err(e)) => return server_error(e),
            Err(e) => return server_error(e),
        }
        if let Err(why) = s.signer.verify(&c.token, &c.answer) {
            return refuse(why);
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
        page_url: body.page_url,
        page_title: body.page_title,
        status: moderation,
        ip: ip.to_string(),
    };
    let db = s.db.clone();
    let inserted = tokio::task::spawn_blocking(move || {
        db.insert(&row, key.as_deref(), |stored| {
            let status = match moderation {
                Moderation::Approved => 201,
                Moderation::Pending => 202,
            };
            (status, public(stored).to_string())
        })
    })
    .await;
    match inserted {
        Ok(Ok(Insert::Stored(status, body) | Insert::Replayed(status, body))) => {
            json_reply(status, body)
        }
        Ok(Ok(Insert::Duplicate)) => error(
            StatusCode::CONFLICT,
            "duplicate",
            "this comment was posted before",
        ),
        Ok(Err(e)) => server_error(e),
        Err(e) => server_error(e),
    }
}

#[derive(Deserialize)]
struct ListQuery {
    post: String,
}

/// `GET /api/comments?post=…`: approved comments, oldest first.
async fn list(
    State(s): State<AppState>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Response {
    let Ok(Query(q)) = query else {
        return error(StatusCode::BAD_REQUEST, "bad_request", "give ?post=");
    };
    let db = s.db.clone();
    match tokio::task::spawn_blocking(move || db.approved(&q.post)).await {
        Ok(Ok(rows)) => {
            Json(json!({ "comments": rows.iter().map(public).collect::<Vec<_>>() })).into_response()
        }
        Ok(Err(e)) => server_error(e),
        Err(e) => server_error(e),
    }
}

/// `GET /api/comments/challenge`: a new signed question.
async fn challenge(State(s): State<AppState>) -> Response {
    if !s.settings.server_captcha {
        return error(StatusCode::NOT_FOUND, "not_found", "server captcha is off");
    }
    let ttl = s.settings.challenge_ttl.as_secs() as i64;
    let (token, question) = s.signer.issue(&s.settings.captcha, unix_now() + ttl);
    let mut r =
        Json(json!({ "token": token, "question": question, "expires_in": ttl })).into_response();
    r.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
