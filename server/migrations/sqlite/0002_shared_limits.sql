-- Rate-limit buckets in the database, so every server on it counts a reader's burst
-- together; and the indexes the list's replies and the challenge clean-up use.
CREATE TABLE rate_limits (
    bucket      TEXT PRIMARY KEY,
    tokens      REAL NOT NULL,
    taken       INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL
);
CREATE INDEX rate_limits_by_age ON rate_limits (updated_ms);
CREATE INDEX comments_by_parent ON comments (parent);
CREATE INDEX used_challenges_by_expiry ON used_challenges (expires_at);
