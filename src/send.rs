//! Browser seam: one request with `gloo_net::http`, bounded by a timeout.
//!
//! Kept to the transport: it returns the reply's status, type, headers and text, or why no
//! reply came. What a reply means is decided by the preset ([`crate::presets`]).
//!
//! Two of gloo-net's calls would take the page's forms down instead of failing one send,
//! so they are done here on web-sys: setting a header the browser refuses throws
//! (`Headers::set` unwraps; the site's `data-header-*` may hold such a value), and
//! `Request::send` panics (`unreachable!`) when the fetch rejects with something that is
//! not an `Error`, which a page's own wrapper around `window.fetch` may do.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Headers, Method, RequestBuilder, Response};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestCredentials, RequestMode, RequestRedirect, ResponseType};

use crate::outcome::{Outcome, Reply};
use crate::request::{Credentials, Request};

/// Sends a comment request. `Err` carries the outcome when no reply came at all.
pub async fn post(req: &Request) -> Result<Reply, Outcome> {
    let headers = headers(&[("Content-Type", req.content_type)])?;
    for (name, value) in &req.headers {
        // A header the browser refuses (a name or value it cannot carry) is skipped.
        let _ = headers.set(name, value);
    }
    let builder = RequestBuilder::new(&req.url)
        .method(Method::POST)
        .headers(Headers::from_raw(headers))
        .credentials(match req.credentials {
            Credentials::Omit => RequestCredentials::Omit,
            Credentials::SameOrigin => RequestCredentials::SameOrigin,
            Credentials::Include => RequestCredentials::Include,
        });
    let builder = if req.manual_redirect {
        builder.redirect(RequestRedirect::Manual)
    } else {
        builder
    };
    fetch(builder, Some(&req.body), req.timeout_ms, None).await
}

/// A `GET` asking for JSON (a server captcha challenge, a list page). `cancel` may abort
/// it before its answer (a list page whose form was unmounted meanwhile): then it fails as
/// [`Outcome::Unreachable`].
pub async fn get(
    url: &str,
    timeout_ms: u32,
    cancel: Option<&AbortController>,
) -> Result<Reply, Outcome> {
    let accept = headers(&[("Accept", "application/json")])?;
    let builder = RequestBuilder::new(url)
        .method(Method::GET)
        .headers(Headers::from_raw(accept));
    fetch(builder, None, timeout_ms, cancel).await
}

/// Whether anything at all answers at `url`: an opaque `no-cors` `GET`. After a send that
/// got no reply while the browser says it is online, this tells a reply the browser refused
/// (CORS: something answered) from a network that carries nothing (a dead zone).
pub async fn answers(url: &str) -> bool {
    let builder = RequestBuilder::new(url)
        .method(Method::GET)
        .mode(RequestMode::NoCors);
    fetch(builder, None, 10_000, None).await.is_ok()
}

/// Whether the page's own server answers (a `HEAD` of the page, never cached), asked after
/// the comment server did not: it tells a dead network from a comment server that is down.
/// Briefly: the reader has waited for the comment server already. (A page whose CSP leaves
/// its own origin out of `connect-src` gets `false`: a dead network, as before.)
pub async fn page_answers() -> bool {
    let Some(href) = web_sys::window().and_then(|w| w.location().href().ok()) else {
        return false;
    };
    let builder = RequestBuilder::new(&href)
        .method(Method::HEAD)
        .cache(web_sys::RequestCache::NoStore);
    fetch(builder, None, 3_000, None).await.is_ok()
}

fn headers(fixed: &[(&str, &str)]) -> Result<web_sys::Headers, Outcome> {
    let headers = web_sys::Headers::new().map_err(|_| Outcome::Unreachable)?;
    for (name, value) in fixed {
        headers.set(name, value).map_err(|_| Outcome::Unreachable)?;
    }
    Ok(headers)
}

/// Sends what `builder` describes; the timeout aborts it through `cancel`, or through a
/// controller of its own.
async fn fetch(
    builder: RequestBuilder,
    body: Option<&str>,
    timeout_ms: u32,
    cancel: Option<&AbortController>,
) -> Result<Reply, Outcome> {
    let window = web_sys::window().ok_or(Outcome::Unreachable)?;
    let controller = match cancel {
        Some(c) => c.clone(),
        None => AbortController::new().map_err(|_| Outcome::Unreachable)?,
    };
    let builder = builder.abort_signal(Some(&controller.signal()));
    // A URL the browser cannot parse fails here, before anything is sent.
    let request = match body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(|_| Outcome::Unreachable)?;
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
    let result = read(&window, request.into()).await;
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

async fn read(window: &web_sys::Window, request: web_sys::Request) -> Result<Reply, ()> {
    // Not `gloo_net::http::Request::send`: see the module's comment.
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(drop)?
        .dyn_into::<web_sys::Response>()
        .map_err(drop)?
        .into();
    if response.type_() == ResponseType::Opaqueredirect {
        return Ok(Reply {
            opaque_redirect: true,
            ..Reply::default()
        });
    }
    let headers = response.headers();
    // A body cut off mid-read rejects with a `TypeError`, which gloo-net reads as an error.
    let body = response.text().await.map_err(drop)?;
    Ok(Reply {
        status: response.status(),
        content_type: headers
            .get("Content-Type")
            .map(|t| {
                t.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default(),
        body,
        retry_after: headers.get("Retry-After"),
        opaque_redirect: false,
        wp_total: headers.get("X-WP-Total"),
        wp_pages: headers.get("X-WP-TotalPages"),
    })
}
