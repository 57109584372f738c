package cycle

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

// Audit of a coordinator sending a failed message again.
const (
	AuditEntityOutbox = "bericht"
	AuditResent       = "opnieuw-verstuurd"
)

// ResendStore is what Resend needs of the store.
type ResendStore interface {
	OutboxMessage(ctx context.Context, key string) (store.OutboxMessage, error)
	RequeueOutbox(ctx context.Context, key string, now time.Time) (bool, error)
	AddAudit(ctx context.Context, e store.AuditEntry) error
}

// Resend puts failed messages back in the queue on a coordinator's (or the command line's)
// word and writes each to the audit log with its last error. Messages that are not failed are
// left alone; it returns how many went back. An unknown key is store.ErrNotFound.
func Resend(ctx context.Context, st ResendStore, keys []string, actor string, now time.Time) (int, error) {
	n := 0
	for _, k := range keys {
		m, err := st.OutboxMessage(ctx, k)
		if err != nil {
			return n, fmt.Errorf("cycle: %w", err)
		}
		ok, err := st.RequeueOutbox(ctx, k, now)
		if err != nil {
			return n, fmt.Errorf("cycle: %w", err)
		}
		if !ok {
			continue
		}
		before, _ := json.Marshal(map[string]any{"status": m.Status, "attempts": m.Attempts, "last_error": m.LastError})
		after, _ := json.Marshal(map[string]any{"status": store.OutboxQueued})
		if err := st.AddAudit(ctx, store.AuditEntry{At: now, Actor: actor, Action: AuditResent, Entity: AuditEntityOutbox,
			EntityKey: k, Before: before, After: after}); err != nil {
			return n, fmt.Errorf("cycle: %w", err)
		}
		n++
	}
	return n, nil
}
