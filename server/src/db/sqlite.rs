//! The SQLite store: one connection to one file, behind a mutex. SQLite has one writer at
//! a time anyway; a queue at the mutex is fairer than writers busy-waiting on the file's
//! lock, and a call costs microseconds (sqlx's SQLite driver, measured here, spent
//! 130–200 µs per statement passing each to its worker thread: the default store ran at
//! a quarter of the comments per second).

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, TryLockError};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::sql::{self, for_sqlite};
use super::{
    changes_list, edit_detail, kept_answer, plan, read_detail, Edit, Entry, Error, Insert, Key,
    Moderated, Moderator, NewRow, NewSession, QueueQuery, Queued, Result, Row, Session, Stale, Who,
    MIGRATIONS,
};
use balasan_core::moderation::{Action, Change, Status};

use crate::settings::Moderation;

/// The SQLite file: one connection for everything that writes (SQLite takes one writer at
/// a time), and a few that only read the public comment list, beside it and each other
/// (WAL gives each read the last committed state, so a comment acknowledged by the writer is
/// in every list read after).
#[derive(Clone)]
pub struct Lite {
    conn: Arc<Mutex<Connection>>,
    readers: Arc<[Mutex<Connection>]>,
    next: Arc<AtomicUsize>,
}

impl Lite {
    pub fn open(path: &Path) -> Result<Lite> {
        let conn = connect(path)?;
        // WAL keeps readers and the writer apart; NORMAL sync loses nothing when the
        // process dies (only on power loss, the last transactions).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let readers = (0..cores.clamp(2, 8))
            .map(|_| {
                let reader = connect(path)?;
                reader.pragma_update(None, "query_only", "ON")?;
                Ok(Mutex::new(reader))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Lite {
            conn: Arc::new(Mutex::new(conn)),
            readers: readers.into(),
            next: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// Runs `work` on the writer's connection, off the async threads.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || work(&mut lock(&conn)))
            .await
            .map_err(|e| Error::Broken(format!("a store task failed: {e}")))?
    }

    /// Runs `work`, which only reads, on a reading connection: the first free one from the
    /// next in turn, or that one when all are busy.
    pub async fn read<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let readers = self.readers.clone();
        let at = self.next.fetch_add(1, Ordering::Relaxed);
        tokio::task::spawn_blocking(move || {
            let n = readers.len();
            let free = (0..n).find_map(|i| match readers[(at + i) % n].try_lock() {
                Ok(conn) => Some(conn),
                Err(TryLockError::Poisoned(e)) => Some(e.into_inner()),
                Err(TryLockError::WouldBlock) => None,
            });
            work(&mut free.unwrap_or_else(|| lock(&readers[at % n])))
        })
        .await
        .map_err(|e| Error::Broken(format!("a store task failed: {e}")))?
    }
}

/// A connection to the file with the settings every one of ours has.
fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Another process on the same file (`migrate`, `approve`) waits its turn.
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

/// A panic mid-statement leaves SQLite consistent (the transaction rolls back when
/// dropped), so a poisoned lock is still a good connection.
fn lock(conn: &Mutex<Connection>) -> std::sync::MutexGuard<'_, Connection> {
    conn.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Brings the file to this binary's schema; the version is SQLite's `user_version`.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let have: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let latest = super::schema_version();
    if have > latest {
        return Err(Error::newer_schema(have));
    }
    for &(version, _, sqlite, _) in MIGRATIONS {
        if version > have {
            tx.execute_batch(sqlite)?;
        }
    }
    tx.pragma_update(None, "user_version", latest)?;
    tx.commit()?;
    Ok(())
}

pub fn version(conn: &mut Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

pub fn ping(conn: &mut Connection) -> Result<()> {
    conn.query_row(sql::PING, [], |_| Ok(()))?;
    Ok(())
}

pub fn secret(conn: &mut Connection, fresh: Vec<u8>) -> Result<Vec<u8>> {
    conn.prepare_cached(sql::KEEP_SECRET)?
        .execute(params![fresh])?;
    Ok(conn.query_row(sql::SECRET, [], |r| r.get(0))?)
}

pub fn replay(conn: &Connection, key: &str) -> Result<Option<(u16, String, String)>> {
    Ok(conn
        .prepare_cached(&for_sqlite(sql::REPLAY))?
        .query_row(params![key], |r| {
            Ok((r.get::<_, u16>(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?)
}

pub fn insert(
    conn: &mut Connection,
    new: &NewRow,
    key: Option<Key<'_>>,
    now: i64,
    answer: impl FnOnce(&Row) -> (u16, String),
) -> Result<Insert> {
    // The write lock is taken first (one writer per file): nothing changes between the
    // checks and the insert, on this server or another process on the file.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(k) = key {
        if let Some((status, body, request)) = replay(&tx, k.key)? {
            return Ok(kept_answer(status, body, &request, k.request));
        }
    }
    let duplicate = tx
        .prepare_cached(&for_sqlite(sql::DUPLICATE))?
        .exists(params![new.post, new.email, new.author, new.content])?;
    if duplicate {
        return Ok(Insert::Duplicate);
    }
    let id: i64 = tx.prepare_cached(&for_sqlite(sql::INSERT))?.query_row(
        params![
            new.post,
            new.parent,
            new.author,
            new.email,
            new.url,
            new.content,
            new.page_url,
            new.page_title,
            new.status.as_str(),
            new.ip,
            now
        ],
        |r| r.get(0),
    )?;
    let (status, body) = answer(&new.stored(id, now));
    if let Some(k) = key {
        tx.prepare_cached(&for_sqlite(sql::KEEP_ANSWER))?
            .execute(params![k.key, status, body, now, k.request])?;
    }
    if new.status == Moderation::Approved {
        tx.prepare_cached(&for_sqlite(sql::BUMP))?
            .execute(params![new.post, now])?;
    }
    tx.commit()?;
    Ok(Insert::Stored(status, body))
}

pub fn list_version(conn: &mut Connection, post: String) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached(&for_sqlite(sql::VERSION))?
        .query_row(params![post], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, 0)))
}

pub fn use_challenge(
    conn: &mut Connection,
    nonce: &str,
    expires_at: i64,
    now: i64,
) -> Result<bool> {
    conn.prepare_cached(&for_sqlite(sql::FORGET_CHALLENGES))?
        .execute(params![now])?;
    let inserted = conn
        .prepare_cached(&for_sqlite(sql::USE_CHALLENGE))?
        .execute(params![nonce, expires_at])?;
    Ok(inserted == 1)
}

pub fn used_between(conn: &mut Connection, from: String, to: String) -> Result<i64> {
    Ok(conn
        .prepare_cached(&for_sqlite(sql::USED_BETWEEN))?
        .query_row(params![from, to], |r| r.get(0))?)
}

pub fn forget_buckets(conn: &mut Connection, before_ms: i64) -> Result<()> {
    conn.prepare_cached(&for_sqlite(sql::FORGET_BUCKETS))?
        .execute(params![before_ms])?;
    Ok(())
}

pub fn take(
    conn: &mut Connection,
    bucket: &str,
    burst: f64,
    per_ms: f64,
    now_ms: i64,
) -> Result<(i64, f64)> {
    Ok(conn
        .prepare_cached(&for_sqlite(&sql::TAKE))?
        .query_row(params![bucket, burst, now_ms, per_ms], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?)
}

pub fn page(
    conn: &Connection,
    post: &str,
    newest_first: bool,
    after: i64,
    limit: i64,
) -> Result<(Vec<i64>, i64)> {
    let tops = conn
        .prepare_cached(&for_sqlite(sql::tops(newest_first)))?
        .query_map(params![post, after, limit], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    let total = conn
        .prepare_cached(&for_sqlite(sql::COUNT))?
        .query_row(params![post], |r| r.get(0))?;
    Ok((tops, total))
}

pub fn threads(conn: &Connection, post: &str, tops: &[i64]) -> Result<Vec<Row>> {
    rows(conn, &sql::threads(tops), post)
}

pub fn is_comment_of(conn: &mut Connection, id: i64, post: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(&for_sqlite(sql::IS_COMMENT_OF))?
        .exists(params![id, post])?)
}

pub fn list(conn: &mut Connection, status: &str) -> Result<Vec<Row>> {
    rows(conn, &sql::LIST, status)
}

pub fn add_moderator(conn: &mut Connection, name: String, hash: String, now: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(&for_sqlite(sql::ADD_MODERATOR))?
        .execute(params![name, hash, now])?
        == 1)
}

pub fn moderators(conn: &mut Connection) -> Result<Vec<Moderator>> {
    let mut statement = conn.prepare_cached(sql::MODERATORS)?;
    let found = statement
        .query_map([], |r| {
            Ok(Moderator {
                name: r.get(0)?,
                created_at: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found)
}

pub fn remove_moderator(conn: &mut Connection, name: String) -> Result<bool> {
    Ok(conn
        .prepare_cached(&for_sqlite(sql::REMOVE_MODERATOR))?
        .execute(params![name])?
        == 1)
}

pub fn set_password(conn: &mut Connection, name: String, hash: String) -> Result<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let set = tx
        .prepare_cached(&for_sqlite(sql::SET_PASSWORD))?
        .execute(params![name, hash])?
        == 1;
    tx.prepare_cached(&for_sqlite(sql::END_SESSIONS_OF))?
        .execute(params![name])?;
    tx.commit()?;
    Ok(set)
}

pub fn new_session(conn: &mut Connection, new: NewSession) -> Result<bool> {
    Ok(conn
        .prepare_cached(&for_sqlite(sql::NEW_SESSION))?
        .execute(params![
            new.token_hash,
            new.name,
            new.csrf,
            new.address,
            new.now,
            new.password_hash
        ])?
        == 1)
}

pub fn session(conn: &mut Connection, token_hash: String) -> Result<Option<Session>> {
    Ok(conn
        .prepare_cached(&for_sqlite(sql::SESSION))?
        .query_row(params![token_hash], |r| {
            Ok(Session {
                name: r.get(0)?,
                csrf: r.get(1)?,
                created_at: r.get(2)?,
                seen_at: r.get(3)?,
            })
        })
        .optional()?)
}

pub fn touch_session(conn: &mut Connection, token_hash: String, now: i64) -> Result<()> {
    conn.prepare_cached(&for_sqlite(sql::TOUCH_SESSION))?
        .execute(params![token_hash, now])?;
    Ok(())
}

pub fn end_session(conn: &mut Connection, token_hash: String) -> Result<()> {
    conn.prepare_cached(&for_sqlite(sql::END_SESSION))?
        .execute(params![token_hash])?;
    Ok(())
}

pub fn forget_stale(conn: &mut Connection, stale: Stale) -> Result<()> {
    conn.prepare_cached(&for_sqlite(sql::FORGET_SESSIONS))?
        .execute(params![stale.idle_before, stale.opened_before])?;
    conn.prepare_cached(&for_sqlite(sql::FORGET_OLD_FAILURES))?
        .execute(params![stale.failed_before, stale.now])?;
    Ok(())
}

pub fn login_locked_until(conn: &mut Connection, keys: [String; 2]) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(&for_sqlite(sql::LOGIN_LOCKED_UNTIL))?
        .query_row(params![keys[0], keys[1]], |r| r.get(0))?)
}

pub fn attempt_login(
    conn: &mut Connection,
    key: String,
    now: i64,
    since: i64,
    tries: i64,
) -> Result<Option<(i64, i64)>> {
    Ok(conn
        .prepare_cached(&for_sqlite(&sql::ATTEMPT_LOGIN))?
        .query_row(params![key, now, since, tries], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

pub fn attempt_succeeded(conn: &mut Connection, key: String, tries: i64) -> Result<()> {
    conn.prepare_cached(&for_sqlite(sql::ATTEMPT_SUCCEEDED))?
        .execute(params![key, tries])?;
    Ok(())
}

pub fn forget_failures(conn: &mut Connection, key: String) -> Result<()> {
    conn.prepare_cached(&for_sqlite(sql::FORGET_FAILURES))?
        .execute(params![key])?;
    Ok(())
}

pub fn password_hash(conn: &mut Connection, name: String) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(&for_sqlite(sql::PASSWORD_HASH))?
        .query_row(params![name], |r| r.get(0))
        .optional()?)
}

pub fn queue(conn: &mut Connection, q: QueueQuery) -> Result<Vec<Queued>> {
    let mut statement = conn.prepare_cached(&for_sqlite(&sql::QUEUE))?;
    let found = statement
        .query_map(
            params![q.status.as_str(), q.post, q.pattern, q.before, q.limit],
            read_queued,
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found)
}

pub fn counts(conn: &mut Connection, post: String) -> Result<Vec<(String, i64)>> {
    let mut statement = conn.prepare_cached(&for_sqlite(sql::COUNTS))?;
    let found = statement
        .query_map(params![post], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found)
}

fn read_queued(r: &rusqlite::Row) -> rusqlite::Result<Queued> {
    Ok(Queued {
        row: read_row(r)?,
        edited_at: r.get(12)?,
        parent_author: r.get(13)?,
        parent_content: r.get(14)?,
    })
}

pub fn comment(conn: &mut Connection, id: i64) -> Result<Option<Queued>> {
    Ok(conn
        .prepare_cached(&for_sqlite(&sql::QUEUED_ONE))?
        .query_row(params![id], read_queued)
        .optional()?)
}

pub fn moderate(
    conn: &mut Connection,
    ids: Vec<i64>,
    action: Action,
    who: Who,
    now: i64,
) -> Result<Vec<Moderated>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut done = Vec::with_capacity(ids.len());
    let mut changed_lists = BTreeSet::new();
    for id in ids {
        let found: Option<(String, Option<String>, String)> = tx
            .prepare_cached(&for_sqlite(sql::STATUS_OF))?
            .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((status, before, post)) = found else {
            continue;
        };
        let Some((change, detail)) = plan(action, &status, before.as_deref())? else {
            done.push(Moderated {
                id,
                status: Status::parse(&status),
                changed: false,
            });
            continue;
        };
        if changes_list(&status, change) {
            changed_lists.insert(post.clone());
        }
        let now_status = match change {
            Change::To { status, before } => {
                let trashed = (status == Status::Trash).then_some(now);
                tx.prepare_cached(&for_sqlite(sql::SET_STATUS))?
                    .execute(params![
                        id,
                        status.as_str(),
                        before.map(Status::as_str),
                        trashed
                    ])?;
                Some(status)
            }
            Change::Delete => {
                let moved = tx
                    .prepare_cached(&for_sqlite(sql::REPARENT))?
                    .execute(params![id])?;
                if moved > 0 {
                    changed_lists.insert(post.clone());
                }
                tx.prepare_cached(&for_sqlite(sql::DELETE))?
                    .execute(params![id])?;
                None
            }
        };
        tx.prepare_cached(&for_sqlite(sql::AUDIT))?
            .execute(params![
                id,
                who.moderator,
                action.as_str(),
                detail,
                who.address,
                now
            ])?;
        done.push(Moderated {
            id,
            status: now_status,
            changed: true,
        });
    }
    // In the articles' order: transactions bump in one order, never waiting on each other.
    for post in changed_lists {
        tx.prepare_cached(&for_sqlite(sql::BUMP))?
            .execute(params![post, now])?;
    }
    tx.commit()?;
    Ok(done)
}

pub fn edit(conn: &mut Connection, id: i64, edit: Edit, who: Who, now: i64) -> Result<Option<Row>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(old) = tx
        .prepare_cached(&for_sqlite(&sql::COMMENT))?
        .query_row(params![id], read_row)
        .optional()?
    else {
        return Ok(None);
    };
    let Some(detail) = edit_detail(&old, &edit) else {
        return Ok(Some(old));
    };
    tx.prepare_cached(&for_sqlite(sql::EDIT))?.execute(params![
        id,
        edit.content,
        edit.author,
        edit.url,
        now
    ])?;
    tx.prepare_cached(&for_sqlite(sql::AUDIT))?
        .execute(params![id, who.moderator, "edit", detail, who.address, now])?;
    if old.status == Moderation::Approved.as_str() {
        tx.prepare_cached(&for_sqlite(sql::BUMP))?
            .execute(params![old.post, now])?;
    }
    tx.commit()?;
    Ok(Some(Row {
        content: edit.content,
        author: edit.author,
        url: edit.url,
        ..old
    }))
}

pub fn trail(conn: &mut Connection, id: i64) -> Result<Vec<Entry>> {
    let mut statement = conn.prepare_cached(&for_sqlite(sql::TRAIL))?;
    let found = statement
        .query_map(params![id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get::<_, String>(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    found
        .into_iter()
        .map(|(moderator, action, detail, address, at)| {
            Ok(Entry {
                moderator,
                action,
                detail: read_detail(&detail)?,
                address,
                at,
            })
        })
        .collect()
}

pub fn old_trash(conn: &mut Connection, before: i64) -> Result<Vec<i64>> {
    let mut statement = conn.prepare_cached(&for_sqlite(sql::OLD_TRASH))?;
    let found = statement
        .query_map(params![before], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found)
}

/// The comments a statement selecting [`sql::COLUMNS`] with one parameter finds.
fn rows(conn: &Connection, statement: &str, param: &str) -> Result<Vec<Row>> {
    let mut statement = conn.prepare(&for_sqlite(statement))?;
    let found = statement
        .query_map(params![param], read_row)?
        .collect::<rusqlite::Result<Vec<Row>>>()?;
    Ok(found)
}

/// A comment from the first columns of a result ([`sql::COLUMNS`]).
fn read_row(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        post: r.get(1)?,
        parent: r.get(2)?,
        author: r.get(3)?,
        email: r.get(4)?,
        url: r.get(5)?,
        content: r.get(6)?,
        page_url: r.get(7)?,
        page_title: r.get(8)?,
        status: r.get(9)?,
        ip: r.get(10)?,
        created_at: r.get(11)?,
    })
}
