//! Property tests of the request path, in process against a real store (SQLite, or
//! PostgreSQL with `BALASAN_TEST_POSTGRES`: see `support`): whatever
//! bytes, headers and JSON arrive, the server answers with a 2xx or a 4xx, never a 5xx or a
//! panic; a 2xx stores exactly one comment (none when it replays an idempotency key already
//! answered), anything else stores nothing, and what is stored is within the limits.
//! Bounded by `PROPTEST_CASES` (default 256, never fewer than the floor in
//! `core/tests/support/cases.rs`).

#[path = "../../core/tests/support/cases.rs"]
mod cases;
mod support;

use axum::body::Body;
use axum::http::Request;
use balasan_core::controls::{has_forbidden, without_forbidden};
use balasan_core::Field;
use balasan_server::db::Db;
use balasan_server::settings::{Moderation, Settings};
use balasan_server::{router, AppState};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use tower::ServiceExt;

fn cases() -> ProptestConfig {
    cases::config(256)
}

struct Fixture {
    rt: tokio::runtime::Runtime,
    app: axum::Router,
    state: AppState,
    _store: support::TestStore,
}

fn fixture() -> Fixture {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let settings = Settings {
        moderation: Moderation::Approved,
        rate_burst: u32::MAX,
        body_limit: 64 * 1024,
        ..Settings::default()
    };
    let (store, state) = rt.block_on(async {
        let store = support::fresh_store().await;
        let db = Db::open(&store.store).await.unwrap();
        (store, AppState::new(db, settings).await.unwrap())
    });
    Fixture {
        rt,
        app: router(state.clone(), None),
        state,
        _store: store,
    }
}

impl Fixture {
    /// Sends one request; checks the status class and what was stored. Returns whether the
    /// request carried an idempotency key and was answered 2xx (so the key is now taken).
    fn check(
        &self,
        content_type: &str,
        key: Option<&[u8]>,
        key_taken: bool,
        body: Vec<u8>,
    ) -> Result<bool, TestCaseError> {
        let before = self.rt.block_on(self.state.db.list(None)).unwrap().len();
        let mut req = Request::post("/api/comments").header("Content-Type", content_type);
        let mut keyed = false;
        if let Some(k) = key {
            if let Ok(v) = axum::http::HeaderValue::from_bytes(k) {
                req = req.header("Idempotency-Key", v);
                keyed = true;
            }
        }
        let res = self
            .rt
            .block_on(
                self.app
                    .clone()
                    .oneshot(req.body(Body::from(body)).unwrap()),
            )
            .unwrap();
        let status = res.status().as_u16();
        let rows = self.rt.block_on(self.state.db.list(None)).unwrap();
        prop_assert!(
            [201, 202, 400, 409, 413, 415, 422].contains(&status),
            "unexpected status {status}"
        );
        let stored = status == 201 || status == 202;
        if stored && keyed && key_taken {
            prop_assert_eq!(rows.len(), before, "a replayed key stored a second comment");
        } else if stored {
            prop_assert_eq!(
                rows.len(),
                before + 1,
                "a 2xx without a replay stored nothing"
            );
        } else {
            prop_assert_eq!(rows.len(), before, "a refused request stored something");
        }
        for r in &rows {
            prop_assert!(!r.content.is_empty() && r.content.len() <= Field::Comment.max_bytes());
            prop_assert!(r.author.len() <= Field::Author.max_bytes());
            prop_assert!(r.email.len() <= Field::Email.max_bytes());
            prop_assert!(r.url.len() <= Field::Url.max_bytes());
        }
        Ok(stored && keyed)
    }
}

fn text() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<String>().prop_map(Value::from),
        "[ a-z@.:/<>\"ꦱ]{0,40}".prop_map(Value::from),
        (0usize..300).prop_map(|n| Value::from("x".repeat(n))),
        any::<i64>().prop_map(Value::from),
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        Just(json!({"nested": [1, 2]})),
    ]
}

