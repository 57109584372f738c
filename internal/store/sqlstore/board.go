package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/store"
)

var _ store.BoardStore = (*DB)(nil)

// effectiveDue is the SQL of TaskRow.EffectiveDue; the tasks_effective_due index is on
// exactly this expression.
const effectiveDue = `COALESCE(due_override, due_date)`

// ---- users ----

const userColumns = `key, name, email, role, oidc_subject, password_hash, created_at, disabled_at`

func scanUser(sc interface{ Scan(...any) error }) (store.User, error) {
	var u store.User
	err := sc.Scan(&u.Key, &u.Name, &u.Email, &u.Role, strScan{&u.OIDCSubject}, &u.PasswordHash,
		timeScan{&u.CreatedAt}, timeScan{&u.DisabledAt})
	return u, err
}

// AddUser implements store.UserStore.
func (s *DB) AddUser(ctx context.Context, u store.User, now time.Time) error {
	if u.Key == "" || (u.Role != store.RoleCoordinator && u.Role != store.RoleViewer) {
		return store.Errorf(store.ErrInvalid, "gebruiker: sleutel en rol (coordinator of viewer) zijn verplicht")
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO users (`+userColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)`,
		u.Key, u.Name, u.Email, u.Role, nullString(u.OIDCSubject), u.PasswordHash, instant(now))
	if err != nil {
		if s.isUniqueViolation(err) {
			return store.Errorf(store.ErrInvalid, "gebruiker %q of e-mailadres %q bestaat al", u.Key, u.Email)
		}
		return fmt.Errorf("store: add user %s: %w", u.Key, err)
	}
	return nil
}

func (s *DB) userWhere(ctx context.Context, cond, arg, what string) (store.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return u, notFound("gebruiker", what)
	}
	if err != nil {
		return u, fmt.Errorf("store: user %s: %w", what, err)
	}
	return u, nil
}

// User implements store.UserStore.
func (s *DB) User(ctx context.Context, key string) (store.User, error) {
	return s.userWhere(ctx, `key = $1`, key, key)
}

// UserByEmail implements store.UserStore.
func (s *DB) UserByEmail(ctx context.Context, email string) (store.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return store.User{}, notFound("gebruiker", email)
	}
	return s.userWhere(ctx, `lower(email) = $1`, email, email)
}

// Users implements store.UserStore.
func (s *DB) Users(ctx context.Context) ([]store.User, error) {
	return queryAll(ctx, s.r, "users", scanUser, `SELECT `+userColumns+` FROM users ORDER BY key`)
}

// SetPassword implements store.UserStore.
func (s *DB) SetPassword(ctx context.Context, key, hash string) error {
	res, err := s.w.ExecContext(ctx, `UPDATE users SET password_hash = $2 WHERE key = $1`, key, hash)
	return affectedOne(res, err, "gebruiker", key)
}

