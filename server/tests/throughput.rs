//! The reference server's throughput on each store, in one run on one machine: SQLite,
//! PostgreSQL with one server, PostgreSQL with three servers on the same database.
//!
//! Times vary from machine to machine, so no speed is checked. `cargo test` runs the load
//! for `BENCH_SECONDS` (1) per configuration and checks what it stored: every acknowledged
//! comment exactly once, and nothing else. The benchmark behind the README's table (5 s
//! per configuration, the table printed) is ignored by default:
//!
//! `cargo test --release -p balasan-server --test throughput -- --ignored --nocapture`
//!
//! Each configuration gets the same load: `BENCH_CONNECTIONS` (20) keep-alive connections,
//! each posting comments back to back for the measured seconds after a warm-up, every
//! comment under its own idempotency key and from its own reader address (sent as
//! `X-Forwarded-For` by a trusted proxy, as behind a load balancer: readers do not share
//! a rate-limit bucket: each still takes its token from the store).

mod support;

use std::net::SocketAddr;
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use balasan_server::db::Store;
use support::Client;

/// Server processes over one store; killed when dropped, so a failed run leaves none.
struct Servers(Vec<(Child, SocketAddr)>);

impl Servers {
    fn start(store: &Store, count: usize) -> Servers {
        Servers(
            (0..count)
                .map(|_| {
                    support::spawn_server(
                        env!("CARGO_BIN_EXE_balasan-server"),
                        store,
                        &[&["--trust-proxy", "127.0.0.1/32"], support::OPEN].concat(),
                    )
                })
                .collect(),
        )
    }

    fn addrs(&self) -> Vec<SocketAddr> {
        self.0.iter().map(|s| s.1).collect()
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        for (child, _) in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

struct Report {
    /// Every comment acknowledged (201), warm-up included.
    acked: Vec<String>,
    /// Acknowledged within the measured seconds.
    measured: usize,
    /// Rows in the store afterwards.
    stored: usize,
    per_second: f64,
    p50: Duration,
    p99: Duration,
}

/// Runs `connections` posting loops spread over `servers`: `warm_up`, then `seconds`
/// measured; every loop finishes the request it has under way before it stops, so each
/// comment sent is answered.
async fn load(
    servers: &[SocketAddr],
    connections: u64,
    warm_up: Duration,
    seconds: Duration,
    tag: &str,
) -> Report {
    let stop = Arc::new(AtomicBool::new(false));
    let measuring = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for c in 0..connections {
        let (stop, measuring) = (stop.clone(), measuring.clone());
        let addr = servers[c as usize % servers.len()];
        let tag = tag.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut client = Client::new(addr);
            let (mut acked, mut latencies) = (Vec::new(), Vec::new());
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let content = format!("komentar {tag} {c}-{n}: hujan turun sejak pagi");
                let body = serde_json::json!({
                    "post": format!("ukur-{}", n % 50),
                    "author": format!("Pembaca {c}"),
                    "email": format!("pembaca{c}@contoh.id"),
                    "url": "",
                    "content": content,
                    "hp": "",
                    "elapsed_ms": 5000
                })
                .to_string();
                let reader = format!("X-Forwarded-For: 10.{c}.{}.{}", n / 250 % 250, n % 250);
                let started = Instant::now();
                let (status, answer) = client
                    .post_reading(&body, &format!("{tag}-{c}-{n}"), &[&reader])
                    .await
                    .expect("the server answers");
                assert_eq!(status, 201, "{answer}");
                acked.push(content);
                if measuring.load(Ordering::Relaxed) {
                    latencies.push(started.elapsed());
                }
            }
            (acked, latencies)
        }));
    }
    tokio::time::sleep(warm_up).await;
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(seconds).await;
    measuring.store(false, Ordering::Relaxed);
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let (mut acked, mut all) = (Vec::new(), Vec::new());
    for t in tasks {
        let (a, l) = t.await.unwrap();
        acked.extend(a);
        all.extend(l);
    }
    all.sort();
    let at = |p: f64| support::percentile(&all, p);
    Report {
        acked,
        measured: all.len(),
        stored: 0,
        per_second: all.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    }
}

/// Each configuration under the same load, then its store read back: every acknowledged
/// comment is there exactly once, and nothing else is.
async fn each_store(warm_up: Duration, seconds: Duration) -> Vec<(&'static str, Report)> {
    let connections = support::env_or("BENCH_CONNECTIONS", 20);
    let dir = tempfile::tempdir().unwrap();
    let (cluster, _own) = support::postgres_server();
    let mut rows = Vec::new();
    for (label, tag, sqlite, count) in [
        ("SQLite, 1 server", "s", true, 1),
        ("PostgreSQL, 1 server", "p1", false, 1),
        ("PostgreSQL, 3 servers", "p3", false, 3),
    ] {
        let store = if sqlite {
            Store::Sqlite(dir.path().join("ukur.sqlite"))
        } else {
            Store::Postgres {
                url: support::fresh_database(&cluster).await,
                connections: 10,
            }
        };
        let servers = Servers::start(&store, count);
        let mut report = load(&servers.addrs(), connections, warm_up, seconds, tag).await;
        drop(servers);
        assert!(report.measured > 0, "{label}: nothing acknowledged");
        let stored = support::stored(&store).await;
        for content in &report.acked {
            assert_eq!(
                stored.get(content),
                Some(&1),
                "{label}: {content} acknowledged, stored {:?} times",
                stored.get(content)
            );
        }
        report.stored = stored.values().sum();
        assert_eq!(
            report.stored,
            report.acked.len(),
            "{label}: rows stored vs comments acknowledged"
        );
        rows.push((label, report));
    }
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_comment_is_stored_once_on_each_store() {
    let seconds = support::env_or("BENCH_SECONDS", 1);
    let rows = each_store(Duration::from_millis(250), Duration::from_secs(seconds)).await;
    for (label, r) in &rows {
        println!(
            "{label}: {} acknowledged, {} rows, {:.0} comments/s",
            r.acked.len(),
            r.stored,
            r.per_second
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run it with --ignored --nocapture"]
async fn comments_per_second_on_each_store() {
    let seconds = support::env_or("BENCH_SECONDS", 5);
    let connections: u64 = support::env_or("BENCH_CONNECTIONS", 20);
    let rows = each_store(Duration::from_secs(1), Duration::from_secs(seconds)).await;
    println!(
        "\n{connections} connections, {seconds} s each, {} CPU cores; every acknowledged \
         comment stored once",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| store | accepted | comments/s | p50 | p99 |\n|---|---|---|---|---|");
    for (label, r) in &rows {
        println!(
            "| {label} | {} | {:.0} | {:.1} ms | {:.1} ms |",
            r.measured,
            r.per_second,
            r.p50.as_secs_f64() * 1000.0,
            r.p99.as_secs_f64() * 1000.0
        );
    }
}
