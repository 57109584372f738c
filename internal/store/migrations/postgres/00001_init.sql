-- voortgang schema, PostgreSQL dialect.
-- Instants are timestamptz (written in UTC, millisecond precision); calendar dates are date;
-- JSON is jsonb. Nothing is ever deleted by the
-- application: obsolete tasks are flagged, responses are versioned.

-- +goose Up
CREATE TABLE voortgang_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
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
    owners              JSONB NOT NULL DEFAULT '[]',
    start_date          DATE,
    due_date            DATE,
    source              TEXT NOT NULL,
    content_hash        TEXT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    obsolete_at         TIMESTAMPTZ,
    status_override     TEXT,
    status_override_by  TEXT,
    status_override_at  TIMESTAMPTZ,
    due_override        DATE,
    due_override_reason TEXT,
    due_override_by     TEXT,
    due_override_at     TIMESTAMPTZ
);
-- Covers the reconcile scan (key and hash of one programme) without reading the rows.
CREATE INDEX tasks_programme ON tasks (programme, key, content_hash, obsolete_at);
CREATE INDEX tasks_due ON tasks (due_date);
CREATE INDEX tasks_goal ON tasks (programme, goal);

CREATE TABLE task_history (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_key   TEXT NOT NULL REFERENCES tasks (key),
    changed_at TIMESTAMPTZ NOT NULL,
    change     TEXT NOT NULL CHECK (change IN ('updated', 'obsoleted', 'restored', 'status_override', 'due_override')),
    old_values JSONB NOT NULL,
    new_values JSONB NOT NULL,
    changed_by TEXT
);
CREATE INDEX task_history_task ON task_history (task_key, id);

CREATE TABLE contacts (
    key        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL DEFAULT '',
    slack_id   TEXT NOT NULL DEFAULT '',
    deputy     TEXT NOT NULL DEFAULT '',
    owners     JSONB NOT NULL DEFAULT '[]',
    away_until DATE,
    bounced_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE status_requests (
    key              TEXT PRIMARY KEY,
    contact_key      TEXT NOT NULL REFERENCES contacts (key),
    period           TEXT NOT NULL,
    token            TEXT NOT NULL UNIQUE,
    created_at       TIMESTAMPTZ NOT NULL,
    sent_at          TIMESTAMPTZ,
    revoked_at       TIMESTAMPTZ,
    reminders        INTEGER NOT NULL DEFAULT 0,
    last_reminder_at TIMESTAMPTZ,
    escalated_at     TIMESTAMPTZ,
    UNIQUE (contact_key, period)
);

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
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_owner     TEXT,
    lease_until     TIMESTAMPTZ,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE deliveries (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_key   TEXT NOT NULL REFERENCES outbox (key),
    attempt      INTEGER NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL,
    owner        TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('sent', 'temporary', 'permanent')),
    error        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deliveries_outbox ON deliveries (outbox_key, id);

CREATE TABLE inbound_mails (
    message_id   TEXT PRIMARY KEY,
    received_at  TIMESTAMPTZ NOT NULL,
    from_addr    TEXT NOT NULL DEFAULT '',
    subject      TEXT NOT NULL DEFAULT '',
    raw          BYTEA NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('processed', 'quarantined', 'rejected')),
    reason       TEXT NOT NULL DEFAULT '',
    request_key  TEXT,
    processed_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE responses (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ref_kind           TEXT NOT NULL CHECK (ref_kind IN ('task', 'action')),
    ref                TEXT NOT NULL,
    contact_key        TEXT NOT NULL,
    period             TEXT NOT NULL,
    version            INTEGER NOT NULL,
    status             TEXT NOT NULL,
    toelichting        TEXT NOT NULL DEFAULT '',
    indicators         JSONB NOT NULL DEFAULT '{}',
    source             TEXT NOT NULL CHECK (source IN ('web', 'email', 'slack', 'board')),
    inbound_message_id TEXT,
    created_at         TIMESTAMPTZ NOT NULL,
    created_by         TEXT NOT NULL DEFAULT '',
    approved           BOOLEAN NOT NULL DEFAULT false,
    approved_by        TEXT,
    approved_at        TIMESTAMPTZ,
    UNIQUE (ref_kind, ref, contact_key, period, version)
);
CREATE INDEX responses_period_contact ON responses (period, contact_key);

CREATE TABLE drafts (
    key        TEXT PRIMARY KEY,
    period     TEXT NOT NULL,
    version    INTEGER NOT NULL,
    formats    JSONB NOT NULL DEFAULT '[]',
    markdown   TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    UNIQUE (period, version)
);

CREATE TABLE draft_documents (
    draft_key TEXT NOT NULL REFERENCES drafts (key),
    format    TEXT NOT NULL,
    content   BYTEA NOT NULL,
    PRIMARY KEY (draft_key, format)
);

CREATE TABLE users (
    key          TEXT PRIMARY KEY,
    name         TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL,
    oidc_subject TEXT UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    disabled_at  TIMESTAMPTZ
);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BYTEA NOT NULL,
    expiry TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    acquired_at TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_log (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    before     JSONB,
    after      JSONB
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_key, id);

-- +goose Down
DROP TABLE IF EXISTS audit_log;
DROP TABLE IF EXISTS leases;
DROP TABLE IF EXISTS sessions;
DROP TABLE IF EXISTS users;
DROP TABLE IF EXISTS draft_documents;
DROP TABLE IF EXISTS drafts;
DROP TABLE IF EXISTS responses;
DROP TABLE IF EXISTS inbound_mails;
DROP TABLE IF EXISTS deliveries;
DROP TABLE IF EXISTS outbox;
DROP TABLE IF EXISTS status_requests;
DROP TABLE IF EXISTS contacts;
DROP TABLE IF EXISTS task_history;
DROP TABLE IF EXISTS tasks;
DROP TABLE IF EXISTS voortgang_meta;
