//! The public list as browsers and CDNs cache it, in process against a real store (SQLite,
//! or PostgreSQL in the second pass): its `ETag` changes exactly when what the list shows
//! changes (each kind of change, through another instance on the same store too) and not
//! otherwise; a held tag is answered `304` without reading a comment; the list answers
//! every origin with `*` and no `Vary: Origin`.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use balasan_core::moderation::Action;
use balasan_server::db::{Edit, Store, Who};
use balasan_server::settings::{Moderation, Settings};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use support::app::{comment, server, Server};
use support::moderators::another_instance;

fn settings(moderation: Moderation) -> Settings {
    Settings {
        moderation,
        rate_burst: 1000,
        min_elapsed_ms: 0,
        ..Settings::default()
    }
}

/// The list of article 42 as `app` answers it: status, headers, body.
async fn list(app: &Router, held: Option<&str>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut r = Request::get("/api/comments?post=42");
    if let Some(tag) = held {
        r = r.header("If-None-Match", tag);
    }
    let res = app
        .clone()
        .oneshot(r.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    (
        status,
        headers,
        res.into_body().collect().await.unwrap().to_bytes().to_vec(),
    )
}

async fn tag(app: &Router) -> String {
    let (status, headers, _) = list(app, None).await;
    assert_eq!(status, StatusCode::OK);
    headers["etag"].to_str().unwrap().to_owned()
}

/// Sends a comment to article `post`; its id.
async fn sent(s: &Server, post: &str, text: &str) -> i64 {
    let mut c = comment(text);
    c["post"] = post.into();
    let a = s.post(&c, None, None).await;
    assert!(a.status.is_success(), "{}", a.json);
    a.json["id"].as_i64().unwrap()
}

async fn act(s: &Server, action: Action, id: i64) {
    let done = s
        .state
        .db
        .moderate(vec![id], action, Who::shell(), 1_800_000_000)
        .await
        .unwrap();
    assert!(done[0].changed, "{action:?} on {id}");
}

async fn edit(s: &Server, id: i64, content: &str) {
    let row = s.state.db.comment(id).await.unwrap().unwrap().row;
    let e = Edit {
        content: content.into(),
        author: row.author,
        url: row.url,
    };
    s.state
        .db
        .edit(id, e, Who::shell(), 1_800_000_000)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_tag_changes_exactly_when_the_list_does() {
    let s = server(settings(Moderation::Pending)).await;
    let other = another_instance(&s, settings(Moderation::Pending)).await;
    // A server on the same store that publishes at once.
    let open = another_instance(&s, settings(Moderation::Approved)).await;
    let publish = |post: &str, text: &str| {
        let mut c = comment(text);
        c["post"] = post.into();
        open.clone().oneshot(
            Request::post("/api/comments")
                .header("Content-Type", "application/json")
                .body(Body::from(c.to_string()))
                .unwrap(),
        )
    };
    let mut last = tag(&s.app).await;
    // Whether the tag changed since the last look (asked of either instance).
    let mut changed = async |app: &Router, what: &str, expected: bool| {
        let now = tag(app).await;
        assert_eq!(now != last, expected, "{what}: {last} → {now}");
        last = now;
    };

    let a = sent(&s, "42", "Pertama, menunggu.").await;
    changed(&s.app, "a pending comment", false).await;
    let elsewhere = publish("7", "Terbit di artikel lain.").await.unwrap();
    assert_eq!(elsewhere.status(), StatusCode::CREATED);
    changed(&s.app, "another article's comment published", false).await;
    act(&s, Action::Approve, a).await;
    changed(&other, "approved (seen through another instance)", true).await;
    let b = sent(&s, "42", "Kedua, menunggu.").await;
    act(&s, Action::Spam, b).await;
    changed(&s.app, "a pending comment marked as spam", false).await;
    edit(&s, b, "Kedua, disunting dalam spam.").await;
    changed(&s.app, "an edit of a hidden comment", false).await;
    edit(&s, a, "Pertama, disunting.").await;
    changed(&s.app, "an edit of a published comment", true).await;
    act(&s, Action::Unapprove, a).await;
    changed(&s.app, "unapproved", true).await;
    act(&s, Action::Approve, a).await;
    changed(&s.app, "approved again", true).await;
    act(&s, Action::Trash, a).await;
    changed(&other, "published comment trashed", true).await;
    act(&s, Action::Restore, a).await;
    changed(&s.app, "restored to published", true).await;
    act(&s, Action::Delete, b).await;
    changed(&s.app, "a spam comment deleted forever", false).await;

    // Deleting a set-aside comment whose published reply moves up changes the tree.
    let reply_to_a = {
        let mut c = comment("Balasan untuk pertama.");
        c["parent"] = a.into();
        let r = s.post(&c, None, None).await;
        r.json["id"].as_i64().unwrap()
    };
    act(&s, Action::Approve, reply_to_a).await;
    changed(&s.app, "a reply published", true).await;
    act(&s, Action::Trash, a).await;
    changed(&s.app, "its parent trashed", true).await;
    act(&s, Action::Delete, a).await;
    changed(
        &s.app,
        "its parent deleted forever: the reply moves up",
        true,
    )
    .await;

    // Published at once: a new comment changes the list; the same text again is refused
    // and changes nothing.
    let first = publish("42", "Langsung terbit.").await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    changed(&s.app, "a comment published at once", true).await;
    let again = publish("42", "Langsung terbit.").await.unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
    changed(&s.app, "a duplicate refused", false).await;
}

/// Takes the comments table away (renamed), so any read of a comment fails.
async fn hide_comments(store: &Store) {
    match store {
        Store::Sqlite(path) => {
            let c = rusqlite::Connection::open(path).unwrap();
            c.execute_batch("ALTER TABLE comments RENAME TO comments_away")
                .unwrap();
        }
        Store::Postgres { url, .. } => {
            let p = sqlx::PgPool::connect(url).await.unwrap();
            sqlx::query("ALTER TABLE comments RENAME TO comments_away")
                .execute(&p)
                .await
                .unwrap();
        }
    }
}

#[tokio::test]
async fn a_held_tag_is_answered_304_without_reading_a_comment() {
    let s = server(settings(Moderation::Approved)).await;
    sent(&s, "42", "Sudah terbit.").await;
    let (status, headers, body) = list(&s.app, None).await;
    assert_eq!(status, StatusCode::OK);
    let held = headers["etag"].to_str().unwrap().to_owned();
    assert!(
        held.starts_with('"') && !held.starts_with("W/"),
        "strong: {held}"
    );
    assert_eq!(
        headers["cache-control"],
        "public, max-age=5, s-maxage=5, stale-while-revalidate=5"
    );
    assert!(headers.contains_key("last-modified"));
    let json: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["total"], 1);

    hide_comments(&s.store.store).await;
    let (status, headers, body) = list(&s.app, Some(&held)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED, "no comment read for it");
    assert!(body.is_empty());
    assert_eq!(headers["etag"].to_str().unwrap(), held);
    assert!(headers.contains_key("cache-control"));
    // A bad request is one whatever the tag.
    let res = s
        .app
        .clone()
        .oneshot(
            Request::get("/api/comments?post=42&order=sideways")
                .header("If-None-Match", &held)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // Any other tag needs the comments: the table is gone, so the store fails (500).
    let (status, _, _) = list(&s.app, Some("\"0.0.0\"")).await;
    assert_eq!(
        status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "the proof the table is gone"
    );
}

#[tokio::test]
async fn a_compressed_list_is_tagged_with_its_encoding_and_revalidates() {
    let s = server(settings(Moderation::Approved)).await;
    for i in 0..20 {
        sent(
            &s,
            "42",
            &format!("Komentar nomor {i} yang cukup panjang untuk dikompres."),
        )
        .await;
    }
    let res = s
        .app
        .clone()
        .oneshot(
            Request::get("/api/comments?post=42")
                .header("Accept-Encoding", "br")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "br");
    let tag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert!(tag.ends_with("-br\""), "{tag}");
    let plain = self::tag(&s.app).await;
    assert_ne!(tag, plain, "two bodies, two strong tags");
    let again = s
        .app
        .clone()
        .oneshot(
            Request::get("/api/comments?post=42")
                .header("Accept-Encoding", "br")
                .header("If-None-Match", &tag)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), tag);
}

#[tokio::test]
async fn the_list_is_for_every_page_alike() {
    let s = server(settings(Moderation::Approved)).await;
    let res = s
        .app
        .clone()
        .oneshot(
            Request::get("/api/comments?post=42")
                .header("Origin", "https://bukan-situs-kami.example")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "a public list, for any page");
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    let vary: Vec<&str> = res
        .headers()
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        !vary
            .iter()
            .any(|v| v.to_ascii_lowercase().contains("origin")),
        "{vary:?}"
    );
    // Sending a comment from that page is still refused.
    let refused = s
        .post(
            &comment("Dari situs lain."),
            None,
            Some("https://bukan-situs-kami.example"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
