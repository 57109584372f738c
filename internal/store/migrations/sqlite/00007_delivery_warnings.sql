-- Delay warnings (DSN Action: delayed) on outbox messages. A delay is not a bounce: the
-- receiving side still tries, so the address stays usable; the board shows the warning
-- until a final failure or an answer settles it. One row per message, the latest wins.

-- +goose Up
CREATE TABLE delivery_warnings (
    outbox_key TEXT PRIMARY KEY REFERENCES outbox (key),
    recipient  TEXT NOT NULL DEFAULT '',
    warning    TEXT NOT NULL DEFAULT '',
    warned_at  TEXT NOT NULL
) STRICT;

-- +goose Down
DROP TABLE delivery_warnings;
