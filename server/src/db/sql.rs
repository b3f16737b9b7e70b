//! The statements, one text for both stores: `$1` placeholders (SQLite reads them as
//! `?1`, see [`for_sqlite`]), `ON CONFLICT`, `RETURNING` and `WITH RECURSIVE`, which both
//! understand alike.

use std::borrow::Cow;
use std::sync::LazyLock;

use crate::admin::throttle;

pub const COLUMNS: &str =
    "id, post, parent, author, email, url, content, page_url, page_title, status, ip, created_at";

pub const PING: &str = "SELECT 1";

pub const KEEP_SECRET: &str =
    "INSERT INTO settings (name, value) VALUES ('secret', $1) ON CONFLICT (name) DO NOTHING";
pub const SECRET: &str = "SELECT value FROM settings WHERE name = 'secret'";

pub const REPLAY: &str = "SELECT status, body, request FROM idempotency WHERE key = $1";
pub const DUPLICATE: &str = "SELECT 1 FROM comments \
     WHERE post = $1 AND email = $2 AND author = $3 AND content = $4 LIMIT 1";
pub const INSERT: &str = "INSERT INTO comments (post, parent, author, email, url, content, \
     page_url, page_title, status, ip, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
/// Keeps the answer under its key; nothing when another request took the key first.
pub const KEEP_ANSWER: &str = "INSERT INTO idempotency (key, status, body, created_at, request) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING";

pub const FORGET_CHALLENGES: &str = "DELETE FROM used_challenges WHERE expires_at < $1";
pub const USE_CHALLENGE: &str = "INSERT INTO used_challenges (nonce, expires_at) \
     VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING";
/// How many used nonces sort from `$1` (inclusive) to `$2` (exclusive): a range of the
/// key, which both stores' primary-key index answers.
pub const USED_BETWEEN: &str =
    "SELECT COUNT(*) FROM used_challenges WHERE nonce >= $1 AND nonce < $2";

pub const FORGET_BUCKETS: &str = "DELETE FROM rate_limits WHERE updated_ms < $1";

/// A token bucket in one statement: refill by the time since the last take (never more
/// than the burst, never backwards when servers' clocks differ), take a token if there is
/// one. `$1` bucket, `$2` burst, `$3` now (ms), `$4` tokens regained per ms. Returns
/// `taken` (1 or 0) and the tokens left.
pub static TAKE: LazyLock<String> = LazyLock::new(|| {
    const TAKE: &str = "
INSERT INTO rate_limits (bucket, tokens, taken, updated_ms) VALUES ($1, $2 - 1, 1, $3)
ON CONFLICT (bucket) DO UPDATE SET
    taken = CASE WHEN REFILLED >= 1 THEN 1 ELSE 0 END,
    tokens = CASE WHEN REFILLED >= 1 THEN REFILLED - 1 ELSE REFILLED END,
    updated_ms = CASE WHEN $3 > rate_limits.updated_ms THEN $3 ELSE rate_limits.updated_ms END
RETURNING taken, tokens";
    const REFILLED: &str = "(CASE WHEN rate_limits.tokens + ELAPSED * $4 > $2 THEN $2 \
         ELSE rate_limits.tokens + ELAPSED * $4 END)";
    const ELAPSED: &str =
        "(CASE WHEN $3 > rate_limits.updated_ms THEN $3 - rate_limits.updated_ms ELSE 0 END)";
    TAKE.replace("REFILLED", REFILLED)
        .replace("ELAPSED", ELAPSED)
});

pub const COUNT: &str = "SELECT COUNT(*) FROM comments WHERE post = $1 AND status = 'approved'";

/// Top-level approved comments of article `$1` after id `$2`, at most `$3`.
pub fn tops(newest_first: bool) -> &'static str {
    if newest_first {
        "SELECT id FROM comments WHERE post = $1 AND status = 'approved' AND parent IS NULL \
         AND id < $2 ORDER BY id DESC LIMIT $3"
    } else {
        "SELECT id FROM comments WHERE post = $1 AND status = 'approved' AND parent IS NULL \
         AND id > $2 ORDER BY id ASC LIMIT $3"
    }
}

/// The threads of a page: its top-level comments `tops` and every approved reply below
/// them, on article `$1`, oldest first. The ids are numbers from the database, safe to
/// write into the statement.
pub fn threads(tops: &[i64]) -> String {
    let list = tops
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    format!(
        "WITH RECURSIVE thread(id) AS (
            SELECT id FROM comments WHERE id IN ({list})
            UNION ALL
            SELECT c.id FROM comments c JOIN thread t ON c.parent = t.id
            WHERE c.status = 'approved' AND c.post = $1
         )
         SELECT {COLUMNS} FROM comments WHERE id IN (SELECT id FROM thread) ORDER BY id"
    )
}

