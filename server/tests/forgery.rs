//! What a hostile reader forges against the reference server, on the real router and a
//! real store (SQLite, or PostgreSQL with `BALASAN_TEST_POSTGRES`): someone else's
//! idempotency key, a reply to an unpublished comment, challenge tokens, a "send again"
//! page's fields. Each test failed before its fix.

mod support;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use balasan_server::settings::{Moderation, Settings};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

use support::app::{approved, comment, form_post, hidden, send_fields, server, Server};

#[tokio::test]
async fn a_key_answers_only_the_comment_it_came_with_and_tells_nothing_else() {
    let s = server(Settings::default()).await;
    let victim = s
        .post(&comment("Komentar menunggu moderasi"), Some("k1"), None)
        .await;
    assert_eq!(victim.status, StatusCode::ACCEPTED);

    // Someone else's key with an empty body, or with another comment: refused, and not a
    // word of the stored comment.
    for body in [json!({}), comment("Komentar penyerang")] {
        let a = s.post(&body, Some("k1"), None).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.json);
        assert_eq!(a.json["error"]["code"], "idempotency_key_reused");
        let said = a.json.to_string();
        assert!(
            !said.contains("menunggu") && !said.contains("Sari"),
            "{said}"
        );
    }
    // The reader's own retry still gets the first answer, even with a new fill time.
    let mut retry = comment("Komentar menunggu moderasi");
    retry["elapsed_ms"] = json!(20_000);
    let again = s.post(&retry, Some("k1"), None).await;
    assert_eq!(
        (again.status, &again.json),
        (StatusCode::ACCEPTED, &victim.json)
    );
    assert_eq!(s.stored().await, 1);

    // A key taken first by someone else does not make a reader's comment the answer to it.
    let first = s.post(&comment("Saya dulu"), Some("k2"), None).await;
    assert_eq!(first.status, StatusCode::ACCEPTED);
    let mut other = comment("Komentar pembaca lain");
    other["author"] = json!("Budi");
    let a = s.post(&other, Some("k2"), None).await;
    assert_eq!(a.json["error"]["code"], "idempotency_key_reused");
    assert!(!a.json.to_string().contains("Saya dulu"));
    assert_eq!(s.stored().await, 2);
}

#[tokio::test]
async fn a_reply_answers_only_a_published_comment() {
    let s = server(Settings::default()).await;
    let held = s.post(&comment("Masih ditahan"), None, None).await;
    let id = held.json["id"].as_i64().unwrap();
    let mut reply = comment("Balasan untuk yang ditahan");
    reply["parent"] = json!(id);
    let a = s.post(&reply, None, None).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.json);
    assert_eq!(s.stored().await, 1);
    assert!(s.state.db.approve(id).await.unwrap());
    let a = s.post(&reply, None, None).await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.json);
    assert_eq!(a.json["parent"], id);
}

#[tokio::test]
async fn on_a_captcha_server_nothing_about_comments_is_told_before_the_question() {
    let s = server(Settings {
        server_captcha: true,
        ..approved()
    })
    .await;
    // A parent that exists and one that does not get the same answer: the question.
    let mut probe = comment("Apakah ada?");
    for parent in [json!(1), json!(999)] {
        probe["parent"] = parent;
        let a = s.post(&probe, None, None).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.json);
        assert_eq!(a.json["error"]["fields"], json!({"captcha": "required"}));
    }
}

