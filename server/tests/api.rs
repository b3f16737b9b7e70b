//! The native contract against the real router and a real store (a SQLite file in a temp
//! dir, or a fresh PostgreSQL database: see `support`), requests handed to the service
//! in-process.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use balasan_server::settings::Settings;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use support::app::{approved, comment, form_post, server};

#[tokio::test]
async fn a_comment_is_stored_pending_then_published() {
    let s = server(Settings::default()).await;
    let a = s
        .post(&comment("Semoga bersih terus"), Some("k1"), None)
        .await;
    assert_eq!(a.status, StatusCode::ACCEPTED);
    assert_eq!(a.json["status"], "pending");
    assert_eq!(a.json["url"], "http://contoh.id", "stored normalised");
    assert!(a.json.get("email").is_none(), "email is never echoed");
    let rows = s.state.db.list(Some("pending")).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].email, "sari@contoh.id");

    let list = || {
        Request::get("/api/comments?post=42")
            .body(Body::empty())
            .unwrap()
    };
    let held = s.send(list()).await.json;
    assert_eq!(held["comments"], json!([]));
    assert_eq!(held["total"], 0, "a held comment is not counted");
    assert!(s.state.db.approve(rows[0].id).await.unwrap());
    let shown = s.send(list()).await.json;
    assert_eq!(shown["total"], 1);
    assert_eq!(shown["comments"][0]["content"], "Semoga bersih terus");
    assert!(shown["comments"][0].get("email").is_none());
    assert!(shown["comments"][0].get("ip").is_none());
}

#[tokio::test]
async fn approved_moderation_answers_201() {
    let s = server(approved()).await;
    let a = s.post(&comment("Langsung tampil"), None, None).await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(a.json["status"], "approved");
}

#[tokio::test]
async fn field_errors_name_the_field() {
    let s = server(Settings::default()).await;
    let mut c = comment("Halo");
    c["author"] = json!("  ");
    c["email"] = json!("sari@");
    let a = s.post(&c, Some("k"), None).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.json["error"]["code"], "invalid");
    assert_eq!(
        a.json["error"]["fields"],
        json!({"author": "required", "email": "invalid"})
    );
    let mut long = comment(&"ꦱ".repeat(21_842)); // 65526 bytes
    long["author"] = json!("Sari");
    let a = s.post(&long, None, None).await;
    assert_eq!(a.json["error"]["fields"], json!({"content": "too_long"}));
    assert_eq!(s.stored().await, 0);
}

#[tokio::test]
async fn same_key_returns_the_first_answer_and_same_text_is_a_duplicate() {
    let s = server(approved()).await;
    let first = s.post(&comment("Sekali saja"), Some("abc"), None).await;
    let again = s.post(&comment("Sekali saja"), Some("abc"), None).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(first.json, again.json);
    let dup = s.post(&comment("Sekali saja"), Some("other"), None).await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert_eq!(dup.json["error"]["code"], "duplicate");
    assert_eq!(s.stored().await, 1);
}

#[tokio::test]
async fn rate_limit_per_ip_says_when_to_retry() {
    let s = server(Settings {
        rate_burst: 2,
        ..approved()
    })
    .await;
    for i in 0..2 {
        let a = s.post(&comment(&format!("ke-{i}")), None, None).await;
        assert_eq!(a.status, StatusCode::CREATED);
    }
    let a = s.post(&comment("ke-3"), None, None).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = a.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(s.stored().await, 2);
}