pub const IS_COMMENT_OF: &str =
    "SELECT 1 FROM comments WHERE id = $1 AND post = $2 AND status = 'approved'";

/// Every comment (`$1` empty) or those with status `$1`.
pub static LIST: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {COLUMNS} FROM comments WHERE $1 = '' OR status = $1 ORDER BY id")
});

pub const ADD_MODERATOR: &str = "INSERT INTO moderators (name, password_hash, created_at) \
     VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING";
pub const MODERATORS: &str = "SELECT name, created_at FROM moderators ORDER BY name";
pub const REMOVE_MODERATOR: &str = "DELETE FROM moderators WHERE name = $1";
pub const SET_PASSWORD: &str = "UPDATE moderators SET password_hash = $2 WHERE name = $1";
pub const PASSWORD_HASH: &str = "SELECT password_hash FROM moderators WHERE name = $1";
/// Ends every session of moderator `$1` (a new password: whoever had the old one is out).
pub const END_SESSIONS_OF: &str =
    "DELETE FROM sessions WHERE moderator_id IN (SELECT id FROM moderators WHERE name = $1)";

/// A session `$1` (token hash) for moderator `$2`, with CSRF token `$3`, from address
/// `$4`, at `$5`; nothing when the moderator is gone or their password hash is no longer
/// `$6` (the one the login checked: a new password set meanwhile wins).
pub const NEW_SESSION: &str = "INSERT INTO sessions \
     (token_hash, moderator_id, csrf, address, created_at, seen_at) \
     SELECT $1, id, $3, $4, $5, $5 FROM moderators WHERE name = $2 AND password_hash = $6";
pub const SESSION: &str = "SELECT m.name, s.csrf, s.created_at, s.seen_at \
     FROM sessions s JOIN moderators m ON m.id = s.moderator_id WHERE s.token_hash = $1";
pub const TOUCH_SESSION: &str = "UPDATE sessions SET seen_at = $2 WHERE token_hash = $1";
pub const END_SESSION: &str = "DELETE FROM sessions WHERE token_hash = $1";
/// Sessions idle since before `$1` or opened before `$2`.
pub const FORGET_SESSIONS: &str = "DELETE FROM sessions WHERE seen_at < $1 OR created_at < $2";

/// Until when logins for either key (`$1`, `$2`) are refused; NULL when never.
pub const LOGIN_LOCKED_UNTIL: &str =
    "SELECT MAX(locked_until) FROM login_failures WHERE key IN ($1, $2)";
/// Counts a login attempt under key `$1` at `$2` and, when that makes `$4` (the tries
/// allowed) or more, starts the wait ([`throttle::wait`]), in one statement: guesses checked
/// at once on several servers are all counted, and the one that reaches the limit locks
/// the rest out. The count starts again when the last attempt was before `$3`. An attempt
/// counts as a failure until it succeeds. No row comes back while logins under the key
/// wait: that attempt is refused, and changes nothing.
pub static ATTEMPT_LOGIN: LazyLock<String> = LazyLock::new(|| {
    const FAILURES: &str = "(CASE WHEN login_failures.last_at < $3 THEN 1 \
         ELSE login_failures.failures + 1 END)";
    // The waits by failures over the limit, from the one rule.
    let mut wait = format!("(CASE {FAILURES} - $4");
    let mut over = 0;
    while let Some(w) = throttle::wait(throttle::NAME_TRIES + over, throttle::NAME_TRIES)
        .filter(|w| *w < throttle::LONGEST_WAIT)
    {
        wait.push_str(&format!(" WHEN {over} THEN {w}"));
        over += 1;
    }
    wait.push_str(&format!(" ELSE {} END)", throttle::LONGEST_WAIT));
    format!(
        "INSERT INTO login_failures (key, failures, last_at, locked_until) VALUES ($1, 1, $2, 0) \
         ON CONFLICT (key) DO UPDATE SET \
         failures = {FAILURES}, \
         last_at = $2, \
         locked_until = CASE WHEN {FAILURES} >= $4 THEN $2 + {wait} ELSE 0 END \
         WHERE login_failures.locked_until <= $2 \
         RETURNING failures, locked_until"
    )
});
/// An attempt under `$1` succeeded: it is no failure, and no wait it started stands
/// (`$2`: the failures that start a wait).
pub const ATTEMPT_SUCCEEDED: &str = "UPDATE login_failures SET failures = failures - 1, \
     locked_until = CASE WHEN failures - 1 < $2 THEN 0 ELSE locked_until END \
     WHERE key = $1 AND failures > 0";
