//! Several servers on one PostgreSQL database, as behind a load balancer: what one server
//! was told, every other knows. Real server processes over TCP, a real PostgreSQL
//! (`BALASAN_TEST_POSTGRES`, or a cluster of the test's own from Debian's `postgresql`).
//!
//! - the same idempotency key sent to different servers at once: one row, one answer;
//! - a challenge issued by one server and answered on another counts once;
//! - a reader's burst is counted across servers;
//! - one server killed with SIGKILL in the middle of a load spread over three, clients
//!   retrying elsewhere under the same key: every acknowledged comment stored exactly once.

mod support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::process::Child;
use std::sync::Arc;
use std::time::Duration;

use balasan_server::db::Store;
use serde_json::{json, Value};
use support::{Client, Cluster, OPEN};
use tokio::sync::{watch, Mutex};

/// Three servers on one fresh database, each started with `flags`.
struct Three {
    store: Store,
    servers: Vec<(Child, SocketAddr)>,
    _cluster: Option<Cluster>,
}

impl Three {
    async fn start(flags: &[&str]) -> Three {
        let (server, cluster) = support::postgres_server();
        let store = Store::Postgres {
            url: support::fresh_database(&server).await,
            connections: 5,
        };
        let servers = (0..3)
            .map(|_| support::spawn_server(env!("CARGO_BIN_EXE_balasan-server"), &store, flags))
            .collect();
        Three {
            store,
            servers,
            _cluster: cluster,
        }
    }

    fn addr(&self, i: usize) -> SocketAddr {
        self.servers[i % 3].1
    }

    /// Every stored comment's text, with how often it is stored.
    async fn stored(&self) -> HashMap<String, usize> {
        support::stored(&self.store).await
    }
}

