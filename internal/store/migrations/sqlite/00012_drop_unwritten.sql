-- Drop the status-request columns nothing ever wrote: the reminder count, the last reminder
-- and the escalation are the outbox rows of the round (reminder/…, escalation/… keys), which
-- the board reads; a copy on the request would only drift from them.

-- +goose Up
ALTER TABLE status_requests DROP COLUMN escalated_at;
ALTER TABLE status_requests DROP COLUMN last_reminder_at;
ALTER TABLE status_requests DROP COLUMN reminders;

-- +goose Down
ALTER TABLE status_requests ADD COLUMN reminders INTEGER NOT NULL DEFAULT 0;
ALTER TABLE status_requests ADD COLUMN last_reminder_at TEXT;
ALTER TABLE status_requests ADD COLUMN escalated_at TEXT;
