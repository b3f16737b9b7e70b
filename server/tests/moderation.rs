//! The moderation API behind the door: the queue, every action alone and in bulk, edits,
//! the audit trail, the trash emptied, and what the public list shows after each; through
//! the real router on a real store (SQLite, or PostgreSQL with `BALASAN_TEST_POSTGRES`).

mod support;

use axum::http::{Method, StatusCode};
use balasan_core::moderation::Action;
use balasan_server::clock::unix_now;
use balasan_server::db::Who;
use balasan_server::settings::Settings;
use serde_json::{json, Value};
use support::app::{comment, Server};
use support::moderators::*;

/// Settings where one address may send as many comments as a test needs.
fn roomy() -> Settings {
    Settings {
        rate_burst: 100_000,
        ..Settings::default()
    }
}

/// A comment sent by a reader (pending, as the server holds them by default): its id.
async fn sent(s: &Server, body: Value) -> i64 {
    let a = s.post(&body, None, Some(OWN)).await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.json);
    a.json["id"].as_i64().unwrap()
}

fn on(post: &str, content: &str, author: &str) -> Value {
    let mut c = comment(content);
    c["post"] = post.into();
    c["author"] = author.into();
    c["email"] = format!("{}@contoh.id", author.to_lowercase()).into();
    c
}

