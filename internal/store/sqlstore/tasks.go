package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/store"
)

const taskColumns = `key, programme, line, goal, action, phase, kind, title, owners, start_date, due_date,
	source, content_hash, created_at, updated_at, obsolete_at, status_override, status_override_by,
	status_override_at, due_override, due_override_reason, due_override_by, due_override_at`

func scanTask(sc interface{ Scan(...any) error }) (store.TaskRow, error) {
	var r store.TaskRow
	var kind string
	err := sc.Scan(&r.Key, &r.Programme, &r.Line, &r.Goal, &r.Action, &r.Phase, &kind, &r.Title,
		jsonScan{&r.Owners}, timeScan{&r.Start}, timeScan{&r.Due}, &r.Source, &r.Hash,
		timeScan{&r.CreatedAt}, timeScan{&r.UpdatedAt}, timeScan{&r.ObsoleteAt},
		strScan{&r.StatusOverride}, strScan{&r.StatusOverrideBy}, timeScan{&r.StatusOverrideAt},
		timeScan{&r.DueOverride}, strScan{&r.DueOverrideReason}, strScan{&r.DueOverrideBy},
		timeScan{&r.DueOverrideAt})
	r.Kind = planner.Kind(kind)
	if r.Owners == nil {
		r.Owners = []string{}
	}
	return r, err
}

// planned is a task with its content hash.
type planned struct {
	t    planner.Task
	hash string
}

// hasher computes content hashes; it reuses its buffer because the no-change pass of a large
// plan is mostly hashing.
type hasher struct{ buf []byte }

func (h *hasher) plan(t planner.Task) planned {
	b := h.buf[:0]
	sep := func() { b = append(b, 0x1f) }
	b = append(b, t.Programme...)
	sep()
	b = strconv.AppendInt(b, int64(t.Line), 10)
	sep()
	b = strconv.AppendInt(b, int64(t.Goal), 10)
	sep()
	b = append(b, t.Action...)
	sep()
	b = append(b, t.Phase...)
	sep()
	b = append(b, t.Kind...)
	sep()
	b = append(b, t.Title...)
	sep()
	for _, o := range t.Owners {
		b = append(b, o...)
		b = append(b, 0x1e)
	}
	sep()
	if !t.Start.IsZero() {
		b = t.Start.AppendFormat(b, dateLayout)
	}
	sep()
	if !t.Due.IsZero() {
		b = t.Due.AppendFormat(b, dateLayout)
	}
	sep()
	b = append(b, t.Source...)
	h.buf = b
	sum := sha256.Sum256(b)
	return planned{t: t, hash: hex.EncodeToString(sum[:16])}
}

