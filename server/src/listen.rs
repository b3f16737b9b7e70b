//! The server's connections: accepted up to a cap, each given a deadline for every request
//! head (which is also how long an idle keep-alive connection may wait for its next
//! request), and all finished before the process stops.
//!
//! axum's own `serve` sets no timer on hyper: a client that sends half a request head and
//! then nothing holds its connection (and a file descriptor) for as long as it likes, and a
//! few hundred such clients stop a server from accepting readers. Bodies get their own
//! deadline where they are read ([`crate::extract::read_body`]).

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// How long connections may take, and how many there may be.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// To send a whole request head; and, between requests, to start the next one.
    pub head_timeout: Duration,
    /// Connections open at once; beyond it new ones wait in the kernel's queue.
    pub max_connections: usize,
}

impl Limits {
    /// A cap that keeps the process under its open-file limit: that limit less room for
    /// the database, the log and the static files.
    pub fn default_max_connections() -> usize {
        open_file_limit().map_or(1024, |n| n.saturating_sub(128).clamp(16, 10_000))
    }
}

/// The soft `RLIMIT_NOFILE` of this process (Linux: from /proc).
fn open_file_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// Serves `app` on `listener` until `stop` resolves; then stops accepting, lets the
/// requests under way finish, and returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    stop: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.head_timeout)
        .keep_alive(true);
    tokio::pin!(stop);
    loop {
        // A slot first: at the cap, connections wait unaccepted (no descriptor spent)
        // until one closes.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors or a connection reset before it was taken: the
                    // listener is fine, try again shortly.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            let app = app.clone();
            async move {
                Ok::<_, Infallible>(
                    app.oneshot(req.map(axum::body::Body::new))
                        .await
                        .unwrap_or_else(|e| match e {}),
                )
            }
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // Timeouts and resets end up here: the connection is simply closed.
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended");
            }
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_stays_under_the_open_file_limit() {
        let cap = Limits::default_max_connections();
        assert!(cap >= 16);
        if let Some(limit) = open_file_limit() {
            assert!(cap < limit, "{cap} connections, {limit} files");
        }
    }
}
