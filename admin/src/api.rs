//! The moderation API as the app calls it: typed answers, and every way a request can
//! fail said once ([`Failure`]). Same origin: the session cookie goes along by itself;
//! requests that change something carry the session's CSRF token.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::{Deserialize, Serialize};

/// Who is logged in, and the token requests that change something send back.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Me {
    pub name: String,
    pub csrf: String,
}

/// Where a comment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Approved,
    Spam,
    Trash,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Pending,
        Status::Approved,
        Status::Spam,
        Status::Trash,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Spam => "spam",
            Status::Trash => "trash",
        }
    }

    /// What a moderator can do to a comment with this status, as WordPress offers it.
    pub fn actions(self) -> &'static [Action] {
        match self {
            Status::Pending => &[Action::Approve, Action::Spam, Action::Trash],
            Status::Approved => &[Action::Unapprove, Action::Spam, Action::Trash],
            Status::Spam | Status::Trash => &[Action::Restore, Action::Delete],
        }
    }
}

/// A moderator's action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Approve,
    Unapprove,
    Spam,
    Trash,
    Restore,
    Delete,
}

/// A comment as moderators see it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Comment {
    pub id: i64,
    pub post: String,
    pub author: String,
    pub email: String,
    pub url: String,
    pub content: String,
    pub ip: String,
    pub page_url: String,
    pub page_title: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub parent_author: Option<String>,
    pub parent_quote: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
pub struct Counts {
    pub pending: i64,
    pub approved: i64,
    pub spam: i64,
    pub trash: i64,
}

impl Counts {
    pub fn of(&self, s: Status) -> i64 {
        match s {
            Status::Pending => self.pending,
            Status::Approved => self.approved,
            Status::Spam => self.spam,
            Status::Trash => self.trash,
        }
    }
}

/// A page of the queue.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Queue {
    pub comments: Vec<Comment>,
    pub counts: Counts,
}

/// Why a request did not do what it asked.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// No session (never logged in, logged out elsewhere, expired, revoked).
    LoggedOut,
    /// A wrong name or password.
    LoginFailed,
    /// Too many failed logins: wait.
    Locked,
    /// The server has too many logins to check at once.
    Busy,
    /// The server did not answer.
    Unreachable,
    /// Refused for another reason: the server's code and message.
    Refused(String, String),
}

#[derive(Deserialize)]
struct ErrorReply {
    error: ErrorBody,
}

#[derive(Deserialize)]
struct ErrorBody {
    code: String,
    message: String,
}

/// What a non-2xx answer means.
async fn failure(r: Response) -> Failure {
    let reply = r.json::<ErrorReply>().await.ok().map(|e| e.error);
    match (r.status(), reply) {
        (401, Some(e)) if e.code == "login_failed" => Failure::LoginFailed,
        (401, _) => Failure::LoggedOut,
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

/// The newest comments with `status`.
pub async fn queue(status: Status) -> Result<Queue, Failure> {
    let url = format!("/admin/api/comments?status={}", status.as_str());
    read(send(Request::get(&url).build()).await?).await
}

/// What an action did to one comment.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Moderated {
    pub id: i64,
    pub changed: bool,
}

#[derive(Deserialize)]
struct ModerateReply {
    results: Vec<Moderated>,
}

/// Does `action` to `ids`; what it did to each that exists.
pub async fn moderate(me: &Me, action: Action, ids: &[i64]) -> Result<Vec<Moderated>, Failure> {
    let body = serde_json::json!({ "action": action, "ids": ids });
    let r = send(changing(Request::post("/admin/api/comments/moderate"), me).json(&body)).await?;
    Ok(read::<ModerateReply>(r).await?.results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_follow_the_status() {
        assert!(Status::Pending.actions().contains(&Action::Approve));
        assert!(!Status::Approved.actions().contains(&Action::Approve));
        // Deleting forever only from the spam or the trash, as the server allows.
        for s in Status::ALL {
            let deletes = s.actions().contains(&Action::Delete);
            assert_eq!(deletes, matches!(s, Status::Spam | Status::Trash), "{s:?}");
        }
    }

    #[test]
    fn wire_names() {
        assert_eq!(
            serde_json::to_string(&Action::Unapprove).unwrap(),
            "\"unapprove\""
        );
        let s: Status = serde_json::from_str("\"trash\"").unwrap();
        assert_eq!(s.as_str(), "trash");
    }
}
