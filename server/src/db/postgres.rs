//! The PostgreSQL store: a pool of connections shared by a server's requests, one database
//! shared by any number of servers. Whatever those servers must agree on is decided by a
//! statement the database serialises (`ON CONFLICT`, row locks), never by a process.

use std::collections::BTreeSet;
use std::time::Duration;

use sqlx::migrate::{MigrateError, Migration, MigrationType, Migrator};
use sqlx::postgres::{PgPool, PgPoolOptions, PgRow};
use sqlx::{AssertSqlSafe, Row as _, SqlSafeStr};

use super::sql;
use super::{
    changes_list, edit_detail, kept_answer, plan, read_detail, Edit, Entry, Error, Insert, Key,
    Moderated, Moderator, NewRow, NewSession, QueueQuery, Queued, Result, Row, Session, Stale, Who,
    MIGRATIONS,
};
use balasan_core::moderation::{Action, Change, Status};

use crate::settings::Moderation;

pub async fn connect(url: &str, connections: u32) -> Result<PgPool> {
    Ok(PgPoolOptions::new()
        .max_connections(connections.max(1))
        .acquire_timeout(Duration::from_secs(10))
        // A connection that broke fails its one statement and is dropped; checking every
        // connection before each use would cost a round trip per statement.
        .test_before_acquire(false)
        .connect(url)
        .await?)
}

/// Applies the migrations the database lacks. sqlx holds an advisory lock meanwhile, so
/// servers starting together apply each once; a migration changed after it was applied,
/// or one this binary does not know (a newer schema), is refused.
pub async fn migrate(p: &PgPool) -> Result<()> {
    let migrator = Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .map(|&(version, description, _, postgres)| {
                Migration::new(
                    version,
                    description.into(),
                    MigrationType::Simple,
                    postgres.into_sql_str(),
                    false,
                )
            })
            .collect(),
    );
    migrator.run(p).await.map_err(|e| match e {
        MigrateError::VersionMissing(v) => Error::newer_schema(v),
        e => Error::Migrate(e.to_string()),
    })
}