impl Drop for Three {
    fn drop(&mut self) {
        for (child, _) in &mut self.servers {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn comment(content: &str) -> Value {
    json!({
        "post": "banyak-server",
        "author": "Wulan",
        "email": "wulan@contoh.id",
        "url": "",
        "content": content,
        "hp": "",
        "elapsed_ms": 5000
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_key_sent_to_three_servers_at_once_is_one_comment_with_one_answer() {
    const ROUNDS: usize = 100;
    let three = Three::start(OPEN).await;
    for n in 0..ROUNDS {
        let text = format!("dikirim ke tiga server sekaligus {n}");
        let body = comment(&text).to_string();
        let key = format!("sama-{n}");
        // Connected first, released together: the three requests race in earnest.
        let start = Arc::new(tokio::sync::Barrier::new(3));
        let sends = (0..3)
            .map(|i| {
                let (addr, body, key, start) =
                    (three.addr(i), body.clone(), key.clone(), start.clone());
                tokio::spawn(async move {
                    let mut client = Client::new(addr);
                    client.connect().await.unwrap();
                    start.wait().await;
                    client.post_reading(&body, &key, &[]).await.unwrap()
                })
            })
            .collect::<Vec<_>>();
        let mut answers = Vec::new();
        for send in sends {
            answers.push(send.await.unwrap());
        }
        assert_eq!(answers[0].0, 201, "{answers:?}");
        assert!(
            answers.iter().all(|a| a == &answers[0]),
            "one key, different answers: {answers:?}"
        );
    }
    let stored = three.stored().await;
    assert_eq!(stored.len(), ROUNDS, "{stored:?}");
    assert!(stored.values().all(|&n| n == 1), "stored twice: {stored:?}");
}

#[tokio::test]
async fn a_challenge_from_one_server_is_answered_once_across_all() {
    let mut flags = OPEN.to_vec();
    flags.extend(["--captcha", "server", "--captcha-blank", "result"]);
    let three = Three::start(&flags).await;

    let (status, issued) = Client::new(three.addr(0))
        .get("/api/comments/challenge")
        .await
        .unwrap();
    assert_eq!(status, 200, "{issued}");
    let issued: Value = serde_json::from_str(&issued).unwrap();
    let token = issued["token"].as_str().unwrap();
    let answer = support::solve(issued["question"].as_str().unwrap()).to_string();

    // Answered on B: the secret every server signs with is shared, so B can check A's.
    let mut right = comment("jawaban dari server A, dikirim ke B");
    right["captcha"] = json!({"token": token, "answer": answer});
    let (status, body) = Client::new(three.addr(1))
        .post_reading(&right.to_string(), "tantangan-1", &[])
        .await
        .unwrap();
    assert_eq!(status, 201, "{body}");

    // The same question again, on C, in another comment: used up everywhere.
    let mut again = comment("jawaban yang sama, dikirim ke C");
    again["captcha"] = json!({"token": token, "answer": answer});
    let (status, body) = Client::new(three.addr(2))
        .post_reading(&again.to_string(), "tantangan-2", &[])
        .await
        .unwrap();
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("answered before"), "{body}");
    assert_eq!(three.stored().await.len(), 1);
}

#[tokio::test]
async fn a_readers_burst_is_counted_across_servers() {
    let three = Three::start(&[
        "--moderation",
        "approved",
        "--rate-burst",
        "4",
        "--min-elapsed-ms",
        "0",
    ])
    .await;
    let mut statuses = Vec::new();
    for n in 0..7 {
        let body = comment(&format!("semburan ke server {} nomor {n}", n % 3)).to_string();
        let (status, _) = Client::new(three.addr(n))
            .post_reading(&body, &format!("semburan-{n}"), &[])
            .await
            .unwrap();
        statuses.push(status);
    }
    // Each server alone would have let all of these through (2–3 each, burst 4).
    assert_eq!(statuses, [201, 201, 201, 201, 429, 429, 429]);
    assert_eq!(three.stored().await.len(), 4);
}

/// Which of `addrs` `client` sends to.
fn at(addrs: &[SocketAddr], client: &Client) -> usize {
    addrs.iter().position(|a| *a == client.addr).unwrap()
}

/// Sends a comment until a server answers; the answer. A server that does not answer is
/// left for the next, and the comment resent there under the same key, as a browser
/// retrying through the balancer; each such move is recorded in `moved` as (key, the
/// server that did not answer).
async fn send(
    client: &mut Client,
    addrs: &[SocketAddr],
    body: &str,
    key: &str,
    moved: &Mutex<Vec<(String, usize)>>,
) -> (u16, String) {
    for _ in 0..10 {
        match client.post_reading(body, key, &[]).await {
            Ok(answer) => return answer,
            Err(_) => {
                let failed = at(addrs, client);
                moved.lock().await.push((key.to_owned(), failed));
                *client = Client::new(addrs[(failed + 1) % addrs.len()]);
            }
        }
    }
    panic!("{key}: no server answers");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_mid_load_loses_nothing_and_stores_nothing_twice() {
    const DEAD: usize = 1;
    let mut three = Three::start(OPEN).await;
    let addrs: Vec<SocketAddr> = (0..3).map(|i| three.addr(i)).collect();
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    // Requests that got no answer from a server and were sent again, under their key, to
    // the next: (key, the server that did not answer).
    let moved = Arc::new(Mutex::new(Vec::<(String, usize)>::new()));
    let (progress, mut acked_count) = watch::channel(0);
    let progress = Arc::new(progress);
    let (clients, per_client) = (12, 60);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (addrs, acked, moved, progress) = (
            addrs.clone(),
            acked.clone(),
            moved.clone(),
            progress.clone(),
        );
        tasks.push(tokio::spawn(async move {
            // Each client starts on its own server and stays there while it answers.
            let mut client = Client::new(addrs[c % addrs.len()]);
            for n in 0..per_client {
                let text = format!("beban tiga server {c}-{n}");
                let body = comment(&text).to_string();
                let key = format!("tiga-{c}-{n}");
                let first = send(&mut client, &addrs, &body, &key, &moved).await;
                assert_eq!(first.0, 201, "{key}: {first:?}");
                acked.lock().await.push(text);
                progress.send_modify(|n| *n += 1);
                // Every fifth comment is sent again to the next server (a retry after a
                // lost answer): it must be answered as the first, and not stored again.
                if n % 5 == 0 {
                    let next = (at(&addrs, &client) + 1) % addrs.len();
                    let mut other = Client::new(addrs[next]);
                    let again = send(&mut other, &addrs, &body, &key, &moved).await;
                    assert_eq!(again, first, "{key} resent to another server");
                }
            }
        }));
    }
    // Let part of the load through, then kill one server outright (no shutdown).
    let quarter = clients * per_client / 4;
    let reached = tokio::time::timeout(
        Duration::from_secs(30),
        acked_count.wait_for(|n| *n >= quarter),
    )
    .await
    .map(|ended| ended.is_ok());
    assert_eq!(
        reached,
        Ok(true),
        "{} of {quarter} comments acknowledged",
        *acked_count.borrow()
    );
    three.servers[DEAD].0.kill().unwrap();
    three.servers[DEAD].0.wait().unwrap();
    for t in tasks {
        t.await.unwrap();
    }
    let acked = acked.lock().await.clone();
    let moved = moved.lock().await.clone();
    assert_eq!(
        acked.len(),
        clients * per_client,
        "every comment was acknowledged"
    );
    // The failover happened: requests met the dead server and went to another, and only
    // the dead one left a request unanswered.
    assert!(!moved.is_empty(), "no request met the killed server");
    assert!(
        moved.iter().all(|(_, at)| *at == DEAD),
        "a live server did not answer: {moved:?}"
    );
    let stored = three.stored().await;
    for text in &acked {
        assert_eq!(
            stored.get(text),
            Some(&1),
            "{text} stored {:?} times",
            stored.get(text)
        );
    }
    assert_eq!(stored.len(), acked.len(), "stored but never acknowledged");
    println!(
        "SIGKILL of 1 of 3 servers mid-load: {} requests met it and were resent to another \
         under their key; {} comments acknowledged, each stored once",
        moved.len(),
        acked.len()
    );
}

#[tokio::test]
async fn healthz_says_whether_the_database_answers() {
    let three = Three::start(OPEN).await;
    let mut client = Client::new(three.addr(0));
    assert_eq!(client.get("/healthz").await.unwrap(), (200, "ok\n".into()));
    // The database goes away under the running servers.
    let Store::Postgres { url, .. } = &three.store else {
        unreachable!()
    };
    let (server, name) = url.rsplit_once('/').unwrap();
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
        .await
        .unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE {name} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    let (status, body) = Client::new(three.addr(1)).get("/healthz").await.unwrap();
    assert_eq!(status, 503, "{body}");
}
