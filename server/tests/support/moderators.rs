//! Moderators in the tests: accounts on a fresh store, logins, and requests to the
//! moderation API as the app (or an attacker) sends them.

use axum::body::Body;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use balasan_server::accounts;
use balasan_server::db::Db;
use balasan_server::settings::Settings;
use balasan_server::{router, AppState};
use serde_json::{json, Value};

use super::app::{server, Answer, Server};

pub const OWN: &str = "http://127.0.0.1:8080";
pub const SARI: &str = "kopi-tubruk-pagi";

/// A request to the moderation API as the app (or an attacker) sends it.
pub struct Ask<'a> {
    method: Method,
    path: &'a str,
    origin: Option<&'a str>,
    cookie: Option<String>,
    csrf: Option<&'a str>,
    body: Option<Value>,
    headers: Vec<(&'a str, &'a str)>,
}

impl<'a> Ask<'a> {
    pub fn new(method: Method, path: &'a str) -> Ask<'a> {
        // What a browser on the app's own page sends with a request that changes something.
        let origin = (method != Method::GET).then_some(OWN);
        Ask {
            method,
            path,
            origin,
            cookie: None,
            csrf: None,
            body: None,
            headers: Vec::new(),
        }
    }

    pub fn origin(mut self, origin: Option<&'a str>) -> Self {
        self.origin = origin;
        self
    }

    pub fn session(mut self, s: &'a Session) -> Self {
        self.cookie = Some(s.cookie.clone());
        self.csrf = Some(&s.csrf);
        self
    }

    pub fn cookie(mut self, cookie: String) -> Self {
        self.cookie = Some(cookie);
        self
    }

    pub fn csrf(mut self, csrf: Option<&'a str>) -> Self {
        self.csrf = csrf;
        self
    }

    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    pub fn header(mut self, name: &'a str, value: &'a str) -> Self {
        self.headers.push((name, value));
        self
    }

    pub fn request(self) -> Request<Body> {
        let mut r = Request::builder()
            .method(self.method)
            .uri(self.path)
            .header("Host", "127.0.0.1:8080");
        if let Some(o) = self.origin {
            r = r.header("Origin", o);
        }
        if let Some(c) = self.cookie {
            r = r.header(COOKIE, c);
        }
        if let Some(t) = self.csrf {
            r = r.header("X-CSRF-Token", t);
        }
        for (n, v) in self.headers {
            r = r.header(n, v);
        }
        match self.body {
            Some(b) => r
                .header("Content-Type", "application/json")
                .body(Body::from(b.to_string())),
            None => r.body(Body::empty()),
        }
        .unwrap()
    }

    pub async fn to(self, app: &Router) -> Answer {
        send(app, self.request()).await
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Answer {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let res = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        json: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

/// A logged-in moderator: the `Cookie` header the browser sends, the CSRF token, the token.
pub struct Session {
    pub cookie: String,
    pub csrf: String,
    pub token: String,
}

pub fn set_cookie(a: &Answer) -> String {
    a.headers
        .get(SET_COOKIE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

pub async fn login(app: &Router, name: &str, password: &str) -> Answer {
    Ask::new(Method::POST, "/admin/api/login")
        .json(json!({ "name": name, "password": password }))
        .to(app)
        .await
}

pub async fn logged_in(app: &Router, name: &str, password: &str) -> Session {
    let a = login(app, name, password).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.json);
    let cookie = set_cookie(&a);
    let pair = cookie.split(';').next().unwrap().to_owned();
    Session {
        token: pair.split_once('=').unwrap().1.to_owned(),
        cookie: pair,
        csrf: a.json["csrf"].as_str().unwrap().to_owned(),
    }
}

pub async fn with_moderators(settings: Settings) -> Server {
    let s = server(settings).await;
    for (name, password) in [("sari", SARI), ("budi", "teh-manis-sore")] {
        assert!(s
            .state
            .db
            .add_moderator(name, &accounts::hash(password))
            .await
            .unwrap());
    }
    s
}

/// Another server on the same store.
pub async fn another_instance(s: &Server, settings: Settings) -> Router {
    let db = Db::open(&s.store.store).await.unwrap();
    router(AppState::new(db, settings).await.unwrap(), None)
}

pub async fn whoami(app: &Router, s: &Session) -> StatusCode {
    Ask::new(Method::GET, "/admin/api/session")
        .session(s)
        .to(app)
        .await
        .status
}
