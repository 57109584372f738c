package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

// ---- contacts ----

const contactColumns = `key, name, email, slack_id, deputy, owners, away_until, bounced_at, created_at, updated_at`

func scanContact(sc interface{ Scan(...any) error }) (store.Contact, error) {
	var c store.Contact
	err := sc.Scan(&c.Key, &c.Name, &c.Email, &c.SlackID, &c.Deputy, jsonScan{&c.Owners},
		timeScan{&c.AwayUntil}, timeScan{&c.BouncedAt}, timeScan{&c.CreatedAt}, timeScan{&c.UpdatedAt})
	if c.Owners == nil {
		c.Owners = []string{}
	}
	return c, err
}

// UpsertContact implements store.ContactStore.
func (s *DB) UpsertContact(ctx context.Context, c store.Contact, now time.Time) error {
	if c.Key == "" {
		return store.Errorf(store.ErrInvalid, "contact zonder sleutel")
	}
	owners := c.Owners
	if owners == nil {
		owners = []string{}
	}
	// The WHERE clause skips the write when nothing changed, so updated_at stays meaningful.
	_, err := s.w.ExecContext(ctx, `INSERT INTO contacts (`+contactColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $8)
		ON CONFLICT (key) DO UPDATE SET name = excluded.name, email = excluded.email,
			slack_id = excluded.slack_id, deputy = excluded.deputy, owners = excluded.owners,
			away_until = COALESCE(excluded.away_until, contacts.away_until),
			bounced_at = CASE WHEN contacts.email = excluded.email THEN contacts.bounced_at END,
			updated_at = excluded.updated_at
		WHERE contacts.name <> excluded.name OR contacts.email <> excluded.email
			OR contacts.slack_id <> excluded.slack_id OR contacts.deputy <> excluded.deputy
			OR contacts.owners <> excluded.owners
			OR (excluded.away_until IS NOT NULL AND contacts.away_until IS DISTINCT FROM excluded.away_until)`,
		c.Key, c.Name, c.Email, c.SlackID, c.Deputy, mustJSON(owners), date(c.AwayUntil), instant(now))
	if err != nil {
		return fmt.Errorf("store: contact %s: %w", c.Key, err)
	}
	return nil
}

// MarkBounced implements store.ContactStore.
func (s *DB) MarkBounced(ctx context.Context, key string, at time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE contacts SET bounced_at = $2, updated_at = $2 WHERE key = $1`, key, instant(at))
	return affectedOne(res, err, "contact", key)
}

