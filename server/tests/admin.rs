//! The moderation API's door: logins, sessions, the guard in front of `/admin/api/`, and
//! the attacks on each, through the real router on a real store (SQLite, or PostgreSQL
//! with `BALASAN_TEST_POSTGRES`). Two servers on one store stand for several instances.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::header::{CACHE_CONTROL, RETRY_AFTER, SET_COOKIE};
use axum::http::{Method, StatusCode};
use balasan_server::accounts;
use balasan_server::admin::session::{self, Lifetimes};
use balasan_server::proxy::TrustedProxies;
use balasan_server::settings::Settings;
use serde_json::json;
use support::app::comment;
use support::moderators::*;

#[tokio::test]
async fn a_login_opens_a_session_that_only_its_cookie_and_csrf_token_carry() {
    let s = with_moderators(Settings::default()).await;
    let a = login(&s.app, "Sari", SARI).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.json);
    assert_eq!(
        a.json["name"], "sari",
        "one account whatever the case typed"
    );
    let set = set_cookie(&a);
    let token = set
        .strip_prefix("balasan_session=")
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("{set}"));
    assert_eq!(
        set,
        format!("balasan_session={token}; Max-Age=604800; Path=/; HttpOnly; SameSite=Strict")
    );
    assert_eq!(a.headers[CACHE_CONTROL], "no-store");
    // The store keeps the token's hash, never the token.
    assert!(s.state.db.session(token).await.unwrap().is_none());
    let kept = s.state.db.session(&session::hash(token)).await.unwrap();
    assert_eq!(kept.map(|k| k.name).as_deref(), Some("sari"));

    let me = logged_in(&s.app, "sari", SARI).await;
    let asked = Ask::new(Method::GET, "/admin/api/session")
        .session(&me)
        .to(&s.app)
        .await;
    assert_eq!(asked.status, StatusCode::OK);
    assert_eq!(asked.json, json!({ "name": "sari", "csrf": me.csrf }));

    // Logging out needs the CSRF token, then ends the session and clears the cookie.
    let out = Ask::new(Method::POST, "/admin/api/logout")
        .session(&me)
        .csrf(None)
        .to(&s.app)
        .await;
    assert_eq!(out.status, StatusCode::FORBIDDEN);
    assert_eq!(whoami(&s.app, &me).await, StatusCode::OK);
    let out = Ask::new(Method::POST, "/admin/api/logout")
        .session(&me)
        .to(&s.app)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(set_cookie(&out).starts_with("balasan_session=; Max-Age=0;"));
    let after = Ask::new(Method::GET, "/admin/api/session")
        .session(&me)
        .to(&s.app)
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert!(set_cookie(&after).starts_with("balasan_session=; Max-Age=0;"));
    // A new login ends the session the browser still held.
    let again = logged_in(&s.app, "sari", SARI).await;
    let third = Ask::new(Method::POST, "/admin/api/login")
        .cookie(again.cookie.clone())
        .json(json!({ "name": "sari", "password": SARI }))
        .to(&s.app)
        .await;
    assert_eq!(third.status, StatusCode::OK);
    assert_eq!(whoami(&s.app, &again).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_path_under_admin_api_without_a_live_session_is_401_and_changes_nothing() {
    let s = with_moderators(Settings::default()).await;
    let me = logged_in(&s.app, "sari", SARI).await;
    let forged = format!("balasan_session={}", session::new_token());
    // Another moderator's CSRF token with a forged cookie, the session's hash as a token,
    // the token under another name, an injection: none is a session.
    let cookies = [
        None,
        Some(forged),
        Some(format!("balasan_session={}", session::hash(&me.token))),
        Some(format!("__Host-balasan={}", me.token)),
        Some("balasan_session=' OR '1'='1".to_owned()),
    ];
    let paths = [
        "/admin/api",
        "/admin/api/",
        "/admin/api/session",
        "/admin/api/logout",
        "/admin/api/comments",
        "/admin/api/comments/1/approve",
        "/admin/api/unknown/../session",
    ];
    for path in paths {
        for method in [Method::GET, Method::POST, Method::PUT, Method::DELETE] {
            for cookie in &cookies {
                let mut ask = Ask::new(method.clone(), path).csrf(Some(&me.csrf));
                if let Some(c) = cookie {
                    ask = ask.cookie(c.clone());
                }
                let a = ask.to(&s.app).await;
                assert_eq!(
                    a.status,
                    StatusCode::UNAUTHORIZED,
                    "{method} {path} {cookie:?}"
                );
                assert_eq!(a.json["error"]["code"], "unauthorized");
                assert_eq!(a.headers[CACHE_CONTROL], "no-store");
            }
        }
    }
    // Logging in by GET is not a thing, without a session either.
    let get_login = Ask::new(Method::GET, "/admin/api/login").to(&s.app).await;
    assert_eq!(get_login.status, StatusCode::UNAUTHORIZED);
    // The session is untouched by all that; with it, an unknown path is simply not there.
    assert_eq!(whoami(&s.app, &me).await, StatusCode::OK);
    let unknown = Ask::new(Method::GET, "/admin/api/unknown")
        .session(&me)
        .to(&s.app)
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json["error"]["code"], "not_found");
}

