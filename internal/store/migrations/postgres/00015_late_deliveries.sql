-- Late attempts: an attempt whose outcome came in after another worker (a replica) had taken
-- the message over. MarkSent and MarkAttemptFailed do not count such a report, so without a
-- row of its own a mail that went out twice would only be a log line. It is kept with the
-- message's other attempts, marked late, so the board and the command line can show that the
-- message may have arrived twice.

-- +goose Up
ALTER TABLE deliveries ADD COLUMN late BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX deliveries_late ON deliveries (id) WHERE late = TRUE;

-- +goose Down
DROP INDEX deliveries_late;
ALTER TABLE deliveries DROP COLUMN late;