// Contact implements store.ContactStore.
func (s *DB) Contact(ctx context.Context, key string) (store.Contact, error) {
	c, err := scanContact(s.r.QueryRowContext(ctx, `SELECT `+contactColumns+` FROM contacts WHERE key = $1`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("contact", key)
	}
	if err != nil {
		return c, fmt.Errorf("store: contact %s: %w", key, err)
	}
	return c, nil
}

// Contacts implements store.ContactStore.
func (s *DB) Contacts(ctx context.Context) ([]store.Contact, error) {
	return queryAll(ctx, s.r, "contacts", scanContact, `SELECT `+contactColumns+` FROM contacts ORDER BY key`)
}

// ---- status requests ----

const requestColumns = `key, contact_key, period, token, created_at, sent_at, revoked_at`

func scanRequest(sc interface{ Scan(...any) error }) (store.StatusRequest, error) {
	var r store.StatusRequest
	err := sc.Scan(&r.Key, &r.ContactKey, &r.Period, &r.Token, timeScan{&r.CreatedAt}, timeScan{&r.SentAt}, timeScan{&r.RevokedAt})
	return r, err
}

// EnsureStatusRequest implements store.RequestStore.
func (s *DB) EnsureStatusRequest(ctx context.Context, r store.StatusRequest, now time.Time) (store.StatusRequest, bool, error) {
	if r.Key == "" || r.ContactKey == "" || r.Period == "" || r.Token == "" {
		return r, false, store.Errorf(store.ErrInvalid, "uitvraag %q: sleutel, contact, periode en token zijn verplicht", r.Key)
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO status_requests (key, contact_key, period, token, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, r.Key, r.ContactKey, r.Period, r.Token, instant(now))
	if err != nil {
		return r, false, fmt.Errorf("store: status request %s: %w", r.Key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return r, false, fmt.Errorf("store: status request %s: %w", r.Key, err)
	}
	got, err := s.readRequest(ctx, s.w, "key", r.Key)
	return got, n == 1, err
}

func (s *DB) readRequest(ctx context.Context, db *sql.DB, col, v string) (store.StatusRequest, error) {
	r, err := scanRequest(db.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM status_requests WHERE `+col+` = $1`, v))
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound("uitvraag", v)
	}
	if err != nil {
		return r, fmt.Errorf("store: status request: %w", err)
	}
	return r, nil
}

// StatusRequest implements store.RequestStore.
func (s *DB) StatusRequest(ctx context.Context, key string) (store.StatusRequest, error) {
	return s.readRequest(ctx, s.r, "key", key)
}

// StatusRequestByToken implements store.RequestStore.
func (s *DB) StatusRequestByToken(ctx context.Context, token string) (store.StatusRequest, error) {
	return s.readRequest(ctx, s.r, "token", token)
}

// MarkRequestSent implements store.RequestStore.
func (s *DB) MarkRequestSent(ctx context.Context, key string, at time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE status_requests SET sent_at = COALESCE(sent_at, $2) WHERE key = $1`, key, instant(at))
	return affectedOne(res, err, "uitvraag", key)
}

// RevokeStatusRequest implements store.RequestStore.
func (s *DB) RevokeStatusRequest(ctx context.Context, key string, at time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE status_requests SET revoked_at = COALESCE(revoked_at, $2) WHERE key = $1`, key, instant(at))
	return affectedOne(res, err, "uitvraag", key)
}

// ---- outbox ----

// OutboxColumns returns the outbox columns qualified with prefix ("o." or "").
func OutboxColumns(prefix string) string {
	cols := strings.Split(`key, kind, channel, recipient, subject, body_text, body_html, reply_to, message_id, ref, status,
		attempts, next_attempt_at, lease_owner, lease_until, last_error, created_at, sent_at`, ",")
	for i, c := range cols {
		cols[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

func scanOutbox(sc interface{ Scan(...any) error }) (store.OutboxMessage, error) {
	var m store.OutboxMessage
	err := sc.Scan(&m.Key, &m.Kind, &m.Channel, &m.Recipient, &m.Subject, &m.BodyText, &m.BodyHTML, &m.ReplyTo,
		strScan{&m.MessageID}, &m.Ref, &m.Status, &m.Attempts, timeScan{&m.NextAttemptAt}, strScan{&m.LeaseOwner},
		timeScan{&m.LeaseUntil}, &m.LastError, timeScan{&m.CreatedAt}, timeScan{&m.SentAt})
	return m, err
}

// Enqueue implements store.OutboxStore. ON CONFLICT has no target: two replicas enqueueing the
// same message at once collide on the key or on the Message-ID derived from it, whichever
// index PostgreSQL checks first, and either way the second insert is the no-op.
func (s *DB) Enqueue(ctx context.Context, m store.OutboxMessage, now time.Time) (bool, error) {
	return enqueue(ctx, s.w, m, now)
}

// execer is a pool or a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// enqueue is Enqueue on db (the pool, or the transaction of ApplyInbound).
func enqueue(ctx context.Context, db execer, m store.OutboxMessage, now time.Time) (bool, error) {
	if m.Key == "" || m.Channel == "" || m.Recipient == "" {
		return false, store.Errorf(store.ErrInvalid, "bericht %q: sleutel, kanaal en ontvanger zijn verplicht", m.Key)
	}
	next := m.NextAttemptAt
	if next.IsZero() {
		next = now
	}
	res, err := db.ExecContext(ctx, `INSERT INTO outbox (key, kind, channel, recipient, subject, body_text,
			body_html, reply_to, message_id, ref, status, attempts, next_attempt_at, last_error, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'queued', 0, $11, '', $12) ON CONFLICT DO NOTHING`,
		m.Key, m.Kind, m.Channel, m.Recipient, m.Subject, m.BodyText, m.BodyHTML, m.ReplyTo, nullString(m.MessageID), m.Ref,
		instant(next), instant(now))
	if err != nil {
		return false, fmt.Errorf("store: enqueue %s: %w", m.Key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: enqueue %s: %w", m.Key, err)
	}
	return n == 1, nil
}

// ClaimOutbox implements store.OutboxStore.
func (s *DB) ClaimOutbox(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.OutboxMessage, error) {
	if owner == "" || lease <= 0 || limit <= 0 {
		return nil, store.Errorf(store.ErrInvalid, "claim: eigenaar, leasetijd en limiet zijn verplicht")
	}
	var out []store.OutboxMessage
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, "claim", scanOutbox, s.d.Claim, owner, instant(now), instant(now.Add(lease)), limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim outbox: %w", err)
	}
	slices.SortFunc(out, func(a, b store.OutboxMessage) int {
		if c := a.NextAttemptAt.Compare(b.NextAttemptAt); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out, nil
}

// MarkSent implements store.OutboxStore.
func (s *DB) MarkSent(ctx context.Context, key, owner string, now time.Time) (bool, error) {
	return s.recordAttempt(ctx, key, owner, now, store.OutcomeSent, "", time.Time{})
}

// MarkAttemptFailed implements store.OutboxStore.
func (s *DB) MarkAttemptFailed(ctx context.Context, key, owner string, now time.Time, errText string, temporary bool, nextAttempt time.Time) (bool, error) {
	outcome := store.OutcomePermanent
	if temporary {
		outcome = store.OutcomeTemporary
		if nextAttempt.IsZero() {
			nextAttempt = now
		}
	}
	return s.recordAttempt(ctx, key, owner, now, outcome, errText, nextAttempt)
}

// recordAttempt writes an outcome only while owner still holds the message: the state and
// the lease owner are in the UPDATE's WHERE, so a worker whose lease ran out and was taken
// over cannot put a row another worker is sending back in the queue, mark it failed, or add
// a second "sent" to its deliveries.
func (s *DB) recordAttempt(ctx context.Context, key, owner string, now time.Time, outcome, errText string, next time.Time) (bool, error) {
	counted := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		const held = ` WHERE key = $1 AND status = 'sending' AND lease_owner = $2`
		switch outcome {
		case store.OutcomeSent:
			res, err = tx.ExecContext(ctx, `UPDATE outbox SET status = 'sent', sent_at = $3,
				lease_owner = NULL, lease_until = NULL, last_error = ''`+held, key, owner, instant(now))
		case store.OutcomeTemporary:
			res, err = tx.ExecContext(ctx, `UPDATE outbox SET status = 'queued', next_attempt_at = $3,
				lease_owner = NULL, lease_until = NULL, last_error = $4`+held, key, owner, instant(next), errText)
		default:
			res, err = tx.ExecContext(ctx, `UPDATE outbox SET status = 'failed',
				lease_owner = NULL, lease_until = NULL, last_error = $3`+held, key, owner, errText)
		}
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			var one int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM outbox WHERE key = $1`, key).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return notFound("bericht", key)
			}
			return err // nil: a late report from a worker that lost the lease
		}
		counted = true
		if outcome == store.OutcomeSent {
			// The status request the message asks about now went out (the board's "Gevraagd").
			if _, err := tx.ExecContext(ctx, `UPDATE status_requests SET sent_at = COALESCE(sent_at, $2)
				WHERE key = (SELECT ref FROM outbox WHERE key = $1)`, key, instant(now)); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO deliveries (outbox_key, attempt, attempted_at, owner, outcome, error)
			SELECT key, attempts, $2, $3, $4, $5 FROM outbox WHERE key = $1`, key, instant(now), owner, outcome, errText)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: outbox %s: %w", key, err)
	}
	return counted, nil
}

// RenewOutboxLease implements store.OutboxStore.
func (s *DB) RenewOutboxLease(ctx context.Context, owner string, keys []string, now time.Time, lease time.Duration) ([]string, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	var held []string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			res, err := tx.ExecContext(ctx, `UPDATE outbox SET lease_until = $3
				WHERE key = $1 AND status = 'sending' AND lease_owner = $2`, k, owner, instant(now.Add(lease)))
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 1 {
				held = append(held, k)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: renew outbox lease: %w", err)
	}
	return held, nil
}

// RequeueOutbox implements store.OutboxStore.
func (s *DB) RequeueOutbox(ctx context.Context, key string, now time.Time) (bool, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE outbox SET status = 'queued', next_attempt_at = $2,
		lease_owner = NULL, lease_until = NULL WHERE key = $1 AND status = 'failed'`, key, instant(now))
	if err != nil {
		return false, fmt.Errorf("store: requeue %s: %w", key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: requeue %s: %w", key, err)
	}
	if n == 0 {
		if ok, err := s.OutboxExists(ctx, key); err != nil {
			return false, err
		} else if !ok {
			return false, notFound("bericht", key)
		}
	}
	return n == 1, nil
}

// OutboxByStatus implements store.OutboxStore.
func (s *DB) OutboxByStatus(ctx context.Context, status string, limit int) ([]store.OutboxMessage, error) {
	if limit <= 0 {
		limit = -1
	}
	q := `SELECT ` + OutboxColumns("") + ` FROM outbox WHERE status = $1 ORDER BY created_at, key`
	if limit > 0 {
		return queryAll(ctx, s.r, "outbox", scanOutbox, q+` LIMIT $2`, status, limit)
	}
	return queryAll(ctx, s.r, "outbox", scanOutbox, q, status)
}

// CountOutbox implements store.OutboxStore.
func (s *DB) CountOutbox(ctx context.Context, status string) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE status = $1`, status).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count outbox: %w", err)
	}
	return n, nil
}

// OutboxMessage implements store.OutboxStore.
func (s *DB) OutboxMessage(ctx context.Context, key string) (store.OutboxMessage, error) {
	m, err := scanOutbox(s.r.QueryRowContext(ctx, `SELECT `+OutboxColumns("")+` FROM outbox WHERE key = $1`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return m, notFound("bericht", key)
	}
	if err != nil {
		return m, fmt.Errorf("store: outbox %s: %w", key, err)
	}
	return m, nil
}

// OutboxExists implements store.OutboxStore.
func (s *DB) OutboxExists(ctx context.Context, key string) (bool, error) {
	var one int
	err := s.r.QueryRowContext(ctx, `SELECT 1 FROM outbox WHERE key = $1`, key).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: outbox %s: %w", key, err)
	}
	return true, nil
}

// attemptColumns are the columns of deliveries that attemptDest scans, in its order.
const attemptColumns = `d.outbox_key, d.attempt, d.attempted_at, d.owner, d.outcome, d.error, d.late`

// attemptDest is where a row's attemptColumns go.
func attemptDest(a *store.DeliveryAttempt) []any {
	return []any{&a.OutboxKey, &a.Attempt, timeScan{&a.AttemptedAt}, &a.Owner, &a.Outcome, &a.Error, &a.Late}
}

// Attempts implements store.OutboxStore.
func (s *DB) Attempts(ctx context.Context, key string) ([]store.DeliveryAttempt, error) {
	return queryAll(ctx, s.r, "attempts", func(sc interface{ Scan(...any) error }) (store.DeliveryAttempt, error) {
		var a store.DeliveryAttempt
		err := sc.Scan(attemptDest(&a)...)
		return a, err
	}, `SELECT `+attemptColumns+` FROM deliveries d WHERE d.outbox_key = $1 ORDER BY d.id`, key)
}

// RecordLateAttempt implements store.OutboxStore. The row is inserted from the message's
// row, so an unknown key inserts nothing and is reported, and the message itself is left as
// the worker that took it over has it.
func (s *DB) RecordLateAttempt(ctx context.Context, a store.DeliveryAttempt) error {
	switch {
	case a.OutboxKey == "" || a.Owner == "" || a.AttemptedAt.IsZero():
		return store.Errorf(store.ErrInvalid, "poging na overname van bericht %q: sleutel, instantie en tijdstip zijn verplicht", a.OutboxKey)
	case a.Outcome != store.OutcomeSent && a.Outcome != store.OutcomeTemporary && a.Outcome != store.OutcomePermanent:
		return store.Errorf(store.ErrInvalid, "poging na overname van bericht %q: onbekende uitkomst %q", a.OutboxKey, a.Outcome)
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO deliveries (outbox_key, attempt, attempted_at, owner, outcome, error, late)
		SELECT key, $2, $3, $4, $5, $6, TRUE FROM outbox WHERE key = $1`,
		a.OutboxKey, a.Attempt, instant(a.AttemptedAt), a.Owner, a.Outcome, a.Error)
	if err != nil {
		return fmt.Errorf("store: late attempt %s: %w", a.OutboxKey, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: late attempt %s: %w", a.OutboxKey, err)
	}
	if n == 0 {
		return notFound("bericht", a.OutboxKey)
	}
	return nil
}