func ownersJSON(owners []string) string {
	if owners == nil {
		owners = []string{}
	}
	return mustJSON(owners)
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

// fields are the planned values by history name, for diffs.
func fields(t planner.Task) map[string]any {
	owners := t.Owners
	if owners == nil {
		owners = []string{}
	}
	return map[string]any{
		"programme": t.Programme, "line": t.Line, "goal": t.Goal, "action": t.Action,
		"phase": t.Phase, "kind": string(t.Kind), "title": t.Title, "owners": owners,
		"start": dateText(t.Start), "due": dateText(t.Due), "source": t.Source,
	}
}

type existingTask struct {
	programme string
	hash      string
	obsolete  bool
}

// Reconcile implements store.TaskStore.
func (s *DB) Reconcile(ctx context.Context, programme string, tasks []planner.Task, now time.Time) (store.ReconcileResult, error) {
	var res store.ReconcileResult
	if programme == "" {
		return res, store.Errorf(store.ErrInvalid, "reconcile: programma ontbreekt")
	}
	in := make([]planned, len(tasks))
	var h hasher
	wanted := make(map[string]struct{}, len(tasks))
	for i, t := range tasks {
		if t.Key == "" {
			return res, store.Errorf(store.ErrInvalid, "reconcile: taak %d heeft geen sleutel", i)
		}
		if _, dup := wanted[t.Key]; dup {
			return res, store.Errorf(store.ErrInvalid, "reconcile: taak %q staat twee keer in het plan", t.Key)
		}
		wanted[t.Key] = struct{}{}
		if t.Programme == "" {
			t.Programme = programme
		}
		if t.Programme != programme {
			return res, store.Errorf(store.ErrInvalid, "reconcile: taak %q hoort bij programma %q, niet bij %q", t.Key, t.Programme, programme)
		}
		in[i] = h.plan(t)
	}
	ts := instant(now)

	// The usual reconcile changes nothing: find that out on the read pool, without taking
	// the write lock (SQLite) and without a transaction.
	existing, err := s.existingTasks(ctx, s.r, programme, in)
	if err != nil {
		return res, fmt.Errorf("store: reconcile %s: %w", programme, err)
	}
	if unchanged(existing, in, programme) {
		res.Unchanged = len(in)
		return res, nil
	}

	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res = store.ReconcileResult{}
		existing, err := s.existingTasks(ctx, tx, programme, in)
		if err != nil {
			return err
		}
		var inserts [][]any
		var changed []planned
		for _, p := range in {
			e, ok := existing[p.t.Key]
			switch {
			case !ok:
				inserts = append(inserts, []any{p.t.Key, p.t.Programme, p.t.Line, p.t.Goal, p.t.Action, p.t.Phase,
					string(p.t.Kind), p.t.Title, ownersJSON(p.t.Owners), date(p.t.Start), date(p.t.Due), p.t.Source, p.hash, ts, ts})
				res.Inserted++
			case e.obsolete:
				changed = append(changed, p)
				res.Restored++
			case e.hash != p.hash:
				changed = append(changed, p)
				res.Updated++
			default:
				res.Unchanged++
			}
		}
		var vanished []string
		for key, e := range existing {
			if _, ok := wanted[key]; !ok && e.programme == programme && !e.obsolete {
				vanished = append(vanished, key)
			}
		}
		slices.Sort(vanished)
		res.Obsoleted = len(vanished)

		if err := insertMany(ctx, tx, s.d.Positional, `INSERT INTO tasks (key, programme, line, goal, action, phase, kind,
			title, owners, start_date, due_date, source, content_hash, created_at, updated_at)`, inserts); err != nil {
			return fmt.Errorf("insert tasks: %w", err)
		}
		if err := s.updateTasks(ctx, tx, changed, ts); err != nil {
			return err
		}
		return s.obsoleteTasks(ctx, tx, vanished, ts)
	})
	if err != nil {
		return store.ReconcileResult{}, fmt.Errorf("store: reconcile %s: %w", programme, err)
	}
	return res, nil
}

// unchanged reports whether the stored tasks of the programme are exactly the planned ones.
func unchanged(existing map[string]existingTask, in []planned, programme string) bool {
	active := 0
	for _, e := range existing {
		if e.programme == programme && !e.obsolete {
			active++
		}
	}
	if active != len(in) {
		return false
	}
	for _, p := range in {
		e, ok := existing[p.t.Key]
		if !ok || e.obsolete || e.hash != p.hash || e.programme != programme {
			return false
		}
	}
	return true
}

