-- An idempotency key answers only the request it was first sent with: `request` is a hash
-- of that request's comment fields. Keys kept before this version have none and answer no
-- request again.
ALTER TABLE idempotency ADD COLUMN request TEXT NOT NULL DEFAULT '';
