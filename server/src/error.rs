//! Every way the API refuses a request, as one type that handlers return with `?` and
//! that answers in the contract's shape (`{error: {code, message, fields?}}`,
//! `balasan_core::contract::ErrorReply`).

use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use balasan_core::contract::ErrorReply;
use balasan_core::{Field, Problem};

#[derive(Debug)]
pub enum ApiError {
    /// A refusal with a status, a stable code and a message for the developer.
    Refused {
        status: StatusCode,
        code: &'static str,
        message: &'static str,
    },
    /// `422`: what is wrong with each field (`code` is `invalid` or `captcha`).
    Fields {
        code: &'static str,
        message: &'static str,
        problems: Vec<(Field, Problem)>,
    },
    /// `429` with `Retry-After` in seconds.
    RateLimited { retry_after: u64 },
    /// `500`: the store failed. The cause is logged, never sent.
    Store(String),
}

impl ApiError {
    pub fn bad_request(message: &'static str) -> ApiError {
        ApiError::Refused {
            status: StatusCode::BAD_REQUEST,
            code: "bad_request",
            message,
        }
    }

    pub fn refused(status: StatusCode, code: &'static str, message: &'static str) -> ApiError {
        ApiError::Refused {
            status,
            code,
            message,
        }
    }

    /// A wrong, missing, expired or reused answer to the server challenge.
    pub fn captcha(message: &'static str, problem: Problem) -> ApiError {
        ApiError::Fields {
            code: "captcha",
            message,
            problems: vec![(Field::Captcha, problem)],
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Refused {
                status,
                code,
                message,
            } => (status, Json(ErrorReply::new(code, message))).into_response(),
            ApiError::Fields {
                code,
                message,
                problems,
            } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(ErrorReply::fields(code, message, &problems)),
            )
                .into_response(),
            ApiError::RateLimited { retry_after } => {
                let mut r = (
                    StatusCode::TOO_MANY_REQUESTS,
                    Json(ErrorReply::new(
                        "rate_limited",
                        "too many comments from this address; wait a little",
                    )),
                )
                    .into_response();
                r.headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(retry_after));
                r
            }
            ApiError::Store(cause) => {
                tracing::error!(%cause, "the store failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Json(ErrorReply::new("server", "the comment could not be stored")),
                )
                    .into_response()
            }
        }
    }
}

impl From<crate::db::Error> for ApiError {
    fn from(e: crate::db::Error) -> ApiError {
        ApiError::Store(e.to_string())
    }
}