// DisableUser implements store.UserStore. Its sessions stay in the table until they expire;
// the web refuses every session of a disabled user.
func (s *DB) DisableUser(ctx context.Context, key string, at time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE users SET disabled_at = COALESCE(disabled_at, $2) WHERE key = $1`, key, instant(at))
	return affectedOne(res, err, "gebruiker", key)
}

// ---- login throttling ----

// errThrottled rolls back a LoginAttempt that must wait.
var errThrottled = errors.New("throttled")

// LoginAttempt implements store.UserStore. Each scope's row is made to exist and then locked
// by an UPDATE … RETURNING (PostgreSQL holds the row lock until commit; SQLite has one
// writer), so concurrent attempts are counted one after the other.
func (s *DB) LoginAttempt(ctx context.Context, scopes []string, now time.Time, forget time.Duration, delay func(string, int) time.Duration) (bool, time.Time, error) {
	var retry time.Time
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		type state struct {
			failures int
			last     time.Time
			locked   time.Time
		}
		states := make([]state, len(scopes))
		for i, sc := range scopes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_throttle (scope, failures, last_failure, locked_until)
				VALUES ($1, 0, $2, NULL) ON CONFLICT (scope) DO NOTHING`, sc, instant(now)); err != nil {
				return err
			}
			st := &states[i]
			err := tx.QueryRowContext(ctx, `UPDATE login_throttle SET scope = scope WHERE scope = $1
				RETURNING failures, last_failure, locked_until`, sc).Scan(&st.failures, timeScan{&st.last}, timeScan{&st.locked})
			if err != nil {
				return err
			}
			if st.failures > 0 && now.Sub(st.last) > forget {
				*st = state{}
			}
			if st.locked.After(now) && st.locked.After(retry) {
				retry = st.locked
			}
		}
		if !retry.IsZero() {
			return errThrottled
		}
		for i, sc := range scopes {
			n := states[i].failures + 1
			if _, err := tx.ExecContext(ctx, `UPDATE login_throttle SET failures = $2, last_failure = $3, locked_until = $4 WHERE scope = $1`,
				sc, n, instant(now), instant(lockedUntil(now, n, func(n int) time.Duration { return delay(sc, n) }))); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, errThrottled) {
		return false, retry, nil
	}
	if err != nil {
		return false, time.Time{}, fmt.Errorf("store: login attempt: %w", err)
	}
	return true, time.Time{}, nil
}

func lockedUntil(last time.Time, failures int, delay func(int) time.Duration) time.Time {
	if failures <= 0 {
		return time.Time{}
	}
	if d := delay(failures); d > 0 {
		return last.Add(d)
	}
	return time.Time{}
}

// LoginSucceeded implements store.UserStore.
func (s *DB) LoginSucceeded(ctx context.Context, clear, refund []string, delay func(string, int) time.Duration) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, sc := range clear {
			if _, err := tx.ExecContext(ctx, `DELETE FROM login_throttle WHERE scope = $1`, sc); err != nil {
				return err
			}
		}
		for _, sc := range refund {
			var n int
			var last time.Time
			err := tx.QueryRowContext(ctx, `UPDATE login_throttle SET failures = failures - 1 WHERE scope = $1 AND failures > 0
				RETURNING failures, last_failure`, sc).Scan(&n, timeScan{&last})
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			if n == 0 {
				_, err = tx.ExecContext(ctx, `DELETE FROM login_throttle WHERE scope = $1 AND failures = 0`, sc)
			} else {
				_, err = tx.ExecContext(ctx, `UPDATE login_throttle SET locked_until = $2 WHERE scope = $1`, sc, instant(lockedUntil(last, n, func(n int) time.Duration { return delay(sc, n) })))
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: login succeeded: %w", err)
	}
	return nil
}

// LoginThrottle implements store.UserStore.
func (s *DB) LoginThrottle(ctx context.Context, scope string) (store.LoginThrottle, error) {
	t := store.LoginThrottle{Scope: scope}
	err := s.w.QueryRowContext(ctx, `SELECT failures, last_failure, locked_until FROM login_throttle WHERE scope = $1`, scope).
		Scan(&t.Failures, timeScan{&t.LastFailure}, timeScan{&t.LockedUntil})
	if errors.Is(err, sql.ErrNoRows) {
		return t, nil
	}
	if err != nil {
		return t, fmt.Errorf("store: login throttle: %w", err)
	}
	return t, nil
}