// LateAttempts implements store.OutboxStore: newest recorded first (the order of the rows'
// ids, not of the workers' clocks, which may disagree: that is how leases get lost).
func (s *DB) LateAttempts(ctx context.Context, limit int) ([]store.LateAttempt, error) {
	q := `SELECT ` + attemptColumns + `, o.kind, o.channel, o.recipient, o.subject, o.status
		FROM deliveries d JOIN outbox o ON o.key = d.outbox_key WHERE d.late = TRUE ORDER BY d.id DESC`
	scan := func(sc interface{ Scan(...any) error }) (store.LateAttempt, error) {
		var a store.LateAttempt
		err := sc.Scan(append(attemptDest(&a.DeliveryAttempt), &a.Kind, &a.Channel, &a.Recipient, &a.Subject, &a.Status)...)
		return a, err
	}
	if limit > 0 {
		return queryAll(ctx, s.r, "late attempts", scan, q+` LIMIT $1`, limit)
	}
	return queryAll(ctx, s.r, "late attempts", scan, q)
}

// WarnDelivery implements store.OutboxStore.
func (s *DB) WarnDelivery(ctx context.Context, messageID string, w store.DeliveryWarning) (string, error) {
	id := strings.Trim(strings.TrimSpace(messageID), "<>")
	if id == "" {
		return "", store.Errorf(store.ErrInvalid, "afleverwaarschuwing zonder Message-ID")
	}
	var key string
	err := s.r.QueryRowContext(ctx, `SELECT key FROM outbox WHERE message_id = $1 OR message_id = $2`, "<"+id+">", id).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("bericht", id)
	}
	if err != nil {
		return "", fmt.Errorf("store: outbox %s: %w", id, err)
	}
	_, err = s.w.ExecContext(ctx, `INSERT INTO delivery_warnings (outbox_key, recipient, warning, warned_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (outbox_key) DO UPDATE SET recipient = excluded.recipient, warning = excluded.warning, warned_at = excluded.warned_at`,
		key, w.Recipient, w.Warning, instant(w.At))
	if err != nil {
		return "", fmt.Errorf("store: afleverwaarschuwing %s: %w", key, err)
	}
	return key, nil
}

