-- Moderation: two more statuses (spam, trash), so the table is rebuilt (SQLite cannot
-- change a CHECK); where a comment marked spam or trashed came from (restoring puts it
-- back there), when it was trashed (the trash is emptied after a while) and last edited.
CREATE TABLE comments_moderated (
    id              INTEGER PRIMARY KEY,
    post            TEXT NOT NULL,
    parent          INTEGER,
    author          TEXT NOT NULL,
    email           TEXT NOT NULL,
    url             TEXT NOT NULL,
    content         TEXT NOT NULL,
    page_url        TEXT NOT NULL,
    page_title      TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
    ip              TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    status_before   TEXT,
    trashed_at      INTEGER,
    edited_at       INTEGER
);
INSERT INTO comments_moderated
    (id, post, parent, author, email, url, content, page_url, page_title, status, ip, created_at)
    SELECT id, post, parent, author, email, url, content, page_url, page_title, status, ip, created_at
    FROM comments;
DROP TABLE comments;
ALTER TABLE comments_moderated RENAME TO comments;
CREATE INDEX comments_by_post ON comments (post, status, id);
CREATE INDEX comments_by_author ON comments (post, email, author);
CREATE INDEX comments_by_parent ON comments (parent);
CREATE INDEX comments_by_status ON comments (status, id);

-- The audit trail: who did what to which comment, when, from which address. It outlives
-- the comment (no foreign key): a comment deleted forever keeps its trail. `detail` is
-- JSON: {"from": …, "to": …} for a status, the fields as they were before an edit.
CREATE TABLE audit (
    id              INTEGER PRIMARY KEY,
    comment_id      INTEGER NOT NULL,
    moderator       TEXT NOT NULL,
    action          TEXT NOT NULL,
    detail          TEXT NOT NULL,
    address         TEXT NOT NULL,
    at              INTEGER NOT NULL
);
CREATE INDEX audit_by_comment ON audit (comment_id, id);
