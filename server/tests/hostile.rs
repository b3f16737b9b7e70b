//! Hostile clients against the real `balasan-server` binary over loopback TCP: connections
//! that send half a request head and then nothing (slowloris), bodies trickled a byte a
//! second, idle keep-alive connections, more connections than the cap; and bots that leave
//! out the fill time or answer a server question faster than a person could. The timeouts
//! are set short here (2–3 s) so the suite stays quick; the shipped defaults are longer.
//! The store is SQLite, or PostgreSQL with `BALASAN_TEST_POSTGRES` (see `support`).

mod support;

use std::time::{Duration, Instant};

use balasan_server::db::Db;
use serde_json::{json, Value};
use support::{Client, Running};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn start(flags: &[&str]) -> Running {
    support::start(env!("CARGO_BIN_EXE_balasan-server"), flags).await
}

impl Running {
    async fn stored(&self) -> usize {
        let db = Db::connect(&self.store.store).await.unwrap();
        let n = db.list(None).await.unwrap().len();
        db.close().await;
        n
    }

    /// The server process's open file descriptors.
    fn open_files(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id()))
            .unwrap()
            .count()
    }
}

fn comment(content: &str) -> String {
    json!({
        "post": "serangan", "author": "Sari", "email": "sari@contoh.id", "url": "",
        "content": content, "hp": "", "elapsed_ms": 9000
    })
    .to_string()
}