/// The public list of article `post`: the texts readers see.
async fn public(s: &Server, post: &str) -> Vec<String> {
    let a = s
        .send(
            axum::http::Request::get(format!("/api/comments?post={post}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
    a.json["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["content"].as_str().unwrap().to_owned())
        .collect()
}

async fn queue(s: &Server, me: &Session, query: &str) -> Value {
    let path = format!("/admin/api/comments{query}");
    let a = Ask::new(Method::GET, &path).session(me).to(&s.app).await;
    assert_eq!(a.status, StatusCode::OK, "{query}: {}", a.json);
    a.json
}

fn ids(list: &Value) -> Vec<i64> {
    list["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

async fn act(s: &Server, me: &Session, action: &str, ids: &[i64]) -> Value {
    let a = Ask::new(Method::POST, "/admin/api/comments/moderate")
        .session(me)
        .json(json!({ "action": action, "ids": ids }))
        .to(&s.app)
        .await;
    assert_eq!(a.status, StatusCode::OK, "{action}: {}", a.json);
    a.json
}

async fn trail(s: &Server, me: &Session, id: i64) -> Vec<Value> {
    let path = format!("/admin/api/comments/{id}/audit");
    let a = Ask::new(Method::GET, &path).session(me).to(&s.app).await;
    assert_eq!(a.status, StatusCode::OK);
    a.json["entries"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_queue_shows_what_a_moderator_needs_newest_first_with_counts_search_and_pages() {
    let s = with_moderators(roomy()).await;
    let me = logged_in(&s.app, "sari", SARI).await;
    let first = sent(&s, on("42", "Banjir lagi di Kampung Melayu.", "Dewi")).await;
    act(&s, &me, "approve", &[first]).await;
    let mut reply = on("42", "Air sudah surut pagi ini, 100%_aman.", "Rudi");
    reply["parent"] = first.into();
    let second = sent(&s, reply).await;
    let third = sent(&s, on("7", "Jalan tol macet total.", "Ani")).await;

    let pending = queue(&s, &me, "").await;
    assert_eq!(
        ids(&pending),
        [third, second],
        "pending by default, newest first"
    );
    assert_eq!(
        pending["counts"],
        json!({ "pending": 2, "approved": 1, "spam": 0, "trash": 0 })
    );
    let c = &pending["comments"][1];
    assert_eq!(c["email"], "rudi@contoh.id");
    assert_eq!(c["ip"], "127.0.0.1");
    assert_eq!(c["page_url"], "https://kabar.contoh.id/sungai");
    assert_eq!(c["page_title"], "Sungai Bersih");
    assert_eq!(c["parent"], first);
    assert_eq!(c["parent_author"], "Dewi");
    assert_eq!(c["parent_quote"], "Banjir lagi di Kampung Melayu.");
    assert!(c["created_at"].as_i64().unwrap() > 0);

    // One article; a status; a search in the name, the email or the text, case aside, with
    // % and _ meaning themselves.
    assert_eq!(ids(&queue(&s, &me, "?post=7").await), [third]);
    assert_eq!(
        queue(&s, &me, "?post=7").await["counts"],
        json!({ "pending": 1, "approved": 0, "spam": 0, "trash": 0 })
    );
    assert_eq!(ids(&queue(&s, &me, "?status=approved").await), [first]);
    assert_eq!(ids(&queue(&s, &me, "?q=MACET").await), [third]);
    assert_eq!(ids(&queue(&s, &me, "?q=rudi%40contoh").await), [second]);
    assert_eq!(ids(&queue(&s, &me, "?q=100%25_").await), [second]);
    assert!(ids(&queue(&s, &me, "?q=1%25%25").await).is_empty());
    assert!(
        ids(&queue(&s, &me, "?status=approved&q=b_njir").await).is_empty(),
        "_ is no wildcard"
    );
    assert_eq!(
        ids(&queue(&s, &me, "?status=approved&q=banjir").await),
        [first]
    );
    // What a search could smuggle into the statement finds nothing and breaks nothing.
    for q in [
        "%27%20OR%201%3D1%20--",
        "%22%3B%20DROP%20TABLE%20comments%3B%20--",
        "%5C",
    ] {
        assert!(
            ids(&queue(&s, &me, &format!("?q={q}")).await).is_empty(),
            "{q}"
        );
    }
    assert_eq!(ids(&queue(&s, &me, "").await).len(), 2);

    // Pages: one at a time, then the next from where it ended.
    let page = queue(&s, &me, "?limit=1").await;
    assert_eq!(ids(&page), [third]);
    let next = page["next"].as_i64().unwrap();
    let page = queue(&s, &me, &format!("?limit=1&before={next}")).await;
    assert_eq!(ids(&page), [second]);
    assert!(page["next"].is_null());

    let bad = Ask::new(Method::GET, "/admin/api/comments?status=deleted")
        .session(&me)
        .to(&s.app)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn approve_spam_trash_restore_each_reach_the_public_list_and_the_trail() {
    let s = with_moderators(roomy()).await;
    let me = logged_in(&s.app, "sari", SARI).await;
    let id = sent(&s, on("42", "Terima kasih atas liputannya.", "Dewi")).await;
    assert!(public(&s, "42").await.is_empty(), "pending: not public");

    let done = act(&s, &me, "approve", &[id]).await;
    assert_eq!(
        done["results"],
        json!([{ "id": id, "status": "approved", "changed": true }])
    );
    assert_eq!(public(&s, "42").await, ["Terima kasih atas liputannya."]);
    // Doing it again changes nothing, and is not in the trail twice.
    let again = act(&s, &me, "approve", &[id]).await;
    assert_eq!(again["results"][0]["changed"], false);

    act(&s, &me, "spam", &[id]).await;
    assert!(public(&s, "42").await.is_empty(), "spam leaves the list");
    act(&s, &me, "trash", &[id]).await;
    assert!(public(&s, "42").await.is_empty());
    let restored = act(&s, &me, "restore", &[id]).await;
    assert_eq!(
        restored["results"][0]["status"], "approved",
        "back where it was"
    );
    assert_eq!(public(&s, "42").await, ["Terima kasih atas liputannya."]);
    act(&s, &me, "unapprove", &[id]).await;
    assert!(public(&s, "42").await.is_empty());

    let lines = trail(&s, &me, id).await;
    let said: Vec<(String, Value)> = lines
        .iter()
        .map(|l| {
            (
                l["action"].as_str().unwrap().to_owned(),
                l["detail"].clone(),
            )
        })
        .collect();
    assert_eq!(
        said,
        [
            (
                "approve".into(),
                json!({ "from": "pending", "to": "approved" })
            ),
            ("spam".into(), json!({ "from": "approved", "to": "spam" })),
            ("trash".into(), json!({ "from": "spam", "to": "trash" })),
            (
                "restore".into(),
                json!({ "from": "trash", "to": "approved" })
            ),
            (
                "unapprove".into(),
                json!({ "from": "approved", "to": "pending" })
            ),
        ]
    );
    for l in &lines {
        assert_eq!(l["moderator"], "sari");
        assert_eq!(l["address"], "127.0.0.1");
        assert!((l["at"].as_i64().unwrap() - unix_now()).abs() < 60);
    }
}

#[tokio::test]
async fn fifty_approved_at_once_and_the_limits_of_a_bulk_action() {
    let s = with_moderators(roomy()).await;
    let me = logged_in(&s.app, "sari", SARI).await;
    let mut all = Vec::new();
    for i in 0..50 {
        all.push(sent(&s, on("42", &format!("Komentar nomor {i}."), "Dewi")).await);
    }
    // An id that is not there is left out; one named twice is done once.
    let mut named = all.clone();
    named.extend([all[0], 999_999]);
    let done = act(&s, &me, "approve", &named).await;
    let results = done["results"].as_array().unwrap();
    assert_eq!(results.len(), 50);
    assert!(results.iter().all(|r| r["changed"] == true));
    assert_eq!(public(&s, "42").await.len(), 50);
    assert_eq!(
        queue(&s, &me, "").await["counts"]["approved"],
        50,
        "none pending"
    );
    for ids in [vec![], (1..=501).collect::<Vec<i64>>()] {
        let a = Ask::new(Method::POST, "/admin/api/comments/moderate")
            .session(&me)
            .json(json!({ "action": "trash", "ids": ids }))
            .to(&s.app)
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
    }
    let a = Ask::new(Method::POST, "/admin/api/comments/moderate")
        .session(&me)
        .json(json!({ "action": "publish", "ids": [all[0]] }))
        .to(&s.app)
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "no such action");
    assert_eq!(public(&s, "42").await.len(), 50, "nothing changed");
}

#[tokio::test]
async fn deleted_forever_only_from_spam_or_trash_its_replies_move_up_and_its_trail_stays() {
    let s = with_moderators(roomy()).await;
    let me = logged_in(&s.app, "sari", SARI).await;
    let top = sent(&s, on("42", "Pertanyaan pertama.", "Dewi")).await;
    act(&s, &me, "approve", &[top]).await;
    let mut middle = on("42", "Jawaban yang melenceng.", "Rudi");
    middle["parent"] = top.into();
    let middle = sent(&s, middle).await;
    act(&s, &me, "approve", &[middle]).await;
    let mut reply = on("42", "Balasan untuk Rudi.", "Ani");
    reply["parent"] = middle.into();
    let reply = sent(&s, reply).await;
    act(&s, &me, "approve", &[reply]).await;

    let refused = act(&s, &me, "delete", &[middle]).await;
    assert_eq!(
        refused["results"][0],
        json!({ "id": middle, "status": "approved", "changed": false }),
        "a published comment goes to the trash first"
    );
    act(&s, &me, "trash", &[middle]).await;
    let deleted = act(&s, &me, "delete", &[middle]).await;
    assert_eq!(
        deleted["results"][0],
        json!({ "id": middle, "status": null, "changed": true })
    );
    // The reply now answers the comment above, and readers still see it.
    let row = s.state.db.comment(reply).await.unwrap().unwrap().row;
    assert_eq!(row.parent, Some(top));
    assert_eq!(
        public(&s, "42").await,
        ["Pertanyaan pertama.", "Balasan untuk Rudi."]
    );
    assert!(s.state.db.comment(middle).await.unwrap().is_none());
    let actions: Vec<Value> = trail(&s, &me, middle)
        .await
        .iter()
        .map(|l| l["action"].clone())
        .collect();
    assert_eq!(actions, ["approve", "trash", "delete"]);
}

#[tokio::test]
async fn the_trash_is_emptied_after_its_days_by_the_server_itself() {
    let s = with_moderators(roomy()).await;
    let me = logged_in(&s.app, "sari", SARI).await;
    let old = sent(&s, on("42", "Lama di tempat sampah.", "Dewi")).await;
    let new = sent(&s, on("42", "Baru dibuang.", "Rudi")).await;
    let now = unix_now();
    let who = Who {
        moderator: "sari".into(),
        address: "127.0.0.1".into(),
    };
    let db = &s.state.db;
    db.moderate(vec![old], Action::Trash, who.clone(), now - 31 * 86_400)
        .await
        .unwrap();
    db.moderate(vec![new], Action::Trash, who, now)
        .await
        .unwrap();
    assert_eq!(db.empty_trash(now - 30 * 86_400, now).await.unwrap(), 1);
    assert!(db.comment(old).await.unwrap().is_none());
    assert!(db.comment(new).await.unwrap().is_some());
    let last = trail(&s, &me, old).await.pop().unwrap();
    assert_eq!(last["action"], "delete");
    assert_eq!(last["moderator"], "(server)", "the server's own doing");
}

#[tokio::test]
async fn an_edit_shows_in_the_public_list_and_the_original_stays_in_the_trail() {
    let s = with_moderators(roomy()).await;
    let me = logged_in(&s.app, "sari", SARI).await;
    let id = sent(
        &s,
        on(
            "42",
            "Pemerintah harus bertindak, hubungi 0812-xxxx.",
            "Dewi",
        ),
    )
    .await;
    act(&s, &me, "approve", &[id]).await;
    let path = format!("/admin/api/comments/{id}");
    let edit = |body: Value| {
        Ask::new(Method::PATCH, &path)
            .session(&me)
            .json(body)
            .to(&s.app)
    };
    let a =
        edit(json!({ "content": "Pemerintah harus bertindak.", "url": "dewi.contoh.id" })).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.json);
    assert_eq!(a.json["content"], "Pemerintah harus bertindak.");
    assert_eq!(a.json["url"], "http://dewi.contoh.id", "as a new one's");
    assert_eq!(a.json["author"], "Dewi", "untouched");
    assert!(a.json["edited_at"].as_i64().is_some(), "{}", a.json);
    // The answer is a moderator's view of the comment, as the app reads it.
    let read: balasan_core::moderation::wire::Comment =
        serde_json::from_value(a.json.clone()).expect("the app's type");
    assert_eq!(read.status, balasan_core::moderation::Status::Approved);
    assert_eq!(public(&s, "42").await, ["Pemerintah harus bertindak."]);

    // The rules of a new comment: no empty text, no bad website, no name left out.
    for (body, field) in [
        (json!({ "content": "   " }), "content"),
        (json!({ "url": "javascript:alert(1)" }), "url"),
        (json!({ "author": "" }), "author"),
        (json!({ "author": "Dewi\u{202e}" }), "author"),
    ] {
        let a = edit(body.clone()).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            a.json["error"]["fields"][field].is_string(),
            "{body}: {}",
            a.json
        );
    }
    // Markup and statements are text like any other.
    let hostile = "<img src=x onerror=alert(1)>'); DROP TABLE comments; --";
    let a = edit(json!({ "content": hostile })).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(public(&s, "42").await, [hostile]);
    // The same again is no edit.
    assert_eq!(
        edit(json!({ "content": hostile })).await.status,
        StatusCode::OK
    );

    let lines = trail(&s, &me, id).await;
    let edits: Vec<&Value> = lines.iter().filter(|l| l["action"] == "edit").collect();
    assert_eq!(edits.len(), 2);
    assert_eq!(
        edits[0]["detail"],
        json!({ "content": "Pemerintah harus bertindak, hubungi 0812-xxxx.", "url": "http://contoh.id" })
    );
    assert_eq!(
        edits[1]["detail"],
        json!({ "content": "Pemerintah harus bertindak." })
    );
    for missing in ["/admin/api/comments/999999", "/admin/api/comments/satu"] {
        let a = Ask::new(Method::PATCH, missing)
            .session(&me)
            .json(json!({ "content": "x" }))
            .to(&s.app)
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{missing}");
    }
}

#[tokio::test]
async fn every_moderation_request_needs_the_session_and_from_elsewhere_changes_nothing() {
    let s = with_moderators(roomy()).await;
    let me = logged_in(&s.app, "sari", SARI).await;
    let id = sent(&s, on("42", "Tunggu moderasi.", "Dewi")).await;
    let edit_path = format!("/admin/api/comments/{id}");
    let moderate = json!({ "action": "approve", "ids": [id] });
    let attempts = [
        Ask::new(Method::GET, "/admin/api/comments"),
        Ask::new(Method::POST, "/admin/api/comments/moderate").json(moderate.clone()),
        Ask::new(Method::PATCH, &edit_path).json(json!({ "content": "diubah" })),
    ];
    for ask in attempts {
        assert_eq!(ask.to(&s.app).await.status, StatusCode::UNAUTHORIZED);
    }
    let forged = [
        Ask::new(Method::POST, "/admin/api/comments/moderate")
            .session(&me)
            .origin(Some("https://jahat.example"))
            .json(moderate.clone()),
        Ask::new(Method::POST, "/admin/api/comments/moderate")
            .session(&me)
            .csrf(None)
            .json(moderate.clone()),
        Ask::new(Method::PATCH, &edit_path)
            .session(&me)
            .origin(None)
            .json(json!({ "content": "diubah" })),
    ];
    for ask in forged {
        assert_eq!(ask.to(&s.app).await.status, StatusCode::FORBIDDEN);
    }
    let row = s.state.db.comment(id).await.unwrap().unwrap().row;
    assert_eq!(
        (row.status.as_str(), row.content.as_str()),
        ("pending", "Tunggu moderasi.")
    );
    assert!(trail(&s, &me, id).await.is_empty());
}

/// A SQLite file made by a server of schema version 5 (comments that could only be pending
/// or approved) keeps its comments when this one adds spam and trash.
#[tokio::test]
async fn a_database_of_the_previous_schema_keeps_its_comments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lama.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in [
            include_str!("../migrations/sqlite/0001_comments.sql"),
            include_str!("../migrations/sqlite/0002_shared_limits.sql"),
            include_str!("../migrations/sqlite/0003_bound_keys.sql"),
            include_str!("../migrations/sqlite/0004_moderators.sql"),
            include_str!("../migrations/sqlite/0005_sessions.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute(
            "INSERT INTO comments (post, parent, author, email, url, content, page_url, \
             page_title, status, ip, created_at) VALUES ('42', NULL, 'Dewi', 'dewi@contoh.id', \
             '', 'Dari versi lama.', '', '', 'approved', '10.0.0.1', 1700000000)",
            [],
        )
        .unwrap();
    }
    let db = balasan_server::db::Db::open(&balasan_server::db::Store::Sqlite(path))
        .await
        .unwrap();
    let row = db.comment(1).await.unwrap().expect("kept").row;
    assert_eq!(
        (row.content.as_str(), row.ip.as_str()),
        ("Dari versi lama.", "10.0.0.1")
    );
    let who = Who {
        moderator: "sari".into(),
        address: "127.0.0.1".into(),
    };
    let done = db
        .moderate(vec![1], Action::Spam, who, unix_now())
        .await
        .unwrap();
    assert!(done[0].changed);
    let (rows, total, _) = db.page("42", false, 50, None).await.unwrap();
    assert_eq!((rows.len(), total), (0, 0), "spam is not public");
}

#[tokio::test]
async fn the_shells_approve_is_in_the_trail_too() {
    let s = with_moderators(roomy()).await;
    let me = logged_in(&s.app, "sari", SARI).await;
    let id = sent(&s, on("42", "Disetujui dari terminal.", "Dewi")).await;
    assert!(s.state.db.approve(id).await.unwrap());
    assert!(!s.state.db.approve(999_999).await.unwrap());
    assert_eq!(public(&s, "42").await, ["Disetujui dari terminal."]);
    let line = &trail(&s, &me, id).await[0];
    assert_eq!(
        (&line["moderator"], &line["action"]),
        (&json!("(shell)"), &json!("approve"))
    );
}
