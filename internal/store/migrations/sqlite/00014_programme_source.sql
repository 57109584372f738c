-- The workflow file each programme was last reconciled from, next to its hash: when a start
-- meets a changed file whose reconcile is held (it would obsolete too many open tasks), the
-- cycle keeps asking about the plan in force, parsed from this source, not about the held file.

-- +goose Up
ALTER TABLE programme_files ADD COLUMN source TEXT;

-- +goose Down
ALTER TABLE programme_files DROP COLUMN source;
