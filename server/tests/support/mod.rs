//! What the server's tests share: the store they run on, and a PostgreSQL cluster of their
//! own when they need one.
//!
//! The API, abuse, property, load and hostile-client tests run on SQLite by default, and on
//! PostgreSQL when `BALASAN_TEST_POSTGRES` holds a server's URL (`scripts/test.sh` starts a
//! cluster and runs them a second time so): each test then gets a fresh database on that
//! server.

#![allow(dead_code)] // each test file uses a part

pub mod app;
pub mod moderators;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader as AsyncBufReader};
use tokio::net::TcpStream;

use balasan_server::db::Store;

/// `serve` flags for load tests: every comment published at once, no fill-time check, and
/// a burst no load reaches (one address sends everything; the limiter is tested in
/// abuse.rs and instances.rs).
pub const OPEN: &[&str] = &[
    "--moderation",
    "approved",
    "--min-elapsed-ms",
    "0",
    "--rate-burst",
    "100000000",
];

/// A number from the environment (test sizes), or `default`.
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Solves a server question drawn with the result blank ("3 + 4 = ?"), as a reader would.
pub fn solve(question: &str) -> u32 {
    let p: Vec<&str> = question.split_whitespace().collect();
    let n = |x: &str| x.parse::<u32>().unwrap();
    match p[1] {
        "+" => n(p[0]) + n(p[2]),
        "−" => n(p[0]) - n(p[2]),
        _ => n(p[0]) * n(p[2]),
    }
}

/// A store for one test, and what keeps it alive.
pub struct TestStore {
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
}

/// SQLite in a temporary directory, or a fresh database on `BALASAN_TEST_POSTGRES`.
pub async fn fresh_store() -> TestStore {
    match std::env::var("BALASAN_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => TestStore {
            store: Store::Postgres {
                url: fresh_database(&server).await,
                connections: 5,
            },
            _dir: None,
        },
        _ => {
            let dir = tempfile::tempdir().unwrap();
            TestStore {
                store: Store::Sqlite(dir.path().join("komentar.sqlite")),
                _dir: Some(dir),
            }
        }
    }
}