// ClearLoginFailures implements store.UserStore.
func (s *DB) ClearLoginFailures(ctx context.Context, scope string) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM login_throttle WHERE scope = $1`, scope); err != nil {
		return fmt.Errorf("store: clear login failures: %w", err)
	}
	return nil
}

// ---- sessions ----

type sessionData struct {
	User     string `json:"user"`
	Created  string `json:"created"`
	LastSeen string `json:"last_seen"`
}

func encodeSession(se store.Session) []byte {
	b, _ := json.Marshal(sessionData{User: se.UserKey, Created: se.CreatedAt.UTC().Format(instantLayout),
		LastSeen: se.LastSeen.UTC().Format(instantLayout)})
	return b
}

// CreateSession implements store.SessionStore.
func (s *DB) CreateSession(ctx context.Context, se store.Session) error {
	if se.Token == "" || se.UserKey == "" || se.Expiry.IsZero() {
		return store.Errorf(store.ErrInvalid, "sessie: token, gebruiker en einde zijn verplicht")
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)`,
		se.Token, encodeSession(se), instant(se.Expiry))
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// Session implements store.SessionStore.
func (s *DB) Session(ctx context.Context, token string, now time.Time) (store.Session, error) {
	se := store.Session{Token: token}
	var data []byte
	err := s.r.QueryRowContext(ctx, `SELECT data, expiry FROM sessions WHERE token = $1 AND expiry > $2`, token, instant(now)).
		Scan(&data, timeScan{&se.Expiry})
	if errors.Is(err, sql.ErrNoRows) {
		return se, notFound("sessie", "…")
	}
	if err != nil {
		return se, fmt.Errorf("store: session: %w", err)
	}
	var d sessionData
	if err := json.Unmarshal(data, &d); err != nil {
		return se, fmt.Errorf("store: session: %w", err)
	}
	se.UserKey = d.User
	if err := (timeScan{&se.CreatedAt}).parse(d.Created); err != nil {
		return se, err
	}
	if err := (timeScan{&se.LastSeen}).parse(d.LastSeen); err != nil {
		return se, err
	}
	return se, nil
}

// TouchSession implements store.SessionStore.
func (s *DB) TouchSession(ctx context.Context, token string, seen time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var data []byte
		err := tx.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = $1`, token).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("sessie", "…")
		}
		if err != nil {
			return fmt.Errorf("store: touch session: %w", err)
		}
		var d sessionData
		if err := json.Unmarshal(data, &d); err != nil {
			return fmt.Errorf("store: touch session: %w", err)
		}
		d.LastSeen = seen.UTC().Format(instantLayout)
		b, _ := json.Marshal(d)
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET data = $2 WHERE token = $1`, token, b); err != nil {
			return fmt.Errorf("store: touch session: %w", err)
		}
		return nil
	})
}

