//! The SQLite file: comments, idempotency keys, used challenges, and the signing secret.
//!
//! One connection behind a mutex, in WAL mode. Every write that must be atomic (check the
//! idempotency key, check for a duplicate, insert, remember the answer) runs in one
//! `BEGIN IMMEDIATE` transaction, so two concurrent sends of the same comment cannot both
//! be stored.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use crate::clock::unix_now;
use crate::settings::Moderation;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS comments (
    id          INTEGER PRIMARY KEY,
    post        TEXT NOT NULL,
    parent      INTEGER,
    author      TEXT NOT NULL,
    email       TEXT NOT NULL,
    url         TEXT NOT NULL,
    content     TEXT NOT NULL,
    page_url    TEXT NOT NULL,
    page_title  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'approved')),
    ip          TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_by_post ON comments (post, status, id);
-- The duplicate check looks for the same person on the same article.
CREATE INDEX IF NOT EXISTS comments_by_author ON comments (post, email, author);
CREATE TABLE IF NOT EXISTS idempotency (
    key         TEXT PRIMARY KEY,
    status      INTEGER NOT NULL,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS used_challenges (
    nonce       TEXT PRIMARY KEY,
    expires_at  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    name        TEXT PRIMARY KEY,
    value       BLOB NOT NULL
);
";

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

/// What an insert did.
#[derive(Debug, PartialEq, Eq)]
pub enum Insert {
    /// Stored; the answer given (status, body) is remembered under the idempotency key.
    Stored(u16, String),
    /// The key was seen before: the first answer, again.
    Replayed(u16, String),
    /// The same text by the same person on the same article is already there.
    Duplicate,
}

pub struct Db {
    conn: Mutex<Connection>,
}

pub type Result<T> = rusqlite::Result<T>;

impl Db {
    /// Opens (creating if needed) the database file.
    pub fn open(path: &Path) -> Result<Db> {
        let conn = Connection::open(path)?;
        // WAL keeps readers and the writer apart; NORMAL sync loses nothing when the process
        // dies (only on power loss, the last transactions).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Db {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions
        // roll back), so a poisoned lock is safe to reuse.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The challenge-signing secret: made once, kept in the file, so challenges issued
    /// before a restart stay valid.
    pub fn secret(&self) -> Result<Vec<u8>> {
        let conn = self.conn();
        let existing: Option<Vec<u8>> = conn
            .query_row(
                "SELECT value FROM settings WHERE name = 'secret'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(s) = existing {
            return Ok(s);
        }
        let mut secret = vec![0u8; 32];
        getrandom::fill(&mut secret).expect("the OS random source");
        conn.execute(
            "INSERT INTO settings (name, value) VALUES ('secret', ?1)",
            params![secret],
        )?;
        Ok(secret)
    }

    /// The answer given before to this idempotency key, if any.
    pub fn replay(&self, key: &str) -> Result<Option<(u16, String)>> {
        self.conn()
            .query_row(
                "SELECT status, body FROM idempotency WHERE key = ?1",
                params![key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
    }

    /// Stores a comment unless its idempotency key or its text was seen before.
    /// `answer` makes the reply from the stored row; it is kept under the key.
    pub fn insert(
        &self,
        new: &NewRow,
        key: Option<&str>,
        answer: impl FnOnce(&Row) -> (u16, String),
    ) -> Result<Insert> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(key) = key {
            let seen: Option<(u16, String)> = tx
                .query_row(
                    "SELECT status, body FROM idempotency WHERE key = ?1",
                    params![key],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((status, body)) = seen {
                return Ok(Insert::Replayed(status, body));
            }
        }
        let duplicate = tx
            .query_row(
                "SELECT 1 FROM comments WHERE post = ?1 AND email = ?4 AND author = ?3 AND content = ?2 LIMIT 1",
                params![new.post, new.content, new.author, new.email],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if duplicate {
            return Ok(Insert::Duplicate);
        }
        let created_at = unix_now();
        tx.execute(
            "INSERT INTO comments (post, parent, author, email, url, content, page_url, page_title, status, ip, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
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
                created_at
            ],
        )?;
        let row = Row {
            id: tx.last_insert_rowid(),
            post: new.post.clone(),
            parent: new.parent,
            author: new.author.clone(),
            email: new.email.clone(),
            url: new.url.clone(),
            content: new.content.clone(),
            page_url: new.page_url.clone(),
            page_title: new.page_title.clone(),
            status: new.status.as_str().to_owned(),
            ip: new.ip.clone(),
            created_at,
        };
        let (status, body) = answer(&row);
        if let Some(key) = key {
            tx.execute(
                "INSERT INTO idempotency (key, status, body, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![key, status, body, created_at],
            )?;
        }
        tx.commit()?;
        Ok(Insert::Stored(status, body))
    }

    /// Marks a challenge as answered. `false` when it was answered before (a replay).
    pub fn use_challenge(&self, nonce: &str, expires_at: i64) -> Result<bool> {
        let conn = self.conn();
        // Forget challenges that can no longer be answered anyway.
        conn.execute(
            "DELETE FROM used_challenges WHERE expires_at < ?1",
            params![unix_now()],
        )?;
        let inserted = conn.execute(
            "INSERT OR IGNORE INTO used_challenges (nonce, expires_at) VALUES (?1, ?2)",
            params![nonce, expires_at],
        )?;
        Ok(inserted == 1)
    }

    fn rows(&self, sql: &str, args: impl rusqlite::Params) -> Result<Vec<Row>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map(args, |r| {
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
        })?;
        rows.collect()
    }

    const COLUMNS: &'static str =
        "id, post, parent, author, email, url, content, page_url, page_title, status, ip, created_at";

    /// The approved comments of one article, oldest first.
    pub fn approved(&self, post: &str) -> Result<Vec<Row>> {
        self.rows(
            &format!(
                "SELECT {} FROM comments WHERE post = ?1 AND status = 'approved' ORDER BY id",
                Self::COLUMNS
            ),
            params![post],
        )
    }

    /// One page of an article's approved comments: up to `limit` top-level comments after
    /// `cursor` (the last top-level id of the page before), oldest or newest first, each
    /// with all its approved replies; the article's count of approved comments; and the
    /// cursor of the next page, if there is one.
    pub fn page(
        &self,
        post: &str,
        newest_first: bool,
        limit: u32,
        cursor: Option<i64>,
    ) -> Result<(Vec<Row>, u64, Option<i64>)> {
        let (order, compare) = if newest_first {
            ("DESC", "<")
        } else {
            ("ASC", ">")
        };
        let after = cursor.unwrap_or(if newest_first { i64::MAX } else { 0 });
        let tops: Vec<i64> = {
            let conn = self.conn();
            let mut stmt = conn.prepare(&format!(
                "SELECT id FROM comments WHERE post = ?1 AND status = 'approved' AND parent IS NULL
                 AND id {compare} ?2 ORDER BY id {order} LIMIT ?3"
            ))?;
            let ids = stmt.query_map(params![post, after, i64::from(limit) + 1], |r| r.get(0))?;
            ids.collect::<Result<_>>()?
        };
        let more = tops.len() > limit as usize;
        let tops = &tops[..tops.len().min(limit as usize)];
        let next = if more { tops.last().copied() } else { None };
        let total: u64 = self.conn().query_row(
            "SELECT COUNT(*) FROM comments WHERE post = ?1 AND status = 'approved'",
            params![post],
            |r| r.get(0),
        )?;
        if tops.is_empty() {
            return Ok((Vec::new(), total, None));
        }
        let list = tops
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        // The page's threads: its top-level comments and every approved reply below them.
        let rows = self.rows(
            &format!(
                "WITH RECURSIVE thread(id) AS (
                    SELECT id FROM comments WHERE id IN ({list})
                    UNION ALL
                    SELECT c.id FROM comments c JOIN thread t ON c.parent = t.id
                    WHERE c.status = 'approved' AND c.post = ?1
                 )
                 SELECT {} FROM comments WHERE id IN (SELECT id FROM thread) ORDER BY id",
                Self::COLUMNS
            ),
            params![post],
        )?;
        Ok((rows, total, next))
    }

    /// Whether comment `id` belongs to article `post` (a reply must answer a comment of
    /// its own article).
    pub fn is_comment_of(&self, id: i64, post: &str) -> Result<bool> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM comments WHERE id = ?1 AND post = ?2",
                params![id, post],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Every comment, or those with one status, oldest first.
    pub fn list(&self, status: Option<&str>) -> Result<Vec<Row>> {
        match status {
            Some(s) => self.rows(
                &format!(
                    "SELECT {} FROM comments WHERE status = ?1 ORDER BY id",
                    Self::COLUMNS
                ),
                params![s],
            ),
            None => self.rows(
                &format!("SELECT {} FROM comments ORDER BY id", Self::COLUMNS),
                [],
            ),
        }
    }

    /// Publishes a pending comment. `false` if there is no such comment.
    pub fn approve(&self, id: i64) -> Result<bool> {
        let changed = self.conn().execute(
            "UPDATE comments SET status = 'approved' WHERE id = ?1",
            params![id],
        )?;
        Ok(changed == 1)
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

    #[test]
    fn keys_replay_and_duplicates_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.sqlite")).unwrap();
        let answer = |r: &Row| (202, format!("{{\"id\":{}}}", r.id));
        let first = db.insert(&new_row("Halo"), Some("k1"), answer).unwrap();
        assert_eq!(first, Insert::Stored(202, "{\"id\":1}".into()));
        let again = db.insert(&new_row("Halo"), Some("k1"), answer).unwrap();
        assert_eq!(again, Insert::Replayed(202, "{\"id\":1}".into()));
        let dup = db.insert(&new_row("Halo"), Some("k2"), answer).unwrap();
        assert_eq!(dup, Insert::Duplicate);
        assert_eq!(db.list(None).unwrap().len(), 1);
        assert!(db.approve(1).unwrap());
        assert!(!db.approve(99).unwrap());
        assert_eq!(db.approved("42").unwrap()[0].content, "Halo");
    }

    #[test]
    fn secret_survives_reopening_and_challenges_are_single_use() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite");
        let s1 = Db::open(&path).unwrap().secret().unwrap();
        let db = Db::open(&path).unwrap();
        assert_eq!(db.secret().unwrap(), s1);
        assert_eq!(s1.len(), 32);
        let later = unix_now() + 600;
        assert!(db.use_challenge("n1", later).unwrap());
        assert!(!db.use_challenge("n1", later).unwrap());
    }
}