// existingTasks returns the stored tasks of the programme plus any planned key stored under
// another programme (a task that moved).
func (s *DB) existingTasks(ctx context.Context, tx querier, programme string, in []planned) (map[string]existingTask, error) {
	existing := make(map[string]existingTask, len(in))
	read := func(rows *sql.Rows, err error) error {
		if err != nil {
			return fmt.Errorf("read tasks: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var key string
			var e existingTask
			if err := rows.Scan(&key, &e.programme, &e.hash, &e.obsolete); err != nil {
				return fmt.Errorf("read tasks: %w", err)
			}
			existing[key] = e
		}
		return rows.Err()
	}
	const cols = `SELECT key, programme, content_hash, obsolete_at IS NOT NULL FROM tasks`
	if err := read(tx.QueryContext(ctx, cols+` WHERE programme = $1`, programme)); err != nil {
		return nil, err
	}
	var elsewhere []string
	for _, p := range in {
		if _, ok := existing[p.t.Key]; !ok {
			elsewhere = append(elsewhere, p.t.Key)
		}
	}
	err := chunks(elsewhere, 500, func(keys []string) error {
		return read(tx.QueryContext(ctx, cols+` WHERE key IN `+placeholders(s.d.Positional, 1, len(keys)), anys(keys)...))
	})
	return existing, err
}

func (s *DB) updateTasks(ctx context.Context, tx *sql.Tx, changed []planned, ts any) error {
	if len(changed) == 0 {
		return nil
	}
	old := make(map[string]store.TaskRow, len(changed))
	keys := make([]string, len(changed))
	for i, p := range changed {
		keys[i] = p.t.Key
	}
	err := chunks(keys, 500, func(keys []string) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+taskColumns+` FROM tasks WHERE key IN `+placeholders(s.d.Positional, 1, len(keys)), anys(keys)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanTask(rows)
			if err != nil {
				return err
			}
			old[r.Key] = r
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("read changed tasks: %w", err)
	}
	var history [][]any
	for _, p := range changed {
		o := old[p.t.Key]
		before, after := map[string]any{}, map[string]any{}
		of, nf := fields(o.Task), fields(p.t)
		for name, nv := range nf {
			if ov := of[name]; mustJSON(ov) != mustJSON(nv) {
				before[name], after[name] = ov, nv
			}
		}
		change := store.ChangeUpdated
		if o.Obsolete() {
			change = store.ChangeRestored
			before["obsolete_at"], after["obsolete_at"] = o.ObsoleteAt.Format(instantLayout), nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE tasks SET programme = $2, line = $3, goal = $4, action = $5,
			phase = $6, kind = $7, title = $8, owners = $9, start_date = $10, due_date = $11, source = $12,
			content_hash = $13, updated_at = $14, obsolete_at = NULL WHERE key = $1`,
			p.t.Key, p.t.Programme, p.t.Line, p.t.Goal, p.t.Action, p.t.Phase, string(p.t.Kind), p.t.Title,
			ownersJSON(p.t.Owners), date(p.t.Start), date(p.t.Due), p.t.Source, p.hash, ts)
		if err != nil {
			return fmt.Errorf("update task %s: %w", p.t.Key, err)
		}
		history = append(history, []any{p.t.Key, ts, change, mustJSON(before), mustJSON(after)})
	}
	if err := insertMany(ctx, tx, s.d.Positional, `INSERT INTO task_history (task_key, changed_at, change, old_values, new_values)`, history); err != nil {
		return fmt.Errorf("task history: %w", err)
	}
	return nil
}

func (s *DB) obsoleteTasks(ctx context.Context, tx *sql.Tx, keys []string, ts any) error {
	err := chunks(keys, 500, func(keys []string) error {
		args := append([]any{ts, ts}, anys(keys)...)
		set := `UPDATE tasks SET obsolete_at = $1, updated_at = $2 WHERE key IN `
		if s.d.Positional {
			set = `UPDATE tasks SET obsolete_at = ?, updated_at = ? WHERE key IN `
		}
		_, err := tx.ExecContext(ctx, set+placeholders(s.d.Positional, 3, len(keys)), args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("obsolete tasks: %w", err)
	}
	history := make([][]any, len(keys))
	after := mustJSON(map[string]any{"obsolete_at": ts})
	for i, k := range keys {
		history[i] = []any{k, ts, store.ChangeObsoleted, `{"obsolete_at":null}`, after}
	}
	if err := insertMany(ctx, tx, s.d.Positional, `INSERT INTO task_history (task_key, changed_at, change, old_values, new_values)`, history); err != nil {
		return fmt.Errorf("task history: %w", err)
	}
	return nil
}

// Tasks implements store.TaskStore.
func (s *DB) Tasks(ctx context.Context, f store.TaskFilter) ([]store.TaskRow, error) {
	var where []string
	var args []any
	// param is the next parameter's placeholder: "?" on SQLite, where modernc looks "$N" up
	// linearly (a long action list would be quadratic), "$N" on PostgreSQL.
	param := func(v any) string {
		args = append(args, v)
		if s.d.Positional {
			return "?"
		}
		return "$" + strconv.Itoa(len(args))
	}
	add := func(cond string, v any) {
		where = append(where, strings.ReplaceAll(cond, "?", param(v)))
	}
	const due = `COALESCE(due_override, due_date)`
	if f.Programme != "" {
		add("programme = ?", f.Programme)
	}
	if !f.DueFrom.IsZero() {
		add(due+" >= ?", date(f.DueFrom))
	}
	if !f.DueTo.IsZero() {
		add(due+" <= ?", date(f.DueTo))
	}
	if f.Goal != 0 {
		add("goal = ?", f.Goal)
	}
	if f.Owner != "" {
		add(s.d.OwnerFilter("?"), f.Owner)
	}
	if f.Kind != "" {
		add("kind = ?", string(f.Kind))
	}
	if f.Phase != "" {
		add("phase = ?", f.Phase)
	}
	// Actions: the SQL selects their programmes (one parameter per programme, where a list of
	// actions would need three per action and a long statement to parse each time) and the
	// rows are kept by action below.
	var actions map[store.ActionKey]bool
	if len(f.Actions) > 0 {
		actions = make(map[store.ActionKey]bool, len(f.Actions))
		seen := map[string]bool{}
		var progs []string
		for _, a := range f.Actions {
			if !seen[a.Programme] {
				seen[a.Programme] = true
				progs = append(progs, a.Programme)
			}
			actions[a] = true
		}
		ps := make([]string, len(progs))
		for i, p := range progs {
			ps[i] = param(p)
		}
		where = append(where, "programme IN ("+strings.Join(ps, ", ")+")")
	}
	if !f.IncludeObsolete {
		where = append(where, "obsolete_at IS NULL")
	}
	q := `SELECT ` + taskColumns + ` FROM tasks t`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY ` + due + `, key`
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: tasks: %w", err)
	}
	defer rows.Close()
	var out []store.TaskRow
	for rows.Next() {
		r, err := scanTask(rows)
		if err != nil {
			return nil, fmt.Errorf("store: tasks: %w", err)
		}
		if actions != nil && !actions[store.ActionKey{Programme: r.Programme, Goal: r.Goal, Action: r.Action}] {
			continue
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: tasks: %w", err)
	}
	return out, nil
}

// Task implements store.TaskStore.
func (s *DB) Task(ctx context.Context, key string) (store.TaskRow, error) {
	r, err := scanTask(s.r.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM tasks WHERE key = $1`, key))
	if err == sql.ErrNoRows {
		return r, notFound("taak", key)
	}
	if err != nil {
		return r, fmt.Errorf("store: task %s: %w", key, err)
	}
	return r, nil
}

// TaskHistory implements store.TaskStore.
func (s *DB) TaskHistory(ctx context.Context, key string) ([]store.TaskChange, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT task_key, changed_at, change, old_values, new_values, changed_by
		FROM task_history WHERE task_key = $1 ORDER BY id`, key)
	if err != nil {
		return nil, fmt.Errorf("store: task history: %w", err)
	}
	defer rows.Close()
	var out []store.TaskChange
	for rows.Next() {
		var c store.TaskChange
		if err := rows.Scan(&c.TaskKey, timeScan{&c.ChangedAt}, &c.Change, jsonScan{&c.Old}, jsonScan{&c.New},
			strScan{&c.ChangedBy}); err != nil {
			return nil, fmt.Errorf("store: task history: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ProgrammeHashes implements store.TaskStore.
func (s *DB) ProgrammeHashes(ctx context.Context) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT programme, hash FROM programme_files`)
	if err != nil {
		return nil, fmt.Errorf("store: programme hashes: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, h string
		if err := rows.Scan(&k, &h); err != nil {
			return nil, fmt.Errorf("store: programme hashes: %w", err)
		}
		out[k] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: programme hashes: %w", err)
	}
	return out, nil
}

// SetProgrammeHash implements store.TaskStore.
func (s *DB) SetProgrammeHash(ctx context.Context, programme, hash string, source []byte, now time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO programme_files (programme, hash, reconciled_at, source) VALUES ($1, $2, $3, $4)
		ON CONFLICT (programme) DO UPDATE SET hash = excluded.hash, reconciled_at = excluded.reconciled_at, source = excluded.source`,
		programme, hash, instant(now), sourceText(source))
	if err != nil {
		return fmt.Errorf("store: programme hash %s: %w", programme, err)
	}
	return nil
}

// sourceText stores a workflow file as text, NULL when unknown.
func sourceText(source []byte) any {
	if source == nil {
		return nil
	}
	return string(source)
}

// ReconciledSource implements store.TaskStore.
func (s *DB) ReconciledSource(ctx context.Context, programme string) ([]byte, error) {
	var src sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT source FROM programme_files WHERE programme = $1`, programme).Scan(&src)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !src.Valid) {
		return nil, store.Errorf(store.ErrNotFound, "geen verwerkt workflowbestand van programma %q", programme)
	}
	if err != nil {
		return nil, fmt.Errorf("store: reconciled source %s: %w", programme, err)
	}
	return []byte(src.String), nil
}
