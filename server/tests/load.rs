//! Load and crash safety, against the real server binary on loopback with a real store
//! (SQLite, or PostgreSQL with `BALASAN_TEST_POSTGRES`): many clients posting at once, then
//! the same while the server is killed with SIGKILL and restarted, or stopped with SIGTERM
//! while requests it has taken up are still arriving.
//!
//! The default sizes keep `cargo test` quick; bigger runs:
//! `LOAD_CLIENTS=64 LOAD_PER_CLIENT=500 cargo test --release -p balasan-server --test load -- --nocapture`

mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::{Client, Running};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{watch, Mutex};

const BIN: &str = env!("CARGO_BIN_EXE_balasan-server");

/// The server binary on a fresh store and a free port; killed when dropped, so a failed
/// test leaves no server behind.
async fn start() -> Running {
    support::start(BIN, support::OPEN).await
}

fn comment(client: usize, n: usize) -> (String, String) {
    let content = format!("komentar beban {client}-{n}: air sungai jernih lagi ✓");
    let body = serde_json::json!({
        "post": "uji-beban",
        "author": format!("Pembaca {client}"),
        "email": format!("pembaca{client}@contoh.id"),
        "url": "",
        "content": content,
        "hp": "",
        "elapsed_ms": 5000
    })
    .to_string();
    (body, content)
}

/// What each comment came to: acknowledged (201), no answer (the connection failed), or
/// another status.
#[derive(Default)]
struct Tally {
    acked: Vec<String>,
    unanswered: Vec<(usize, usize)>,
    other_status: Vec<(usize, usize, u16)>,
    latencies: Vec<Duration>,
}

