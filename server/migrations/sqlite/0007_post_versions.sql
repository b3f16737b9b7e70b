-- Each article's list version: a number bumped in the same transaction as any change to
-- what the article's public list shows (a new published comment, an approval, a published
-- comment set aside or edited, a deletion that moves replies), and when (unix seconds).
-- The list's ETag and Last-Modified; a conditional request reads only this row.
CREATE TABLE post_versions (
    post        TEXT PRIMARY KEY,
    version     BIGINT NOT NULL,
    changed_at  BIGINT NOT NULL
);