pub const FORGET_FAILURES: &str = "DELETE FROM login_failures WHERE key = $1";
/// Failures older than `$1` whose lock has ended by `$2`.
pub const FORGET_OLD_FAILURES: &str =
    "DELETE FROM login_failures WHERE last_at < $1 AND locked_until < $2";

/// A comment as moderators see it: its columns, when it was last edited, and its parent's
/// author and text (the statements below add which comments).
static QUEUED: LazyLock<String> = LazyLock::new(|| {
    let columns = COLUMNS
        .split(", ")
        .map(|c| format!("c.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT {columns}, c.edited_at, p.author, p.content \
         FROM comments c LEFT JOIN comments p ON p.id = c.parent"
    )
});
/// The moderation queue: comments with status `$1`, of article `$2` (any when empty),
/// whose author, email or text holds pattern `$3` (a `LIKE` pattern of lowercase text with
/// `\` escaping; any when empty), with ids below `$4`, newest first, at most `$5`.
pub static QUEUE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} WHERE c.status = $1 AND ($2 = '' OR c.post = $2) \
         AND ($3 = '' OR LOWER(c.author) LIKE $3 ESCAPE '\\' \
              OR LOWER(c.email) LIKE $3 ESCAPE '\\' OR LOWER(c.content) LIKE $3 ESCAPE '\\') \
         AND c.id < $4 ORDER BY c.id DESC LIMIT $5",
        *QUEUED
    )
});
/// Comment `$1` as moderators see it.
pub static QUEUED_ONE: LazyLock<String> = LazyLock::new(|| format!("{} WHERE c.id = $1", *QUEUED));
/// How many comments of article `$1` (every article when empty) have each status.
pub const COUNTS: &str =
    "SELECT status, COUNT(*) FROM comments WHERE $1 = '' OR post = $1 GROUP BY status";
/// One comment.
pub static COMMENT: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {COLUMNS} FROM comments WHERE id = $1"));
/// A comment's status, where it was set aside from, and its article (PostgreSQL adds
/// `FOR UPDATE`).
pub const STATUS_OF: &str = "SELECT status, status_before, post FROM comments WHERE id = $1";
/// Article `$1`'s list changed at `$2`: its version one up (from 1 for the first change),
/// its time never earlier than before (servers' clocks differ a little).
pub const BUMP: &str = "INSERT INTO post_versions (post, version, changed_at) VALUES ($1, 1, $2) \
     ON CONFLICT (post) DO UPDATE SET version = post_versions.version + 1, \
     changed_at = CASE WHEN post_versions.changed_at > $2 THEN post_versions.changed_at ELSE $2 END";
/// Article `$1`'s list version and when it changed (no row: never changed, version 0).
pub const VERSION: &str = "SELECT version, changed_at FROM post_versions WHERE post = $1";
/// A new status `$2` for comment `$1`, where it came from `$3`, when trashed `$4`.
pub const SET_STATUS: &str =
    "UPDATE comments SET status = $2, status_before = $3, trashed_at = $4 WHERE id = $1";
/// The replies of comment `$1` move up to its parent (as WordPress does), before it goes.
pub const REPARENT: &str =
    "UPDATE comments SET parent = (SELECT parent FROM comments WHERE id = $1) WHERE parent = $1";
pub const DELETE: &str = "DELETE FROM comments WHERE id = $1";
/// New text `$2`, name `$3`, website `$4` for comment `$1`, edited at `$5`.
pub const EDIT: &str =
    "UPDATE comments SET content = $2, author = $3, url = $4, edited_at = $5 WHERE id = $1";
pub const AUDIT: &str = "INSERT INTO audit (comment_id, moderator, action, detail, address, at) \
     VALUES ($1, $2, $3, $4, $5, $6)";
pub const TRAIL: &str = "SELECT moderator, action, detail, address, at FROM audit \
     WHERE comment_id = $1 ORDER BY id";
/// Comments in the trash since before `$1`.
pub const OLD_TRASH: &str = "SELECT id FROM comments WHERE status = 'trash' AND trashed_at < $1";

/// The statement for SQLite: `$N` becomes `?N`. SQLite would take `$1` as a *named*
/// parameter numbered by first appearance, which binds wrongly as soon as `$2` comes
/// before `$1`; `?N` is numbered as written.
pub fn for_sqlite(sql: &str) -> Cow<'_, str> {
    if !sql.contains('$') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_numbers_parameters_as_written() {
        assert_eq!(
            for_sqlite("a = $2 OR b = $1 OR c = $10"),
            "a = ?2 OR b = ?1 OR c = ?10"
        );
        assert_eq!(for_sqlite("SELECT 1"), "SELECT 1");
        assert!(!for_sqlite(&TAKE).contains('$'));
    }
}