// DeliveryWarnings implements store.OutboxStore.
func (s *DB) DeliveryWarnings(ctx context.Context, keyPrefix string) ([]store.DeliveryWarning, error) {
	like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(keyPrefix) + "%"
	return queryAll(ctx, s.r, "delivery warnings", func(sc interface{ Scan(...any) error }) (store.DeliveryWarning, error) {
		var w store.DeliveryWarning
		err := sc.Scan(&w.OutboxKey, &w.Recipient, &w.Warning, timeScan{&w.At})
		return w, err
	}, `SELECT outbox_key, recipient, warning, warned_at FROM delivery_warnings WHERE outbox_key LIKE $1 ESCAPE '\' ORDER BY outbox_key`, like)
}

// ---- responses ----

const responseColumns = `id, ref_kind, ref, contact_key, period, version, status, toelichting, indicators, source,
	inbound_message_id, created_at, created_by, approved, approved_by, approved_at`

func scanResponse(sc interface{ Scan(...any) error }) (store.Response, error) {
	var r store.Response
	err := sc.Scan(&r.ID, &r.RefKind, &r.Ref, &r.ContactKey, &r.Period, &r.Version, &r.Status, &r.Toelichting,
		jsonScan{&r.Indicators}, &r.Source, strScan{&r.InboundMessageID}, timeScan{&r.CreatedAt}, &r.CreatedBy,
		&r.Approved, strScan{&r.ApprovedBy}, timeScan{&r.ApprovedAt})
	return r, err
}

