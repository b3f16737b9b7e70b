//! Compressed answers: brotli or gzip, as the browser's `Accept-Encoding` asks, for the
//! JSON and HTML the server writes (comment lists above all: 50 comments are ~10 KB of
//! JSON, a fifth of that compressed), always with `Vary: Accept-Encoding` so a cache in
//! front keeps one copy per encoding. Files already compressed (the widget's and the
//! moderation app's `.br`/`.gz`) are sent as they are; small answers (a refusal, a new
//! comment's echo) are not worth the work.

use axum::http::header::CONTENT_TYPE;
use axum::http::{Extensions, HeaderMap, StatusCode, Version};
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;

/// Answers smaller than this go as they are.
const SMALLEST: u16 = 1024;

/// Whether an answer is text the server wrote: JSON or HTML.
fn written(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json") || t.starts_with("text/html"))
}

/// The layer: brotli (quality 4, as nginx compresses on the fly) or gzip, for JSON and
/// HTML of at least [`SMALLEST`] bytes.
pub fn layer() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .compress_when(SizeAbove::new(SMALLEST).and(written))
}
