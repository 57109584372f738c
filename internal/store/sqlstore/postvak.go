package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/regiogv/voortgang/internal/store"
)

var _ store.PostvakStore = (*DB)(nil)

const postvakColumns = inboundColumns + `, contact_key, reviewed_by, reviewed_at`

// postvakWaiting is the condition of a mail that waits for a coordinator (the partial index
// inbound_mails_waiting has the same one).
const postvakWaiting = `reviewed_by IS NULL AND state IN ('quarantined', 'rejected')`

func scanPostvak(sc interface{ Scan(...any) error }, raw *[]byte) (store.PostvakMail, error) {
	var m store.PostvakMail
	dest := []any{&m.MessageID, timeScan{&m.ReceivedAt}, &m.From, &m.Subject, &m.State, &m.Reason,
		strScan{&m.RequestKey}, timeScan{&m.ProcessedAt}, strScan{&m.ContactKey}, strScan{&m.ReviewedBy},
		timeScan{&m.ReviewedAt}}
	if raw != nil {
		dest = append(dest, raw)
	}
	err := sc.Scan(dest...)
	return m, err
}

// PostvakMails implements store.PostvakStore.
func (s *DB) PostvakMails(ctx context.Context, waiting bool, limit int) ([]store.PostvakMail, error) {
	scan := func(sc interface{ Scan(...any) error }) (store.PostvakMail, error) { return scanPostvak(sc, nil) }
	q := `SELECT ` + postvakColumns + ` FROM inbound_mails WHERE ` + postvakWaiting + `
		ORDER BY received_at DESC, message_id`
	if !waiting {
		q = `SELECT ` + postvakColumns + ` FROM inbound_mails WHERE reviewed_by IS NOT NULL
		ORDER BY reviewed_at DESC, message_id`
	}
	if limit > 0 {
		return queryAll(ctx, s.r, "postvak", scan, q+` LIMIT $1`, limit)
	}
	return queryAll(ctx, s.r, "postvak", scan, q)
}

// PostvakMail implements store.PostvakStore.
func (s *DB) PostvakMail(ctx context.Context, messageID string) (store.PostvakMail, error) {
	return s.readPostvak(ctx, s.r, messageID)
}

func (s *DB) readPostvak(ctx context.Context, db *sql.DB, id string) (store.PostvakMail, error) {
	var raw []byte
	m, err := scanPostvak(db.QueryRowContext(ctx, `SELECT `+postvakColumns+`, raw FROM inbound_mails WHERE message_id = $1`, id), &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return m, notFound("inkomende mail", id)
	}
	if err != nil {
		return m, fmt.Errorf("store: postvak mail %s: %w", id, err)
	}
	if raw == nil {
		raw = []byte{}
	}
	m.Raw = raw
	return m, nil
}

// CountWaiting implements store.PostvakStore.
func (s *DB) CountWaiting(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM inbound_mails WHERE `+postvakWaiting).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count postvak: %w", err)
	}
	return n, nil
}

// ReviewInbound implements store.PostvakStore. The update is conditional on the mail still
// waiting, so of two coordinators deciding at once exactly one wins.
func (s *DB) ReviewInbound(ctx context.Context, messageID string, r store.InboundReview) (store.PostvakMail, error) {
	if (r.State != store.InboundProcessed && r.State != store.InboundRejected) || r.Reason == "" || r.By == "" || r.At.IsZero() {
		return store.PostvakMail{}, store.Errorf(store.ErrInvalid,
			"beoordeling van mail %q: status verwerkt of afgewezen, reden, beoordelaar en tijd zijn verplicht", messageID)
	}
	res, err := s.w.ExecContext(ctx, `UPDATE inbound_mails SET state = $2, reason = $3,
			request_key = COALESCE($4, request_key), contact_key = $5, reviewed_by = $6, reviewed_at = $7
		WHERE message_id = $1 AND `+postvakWaiting,
		messageID, r.State, r.Reason, nullString(r.RequestKey), nullString(r.ContactKey), r.By, instant(r.At))
	if err != nil {
		return store.PostvakMail{}, fmt.Errorf("store: review inbound %s: %w", messageID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return store.PostvakMail{}, fmt.Errorf("store: review inbound %s: %w", messageID, err)
	}
	m, err := s.readPostvak(ctx, s.w, messageID)
	if err != nil {
		return m, err
	}
	if n == 0 {
		return m, store.Errorf(store.ErrAlreadyReviewed, "mail %q is al afgehandeld (%s)", messageID, m.State)
	}
	return m, nil
}
