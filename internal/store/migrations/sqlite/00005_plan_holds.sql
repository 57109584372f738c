-- A reconcile that would mark too large a share of a programme's open tasks obsolete (a
-- half-written workflow file) is held instead of applied: one row per programme says what
-- is held, until a coordinator accepts it or the files change so the reconcile is harmless.

-- +goose Up
CREATE TABLE plan_holds (
    programme   TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    open_tasks  INTEGER NOT NULL,
    obsolete    INTEGER NOT NULL,
    examples    TEXT NOT NULL DEFAULT '[]',
    held_at     TEXT NOT NULL,
    accepted_by TEXT,
    accepted_at TEXT
) STRICT;

-- +goose Down
DROP TABLE plan_holds;
