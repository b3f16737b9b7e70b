//! The session cookie: its name, the `Set-Cookie` that opens and ends it, and reading it
//! back from a request.
//!
//! Over HTTPS the cookie is `__Host-balasan`: browsers keep a `__Host-` cookie only when it
//! is `Secure`, has `Path=/` and no `Domain`, so no other site on the domain (a subdomain,
//! a plain-HTTP page) can set or overwrite it. Browsers refuse that prefix without
//! `Secure`, so a server reached over plain HTTP (on a laptop, in a test) names it
//! `balasan_session`, and never reads that name over HTTPS.
//!
//! # Usage
//!
//! ```
//! use axum::http::{header::COOKIE, HeaderMap, HeaderValue};
//! use balasan_server::admin::cookie;
//!
//! let token = "a".repeat(64);
//! let set = cookie::open(&token, true, 3600);
//! assert!(set.to_str().unwrap().starts_with("__Host-balasan=aaaa"));
//!
//! let mut headers = HeaderMap::new();
//! headers.insert(COOKIE, HeaderValue::from_str(&format!("tema=gelap; __Host-balasan={token}")).unwrap());
//! assert_eq!(cookie::read(&headers, true), Some(token.as_str()));
//! assert_eq!(cookie::read(&headers, false), None); // over HTTP, another name
//! ```

use axum::http::header::COOKIE;
use axum::http::{HeaderMap, HeaderValue};

/// The cookie's name over HTTPS.
pub const SECURE: &str = "__Host-balasan";
/// The cookie's name over plain HTTP.
pub const PLAIN: &str = "balasan_session";

fn name(https: bool) -> &'static str {
    if https {
        SECURE
    } else {
        PLAIN
    }
}

/// `Set-Cookie` for a new session's `token`, kept `max_age` seconds: script cannot read
/// it (`HttpOnly`), no other site's page sends it (`SameSite=Strict`), `Secure` over HTTPS.
pub fn open(token: &str, https: bool, max_age: u64) -> HeaderValue {
    with_attributes(
        &format!("{}={token}; Max-Age={max_age}", name(https)),
        https,
    )
}

/// `Set-Cookie` that makes the browser forget the session cookie.
pub fn clear(https: bool) -> HeaderValue {
    with_attributes(&format!("{}=; Max-Age=0", name(https)), https)
}

fn with_attributes(start: &str, https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{start}; Path=/; HttpOnly; SameSite=Strict{secure}"
    ))
    .expect("a token of hex digits makes a header value")
}

/// The session token a request carries, if its cookie holds one of the right shape (64
/// hex digits, as [`super::session::new_token`] makes them). Two cookies of the name are
/// none: one was planted (a sibling subdomain can set a plain cookie with a longer path,
/// which browsers send first).
pub fn read(headers: &HeaderMap, https: bool) -> Option<&str> {
    let wanted = name(https);
    let mut found = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(n, _)| *n == wanted)
        .map(|(_, value)| value.trim());
    let token = found.next()?;
    if found.next().is_some() {
        return None;
    }
    Some(token).filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_for_each_scheme() {
        let token = "0f".repeat(32);
        assert_eq!(
            open(&token, true, 60),
            format!(
                "__Host-balasan={token}; Max-Age=60; Path=/; HttpOnly; SameSite=Strict; Secure"
            )
        );
        assert_eq!(
            open(&token, false, 60),
            format!("balasan_session={token}; Max-Age=60; Path=/; HttpOnly; SameSite=Strict")
        );
        assert_eq!(
            clear(true),
            "__Host-balasan=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict; Secure"
        );
    }

    #[test]
    fn only_a_token_of_the_right_shape_under_the_right_name() {
        let token = "0f".repeat(32);
        let with = |cookies: &[&str]| {
            let mut h = HeaderMap::new();
            for c in cookies {
                h.append(COOKIE, HeaderValue::from_str(c).unwrap());
            }
            h
        };
        let h = with(&["tema=gelap", &format!("x=1;balasan_session={token} ")]);
        assert_eq!(read(&h, false), Some(token.as_str()));
        assert_eq!(read(&h, true), None);
        for bad in [
            "balasan_session=",
            "balasan_session=' OR 1=1 --",
            "balasan_session=0f0f",
            "Balasan_session=0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
        ] {
            assert_eq!(read(&with(&[bad]), false), None, "{bad}");
        }
        // A look-alike name is another cookie.
        let h = with(&[&format!("xbalasan_session={token}")]);
        assert_eq!(read(&h, false), None);
        // Two of the name: one was planted, neither is believed.
        let other = "1a".repeat(32);
        let h = with(&[&format!("balasan_session={other}; balasan_session={token}")]);
        assert_eq!(read(&h, false), None);
    }
}
