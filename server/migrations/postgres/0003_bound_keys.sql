-- An idempotency key answers only the request it was first sent with: `request` is a hash
-- of that request's comment fields. Keys kept before this version cannot show which
-- request was theirs and are forgotten: a retry of such a comment is a new request, which
-- the duplicate check answers (409) if the comment was stored.
DELETE FROM idempotency;
ALTER TABLE idempotency ADD COLUMN request TEXT NOT NULL DEFAULT '';
