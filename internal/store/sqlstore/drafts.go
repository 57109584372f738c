package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

const draftColumns = `key, period, version, formats, markdown, created_at, created_by`

func scanDraft(sc interface{ Scan(...any) error }) (store.Draft, error) {
	var d store.Draft
	var formats string
	err := sc.Scan(&d.Key, &d.Period, &d.Version, &formats, &d.Markdown, timeScan{&d.CreatedAt}, &d.CreatedBy)
	if err == nil {
		err = json.Unmarshal([]byte(formats), &d.Formats)
	}
	return d, err
}

// AddDraft implements store.DraftStore.
func (s *DB) AddDraft(ctx context.Context, d store.Draft, docs map[string][]byte, now time.Time) (store.Draft, error) {
	if d.Period == "" {
		return d, store.Errorf(store.ErrInvalid, "concept: periode is verplicht")
	}
	formats := make([]string, 0, len(docs))
	for f := range docs {
		formats = append(formats, f)
	}
	sort.Strings(formats)
	var out store.Draft
	var err error
	for range 5 {
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			var version int
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM drafts WHERE period = $1`, d.Period).Scan(&version); err != nil {
				return err
			}
			key := fmt.Sprintf("concept/%s/%d", d.Period, version)
			out, err = scanDraft(tx.QueryRowContext(ctx, `INSERT INTO drafts (`+draftColumns+`)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING `+draftColumns,
				key, d.Period, version, mustJSON(formats), d.Markdown, instant(now), d.CreatedBy))
			if err != nil {
				return err
			}
			for _, f := range formats {
				if _, err := tx.ExecContext(ctx, `INSERT INTO draft_documents (draft_key, format, content) VALUES ($1, $2, $3)`,
					key, f, docs[f]); err != nil {
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
		return out, fmt.Errorf("store: add draft: %w", err)
	}
	return out, nil
}

// Drafts implements store.DraftStore.
func (s *DB) Drafts(ctx context.Context, period string) ([]store.Draft, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+draftColumns+` FROM drafts WHERE period = $1 ORDER BY version DESC`, period)
	if err != nil {
		return nil, fmt.Errorf("store: drafts: %w", err)
	}
	defer rows.Close()
	var out []store.Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, fmt.Errorf("store: drafts: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Draft implements store.DraftStore.
func (s *DB) Draft(ctx context.Context, key string) (store.Draft, error) {
	d, err := scanDraft(s.r.QueryRowContext(ctx, `SELECT `+draftColumns+` FROM drafts WHERE key = $1`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return d, notFound("concept", key)
	}
	if err != nil {
		return d, fmt.Errorf("store: draft: %w", err)
	}
	return d, nil
}

// DraftDocument implements store.DraftStore.
func (s *DB) DraftDocument(ctx context.Context, key, format string) ([]byte, error) {
	var b []byte
	err := s.r.QueryRowContext(ctx, `SELECT content FROM draft_documents WHERE draft_key = $1 AND format = $2`, key, format).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("document", key+"/"+format)
	}
	if err != nil {
		return nil, fmt.Errorf("store: draft document: %w", err)
	}
	return b, nil
}
