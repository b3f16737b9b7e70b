-- The schema the server had before versioned migrations: IF NOT EXISTS, so a file made by
-- an earlier version takes this as its first version unchanged.
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