pub async fn version(p: &PgPool) -> Result<i64> {
    Ok(
        sqlx::query("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(p)
            .await?
            .try_get(0)?,
    )
}

pub async fn ping(p: &PgPool) -> Result<()> {
    sqlx::query(sql::PING).execute(p).await?;
    Ok(())
}

pub async fn secret(p: &PgPool, fresh: Vec<u8>) -> Result<Vec<u8>> {
    sqlx::query(sql::KEEP_SECRET).bind(fresh).execute(p).await?;
    Ok(sqlx::query(sql::SECRET).fetch_one(p).await?.try_get(0)?)
}

pub async fn replay(p: &PgPool, key: &str) -> Result<Option<(u16, String, String)>> {
    let found = sqlx::query(sql::REPLAY).bind(key).fetch_optional(p).await?;
    Ok(match found {
        Some(r) => Some((r.try_get::<i32, _>(0)? as u16, r.try_get(1)?, r.try_get(2)?)),
        None => None,
    })
}

/// The comment, then its key. When another server took the key meanwhile, PostgreSQL holds
/// this insert of the key until that one commits; then this comment is undone and that
/// one's answer given: one row per key, the same answer from every server.
pub async fn insert(
    p: &PgPool,
    new: &NewRow,
    key: Option<Key<'_>>,
    now: i64,
    answer: impl FnOnce(&Row) -> (u16, String),
) -> Result<Insert> {
    let mut tx = p.begin().await?;
    let duplicate = sqlx::query(sql::DUPLICATE)
        .bind(&new.post)
        .bind(&new.email)
        .bind(&new.author)
        .bind(&new.content)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if duplicate {
        tx.rollback().await?;
        // The same request, stored by another server since this one looked: its answer.
        if let Some(k) = key {
            if let Some((status, body, request)) = replay(p, k.key).await? {
                return Ok(kept_answer(status, body, &request, k.request));
            }
        }
        return Ok(Insert::Duplicate);
    }
    let id: i64 = sqlx::query(sql::INSERT)
        .bind(&new.post)
        .bind(new.parent)
        .bind(&new.author)
        .bind(&new.email)
        .bind(&new.url)
        .bind(&new.content)
        .bind(&new.page_url)
        .bind(&new.page_title)
        .bind(new.status.as_str())
        .bind(&new.ip)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    let (status, body) = answer(&new.stored(id, now));
    if let Some(k) = key {
        let kept = sqlx::query(sql::KEEP_ANSWER)
            .bind(k.key)
            .bind(i32::from(status))
            .bind(&body)
            .bind(now)
            .bind(k.request)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if kept == 0 {
            tx.rollback().await?;
            let (status, body, request) = replay(p, k.key)
                .await?
                .ok_or_else(|| Error::Broken("an idempotency key vanished".into()))?;
            return Ok(kept_answer(status, body, &request, k.request));
        }
    }
    if new.status == Moderation::Approved {
        sqlx::query(sql::BUMP)
            .bind(&new.post)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Insert::Stored(status, body))
}

pub async fn list_version(p: &PgPool, post: String) -> Result<(i64, i64)> {
    let found: Option<(i64, i64)> = sqlx::query_as(sql::VERSION)
        .bind(post)
        .fetch_optional(p)
        .await?;
    Ok(found.unwrap_or((0, 0)))
}

pub async fn use_challenge(p: &PgPool, nonce: &str, expires_at: i64, now: i64) -> Result<bool> {
    sqlx::query(sql::FORGET_CHALLENGES)
        .bind(now)
        .execute(p)
        .await?;
    let inserted = sqlx::query(sql::USE_CHALLENGE)
        .bind(nonce)
        .bind(expires_at)
        .execute(p)
        .await?
        .rows_affected();
    Ok(inserted == 1)
}

pub async fn used_between(p: &PgPool, from: String, to: String) -> Result<i64> {
    Ok(sqlx::query_scalar(sql::USED_BETWEEN)
        .bind(from)
        .bind(to)
        .fetch_one(p)
        .await?)
}

pub async fn forget_buckets(p: &PgPool, before_ms: i64) -> Result<()> {
    sqlx::query(sql::FORGET_BUCKETS)
        .bind(before_ms)
        .execute(p)
        .await?;
    Ok(())
}

pub async fn take(
    p: &PgPool,
    bucket: &str,
    burst: f64,
    per_ms: f64,
    now_ms: i64,
) -> Result<(i64, f64)> {
    let r = sqlx::query(AssertSqlSafe(sql::TAKE.as_str()))
        .bind(bucket)
        .bind(burst)
        .bind(now_ms)
        .bind(per_ms)
        .fetch_one(p)
        .await?;
    Ok((i64::from(r.try_get::<i32, _>(0)?), r.try_get(1)?))
}

pub async fn page(
    p: &PgPool,
    post: &str,
    newest_first: bool,
    after: i64,
    limit: i64,
) -> Result<(Vec<i64>, i64)> {
    let tops = sqlx::query(sql::tops(newest_first))
        .bind(post)
        .bind(after)
        .bind(limit)
        .fetch_all(p)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<std::result::Result<Vec<i64>, _>>()?;
    let total = sqlx::query(sql::COUNT)
        .bind(post)
        .fetch_one(p)
        .await?
        .try_get(0)?;
    Ok((tops, total))
}

pub async fn threads(p: &PgPool, post: &str, tops: &[i64]) -> Result<Vec<Row>> {
    rows(p, sql::threads(tops), post).await
}

pub async fn is_comment_of(p: &PgPool, id: i64, post: &str) -> Result<bool> {
    Ok(sqlx::query(sql::IS_COMMENT_OF)
        .bind(id)
        .bind(post)
        .fetch_optional(p)
        .await?
        .is_some())
}

pub async fn list(p: &PgPool, status: &str) -> Result<Vec<Row>> {
    rows(p, sql::LIST.clone(), status).await
}

pub async fn add_moderator(p: &PgPool, name: String, hash: String, now: i64) -> Result<bool> {
    Ok(sqlx::query(sql::ADD_MODERATOR)
        .bind(name)
        .bind(hash)
        .bind(now)
        .execute(p)
        .await?
        .rows_affected()
        == 1)
}

pub async fn moderators(p: &PgPool) -> Result<Vec<Moderator>> {
    sqlx::query(sql::MODERATORS)
        .fetch_all(p)
        .await?
        .iter()
        .map(|r| {
            Ok(Moderator {
                name: r.try_get(0)?,
                created_at: r.try_get(1)?,
            })
        })
        .collect()
}

pub async fn remove_moderator(p: &PgPool, name: String) -> Result<bool> {
    Ok(sqlx::query(sql::REMOVE_MODERATOR)
        .bind(name)
        .execute(p)
        .await?
        .rows_affected()
        == 1)
}

pub async fn set_password(p: &PgPool, name: String, hash: String) -> Result<bool> {
    let mut tx = p.begin().await?;
    let set = sqlx::query(sql::SET_PASSWORD)
        .bind(&name)
        .bind(hash)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    sqlx::query(sql::END_SESSIONS_OF)
        .bind(&name)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(set)
}

pub async fn new_session(p: &PgPool, new: NewSession) -> Result<bool> {
    Ok(sqlx::query(sql::NEW_SESSION)
        .bind(new.token_hash)
        .bind(new.name)
        .bind(new.csrf)
        .bind(new.address)
        .bind(new.now)
        .bind(new.password_hash)
        .execute(p)
        .await?
        .rows_affected()
        == 1)
}

pub async fn session(p: &PgPool, token_hash: String) -> Result<Option<Session>> {
    let found = sqlx::query(sql::SESSION)
        .bind(token_hash)
        .fetch_optional(p)
        .await?;
    found
        .map(|r| {
            Ok(Session {
                name: r.try_get(0)?,
                csrf: r.try_get(1)?,
                created_at: r.try_get(2)?,
                seen_at: r.try_get(3)?,
            })
        })
        .transpose()
}

pub async fn touch_session(p: &PgPool, token_hash: String, now: i64) -> Result<()> {
    sqlx::query(sql::TOUCH_SESSION)
        .bind(token_hash)
        .bind(now)
        .execute(p)
        .await?;
    Ok(())
}

pub async fn end_session(p: &PgPool, token_hash: String) -> Result<()> {
    sqlx::query(sql::END_SESSION)
        .bind(token_hash)
        .execute(p)
        .await?;
    Ok(())
}

pub async fn forget_stale(p: &PgPool, stale: Stale) -> Result<()> {
    sqlx::query(sql::FORGET_SESSIONS)
        .bind(stale.idle_before)
        .bind(stale.opened_before)
        .execute(p)
        .await?;
    sqlx::query(sql::FORGET_OLD_FAILURES)
        .bind(stale.failed_before)
        .bind(stale.now)
        .execute(p)
        .await?;
    Ok(())
}

pub async fn login_locked_until(p: &PgPool, keys: [String; 2]) -> Result<Option<i64>> {
    let [one, two] = keys;
    Ok(sqlx::query_scalar(sql::LOGIN_LOCKED_UNTIL)
        .bind(one)
        .bind(two)
        .fetch_one(p)
        .await?)
}

pub async fn attempt_login(
    p: &PgPool,
    key: String,
    now: i64,
    since: i64,
    tries: i64,
) -> Result<Option<(i64, i64)>> {
    Ok(sqlx::query_as(AssertSqlSafe(sql::ATTEMPT_LOGIN.clone()))
        .bind(key)
        .bind(now)
        .bind(since)
        .bind(tries)
        .fetch_optional(p)
        .await?)
}

pub async fn attempt_succeeded(p: &PgPool, key: String, tries: i64) -> Result<()> {
    sqlx::query(sql::ATTEMPT_SUCCEEDED)
        .bind(key)
        .bind(tries)
        .execute(p)
        .await?;
    Ok(())
}

pub async fn forget_failures(p: &PgPool, key: String) -> Result<()> {
    sqlx::query(sql::FORGET_FAILURES)
        .bind(key)
        .execute(p)
        .await?;
    Ok(())
}

pub async fn password_hash(p: &PgPool, name: String) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(sql::PASSWORD_HASH)
        .bind(name)
        .fetch_optional(p)
        .await?)
}

