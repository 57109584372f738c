-- Programme versions and proposals: a change made on the board (or imported from a workbook)
-- is a proposal until a coordinator confirms it; then it is written to the workflow file and
-- kept here as the programme's next version, with who, when, why and the plan diff it caused.

-- +goose Up
CREATE TABLE programme_proposals (
    id         INTEGER PRIMARY KEY,
    programme  TEXT NOT NULL,
    base_hash  TEXT NOT NULL,
    source     TEXT NOT NULL,
    summary    TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'applied', 'discarded')),
    decided_by TEXT,
    decided_at TEXT,
    version    INTEGER
) STRICT;
CREATE INDEX programme_proposals_open ON programme_proposals (programme, id) WHERE state = 'open';

CREATE TABLE programme_versions (
    id            INTEGER PRIMARY KEY,
    programme     TEXT NOT NULL,
    version       INTEGER NOT NULL,
    source        TEXT NOT NULL,
    hash          TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    diff          TEXT,
    proposal_id   INTEGER REFERENCES programme_proposals (id),
    restored_from INTEGER,
    UNIQUE (programme, version)
) STRICT;

-- +goose Down
DROP TABLE programme_versions;
DROP INDEX programme_proposals_open;
DROP TABLE programme_proposals;