/// The server binary at `bin` (a test's `env!("CARGO_BIN_EXE_balasan-server")`) on a free
/// loopback port over `store`, with `flags` after `serve`: the child and its address.
pub fn spawn_server(bin: &str, store: &Store, flags: &[&str]) -> (Child, SocketAddr) {
    let mut command = Command::new(bin);
    match store {
        Store::Sqlite(path) => command.arg("--db").arg(path),
        Store::Postgres { url, .. } => command.arg("--database-url").arg(url),
    };
    let mut child = command
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(flags)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("balasan-server listening on http://")
        .and_then(|rest| rest.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (child, addr)
}

/// The server binary on a fresh store; killed when dropped.
pub struct Running {
    pub child: Child,
    pub addr: SocketAddr,
    pub store: TestStore,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary (`bin`: a test's `env!("CARGO_BIN_EXE_balasan-server")`) on a free
/// port with a fresh store and `flags` after `serve`.
pub async fn start(bin: &str, flags: &[&str]) -> Running {
    let store = fresh_store().await;
    let (child, addr) = spawn_server(bin, &store.store, flags);
    Running { child, addr, store }
}

/// A new, empty database on the PostgreSQL server at `server` (`postgres://…@host:port`);
/// its URL.
pub async fn fresh_database(server: &str) -> String {
    use sqlx::Connection;
    let mut name = [0u8; 8];
    getrandom::fill(&mut name).unwrap();
    let name = format!(
        "t_{}",
        name.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
        .await
        .unwrap_or_else(|e| panic!("BALASAN_TEST_POSTGRES={server} does not answer: {e}"));
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap();
    admin.close().await.unwrap();
    format!("{server}/{name}")
}

/// A PostgreSQL server of the test's own (Debian's `postgresql` package, no system
/// service), started by `scripts/pg-cluster.sh` (as `scripts/test.sh` starts its own) in a
/// temporary directory, on a free loopback port; stopped and removed when dropped.
pub struct Cluster {
    dir: PathBuf,
    url: String,
}

impl Cluster {
    pub fn start() -> Cluster {
        let dir = tempfile::Builder::new()
            .prefix("balasan-pg-")
            .tempdir()
            .unwrap()
            .keep();
        let out = Command::new(script())
            .arg("start")
            .arg(&dir)
            .output()
            .expect("scripts/pg-cluster.sh runs");
        assert!(
            out.status.success(),
            "scripts/pg-cluster.sh start failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let url = String::from_utf8(out.stdout).unwrap().trim().to_owned();
        Cluster { dir, url }
    }

    /// The server's URL, without a database (`fresh_database` adds one).
    pub fn url(&self) -> String {
        self.url.clone()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(script()).arg("stop").arg(&self.dir).output();
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/pg-cluster.sh")
}

/// The PostgreSQL server to test on: `BALASAN_TEST_POSTGRES`, or a cluster of our own
/// (kept alive by the returned `Cluster`).
pub fn postgres_server() -> (String, Option<Cluster>) {
    match std::env::var("BALASAN_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => (url, None),
        _ => {
            let cluster = Cluster::start();
            (cluster.url(), Some(cluster))
        }
    }
}

/// How many times each comment text is in the store.
pub async fn stored(store: &Store) -> HashMap<String, usize> {
    let db = balasan_server::db::Db::connect(store).await.unwrap();
    let mut count = HashMap::new();
    for row in db.list(None).await.unwrap() {
        *count.entry(row.content).or_insert(0) += 1;
    }
    db.close().await;
    count
}

/// The `p` quantile (0–1) of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// One keep-alive HTTP/1.1 connection, enough to POST JSON and read the answer.
pub struct Client {
    pub addr: SocketAddr,
    pub conn: Option<AsyncBufReader<TcpStream>>,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Client {
        Client { addr, conn: None }
    }

    /// Opens the connection now, so that a later request goes out at once.
    pub async fn connect(&mut self) -> std::io::Result<()> {
        self.conn = Some(AsyncBufReader::new(TcpStream::connect(self.addr).await?));
        Ok(())
    }

    /// POSTs a comment under an idempotency key; the status.
    pub async fn post(&mut self, body: &str, key: &str) -> std::io::Result<u16> {
        Ok(self.post_reading(body, key, &[]).await?.0)
    }

    /// POSTs a comment under an idempotency key with `headers` (`"Name: value"`); the
    /// status and the body.
    pub async fn post_reading(
        &mut self,
        body: &str,
        key: &str,
        headers: &[&str],
    ) -> std::io::Result<(u16, String)> {
        let mut head = format!(
            "POST /api/comments HTTP/1.1\r\nContent-Type: application/json\r\nIdempotency-Key: {key}\r\n"
        );
        for h in headers {
            head.push_str(h);
            head.push_str("\r\n");
        }
        self.send(&head, body).await
    }

    /// GETs `path`; the status and the body.
    pub async fn get(&mut self, path: &str) -> std::io::Result<(u16, String)> {
        self.send(&format!("GET {path} HTTP/1.1\r\n"), "").await
    }

    /// Sends a request (`head`: the request line and headers, each ending in CRLF) on the
    /// kept-alive connection, opening one if needed; a failed connection is dropped.
    async fn send(&mut self, head: &str, body: &str) -> std::io::Result<(u16, String)> {
        if self.conn.is_none() {
            self.conn = Some(AsyncBufReader::new(TcpStream::connect(self.addr).await?));
        }
        let conn = self.conn.as_mut().unwrap();
        let request = format!(
            "{head}Host: {}\r\nContent-Length: {}\r\n\r\n{body}",
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
            Ok((status, String::from_utf8_lossy(&body).into_owned()))
        }
        .await;
        if result.is_err() {
            self.conn = None;
        }
        result
    }
}

/// How many rows `table` of the store holds.
pub async fn rows(store: &Store, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    match store {
        Store::Sqlite(path) => rusqlite::Connection::open(path)
            .unwrap()
            .query_row(&sql, [], |r| r.get(0))
            .unwrap(),
        Store::Postgres { url, .. } => {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .fetch_one(&pool)
                .await
                .unwrap();
            pool.close().await;
            n
        }
    }
}
