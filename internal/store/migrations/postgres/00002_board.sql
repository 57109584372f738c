-- The coordinators' board: local passwords, sign-in throttling, the responsible contact of an
-- action per period, and an index on the effective due date that task queries sort and
-- filter by.

-- +goose Up
ALTER TABLE users ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX users_email ON users (lower(email)) WHERE email <> '';

CREATE TABLE login_throttle (
    scope        TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    last_failure TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ
);

CREATE TABLE action_contacts (
    period      TEXT NOT NULL,
    action_ref  TEXT NOT NULL,
    contact_key TEXT NOT NULL,
    set_by      TEXT NOT NULL,
    set_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (period, action_ref)
);

CREATE INDEX tasks_effective_due ON tasks ((COALESCE(due_override, due_date)), key);
-- Covers the per-action aggregate of the overview and the seek for each action's next task.
CREATE INDEX tasks_action ON tasks (programme, goal, action, (COALESCE(due_override, due_date)), obsolete_at, status_override, key);
CREATE INDEX responses_ref ON responses (ref_kind, ref, period, contact_key, version);
CREATE INDEX outbox_ref ON outbox (ref);

-- +goose Down
DROP INDEX outbox_ref;
DROP INDEX responses_ref;
DROP INDEX tasks_action;
DROP INDEX tasks_effective_due;
DROP TABLE action_contacts;
DROP TABLE login_throttle;
DROP INDEX users_email;
ALTER TABLE users DROP COLUMN password_hash;
