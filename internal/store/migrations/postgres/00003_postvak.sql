-- The board's postvak: a coordinator assigns a quarantined or rejected inbound mail to a
-- contact, or rejects it. The review is kept next to the mail; a partial index serves the
-- list of mails that still wait.

-- +goose Up
ALTER TABLE inbound_mails ADD COLUMN contact_key TEXT;
ALTER TABLE inbound_mails ADD COLUMN reviewed_by TEXT;
ALTER TABLE inbound_mails ADD COLUMN reviewed_at TIMESTAMPTZ;
CREATE INDEX inbound_mails_waiting ON inbound_mails (received_at)
    WHERE reviewed_by IS NULL AND state IN ('quarantined', 'rejected');

-- +goose Down
DROP INDEX IF EXISTS inbound_mails_waiting;
ALTER TABLE inbound_mails DROP COLUMN reviewed_at;
ALTER TABLE inbound_mails DROP COLUMN reviewed_by;
ALTER TABLE inbound_mails DROP COLUMN contact_key;
