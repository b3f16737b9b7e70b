//! The real router and a real store in-process (a SQLite file in a temp dir, or a fresh
//! PostgreSQL database), and the requests the API tests send it.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use balasan_server::db::Db;
use balasan_server::settings::{Moderation, Settings};
use balasan_server::{router, AppState};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

pub struct Server {
    pub app: Router,
    pub state: AppState,
    pub store: super::TestStore,
}

pub async fn server(settings: Settings) -> Server {
    let store = super::fresh_store().await;
    let db = Db::open(&store.store).await.unwrap();
    let state = AppState::new(db, settings).await.unwrap();
    Server {
        app: router(state.clone(), None),
        state,
        store,
    }
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub json: Value,
}

impl Server {
    pub async fn send(&self, req: Request<Body>) -> Answer {
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            json,
        }
    }

    pub async fn post(&self, body: &Value, key: Option<&str>, origin: Option<&str>) -> Answer {
        let mut req = Request::post("/api/comments")
            .header("Host", "127.0.0.1:8080")
            .header("Content-Type", "application/json");
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        if let Some(o) = origin {
            req = req.header("Origin", o);
        }
        self.send(req.body(Body::from(body.to_string())).unwrap())
            .await
    }

    pub async fn stored(&self) -> usize {
        self.state.db.list(None).await.unwrap().len()
    }
}

pub fn comment(content: &str) -> Value {
    json!({
        "post": "42",
        "page_url": "https://kabar.contoh.id/sungai",
        "page_title": "Sungai Bersih",
        "parent": null,
        "author": "Sari",
        "email": "sari@contoh.id",
        "url": "contoh.id",
        "content": content,
        "hp": "",
        "elapsed_ms": 9000
    })
}

pub fn approved() -> Settings {
    Settings {
        moderation: Moderation::Approved,
        ..Settings::default()
    }
}

/// A plain form post, as the pre-rendered form sends itself without the widget's script.
pub async fn form_post(
    s: &Server,
    fields: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    let body = serde_urlencoded::to_string(fields).unwrap();
    let req = Request::post("/api/comments")
        .header("Host", "127.0.0.1:8080")
        .header("Origin", "https://kabar.contoh.id")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let res = s.app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

/// The hidden fields of a page's form, in order.
pub fn hidden(page: &str) -> Vec<(String, String)> {
    page.split("<input type=\"hidden\" ")
        .skip(1)
        .map(|rest| {
            let attr = |name: &str| {
                let from = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                let value = &rest[from..from + rest[from..].find('"').unwrap()];
                value
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&")
            };
            (attr("name"), attr("value"))
        })
        .collect()
}

pub async fn send_fields(s: &Server, fields: &[(String, String)]) -> (StatusCode, String) {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let (status, _, page) = form_post(s, &fields).await;
    (status, page)
}