#[tokio::test]
async fn cors_allows_listed_origins_only() {
    let s = server(Settings {
        allowed_origins: vec!["https://kabar.contoh.id".into()],
        ..approved()
    })
    .await;
    let a = s
        .post(&comment("dari luar"), None, Some("https://jahat.example"))
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(a.json["error"]["code"], "forbidden_origin");
    assert_eq!(s.stored().await, 0);

    let a = s
        .post(
            &comment("dari kabar"),
            None,
            Some("https://kabar.contoh.id"),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(
        a.headers["access-control-allow-origin"],
        "https://kabar.contoh.id"
    );
    assert_eq!(a.headers["access-control-expose-headers"], "Retry-After");

    // The server's own origin is always fine.
    let a = s
        .post(&comment("dari sini"), None, Some("http://127.0.0.1:8080"))
        .await;
    assert_eq!(a.status, StatusCode::CREATED);

    let preflight = |origin: &str| {
        Request::options("/api/comments")
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-type,idempotency-key",
            )
            .body(Body::empty())
            .unwrap()
    };
    let ok = s.send(preflight("https://kabar.contoh.id")).await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT);
    let allowed = ok.headers["access-control-allow-headers"].to_str().unwrap();
    assert!(allowed.contains("Idempotency-Key"));
    let refused = s.send(preflight("https://jahat.example")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn malformed_requests_are_refused_and_nothing_is_stored() {
    let s = server(Settings {
        body_limit: 1024,
        ..approved()
    })
    .await;
    let raw = |content_type: &str, body: Vec<u8>| {
        Request::post("/api/comments")
            .header("Content-Type", content_type)
            .body(Body::from(body))
            .unwrap()
    };
    let text = s.send(raw("text/plain", b"content=hi".to_vec())).await;
    assert_eq!(text.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let big = s
        .send(raw(
            "application/json",
            comment(&"x".repeat(2000)).to_string().into_bytes(),
        ))
        .await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE);
    let bad_utf8 = s
        .send(raw("application/json", vec![b'{', 0xff, b'}']))
        .await;
    assert_eq!(bad_utf8.status, StatusCode::BAD_REQUEST);
    let not_json = s.send(raw("application/json", b"<html>".to_vec())).await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST);
    let mut no_post = comment("tanpa artikel");
    no_post["post"] = json!("");
    assert_eq!(
        s.post(&no_post, None, None).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(s.stored().await, 0);
}

#[tokio::test]
async fn honeypot_and_instant_sends_are_refused() {
    let s = server(approved()).await;
    let mut bot = comment("beli sekarang");
    bot["hp"] = json!("http://spam.example");
    assert_eq!(s.post(&bot, None, None).await.json["error"]["code"], "spam");
    let mut fast = comment("cepat sekali");
    fast["elapsed_ms"] = json!(200);
    assert_eq!(
        s.post(&fast, None, None).await.json["error"]["code"],
        "spam"
    );
    // Leaving the fill time out does not skip the check.
    let mut silent = comment("tanpa waktu isi");
    silent.as_object_mut().unwrap().remove("elapsed_ms");
    assert_eq!(
        s.post(&silent, None, None).await.json["error"]["code"],
        "spam"
    );
    assert_eq!(s.stored().await, 0);
    // With the check off (--min-elapsed-ms 0) it is not needed.
    let off = server(Settings {
        min_elapsed_ms: 0,
        ..approved()
    })
    .await;
    assert_eq!(
        off.post(&silent, None, None).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn server_captcha_accepts_a_right_answer_once() {
    let s = server(Settings {
        server_captcha: true,
        // Answered at once here; the server-vouched time is tested in abuse.rs.
        min_elapsed_ms: 0,
        ..approved()
    })
    .await;
    let challenge = || {
        s.send(
            Request::get("/api/comments/challenge")
                .body(Body::empty())
                .unwrap(),
        )
    };
    let c = challenge().await;
    assert_eq!(c.status, StatusCode::OK);
    assert_eq!(c.headers["cache-control"], "no-store");
    let token = c.json["token"].as_str().unwrap().to_owned();
    let answer = support::solve(c.json["question"].as_str().unwrap());

    let mut missing = comment("tanpa jawaban");
    missing["captcha"] = Value::Null;
    let a = s.post(&missing, None, None).await;
    assert_eq!(a.json["error"]["fields"], json!({"captcha": "required"}));

    let mut right = comment("jawaban benar");
    right["captcha"] = json!({"token": token, "answer": answer.to_string()});
    assert_eq!(
        s.post(&right, Some("r1"), None).await.status,
        StatusCode::CREATED
    );

    let mut replay = comment("jawaban dipakai ulang");
    replay["captcha"] = json!({"token": token, "answer": answer.to_string()});
    let a = s.post(&replay, Some("r2"), None).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.json["error"]["fields"], json!({"captcha": "invalid"}));
    assert_eq!(s.stored().await, 1);

    // A retry of the accepted comment (same key) still gets its first answer.
    assert_eq!(
        s.post(&right, Some("r1"), None).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn one_guess_per_question() {
    let s = server(Settings {
        server_captcha: true,
        // Answered at once here; the server-vouched time is tested in abuse.rs.
        min_elapsed_ms: 0,
        ..approved()
    })
    .await;
    let c = s
        .send(
            Request::get("/api/comments/challenge")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let token = c.json["token"].as_str().unwrap().to_owned();
    let answer = support::solve(c.json["question"].as_str().unwrap());
    let mut wrong = comment("tebakan pertama");
    wrong["captcha"] = json!({"token": token, "answer": (answer + 1).to_string()});
    let a = s.post(&wrong, None, None).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.json["error"]["code"], "captcha");
    assert!(a.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("not right"));
    // The right answer to the same question now comes too late.
    let mut right = comment("tebakan kedua");
    right["captcha"] = json!({"token": token, "answer": answer.to_string()});
    let a = s.post(&right, None, None).await;
    assert_eq!(a.json["error"]["code"], "captcha");
    assert_eq!(s.stored().await, 0);
}

#[tokio::test]
async fn expired_challenges_are_refused() {
    let s = server(Settings {
        server_captcha: true,
        // Answered at once here; the server-vouched time is tested in abuse.rs.
        min_elapsed_ms: 0,
        challenge_ttl: std::time::Duration::from_secs(1),
        ..approved()
    })
    .await;
    let c = s
        .send(
            Request::get("/api/comments/challenge")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let mut late = comment("terlambat");
    late["captcha"] = json!({
        "token": c.json["token"],
        "answer": support::solve(c.json["question"].as_str().unwrap()).to_string()
    });
    let a = s.post(&late, None, None).await;
    assert_eq!(a.json["error"]["code"], "captcha");
    assert!(a.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("expired"));
}

#[tokio::test]
async fn challenge_endpoint_is_off_without_server_captcha() {
    let s = server(Settings::default()).await;
    let a = s
        .send(
            Request::get("/api/comments/challenge")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn huge_fields_are_refused_by_name() {
    let s = server(approved()).await;
    let mut c = comment("normal");
    c["author"] = json!("N".repeat(10_000));
    c["email"] = json!(format!("{}@contoh.id", "e".repeat(5_000)));
    c["url"] = json!(format!("https://contoh.id/{}", "u".repeat(5_000)));
    let a = s.post(&c, None, None).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        a.json["error"]["fields"],
        json!({"author": "too_long", "email": "too_long", "url": "too_long"})
    );
    let mut long_post = comment("artikel panjang");
    long_post["post"] = json!("p".repeat(1000));
    assert_eq!(
        s.post(&long_post, None, None).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(s.stored().await, 0);
}

#[tokio::test]
async fn plain_form_posts_are_stored_once_and_sent_back_to_the_article() {
    let s = server(Settings {
        allowed_origins: vec!["https://kabar.contoh.id".into()],
        ..Settings::default()
    })
    .await;
    let fields = [
        ("comment", "Lewat formulir biasa"),
        ("author", "Sari"),
        ("email", "sari@contoh.id"),
        ("comment_post_ID", "42"),
        ("page_url", "https://kabar.contoh.id/sungai"),
        ("lang", "id"),
        ("redirect", "1"),
        ("elapsed_ms", "9000"),
        ("idempotency_key", "form-1"),
    ];
    let (status, headers, _) = form_post(&s, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers["location"],
        "https://kabar.contoh.id/sungai#balasan=pending"
    );
    // The reader pressed twice: the key makes it one comment.
    assert_eq!(form_post(&s, &fields).await.0, StatusCode::SEE_OTHER);
    assert_eq!(s.stored().await, 1);
    assert_eq!(s.state.db.list(None).await.unwrap()[0].post, "42");

    // Without the loader's redirect: a page in the reader's language.
    let (status, _, page) = form_post(
        &s,
        &[
            ("comment", "Kedua"),
            ("author", "Budi"),
            ("email", "budi@contoh.id"),
            ("post", "42"),
            ("lang", "en"),
            ("elapsed_ms", "9000"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Your comment is awaiting moderation."),
        "{page}"
    );
    assert_eq!(s.stored().await, 2);
}

#[tokio::test]
async fn a_refused_form_post_says_why_and_gives_the_text_back() {
    let s = server(Settings {
        allowed_origins: vec!["https://kabar.contoh.id".into()],
        ..approved()
    })
    .await;
    let (status, headers, page) = form_post(
        &s,
        &[
            ("comment", "Teks <b>saya</b> & tetap ada"),
            ("email", "bukan-email"),
            ("post", "42"),
            ("page_url", "https://jahat.example/"),
            ("redirect", "1"),
            ("elapsed_ms", "9000"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(headers.get("location").is_none());
    assert!(
        page.contains("Komentar belum terkirim. Mohon periksa ruas yang ditandai (2)."),
        "{page}"
    );
    assert!(page.contains("Mohon isi ruas yang diwajibkan."), "{page}");
    assert!(
        page.contains("Teks &lt;b&gt;saya&lt;/b&gt; &amp; tetap ada</textarea>"),
        "{page}"
    );
    assert!(
        !page.contains("jahat.example\">"),
        "no link to a page of another origin: {page}"
    );
    assert_eq!(s.stored().await, 0);
}

#[tokio::test]
async fn the_list_pages_threads_with_their_replies() {
    let s = server(Settings {
        rate_burst: 100,
        ..approved()
    })
    .await;
    let post = |content: &str, parent: Option<i64>| {
        let mut c = comment(content);
        c["parent"] = json!(parent);
        c
    };
    let mut ids = Vec::new();
    for (content, parent) in [
        ("satu", None),
        ("dua", None),
        ("balasan untuk satu", Some(0)),
        ("tiga", None),
        ("balasan untuk balasan", Some(2)),
    ] {
        let parent = parent.map(|i: usize| ids[i]);
        let a = s.post(&post(content, parent), None, None).await;
        assert_eq!(a.status, StatusCode::CREATED, "{content}: {}", a.json);
        ids.push(a.json["id"].as_i64().unwrap());
    }
    let get = |q: &str| {
        Request::get(format!("/api/comments?post=42{q}"))
            .body(Body::empty())
            .unwrap()
    };
    let first = s.send(get("&limit=2")).await.json;
    let texts = |v: &Value| -> Vec<String> {
        v["comments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["content"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        texts(&first),
        ["satu", "dua", "balasan untuk satu", "balasan untuk balasan"],
        "two threads, with every reply"
    );
    assert_eq!(first["total"], 5);
    let next = first["next"].as_str().unwrap().to_owned();
    let second = s.send(get(&format!("&limit=2&after={next}"))).await.json;
    assert_eq!(texts(&second), ["tiga"]);
    assert_eq!(second["next"], Value::Null);
    let newest = s.send(get("&order=newest&limit=1")).await.json;
    assert_eq!(texts(&newest), ["tiga"]);
    assert_eq!(
        s.send(get("&order=sideways")).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn a_reply_must_answer_a_comment_of_its_own_article() {
    let s = server(approved()).await;
    let first = s.post(&comment("Di artikel 42"), None, None).await;
    let id = first.json["id"].as_i64().unwrap();
    let mut elsewhere = comment("Balasan nyasar");
    elsewhere["post"] = json!("43");
    elsewhere["parent"] = json!(id);
    assert_eq!(
        s.post(&elsewhere, None, None).await.status,
        StatusCode::BAD_REQUEST
    );
    let mut missing = comment("Balasan untuk yang tidak ada");
    missing["parent"] = json!(id + 100);
    assert_eq!(
        s.post(&missing, None, None).await.status,
        StatusCode::BAD_REQUEST
    );
    let mut right = comment("Balasan yang benar");
    right["parent"] = json!(id.to_string());
    let a = s.post(&right, None, None).await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(a.json["parent"], id);
    assert_eq!(s.stored().await, 2);
}

#[tokio::test]
async fn a_list_is_compressed_as_the_browser_asks_and_reads_the_same() {
    let s = server(Settings {
        rate_burst: 100,
        ..approved()
    })
    .await;
    for i in 0..50 {
        let text =
            format!("Komentar ke-{i}: warga berharap saluran irigasi selesai sebelum musim tanam.");
        let a = s.post(&comment(&text), None, None).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.json);
    }
    let ask = |encoding: Option<&str>| {
        let mut r = Request::get("/api/comments?post=42");
        if let Some(e) = encoding {
            r = r.header("Accept-Encoding", e);
        }
        s.app.clone().oneshot(r.body(Body::empty()).unwrap())
    };
    let read = |res: axum::response::Response| async move {
        let headers = res.headers().clone();
        (
            headers,
            res.into_body().collect().await.unwrap().to_bytes().to_vec(),
        )
    };
    let (plain_headers, plain) = read(ask(None).await.unwrap()).await;
    assert_eq!(plain_headers.get("content-encoding"), None);
    assert!(
        plain_headers["vary"]
            .to_str()
            .unwrap()
            .eq_ignore_ascii_case("accept-encoding"),
        "a cache keeps one copy per encoding"
    );

    let (br_headers, br) = read(ask(Some("gzip, deflate, br, zstd")).await.unwrap()).await;
    assert_eq!(br_headers["content-encoding"], "br");
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(
        &mut brotli_decompressor::Decompressor::new(br.as_slice(), 4096),
        &mut unpacked,
    )
    .unwrap();
    assert_eq!(unpacked, plain, "the same list");

    let (gz_headers, gz) = read(ask(Some("gzip")).await.unwrap()).await;
    assert_eq!(gz_headers["content-encoding"], "gzip");
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(gz.as_slice()),
        &mut unpacked,
    )
    .unwrap();
    assert_eq!(unpacked, plain);
    println!(
        "a list of 50: {} B as JSON, {} B brotli, {} B gzip",
        plain.len(),
        br.len(),
        gz.len()
    );
    assert!(
        br.len() * 3 < plain.len(),
        "{} of {}",
        br.len(),
        plain.len()
    );

    // A small answer goes as it is: a refusal.
    let refused = s
        .app
        .clone()
        .oneshot(
            Request::get("/api/comments")
                .header("Accept-Encoding", "br")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert_eq!(refused.headers().get("content-encoding"), None);
}
