//! The moderation API's request and reply bodies (`/admin/api/`), as the reference server
//! writes them and the moderation app reads them: one definition for both ends.

use serde::{Deserialize, Serialize};

use super::{Action, Status};

/// A comment as moderators see it: everything stored about it (the email and the
/// reader's address too, which the public API never shows), when it was last edited, and
/// the comment it answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: i64,
    /// The article's id, as the widget on its page names it.
    pub post: String,
    pub parent: Option<i64>,
    pub author: String,
    pub email: String,
    pub url: String,
    pub content: String,
    pub page_url: String,
    pub page_title: String,
    pub status: Status,
    pub ip: String,
    /// Unix seconds.
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub parent_author: Option<String>,
    /// The start of the parent's text.
    pub parent_quote: Option<String>,
}

/// How many comments have each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub pending: i64,
    pub approved: i64,
    pub spam: i64,
    pub trash: i64,
}

impl Counts {
    pub fn of(&self, s: Status) -> i64 {
        let mut c = *self;
        *c.slot(s)
    }

    pub fn set(&mut self, s: Status, n: i64) {
        *self.slot(s) = n;
    }

    fn slot(&mut self, s: Status) -> &mut i64 {
        match s {
            Status::Pending => &mut self.pending,
            Status::Approved => &mut self.approved,
            Status::Spam => &mut self.spam,
            Status::Trash => &mut self.trash,
        }
    }
}

/// `GET /admin/api/comments`: a page of the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub comments: Vec<Comment>,
    /// Per status, for the article filtered on (or all), whatever the search.
    pub counts: Counts,
    /// `before` for the next page; `None` on the last.
    pub next: Option<i64>,
}

/// `POST /admin/api/comments/moderate`: one action on up to 500 comments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moderate {
    pub action: Action,
    pub ids: Vec<i64>,
}

/// What an action did to one comment that exists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moderated {
    pub id: i64,
    /// Its status now; `None`: deleted.
    pub status: Option<Status>,
    /// Whether this action changed it.
    pub changed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerateReply {
    pub results: Vec<Moderated>,
}

/// `PATCH /admin/api/comments/{id}`: a correction; a field left out stays as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// What a line of the trail records beside its action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Detail {
    /// A status changed (`to`: `None` when deleted forever).
    Status { from: Status, to: Option<Status> },
    /// An edit: the fields as they were before it (only those it changed).
    Edit {
        #[serde(skip_serializing_if = "Option::is_none")]
        content: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        author: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    },
}

/// One line of a comment's audit trail: who did what, when, from where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// A moderator's name, `(server)` (the trash emptied) or `(shell)`.
    pub moderator: String,
    /// An [`Action`]'s name, or `edit`.
    pub action: String,
    pub detail: Detail,
    pub address: String,
    /// Unix seconds.
    pub at: i64,
}

/// `GET /admin/api/comments/{id}/audit`: the trail, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trail {
    pub entries: Vec<Entry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trail_details_read_as_stored() {
        let status: Detail = serde_json::from_str(r#"{"from":"pending","to":"approved"}"#).unwrap();
        assert_eq!(
            status,
            Detail::Status {
                from: Status::Pending,
                to: Some(Status::Approved)
            }
        );
        let deleted: Detail = serde_json::from_str(r#"{"from":"trash"}"#).unwrap();
        assert_eq!(
            deleted,
            Detail::Status {
                from: Status::Trash,
                to: None
            }
        );
        let edit: Detail = serde_json::from_str(r#"{"content":"Lama"}"#).unwrap();
        assert_eq!(
            edit,
            Detail::Edit {
                content: Some("Lama".into()),
                author: None,
                url: None
            }
        );
        assert_eq!(
            serde_json::to_string(&edit).unwrap(),
            r#"{"content":"Lama"}"#
        );
    }

    #[test]
    fn counts_per_status() {
        let mut c = Counts::default();
        for (n, s) in Status::ALL.into_iter().enumerate() {
            c.set(s, n as i64 + 1);
        }
        assert_eq!((c.pending, c.trash), (1, 4));
        assert_eq!(c.of(Status::Spam), 3);
    }
}
