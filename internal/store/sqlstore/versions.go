package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

const proposalColumns = `id, programme, base_hash, source, summary, reason, created_by, created_at, state, decided_by, decided_at, version`

func scanProposal(sc interface{ Scan(...any) error }) (store.Proposal, error) {
	var p store.Proposal
	var src string
	var decidedBy sql.NullString
	var version sql.NullInt64
	err := sc.Scan(&p.ID, &p.Programme, &p.BaseHash, &src, &p.Summary, &p.Reason, &p.CreatedBy, timeScan{&p.CreatedAt},
		&p.State, &decidedBy, timeScan{&p.DecidedAt}, &version)
	p.Source, p.DecidedBy, p.Version = []byte(src), decidedBy.String, int(version.Int64)
	return p, err
}

// AddProposal implements store.VersionStore.
func (s *DB) AddProposal(ctx context.Context, p store.Proposal, now time.Time) (store.Proposal, error) {
	if p.Programme == "" || len(p.Source) == 0 || p.CreatedBy == "" {
		return p, store.Errorf(store.ErrInvalid, "voorstel: programma, inhoud en indiener zijn verplicht")
	}
	out, err := scanProposal(s.w.QueryRowContext(ctx, `INSERT INTO programme_proposals
		(programme, base_hash, source, summary, reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
		RETURNING `+proposalColumns, p.Programme, p.BaseHash, string(p.Source), p.Summary, p.Reason, p.CreatedBy, instant(now)))
	if err != nil {
		return p, fmt.Errorf("store: add proposal: %w", err)
	}
	return out, nil
}

