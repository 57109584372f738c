-- Retention: the instant the body of an inbound mail was pruned (only its header block is
-- kept after that), so the daily job does not read it again; and an index for pruning
-- delivery attempts by age.

-- +goose Up
ALTER TABLE inbound_mails ADD COLUMN body_pruned_at TEXT;
CREATE INDEX deliveries_attempted ON deliveries (attempted_at);

-- +goose Down
DROP INDEX deliveries_attempted;
ALTER TABLE inbound_mails DROP COLUMN body_pruned_at;
