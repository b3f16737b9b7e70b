//! What a comment request carries besides its route: the JSON body, the idempotency key
//! and the client's address, each checked before a handler sees it.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::StatusCode;
use balasan_core::contract::NewComment;
use serde::de::DeserializeOwned;

use crate::api::AppState;
use crate::error::ApiError;

/// Why a request body could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum BodyError {
    /// Over `--body-limit`.
    TooLarge,
    /// Not all there within `--body-timeout` (a connection trickling bytes to hold the
    /// server): nothing is stored, and the connection is closed.
    TooSlow,
}

impl From<BodyError> for ApiError {
    fn from(e: BodyError) -> ApiError {
        match e {
            BodyError::TooLarge => ApiError::refused(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "the request body is too large",
            ),
            BodyError::TooSlow => ApiError::refused(
                StatusCode::REQUEST_TIMEOUT,
                "timeout",
                "the request body did not arrive in time",
            ),
        }
    }
}

/// The whole body, within the size limit and the time limit: a comment is only looked at
/// once all of it has arrived.
pub async fn read_body(body: Body, state: &AppState) -> Result<Bytes, BodyError> {
    let settings = &state.settings;
    match tokio::time::timeout(settings.body_timeout, to_bytes(body, settings.body_limit)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(_)) => Err(BodyError::TooLarge),
        Err(_) => Err(BodyError::TooSlow),
    }
}

/// A comment in the native contract's JSON: `415` for another content type, `413` over
/// the body limit, `408` for a body slower than the body timeout, `400` for a body that is
/// not UTF-8 or not the comment object.
pub struct JsonComment(pub NewComment);

/// Whether a request says its body is JSON.
fn is_json(req: &Request) -> bool {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

/// A JSON body of type `T`, under the same limits as a comment: `415` for another content
/// type, `413`, `408`, and `400` for a body that is not `T`.
pub async fn json_body<T: DeserializeOwned>(req: Request, state: &AppState) -> Result<T, ApiError> {
    if !is_json(&req) {
        return Err(ApiError::refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send application/json",
        ));
    }
    let bytes = read_body(req.into_body(), state).await?;
    serde_json::from_slice(&bytes)
        .map_err(|_| ApiError::bad_request("the body is not the JSON object this request takes"))
}

impl FromRequest<AppState> for JsonComment {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        if !is_json(&req) {
            return Err(ApiError::refused(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the comment as application/json",
            ));
        }
        let bytes = read_body(req.into_body(), state).await?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| ApiError::bad_request("the body is not UTF-8"))?;
        serde_json::from_str(text)
            .map(JsonComment)
            .map_err(|_| ApiError::bad_request("the body is not the comment JSON object"))
    }
}

/// The `Idempotency-Key` header, if sent: 1 to 128 visible ASCII characters.
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        match parts.headers.get("Idempotency-Key").map(|v| v.to_str()) {
            None => Ok(IdempotencyKey(None)),
            Some(Ok(k))
                if (1..=128).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()) =>
            {
                Ok(IdempotencyKey(Some(k.to_owned())))
            }
            Some(_) => Err(ApiError::bad_request(
                "Idempotency-Key must be 1 to 128 visible ASCII characters",
            )),
        }
    }
}

/// The reader's address: the connection's peer, or, from a trusted reverse proxy, the
/// address it forwarded ([`crate::proxy`]); loopback for requests handed to the router in
/// process, which have no connection.
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0.ip());
        Ok(ClientAddr(
            state.settings.trusted_proxies.client(peer, &parts.headers),
        ))
    }
}
