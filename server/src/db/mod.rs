//! The store: comments, idempotency keys, used challenges, rate-limit buckets and the
//! challenge-signing secret. SQLite (one file, the default: nothing to set up) or
//! PostgreSQL (one database behind any number of servers).
//!
//! One set of statements for both ([`sql`]); each store runs them its own way
//! ([`sqlite`]: one connection in a blocking task, [`postgres`]: an async pool). What
//! servers must agree on is in the database, never in a process: an idempotency key
//! answers for one comment whichever server each request reached, a challenge nonce is
//! used once, a reader's burst is one bucket row, the signing secret is one row.
//!
//! The schema is versioned ([`MIGRATIONS`], embedded in the binary), applied by
//! [`Db::open`], and a database with a version this binary does not know is refused
//! rather than used.

mod postgres;
mod sql;
mod sqlite;

use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use sqlx::postgres::PgPool;
use subtle::ConstantTimeEq;

use crate::clock::unix_now;
use crate::settings::Moderation;
pub use balasan_core::moderation::wire::{Detail, Entry, Moderated};
use balasan_core::moderation::{decide, Action, Change, Status};
use sqlite::Lite;

/// Where the comments live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Store {
    /// A SQLite file, created if missing.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://user@host/db`), and the most connections
    /// this server opens to it.
    Postgres { url: String, connections: u32 },
}

/// A comment as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    pub id: i64,
    pub post: String,
    pub parent: Option<i64>,
    pub author: String,
    pub email: String,
    pub url: String,
    pub content: String,
    pub page_url: String,
    pub page_title: String,
    pub status: String,
    pub ip: String,
    pub created_at: i64,
}

/// A moderator as listed (the password's hash stays in the store).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Moderator {
    pub name: String,
    pub created_at: i64,
}

/// A moderator's session as stored: whose, its CSRF token, when opened and last used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub name: String,
    pub csrf: String,
    pub created_at: i64,
    pub seen_at: i64,
}

/// A session to open: the hash of its cookie's token, the moderator's name, its CSRF
/// token, the address it is opened from, the time.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub token_hash: String,
    pub name: String,
    pub csrf: String,
    pub address: String,
    pub now: i64,
    /// The password hash the login checked.
    pub password_hash: String,
}

/// What is old enough to forget: sessions idle since before `idle_before` or opened before
/// `opened_before`; login failures older than `failed_before` whose lock ended by `now`.
#[derive(Clone, Copy, Debug)]
pub struct Stale {
    pub idle_before: i64,
    pub opened_before: i64,
    pub failed_before: i64,
    pub now: i64,
}

/// A comment in the moderation queue: the row, when it was last edited, and the author
/// and text of the comment it answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Queued {
    pub row: Row,
    pub edited_at: Option<i64>,
    pub parent_author: Option<String>,
    pub parent_content: Option<String>,
}

/// Which comments the moderation queue shows (see [`sql::QUEUE`]).
#[derive(Clone, Debug)]
pub struct QueueQuery {
    pub status: Status,
    /// One article's, or every article's when empty.
    pub post: String,
    /// A `LIKE` pattern of lowercase text (`\` escapes), or empty for any.
    pub pattern: String,
    /// Ids below this one (the page after the one that ended there).
    pub before: i64,
    pub limit: i64,
}

/// Who acts, for the audit trail: a moderator's name and their address; or the server
/// itself (emptying the trash) or its shell commands, named in parentheses, which no
/// moderator's name can hold.
#[derive(Clone, Debug)]
pub struct Who {
    pub moderator: String,
    pub address: String,
}

impl Who {
    /// The server itself.
    pub fn server() -> Who {
        Who {
            moderator: "(server)".into(),
            address: String::new(),
        }
    }

    /// `balasan-server` at the shell.
    pub fn shell() -> Who {
        Who {
            moderator: "(shell)".into(),
            address: String::new(),
        }
    }
}

/// A moderator's correction of a comment: its text, name and website, as they will be.
#[derive(Clone, Debug)]
pub struct Edit {
    pub content: String,
    pub author: String,
    pub url: String,
}

/// A trail line's detail as stored (JSON text), read back.
fn read_detail(stored: &str) -> Result<Detail> {
    serde_json::from_str(stored)
        .map_err(|e| Error::Broken(format!("an audit line's detail {stored:?}: {e}")))
}

