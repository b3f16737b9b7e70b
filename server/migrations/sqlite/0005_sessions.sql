-- Moderators' sessions: the SHA-256 of the cookie's token (the token itself is never
-- stored), whose session it is (gone with the moderator), the session's CSRF token, the
-- address it was opened from, and when it was opened and last used (unix seconds).
CREATE TABLE sessions (
    token_hash      TEXT PRIMARY KEY,
    moderator_id    INTEGER NOT NULL REFERENCES moderators (id) ON DELETE CASCADE,
    csrf            TEXT NOT NULL,
    address         TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    seen_at         INTEGER NOT NULL
);
CREATE INDEX sessions_by_moderator ON sessions (moderator_id);

-- Failed logins per typed name ('name:sari') and per address ('addr:203.0.113.9'): how
-- many in a row, the last one's time, and until when logins are refused (unix seconds).
CREATE TABLE login_failures (
    key             TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_at         INTEGER NOT NULL,
    locked_until    INTEGER NOT NULL
);