// AddResponse implements store.ResponseStore.
func (s *DB) AddResponse(ctx context.Context, r store.Response, now time.Time) (store.Response, error) {
	if err := validResponse(r); err != nil {
		return r, err
	}
	var out store.Response
	var err error
	// Two concurrent answers may compute the same next version; the unique constraint makes
	// one fail, and it tries again with the next number.
	for range 5 {
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			out, err = insertResponse(ctx, tx, r, now)
			return err
		})
		if err == nil || !s.isUniqueViolation(err) {
			break
		}
	}
	if err != nil {
		return out, fmt.Errorf("store: add response: %w", err)
	}
	return out, nil
}

func validResponse(r store.Response) error {
	if r.Ref == "" || r.ContactKey == "" || r.Period == "" || r.Status == "" {
		return store.Errorf(store.ErrInvalid, "reactie: verwijzing, contact, periode en status zijn verplicht")
	}
	return nil
}

// insertResponse stores r as the next version of its reference inside tx.
func insertResponse(ctx context.Context, tx *sql.Tx, r store.Response, now time.Time) (store.Response, error) {
	ind := r.Indicators
	if ind == nil {
		ind = map[string]string{}
	}
	var version int
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM responses
		WHERE ref_kind = $1 AND ref = $2 AND contact_key = $3 AND period = $4`,
		r.RefKind, r.Ref, r.ContactKey, r.Period).Scan(&version)
	if err != nil {
		return store.Response{}, err
	}
	return scanResponse(tx.QueryRowContext(ctx, `INSERT INTO responses (ref_kind, ref, contact_key, period,
			version, status, toelichting, indicators, source, inbound_message_id, created_at, created_by,
			approved, approved_by, approved_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		RETURNING `+responseColumns,
		r.RefKind, r.Ref, r.ContactKey, r.Period, version, r.Status, r.Toelichting, mustJSON(ind), r.Source,
		nullString(r.InboundMessageID), instant(now), r.CreatedBy, r.Approved, nullString(r.ApprovedBy),
		instant(r.ApprovedAt)))
}

// isUniqueViolation asks the dialect whether err is a unique or primary-key violation.
func (s *DB) isUniqueViolation(err error) bool {
	return err != nil && s.d.IsUniqueViolation(err)
}

// LatestResponses implements store.ResponseStore.
func (s *DB) LatestResponses(ctx context.Context, period, contact string) ([]store.Response, error) {
	q := `SELECT ` + responseColumns + ` FROM responses r WHERE period = $1 AND ($2 = '' OR contact_key = $2)
		AND version = (SELECT MAX(version) FROM responses v WHERE v.ref_kind = r.ref_kind AND v.ref = r.ref
			AND v.contact_key = r.contact_key AND v.period = r.period)
		ORDER BY ref_kind, ref, contact_key`
	return queryAll(ctx, s.r, "responses", scanResponse, q, period, contact)
}

// LatestResponsesOf implements store.ResponseStore.
func (s *DB) LatestResponsesOf(ctx context.Context, period string, refs []string) ([]store.Response, error) {
	refs = slices.Sorted(slices.Values(refs)) // so the chunks come back in ref order
	var out []store.Response
	// Chunks keep every statement well under both databases' parameter limits.
	err := chunks(refs, 5000, func(part []string) error {
		q := `SELECT ` + responseColumns + ` FROM responses r WHERE ref_kind = 'action' AND period = ` +
			placeholders(s.d.Positional, 1, 1) + ` AND ref IN ` + placeholders(s.d.Positional, 2, len(part)) + `
			AND version = (SELECT MAX(version) FROM responses v WHERE v.ref_kind = r.ref_kind AND v.ref = r.ref
				AND v.contact_key = r.contact_key AND v.period = r.period)
			ORDER BY ref, contact_key`
		rs, err := queryAll(ctx, s.r, "responses", scanResponse, q, append([]any{period}, anys(part)...)...)
		out = append(out, rs...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ---- audit ----

func nullJSON(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// AddAudit implements store.AuditStore.
func (s *DB) AddAudit(ctx context.Context, e store.AuditEntry) error {
	if e.Actor == "" || e.Action == "" || e.Entity == "" || e.At.IsZero() {
		return store.Errorf(store.ErrInvalid, "auditregel: wie, wat, onderwerp en tijdstip zijn verplicht")
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, entity, entity_key, before, after)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, instant(e.At), e.Actor, e.Action, e.Entity, e.EntityKey,
		nullJSON(e.Before), nullJSON(e.After))
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// Audit implements store.AuditStore.
func (s *DB) Audit(ctx context.Context, entity, entityKey string) ([]store.AuditEntry, error) {
	return queryAll(ctx, s.r, "audit", func(sc interface{ Scan(...any) error }) (store.AuditEntry, error) {
		var e store.AuditEntry
		err := sc.Scan(&e.ID, timeScan{&e.At}, &e.Actor, &e.Action, &e.Entity, &e.EntityKey,
			rawJSONScan{&e.Before}, rawJSONScan{&e.After})
		return e, err
	}, `SELECT id, at, actor, action, entity, entity_key, before, after FROM audit_log
		WHERE entity = $1 AND entity_key = $2 ORDER BY id`, entity, entityKey)
}

// ---- leases ----

// TryAcquireLease implements store.LeaseStore.
func (s *DB) TryAcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	if name == "" || holder == "" || ttl <= 0 {
		return false, store.Errorf(store.ErrInvalid, "lease: naam, houder en duur zijn verplicht")
	}
	var got string
	err := s.w.QueryRowContext(ctx, `INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (name) DO UPDATE SET
			acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END,
			holder = excluded.holder, expires_at = excluded.expires_at
		WHERE leases.holder = excluded.holder OR leases.expires_at <= excluded.acquired_at
		RETURNING holder`, name, holder, instant(now), instant(now.Add(ttl))).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: lease %s: %w", name, err)
	}
	return got == holder, nil
}

// ReleaseLease implements store.LeaseStore.
func (s *DB) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM leases WHERE name = $1 AND holder = $2`, name, holder); err != nil {
		return fmt.Errorf("store: release lease %s: %w", name, err)
	}
	return nil
}

