//! The moderation API as the app calls it: the bodies are `balasan-core`'s
//! ([`balasan_core::moderation::wire`], the same types the server writes), and every way a
//! request can fail is said once ([`Failure`]). Same origin: the session cookie goes along
//! by itself; requests that change something carry the session's CSRF token.

use balasan_core::contract::ErrorReply;
use balasan_core::moderation::wire::{
    Comment, EditRequest, Entry, Moderate, ModerateReply, Moderated, Queue, Trail,
};
use balasan_core::moderation::{Action, Status};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Deserialize;

/// Who is logged in, and the token requests that change something send back.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Me {
    pub name: String,
    pub csrf: String,
}

/// Comments in a page of the queue, unless asked for more (at most [`MOST`]).
pub const PAGE: usize = 50;
/// The most comments one request may ask for.
pub const MOST: usize = 200;

/// Which comments the queue shows: one status, one article or all, a search or none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub status: Status,
    /// An article's id, or empty for every article.
    pub post: String,
    /// Text to find in the author, email and comment, or empty.
    pub search: String,
}

impl Default for Filter {
    fn default() -> Filter {
        Filter {
            status: Status::Pending,
            post: String::new(),
            search: String::new(),
        }
    }
}

impl Filter {
    /// The query of `limit` comments after comment `before` (the first page without it).
    pub fn query(&self, before: Option<i64>, limit: usize) -> Vec<(&'static str, String)> {
        let mut q = vec![("status", self.status.as_str().to_owned())];
        if !self.post.trim().is_empty() {
            q.push(("post", self.post.trim().to_owned()));
        }
        if !self.search.trim().is_empty() {
            q.push(("q", self.search.trim().to_owned()));
        }
        if let Some(id) = before {
            q.push(("before", id.to_string()));
        }
        if limit != PAGE {
            q.push(("limit", limit.to_string()));
        }
        q
    }
}

/// Why a request did not do what it asked.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// No session (never logged in, logged out elsewhere, expired, revoked).
    LoggedOut,
    /// The CSRF token sent is not the session's (the moderator logged in again in
    /// another tab): worth one retry with the session's current token.
    StaleToken,
    /// A wrong name or password.
    LoginFailed,
    /// Too many failed logins: wait.
    Locked,
    /// The server has too many logins to check at once.
    Busy,
    /// The server did not answer.
    Unreachable,
    /// The comment is gone (deleted forever elsewhere).
    NotFound,
    /// Another moderator logged in in this browser since this page opened (their name):
    /// nothing was done in their name.
    SomeoneElse(String),
    /// Fields that break the rules of a comment: native field name → problem code.
    Fields(Vec<(String, String)>),
    /// Refused for another reason: the server's code and message.
    Refused(String, String),
}

/// What a non-2xx answer means.
async fn failure(r: Response) -> Failure {
    let reply = r.json::<ErrorReply>().await.ok().map(|e| e.error);
    match (r.status(), reply) {
        (401, Some(e)) if e.code == "login_failed" => Failure::LoginFailed,
        (401, _) => Failure::LoggedOut,
        (403, Some(e)) if e.code == "csrf" => Failure::StaleToken,
        (404, _) => Failure::NotFound,
        (422, Some(e)) if e.fields.is_some() => {
            Failure::Fields(e.fields.unwrap_or_default().into_iter().collect())
        }
        (429, _) => Failure::Locked,
        (503, _) => Failure::Busy,
        (_, Some(e)) => Failure::Refused(e.code, e.message),
        (status, None) => Failure::Refused(status.to_string(), r.status_text()),
    }
}

async fn send(request: Result<Request, gloo_net::Error>) -> Result<Response, Failure> {
    let request = request.map_err(|_| Failure::Unreachable)?;
    let r = request.send().await.map_err(|_| Failure::Unreachable)?;
    if r.ok() {
        Ok(r)
    } else {
        Err(failure(r).await)
    }
}

async fn read<T: for<'de> Deserialize<'de>>(r: Response) -> Result<T, Failure> {
    r.json()
        .await
        .map_err(|_| Failure::Refused("answer".into(), "the answer could not be read".into()))
}

/// A request that changes something: the CSRF token with it.
fn changing(builder: RequestBuilder, me: &Me) -> RequestBuilder {
    builder.header("X-CSRF-Token", &me.csrf)
}

/// The session this browser has, if any.
pub async fn session() -> Result<Me, Failure> {
    read(send(Request::get("/admin/api/session").build()).await?).await
}

pub async fn login(name: &str, password: &str) -> Result<Me, Failure> {
    let body = serde_json::json!({ "name": name, "password": password });
    read(send(Request::post("/admin/api/login").json(&body)).await?).await
}

pub async fn logout(me: &Me) -> Result<(), Failure> {
    send(changing(Request::post("/admin/api/logout"), me).build()).await?;
    Ok(())
}

/// `limit` of the comments `filter` chooses, newest first, after comment `before`.
pub async fn queue(filter: &Filter, before: Option<i64>, limit: usize) -> Result<Queue, Failure> {
    let request = Request::get("/admin/api/comments").query(filter.query(before, limit));
    read(send(request.build()).await?).await
}

/// Does `action` to `ids`; what it did to each that exists.
pub async fn moderate(me: &Me, action: Action, ids: &[i64]) -> Result<Vec<Moderated>, Failure> {
    let body = Moderate {
        action,
        ids: ids.to_vec(),
    };
    let r = send(changing(Request::post("/admin/api/comments/moderate"), me).json(&body)).await?;
    Ok(read::<ModerateReply>(r).await?.results)
}

/// Corrects comment `id`; the comment as it is now.
pub async fn edit(me: &Me, id: i64, edit: &EditRequest) -> Result<Comment, Failure> {
    let url = format!("/admin/api/comments/{id}");
    read(send(changing(Request::patch(&url), me).json(edit)).await?).await
}

/// Comment `id`'s trail, oldest first.
pub async fn trail(id: i64) -> Result<Vec<Entry>, Failure> {
    let url = format!("/admin/api/comments/{id}/audit");
    Ok(read::<Trail>(send(Request::get(&url).build()).await?)
        .await?
        .entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_asks_only_for_what_it_holds() {
        let mut f = Filter::default();
        assert_eq!(f.query(None, PAGE), [("status", "pending".to_owned())]);
        f.status = Status::Spam;
        f.post = " 42 ".into();
        f.search = "  ".into();
        assert_eq!(
            f.query(Some(9), 120),
            [
                ("status", "spam".to_owned()),
                ("post", "42".to_owned()),
                ("before", "9".to_owned()),
                ("limit", "120".to_owned())
            ]
        );
        f.search = "100% banjir".into();
        assert!(f
            .query(None, PAGE)
            .contains(&("q", "100% banjir".to_owned())));
    }
}