fn comment_json() -> impl Strategy<Value = Value> {
    let names = prop::sample::select(vec![
        "post",
        "page_url",
        "page_title",
        "parent",
        "author",
        "email",
        "url",
        "content",
        "captcha",
        "hp",
        "elapsed_ms",
        "extra",
    ]);
    prop::collection::vec((names, text()), 0..12).prop_map(|pairs| {
        let mut m = Map::new();
        m.insert("post".into(), json!("uji"));
        m.insert("author".into(), json!("Sari"));
        m.insert("email".into(), json!("sari@contoh.id"));
        m.insert("content".into(), json!("Halo"));
        for (k, v) in pairs {
            m.insert(k.to_owned(), v);
        }
        Value::Object(m)
    })
}

/// Text with the characters no field may carry (controls, NUL, bidi overrides) among
/// letters and spaces.
fn with_invisibles() -> impl Strategy<Value = String> {
    "[a-z \\x00-\\x1F\\x7F\\u{85}\\u{202A}-\\u{202E}\\u{2066}-\\u{2069}]{0,24}"
}

impl Fixture {
    /// Posts `body` as JSON: the status, the reply, and the rows stored now.
    fn post(&self, body: &Value) -> (u16, Value, Vec<balasan_server::db::Row>) {
        let req = Request::post("/api/comments")
            .header("Content-Type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let res = self.rt.block_on(self.app.clone().oneshot(req)).unwrap();
        let status = res.status().as_u16();
        let bytes = self
            .rt
            .block_on(http_body_util::BodyExt::collect(res.into_body()))
            .unwrap()
            .to_bytes();
        let reply = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        let rows = self.rt.block_on(self.state.db.list(None)).unwrap();
        (status, reply, rows)
    }
}

proptest! {
    #![proptest_config(cases())]

    /// The same answer on both stores (PostgreSQL refuses NUL in text: before, the same
    /// comment was stored on SQLite and a 500 there): a name or article id with an
    /// invisible character is refused by name, a comment's text loses them, and no stored
    /// field holds one.
    #[test]
    fn invisible_characters_are_refused_or_left_out_on_every_store(
        post in with_invisibles(),
        author in with_invisibles(),
        content in with_invisibles(),
        title in with_invisibles(),
    ) {
        let f = fixture();
        let body = json!({
            "post": format!("uji{post}"),
            "author": format!("Sari{author}"),
            "email": "sari@contoh.id",
            "content": format!("Halo {content}"),
            "page_title": title,
            "page_url": format!("https://kabar.contoh.id/{title}"),
            "hp": "",
            "elapsed_ms": 9000,
        });
        let (status, reply, rows) = f.post(&body);
        prop_assert!([201, 400, 422].contains(&status), "status {status}: {reply}");
        if has_forbidden(author.trim_end()) {
            prop_assert_eq!(status, 422);
            prop_assert_eq!(&reply["error"]["fields"]["author"], "invalid");
        } else if has_forbidden(post.trim_end()) {
            prop_assert_eq!(status, 400, "{}", reply);
        } else {
            prop_assert_eq!(status, 201, "{}", reply);
            let row = &rows[0];
            let expected = without_forbidden(&format!("Halo {content}")).trim().to_owned();
            prop_assert_eq!(&row.content, &expected);
        }
        for r in &rows {
            for field in [&r.post, &r.author, &r.content, &r.page_title, &r.page_url, &r.url, &r.email] {
                prop_assert!(!has_forbidden(field), "stored: {:?}", field);
            }
        }
        prop_assert_eq!(rows.len(), usize::from(status == 201));
    }

    #[test]
    fn arbitrary_bytes_are_refused_cleanly(body in prop::collection::vec(any::<u8>(), 0..2048)) {
        let f = fixture();
        f.check("application/json", None, false, body)?;
    }

    #[test]
    fn arbitrary_comment_objects_are_answered_cleanly(
        bodies in prop::collection::vec(comment_json(), 1..6),
        key in prop::option::of(prop::collection::vec(any::<u8>(), 0..200)),
    ) {
        let f = fixture();
        let mut key_taken = false;
        for b in bodies {
            key_taken |= f.check("application/json", key.as_deref(), key_taken, b.to_string().into_bytes())?;
        }
    }

    #[test]
    fn other_content_types_are_refused(ct in "[a-z/+;= -]{0,40}", body in any::<String>()) {
        prop_assume!(!ct.trim().starts_with("application/json"));
        // Form posts are answered with pages (see form.rs and api.rs).
        prop_assume!(!ct.contains("x-www-form-urlencoded"));
        let f = fixture();
        f.check(&ct, None, false, body.into_bytes())?;
    }
}