// DeleteSession implements store.SessionStore.
func (s *DB) DeleteSession(ctx context.Context, token string) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token = $1`, token); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions implements store.SessionStore.
func (s *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= $1`, instant(now))
	if err != nil {
		return 0, fmt.Errorf("store: expire sessions: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// ---- tasks ----

// taskWhere builds the WHERE clause of a task query; args are numbered from 1.
func (s *DB) taskWhere(q store.TaskQuery) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, v ...any) {
		for _, x := range v {
			args = append(args, x)
			cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(args)), 1)
		}
		where = append(where, cond)
	}
	if q.Programme != "" {
		add("programme = ?", q.Programme)
	}
	if q.Line != 0 {
		add("line = ?", q.Line)
	}
	if q.Goal != 0 {
		add("goal = ?", q.Goal)
	}
	if q.Action != "" {
		add("action = ?", q.Action)
	}
	if len(q.Owners) > 0 {
		var ors []string
		for _, o := range q.Owners {
			args = append(args, o)
			ors = append(ors, s.d.OwnerFilter("$"+strconv.Itoa(len(args))))
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	if q.Kind != "" {
		add("kind = ?", string(q.Kind))
	}
	if q.Phase != "" {
		add("phase = ?", q.Phase)
	}
	if !q.DueFrom.IsZero() {
		add(effectiveDue+" >= ?", date(q.DueFrom))
	}
	if !q.DueTo.IsZero() {
		add(effectiveDue+" <= ?", date(q.DueTo))
	}
	switch q.Status {
	case store.TaskDone, store.TaskCancelled:
		add("status_override = ?", q.Status)
	case store.TaskOpen:
		add("status_override IS NULL AND ("+effectiveDue+" IS NULL OR "+effectiveDue+" >= ?)", date(q.Today))
	case store.TaskOverdue:
		add("status_override IS NULL AND "+effectiveDue+" < ?", date(q.Today))
	}
	if !q.IncludeObsolete {
		where = append(where, "obsolete_at IS NULL")
	}
	if len(where) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

var taskSorts = map[string][]string{
	store.SortDue:   {effectiveDue},
	store.SortKey:   {"key"},
	store.SortGoal:  {"goal", "action"},
	store.SortPhase: {"phase"},
	store.SortKind:  {"kind"},
	store.SortTitle: {"title"},
}

// SearchTasks implements store.BoardStore.
func (s *DB) SearchTasks(ctx context.Context, q store.TaskQuery) (store.TaskPage, error) {
	var page store.TaskPage
	where, args := s.taskWhere(q)
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks t`+where, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("store: search tasks: %w", err)
	}
	sortKey, desc := strings.CutPrefix(q.Sort, "-")
	cols, ok := taskSorts[sortKey]
	if !ok {
		cols = taskSorts[store.SortDue]
	}
	dir := " ASC NULLS LAST"
	if desc {
		dir = " DESC NULLS LAST"
	}
	order := ""
	for _, c := range cols {
		order += c + dir + ", "
	}
	if cols[0] != effectiveDue {
		order += effectiveDue + " ASC NULLS LAST, "
	}
	order += "key" + dir
	sqlText := `SELECT ` + taskColumns + ` FROM tasks t` + where + ` ORDER BY ` + order
	if q.Limit > 0 {
		sqlText += fmt.Sprintf(" LIMIT %d OFFSET %d", q.Limit, max(q.Offset, 0))
	}
	rows, err := queryAll(ctx, s.r, "search tasks", scanTask, sqlText, args...)
	if err != nil {
		return page, err
	}
	page.Tasks = rows
	return page, nil
}

// OverdueDates implements store.BoardStore with SearchTasks' condition and order.
func (s *DB) OverdueDates(ctx context.Context, programme string, today time.Time) ([]store.TaskDates, error) {
	where, args := s.taskWhere(store.TaskQuery{Programme: programme, Status: store.TaskOverdue, Today: today})
	return queryAll(ctx, s.r, "overdue dates", func(sc interface{ Scan(...any) error }) (store.TaskDates, error) {
		var d store.TaskDates
		err := sc.Scan(&d.Key, timeScan{&d.CreatedAt}, timeScan{&d.Due})
		return d, err
	}, `SELECT key, created_at, `+effectiveDue+` FROM tasks t`+where+` ORDER BY `+effectiveDue+` ASC NULLS LAST, key ASC NULLS LAST`, args...)
}

// ActionSummaries implements store.BoardStore.
func (s *DB) ActionSummaries(ctx context.Context, from, today time.Time) ([]store.ActionSummary, error) {
	return s.ActionSummariesOf(ctx, "", from, today)
}

// ActionSummariesOf implements store.BoardStore; programme "" means every programme.
func (s *DB) ActionSummariesOf(ctx context.Context, programme string, from, today time.Time) ([]store.ActionSummary, error) {
	d, f := date(today), date(from)
	if from.IsZero() {
		f = "0001-01-01"
	}
	const open = `status_override IS NULL`
	// A literal condition, not "$3 = '' OR …", so that one programme's page seeks its tasks in
	// tasks_action instead of grouping the whole table.
	onlyProgramme, args := "", []any{d, f}
	if programme != "" {
		onlyProgramme, args = ` AND programme = $3`, append(args, programme)
	}
	agg := `SELECT programme, goal, action, COUNT(*) AS n,
			SUM(CASE WHEN ` + open + ` AND ` + effectiveDue + ` < $1 AND ` + effectiveDue + ` >= $2 THEN 1 ELSE 0 END) AS overdue,
			MIN(CASE WHEN ` + open + ` AND ` + effectiveDue + ` >= $1 THEN ` + effectiveDue + ` END) AS next
		FROM tasks WHERE obsolete_at IS NULL` + onlyProgramme + ` GROUP BY programme, goal, action`
	rows, err := s.r.QueryContext(ctx, `SELECT a.programme, a.goal, a.action, a.n, a.overdue, a.next,
			t.title, t.phase, t.kind
		FROM (`+agg+`) a
		LEFT JOIN tasks t ON t.key = (SELECT MIN(x.key) FROM tasks x WHERE x.programme = a.programme
			AND x.goal = a.goal AND x.action = a.action AND x.obsolete_at IS NULL AND x.status_override IS NULL
			AND COALESCE(x.due_override, x.due_date) = a.next)
		ORDER BY a.programme, a.goal, a.action`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: action summaries: %w", err)
	}
	defer rows.Close()
	var out []store.ActionSummary
	for rows.Next() {
		var a store.ActionSummary
		var title, phase, kind sql.NullString
		if err := rows.Scan(&a.Programme, &a.Goal, &a.Action, &a.Tasks, &a.Overdue, timeScan{&a.NextDue},
			&title, &phase, &kind); err != nil {
			return nil, fmt.Errorf("store: action summaries: %w", err)
		}
		a.NextTitle, a.NextPhase, a.NextKind = title.String, phase.String, planner.Kind(kind.String)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: action summaries: %w", err)
	}
	return out, nil
}

// StatusInputs implements store.BoardStore. The answers are picked as LatestResponsesOf
// picks them (the highest version per action and contact), but for every programme at once;
// the late actions come from the partial index tasks_open_due.
func (s *DB) StatusInputs(ctx context.Context, period string, from, today time.Time) (store.StatusInputs, error) {
	var in store.StatusInputs
	answers, err := queryAll(ctx, s.r, "status inputs", func(sc interface{ Scan(...any) error }) (store.StatusAnswer, error) {
		var a store.StatusAnswer
		err := sc.Scan(&a.ActionRef, &a.ContactKey, &a.Status, timeScan{&a.At})
		return a, err
	}, `SELECT ref, contact_key, status, created_at FROM (
			SELECT ref, contact_key, status, created_at,
				ROW_NUMBER() OVER (PARTITION BY ref, contact_key ORDER BY version DESC) AS rn
			FROM responses WHERE ref_kind = 'action' AND period = $1) v
		WHERE rn = 1 ORDER BY ref, contact_key`, period)
	if err != nil {
		return in, err
	}
	f := date(from)
	if from.IsZero() {
		f = "0001-01-01"
	}
	late, err := queryAll(ctx, s.r, "status inputs", func(sc interface{ Scan(...any) error }) (string, error) {
		var ref string
		err := sc.Scan(&ref)
		return ref, err
	}, `SELECT DISTINCT programme || '/' || goal || action AS ref FROM tasks
		WHERE obsolete_at IS NULL AND status_override IS NULL AND `+effectiveDue+` >= $1 AND `+effectiveDue+` < $2
		ORDER BY ref`, f, date(today))
	if err != nil {
		return in, err
	}
	in.Answers, in.Late = answers, late
	return in, nil
}

// SetTaskStatus implements store.BoardStore.
func (s *DB) SetTaskStatus(ctx context.Context, key, status, reason, by string, now time.Time) (store.TaskRow, error) {
	if status != "" && status != store.TaskDone && status != store.TaskCancelled {
		return store.TaskRow{}, store.Errorf(store.ErrInvalid, "taakstatus %q bestaat niet (gereed of vervallen)", status)
	}
	return s.overrideTask(ctx, key, "status_override", func(tx *sql.Tx, old store.TaskRow) (map[string]any, map[string]any, error) {
		_, err := tx.ExecContext(ctx, `UPDATE tasks SET status_override = $2, status_override_by = $3, status_override_at = $4
			WHERE key = $1`, key, nullString(status), nullString(by), instant(now))
		return map[string]any{"status": old.StatusOverride},
			map[string]any{"status": status, "reason": reason}, err
	}, by, now)
}

// SetTaskDue implements store.BoardStore.
func (s *DB) SetTaskDue(ctx context.Context, key string, due time.Time, reason, by string, now time.Time) (store.TaskRow, error) {
	return s.overrideTask(ctx, key, "due_override", func(tx *sql.Tx, old store.TaskRow) (map[string]any, map[string]any, error) {
		_, err := tx.ExecContext(ctx, `UPDATE tasks SET due_override = $2, due_override_reason = $3, due_override_by = $4,
			due_override_at = $5 WHERE key = $1`, key, date(due), nullString(reason), nullString(by), instant(now))
		return map[string]any{"due": dateText(old.EffectiveDue()), "reason": old.DueOverrideReason},
			map[string]any{"due": dateText(due), "reason": reason}, err
	}, by, now)
}

func (s *DB) overrideTask(ctx context.Context, key, change string,
	update func(*sql.Tx, store.TaskRow) (map[string]any, map[string]any, error), by string, now time.Time) (store.TaskRow, error) {
	var out store.TaskRow
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := scanTask(tx.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM tasks WHERE key = $1`, key))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("taak", key)
		}
		if err != nil {
			return err
		}
		before, after, err := update(tx, old)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO task_history (task_key, changed_at, change, old_values, new_values, changed_by)
			VALUES ($1, $2, $3, $4, $5, $6)`, key, instant(now), change, mustJSON(before), mustJSON(after), nullString(by)); err != nil {
			return err
		}
		out, err = scanTask(tx.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM tasks WHERE key = $1`, key))
		return err
	})
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return out, err
		}
		return out, fmt.Errorf("store: task %s %s: %w", change, key, err)
	}
	return out, nil
}

