//! The form a page includes for readers without JavaScript (`GET /form`): the server's
//! stamp of when it was shown lets a person through the fill-time check and stops a bot
//! that posts at once, and a stamp that was forged, has expired or was used before
//! vouches for nothing. On SQLite, and on PostgreSQL when `BALASAN_TEST_POSTGRES` is set.

mod support;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use balasan_server::challenge::Signer;
use balasan_server::clock::{unix_now, unix_now_ms};
use balasan_server::settings::{Moderation, Settings};
use http_body_util::BodyExt;
use tower::ServiceExt;

use support::app::{hidden, send_fields, server, Server};
use support::solve;

/// The shipped fill-time check, the article's site allowed, and room for every post a
/// test sends from one address (the limiter is tested in abuse.rs).
fn shipped() -> Settings {
    Settings {
        allowed_origins: vec!["https://kabar.contoh.id".into()],
        moderation: Moderation::Approved,
        min_elapsed_ms: 1500,
        rate_burst: 50,
        ..Settings::default()
    }
}

/// `GET` of `path`: status, headers, body.
async fn get(s: &Server, path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let req = Request::get(path)
        .header("Host", "127.0.0.1:8080")
        .header("Accept-Encoding", "br, gzip")
        .body(Body::empty())
        .unwrap();
    let res = s.app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

/// The included form for article 42, and what a reader fills in: its hidden fields plus
/// the visible ones.
async fn included(s: &Server, query: &str) -> (String, Vec<(String, String)>) {
    let (status, headers, form) = get(s, &format!("/form?post=42{query}")).await;
    assert_eq!(status, StatusCode::OK, "{form}");
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    // A stamp shared through a cache would vouch for its first reader only; and an SSI
    // pastes the bytes as they come, so they are never compressed, whatever is asked.
    assert_eq!(headers["cache-control"], "no-store, no-transform");
    assert!(!headers.contains_key("content-encoding"));
    assert!(form.len() > 1024, "large enough to be compressed otherwise");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    let mut fields = hidden(&form);
    for (name, value) in [
        ("comment", "Saya menulis tanpa JavaScript."),
        ("author", "Sari"),
        ("email", "sari@contoh.id"),
        ("url", ""),
    ] {
        assert!(
            form.contains(&format!(" name=\"{name}\"")),
            "the form has {name}: {form}"
        );
        fields.push((name.to_owned(), value.to_owned()));
    }
    (form, fields)
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    fields.iter_mut().find(|(n, _)| n == name).unwrap().1 = value.to_owned();
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    &fields.iter().find(|(n, _)| n == name).unwrap().1
}

/// The text in `html` right after `marker` (the question in its row or label).
fn text_after<'a>(html: &'a str, marker: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {html}"))
        + marker.len();
    &html[at..at + html[at..].find('<').unwrap()]
}

async fn until(since: Instant, after: Duration) {
    tokio::time::sleep(after.saturating_sub(since.elapsed())).await;
}

