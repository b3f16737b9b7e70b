//! Load and crash safety, against the real server binary on loopback with a real store
//! (SQLite, or PostgreSQL with `BALASAN_TEST_POSTGRES`): many clients posting at once, then
//! the same while the server is killed with SIGKILL and restarted.
//!
//! The default sizes keep `cargo test` quick; bigger runs:
//! `LOAD_CLIENTS=64 LOAD_PER_CLIENT=500 cargo test --release -p balasan-server --test load -- --nocapture`

mod support;

use std::net::SocketAddr;
use std::process::Child;
use std::sync::Arc;
use std::time::{Duration, Instant};

use balasan_server::db::Store;
use support::Client;
use tokio::sync::Mutex;

/// The server binary over `store` on a free port; the child and its address.
fn start(store: &Store) -> (Child, SocketAddr) {
    support::spawn_server(env!("CARGO_BIN_EXE_balasan-server"), store, support::OPEN)
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_comment_is_stored_exactly_once() {
    let (clients, per_client) = (
        support::env_or("LOAD_CLIENTS", 16),
        support::env_or("LOAD_PER_CLIENT", 40),
    );
    let store = support::fresh_store().await;
    let (mut server, addr) = start(&store.store);
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
    let in_db = support::stored(&store.store).await;
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

/// A server on a fresh store with a long load under way, half a default run stored.
async fn under_way() -> (support::TestStore, Child, tokio::task::JoinHandle<Tally>) {
    let (clients, per_client) = (
        support::env_or("LOAD_CLIENTS", 16),
        support::env_or("LOAD_PER_CLIENT", 40),
    );
    let store = support::fresh_store().await;
    let (server, addr) = start(&store.store);
    let load = tokio::spawn(run_load(addr, clients, per_client * 20));
    let deadline = Instant::now() + Duration::from_secs(20);
    while support::stored(&store.store).await.len() < clients * per_client / 2
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    (store, server, load)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_load_loses_no_acknowledged_comment() {
    let (store, mut server, load) = under_way().await;
    // Kill the server outright (SIGKILL, no shutdown).
    server.kill().unwrap();
    server.wait().unwrap();
    let tally = load.await.unwrap();
    assert!(!tally.acked.is_empty(), "the kill came before any comment");
    assert!(!tally.unanswered.is_empty(), "the kill came after the load");

    // Restart on the same file: every acknowledged comment is there, once.
    let (mut server, addr) = start(&store.store);
    let in_db = support::stored(&store.store).await;
    for content in &tally.acked {
        assert_eq!(
            in_db.get(content),
            Some(&1),
            "{content} was acknowledged but lost"
        );
    }
    // Readers retry what got no answer, with the same idempotency keys: nothing is stored
    // twice, whether or not the first attempt had reached the database.
    let mut client = Client::new(addr);
    for &(c, n) in &tally.unanswered {
        let (body, _) = comment(c, n);
        assert_eq!(
            client.post(&body, &format!("beban-{c}-{n}")).await.unwrap(),
            201
        );
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let in_db = support::stored(&store.store).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_finishes_the_requests_under_way_and_stores_nothing_unanswered() {
    let (store, mut server, load) = under_way().await;
    // What orchestrators send to stop a server.
    let term = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let exit = tokio::task::spawn_blocking(move || server.wait().unwrap())
        .await
        .unwrap();
    assert!(exit.success(), "the server stopped cleanly: {exit:?}");
    let tally = load.await.unwrap();
    assert!(!tally.acked.is_empty(), "the stop came before any comment");
    assert!(!tally.unanswered.is_empty(), "the stop came after the load");
    assert!(tally.other_status.is_empty(), "{:?}", tally.other_status);

    // Every request the server took up was finished and answered: what is stored is
    // exactly what was acknowledged.
    let in_db = support::stored(&store.store).await;
    for content in &tally.acked {
        assert_eq!(in_db.get(content), Some(&1), "{content}");
    }
    assert_eq!(in_db.len(), tally.acked.len(), "stored without an answer");
    println!(
        "SIGTERM: {} answered and stored, {} refused at the door (not stored)",
        tally.acked.len(),
        tally.unanswered.len()
    );
}
