//! The moderation queue and what moderators do to comments:
//!
//! - `GET /admin/api/comments?status=pending&post=&q=&before=&limit=`: a page of comments
//!   with one status (pending by default), newest first, of one article or all, matching a
//!   search in the author, email and text; every field a moderator needs (email, address,
//!   page, the parent's author and text), and the counts per status.
//! - `POST /admin/api/comments/moderate` `{action, ids}`: one action on up to 500 comments
//!   at once, in one transaction, each change in the audit trail.
//! - `PATCH /admin/api/comments/{id}` `{content?, author?, url?}`: a correction, checked by
//!   the same rules as a new comment; what it replaced goes into the trail.
//! - `GET /admin/api/comments/{id}/audit`: the trail, oldest first.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::Json;
use balasan_core::moderation::wire::{
    Comment, Counts, EditRequest, Moderate, ModerateReply, Queue, Trail,
};
use balasan_core::moderation::Status;
use balasan_core::validate::{validate, Input, Required};
use serde::Deserialize;

use super::session::Live;
use crate::api::AppState;
use crate::clock::unix_now;
use crate::db::{Edit, QueueQuery, Queued, Who};
use crate::error::ApiError;
use crate::extract::{json_body, ClientAddr};

/// Most comments one action may name.
pub const MOST_AT_ONCE: usize = 500;
/// Characters of a parent's text quoted in the queue.
const QUOTED: usize = 280;

/// A comment as moderators see it, from the store's row.
fn comment(q: Queued) -> Comment {
    let Queued {
        row,
        edited_at,
        parent_author,
        parent_content,
    } = q;
    Comment {
        id: row.id,
        post: row.post,
        parent: row.parent,
        author: row.author,
        email: row.email,
        url: row.url,
        content: row.content,
        page_url: row.page_url,
        page_title: row.page_title,
        // The table's CHECK allows only these.
        status: Status::parse(&row.status).unwrap_or(Status::Pending),
        ip: row.ip,
        created_at: row.created_at,
        edited_at,
        parent_author,
        parent_quote: parent_content.map(|text| quote(&text)),
    }
}

/// The first [`QUOTED`] characters of `text`, with `…` when there is more.
fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTED) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// A `LIKE` pattern that finds `search` anywhere, case aside: `%` and `_` typed are
/// themselves, not wildcards.
///
/// ```
/// use balasan_server::admin::comments::pattern;
///
/// assert_eq!(pattern("Banjir"), "%banjir%");
/// assert_eq!(pattern("100%_\\"), "%100\\%\\_\\\\%");
/// assert_eq!(pattern("  "), "");
/// ```
pub fn pattern(search: &str) -> String {
    let search = search.trim();
    if search.is_empty() {
        return String::new();
    }
    let mut p = String::from("%");
    for c in search.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

#[derive(Deserialize)]
pub struct QueueParams {
    status: Option<String>,
    post: Option<String>,
    q: Option<String>,
    before: Option<i64>,
    limit: Option<u32>,
}

pub async fn queue(
    State(s): State<AppState>,
    _: Live,
    params: Result<Query<QueueParams>, QueryRejection>,
) -> Result<Json<Queue>, ApiError> {
    let Query(p) = params.map_err(|_| {
        ApiError::bad_request("status, post, q, before (a comment id) and limit (a number)")
    })?;
    let status = match p.status.as_deref() {
        None | Some("") => Status::Pending,
        Some(s) => Status::parse(s)
            .ok_or_else(|| ApiError::bad_request("status is pending, approved, spam or trash"))?,
    };
    let search = p.q.unwrap_or_default();
    if search.chars().count() > 200 {
        return Err(ApiError::bad_request("search for at most 200 characters"));
    }
    let limit = i64::from(p.limit.unwrap_or(50).clamp(1, 200));
    let post = p.post.unwrap_or_default();
    let mut found =
        s.db.queue(QueueQuery {
            status,
            post: post.clone(),
            pattern: pattern(&search),
            before: p.before.unwrap_or(i64::MAX),
            // One more than shown: whether there is a next page.
            limit: limit + 1,
        })
        .await?;
    let next = if found.len() as i64 > limit {
        found.truncate(limit as usize);
        found.last().map(|q| q.row.id)
    } else {
        None
    };
    let mut counts = Counts::default();
    for (status, n) in s.db.counts(&post).await? {
        if let Some(status) = Status::parse(&status) {
            counts.set(status, n);
        }
    }
    Ok(Json(Queue {
        comments: found.into_iter().map(comment).collect(),
        counts,
        next,
    }))
}

pub async fn moderate(
    State(s): State<AppState>,
    live: Live,
    ClientAddr(ip): ClientAddr,
    req: Request,
) -> Result<Json<ModerateReply>, ApiError> {
    let Moderate { action, mut ids } = json_body(req, &s).await?;
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() || ids.len() > MOST_AT_ONCE {
        return Err(ApiError::bad_request("name 1 to 500 comments"));
    }
    let who = Who {
        moderator: live.name,
        address: ip.to_string(),
    };
    let results = s.db.moderate(ids, action, who, unix_now()).await?;
    Ok(Json(ModerateReply { results }))
}

fn no_comment() -> ApiError {
    ApiError::refused(
        StatusCode::NOT_FOUND,
        "not_found",
        "there is no such comment",
    )
}

fn comment_id(id: &str) -> Result<i64, ApiError> {
    id.parse().map_err(|_| no_comment())
}

pub async fn edit(
    State(s): State<AppState>,
    live: Live,
    ClientAddr(ip): ClientAddr,
    Path(id): Path<String>,
    req: Request,
) -> Result<Json<Comment>, ApiError> {
    let id = comment_id(&id)?;
    let body: EditRequest = json_body(req, &s).await?;
    let old = s.db.comment(id).await?.ok_or_else(no_comment)?.row;
    let content = body.content.unwrap_or(old.content);
    let author = body.author.unwrap_or(old.author);
    let url = body.url.unwrap_or(old.url);
    // The rules a new comment meets (the email is not edited, so not checked again).
    let required = Required {
        author: s.settings.required.author,
        email: false,
    };
    let input = Input {
        comment: &content,
        author: &author,
        email: "",
        url: &url,
    };
    let clean = validate(&input, required).map_err(|problems| ApiError::Fields {
        code: "invalid",
        message: "some fields are not valid",
        problems,
    })?;
    let who = Who {
        moderator: live.name,
        address: ip.to_string(),
    };
    let edit = Edit {
        content: clean.content,
        author: clean.author,
        url: clean.url,
    };
    s.db.edit(id, edit, who, unix_now())
        .await?
        .ok_or_else(no_comment)?;
    // As the queue shows it: when it was edited, what it answers.
    let edited = s.db.comment(id).await?.ok_or_else(no_comment)?;
    Ok(Json(comment(edited)))
}

pub async fn trail(
    State(s): State<AppState>,
    _: Live,
    Path(id): Path<String>,
) -> Result<Json<Trail>, ApiError> {
    let id = comment_id(&id)?;
    Ok(Json(Trail {
        entries: s.db.trail(id).await?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_end_on_a_character() {
        let long = "é".repeat(QUOTED + 5);
        let q = quote(&long);
        assert_eq!(q.chars().count(), QUOTED + 1);
        assert!(q.ends_with('…'));
        assert_eq!(quote("pendek"), "pendek");
    }
}