fn write_detail(detail: &Detail) -> String {
    serde_json::to_string(detail).expect("a detail is plain data")
}

/// What an action on a comment in `status` (set aside from `before`) does, and its line in
/// the trail (action, detail); `None` when it does nothing. One decision for both stores.
fn plan(action: Action, status: &str, before: Option<&str>) -> Result<Option<(Change, String)>> {
    let current = Status::parse(status)
        .ok_or_else(|| Error::Broken(format!("a comment has status {status:?}")))?;
    let before = before.and_then(Status::parse);
    Ok(decide(action, current, before).map(|change| {
        let to = match change {
            Change::To { status, .. } => Some(status),
            Change::Delete => None,
        };
        (change, write_detail(&Detail::Status { from: current, to }))
    }))
}

/// Whether a change of status alters the article's public list: the comment was or becomes
/// published. (A deletion, only ever of a hidden comment, alters it when it moves replies
/// up: the stores count the replies the move really moved.)
fn changes_list(status: &str, change: Change) -> bool {
    let published = |s: Status| s == Status::Approved;
    match change {
        Change::To { status: to, .. } => {
            Status::parse(status).is_some_and(published) || published(to)
        }
        Change::Delete => false,
    }
}

/// The trail's line for an edit: the fields that change, as they were; `None` when
/// nothing changes.
fn edit_detail(old: &Row, new: &Edit) -> Option<String> {
    let was = |old: &String, new: &String| (old != new).then(|| old.clone());
    let content = was(&old.content, &new.content);
    let author = was(&old.author, &new.author);
    let url = was(&old.url, &new.url);
    (content.is_some() || author.is_some() || url.is_some()).then(|| {
        write_detail(&Detail::Edit {
            content,
            author,
            url,
        })
    })
}

/// A comment to store (everything but the id and time).
#[derive(Clone, Debug)]
pub struct NewRow {
    pub post: String,
    pub parent: Option<i64>,
    pub author: String,
    pub email: String,
    pub url: String,
    pub content: String,
    pub page_url: String,
    pub page_title: String,
    pub status: Moderation,
    pub ip: String,
}

impl NewRow {
    /// The row as stored under `id` at `created_at`.
    fn stored(&self, id: i64, created_at: i64) -> Row {
        Row {
            id,
            post: self.post.clone(),
            parent: self.parent,
            author: self.author.clone(),
            email: self.email.clone(),
            url: self.url.clone(),
            content: self.content.clone(),
            page_url: self.page_url.clone(),
            page_title: self.page_title.clone(),
            status: self.status.as_str().to_owned(),
            ip: self.ip.clone(),
            created_at,
        }
    }
}

/// What an insert did.
#[derive(Debug, PartialEq, Eq)]
pub enum Insert {
    /// Stored; the answer given (status, body) is remembered under the idempotency key.
    Stored(u16, String),
    /// The key was seen before with this request: the first answer, again.
    Replayed(u16, String),
    /// The key was seen before with another request: nothing of its answer is told.
    KeyReused,
    /// The same text by the same person on the same article is already there.
    Duplicate,
}

/// An idempotency key and a fingerprint of the request it came with (see
/// `crate::api::fingerprint`): the key answers again only for the same request.
#[derive(Clone, Copy, Debug)]
pub struct Key<'a> {
    pub key: &'a str,
    pub request: &'a str,
}

/// What a kept answer says to a request with its key. The fingerprints are compared in
/// constant time: how long the answer takes tells nothing of the stored one.
fn kept_answer(status: u16, body: String, request: &str, asked: &str) -> Insert {
    let same: bool = request.as_bytes().ct_eq(asked.as_bytes()).into();
    if !request.is_empty() && same {
        Insert::Replayed(status, body)
    } else {
        Insert::KeyReused
    }
}

/// Why the store failed.
#[derive(Debug)]
pub enum Error {
    Sqlite(rusqlite::Error),
    Postgres(sqlx::Error),
    /// The schema could not be brought to this binary's version, or is newer.
    Migrate(String),
    /// What should not happen did: a store task panicked, a kept key vanished.
    Broken(String),
}