#[tokio::test]
async fn forged_challenge_tokens_are_refused_before_anything_is_recorded() {
    let s = server(Settings {
        server_captcha: true,
        min_elapsed_ms: 0,
        rate_burst: 100,
        ..approved()
    })
    .await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    for i in 0..20 {
        let mut forged = comment(&format!("palsu {i}"));
        let token = format!(
            "{i:032x}.{}.{}.{}.{}",
            now + 300,
            now * 1000,
            "ab".repeat(32),
            "cd".repeat(32)
        );
        forged["captcha"] = json!({"token": token, "answer": "8"});
        let a = s.post(&forged, None, None).await;
        assert_eq!(a.json["error"]["fields"], json!({"captcha": "invalid"}));
    }
    assert_eq!(support::rows(&s.store.store, "used_challenges").await, 0);
    // A genuine token is still used up by a wrong guess.
    let c = s
        .send(
            Request::get("/api/comments/challenge")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let mut wrong = comment("tebakan salah");
    wrong["captcha"] = json!({"token": c.json["token"], "answer": "1000"});
    s.post(&wrong, None, None).await;
    assert_eq!(support::rows(&s.store.store, "used_challenges").await, 1);
}

#[tokio::test]
async fn a_reader_without_scripts_fixes_a_refused_comment_and_sends_it_again() {
    let s = server(Settings {
        allowed_origins: vec!["https://kabar.contoh.id".into()],
        moderation: Moderation::Approved,
        // The shipped default: a post of the "send again" page needs its fill time.
        min_elapsed_ms: 1500,
        ..Settings::default()
    })
    .await;
    let (status, headers, page) = form_post(
        &s,
        &[
            ("comment", "Tanpa skrip, email salah ketik"),
            ("author", "Sari"),
            ("email", "sari@contoh"),
            ("comment_post_ID", "42"),
            ("page_url", "https://kabar.contoh.id/sungai"),
            ("lang", "id"),
            ("elapsed_ms", "9000"),
            ("idempotency_key", "tanpa-skrip-1"),
            ("unknown", "<script>"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The page runs and loads nothing; browsers take it for what it says it is.
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    assert!(
        csp.contains("form-action 'self' https://kabar.contoh.id"),
        "{csp}"
    );

    let carried = hidden(&page);
    let names: Vec<&str> = carried.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "post",
            "page_url",
            "lang",
            "idempotency_key",
            "balasan_shown"
        ],
        "only the fields the server knows, and its stamp: {page}"
    );
    let mut fields: Vec<(String, String)> = carried;
    fields.extend(
        [
            ("comment", "Tanpa skrip, email salah ketik"),
            ("author", "Sari"),
            ("email", "sari@contoh.id"),
        ]
        .map(|(n, v)| (n.to_owned(), v.to_owned())),
    );
    // At once: faster than a person fixes a field (the stamp says when the page showed).
    let (status, page) = send_fields(&s, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert_eq!(s.stored().await, 0);
    tokio::time::sleep(Duration::from_millis(1600)).await;
    // A stamp moved back in time is not the server's.
    let mut forged = fields.clone();
    let stamp = &mut forged
        .iter_mut()
        .find(|(n, _)| n == "balasan_shown")
        .unwrap()
        .1;
    let shown: i64 = stamp.split('.').nth(1).unwrap().parse().unwrap();
    *stamp = stamp.replacen(&shown.to_string(), &(shown - 60_000).to_string(), 1);
    // …and a fill time claimed beside it does not stand in for it.
    forged.push(("elapsed_ms".to_owned(), "9000".to_owned()));
    let (status, _) = send_fields(&s, &forged).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, page) = send_fields(&s, &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Terima kasih"), "{page}");
    assert_eq!(s.stored().await, 1);
}

#[tokio::test]
async fn a_form_post_whose_key_came_with_another_comment_gets_a_new_key_to_send_again() {
    let s = server(Settings {
        allowed_origins: vec!["https://kabar.contoh.id".into()],
        min_elapsed_ms: 0,
        ..approved()
    })
    .await;
    let fields = |text: &str| {
        [
            ("comment", text),
            ("author", "Sari"),
            ("email", "sari@contoh.id"),
            ("post", "42"),
            ("elapsed_ms", "9000"),
            ("idempotency_key", "kembali-1"),
        ]
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
    };
    assert_eq!(send_fields(&s, &fields("Pertama")).await.0, StatusCode::OK);
    // The reader went back, changed the text and sent the page again, key and all.
    let (status, page) = send_fields(&s, &fields("Pertama, diubah")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!page.contains(">Pertama<"), "{page}");
    let carried = hidden(&page);
    let key = &carried
        .iter()
        .find(|(n, _)| n == "idempotency_key")
        .unwrap()
        .1;
    assert_ne!(key, "kembali-1");
    let mut again = carried.clone();
    again.extend(
        [
            ("comment", "Pertama, diubah"),
            ("author", "Sari"),
            ("email", "sari@contoh.id"),
        ]
        .map(|(n, v)| (n.to_owned(), v.to_owned())),
    );
    assert_eq!(send_fields(&s, &again).await.0, StatusCode::OK);
    assert_eq!(s.stored().await, 2);
}

#[tokio::test]
async fn a_huge_refused_form_post_is_not_echoed_back() {
    let s = server(Settings::default()).await;
    // 256 KB of unknown, empty fields: within the body limit, refused (no comment), and
    // not one of them comes back.
    let (status, _, page) = post_with(
        &s,
        "application/x-www-form-urlencoded",
        "x&".repeat(128 * 1024),
        &[("Origin", "http://127.0.0.1:8080")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.len() < 4096, "{} bytes", page.len());
    assert_eq!(s.stored().await, 0);
}

/// Posts `body` (of `content_type`) with `headers`; the status, headers and body.
async fn post_with(
    s: &Server,
    content_type: &str,
    body: String,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut req = Request::post("/api/comments").header("Content-Type", content_type);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = s
        .app
        .clone()
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

#[tokio::test]
async fn the_host_header_is_not_the_servers_origin_and_schemes_count() {
    let s = server(approved()).await;
    let json = || comment(&format!("dari {}", rand_word())).to_string();
    for (host, origin) in [
        ("jahat.example", "http://jahat.example"),
        ("127.0.0.1:8080", "ftp://127.0.0.1:8080"),
        ("127.0.0.1:8080", "https://127.0.0.1:8080"),
    ] {
        let (status, _, _) = post_with(
            &s,
            "application/json",
            json(),
            &[("Host", host), ("Origin", origin)],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{host} {origin}");
    }
    assert_eq!(s.stored().await, 0);
    // The listen address is the server's own origin by default (its demo page posts).
    let (status, _, _) = post_with(
        &s,
        "application/json",
        json(),
        &[
            ("Host", "jahat.example"),
            ("Origin", "http://127.0.0.1:8080"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);

    // A plain form post from the server's own page, asking to be sent back to the page a
    // forged Host names: stored, and not sent there.
    let form = serde_urlencoded::to_string([
        ("comment", "Kembali ke mana?"),
        ("author", "Sari"),
        ("email", "sari@contoh.id"),
        ("post", "42"),
        ("page_url", "http://jahat.example/"),
        ("redirect", "1"),
        ("elapsed_ms", "9000"),
    ])
    .unwrap();
    let (status, headers, _) = post_with(
        &s,
        "application/x-www-form-urlencoded",
        form,
        &[
            ("Host", "jahat.example"),
            ("Origin", "http://127.0.0.1:8080"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.get("location").is_none());
}

#[tokio::test]
async fn a_form_post_needs_an_origin_or_a_referer_on_an_allowed_origin() {
    let s = server(Settings {
        allowed_origins: vec!["https://kabar.contoh.id".into()],
        ..approved()
    })
    .await;
    let form = |n: usize| {
        serde_urlencoded::to_string([
            ("comment", format!("Formulir {n}").as_str()),
            ("author", "Sari"),
            ("email", "sari@contoh.id"),
            ("post", "42"),
            ("elapsed_ms", "9000"),
        ])
        .unwrap()
    };
    let ct = "application/x-www-form-urlencoded";
    assert_eq!(
        post_with(&s, ct, form(1), &[]).await.0,
        StatusCode::FORBIDDEN
    );
    let foreign = [("Referer", "https://jahat.example/kabar.contoh.id")];
    assert_eq!(
        post_with(&s, ct, form(2), &foreign).await.0,
        StatusCode::FORBIDDEN
    );
    let tricky = [("Referer", "https://kabar.contoh.id@jahat.example/")];
    assert_eq!(
        post_with(&s, ct, form(3), &tricky).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(s.stored().await, 0);
    let ours = [("Referer", "https://kabar.contoh.id/sungai?x=1")];
    assert_eq!(post_with(&s, ct, form(4), &ours).await.0, StatusCode::OK);
    // The JSON contract needs a preflight from any page, so its Origin is always sent:
    // clients that are not browsers post without one.
    let (status, _, _) = post_with(
        &s,
        "application/json",
        comment("tanpa Origin").to_string(),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(s.stored().await, 2);
}

/// A word of its own for each call: comments with the same text are duplicates.
fn rand_word() -> String {
    let mut b = [0u8; 6];
    getrandom::fill(&mut b).unwrap();
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[tokio::test]
async fn behind_a_proxy_the_public_url_is_the_servers_own_origin() {
    let running = support::start(
        env!("CARGO_BIN_EXE_balasan-server"),
        &[
            "--public-url",
            "https://Komentar.contoh.id/",
            "--moderation",
            "approved",
            "--min-elapsed-ms",
            "0",
        ],
    )
    .await;
    let listen = format!("http://{}", running.addr);
    let mut client = support::Client::new(running.addr);
    let mut post = async |origin: &str| {
        let body = comment(&format!("dari {origin}")).to_string();
        let origin = format!("Origin: {origin}");
        client
            .post_reading(&body, &rand_word(), &[&origin])
            .await
            .unwrap()
            .0
    };
    assert_eq!(post("https://komentar.contoh.id").await, 201);
    assert_eq!(post(&listen).await, 403);
    assert_eq!(post("http://komentar.contoh.id").await, 403);

    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_balasan-server"))
        .args(["serve", "--public-url", "ftp://komentar.contoh.id"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("--public-url") && said.contains("not an http(s) address"),
        "{said}"
    );
}
