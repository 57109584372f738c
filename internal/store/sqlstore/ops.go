package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

var _ store.OpsStore = (*DB)(nil)

// OutboxDepth implements store.OpsStore.
func (s *DB) OutboxDepth(ctx context.Context) ([]store.OutboxCount, error) {
	return queryAll(ctx, s.r, "outbox depth", func(sc interface{ Scan(...any) error }) (store.OutboxCount, error) {
		var c store.OutboxCount
		err := sc.Scan(&c.Status, &c.Kind, &c.N)
		return c, err
	}, `SELECT status, kind, COUNT(*) FROM outbox GROUP BY status, kind ORDER BY status, kind`)
}

// TaskStates implements store.OpsStore. The states are those of the task list's filter
// (Tasks with TaskQuery.Status), so the gauge and the board agree.
func (s *DB) TaskStates(ctx context.Context, today time.Time) (map[string]int, error) {
	out := map[string]int{store.TaskOpen: 0, store.TaskOverdue: 0, store.TaskDone: 0, store.TaskCancelled: 0}
	rows, err := s.r.QueryContext(ctx, `SELECT CASE
			WHEN status_override IS NOT NULL THEN status_override
			WHEN `+effectiveDue+` < $1 THEN '`+store.TaskOverdue+`'
			ELSE '`+store.TaskOpen+`' END AS state, COUNT(*)
		FROM tasks WHERE obsolete_at IS NULL GROUP BY 1`, date(today))
	if err != nil {
		return nil, fmt.Errorf("store: task states: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, fmt.Errorf("store: task states: %w", err)
		}
		out[state] += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: task states: %w", err)
	}
	return out, nil
}

// PruneDeliveryAttempts implements store.OpsStore.
func (s *DB) PruneDeliveryAttempts(ctx context.Context, before time.Time) (int, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM deliveries WHERE attempted_at < $1
		AND outbox_key IN (SELECT key FROM outbox WHERE status IN ('`+store.OutboxSent+`', '`+store.OutboxFailed+`'))`, instant(before))
	return affected(res, err, "prune delivery attempts")
}

// pruneBatch bounds how many mails one PruneInboundBodies statement reads: raw bodies can be
// megabytes each.
const pruneBatch = 20

// PruneInboundBodies implements store.OpsStore. The header block is cut in Go (SQL cannot
// find it portably), batch by batch.
func (s *DB) PruneInboundBodies(ctx context.Context, before, at time.Time) (int, error) {
	n := 0
	for {
		type row struct {
			id  string
			raw []byte
		}
		batch, err := queryAll(ctx, s.w, "prune inbound bodies", func(sc interface{ Scan(...any) error }) (row, error) {
			var r row
			err := sc.Scan(&r.id, &r.raw)
			return r, err
		}, `SELECT message_id, raw FROM inbound_mails WHERE body_pruned_at IS NULL AND processed_at < $1
			AND (state = '`+store.InboundProcessed+`' OR reviewed_by IS NOT NULL)
			ORDER BY processed_at, message_id LIMIT `+fmt.Sprint(pruneBatch), instant(before))
		if err != nil {
			return n, err
		}
		for _, r := range batch {
			if _, err := s.w.ExecContext(ctx, `UPDATE inbound_mails SET raw = $2, body_pruned_at = $3 WHERE message_id = $1`,
				r.id, headerBlock(r.raw), instant(at)); err != nil {
				return n, fmt.Errorf("store: prune inbound body %s: %w", r.id, err)
			}
			n++
		}
		if len(batch) < pruneBatch {
			return n, nil
		}
	}
}

// headerBlock is raw up to and including the blank line that ends its header (all of raw
// when there is none, capped at 256 KiB).
func headerBlock(raw []byte) []byte {
	end := len(raw)
	if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 {
		end = i + 4
	}
	if i := bytes.Index(raw, []byte("\n\n")); i >= 0 && i+2 < end {
		end = i + 2
	}
	end = min(end, 256<<10)
	return append([]byte{}, raw[:end]...)
}

// PruneDraftVersions implements store.OpsStore.
func (s *DB) PruneDraftVersions(ctx context.Context, before time.Time) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		const old = `SELECT d.key FROM drafts d WHERE d.created_at < $1
			AND d.version < (SELECT MAX(n.version) FROM drafts n WHERE n.period = d.period)`
		if _, err := tx.ExecContext(ctx, `DELETE FROM draft_documents WHERE draft_key IN (`+old+`)`, instant(before)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE key IN (`+old+`)`, instant(before))
		if err != nil {
			return err
		}
		n, err = affected(res, nil, "")
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: prune draft versions: %w", err)
	}
	return n, nil
}

// PruneLoginThrottle implements store.OpsStore.
func (s *DB) PruneLoginThrottle(ctx context.Context, before time.Time) (int, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM login_throttle WHERE last_failure < $1`, instant(before))
	return affected(res, err, "prune login throttle")
}

func affected(res sql.Result, err error, what string) (int, error) {
	if err == nil {
		var n int64
		n, err = res.RowsAffected()
		if err == nil {
			return int(n), nil
		}
	}
	if what == "" {
		return 0, err
	}
	return 0, fmt.Errorf("store: %s: %w", what, err)
}
