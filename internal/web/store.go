package web

import (
	"context"
	"time"

	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/store"
)

// Store is what the web server reads and writes, declared here method by method so that what
// the pages touch is visible, and a store that lacks a method fails to build (below for
// store.Store, in store_test.go for the drivers' *sqlstore.DB) instead of a page failing or
// hiding at run time.
type Store interface {
	AccountStore
	BoardStore
	MessageStore
	store.PostvakStore
	cycle.ResendStore
}

// The app passes a store.Store.
var _ Store = store.Store(nil)

// AccountStore is sign-in and the board's sessions (auth.go, oidc.go).
type AccountStore interface {
	User(ctx context.Context, key string) (store.User, error)
	UserByEmail(ctx context.Context, email string) (store.User, error)
	LoginAttempt(ctx context.Context, scopes []string, now time.Time, forget time.Duration, delay func(scope string, failures int) time.Duration) (ok bool, retryAt time.Time, err error)
	LoginSucceeded(ctx context.Context, clear, refund []string, delay func(scope string, failures int) time.Duration) error
	CreateSession(ctx context.Context, s store.Session) error
	Session(ctx context.Context, token string, now time.Time) (store.Session, error)
	TouchSession(ctx context.Context, token string, seen time.Time) error
	DeleteSession(ctx context.Context, token string) error
}

// BoardStore is what the board's pages read and the coordinators' changes they write: tasks,
// answers, contacts and requests, drafts, held plans and the audit log.
type BoardStore interface {
	SearchTasks(ctx context.Context, q store.TaskQuery) (store.TaskPage, error)
	ActionSummariesOf(ctx context.Context, programme string, from, today time.Time) ([]store.ActionSummary, error)
	StatusInputs(ctx context.Context, period string, from, today time.Time) (store.StatusInputs, error)
	OverdueDates(ctx context.Context, programme string, today time.Time) ([]store.TaskDates, error)
	Task(ctx context.Context, key string) (store.TaskRow, error)
	SetTaskStatus(ctx context.Context, key, status, reason, by string, now time.Time) (store.TaskRow, error)
	SetTaskDue(ctx context.Context, key string, due time.Time, reason, by string, now time.Time) (store.TaskRow, error)

	Responses(ctx context.Context, refKind, ref, period string) ([]store.Response, error)
	Response(ctx context.Context, id int64) (store.Response, error)
	AddResponse(ctx context.Context, r store.Response, now time.Time) (store.Response, error)
	ApproveResponse(ctx context.Context, id int64, by string, at time.Time) (store.Response, error)
	LatestResponses(ctx context.Context, period, contact string) ([]store.Response, error)
	LatestResponsesOf(ctx context.Context, period string, refs []string) ([]store.Response, error)

	Contact(ctx context.Context, key string) (store.Contact, error)
	Contacts(ctx context.Context) ([]store.Contact, error)
	SetActionContact(ctx context.Context, c store.ActionContact) error
	ActionContacts(ctx context.Context, period string) ([]store.ActionContact, error)
	StatusRequest(ctx context.Context, key string) (store.StatusRequest, error)
	StatusRequests(ctx context.Context, period string) ([]store.StatusRequestInfo, error)

	Drafts(ctx context.Context, period string) ([]store.Draft, error)
	DraftDocument(ctx context.Context, key, format string) ([]byte, error)
	PlanHold(ctx context.Context, programme string) (store.PlanHold, error)
	PlanHolds(ctx context.Context) ([]store.PlanHold, error)

	AddAudit(ctx context.Context, e store.AuditEntry) error
	Audit(ctx context.Context, entity, entityKey string) ([]store.AuditEntry, error)
}

// MessageStore is the outbox as the board shows it: messages by reference and by status, their
// delivery attempts (late ones too) and delay warnings (outbox.go, period.go, action.go).
type MessageStore interface {
	OutboxMessages(ctx context.Context, q store.OutboxQuery) ([]store.OutboxMessage, error)
	OutboxByStatus(ctx context.Context, status string, limit int) ([]store.OutboxMessage, error)
	CountOutbox(ctx context.Context, status string) (int, error)
	Attempts(ctx context.Context, key string) ([]store.DeliveryAttempt, error)
	LateAttempts(ctx context.Context, limit int) ([]store.LateAttempt, error)
	DeliveryWarnings(ctx context.Context, keyPrefix string) ([]store.DeliveryWarning, error)
}
