//! Browser seam: one POST to the backend with `fetch`.
//!
//! Kept to the transport: it returns the reply's status and headers, or `Err` when no reply
//! came at all. What the reply means is [`crate::outcome`]'s business.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

use crate::outcome::Reply;

/// POSTs `body` as JSON. `idempotency_key` lets the backend recognise a retried send of the
/// same comment and answer it with the first result instead of storing it twice.
pub async fn post_json(url: &str, body: &str, idempotency_key: &str) -> Result<Reply, ()> {
    let window = web_sys::window().ok_or(())?;
    let headers = Headers::new().map_err(drop)?;
    headers
        .set("Content-Type", "application/json")
        .map_err(drop)?;
    headers.set("Accept", "application/json").map_err(drop)?;
    headers
        .set("Idempotency-Key", idempotency_key)
        .map_err(drop)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&body.into());
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(drop)?
        .dyn_into()
        .map_err(drop)?;
    Ok(Reply {
        status: response.status(),
        retry_after: response.headers().get("Retry-After").ok().flatten(),
    })
}