/// Waits for the server to close `stream` (end of file or reset), reading and dropping
/// whatever it answers first; how long that took, or `None` if it stayed open `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout_at((started + limit).into(), stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_thousand_half_heads_are_closed_and_readers_are_served_meanwhile() {
    let server = start(&["--moderation", "approved", "--head-timeout", "2"]).await;
    let half = b"POST /api/comments HTTP/1.1\r\nHost: balasan\r\nContent-Type: appl";
    let mut held = Vec::new();
    for _ in 0..3000 {
        let mut s = TcpStream::connect(server.addr).await.unwrap();
        s.write_all(half).await.unwrap();
        held.push(s);
    }
    let opened = Instant::now();

    // A reader meanwhile: answered, and promptly.
    let started = Instant::now();
    let status = Client::new(server.addr)
        .post(&comment("Tetap terkirim saat diserang."), "serangan-1")
        .await
        .unwrap();
    let latency = started.elapsed();
    assert_eq!(status, 201);
    assert!(latency < Duration::from_secs(1), "{latency:?}");
    assert_eq!(server.stored().await, 1);

    // Every one of them closed by the server, within the head timeout (and some slack).
    let waits = held.into_iter().map(|mut s| {
        tokio::spawn(async move { closed_within(&mut s, Duration::from_secs(8)).await })
    });
    let mut slowest = Duration::ZERO;
    for w in waits.collect::<Vec<_>>() {
        let closed = w
            .await
            .unwrap()
            .expect("a half head was held open past the timeout");
        slowest = slowest.max(closed);
    }
    let all_closed = opened.elapsed();
    assert!(all_closed < Duration::from_secs(8), "{all_closed:?}");
    println!(
        "3000 half heads: a reader's comment answered in {latency:?} meanwhile; \
         all closed {all_closed:?} after the last was opened (head timeout 2 s)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bodies_trickled_a_byte_a_second_are_cut_off_and_store_nothing() {
    let server = start(&["--moderation", "approved", "--body-timeout", "2"]).await;
    let body = comment("Dikirim sangat pelan, satu bait per detik.");
    let mut tasks = Vec::new();
    for n in 0..200 {
        let (addr, body) = (server.addr, body.clone());
        tasks.push(tokio::spawn(async move {
            let mut s = TcpStream::connect(addr).await.unwrap();
            let head = format!(
                "POST /api/comments HTTP/1.1\r\nHost: balasan\r\nContent-Type: application/json\r\n\
                 Idempotency-Key: pelan-{n}\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            s.write_all(head.as_bytes()).await.unwrap();
            let started = Instant::now();
            let mut answer = Vec::new();
            for byte in body.bytes() {
                if s.write_all(&[byte]).await.is_err() {
                    break; // closed under us
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
                if started.elapsed() > Duration::from_secs(8) {
                    break;
                }
                // Whatever the server said so far.
                let mut buf = [0u8; 512];
                if let Ok(Ok(n)) =
                    tokio::time::timeout(Duration::from_millis(1), s.read(&mut buf)).await
                {
                    if n == 0 {
                        break;
                    }
                    answer.extend_from_slice(&buf[..n]);
                }
            }
            let closed = closed_within(&mut s, Duration::from_secs(1)).await;
            (
                String::from_utf8_lossy(&answer).into_owned(),
                started.elapsed(),
                closed,
            )
        }));
    }
    let mut slowest = Duration::ZERO;
    for t in tasks {
        let (answer, took, closed) = t.await.unwrap();
        assert!(closed.is_some(), "a trickling connection was left open");
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
            "{answer}"
        );
        slowest = slowest.max(took);
    }
    assert!(slowest < Duration::from_secs(6), "{slowest:?}");
    assert_eq!(
        server.stored().await,
        0,
        "nothing of a cut-off body is stored"
    );
    println!("200 trickled bodies: all cut off, the slowest after {slowest:?} (body timeout 2 s)");
}

#[tokio::test]
async fn idle_keep_alive_connections_are_closed() {
    let server = start(&["--head-timeout", "2"]).await;
    let mut client = Client::new(server.addr);
    let (status, _) = client.get("/healthz").await.unwrap();
    assert_eq!(status, 200);
    let mut conn = client.conn.take().unwrap().into_inner();
    let closed = closed_within(&mut conn, Duration::from_secs(6))
        .await
        .expect("the idle connection stayed open");
    assert!(
        closed >= Duration::from_millis(1500),
        "closed too soon: {closed:?}"
    );
    println!("idle keep-alive connection closed after {closed:?} (head timeout 2 s)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn at_the_connection_cap_files_stay_bounded_and_a_reader_gets_in_when_a_slot_frees() {
    let server = start(&[
        "--moderation",
        "approved",
        "--max-connections",
        "50",
        "--head-timeout",
        "3",
    ])
    .await;
    let baseline = server.open_files();
    let mut idle = Vec::new();
    for _ in 0..80 {
        idle.push(TcpStream::connect(server.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let held = server.open_files();
    assert!(
        held <= baseline + 50,
        "{held} files open with 80 connections at a cap of 50 (baseline {baseline})"
    );
    // A reader now waits for a slot (it is not refused), and is served once one frees.
    let started = Instant::now();
    let mut reader = Client::new(server.addr);
    let status = tokio::time::timeout(
        Duration::from_secs(15),
        reader.post(&comment("Menunggu giliran, lalu masuk."), "giliran-1"),
    )
    .await
    .expect("no slot freed for the reader")
    .unwrap();
    assert_eq!(status, 201);
    println!(
        "cap 50, 80 idle connections: {held} files open (baseline {baseline}); a reader \
         served after {:?}",
        started.elapsed()
    );
    drop(idle);
}

#[tokio::test]
async fn a_server_question_answered_sooner_than_a_person_could_is_refused() {
    let server = start(&[
        "--moderation",
        "approved",
        "--captcha",
        "server",
        "--captcha-blank",
        "result",
        "--min-elapsed-ms",
        "1500",
    ])
    .await;
    let mut client = Client::new(server.addr);
    let (status, issued) = client.get("/api/comments/challenge").await.unwrap();
    assert_eq!(status, 200);
    let issued_at = Instant::now();
    let issued: Value = serde_json::from_str(&issued).unwrap();
    let answer = support::solve(issued["question"].as_str().unwrap());
    let mut body: Value = serde_json::from_str(&comment("Dijawab secepat mesin.")).unwrap();
    // Whatever the client claims about its fill time.
    body["elapsed_ms"] = json!(60_000);
    body["captcha"] = json!({"token": issued["token"], "answer": answer.to_string()});

    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, said) = client
        .post_reading(&body.to_string(), "cepat-1", &[])
        .await
        .unwrap();
    assert_eq!(status, 422, "{said}");
    assert!(said.contains("\"spam\""), "{said}");
    assert_eq!(server.stored().await, 0);

    // After a time a person needs, the same question's answer is taken.
    tokio::time::sleep(Duration::from_millis(1600).saturating_sub(issued_at.elapsed())).await;
    let (status, said) = client
        .post_reading(&body.to_string(), "cepat-2", &[])
        .await
        .unwrap();
    assert_eq!(status, 201, "{said}");
    assert_eq!(server.stored().await, 1);
}

#[tokio::test]
async fn a_form_post_whose_body_stalls_gets_a_page_in_the_readers_language() {
    let server = start(&["--body-timeout", "2"]).await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(
        b"POST /api/comments HTTP/1.1\r\nHost: balasan\r\n\
          Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 400\r\n\r\ncomment=Hal",
    )
    .await
    .unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(6), s.read_to_end(&mut answer))
        .await
        .expect("answered and closed within the body timeout")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("text/html"), "{answer}");
    assert!(answer.contains("Komentar tak dapat disimpan."), "{answer}");
    assert_eq!(server.stored().await, 0);
}
