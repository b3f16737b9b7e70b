-- Moderators: a name (lowercase, unique) and an Argon2id hash of the password, PHC
-- string, its parameters and salt inside.
CREATE TABLE moderators (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    password_hash   TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
