//! Compressed answers: brotli or gzip, as the browser's `Accept-Encoding` asks, for the
//! JSON and HTML the server writes (comment lists above all: 50 comments are ~10 KB of
//! JSON, a fifth of that compressed), with `Vary: Accept-Encoding` so a cache in
//! front keeps one copy per encoding. Files already compressed (the widget's and the
//! moderation app's `.br`/`.gz`) are sent as they are; small answers (a refusal, a new
//! comment's echo) are not worth the work.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{Extensions, HeaderMap, StatusCode, Version};
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};

/// Answers smaller than this go as they are.
const SMALLEST: u16 = 1024;

/// Whether an answer is text the server wrote (JSON or HTML) that may be transformed: not
/// one marked `Cache-Control: no-transform` (the form a page includes, whose bytes a
/// server-side include pastes into the page as they are).
fn written(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    let text = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json") || t.starts_with("text/html"));
    let as_is = headers
        .get_all(CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            v.split(',')
                .any(|d| d.trim().eq_ignore_ascii_case("no-transform"))
        });
    text && !as_is
}

/// The layer: brotli or gzip at level 5, for JSON and HTML of at least [`SMALLEST`] bytes.
/// (A list of 50 comments, 17.6 KB of JSON: brotli 4, tower-http's default, 3.6 KB, more
/// than gzip's 3.4 KB; brotli 5 3.2 KB, gzip 5 3.4 KB.)
pub fn layer() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Precise(5))
        .compress_when(SizeAbove::new(SMALLEST).and(written))
}
