package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/store"
)

// maxExamples is how many of the tasks a held reconcile would obsolete the hold names.
const maxExamples = 10

// guardReconcile decides whether reconciling programme to tasks may be applied. It may when
// it marks at most cfg.MaxObsoleteShare of the programme's open tasks obsolete, or when a
// coordinator accepted a hold of exactly this set of tasks. Otherwise it records (or keeps)
// the hold and reports held: nothing of the reconcile is written. A hold that exists is
// returned too, so the caller clears it once the reconcile is applied.
//
// Why: a workflow file read while it is half written is valid YAML with most actions
// missing, and reconciling it would mark most tasks obsolete (and stop the requests about
// them) until the next save.
func (a *App) guardReconcile(ctx context.Context, programme string, tasks []planner.Task, now time.Time) (store.PlanHold, bool, error) {
	existing, err := a.store.PlanHold(ctx, programme)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return existing, false, fmt.Errorf("app: %w", err)
	}
	open, err := a.store.Tasks(ctx, store.TaskFilter{Programme: programme})
	if err != nil {
		return existing, false, fmt.Errorf("app: %w", err)
	}
	planned := make(map[string]bool, len(tasks))
	for _, t := range tasks {
		planned[t.Key] = true
	}
	var gone []string
	for _, t := range open {
		if !planned[t.Key] {
			gone = append(gone, t.Key)
		}
	}
	if len(gone) == 0 || float64(len(gone)) <= a.cfg.MaxObsoleteShare*float64(len(open)) {
		return existing, false, nil
	}
	slices.Sort(gone)
	sum := sha256.New()
	for _, k := range gone {
		sum.Write([]byte(k))
		sum.Write([]byte{0})
	}
	fp := hex.EncodeToString(sum.Sum(nil)[:12])
	if existing.Fingerprint == fp && existing.AcceptedBy != "" {
		return existing, false, nil // accepted: apply it
	}
	hold, err := a.store.HoldPlan(ctx, store.PlanHold{Programme: programme, Fingerprint: fp, OpenTasks: len(open),
		Obsolete: len(gone), Examples: gone[:min(len(gone), maxExamples)], HeldAt: now})
	if err != nil {
		return hold, false, fmt.Errorf("app: %w", err)
	}
	return hold, true, nil
}

// PlanHolds are the reconciles held back now.
func (a *App) PlanHolds(ctx context.Context) ([]store.PlanHold, error) {
	return a.store.PlanHolds(ctx)
}

// AcceptPlan accepts the held reconcile of programme (its fingerprint as shown, so a file
// that changed since is not accepted unseen), records it in the audit log as by's, and
// reconciles: the held plan is applied now.
func (a *App) AcceptPlan(ctx context.Context, programme, fingerprint, by string) (store.PlanHold, error) {
	h, err := a.store.AcceptPlanHold(ctx, programme, fingerprint, by, a.clock.Now())
	if err != nil {
		return h, fmt.Errorf("app: plan accepteren: %w", err)
	}
	after, _ := json.Marshal(map[string]any{"fingerprint": h.Fingerprint, "open_tasks": h.OpenTasks, "obsolete": h.Obsolete})
	if err := a.store.AddAudit(ctx, store.AuditEntry{At: a.clock.Now(), Actor: by, Action: AuditPlanAccepted,
		Entity: AuditEntityProgramme, EntityKey: programme, After: after}); err != nil {
		return h, fmt.Errorf("app: %w", err)
	}
	a.log.Info("held reconcile accepted", "programme", programme, "by", by, "obsolete", h.Obsolete)
	return h, a.Reconcile(ctx)
}

// Audit names of an accepted plan.
const (
	AuditPlanAccepted    = "plan-geaccepteerd"
	AuditEntityProgramme = "programma"
)

// catchUpAcceptedPlans reconciles when a reconcile this process holds was accepted (and so
// applied and cleared) on another replica, so the cycle stops asking about the old plan
// without waiting for the next file change or the daily reconcile. It reads the store only
// while something is held here.
func (a *App) catchUpAcceptedPlans(ctx context.Context) error {
	a.mu.RLock()
	held := maps.Clone(a.heldHere)
	a.mu.RUnlock()
	if len(held) == 0 {
		return nil
	}
	holds, err := a.store.PlanHolds(ctx)
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	for _, h := range holds {
		delete(held, h.Programme)
	}
	if len(held) == 0 {
		return nil
	}
	a.log.Info("a held reconcile was accepted elsewhere; reconciling")
	return a.Reconcile(ctx)
}
