-- The same tables as SQLite's first version, in PostgreSQL's types.
CREATE TABLE IF NOT EXISTS comments (
    id          BIGSERIAL PRIMARY KEY,
    post        TEXT NOT NULL,
    parent      BIGINT,
    author      TEXT NOT NULL,
    email       TEXT NOT NULL,
    url         TEXT NOT NULL,
    content     TEXT NOT NULL,
    page_url    TEXT NOT NULL,
    page_title  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'approved')),
    ip          TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_by_post ON comments (post, status, id);
-- The duplicate check looks for the same person on the same article.
CREATE INDEX IF NOT EXISTS comments_by_author ON comments (post, email, author);
CREATE TABLE IF NOT EXISTS idempotency (
    key         TEXT PRIMARY KEY,
    status      INTEGER NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS used_challenges (
    nonce       TEXT PRIMARY KEY,
    expires_at  BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    name        TEXT PRIMARY KEY,
    value       BYTEA NOT NULL
);