// LeaseHolder implements store.LeaseStore.
func (s *DB) LeaseHolder(ctx context.Context, name string) (string, time.Time, error) {
	var holder string
	var until time.Time
	err := s.w.QueryRowContext(ctx, `SELECT holder, expires_at FROM leases WHERE name = $1`, name).Scan(&holder, timeScan{&until})
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, notFound("lease", name)
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("store: lease %s: %w", name, err)
	}
	return holder, until, nil
}

// TakeOverLease implements store.LeaseStore.
func (s *DB) TakeOverLease(ctx context.Context, name, from, holder string, now time.Time, ttl time.Duration) (bool, error) {
	if name == "" || from == "" || holder == "" || ttl <= 0 {
		return false, store.Errorf(store.ErrInvalid, "lease: naam, houders en duur zijn verplicht")
	}
	res, err := s.w.ExecContext(ctx, `UPDATE leases SET holder = $3, acquired_at = $4, expires_at = $5
		WHERE name = $1 AND holder = $2`, name, from, holder, instant(now), instant(now.Add(ttl)))
	if err != nil {
		return false, fmt.Errorf("store: lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: lease %s: %w", name, err)
	}
	return n == 1, nil
}

// ---- helpers ----

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func queryAll[T any](ctx context.Context, db querier, what string, scan func(interface{ Scan(...any) error }) (T, error), q string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}

func affectedOne(res sql.Result, err error, what, key string) error {
	if err != nil {
		return fmt.Errorf("store: %s %s: %w", what, key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %s %s: %w", what, key, err)
	}
	if n == 0 {
		return notFound(what, key)
	}
	return nil
}
