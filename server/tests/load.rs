//! Load and crash safety, against the real server binary on loopback with a real SQLite
//! file: many clients posting at once, then the same while the server is killed with
//! SIGKILL and restarted.
//!
//! The default sizes keep `cargo test` quick; bigger runs:
//! `LOAD_CLIENTS=64 LOAD_PER_CLIENT=500 cargo test --release -p balasan-server --test load -- --nocapture`

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader as AsyncBufReader};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The server binary on a free port; returns the child and its address.
fn start(db: &Path) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_balasan-server"))
        .args(["--db"])
        .arg(db)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--moderation",
            "approved",
            // One address sends everything here; the limiter is tested elsewhere.
            "--rate-burst",
            "100000000",
            "--min-elapsed-ms",
            "0",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .trim_start_matches("balasan-server listening on http://")
        .trim_end_matches('/')
        .parse()
        .unwrap_or_else(|_| panic!("unexpected first line {line:?}"));
    (child, addr)
}

/// One keep-alive HTTP/1.1 connection, enough to POST JSON and read the answer.
struct Client {
    addr: SocketAddr,
    conn: Option<AsyncBufReader<TcpStream>>,
}

impl Client {
    async fn post(&mut self, body: &str, key: &str) -> std::io::Result<u16> {
        if self.conn.is_none() {
            self.conn = Some(AsyncBufReader::new(TcpStream::connect(self.addr).await?));
        }
        let conn = self.conn.as_mut().unwrap();
        let request = format!(
            "POST /api/comments HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nIdempotency-Key: {key}\r\nContent-Length: {}\r\n\r\n{body}",
            self.addr,
            body.len()
        );
        let result = async {
            conn.get_mut().write_all(request.as_bytes()).await?;
            let mut status_line = String::new();
            if conn.read_line(&mut status_line).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let status: u16 = status_line
                .split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .ok_or(std::io::ErrorKind::InvalidData)?;
            let mut length = 0;
            loop {
                let mut header = String::new();
                conn.read_line(&mut header).await?;
                if header == "\r\n" || header.is_empty() {
                    break;
                }
                if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            conn.read_exact(&mut body).await?;
            Ok(status)
        }
        .await;
        if result.is_err() {
            self.conn = None;
        }
        result
    }
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

/// What each comment came to: acknowledged (2xx), or no answer / another status.
#[derive(Default)]
struct Tally {
    acked: Vec<String>,
    unanswered: Vec<(usize, usize)>,
    other_status: Vec<u16>,
    latencies: Vec<Duration>,
}

/// `clients` connections each posting `per_client` comments, concurrently.
async fn run_load(addr: SocketAddr, clients: usize, per_client: usize) -> Tally {
    let tally = Arc::new(Mutex::new(Tally::default()));
    let mut tasks = Vec::new();
    for c in 0..clients {
        let tally = tally.clone();
        tasks.push(tokio::spawn(async move {
            let mut client = Client { addr, conn: None };
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
                    }
                    Ok(status) => t.other_status.push(status),
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

/// How many times each comment text is in the database.
fn stored(db: &Path) -> HashMap<String, usize> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT content, COUNT(*) FROM comments GROUP BY content")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, usize>(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_comment_is_stored_exactly_once() {
    let (clients, per_client) = (env_or("LOAD_CLIENTS", 16), env_or("LOAD_PER_CLIENT", 40));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("beban.sqlite");
    let (mut server, addr) = start(&db);
    let started = Instant::now();
    let mut tally = run_load(addr, clients, per_client).await;
    let elapsed = started.elapsed();
    server.kill().unwrap();
    server.wait().unwrap();

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
    let in_db = stored(&db);
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
        percentile(&tally.latencies, 0.50),
        percentile(&tally.latencies, 0.99),
        tally.latencies.last().unwrap(),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_load_loses_no_acknowledged_comment() {
    let (clients, per_client) = (env_or("LOAD_CLIENTS", 16), env_or("LOAD_PER_CLIENT", 40));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kill.sqlite");
    let (mut server, addr) = start(&db);

    let load = tokio::spawn(run_load(addr, clients, per_client * 20));
    // Let some comments through, then kill the server outright (SIGKILL, no shutdown).
    let deadline = Instant::now() + Duration::from_secs(20);
    while stored(&db).len() < clients * per_client / 2 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let tally = load.await.unwrap();
    assert!(!tally.acked.is_empty(), "the kill came before any comment");
    assert!(!tally.unanswered.is_empty(), "the kill came after the load");

    // Restart on the same file: every acknowledged comment is there, once.
    let (mut server, addr) = start(&db);
    let in_db = stored(&db);
    for content in &tally.acked {
        assert_eq!(
            in_db.get(content),
            Some(&1),
            "{content} was acknowledged but lost"
        );
    }
    // Readers retry what got no answer, with the same idempotency keys: nothing is stored
    // twice, whether or not the first attempt had reached the database.
    let mut client = Client { addr, conn: None };
    for &(c, n) in &tally.unanswered {
        let (body, _) = comment(c, n);
        assert_eq!(
            client.post(&body, &format!("beban-{c}-{n}")).await.unwrap(),
            201
        );
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let in_db = stored(&db);
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
