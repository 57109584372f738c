-- voortgang schema, SQLite dialect.
-- Instants are TEXT in UTC, fixed width 'YYYY-MM-DDTHH:MM:SS.mmmZ', so they sort as text.
-- Calendar dates are TEXT 'YYYY-MM-DD'. JSON is TEXT. Nothing is ever deleted by the
-- application: obsolete tasks are flagged, responses are versioned.

-- +goose Up
CREATE TABLE voortgang_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
INSERT INTO voortgang_meta (key, value) VALUES ('application', 'voortgang');

CREATE TABLE tasks (
    key                 TEXT PRIMARY KEY,
    programme           TEXT NOT NULL,
    line                INTEGER NOT NULL,
    goal                INTEGER NOT NULL,
    action              TEXT NOT NULL,
    phase               TEXT NOT NULL,
    kind                TEXT NOT NULL,
    title               TEXT NOT NULL,
    owners              TEXT NOT NULL DEFAULT '[]',
    start_date          TEXT,
    due_date            TEXT,
    source              TEXT NOT NULL,
    content_hash        TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    obsolete_at         TEXT,
    status_override     TEXT,
    status_override_by  TEXT,
    status_override_at  TEXT,
    due_override        TEXT,
    due_override_reason TEXT,
    due_override_by     TEXT,
    due_override_at     TEXT
) STRICT;
-- Covers the reconcile scan (key and hash of one programme) without reading the rows.
CREATE INDEX tasks_programme ON tasks (programme, key, content_hash, obsolete_at);
CREATE INDEX tasks_due ON tasks (due_date);
CREATE INDEX tasks_goal ON tasks (programme, goal);

CREATE TABLE task_history (
    id         INTEGER PRIMARY KEY,
    task_key   TEXT NOT NULL REFERENCES tasks (key),
    changed_at TEXT NOT NULL,
    change     TEXT NOT NULL CHECK (change IN ('updated', 'obsoleted', 'restored', 'status_override', 'due_override')),
    old_values TEXT NOT NULL,
    new_values TEXT NOT NULL,
    changed_by TEXT
) STRICT;
CREATE INDEX task_history_task ON task_history (task_key, id);

CREATE TABLE contacts (
    key        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL DEFAULT '',
    slack_id   TEXT NOT NULL DEFAULT '',
    deputy     TEXT NOT NULL DEFAULT '',
    owners     TEXT NOT NULL DEFAULT '[]',
    away_until TEXT,
    bounced_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE status_requests (
    key              TEXT PRIMARY KEY,
    contact_key      TEXT NOT NULL REFERENCES contacts (key),
    period           TEXT NOT NULL,
    token            TEXT NOT NULL UNIQUE,
    created_at       TEXT NOT NULL,
    sent_at          TEXT,
    revoked_at       TEXT,
    reminders        INTEGER NOT NULL DEFAULT 0,
    last_reminder_at TEXT,
    escalated_at     TEXT,
    UNIQUE (contact_key, period)
) STRICT;

CREATE TABLE outbox (
    key             TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    channel         TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL DEFAULT '',
    body_text       TEXT NOT NULL DEFAULT '',
    body_html       TEXT NOT NULL DEFAULT '',
    reply_to        TEXT NOT NULL DEFAULT '',
    message_id      TEXT UNIQUE,
    ref             TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_owner     TEXT,
    lease_until     TEXT,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    sent_at         TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY,
    outbox_key   TEXT NOT NULL REFERENCES outbox (key),
    attempt      INTEGER NOT NULL,
    attempted_at TEXT NOT NULL,
    owner        TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('sent', 'temporary', 'permanent')),
    error        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX deliveries_outbox ON deliveries (outbox_key, id);

CREATE TABLE inbound_mails (
    message_id   TEXT PRIMARY KEY,
    received_at  TEXT NOT NULL,
    from_addr    TEXT NOT NULL DEFAULT '',
    subject      TEXT NOT NULL DEFAULT '',
    raw          BLOB NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('processed', 'quarantined', 'rejected')),
    reason       TEXT NOT NULL DEFAULT '',
    request_key  TEXT,
    processed_at TEXT NOT NULL
) STRICT;

CREATE TABLE responses (
    id                 INTEGER PRIMARY KEY,
    ref_kind           TEXT NOT NULL CHECK (ref_kind IN ('task', 'action')),
    ref                TEXT NOT NULL,
    contact_key        TEXT NOT NULL,
    period             TEXT NOT NULL,
    version            INTEGER NOT NULL,
    status             TEXT NOT NULL,
    toelichting        TEXT NOT NULL DEFAULT '',
    indicators         TEXT NOT NULL DEFAULT '{}',
    source             TEXT NOT NULL CHECK (source IN ('web', 'email', 'slack', 'board')),
    inbound_message_id TEXT,
    created_at         TEXT NOT NULL,
    created_by         TEXT NOT NULL DEFAULT '',
    approved           INTEGER NOT NULL DEFAULT 0,
    approved_by        TEXT,
    approved_at        TEXT,
    UNIQUE (ref_kind, ref, contact_key, period, version)
) STRICT;
CREATE INDEX responses_period_contact ON responses (period, contact_key);

CREATE TABLE drafts (
    key        TEXT PRIMARY KEY,
    period     TEXT NOT NULL,
    version    INTEGER NOT NULL,
    formats    TEXT NOT NULL DEFAULT '[]',
    markdown   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    UNIQUE (period, version)
) STRICT;

CREATE TABLE draft_documents (
    draft_key TEXT NOT NULL REFERENCES drafts (key),
    format    TEXT NOT NULL,
    content   BLOB NOT NULL,
    PRIMARY KEY (draft_key, format)
) STRICT;

CREATE TABLE users (
    key          TEXT PRIMARY KEY,
    name         TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL,
    oidc_subject TEXT UNIQUE,
    created_at   TEXT NOT NULL,
    disabled_at  TEXT
) STRICT;

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    before     TEXT,
    after      TEXT
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_key, id);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE leases;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE draft_documents;
DROP TABLE drafts;
DROP TABLE responses;
DROP TABLE inbound_mails;
DROP TABLE deliveries;
DROP TABLE outbox;
DROP TABLE status_requests;
DROP TABLE contacts;
DROP TABLE task_history;
DROP TABLE tasks;
DROP TABLE voortgang_meta;
