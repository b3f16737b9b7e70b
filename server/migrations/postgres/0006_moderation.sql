-- Moderation: two more statuses (spam, trash); where a comment marked spam or trashed came
-- from (restoring puts it back there), when it was trashed (the trash is emptied after a
-- while) and last edited.
ALTER TABLE comments DROP CONSTRAINT comments_status_check;
ALTER TABLE comments ADD CONSTRAINT comments_status_check
    CHECK (status IN ('pending', 'approved', 'spam', 'trash'));
ALTER TABLE comments ADD COLUMN status_before TEXT;
ALTER TABLE comments ADD COLUMN trashed_at BIGINT;
ALTER TABLE comments ADD COLUMN edited_at BIGINT;
CREATE INDEX comments_by_status ON comments (status, id);

-- The audit trail: who did what to which comment, when, from which address. It outlives
-- the comment (no foreign key): a comment deleted forever keeps its trail. `detail` is
-- JSON: {"from": …, "to": …} for a status, the fields as they were before an edit.
CREATE TABLE audit (
    id              BIGSERIAL PRIMARY KEY,
    comment_id      BIGINT NOT NULL,
    moderator       TEXT NOT NULL,
    action          TEXT NOT NULL,
    detail          TEXT NOT NULL,
    address         TEXT NOT NULL,
    at              BIGINT NOT NULL
);
CREATE INDEX audit_by_comment ON audit (comment_id, id);
