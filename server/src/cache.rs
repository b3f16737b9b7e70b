//! The public comment lists as browsers and CDNs cache them: each article's list version
//! (bumped in the same transaction as any change to what the list shows) is its `ETag`,
//! when it changed its `Last-Modified`, and `If-None-Match` with the current tag is
//! answered `304` from that one row.
//!
//! A compressed answer's tag carries its encoding (`"7.1796000000.0.1.0-br"`, as Apache does): a
//! strong tag names one sequence of bytes, and the brotli and gzip bodies differ. A tag a
//! client holds matches whatever encoding suffix it has.
//!
//! # Usage
//!
//! ```
//! use axum::http::HeaderMap;
//! use balasan_server::cache::{held, ETag};
//!
//! let tag = ETag::of(7, 1_796_000_000);
//! let mut asked = HeaderMap::new();
//! asked.insert("if-none-match", format!("\"x\", {}", tag.with_encoding("br")).parse().unwrap());
//! assert_eq!(held(&asked, &tag).as_deref(), Some(tag.with_encoding("br").as_str()));
//! assert_eq!(held(&asked, &ETag::of(8, 1_796_000_100)), None);
//! ```

use std::time::{Duration, UNIX_EPOCH};

use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_ENCODING, ETAG, IF_NONE_MATCH, LAST_MODIFIED, VARY,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// A list's tag: its version, when it changed (a database restored from a backup, or
/// moved to another store, counts again from a lower version: the time keeps the tags it
/// reaches again apart from those given before), and this server's version (another may
/// write the list otherwise).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ETag(String);

impl ETag {
    pub fn of(version: i64, changed_at: i64) -> ETag {
        ETag(format!(
            "{version}.{changed_at}.{}",
            env!("CARGO_PKG_VERSION")
        ))
    }

    /// The header's value for a body sent as it is.
    pub fn plain(&self) -> String {
        format!("\"{}\"", self.0)
    }

    /// The header's value for a body in `encoding`.
    pub fn with_encoding(&self, encoding: &str) -> String {
        format!("\"{}-{encoding}\"", self.0)
    }
}

/// The tag of `If-None-Match` that is `tag` (in any encoding, weak or strong, or `*`), as
/// the client sent it: a `304` gives it back.
pub fn held(headers: &HeaderMap, tag: &ETag) -> Option<String> {
    // Every `If-None-Match` line: a list of tags may come split over several.
    let asked = headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    if asked.is_empty() {
        return None;
    }
    asked
        .split(',')
        .map(str::trim)
        .find_map(|t| {
            let bare = t.strip_prefix("W/").unwrap_or(t);
            let inner = bare.strip_prefix('"')?.strip_suffix('"')?;
            let inner = ["-br", "-gzip"]
                .iter()
                .find_map(|s| inner.strip_suffix(s))
                .unwrap_or(inner);
            (inner == tag.0).then(|| t.to_owned())
        })
        .or_else(|| (asked.trim() == "*").then(|| tag.plain()))
}

/// The caching headers of one list answer.
pub struct Headers<'a> {
    pub tag: &'a ETag,
    /// Unix seconds; 0 when the list never changed.
    pub changed_at: i64,
    /// `Cache-Control`'s value.
    pub control: String,
}

impl Headers<'_> {
    /// Puts them on an answer (its body sent as it is, or compressed later:
    /// [`tag_encoding`] then names the encoding in the tag).
    pub fn put(&self, h: &mut HeaderMap) {
        self.common(h);
        if let Ok(v) = HeaderValue::from_str(&self.tag.plain()) {
            h.insert(ETAG, v);
        }
    }

    /// `304 Not Modified`: the client's copy (tagged `held`) is the current list.
    pub fn not_modified(&self, held: String) -> Response {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        let h = r.headers_mut();
        self.common(h);
        if let Ok(v) = HeaderValue::from_str(&held) {
            h.insert(ETAG, v);
        }
        r
    }

    fn common(&self, h: &mut HeaderMap) {
        if let Ok(v) = HeaderValue::from_str(&self.control) {
            h.insert(CACHE_CONTROL, v);
        }
        h.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
        if self.changed_at > 0 {
            let when = UNIX_EPOCH + Duration::from_secs(self.changed_at as u64);
            if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(when)) {
                h.insert(LAST_MODIFIED, v);
            }
        }
    }
}

/// After compression: a compressed answer's tag names its encoding.
pub async fn tag_encoding(req: Request, next: Next) -> Response {
    let mut r = next.run(req).await;
    let encoding = r
        .headers()
        .get(CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let tag = r
        .headers()
        .get(ETAG)
        .and_then(|v| v.to_str().ok())
        .and_then(|t| t.strip_prefix('"')?.strip_suffix('"').map(str::to_owned));
    if let (Some(encoding), Some(tag)) = (encoding, tag) {
        if let Ok(v) = HeaderValue::from_str(&format!("\"{tag}-{encoding}\"")) {
            r.headers_mut().insert(ETAG, v);
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(IF_NONE_MATCH, value.parse().unwrap());
        h
    }

    #[test]
    fn a_held_tag_matches_in_any_encoding_and_no_other_version() {
        let tag = ETag::of(3, 1_796_000_000);
        let plain = tag.plain();
        assert_eq!(held(&asking(&plain), &tag), Some(plain.clone()));
        let gz = tag.with_encoding("gzip");
        assert_eq!(
            held(&asking(&format!("W/{gz}")), &tag),
            Some(format!("W/{gz}"))
        );
        assert_eq!(held(&asking("*"), &tag), Some(plain));
        assert_eq!(
            held(&asking(&ETag::of(2, 1_795_000_000).plain()), &tag),
            None
        );
        // The same version reached again later (a restored database): another tag.
        assert_eq!(
            held(&asking(&ETag::of(3, 1_790_000_000).plain()), &tag),
            None
        );
        assert_eq!(held(&asking("\"3\""), &tag), None, "another server version");
        assert_eq!(held(&HeaderMap::new(), &tag), None);
    }
}
