-- National scale: the hash of each programme's workflow file as last reconciled, so a start
-- with unchanged files reconciles nothing; and a partial index of the open tasks by effective
-- due date that covers (all its columns are in it) the board's count of actions with late tasks.

-- +goose Up
CREATE TABLE programme_files (
    programme     TEXT PRIMARY KEY,
    hash          TEXT NOT NULL,
    reconciled_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX tasks_open_due ON tasks ((COALESCE(due_override, due_date)), programme, goal, action, due_override, due_date, obsolete_at, status_override)
    WHERE obsolete_at IS NULL AND status_override IS NULL;

-- +goose Down
DROP INDEX tasks_open_due;
DROP TABLE programme_files;
