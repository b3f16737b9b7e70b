//! The moderation app's Content Security Policy. The app's page (built by Trunk) starts the
//! wasm with one inline module script; the policy allows exactly that script, by its
//! SHA-256, and otherwise only the app's own files and API: a comment's text that somehow
//! became markup could run nothing, load nothing and send nothing elsewhere.
//!
//! # Usage
//!
//! ```
//! use balasan_server::admin::csp::policy;
//!
//! let page = "<head><script type=\"module\">import init from '/admin/a.js';</script></head>";
//! let p = policy(page);
//! assert!(p.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
//! assert!(p.ends_with("frame-ancestors 'none'"));
//! ```

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// For everything under `/admin/` that is not a page (the API's JSON, the app's files).
pub const NOT_A_PAGE: &str = "default-src 'none'; frame-ancestors 'none'";

/// The inline scripts of `html` (a `<script>` without `src`): their text as written.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            found.push(&body[..close]);
        }
        rest = &body[close..];
    }
    found
}

/// The policy of a page of the app: its own inline scripts by hash, its own files, its own
/// API, the wasm compiled (`'wasm-unsafe-eval'`), nothing framed, no form elsewhere.
pub fn policy(html: &str) -> String {
    let hashes: String = inline_scripts(html)
        .into_iter()
        .map(|s| {
            format!(
                " 'sha256-{}'",
                STANDARD.encode(Sha256::digest(s.as_bytes()))
            )
        })
        .collect();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_inline_script_and_no_other_is_hashed() {
        let page = "<script src=\"/a.js\"></script><script type=\"module\">x()</script>\
                    <p>hi</p><script>y()</script>";
        assert_eq!(inline_scripts(page), ["x()", "y()"]);
        let p = policy(page);
        // echo -n 'x()' | openssl dgst -sha256 -binary | base64
        let x = STANDARD.encode(Sha256::digest(b"x()"));
        assert!(p.contains(&format!("'sha256-{x}'")), "{p}");
        assert_eq!(p.matches("'sha256-").count(), 2);
        assert!(!policy("<p>no script</p>").contains("sha256"));
    }

    #[test]
    fn an_unclosed_script_is_not_allowed() {
        assert!(inline_scripts("<script>x()").is_empty());
    }
}