#[tokio::test]
async fn a_request_from_another_origin_is_403_whatever_it_carries() {
    let s = with_moderators(Settings::default()).await;
    let me = logged_in(&s.app, "sari", SARI).await;
    for origin in [
        Some("https://jahat.example"),
        Some("http://127.0.0.1:8081"),
        Some("https://127.0.0.1:8080"),
        Some("null"),
        None,
    ] {
        for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
            let a = Ask::new(method.clone(), "/admin/api/logout")
                .session(&me)
                .origin(origin)
                .to(&s.app)
                .await;
            assert_eq!(a.status, StatusCode::FORBIDDEN, "{method} from {origin:?}");
            assert_eq!(a.json["error"]["code"], "forbidden_origin");
        }
        // Nor may a page elsewhere log a moderator in (as anyone).
        let a = Ask::new(Method::POST, "/admin/api/login")
            .origin(origin)
            .json(json!({ "name": "sari", "password": SARI }))
            .to(&s.app)
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "login from {origin:?}");
        assert!(set_cookie(&a).is_empty());
    }
    // The own origin with a wrong CSRF token, or another session's.
    let budi = logged_in(&s.app, "budi", "teh-manis-sore").await;
    for csrf in [
        Some("0".repeat(64)),
        Some(budi.csrf.clone()),
        Some(String::new()),
    ] {
        let a = Ask::new(Method::POST, "/admin/api/logout")
            .session(&me)
            .csrf(csrf.as_deref())
            .to(&s.app)
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{csrf:?}");
        assert_eq!(a.json["error"]["code"], "csrf");
    }
    assert_eq!(whoami(&s.app, &me).await, StatusCode::OK, "nothing changed");
    assert_eq!(whoami(&s.app, &budi).await, StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_name_and_a_wrong_password_answer_alike_in_like_time() {
    let s = with_moderators(Settings::default()).await;
    let mut unknown = Vec::new();
    let mut wrong = Vec::new();
    for round in 0..3 {
        // Names no one has: one that could exist, one that could not.
        let name = if round == 0 {
            "tidak.ada"
        } else {
            "tidak ada!"
        };
        let t = Instant::now();
        let a = login(&s.app, name, SARI).await;
        unknown.push(t.elapsed());
        let t = Instant::now();
        let b = login(&s.app, "sari", "kopi-tubruk-sore").await;
        wrong.push(t.elapsed());
        assert_eq!((a.status, &a.json), (b.status, &b.json));
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        assert_eq!(a.json["error"]["code"], "login_failed");
        assert!(set_cookie(&a).is_empty() && set_cookie(&b).is_empty());
    }
    // A name with no hash is checked against a stand-in hash as slow as a real one: the
    // answer's time does not say whether the name exists (a shortcut would answer in
    // microseconds, an Argon2id check takes tens of milliseconds).
    unknown.sort();
    wrong.sort();
    assert!(
        unknown[1] * 3 > wrong[1],
        "unknown names {unknown:?}, wrong passwords {wrong:?}"
    );
}

/// Log lines written while `work` runs on this thread.
fn logged() -> (Arc<Mutex<Vec<u8>>>, tracing::subscriber::DefaultGuard) {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || Writer(sink.clone()))
        .with_max_level(tracing::Level::WARN)
        .with_ansi(false)
        .finish();
    (lines, tracing::subscriber::set_default(subscriber))
}

