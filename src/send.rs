//! Browser seam: one request with `fetch`, bounded by a timeout.
//!
//! Kept to the transport: it returns the reply's status, type, headers and text, or why no
//! reply came. What a reply means is decided by the preset ([`crate::presets`]).

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Headers, RequestCredentials, RequestInit, RequestMode, RequestRedirect,
    Response, ResponseType,
};

use crate::outcome::{Outcome, Reply};
use crate::request::{Credentials, Request};

/// Sends a comment request. `Err` carries the outcome when no reply came at all.
pub async fn post(req: &Request) -> Result<Reply, Outcome> {
    let init = RequestInit::new();
    init.set_method("POST");
    let headers = Headers::new().map_err(|_| Outcome::Unreachable)?;
    let _ = headers.set("Content-Type", req.content_type);
    for (name, value) in &req.headers {
        // A header the browser refuses (a forbidden name) is skipped, not fatal.
        let _ = headers.set(name, value);
    }
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&req.body));
    if req.manual_redirect {
        init.set_redirect(RequestRedirect::Manual);
    }
    init.set_credentials(match req.credentials {
        Credentials::Omit => RequestCredentials::Omit,
        Credentials::SameOrigin => RequestCredentials::SameOrigin,
        Credentials::Include => RequestCredentials::Include,
    });
    fetch(&req.url, &init, req.timeout_ms).await
}

/// A `GET` asking for JSON (a server captcha challenge).
pub async fn get(url: &str, timeout_ms: u32) -> Result<Reply, Outcome> {
    let init = RequestInit::new();
    init.set_method("GET");
    let headers = Headers::new().map_err(|_| Outcome::Unreachable)?;
    let _ = headers.set("Accept", "application/json");
    init.set_headers(&headers);
    fetch(url, &init, timeout_ms).await
}

/// Whether anything at all answers at `url`: an opaque `no-cors` `GET`. After a send that
/// got no reply while the browser says it is online, this tells a reply the browser refused
/// (CORS: something answered) from a network that carries nothing (a dead zone).
pub async fn answers(url: &str) -> bool {
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(RequestMode::NoCors);
    fetch(url, &init, 10_000).await.is_ok()
}

async fn fetch(url: &str, init: &RequestInit, timeout_ms: u32) -> Result<Reply, Outcome> {
    let window = web_sys::window().ok_or(Outcome::Unreachable)?;
    let controller = AbortController::new().map_err(|_| Outcome::Unreachable)?;
    init.set_signal(Some(&controller.signal()));
    let timed_out = Rc::new(Cell::new(false));
    let on_timeout = {
        let (timed_out, controller) = (timed_out.clone(), controller.clone());
        Closure::once(move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            timeout_ms as i32,
        )
        .ok();
    let result = read(&window, url, init).await;
    if let Some(t) = timer {
        window.clear_timeout_with_handle(t);
    }
    drop(on_timeout);
    result.map_err(|()| {
        if timed_out.get() {
            Outcome::Timeout
        } else if !window.navigator().on_line() {
            Outcome::Offline
        } else {
            Outcome::Unreachable
        }
    })
}

async fn read(window: &web_sys::Window, url: &str, init: &RequestInit) -> Result<Reply, ()> {
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(drop)?
        .dyn_into()
        .map_err(drop)?;
    if response.type_() == ResponseType::Opaqueredirect {
        return Ok(Reply {
            opaque_redirect: true,
            ..Reply::default()
        });
    }
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let body = match response.text() {
        Ok(p) => JsFuture::from(p).await.map_err(drop)?.as_string(),
        Err(_) => None,
    };
    Ok(Reply {
        status: response.status(),
        content_type: header("Content-Type")
            .map(|t| {
                t.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default(),
        body: body.unwrap_or_default(),
        retry_after: header("Retry-After"),
        opaque_redirect: false,
        wp_total: header("X-WP-Total"),
        wp_pages: header("X-WP-TotalPages"),
    })
}
