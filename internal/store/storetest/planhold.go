package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

// PlanHoldSuite runs the conformance cases of store.PlanHoldStore against s.
func PlanHoldSuite(t *testing.T, s store.Store) {
	ctx := context.Background()
	t0 := t0.Truncate(time.Millisecond) // as it reads back
	if _, err := s.PlanHold(ctx, "p"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("PlanHold of nothing: %v", err)
	}
	h := store.PlanHold{Programme: "p", Fingerprint: "f1", OpenTasks: 100, Obsolete: 80, Examples: []string{"p/1a/x"}, HeldAt: t0}
	got, err := s.HoldPlan(ctx, h)
	if err != nil || got.Fingerprint != "f1" || got.Obsolete != 80 || !slices.Equal(got.Examples, h.Examples) || !got.HeldAt.Equal(t0) || got.AcceptedBy != "" {
		t.Fatalf("HoldPlan = %+v, %v", got, err)
	}
	if _, err := s.AcceptPlanHold(ctx, "p", "f0", "sanne", t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("accepting another fingerprint: %v", err)
	}
	got, err = s.AcceptPlanHold(ctx, "p", "f1", "sanne", t0.Add(time.Minute))
	if err != nil || got.AcceptedBy != "sanne" || !got.AcceptedAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("AcceptPlanHold = %+v, %v", got, err)
	}

	// Held again with the same fingerprint: acceptance and first instant stay.
	h.HeldAt = t0.Add(time.Hour)
	if got, err = s.HoldPlan(ctx, h); err != nil || got.AcceptedBy != "sanne" || !got.HeldAt.Equal(t0) {
		t.Errorf("same hold again = %+v, %v", got, err)
	}
	// Another fingerprint: a new question.
	h.Fingerprint, h.Obsolete = "f2", 90
	if got, err = s.HoldPlan(ctx, h); err != nil || got.AcceptedBy != "" || !got.AcceptedAt.IsZero() || !got.HeldAt.Equal(h.HeldAt) || got.Obsolete != 90 {
		t.Errorf("changed hold = %+v, %v", got, err)
	}
	if all, err := s.PlanHolds(ctx); err != nil || len(all) != 1 || all[0].Fingerprint != "f2" {
		t.Errorf("PlanHolds = %+v, %v", all, err)
	}
	if err := s.ClearPlanHold(ctx, "p"); err != nil {
		t.Fatal(err)
	}
	if err := s.ClearPlanHold(ctx, "p"); err != nil {
		t.Errorf("clearing twice: %v", err)
	}
	if all, err := s.PlanHolds(ctx); err != nil || len(all) != 0 {
		t.Errorf("PlanHolds after clear = %+v, %v", all, err)
	}
}