// Proposal implements store.VersionStore.
func (s *DB) Proposal(ctx context.Context, id int64) (store.Proposal, error) {
	p, err := scanProposal(s.r.QueryRowContext(ctx, `SELECT `+proposalColumns+` FROM programme_proposals WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, notFound("voorstel", strconv.FormatInt(id, 10))
	}
	if err != nil {
		return p, fmt.Errorf("store: proposal: %w", err)
	}
	return p, nil
}

// OpenProposals implements store.VersionStore.
func (s *DB) OpenProposals(ctx context.Context, programme string) ([]store.Proposal, error) {
	return queryAll(ctx, s.r, "open proposals", scanProposal, `SELECT `+proposalColumns+` FROM programme_proposals
		WHERE programme = $1 AND state = 'open' ORDER BY id DESC`, programme)
}

// DiscardProposal implements store.VersionStore.
func (s *DB) DiscardProposal(ctx context.Context, id int64, by string, now time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE programme_proposals SET state = 'discarded', decided_by = $2, decided_at = $3
		WHERE id = $1 AND state = 'open'`, id, by, instant(now))
	if err != nil {
		return fmt.Errorf("store: discard proposal: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: discard proposal: %w", err)
	}
	if n == 0 {
		if _, err := s.Proposal(ctx, id); err != nil {
			return err
		}
		return store.Errorf(store.ErrInvalid, "voorstel %d is niet meer open", id)
	}
	return nil
}

const versionColumns = `id, programme, version, hash, reason, created_by, created_at, diff, proposal_id, restored_from`

func scanVersion(sc interface{ Scan(...any) error }, withSource bool) (store.ProgrammeVersion, error) {
	var v store.ProgrammeVersion
	var diff sql.NullString
	var proposal, restored sql.NullInt64
	var src string
	dest := []any{&v.ID, &v.Programme, &v.Version, &v.Hash, &v.Reason, &v.CreatedBy, timeScan{&v.CreatedAt}, &diff, &proposal, &restored}
	if withSource {
		dest = append(dest, &src)
	}
	err := sc.Scan(dest...)
	if diff.Valid {
		v.Diff = []byte(diff.String)
	}
	v.Proposal, v.RestoredFrom = proposal.Int64, int(restored.Int64)
	if withSource {
		v.Source = []byte(src)
	}
	return v, err
}

func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

// AddVersion implements store.VersionStore.
func (s *DB) AddVersion(ctx context.Context, v store.ProgrammeVersion, proposal int64, now time.Time) (store.ProgrammeVersion, error) {
	if v.Programme == "" || len(v.Source) == 0 || v.CreatedBy == "" {
		return v, store.Errorf(store.ErrInvalid, "versie: programma, inhoud en auteur zijn verplicht")
	}
	sum := sha256.Sum256(v.Source)
	hash := hex.EncodeToString(sum[:])
	var out store.ProgrammeVersion
	var err error
	for range 5 {
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			var next int
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM programme_versions WHERE programme = $1`,
				v.Programme).Scan(&next); err != nil {
				return err
			}
			if v.CheckParent {
				var latest string
				err := tx.QueryRowContext(ctx, `SELECT hash FROM programme_versions WHERE programme = $1 ORDER BY version DESC LIMIT 1`,
					v.Programme).Scan(&latest)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return err
				}
				if latest != v.Parent {
					return store.Errorf(store.ErrInvalid, "het programma %s is intussen gewijzigd (versie %d)", v.Programme, next-1)
				}
			}
			if proposal != 0 {
				res, err := tx.ExecContext(ctx, `UPDATE programme_proposals SET state = 'applied', decided_by = $2, decided_at = $3, version = $4
					WHERE id = $1 AND state = 'open' AND programme = $5`, proposal, v.CreatedBy, instant(now), next, v.Programme)
				if err != nil {
					return err
				}
				if n, err := res.RowsAffected(); err != nil {
					return err
				} else if n == 0 {
					return store.Errorf(store.ErrInvalid, "voorstel %d is niet meer open", proposal)
				}
			}
			var diff any
			if len(v.Diff) > 0 {
				diff = string(v.Diff)
			}
			out, err = scanVersion(tx.QueryRowContext(ctx, `INSERT INTO programme_versions
				(programme, version, source, hash, reason, created_by, created_at, diff, proposal_id, restored_from)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING `+versionColumns,
				v.Programme, next, string(v.Source), hash, v.Reason, v.CreatedBy, instant(now), diff, nullInt(proposal), nullInt(int64(v.RestoredFrom))), false)
			out.Source = v.Source
			return err
		})
		if err == nil || !s.isUniqueViolation(err) {
			break
		}
	}
	if err != nil {
		var se *store.Error
		if errors.As(err, &se) {
			return out, err
		}
		return out, fmt.Errorf("store: add version: %w", err)
	}
	return out, nil
}

// Versions implements store.VersionStore.
func (s *DB) Versions(ctx context.Context, programme string) ([]store.ProgrammeVersion, error) {
	return queryAll(ctx, s.r, "versions", func(sc interface{ Scan(...any) error }) (store.ProgrammeVersion, error) {
		return scanVersion(sc, false)
	}, `SELECT `+versionColumns+` FROM programme_versions WHERE programme = $1 ORDER BY version DESC`, programme)
}

// ProgrammeVersion implements store.VersionStore.
func (s *DB) ProgrammeVersion(ctx context.Context, programme string, version int) (store.ProgrammeVersion, error) {
	v, err := scanVersion(s.r.QueryRowContext(ctx, `SELECT `+versionColumns+`, source FROM programme_versions
		WHERE programme = $1 AND version = $2`, programme, version), true)
	if errors.Is(err, sql.ErrNoRows) {
		return v, notFound("versie", fmt.Sprintf("%s %d", programme, version))
	}
	if err != nil {
		return v, fmt.Errorf("store: version: %w", err)
	}
	return v, nil
}

// AnswerRefs implements store.VersionStore.
func (s *DB) AnswerRefs(ctx context.Context, programme string) ([]store.AnswerRef, error) {
	return queryAll(ctx, s.r, "answer refs", func(sc interface{ Scan(...any) error }) (store.AnswerRef, error) {
		var r store.AnswerRef
		err := sc.Scan(&r.RefKind, &r.Ref, &r.Period, &r.Answers)
		return r, err
	}, `SELECT ref_kind, ref, period, COUNT(*) FROM responses WHERE substr(ref, 1, $2) = $1
		GROUP BY ref_kind, ref, period ORDER BY ref_kind, ref, period`, programme+"/", len(programme)+1)
}
