package store

import (
	"context"
	"time"
)

// PlanHold is a reconcile of a programme that was held back instead of applied, because it
// would mark more than the allowed share of the programme's open tasks obsolete (typically a
// workflow file read while it was half written). Nothing of it is written until a
// coordinator accepts it; a later reconcile that obsoletes few enough tasks clears it.
type PlanHold struct {
	Programme string
	// Fingerprint names the set of tasks the held reconcile would obsolete: an acceptance
	// counts only for that set, so a file that changes again is held (and asked) anew.
	Fingerprint string
	OpenTasks   int      // the programme's tasks that are not obsolete
	Obsolete    int      // how many of them the held reconcile would mark obsolete
	Examples    []string // the first few of those task keys, for the board
	HeldAt      time.Time
	AcceptedBy  string // "" while waiting
	AcceptedAt  time.Time
}

// PlanHoldStore persists held reconciles.
type PlanHoldStore interface {
	// HoldPlan records h as the held reconcile of h.Programme. A hold with the same
	// fingerprint keeps its first HeldAt and its acceptance; another fingerprint replaces it
	// and clears the acceptance.
	HoldPlan(ctx context.Context, h PlanHold) (PlanHold, error)
	// PlanHold returns the hold of programme; ErrNotFound when none.
	PlanHold(ctx context.Context, programme string) (PlanHold, error)
	// PlanHolds lists every hold, by programme.
	PlanHolds(ctx context.Context) ([]PlanHold, error)
	// AcceptPlanHold records that by accepted the hold of programme with fingerprint at at.
	// ErrNotFound when the programme has no hold with that fingerprint (it changed or was
	// cleared meanwhile).
	AcceptPlanHold(ctx context.Context, programme, fingerprint, by string, at time.Time) (PlanHold, error)
	// ClearPlanHold removes the hold of programme; no error when there is none.
	ClearPlanHold(ctx context.Context, programme string) error
}