/// `clients` connections each posting `per_client` comments, concurrently; `progress`
/// counts the acknowledged ones as they come.
async fn run_load(
    addr: SocketAddr,
    clients: usize,
    per_client: usize,
    progress: watch::Sender<usize>,
) -> Tally {
    let tally = Arc::new(Mutex::new(Tally::default()));
    let progress = Arc::new(progress);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (tally, progress) = (tally.clone(), progress.clone());
        tasks.push(tokio::spawn(async move {
            let mut client = Client::new(addr);
            for n in 0..per_client {
                let (body, content) = comment(c, n);
                let started = Instant::now();
                let answer = client.post(&body, &format!("beban-{c}-{n}")).await;
                let took = started.elapsed();
                let mut t = tally.lock().await;
                match answer {
                    Ok(201) => {
                        t.acked.push(content);
                        t.latencies.push(took);
                        progress.send_modify(|acked| *acked += 1);
                    }
                    Ok(status) => t.other_status.push((c, n, status)),
                    Err(_) => {
                        // The server is gone; this reader gives up until it is back.
                        t.unanswered.push((c, n));
                        break;
                    }
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    Arc::try_unwrap(tally).ok().unwrap().into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_comment_is_stored_exactly_once() {
    let (clients, per_client) = (
        support::env_or("LOAD_CLIENTS", 16),
        support::env_or("LOAD_PER_CLIENT", 40),
    );
    let mut server = start().await;
    let started = Instant::now();
    let mut tally = run_load(server.addr, clients, per_client, watch::channel(0).0).await;
    let elapsed = started.elapsed();
    server.child.kill().unwrap();
    server.child.wait().unwrap();

    let total = clients * per_client;
    assert!(
        tally.unanswered.is_empty(),
        "{} requests got no answer",
        tally.unanswered.len()
    );
    assert!(
        tally.other_status.is_empty(),
        "statuses: {:?}",
        tally.other_status
    );
    assert_eq!(tally.acked.len(), total);
    let in_db = support::stored(&server.store.store).await;
    for content in &tally.acked {
        assert_eq!(
            in_db.get(content),
            Some(&1),
            "{content} is not stored exactly once"
        );
    }
    assert_eq!(
        in_db.values().sum::<usize>(),
        total,
        "nothing unacknowledged was stored"
    );

    tally.latencies.sort();
    println!(
        "load: {total} comments from {clients} clients, all answered, 0 lost; \
         {:.0} comments/s; latency p50 {:?}, p99 {:?}, max {:?}",
        total as f64 / elapsed.as_secs_f64(),
        support::percentile(&tally.latencies, 0.50),
        support::percentile(&tally.latencies, 0.99),
        tally.latencies.last().unwrap(),
    );
}

/// A server on a fresh store with a long load under way, half a default run acknowledged.
async fn under_way() -> (Running, tokio::task::JoinHandle<Tally>) {
    let (clients, per_client) = (
        support::env_or("LOAD_CLIENTS", 16),
        support::env_or("LOAD_PER_CLIENT", 40),
    );
    let server = start().await;
    let (progress, mut acked) = watch::channel(0);
    let load = tokio::spawn(run_load(server.addr, clients, per_client * 20, progress));
    let half = clients * per_client / 2;
    let reached = tokio::time::timeout(Duration::from_secs(20), acked.wait_for(|n| *n >= half))
        .await
        .map(|ended| ended.is_ok());
    match reached {
        Ok(true) => {}
        Ok(false) => panic!("the load ended before {half} comments were acknowledged"),
        Err(_) => panic!(
            "{} of {half} comments acknowledged after 20 s",
            *acked.borrow()
        ),
    }
    (server, load)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_load_loses_no_acknowledged_comment() {
    let (mut server, load) = under_way().await;
    // Kill the server outright (SIGKILL, no shutdown).
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let tally = load.await.unwrap();
    // Every comment sent was either acknowledged or got no answer (and is retried below):
    // none came back with a status that would leave it neither.
    assert!(
        tally.other_status.is_empty(),
        "(client, comment, status): {:?}",
        tally.other_status
    );
    assert!(!tally.acked.is_empty(), "the kill came before any comment");
    assert!(!tally.unanswered.is_empty(), "the kill came after the load");

    // Restart on the same file: every acknowledged comment is there, once.
    let (child, addr) = support::spawn_server(BIN, &server.store.store, support::OPEN);
    (server.child, server.addr) = (child, addr);
    let in_db = support::stored(&server.store.store).await;
    for content in &tally.acked {
        assert_eq!(
            in_db.get(content),
            Some(&1),
            "{content} was acknowledged but lost"
        );
    }
    // Readers retry what got no answer, with the same idempotency keys: nothing is stored
    // twice, whether or not the first attempt had reached the database.
    let mut client = Client::new(server.addr);
    for &(c, n) in &tally.unanswered {
        let (body, _) = comment(c, n);
        assert_eq!(
            client.post(&body, &format!("beban-{c}-{n}")).await.unwrap(),
            201
        );
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let in_db = support::stored(&server.store.store).await;
    let sent = tally.acked.len() + tally.unanswered.len();
    assert_eq!(in_db.len(), sent, "every comment sent is stored");
    assert!(
        in_db.values().all(|n| *n == 1),
        "no comment is stored twice"
    );
    println!(
        "kill -9: {} acknowledged before the kill, all kept; {} unanswered, retried with \
         their keys, each stored once; 0 lost",
        tally.acked.len(),
        tally.unanswered.len()
    );
}

/// Requests held open across the stop signal.
const HELD: usize = 8;

/// Sends a comment's head with `Expect: 100-continue` and waits for the server's
/// `100 Continue`: hyper sends it when the handler starts reading the body, so from then
/// on the request is one the server has taken up. The body is left to the caller.
async fn take_up(addr: SocketAddr, body: &str, key: &str) -> TcpStream {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/comments HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Idempotency-Key: {key}\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let continued = b"HTTP/1.1 100 Continue\r\n\r\n";
    let mut got = [0u8; 25];
    tokio::time::timeout(Duration::from_secs(10), s.read_exact(&mut got))
        .await
        .unwrap_or_else(|_| panic!("{key}: no 100 Continue"))
        .unwrap();
    assert_eq!(&got, continued, "{key}: {}", String::from_utf8_lossy(&got));
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_finishes_the_requests_under_way_and_stores_nothing_unanswered() {
    let (mut server, load) = under_way().await;
    let addr = server.addr;
    let mut held = Vec::new();
    for h in 0..HELD {
        let (body, content) = comment(1000 + h, 0);
        let conn = take_up(addr, &body, &format!("ditahan-{h}")).await;
        held.push((conn, body, content));
    }
    // What orchestrators send to stop a server.
    let term = std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    // The server has taken the signal once it refuses connections; only then do the held
    // requests send their bodies, so each is finished during the stop.
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(addr).await.is_ok() {
        assert!(
            Instant::now() < deadline,
            "still accepting 10 s after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    for (conn, body, content) in &mut held {
        let answer = async {
            conn.write_all(body.as_bytes()).await?;
            let mut answer = Vec::new();
            conn.read_to_end(&mut answer).await?;
            std::io::Result::Ok(String::from_utf8_lossy(&answer).into_owned())
        };
        let answer = tokio::time::timeout(Duration::from_secs(10), answer)
            .await
            .unwrap_or_else(|_| panic!("{content}: no answer within 10 s"))
            .unwrap_or_else(|e| panic!("{content}: taken up before the signal, then {e}"));
        assert!(
            answer.starts_with("HTTP/1.1 201"),
            "{content}: taken up before the signal, answered {answer:?}"
        );
    }
    // A server that hangs on the signal fails here rather than hanging the suite.
    let deadline = Instant::now() + Duration::from_secs(15);
    let exit = loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "still running 15 s after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(exit.success(), "the server stopped cleanly: {exit:?}");
    let tally = load.await.unwrap();
    assert!(!tally.acked.is_empty(), "the stop came before any comment");
    assert!(!tally.unanswered.is_empty(), "the stop came after the load");
    assert!(tally.other_status.is_empty(), "{:?}", tally.other_status);

    // Every request the server took up was finished and answered: what is stored is
    // exactly what was acknowledged.
    let in_db = support::stored(&server.store.store).await;
    for content in tally.acked.iter().chain(held.iter().map(|h| &h.2)) {
        assert_eq!(in_db.get(content), Some(&1), "{content}");
    }
    assert_eq!(
        in_db.len(),
        tally.acked.len() + HELD,
        "stored without an answer"
    );
    println!(
        "SIGTERM: {HELD} requests taken up before the signal, finished after it: all \
         answered 201 and stored; {} answered and stored under load, {} refused at the door \
         (not stored)",
        tally.acked.len(),
        tally.unanswered.len()
    );
}
