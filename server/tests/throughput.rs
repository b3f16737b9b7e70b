//! The reference server's throughput on each store, in one run on one machine: SQLite,
//! PostgreSQL with one server, PostgreSQL with three servers on the same database. A
//! report, not a gate (times vary from machine to machine), so it is ignored by default:
//!
//! `cargo test --release -p balasan-server --test throughput -- --ignored --nocapture`
//!
//! Each configuration gets the same load: `BENCH_CONNECTIONS` (20) keep-alive connections,
//! each posting comments back to back for `BENCH_SECONDS` (5) after a warm-up, every
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

fn start(store: &Store) -> (Child, SocketAddr) {
    support::spawn_server(
        env!("CARGO_BIN_EXE_balasan-server"),
        store,
        &[&["--trust-proxy", "127.0.0.1/32"], support::OPEN].concat(),
    )
}

struct Report {
    accepted: usize,
    per_second: f64,
    p50: Duration,
    p99: Duration,
}

/// Runs `connections` posting loops spread over `servers` for `seconds`.
async fn load(servers: &[SocketAddr], connections: u64, seconds: u64, tag: &str) -> Report {
    let stop = Arc::new(AtomicBool::new(false));
    let measuring = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for c in 0..connections {
        let (stop, measuring) = (stop.clone(), measuring.clone());
        let addr = servers[c as usize % servers.len()];
        let tag = tag.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut client = Client::new(addr);
            let mut latencies = Vec::new();
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let body = serde_json::json!({
                    "post": format!("ukur-{}", n % 50),
                    "author": format!("Pembaca {c}"),
                    "email": format!("pembaca{c}@contoh.id"),
                    "url": "",
                    "content": format!("komentar {tag} {c}-{n}: hujan turun sejak pagi"),
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
                if measuring.load(Ordering::Relaxed) {
                    latencies.push(started.elapsed());
                }
            }
            latencies
        }));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    measuring.store(false, Ordering::Relaxed);
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort();
    let at = |p: f64| support::percentile(&all, p);
    Report {
        accepted: all.len(),
        per_second: all.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run it with --ignored --nocapture"]
async fn comments_per_second_on_each_store() {
    let (connections, seconds) = (
        support::env_or("BENCH_CONNECTIONS", 20),
        support::env_or("BENCH_SECONDS", 5),
    );
    let mut rows = Vec::new();

    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::Sqlite(dir.path().join("ukur.sqlite"));
    let (mut server, addr) = start(&sqlite);
    rows.push((
        "SQLite, 1 server",
        load(&[addr], connections, seconds, "s").await,
    ));
    server.kill().unwrap();
    server.wait().unwrap();

    let cluster = support::postgres_server();
    for (label, tag, count) in [
        ("PostgreSQL, 1 server", "p1", 1),
        ("PostgreSQL, 3 servers", "p3", 3),
    ] {
        let store = Store::Postgres {
            url: support::fresh_database(&cluster.0).await,
            connections: 10,
        };
        let mut servers: Vec<(Child, SocketAddr)> = (0..count).map(|_| start(&store)).collect();
        let addrs: Vec<SocketAddr> = servers.iter().map(|s| s.1).collect();
        rows.push((label, load(&addrs, connections, seconds, tag).await));
        for (child, _) in &mut servers {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    println!(
        "\n{connections} connections, {seconds} s each, {} CPU cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| store | accepted | comments/s | p50 | p99 |\n|---|---|---|---|---|");
    for (label, r) in &rows {
        println!(
            "| {label} | {} | {:.0} | {:.1} ms | {:.1} ms |",
            r.accepted,
            r.per_second,
            r.p50.as_secs_f64() * 1000.0,
            r.p99.as_secs_f64() * 1000.0
        );
    }
    assert!(rows.iter().all(|(_, r)| r.accepted > 0));
}