#[tokio::test]
async fn a_reader_without_scripts_is_accepted_after_3_s_and_a_bot_at_200_ms_is_not() {
    let s = server(shipped()).await;
    let fetched = Instant::now();
    let (form, mut fields) = included(
        &s,
        "&lang=ms&page_url=https%3A%2F%2Fkabar.contoh.id%2Fsungai&page_title=Sungai",
    )
    .await;
    assert!(
        form.contains("<form action=\"http://127.0.0.1:8080/api/comments\" id=\"commentform\""),
        "posts to this server: {form}"
    );
    assert!(
        form.contains("lang=\"ms\""),
        "in the reader's language: {form}"
    );
    assert!(
        !form.contains("balasan-question"),
        "no question the server would not check"
    );
    let names: Vec<String> = hidden(&form).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "post",
            "lang",
            "page_url",
            "page_title",
            "idempotency_key",
            "balasan_shown"
        ]
    );
    assert_eq!(field(&fields, "post"), "42");

    until(fetched, Duration::from_millis(200)).await;
    let (status, page) = send_fields(&s, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert_eq!(
        s.stored().await,
        0,
        "a post 200 ms after the form was shown is a bot's"
    );

    until(fetched, Duration::from_secs(3)).await;
    let (status, page) = send_fields(&s, &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Terima kasih"), "said in Malay: {page}");
    assert!(
        page.contains("href=\"https://kabar.contoh.id/sungai\""),
        "{page}"
    );
    let stored = s.state.db.list(None).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].post, "42");
    assert_eq!(stored[0].content, "Saya menulis tanpa JavaScript.");
    assert_eq!(stored[0].page_title, "Sungai");

    // A second click on the same form: the first answer again, nothing stored twice.
    let (status, page) = send_fields(&s, &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(s.stored().await, 1);

    // The same stamp with another comment (a bot that waited once): vouches for nothing.
    set(
        &mut fields,
        "comment",
        "Komentar kedua dari formulir yang sama.",
    );
    set(&mut fields, "idempotency_key", "kunci-lain");
    let (status, page) = send_fields(&s, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert_eq!(s.stored().await, 1, "a used stamp is refused");
    // The reader is not stuck: the page gives the text back under a new stamp.
    let again = hidden(&page);
    assert_ne!(
        field(&again, "balasan_shown"),
        field(&fields, "balasan_shown")
    );
    assert!(
        page.contains("Komentar kedua dari formulir yang sama."),
        "{page}"
    );
}

#[tokio::test]
async fn a_double_click_without_scripts_stores_the_comment_once_and_thanks_twice() {
    let s = server(shipped()).await;
    let (_, fields) = included(&s, "").await;
    tokio::time::sleep(Duration::from_millis(1600)).await;
    // Both posts at once: the second arrives while the first is on its way.
    let ((first, one), (second, two)) =
        tokio::join!(send_fields(&s, &fields), send_fields(&s, &fields));
    assert_eq!(first, StatusCode::OK, "{one}");
    assert_eq!(
        second,
        StatusCode::OK,
        "the reader is thanked, not refused: {two}"
    );
    assert_eq!(s.stored().await, 1);

    // Back on a form refused for a mistyped email, fixed and sent again: the same key
    // and stamp go through (nothing was stored under them).
    let (_, mut fields) = included(&s, "").await;
    set(&mut fields, "comment", "Email saya salah ketik tadi.");
    set(&mut fields, "email", "sari@contoh");
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let (status, page) = send_fields(&s, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    set(&mut fields, "email", "sari@contoh.id");
    let (status, page) = send_fields(&s, &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(s.stored().await, 2);
}

#[tokio::test]
async fn a_forged_or_expired_stamp_vouches_for_nothing() {
    let s = server(shipped()).await;
    let (_, fields) = included(&s, "").await;
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let stamp = field(&fields, "balasan_shown").to_owned();
    let parts: Vec<&str> = stamp.split('.').collect();
    let shown: i64 = parts[1].parse().unwrap();
    let other = Signer::new(vec![9; 32]);
    let forgeries = [
        // Shown a minute earlier than it was (to look slow), or good for longer.
        stamp.replacen(parts[1], &(shown - 60_000).to_string(), 1),
        stamp.replacen(parts[2], &(unix_now() + 86_400 * 365).to_string(), 1),
        // Another server's stamp, or an empty one.
        other.stamp(unix_now_ms() - 60_000, unix_now() + 3600),
        String::new(),
        // This server's, expired.
        s.state.signer.stamp(unix_now_ms() - 60_000, unix_now() - 1),
    ];
    for (i, forged) in forgeries.iter().enumerate() {
        let mut fields = fields.clone();
        set(&mut fields, "balasan_shown", forged);
        set(&mut fields, "idempotency_key", &format!("palsu-{i}"));
        // A fill time claimed beside it does not stand in for it.
        fields.push(("elapsed_ms".into(), "9000".into()));
        let (status, page) = send_fields(&s, &fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{forged}: {page}");
    }
    assert_eq!(s.stored().await, 0);
    // The genuine one still works: the forgeries did not use it up.
    let (status, page) = send_fields(&s, &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(s.stored().await, 1);
}

#[tokio::test]
async fn with_the_server_question_the_included_form_asks_it() {
    let s = server(Settings {
        server_captcha: true,
        ..shipped()
    })
    .await;
    let (form, mut fields) = included(&s, "&theme=dark").await;
    assert!(form.contains("data-theme=\"dark\""), "{form}");
    let question = text_after(&form, "class=\"balasan-question\">");
    assert!(
        field(&fields, "captcha[token]").len() > 64,
        "the question's token"
    );
    tokio::time::sleep(Duration::from_millis(1600)).await;
    fields.push(("balasan-captcha".into(), (solve(question) + 1).to_string()));
    let (status, page) = send_fields(&s, &fields).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a wrong answer: {page}"
    );
    assert_eq!(s.stored().await, 0);

    assert!(
        !page.contains("formulir selesai dimuat"),
        "not told that only the script's form can send: {page}"
    );
    assert_eq!(s.stored().await, 0);

    // The page to send again asks a new question, and sends without any script.
    let question = text_after(&page, "<label for=\"balasan-captcha\">");
    let mut again = hidden(&page);
    assert_ne!(
        field(&again, "captcha[token]"),
        field(&fields, "captcha[token]")
    );
    again.extend(
        [
            ("comment", "Saya menulis tanpa JavaScript."),
            ("author", "Sari"),
            ("email", "sari@contoh.id"),
            ("balasan-captcha", &solve(question).to_string()),
        ]
        .map(|(n, v)| (n.to_owned(), v.to_owned())),
    );
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let (status, page) = send_fields(&s, &again).await;
    assert_eq!(status, StatusCode::OK, "{question}: {page}");
    assert_eq!(s.stored().await, 1);
}

#[tokio::test]
async fn a_form_for_no_article_or_an_unknown_language_is_refused() {
    let s = server(shipped()).await;
    for path in [
        "/form",
        "/form?post=",
        "/form?post=42&lang=xx",
        "/form?post=42&theme=ungu",
    ] {
        let (status, _, body) = get(&s, path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
    }
}
