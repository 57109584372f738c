package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

const planHoldColumns = `programme, fingerprint, open_tasks, obsolete, examples, held_at, accepted_by, accepted_at`

func scanPlanHold(sc interface{ Scan(...any) error }) (store.PlanHold, error) {
	var h store.PlanHold
	err := sc.Scan(&h.Programme, &h.Fingerprint, &h.OpenTasks, &h.Obsolete, jsonScan{&h.Examples}, timeScan{&h.HeldAt},
		strScan{&h.AcceptedBy}, timeScan{&h.AcceptedAt})
	if h.Examples == nil {
		h.Examples = []string{}
	}
	return h, err
}

// HoldPlan implements store.PlanHoldStore.
func (s *DB) HoldPlan(ctx context.Context, h store.PlanHold) (store.PlanHold, error) {
	if h.Programme == "" || h.Fingerprint == "" || h.HeldAt.IsZero() {
		return h, store.Errorf(store.ErrInvalid, "aangehouden plan: programma, vingerafdruk en tijd zijn verplicht")
	}
	ex := h.Examples
	if ex == nil {
		ex = []string{}
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO plan_holds (programme, fingerprint, open_tasks, obsolete, examples, held_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (programme) DO UPDATE SET open_tasks = excluded.open_tasks, obsolete = excluded.obsolete,
			examples = excluded.examples,
			held_at = CASE WHEN plan_holds.fingerprint = excluded.fingerprint THEN plan_holds.held_at ELSE excluded.held_at END,
			accepted_by = CASE WHEN plan_holds.fingerprint = excluded.fingerprint THEN plan_holds.accepted_by END,
			accepted_at = CASE WHEN plan_holds.fingerprint = excluded.fingerprint THEN plan_holds.accepted_at END,
			fingerprint = excluded.fingerprint`,
		h.Programme, h.Fingerprint, h.OpenTasks, h.Obsolete, mustJSON(ex), instant(h.HeldAt))
	if err != nil {
		return h, fmt.Errorf("store: hold plan %s: %w", h.Programme, err)
	}
	return s.readPlanHold(ctx, s.w, h.Programme)
}

func (s *DB) readPlanHold(ctx context.Context, db *sql.DB, programme string) (store.PlanHold, error) {
	h, err := scanPlanHold(db.QueryRowContext(ctx, `SELECT `+planHoldColumns+` FROM plan_holds WHERE programme = $1`, programme))
	if errors.Is(err, sql.ErrNoRows) {
		return h, notFound("aangehouden plan", programme)
	}
	if err != nil {
		return h, fmt.Errorf("store: plan hold %s: %w", programme, err)
	}
	return h, nil
}

// PlanHold implements store.PlanHoldStore.
func (s *DB) PlanHold(ctx context.Context, programme string) (store.PlanHold, error) {
	return s.readPlanHold(ctx, s.w, programme)
}

// PlanHolds implements store.PlanHoldStore.
func (s *DB) PlanHolds(ctx context.Context) ([]store.PlanHold, error) {
	return queryAll(ctx, s.r, "plan holds", scanPlanHold, `SELECT `+planHoldColumns+` FROM plan_holds ORDER BY programme`)
}

// AcceptPlanHold implements store.PlanHoldStore.
func (s *DB) AcceptPlanHold(ctx context.Context, programme, fingerprint, by string, at time.Time) (store.PlanHold, error) {
	if by == "" || at.IsZero() {
		return store.PlanHold{}, store.Errorf(store.ErrInvalid, "plan accepteren: wie en wanneer zijn verplicht")
	}
	res, err := s.w.ExecContext(ctx, `UPDATE plan_holds SET accepted_by = $3, accepted_at = $4
		WHERE programme = $1 AND fingerprint = $2`, programme, fingerprint, by, instant(at))
	if err := affectedOne(res, err, "aangehouden plan", programme+" ("+fingerprint+")"); err != nil {
		return store.PlanHold{}, err
	}
	return s.readPlanHold(ctx, s.w, programme)
}

// ClearPlanHold implements store.PlanHoldStore.
func (s *DB) ClearPlanHold(ctx context.Context, programme string) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM plan_holds WHERE programme = $1`, programme); err != nil {
		return fmt.Errorf("store: clear plan hold %s: %w", programme, err)
	}
	return nil
}
