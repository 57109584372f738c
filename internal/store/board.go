package store

import (
	"context"
	"time"

	"github.com/regiogv/voortgang/internal/planner"
)

// BoardStore is what the coordinators' board needs beyond the loops: accounts, sessions and
// login throttling, paged task queries pushed into SQL, the coordinators' changes (task status
// and due-date overrides, approvals, the responsible contact of an action), and read-side
// listings (all answer versions, messages by reference, status requests of a period).
type BoardStore interface {
	UserStore
	SessionStore

	// SearchTasks returns one page of the tasks matching q and the number of all matches.
	SearchTasks(ctx context.Context, q TaskQuery) (TaskPage, error)
	// OverdueDates is what SearchTasks finds for {Programme: programme, Status: TaskOverdue,
	// Today: today} ("" every programme), by due date, but only each task's key, creation
	// instant and effective due date: the board's offer to close the milestones from before
	// voortgang started reads it on every overview.
	OverdueDates(ctx context.Context, programme string, today time.Time) ([]TaskDates, error)
	// ActionSummaries aggregates the non-obsolete tasks per action (programme, goal, letter;
	// contract meetings count under their action): the next open task due on or after today,
	// and the open tasks due from from (inclusive; zero: any time) until before today.
	ActionSummaries(ctx context.Context, from, today time.Time) ([]ActionSummary, error)
	// ActionSummariesOf is ActionSummaries for one programme's actions: the board's overview
	// shows one programme a page and reads only its tasks.
	ActionSummariesOf(ctx context.Context, programme string, from, today time.Time) ([]ActionSummary, error)
	// StatusInputs returns what the board's counts across all programmes need to apply the
	// one status rule (package actionstatus) without reading every programme's tasks: each
	// contact's newest action answer of period, and the actions that have open tasks due from
	// from until before today. The caller, who knows each programme's owners, folds them.
	StatusInputs(ctx context.Context, period string, from, today time.Time) (StatusInputs, error)
	// SetTaskStatus sets (or, with status "", clears) the coordinator's status of a task —
	// TaskDone or TaskCancelled — and records the change with its reason in the task history.
	SetTaskStatus(ctx context.Context, key, status, reason, by string, now time.Time) (TaskRow, error)
	// SetTaskDue moves the effective due date of a task (a zero due clears the override) and
	// records the change with its reason in the task history.
	SetTaskDue(ctx context.Context, key string, due time.Time, reason, by string, now time.Time) (TaskRow, error)

	// Responses lists every version of the answers about one reference, all contacts; period
	// "" means every period. Ordered by period, contact, version.
	Responses(ctx context.Context, refKind, ref, period string) ([]Response, error)
	// Response returns one stored version; ErrNotFound when missing.
	Response(ctx context.Context, id int64) (Response, error)
	// ApproveResponse marks one version as approved for the report (by, at). Approving again
	// keeps the first approval.
	ApproveResponse(ctx context.Context, id int64, by string, at time.Time) (Response, error)

	// SetActionContact records (contact "" clears) who answers for an action in a period,
	// instead of the owner's lead contact.
	SetActionContact(ctx context.Context, c ActionContact) error
	// ActionContacts lists the overrides of a period ("" for all), ordered by period, ref.
	ActionContacts(ctx context.Context, period string) ([]ActionContact, error)

	// StatusRequests lists the requests of a period with their reminder counts, by contact.
	StatusRequests(ctx context.Context, period string) ([]StatusRequestInfo, error)
	// OutboxMessages lists messages whose key starts with q.KeyPrefix and/or whose ref is one
	// of q.Refs, oldest first. Bodies are left out.
	OutboxMessages(ctx context.Context, q OutboxQuery) ([]OutboxMessage, error)
}

// UserStore keeps the board's accounts.
type UserStore interface {
	// AddUser inserts u; a second user with the same key or email is ErrInvalid.
	AddUser(ctx context.Context, u User, now time.Time) error
	User(ctx context.Context, key string) (User, error)
	// UserByEmail finds a user by email address, case-insensitively.
	UserByEmail(ctx context.Context, email string) (User, error)
	// Users lists all users ordered by key.
	Users(ctx context.Context) ([]User, error)
	SetPassword(ctx context.Context, key, hash string) error
	// DisableUser disables the account; the web refuses its sessions from then on.
	DisableUser(ctx context.Context, key string, at time.Time) error

	// LoginAttempt decides, atomically over all scopes ("user:KEY", "ip:ADDR",
	// "device:ID"), whether a sign-in attempt may go ahead at now. When a scope must still
	// wait, nothing is counted and it returns false with the instant the attempt may be
	// repeated. Otherwise it counts the attempt as a failure in every scope in advance (so
	// parallel guesses cannot slip past the check) and sets each scope's next allowed attempt
	// to now+delay(scope, failures); a sign-in that succeeds settles with LoginSucceeded. Failures
	// whose last one is older than forget are forgotten first.
	LoginAttempt(ctx context.Context, scopes []string, now time.Time, forget time.Duration, delay func(scope string, failures int) time.Duration) (ok bool, retryAt time.Time, err error)
	// LoginSucceeded settles a successful attempt: the scopes in clear start again from
	// zero; the scopes in refund get the attempt counted in advance back (their next allowed
	// attempt becomes last failure + delay(scope, failures)).
	LoginSucceeded(ctx context.Context, clear, refund []string, delay func(scope string, failures int) time.Duration) error
	// LoginThrottle returns the state of scope (zero when it never failed).
	LoginThrottle(ctx context.Context, scope string) (LoginThrottle, error)
	ClearLoginFailures(ctx context.Context, scope string) error
}