// ---- responses ----

// Responses implements store.BoardStore.
func (s *DB) Responses(ctx context.Context, refKind, ref, period string) ([]store.Response, error) {
	return queryAll(ctx, s.r, "responses", scanResponse, `SELECT `+responseColumns+` FROM responses
		WHERE ref_kind = $1 AND ref = $2 AND ($3 = '' OR period = $3) ORDER BY period, contact_key, version`, refKind, ref, period)
}

// Response implements store.BoardStore.
func (s *DB) Response(ctx context.Context, id int64) (store.Response, error) {
	r, err := scanResponse(s.r.QueryRowContext(ctx, `SELECT `+responseColumns+` FROM responses WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound("reactie", strconv.FormatInt(id, 10))
	}
	if err != nil {
		return r, fmt.Errorf("store: response %d: %w", id, err)
	}
	return r, nil
}

// ApproveResponse implements store.BoardStore.
func (s *DB) ApproveResponse(ctx context.Context, id int64, by string, at time.Time) (store.Response, error) {
	if by == "" {
		return store.Response{}, store.Errorf(store.ErrInvalid, "goedkeuren: wie keurt goed is verplicht")
	}
	res, err := s.w.ExecContext(ctx, `UPDATE responses SET approved = $2, approved_by = COALESCE(approved_by, $3),
		approved_at = COALESCE(approved_at, $4) WHERE id = $1`, id, true, by, instant(at))
	if err := affectedOne(res, err, "reactie", strconv.FormatInt(id, 10)); err != nil {
		return store.Response{}, err
	}
	return scanResponse(s.w.QueryRowContext(ctx, `SELECT `+responseColumns+` FROM responses WHERE id = $1`, id))
}

// ---- action contacts ----

// SetActionContact implements store.BoardStore.
func (s *DB) SetActionContact(ctx context.Context, c store.ActionContact) error {
	if c.Period == "" || c.ActionRef == "" || c.SetBy == "" || c.SetAt.IsZero() {
		return store.Errorf(store.ErrInvalid, "contactpersoon van actie: periode, actie, wie en wanneer zijn verplicht")
	}
	var err error
	if c.ContactKey == "" {
		_, err = s.w.ExecContext(ctx, `DELETE FROM action_contacts WHERE period = $1 AND action_ref = $2`, c.Period, c.ActionRef)
	} else {
		_, err = s.w.ExecContext(ctx, `INSERT INTO action_contacts (period, action_ref, contact_key, set_by, set_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (period, action_ref) DO UPDATE SET contact_key = excluded.contact_key,
			set_by = excluded.set_by, set_at = excluded.set_at`, c.Period, c.ActionRef, c.ContactKey, c.SetBy, instant(c.SetAt))
	}
	if err != nil {
		return fmt.Errorf("store: action contact: %w", err)
	}
	return nil
}

// ActionContacts implements store.BoardStore.
func (s *DB) ActionContacts(ctx context.Context, period string) ([]store.ActionContact, error) {
	return queryAll(ctx, s.r, "action contacts", func(sc interface{ Scan(...any) error }) (store.ActionContact, error) {
		var c store.ActionContact
		err := sc.Scan(&c.Period, &c.ActionRef, &c.ContactKey, &c.SetBy, timeScan{&c.SetAt})
		return c, err
	}, `SELECT period, action_ref, contact_key, set_by, set_at FROM action_contacts
		WHERE $1 = '' OR period = $1 ORDER BY period, action_ref`, period)
}

// ---- requests and messages ----

// StatusRequests implements store.BoardStore.
func (s *DB) StatusRequests(ctx context.Context, period string) ([]store.StatusRequestInfo, error) {
	return queryAll(ctx, s.r, "status requests", func(sc interface{ Scan(...any) error }) (store.StatusRequestInfo, error) {
		var r store.StatusRequestInfo
		err := sc.Scan(&r.Key, &r.ContactKey, &r.Period, &r.Token, timeScan{&r.CreatedAt}, timeScan{&r.SentAt},
			timeScan{&r.RevokedAt})
		return r, err
	}, `SELECT `+requestColumns+` FROM status_requests
		WHERE period = $1 ORDER BY contact_key`, period)
}

// OutboxMessages implements store.BoardStore.
func (s *DB) OutboxMessages(ctx context.Context, q store.OutboxQuery) ([]store.OutboxMessage, error) {
	if q.KeyPrefix == "" && len(q.Refs) == 0 {
		return nil, nil
	}
	var conds []string
	var args []any
	if q.KeyPrefix != "" {
		args = append(args, strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q.KeyPrefix)+"%")
		conds = append(conds, `key LIKE $1 ESCAPE '\'`)
	}
	if len(q.Refs) > 0 {
		first := len(args) + 1
		for _, r := range q.Refs {
			args = append(args, r)
		}
		conds = append(conds, `ref IN `+placeholders(false, first, len(q.Refs)))
	}
	cols := `key, kind, channel, recipient, subject, reply_to, message_id, ref, status, attempts, next_attempt_at,
		last_error, created_at, sent_at`
	return queryAll(ctx, s.r, "outbox messages", func(sc interface{ Scan(...any) error }) (store.OutboxMessage, error) {
		var m store.OutboxMessage
		err := sc.Scan(&m.Key, &m.Kind, &m.Channel, &m.Recipient, &m.Subject, &m.ReplyTo, strScan{&m.MessageID}, &m.Ref,
			&m.Status, &m.Attempts, timeScan{&m.NextAttemptAt}, &m.LastError, timeScan{&m.CreatedAt}, timeScan{&m.SentAt})
		return m, err
	}, `SELECT `+cols+` FROM outbox WHERE `+strings.Join(conds, " AND ")+` ORDER BY created_at, key`, args...)
}
