package store

import (
	"context"
	"time"
)

// OpsStore is what the operator's side reads and prunes: the counts behind the business
// gauges of /metrics, and the retention job's deletions. Nothing here touches the audit log,
// the answers or the tasks, which are kept for good.
type OpsStore interface {
	// OutboxDepth counts the outbox messages by status and kind.
	OutboxDepth(ctx context.Context) ([]OutboxCount, error)
	// TaskStates counts the planned (not obsolete) tasks by state as of the calendar date
	// today: TaskOpen, TaskOverdue, TaskDone and TaskCancelled (every state present, zero
	// when none).
	TaskStates(ctx context.Context, today time.Time) (map[string]int, error)

	// PruneDeliveryAttempts deletes the recorded attempts made before before of messages
	// that are sent or failed for good (a message still being retried keeps its history).
	// The message keeps its attempt count and last error.
	PruneDeliveryAttempts(ctx context.Context, before time.Time) (int, error)
	// PruneInboundBodies cuts the raw bytes of inbound mail processed before before down to
	// its header block: mail that was applied, and quarantined or rejected mail a
	// coordinator decided on. Mail still waiting in the postvak is kept whole. Each mail is
	// pruned once (its pruned instant is recorded as at).
	PruneInboundBodies(ctx context.Context, before, at time.Time) (int, error)
	// PruneDraftVersions deletes report draft versions (with their documents) created before
	// before, except the newest version of every period.
	PruneDraftVersions(ctx context.Context, before time.Time) (int, error)
	// PruneLoginThrottle deletes the throttle state of scopes whose last failure is before
	// before (it is forgotten by then anyway).
	PruneLoginThrottle(ctx context.Context, before time.Time) (int, error)
}

// OutboxCount is how many outbox messages have one status and kind.
type OutboxCount struct {
	Status string
	Kind   string
	N      int
}