// SessionStore keeps signed-in sessions server-side. Tokens are stored as given: callers
// store a hash of the cookie value, never the value itself.
type SessionStore interface {
	CreateSession(ctx context.Context, s Session) error
	// Session returns a session that has not expired at now; ErrNotFound otherwise.
	Session(ctx context.Context, token string, now time.Time) (Session, error)
	// TouchSession records activity (for the idle timeout).
	TouchSession(ctx context.Context, token string, seen time.Time) error
	DeleteSession(ctx context.Context, token string) error
	// DeleteExpiredSessions removes the sessions expired at now and returns how many.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)
}

// Roles of board users.
const (
	RoleCoordinator = "coordinator"
	RoleViewer      = "viewer"
)

// User is an account on the board.
type User struct {
	Key          string
	Name         string
	Email        string
	Role         string // RoleCoordinator or RoleViewer
	OIDCSubject  string
	PasswordHash string // encoded argon2id; "" when the user signs in through OIDC only
	CreatedAt    time.Time
	DisabledAt   time.Time
}

// Disabled reports whether the account may no longer sign in.
func (u User) Disabled() bool { return !u.DisabledAt.IsZero() }

// LoginThrottle is the failed sign-ins of one scope.
type LoginThrottle struct {
	Scope       string
	Failures    int
	LastFailure time.Time
	LockedUntil time.Time
}

// Session is a signed-in browser.
type Session struct {
	Token     string // a hash of the cookie value
	UserKey   string
	CreatedAt time.Time
	LastSeen  time.Time
	Expiry    time.Time // absolute end
}

// Task statuses set by coordinators (TaskRow.StatusOverride), and the statuses a task query
// can select.
const (
	TaskDone      = "gereed"
	TaskCancelled = "vervallen"
	// TaskOpen: no coordinator status and due today or later (or without a date).
	TaskOpen = "open"
	// TaskOverdue: no coordinator status and due before today.
	TaskOverdue = "te-laat"
)

// Sort orders of a task query; a leading "-" reverses.
const (
	SortDue   = "due"
	SortKey   = "key"
	SortGoal  = "goal"
	SortPhase = "phase"
	SortKind  = "kind"
	SortTitle = "title"
)

// TaskQuery selects a page of tasks.
type TaskQuery struct {
	Programme string
	Line      int
	Goal      int
	Action    string   // the letter within the goal
	Owners    []string // any of these owners
	Kind      planner.Kind
	Phase     string
	// DueFrom and DueTo bound the effective due date, both inclusive.
	DueFrom, DueTo  time.Time
	Status          string    // TaskOpen, TaskOverdue, TaskDone, TaskCancelled or ""
	Today           time.Time // the date that decides open and overdue
	IncludeObsolete bool
	Sort            string // Sort*, "-" prefix for descending; default due
	Limit           int    // 0: no limit
	Offset          int
}

// TaskDates is a task's key with its creation instant and effective due date.
type TaskDates struct {
	Key       string
	CreatedAt time.Time
	Due       time.Time
}

// TaskPage is one page of a task query.
type TaskPage struct {
	Tasks []TaskRow
	Total int
}

// ActionSummary is the state of one action's tasks.
type ActionSummary struct {
	Programme string
	Goal      int
	Action    string
	Tasks     int
	Overdue   int       // open tasks due from the given date until before today
	NextDue   time.Time // first open task due today or later (zero: none)
	NextTitle string
	NextPhase string
	NextKind  planner.Kind
}

// StatusInputs is the input of the board's counts across programmes, see
// BoardStore.StatusInputs.
type StatusInputs struct {
	Answers []StatusAnswer
	Late    []string // action references ("programme/15a") with late open tasks, sorted
}

// StatusAnswer is a contact's newest answer about an action in a period.
type StatusAnswer struct {
	ActionRef  string // programme/15a
	ContactKey string
	Status     string // as stored: a code or the words people wrote
	At         time.Time
}

// ActionContact says who answers for an action in a period.
type ActionContact struct {
	Period     string
	ActionRef  string // programme/15a
	ContactKey string
	SetBy      string
	SetAt      time.Time
}

// StatusRequestInfo is a status request as the board lists it. Reminders and escalations
// are not copied onto it: they are the round's outbox rows (OutboxMessages).
type StatusRequestInfo struct {
	StatusRequest
}

// OutboxQuery selects messages by key prefix and/or reference.
type OutboxQuery struct {
	KeyPrefix string
	Refs      []string
}
