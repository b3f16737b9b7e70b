//! The real `balasan-server` binary over real TCP, for what in-process tests cannot see:
//! there every request comes from one address, so a rate limit that lost track of client
//! addresses (and became one bucket for the whole internet) would still pass them.
//!
//! Linux routes all of 127.0.0.0/8 to loopback, so each simulated reader binds its own
//! source address (127.0.0.2, 127.0.0.3, …) before connecting to the server on 127.0.0.1.
//! The store is SQLite, or PostgreSQL with `BALASAN_TEST_POSTGRES` (see `support`).

mod support;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpSocket;

use support::Running;

/// `serve` flags for a server behind the proxy at 127.0.0.4: one comment per reader's
/// bucket, refilled over ten minutes.
const BEHIND_PROXY: &[&str] = &[
    "--moderation",
    "approved",
    "--min-elapsed-ms",
    "0",
    "--rate-burst",
    "1",
    "--rate-window",
    "600",
    "--trust-proxy",
    "127.0.0.4/32",
];

async fn start(flags: &[&str]) -> Running {
    support::start(env!("CARGO_BIN_EXE_balasan-server"), flags).await
}

/// The status line and headers of a reply.
struct Answer {
    status: u16,
    head: String,
}

/// Posts a comment from source address `from`, with extra header lines `extra`.
async fn post(server: SocketAddr, from: Ipv4Addr, content: &str, extra: &str) -> Answer {
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::new(IpAddr::V4(from), 0))
        .expect("bind a loopback source address");
    let mut stream = socket.connect(server).await.unwrap();
    let body = format!(
        r#"{{"post":"abuse","author":"Pembaca {from}","email":"pembaca@contoh.id","content":"{content}","hp":"","elapsed_ms":9000}}"#
    );
    let request = format!(
        "POST /api/comments HTTP/1.1\r\nHost: {server}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).await.unwrap();
    let head = reply.split("\r\n\r\n").next().unwrap_or("").to_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP reply: {reply:?}"));
    Answer { status, head }
}

#[tokio::test]
async fn the_rate_limit_is_per_client_address() {
    let server = start(&[
        "--moderation",
        "approved",
        "--min-elapsed-ms",
        "0",
        "--rate-burst",
        "2",
        "--rate-window",
        "600",
    ])
    .await;
    let busy = Ipv4Addr::new(127, 0, 0, 2);
    let other = Ipv4Addr::new(127, 0, 0, 3);
    assert_eq!(post(server.addr, busy, "satu", "").await.status, 201);
    assert_eq!(post(server.addr, busy, "dua", "").await.status, 201);
    let held = post(server.addr, busy, "tiga", "").await;
    assert_eq!(held.status, 429, "{}", held.head);
    assert!(
        held.head.to_ascii_lowercase().contains("retry-after: "),
        "{}",
        held.head
    );
    // Someone else's burst does not hold this reader back.
    assert_eq!(post(server.addr, other, "empat", "").await.status, 201);
    // Headers a client writes itself do not buy a fresh bucket.
    let forged = post(
        server.addr,
        busy,
        "lima",
        "X-Forwarded-For: 203.0.113.9\r\nForwarded: for=203.0.113.9\r\n",
    )
    .await;
    assert_eq!(forged.status, 429, "{}", forged.head);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_reader_has_a_bucket_and_nobody_picks_theirs() {
    // 127.0.0.4 is the site's reverse proxy; 127.0.0.5 connects directly.
    let server = start(BEHIND_PROXY).await;
    let proxy = Ipv4Addr::new(127, 0, 0, 4);
    let via = |reader: &str| format!("X-Forwarded-For: {reader}\r\n");
    assert_eq!(
        post(server.addr, proxy, "a", &via("203.0.113.1"))
            .await
            .status,
        201
    );
    let again = post(server.addr, proxy, "b", &via("203.0.113.1")).await;
    assert_eq!(again.status, 429, "the same reader again: {}", again.head);
    // Another reader behind the same proxy is not held back by the first.
    assert_eq!(
        post(server.addr, proxy, "c", &via("203.0.113.2"))
            .await
            .status,
        201
    );
    // A reader who writes an address of their own before the proxy appends the real one
    // stays in their own bucket.
    let forged = post(server.addr, proxy, "d", &via("198.51.100.77, 203.0.113.1")).await;
    assert_eq!(forged.status, 429, "{}", forged.head);
    // From a peer that is not a trusted proxy, the header is not believed.
    let direct = Ipv4Addr::new(127, 0, 0, 5);
    assert_eq!(
        post(server.addr, direct, "e", &via("203.0.113.3"))
            .await
            .status,
        201
    );
    let direct_again = post(server.addr, direct, "f", &via("203.0.113.4")).await;
    assert_eq!(direct_again.status, 429, "{}", direct_again.head);
}

#[tokio::test]
async fn behind_a_proxy_only_its_header_counts_and_ipv6_readers_share_their_64() {
    // The README's nginx replaces X-Forwarded-For: a Forwarded header the reader wrote
    // reaches the server untouched, and must not name their bucket.
    let server = start(BEHIND_PROXY).await;
    let proxy = Ipv4Addr::new(127, 0, 0, 4);
    let via = |reader: &str, forged: &str| {
        format!("X-Forwarded-For: {reader}\r\nForwarded: for=\"{forged}\"\r\n")
    };
    let first = post(server.addr, proxy, "a", &via("198.51.100.7", "9.9.9.1")).await;
    assert_eq!(first.status, 201, "{}", first.head);
    for n in 2..5 {
        let again = post(
            server.addr,
            proxy,
            "b",
            &via("198.51.100.7", &format!("9.9.9.{n}")),
        )
        .await;
        assert_eq!(
            again.status, 429,
            "a Forwarded of the reader's own: {}",
            again.head
        );
    }
    // One subscriber's /64 is one bucket, whichever of its addresses they use.
    assert_eq!(
        post(server.addr, proxy, "c", &via("2001:db8:1:2::a", "::1"))
            .await
            .status,
        201
    );
    for reader in [
        "2001:db8:1:2::b",
        "2001:db8:1:2:ffff:0:0:1",
        "2001:0db8:0001:0002:0000:0000:0000:000c",
    ] {
        let again = post(server.addr, proxy, "d", &via(reader, "::1")).await;
        assert_eq!(again.status, 429, "{reader}: {}", again.head);
    }
    // The next /64 is someone else.
    assert_eq!(
        post(server.addr, proxy, "e", &via("2001:db8:1:3::a", "::1"))
            .await
            .status,
        201
    );

    // A deployment whose proxy writes Forwarded (--proxy-header forwarded): then that one
    // counts, and an X-Forwarded-For of the reader's own is ignored.
    let server = start(&[
        "--moderation",
        "approved",
        "--min-elapsed-ms",
        "0",
        "--rate-burst",
        "1",
        "--rate-window",
        "600",
        "--trust-proxy",
        "127.0.0.4/32",
        "--proxy-header",
        "forwarded",
    ])
    .await;
    let via = |reader: &str, forged: &str| {
        format!("Forwarded: for=\"{reader}\"\r\nX-Forwarded-For: {forged}\r\n")
    };
    assert_eq!(
        post(server.addr, proxy, "f", &via("198.51.100.8", "9.9.9.1"))
            .await
            .status,
        201
    );
    let again = post(server.addr, proxy, "g", &via("198.51.100.8", "9.9.9.2")).await;
    assert_eq!(again.status, 429, "{}", again.head);
    assert_eq!(
        post(server.addr, proxy, "h", &via("198.51.100.9", "9.9.9.2"))
            .await
            .status,
        201
    );
}