struct Writer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_thousand_wrong_passwords_lock_the_name_on_every_instance_and_the_log_says_so() {
    let s = with_moderators(Settings::default()).await;
    let other = another_instance(&s, Settings::default()).await;
    let (lines, _guard) = logged();
    let started = Instant::now();
    let mut refused = 0;
    for i in 0..1000 {
        let a = login(&s.app, "sari", &format!("tebakan-ke-{i}")).await;
        assert!(set_cookie(&a).is_empty());
        match a.status {
            StatusCode::UNAUTHORIZED => assert!(i < 5, "verified after the lock: {i}"),
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(i >= 5);
                assert_eq!(a.json["error"]["code"], "login_locked");
                refused += 1;
            }
            other => panic!("{other} at {i}"),
        }
    }
    assert_eq!(refused, 995);
    // While locked no password is checked: the thousand cost about five checks' time.
    assert!(started.elapsed() < Duration::from_secs(60));
    // The right password is refused too, here and on the other instance, with the wait.
    for app in [&s.app, &other] {
        let a = login(app, "sari", SARI).await;
        assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = a.headers[RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((1..=30).contains(&wait), "{wait}");
        assert!(set_cookie(&a).is_empty());
    }
    let log = String::from_utf8(lines.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("failed logins: 5 in a row for moderator sari"),
        "{log}"
    );
    assert!(!log.contains("tebakan"), "no password in the log: {log}");
    // The lock is the name's: another moderator at the same address logs in.
    logged_in(&s.app, "budi", "teh-manis-sore").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn guesses_sent_at_once_to_two_instances_get_five_checks_in_all() {
    let s = with_moderators(Settings::default()).await;
    let other = another_instance(&s, Settings::default()).await;
    let guesses = (0..40).map(|i| {
        let app = if i % 2 == 0 {
            s.app.clone()
        } else {
            other.clone()
        };
        tokio::spawn(async move { login(&app, "sari", &format!("tebakan-ke-{i}")).await.status })
    });
    let mut checked = 0;
    for guess in guesses.collect::<Vec<_>>() {
        match guess.await.unwrap() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("{other}"),
        }
    }
    assert_eq!(
        checked, 5,
        "each guess counted before its check, the fifth locks the rest out"
    );
    assert_eq!(
        login(&other, "sari", SARI).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn a_success_is_no_failure_of_its_address() {
    let s = with_moderators(Settings::default()).await;
    // A newsroom behind one address logs in all day.
    for _ in 0..25 {
        logged_in(&s.app, "budi", "teh-manis-sore").await;
    }
    for i in 0..19 {
        let a = login(&s.app, &format!("tamu{i}"), SARI).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{i}");
    }
    logged_in(&s.app, "sari", SARI).await;
}

#[tokio::test]
async fn an_address_is_locked_after_twenty_failures_whatever_the_names() {
    let s = with_moderators(Settings::default()).await;
    for i in 0..20 {
        let a = login(&s.app, &format!("tamu{i}"), SARI).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{i}");
    }
    let a = login(&s.app, "sari", SARI).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    // Another address (through a trusted proxy) is not locked.
    let settings = Settings {
        trusted_proxies: TrustedProxies::parse(["127.0.0.1"]).unwrap(),
        ..Settings::default()
    };
    let behind = another_instance(&s, settings).await;
    let a = Ask::new(Method::POST, "/admin/api/login")
        .header("X-Forwarded-For", "203.0.113.9")
        .json(json!({ "name": "sari", "password": SARI }))
        .to(&behind)
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.json);
}

#[tokio::test]
async fn a_session_ends_unused_for_too_long_and_too_old_however_busy() {
    for (idle, most) in [(1, 3600), (3600, 1)] {
        let settings = Settings {
            sessions: Lifetimes {
                idle: Duration::from_secs(idle),
                most: Duration::from_secs(most),
            },
            ..Settings::default()
        };
        let s = with_moderators(settings).await;
        let me = logged_in(&s.app, "sari", SARI).await;
        assert_eq!(whoami(&s.app, &me).await, StatusCode::OK);
        tokio::time::sleep(Duration::from_millis(2100)).await;
        assert_eq!(
            whoami(&s.app, &me).await,
            StatusCode::UNAUTHORIZED,
            "{idle} {most}"
        );
        // Ended in the store, not only refused.
        let kept = s.state.db.session(&session::hash(&me.token)).await.unwrap();
        assert!(kept.is_none());
    }
}

#[tokio::test]
async fn a_new_password_or_a_removed_moderator_ends_their_sessions_on_every_instance() {
    let s = with_moderators(Settings::default()).await;
    let other = another_instance(&s, Settings::default()).await;
    let me = logged_in(&s.app, "sari", SARI).await;
    let budi = logged_in(&other, "budi", "teh-manis-sore").await;
    assert_eq!(
        whoami(&other, &me).await,
        StatusCode::OK,
        "one session, any instance"
    );
    let db = &s.state.db;
    assert!(db
        .set_password("sari", &accounts::hash("kopi-susu-baru"))
        .await
        .unwrap());
    assert_eq!(whoami(&s.app, &me).await, StatusCode::UNAUTHORIZED);
    assert_eq!(whoami(&other, &me).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        login(&s.app, "sari", SARI).await.status,
        StatusCode::UNAUTHORIZED
    );
    let me = logged_in(&other, "sari", "kopi-susu-baru").await;
    assert!(db.remove_moderator("sari").await.unwrap());
    assert_eq!(whoami(&s.app, &me).await, StatusCode::UNAUTHORIZED);
    assert_eq!(whoami(&other, &me).await, StatusCode::UNAUTHORIZED);
    // Nobody else's.
    assert_eq!(whoami(&s.app, &budi).await, StatusCode::OK);
}

#[tokio::test]
async fn over_https_the_cookie_is_host_prefixed_and_secure() {
    // A public URL that is https://, or a trusted proxy that says the reader came so.
    let public = Settings {
        own_origins: vec!["https://komentar.contoh.id".into()],
        ..Settings::default()
    };
    let s = with_moderators(public).await;
    let a = Ask::new(Method::POST, "/admin/api/login")
        .origin(Some("https://komentar.contoh.id"))
        .json(json!({ "name": "sari", "password": SARI }))
        .to(&s.app)
        .await;
    let set = set_cookie(&a);
    assert!(
        set.starts_with("__Host-balasan=") && set.ends_with("; Secure"),
        "{set}"
    );
    let token = set.split(';').next().unwrap().split_once('=').unwrap().1;
    let read = |cookie: String| {
        Ask::new(Method::GET, "/admin/api/session")
            .cookie(cookie)
            .to(&s.app)
    };
    assert_eq!(
        read(format!("__Host-balasan={token}")).await.status,
        StatusCode::OK
    );
    // The plain name is never read over HTTPS (any page on the domain could set it).
    assert_eq!(
        read(format!("balasan_session={token}")).await.status,
        StatusCode::UNAUTHORIZED
    );

    let proxied = Settings {
        trusted_proxies: TrustedProxies::parse(["127.0.0.1"]).unwrap(),
        ..Settings::default()
    };
    let s = with_moderators(proxied).await;
    for (proto, secure) in [("https", true), ("http", false)] {
        let a = Ask::new(Method::POST, "/admin/api/login")
            .header("X-Forwarded-Proto", proto)
            .json(json!({ "name": "sari", "password": SARI }))
            .to(&s.app)
            .await;
        let set = set_cookie(&a);
        assert_eq!(set.starts_with("__Host-balasan="), secure, "{set}");
        assert_eq!(set.ends_with("; Secure"), secure, "{set}");
    }
}

#[tokio::test]
async fn the_public_api_hands_out_no_session() {
    let s = with_moderators(support::app::approved()).await;
    let me = logged_in(&s.app, "sari", SARI).await;
    let posted = s.post(&comment("Sesi tidak bocor."), None, Some(OWN)).await;
    let listed = Ask::new(Method::GET, "/api/comments?post=42")
        .session(&me)
        .to(&s.app)
        .await;
    for a in [&posted, &listed] {
        assert!(a.status.is_success());
        assert!(a.headers.get(SET_COOKIE).is_none());
        let text = a.json.to_string();
        assert!(!text.contains(&me.token) && !text.contains(&me.csrf));
        assert!(!text.contains(&session::hash(&me.token)));
    }
}