pub async fn queue(p: &PgPool, q: QueueQuery) -> Result<Vec<Queued>> {
    sqlx::query(AssertSqlSafe(sql::QUEUE.clone()))
        .bind(q.status.as_str())
        .bind(q.post)
        .bind(q.pattern)
        .bind(q.before)
        .bind(q.limit)
        .fetch_all(p)
        .await?
        .iter()
        .map(queued)
        .collect()
}

fn queued(r: &PgRow) -> Result<Queued> {
    Ok(Queued {
        row: row(r)?,
        edited_at: r.try_get(12)?,
        parent_author: r.try_get(13)?,
        parent_content: r.try_get(14)?,
    })
}

pub async fn counts(p: &PgPool, post: String) -> Result<Vec<(String, i64)>> {
    sqlx::query(sql::COUNTS)
        .bind(post)
        .fetch_all(p)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

pub async fn comment(p: &PgPool, id: i64) -> Result<Option<Queued>> {
    sqlx::query(AssertSqlSafe(sql::QUEUED_ONE.clone()))
        .bind(id)
        .fetch_optional(p)
        .await?
        .as_ref()
        .map(queued)
        .transpose()
}

pub async fn moderate(
    p: &PgPool,
    ids: Vec<i64>,
    action: Action,
    who: Who,
    now: i64,
) -> Result<Vec<Moderated>> {
    let mut tx = p.begin().await?;
    let mut done = Vec::with_capacity(ids.len());
    let mut changed_lists = BTreeSet::new();
    for id in ids {
        // Locked until the transaction ends: two moderators acting on one comment at once
        // act one after the other.
        let found: Option<(String, Option<String>, String)> =
            sqlx::query_as(AssertSqlSafe(format!("{} FOR UPDATE", sql::STATUS_OF)))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
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
                sqlx::query(sql::SET_STATUS)
                    .bind(id)
                    .bind(status.as_str())
                    .bind(before.map(Status::as_str))
                    .bind((status == Status::Trash).then_some(now))
                    .execute(&mut *tx)
                    .await?;
                Some(status)
            }
            Change::Delete => {
                let moved = sqlx::query(sql::REPARENT)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if moved > 0 {
                    changed_lists.insert(post.clone());
                }
                sqlx::query(sql::DELETE).bind(id).execute(&mut *tx).await?;
                None
            }
        };
        sqlx::query(sql::AUDIT)
            .bind(id)
            .bind(&who.moderator)
            .bind(action.as_str())
            .bind(detail)
            .bind(&who.address)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        done.push(Moderated {
            id,
            status: now_status,
            changed: true,
        });
    }
    // In the articles' order: transactions bump in one order, never deadlocking.
    for post in changed_lists {
        sqlx::query(sql::BUMP)
            .bind(post)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(done)
}

