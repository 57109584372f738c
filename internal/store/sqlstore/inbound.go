package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

var _ store.InboundStore = (*DB)(nil)

const inboundColumns = `message_id, received_at, from_addr, subject, state, reason, request_key, processed_at`

func scanInbound(sc interface{ Scan(...any) error }, raw *[]byte) (store.InboundMail, error) {
	var m store.InboundMail
	dest := []any{&m.MessageID, timeScan{&m.ReceivedAt}, &m.From, &m.Subject, &m.State, &m.Reason,
		strScan{&m.RequestKey}, timeScan{&m.ProcessedAt}}
	if raw != nil {
		dest = append(dest, raw)
	}
	err := sc.Scan(dest...)
	return m, err
}

func validInboundState(s string) bool {
	return s == store.InboundProcessed || s == store.InboundQuarantined || s == store.InboundRejected
}

// RecordInbound implements store.InboundStore.
func (s *DB) RecordInbound(ctx context.Context, m store.InboundMail) (store.InboundMail, bool, error) {
	n, err := insertInbound(ctx, s.w, m)
	if err != nil {
		return m, false, err
	}
	got, err := s.readInbound(ctx, s.w, m.MessageID)
	return got, n, err
}

// insertInbound inserts m unless its Message-ID is stored; it reports whether it did.
func insertInbound(ctx context.Context, db execer, m store.InboundMail) (bool, error) {
	if m.MessageID == "" || !validInboundState(m.State) || m.ReceivedAt.IsZero() || m.ProcessedAt.IsZero() {
		return false, store.Errorf(store.ErrInvalid,
			"inkomende mail %q: Message-ID, geldige status, ontvangst- en verwerkingstijd zijn verplicht", m.MessageID)
	}
	raw := m.Raw
	if raw == nil {
		raw = []byte{}
	}
	res, err := db.ExecContext(ctx, `INSERT INTO inbound_mails (message_id, received_at, from_addr, subject, raw,
			state, reason, request_key, processed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (message_id) DO NOTHING`,
		m.MessageID, instant(m.ReceivedAt), m.From, m.Subject, raw, m.State, m.Reason, nullString(m.RequestKey),
		instant(m.ProcessedAt))
	if err != nil {
		return false, fmt.Errorf("store: inbound mail %s: %w", m.MessageID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: inbound mail %s: %w", m.MessageID, err)
	}
	return n == 1, nil
}

// ApplyInbound implements store.InboundStore. The claim is the insert of the inbound row
// inside the transaction that writes the answers: on PostgreSQL a second replica's insert of
// the same primary key waits for the first transaction and then does nothing; on SQLite
// writers take the lock at BEGIN. A crash rolls the claim back with the answers, so no claim
// is ever left behind for a mail nobody applied.
func (s *DB) ApplyInbound(ctx context.Context, m store.InboundMail, responses []store.Response,
	after func([]store.Response) ([]store.OutboxMessage, error), now time.Time) (store.InboundMail, bool, []store.Response, error) {
	for _, r := range responses {
		if err := validResponse(r); err != nil {
			return m, false, nil, err
		}
	}
	var (
		created bool
		added   []store.Response
		err     error
	)
	// A web answer to the same action at the same moment may take the version number this
	// transaction computed; the unique constraint fails one of them, and it tries again.
	for range 5 {
		added = nil
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			var err error
			if created, err = insertInbound(ctx, tx, m); err != nil || !created {
				return err
			}
			for _, r := range responses {
				got, err := insertResponse(ctx, tx, r, now)
				if err != nil {
					return fmt.Errorf("store: add response: %w", err)
				}
				added = append(added, got)
			}
			if after == nil {
				return nil
			}
			msgs, err := after(added)
			if err != nil {
				return err
			}
			for _, om := range msgs {
				if _, err := enqueue(ctx, tx, om, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil || !s.isUniqueViolation(err) {
			break
		}
	}
	if err != nil {
		return m, false, nil, fmt.Errorf("store: apply inbound %s: %w", m.MessageID, err)
	}
	if !created {
		added = nil
	}
	got, err := s.readInbound(ctx, s.w, m.MessageID)
	return got, created, added, err
}

func (s *DB) readInbound(ctx context.Context, db *sql.DB, id string) (store.InboundMail, error) {
	var raw []byte
	m, err := scanInbound(db.QueryRowContext(ctx, `SELECT `+inboundColumns+`, raw FROM inbound_mails WHERE message_id = $1`, id), &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return m, notFound("inkomende mail", id)
	}
	if err != nil {
		return m, fmt.Errorf("store: inbound mail %s: %w", id, err)
	}
	if raw == nil {
		raw = []byte{}
	}
	m.Raw = raw
	return m, nil
}

// InboundMail implements store.InboundStore.
func (s *DB) InboundMail(ctx context.Context, messageID string) (store.InboundMail, error) {
	return s.readInbound(ctx, s.r, messageID)
}

// InboundMails implements store.InboundStore.
func (s *DB) InboundMails(ctx context.Context, state string, limit int) ([]store.InboundMail, error) {
	scan := func(sc interface{ Scan(...any) error }) (store.InboundMail, error) { return scanInbound(sc, nil) }
	q := `SELECT ` + inboundColumns + ` FROM inbound_mails WHERE ($1 = '' OR state = $1)
		ORDER BY received_at DESC, message_id`
	if limit > 0 {
		return queryAll(ctx, s.r, "inbound mails", scan, q+` LIMIT $2`, state, limit)
	}
	return queryAll(ctx, s.r, "inbound mails", scan, q, state)
}

// OutboxByMessageID implements store.InboundStore.
func (s *DB) OutboxByMessageID(ctx context.Context, messageID string) (store.OutboxMessage, error) {
	id := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(messageID), "<"), ">")
	if id == "" {
		return store.OutboxMessage{}, notFound("bericht met Message-ID", messageID)
	}
	m, err := scanOutbox(s.r.QueryRowContext(ctx, `SELECT `+OutboxColumns("")+` FROM outbox WHERE message_id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		// Mail systems may change the case of a Message-ID; the exact lookup above uses the
		// index, this one does not but is rare.
		m, err = scanOutbox(s.r.QueryRowContext(ctx, `SELECT `+OutboxColumns("")+` FROM outbox
			WHERE LOWER(message_id) = LOWER($1) ORDER BY key LIMIT 1`, id))
	}
	if errors.Is(err, sql.ErrNoRows) {
		return m, notFound("bericht met Message-ID", id)
	}
	if err != nil {
		return m, fmt.Errorf("store: outbox by message id %s: %w", id, err)
	}
	return m, nil
}

// SetAway implements store.InboundStore.
func (s *DB) SetAway(ctx context.Context, key string, until time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE contacts SET away_until = $2 WHERE key = $1`, key, date(until))
	return affectedOne(res, err, "contact", key)
}