impl Error {
    fn newer_schema(found: i64) -> Error {
        Error::Migrate(format!(
            "the database has schema version {found}, newer than this server's {}: \
             run the newer server (or restore a backup)",
            schema_version()
        ))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite(e) => write!(f, "SQLite: {e}"),
            Error::Postgres(e) => write!(f, "PostgreSQL: {e}"),
            Error::Migrate(why) | Error::Broken(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Sqlite(e)
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Error {
        Error::Postgres(e)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// The schema's versions: `(version, description, SQLite, PostgreSQL)`. Append only; a
/// migration, once released, never changes (PostgreSQL checks its checksum).
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "comments",
        include_str!("../../migrations/sqlite/0001_comments.sql"),
        include_str!("../../migrations/postgres/0001_comments.sql"),
    ),
    (
        2,
        "shared limits",
        include_str!("../../migrations/sqlite/0002_shared_limits.sql"),
        include_str!("../../migrations/postgres/0002_shared_limits.sql"),
    ),
    (
        3,
        "keys bound to their request",
        include_str!("../../migrations/sqlite/0003_bound_keys.sql"),
        include_str!("../../migrations/postgres/0003_bound_keys.sql"),
    ),
    (
        4,
        "moderators",
        include_str!("../../migrations/sqlite/0004_moderators.sql"),
        include_str!("../../migrations/postgres/0004_moderators.sql"),
    ),
    (
        5,
        "sessions",
        include_str!("../../migrations/sqlite/0005_sessions.sql"),
        include_str!("../../migrations/postgres/0005_sessions.sql"),
    ),
    (
        6,
        "moderation",
        include_str!("../../migrations/sqlite/0006_moderation.sql"),
        include_str!("../../migrations/postgres/0006_moderation.sql"),
    ),
    (
        7,
        "list versions",
        include_str!("../../migrations/sqlite/0007_post_versions.sql"),
        include_str!("../../migrations/postgres/0007_post_versions.sql"),
    ),
];

/// The schema version this binary brings (the last migration's).
pub fn schema_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

enum Pool {
    Sqlite(Lite),
    Postgres(PgPool),
}

pub struct Db {
    pool: Pool,
    /// Calls to [`Db::take`], to prune old buckets now and then.
    takes: AtomicU64,
}

/// Runs the store's own version of `$op`: `sqlite::$op(conn, args…)` in the SQLite
/// connection's blocking task, or `postgres::$op(pool, args…).await`. The arguments are
/// owned values, moved into the SQLite task.
/// How many top-level comments to ask for: one more than a page, to tell whether there is
/// a next one.
fn asked(limit: usize) -> i64 {
    limit as i64 + 1
}

/// A page's top-level comments (`limit` of the ones asked for) and the next page's cursor.
fn paged(mut tops: Vec<i64>, limit: usize) -> (Vec<i64>, Option<i64>) {
    let more = tops.len() > limit;
    tops.truncate(limit);
    let next = if more { tops.last().copied() } else { None };
    (tops, next)
}

macro_rules! on {
    ($db:expr, $op:ident($($arg:ident),*)) => {
        match &$db.pool {
            Pool::Sqlite(lite) => lite.run(move |c| sqlite::$op(c, $($arg),*)).await,
            Pool::Postgres(p) => postgres::$op(p, $($arg),*).await,
        }
    };
}

impl Db {
    /// Connects to `store` and brings its schema up to this binary's version. Refuses a
    /// database whose schema is newer than the binary (another server already upgraded it).
    pub async fn open(store: &Store) -> Result<Db> {
        let db = Db::connect(store).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Connects without touching the schema.
    pub async fn connect(store: &Store) -> Result<Db> {
        let pool = match store {
            Store::Sqlite(path) => Pool::Sqlite(Lite::open(path)?),
            Store::Postgres { url, connections } => {
                Pool::Postgres(postgres::connect(url, *connections).await?)
            }
        };
        Ok(Db {
            pool,
            takes: AtomicU64::new(0),
        })
    }

    /// Applies the migrations this database lacks; an error when it has one this binary
    /// does not know (a newer schema) or one that was changed.
    pub async fn migrate(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(lite) => lite.run(sqlite::migrate).await,
            Pool::Postgres(p) => postgres::migrate(p).await,
        }
    }

    /// The newest schema version applied to the database.
    pub async fn version(&self) -> Result<i64> {
        on!(self, version())
    }

    /// Whether the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<()> {
        on!(self, ping())
    }

    /// Waits for the statements under way and closes the connections.
    pub async fn close(&self) {
        match &self.pool {
            // The last statement finishes under the mutex; the file closes with the process.
            Pool::Sqlite(lite) => {
                let _ = lite.run(|_| Ok(())).await;
            }
            Pool::Postgres(p) => p.close().await,
        }
    }

    /// The challenge-signing secret: made once by whichever server comes first, kept in
    /// the database, so every server signs alike and challenges outlive restarts.
    pub async fn secret(&self) -> Result<Vec<u8>> {
        let mut fresh = vec![0u8; 32];
        getrandom::fill(&mut fresh).expect("the OS random source");
        on!(self, secret(fresh))
    }

    /// What an idempotency key seen before answers this request: the first answer
    /// ([`Insert::Replayed`]) when the request is the one it came with, else
    /// [`Insert::KeyReused`]. `None` for a new key.
    pub async fn replay(&self, key: Key<'_>) -> Result<Option<Insert>> {
        let (kept, asked) = match &self.pool {
            Pool::Sqlite(lite) => {
                let k = key.key.to_owned();
                (lite.run(move |c| sqlite::replay(c, &k)).await?, key.request)
            }
            Pool::Postgres(p) => (postgres::replay(p, key.key).await?, key.request),
        };
        Ok(kept.map(|(status, body, request)| kept_answer(status, body, &request, asked)))
    }

    /// Stores a comment unless its idempotency key or its text was seen before.
    /// `answer` makes the reply from the stored row; it is kept under the key, in the same
    /// transaction as the comment: a comment is never stored without its answer, nor an
    /// answer without its comment, and a key answers for one comment only, whichever
    /// server each request reached.
    pub async fn insert(
        &self,
        new: &NewRow,
        key: Option<Key<'_>>,
        answer: impl FnOnce(&Row) -> (u16, String) + Send + 'static,
    ) -> Result<Insert> {
        let now = unix_now();
        match &self.pool {
            Pool::Sqlite(lite) => {
                let new = new.clone();
                let key = key.map(|k| (k.key.to_owned(), k.request.to_owned()));
                lite.run(move |c| {
                    let key = key.as_ref().map(|(key, request)| Key { key, request });
                    sqlite::insert(c, &new, key, now, answer)
                })
                .await
            }
            Pool::Postgres(p) => postgres::insert(p, new, key, now, answer).await,
        }
    }

    /// How many used nonces start with `prefix` (which must not end in `U+10FFFF`).
    pub async fn used_with_prefix(&self, prefix: &str) -> Result<i64> {
        let from = prefix.to_owned();
        // The first string after every one that starts with `prefix`.
        let mut to = prefix.to_owned();
        let last = to
            .pop()
            .map_or('\0', |c| char::from_u32(c as u32 + 1).unwrap_or(c));
        to.push(last);
        on!(self, used_between(from, to))
    }

    /// Marks a challenge as answered. `false` when it was answered before (a replay), on
    /// this server or any other. Forgets challenges that can no longer be answered anyway.
    pub async fn use_challenge(&self, nonce: &str, expires_at: i64) -> Result<bool> {
        let now = unix_now();
        match &self.pool {
            Pool::Sqlite(lite) => {
                let nonce = nonce.to_owned();
                lite.run(move |c| sqlite::use_challenge(c, &nonce, expires_at, now))
                    .await
            }
            Pool::Postgres(p) => postgres::use_challenge(p, nonce, expires_at, now).await,
        }
    }

    /// Takes a token from `bucket` (a reader's address), which holds `burst` and regains
    /// `per_ms` tokens each millisecond. `None` when taken; otherwise the tokens left (less
    /// than one), for the time to wait.
    pub async fn take(
        &self,
        bucket: &str,
        burst: f64,
        per_ms: f64,
        now_ms: i64,
    ) -> Result<Option<f64>> {
        // Now and then, forget buckets that have refilled (a full bucket is no bucket).
        if self.takes.fetch_add(1, Ordering::Relaxed) % 1000 == 999 {
            let before_ms = now_ms - (burst / per_ms).ceil() as i64;
            on!(self, forget_buckets(before_ms))?;
        }
        let (taken, tokens) = match &self.pool {
            Pool::Sqlite(lite) => {
                let bucket = bucket.to_owned();
                lite.run(move |c| sqlite::take(c, &bucket, burst, per_ms, now_ms))
                    .await?
            }
            Pool::Postgres(p) => postgres::take(p, bucket, burst, per_ms, now_ms).await?,
        };
        Ok((taken == 0).then_some(tokens))
    }

    /// One page of an article's approved comments: up to `limit` top-level comments after
    /// `cursor` (the last top-level id of the page before), oldest or newest first, each
    /// with all its approved replies; the article's count of approved comments; and the
    /// cursor of the next page, if there is one.
    pub async fn page(
        &self,
        post: &str,
        newest_first: bool,
        limit: u32,
        cursor: Option<i64>,
    ) -> Result<(Vec<Row>, u64, Option<i64>)> {
        let after = cursor.unwrap_or(if newest_first { i64::MAX } else { 0 });
        let limit = limit as usize;
        match &self.pool {
            Pool::Sqlite(lite) => {
                let post = post.to_owned();
                lite.read(move |c| {
                    // One read: the count and the comments from the same state.
                    let tx = c.transaction()?;
                    let (tops, total) =
                        sqlite::page(&tx, &post, newest_first, after, asked(limit))?;
                    let (tops, next) = paged(tops, limit);
                    let rows = if tops.is_empty() {
                        Vec::new()
                    } else {
                        sqlite::threads(&tx, &post, &tops)?
                    };
                    Ok((rows, total as u64, next))
                })
                .await
            }
            Pool::Postgres(p) => {
                let (tops, total) =
                    postgres::page(p, post, newest_first, after, asked(limit)).await?;
                let (tops, next) = paged(tops, limit);
                let rows = if tops.is_empty() {
                    Vec::new()
                } else {
                    postgres::threads(p, post, &tops).await?
                };
                Ok((rows, total as u64, next))
            }
        }
    }

    /// Whether comment `id` is a published comment of article `post` (a reply answers a
    /// comment readers can see, of its own article).
    pub async fn is_comment_of(&self, id: i64, post: &str) -> Result<bool> {
        match &self.pool {
            Pool::Sqlite(lite) => {
                let post = post.to_owned();
                lite.run(move |c| sqlite::is_comment_of(c, id, &post)).await
            }
            Pool::Postgres(p) => postgres::is_comment_of(p, id, post).await,
        }
    }

    /// Every comment, or those with one status, oldest first.
    pub async fn list(&self, status: Option<&str>) -> Result<Vec<Row>> {
        let status = status.unwrap_or("").to_owned();
        match &self.pool {
            Pool::Sqlite(lite) => lite.run(move |c| sqlite::list(c, &status)).await,
            Pool::Postgres(p) => postgres::list(p, &status).await,
        }
    }

    /// Publishes a comment from the shell (`balasan-server approve`), in the audit trail as
    /// `(shell)`. `false` if there is no such comment.
    pub async fn approve(&self, id: i64) -> Result<bool> {
        let done = self
            .moderate(vec![id], Action::Approve, Who::shell(), unix_now())
            .await?;
        Ok(!done.is_empty())
    }

    /// Adds moderator `name` (as [`crate::accounts::name`] keeps it) with a password hash.
    /// `false` if the name is taken.
    pub async fn add_moderator(&self, name: &str, hash: &str) -> Result<bool> {
        let (name, hash, now) = (name.to_owned(), hash.to_owned(), unix_now());
        on!(self, add_moderator(name, hash, now))
    }

    /// Every moderator, by name.
    pub async fn moderators(&self) -> Result<Vec<Moderator>> {
        on!(self, moderators())
    }

    /// Removes moderator `name`; `false` if there is none.
    pub async fn remove_moderator(&self, name: &str) -> Result<bool> {
        let name = name.to_owned();
        on!(self, remove_moderator(name))
    }

    /// Gives moderator `name` a new password hash and ends their sessions, in one
    /// transaction; `false` if there is no such moderator.
    pub async fn set_password(&self, name: &str, hash: &str) -> Result<bool> {
        let (name, hash) = (name.to_owned(), hash.to_owned());
        on!(self, set_password(name, hash))
    }

    /// Moderator `name`'s password hash, if there is such a moderator.
    pub async fn password_hash(&self, name: &str) -> Result<Option<String>> {
        let name = name.to_owned();
        on!(self, password_hash(name))
    }

    /// A page of the moderation queue.
    pub async fn queue(&self, query: QueueQuery) -> Result<Vec<Queued>> {
        on!(self, queue(query))
    }

    /// Article `post`'s list version and when it last changed (unix seconds); `(0, 0)`
    /// for an article whose list never changed. One row by its key: a conditional request
    /// for the list reads nothing else.
    pub async fn list_version(&self, post: &str) -> Result<(i64, i64)> {
        let post = post.to_owned();
        match &self.pool {
            Pool::Sqlite(lite) => lite.read(move |c| sqlite::list_version(c, post)).await,
            Pool::Postgres(p) => postgres::list_version(p, post).await,
        }
    }

    /// How many comments of article `post` (every article when empty) have each status.
    pub async fn counts(&self, post: &str) -> Result<Vec<(String, i64)>> {
        let post = post.to_owned();
        on!(self, counts(post))
    }

    /// Comment `id`, if there is one.
    pub async fn comment(&self, id: i64) -> Result<Option<Queued>> {
        on!(self, comment(id))
    }

    /// Does `action` to each of `ids` (those that exist), with a line in the audit trail
    /// for each change, in one transaction: a bulk action is done whole or not at all.
    pub async fn moderate(
        &self,
        ids: Vec<i64>,
        action: Action,
        who: Who,
        now: i64,
    ) -> Result<Vec<Moderated>> {
        on!(self, moderate(ids, action, who, now))
    }

    /// Corrects comment `id`, keeping what it said before in the audit trail; the comment
    /// as it is now, or `None` when there is no such comment.
    pub async fn edit(&self, id: i64, edit: Edit, who: Who, now: i64) -> Result<Option<Row>> {
        on!(self, edit(id, edit, who, now))
    }

    /// Comment `id`'s audit trail, oldest first (also for a comment deleted since).
    pub async fn trail(&self, id: i64) -> Result<Vec<Entry>> {
        on!(self, trail(id))
    }

    /// Deletes forever what has been in the trash since before `before`; how many.
    pub async fn empty_trash(&self, before: i64, now: i64) -> Result<usize> {
        let ids = on!(self, old_trash(before))?;
        let done = self
            .moderate(ids, Action::Delete, Who::server(), now)
            .await?;
        Ok(done.iter().filter(|m| m.changed).count())
    }

    /// Opens a session; `false` when its moderator is gone or has another password now.
    pub async fn new_session(&self, new: NewSession) -> Result<bool> {
        on!(self, new_session(new))
    }

    /// The session whose token hashes to `token_hash`, if there is one (expired or not:
    /// the caller knows the lifetimes).
    pub async fn session(&self, token_hash: &str) -> Result<Option<Session>> {
        let token_hash = token_hash.to_owned();
        on!(self, session(token_hash))
    }

    /// Notes that a session was used at `now`.
    pub async fn touch_session(&self, token_hash: &str, now: i64) -> Result<()> {
        let token_hash = token_hash.to_owned();
        on!(self, touch_session(token_hash, now))
    }

    /// Ends a session (logout, expiry).
    pub async fn end_session(&self, token_hash: &str) -> Result<()> {
        let token_hash = token_hash.to_owned();
        on!(self, end_session(token_hash))
    }

    /// Forgets expired sessions and old login failures.
    pub async fn forget_stale(&self, stale: Stale) -> Result<()> {
        on!(self, forget_stale(stale))
    }

    /// Until when (unix seconds) logins under either key are refused, if ever locked.
    pub async fn login_locked_until(&self, keys: [&str; 2]) -> Result<Option<i64>> {
        let keys = keys.map(str::to_owned);
        on!(self, login_locked_until(keys))
    }

    /// Counts a login attempt under `key` at `now` (as a failure until it succeeds),
    /// starting again from one when the last was before `since`, and starts the wait when
    /// that makes `tries`: the count and until when (unix seconds) logins wait. `None`
    /// when logins under `key` wait already: the attempt is refused and not counted.
    pub async fn attempt_login(
        &self,
        key: &str,
        now: i64,
        since: i64,
        tries: i64,
    ) -> Result<Option<(i64, i64)>> {
        let key = key.to_owned();
        on!(self, attempt_login(key, now, since, tries))
    }

    /// An attempt under `key` succeeded: one failure fewer, and no wait under `tries`.
    pub async fn attempt_succeeded(&self, key: &str, tries: i64) -> Result<()> {
        let key = key.to_owned();
        on!(self, attempt_succeeded(key, tries))
    }

    /// Forgets the failures under `key` (a right password for that name).
    pub async fn forget_failures(&self, key: &str) -> Result<()> {
        let key = key.to_owned();
        on!(self, forget_failures(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_row(content: &str) -> NewRow {
        NewRow {
            post: "42".into(),
            parent: None,
            author: "Sari".into(),
            email: "sari@contoh.id".into(),
            url: String::new(),
            content: content.into(),
            page_url: String::new(),
            page_title: String::new(),
            status: Moderation::Pending,
            ip: "127.0.0.1".into(),
        }
    }

    async fn file_db(dir: &tempfile::TempDir) -> Db {
        Db::open(&Store::Sqlite(dir.path().join("t.sqlite")))
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn keys_replay_and_duplicates_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = file_db(&dir).await;
        let answer = |r: &Row| (202, format!("{{\"id\":{}}}", r.id));
        let k = |key, request| Some(Key { key, request });
        let first = db
            .insert(&new_row("a"), k("k", "ra"), answer)
            .await
            .unwrap();
        assert_eq!(first, Insert::Stored(202, "{\"id\":1}".into()));
        let again = db
            .insert(&new_row("a"), k("k", "ra"), answer)
            .await
            .unwrap();
        assert_eq!(again, Insert::Replayed(202, "{\"id\":1}".into()));
        let asked = |request| Key { key: "k", request };
        assert_eq!(
            db.replay(asked("ra")).await.unwrap(),
            Some(Insert::Replayed(202, "{\"id\":1}".into()))
        );
        // Another request with the key learns nothing and stores nothing.
        assert_eq!(
            db.replay(asked("rb")).await.unwrap(),
            Some(Insert::KeyReused)
        );
        let other = db
            .insert(&new_row("b"), k("k", "rb"), answer)
            .await
            .unwrap();
        assert_eq!(other, Insert::KeyReused);
        let dup = db
            .insert(&new_row("a"), k("k2", "ra"), answer)
            .await
            .unwrap();
        assert_eq!(dup, Insert::Duplicate);
        // The refused key was not kept: it is free for the comment it belongs to.
        assert_eq!(
            db.replay(Key {
                key: "k2",
                request: "ra"
            })
            .await
            .unwrap(),
            None
        );
        assert_eq!(db.list(None).await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn secret_survives_reopening_and_challenges_are_single_use() {
        let dir = tempfile::tempdir().unwrap();
        let secret = file_db(&dir).await.secret().await.unwrap();
        let db = file_db(&dir).await;
        assert_eq!(db.secret().await.unwrap(), secret);
        assert!(db.use_challenge("n1", unix_now() + 60).await.unwrap());
        assert!(!db.use_challenge("n1", unix_now() + 60).await.unwrap());
    }

    #[tokio::test]
    async fn a_bucket_holds_its_burst_and_refills() {
        let dir = tempfile::tempdir().unwrap();
        let db = file_db(&dir).await;
        let per_ms = 2.0 / 60_000.0;
        assert_eq!(db.take("10.0.0.1", 2.0, per_ms, 0).await.unwrap(), None);
        assert_eq!(db.take("10.0.0.1", 2.0, per_ms, 0).await.unwrap(), None);
        let left = db.take("10.0.0.1", 2.0, per_ms, 0).await.unwrap();
        assert!(left.is_some_and(|t| t.abs() < 1e-9), "{left:?}");
        assert_eq!(db.take("10.0.0.2", 2.0, per_ms, 0).await.unwrap(), None);
        assert_eq!(
            db.take("10.0.0.1", 2.0, per_ms, 31_000).await.unwrap(),
            None
        );
        // A clock behind the last take refills nothing and takes nothing back.
        assert!(db
            .take("10.0.0.1", 2.0, per_ms, 1_000)
            .await
            .unwrap()
            .is_some());
    }

    #[tokio::test]
    async fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = file_db(&dir).await;
        assert_eq!(db.version().await.unwrap(), schema_version());
        drop(db);
        let file = rusqlite::Connection::open(dir.path().join("t.sqlite")).unwrap();
        file.pragma_update(None, "user_version", 99).unwrap();
        drop(file);
        let refused = Db::open(&Store::Sqlite(dir.path().join("t.sqlite"))).await;
        let message = refused.err().expect("refused").to_string();
        assert!(message.contains("schema version 99"), "{message}");
    }
}