pub async fn edit(p: &PgPool, id: i64, edit: Edit, who: Who, now: i64) -> Result<Option<Row>> {
    let mut tx = p.begin().await?;
    let found = sqlx::query(AssertSqlSafe(format!("{} FOR UPDATE", *sql::COMMENT)))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(old) = found.as_ref().map(row).transpose()? else {
        return Ok(None);
    };
    let Some(detail) = edit_detail(&old, &edit) else {
        return Ok(Some(old));
    };
    sqlx::query(sql::EDIT)
        .bind(id)
        .bind(&edit.content)
        .bind(&edit.author)
        .bind(&edit.url)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query(sql::AUDIT)
        .bind(id)
        .bind(&who.moderator)
        .bind("edit")
        .bind(detail)
        .bind(&who.address)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if old.status == Moderation::Approved.as_str() {
        sqlx::query(sql::BUMP)
            .bind(&old.post)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Some(Row {
        content: edit.content,
        author: edit.author,
        url: edit.url,
        ..old
    }))
}

pub async fn trail(p: &PgPool, id: i64) -> Result<Vec<Entry>> {
    sqlx::query(sql::TRAIL)
        .bind(id)
        .fetch_all(p)
        .await?
        .iter()
        .map(|r| {
            let detail: String = r.try_get(2)?;
            Ok(Entry {
                moderator: r.try_get(0)?,
                action: r.try_get(1)?,
                detail: read_detail(&detail)?,
                address: r.try_get(3)?,
                at: r.try_get(4)?,
            })
        })
        .collect()
}

pub async fn old_trash(p: &PgPool, before: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(sql::OLD_TRASH)
        .bind(before)
        .fetch_all(p)
        .await?)
}

/// The comments a statement selecting [`sql::COLUMNS`] with one parameter finds.
async fn rows(p: &PgPool, statement: String, param: &str) -> Result<Vec<Row>> {
    sqlx::query(AssertSqlSafe(statement))
        .bind(param)
        .fetch_all(p)
        .await?
        .iter()
        .map(row)
        .collect()
}

fn row(r: &PgRow) -> Result<Row> {
    Ok(Row {
        id: r.try_get(0)?,
        post: r.try_get(1)?,
        parent: r.try_get(2)?,
        author: r.try_get(3)?,
        email: r.try_get(4)?,
        url: r.try_get(5)?,
        content: r.try_get(6)?,
        page_url: r.try_get(7)?,
        page_title: r.try_get(8)?,
        status: r.try_get(9)?,
        ip: r.try_get(10)?,
        created_at: r.try_get(11)?,
    })
}
