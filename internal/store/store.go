// Package store is the persistence boundary of voortgang: the Store interface, its row types
// and its errors. Two implementations live below it (sqlite, postgres) and share one
// conformance suite (storetest). No SQL lives outside the store packages, and nothing here
// knows about the clock: every method that records an instant takes it as an argument.
//
// Guarantees every implementation keeps: rows with a deterministic key (tasks, status
// requests, outbox messages, drafts) are inserted at most once; nothing is deleted (tasks
// become obsolete, responses get a new version); instants are stored in UTC with millisecond
// precision; calendar dates are stored as dates.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/regiogv/voortgang/internal/planner"
)

// Errors callers test with errors.Is. Their text is Dutch because the CLI prints them.
var (
	// ErrNotFound: the row asked for does not exist.
	ErrNotFound = errors.New("niet gevonden")
	// ErrNotSQLite: the file exists but is not a SQLite database.
	ErrNotSQLite = errors.New("geen SQLite-database")
	// ErrForeignDatabase: the database has tables but is not one of voortgang.
	ErrForeignDatabase = errors.New("geen database van voortgang")
	// ErrSchemaTooNew: the database was migrated by a newer voortgang.
	ErrSchemaTooNew = errors.New("databaseschema is nieuwer dan deze voortgang kent")
	// ErrUnreachable: the database server cannot be reached.
	ErrUnreachable = errors.New("database niet bereikbaar")
	// ErrInUse: another process has the database open (restore refuses).
	ErrInUse = errors.New("database is in gebruik")
	// ErrExists: a backup target already exists (backup never overwrites).
	ErrExists = errors.New("bestand bestaat al")
	// ErrUnsupported: the operation is not available for this database.
	ErrUnsupported = errors.New("niet mogelijk bij deze database")
	// ErrInvalid: the input is inconsistent (duplicate keys, missing fields …).
	ErrInvalid = errors.New("ongeldige invoer")
)

// Store is everything voortgang persists. Implementations are safe for concurrent use.
type Store interface {
	Admin
	TaskStore
	ContactStore
	RequestStore
	OutboxStore
	ResponseStore
	AuditStore
	LeaseStore
	DraftStore
	InboundStore
	BoardStore
	PostvakStore
	OpsStore
	PlanHoldStore
	VersionStore
}

// Admin is the life cycle of a store.
type Admin interface {
	// Dialect is "sqlite" or "postgres".
	Dialect() string
	Ping(ctx context.Context) error
	// SchemaVersion is the highest applied migration.
	SchemaVersion(ctx context.Context) (int64, error)
	// Backup writes a consistent copy of a running SQLite database to path (VACUUM INTO);
	// it refuses to overwrite (ErrExists). PostgreSQL returns ErrUnsupported: use pg_dump.
	Backup(ctx context.Context, path string) error
	Close() error
}

// TaskStore persists the planned tasks.
type TaskStore interface {
	// Reconcile makes the stored tasks of programme equal to tasks, in one transaction: new
	// tasks are inserted, changed ones updated (their previous values go to the history),
	// stored tasks of the programme that are no longer planned are marked obsolete, and an
	// obsolete task that is planned again is restored. Nothing is deleted, and a task that
	// did not change is not written. Every task's Programme must be programme or empty.
	Reconcile(ctx context.Context, programme string, tasks []planner.Task, now time.Time) (ReconcileResult, error)
	// Tasks lists tasks matching f ordered by effective due date, then key.
	Tasks(ctx context.Context, f TaskFilter) ([]TaskRow, error)
	// Task returns one task, obsolete or not; ErrNotFound when missing.
	Task(ctx context.Context, key string) (TaskRow, error)
	// TaskHistory lists the recorded changes of one task, oldest first.
	TaskHistory(ctx context.Context, key string) ([]TaskChange, error)
	// ProgrammeHashes returns, per programme key, the hash recorded by SetProgrammeHash.
	ProgrammeHashes(ctx context.Context) (map[string]string, error)
	// SetProgrammeHash records the hash of the input a programme was last reconciled from,
	// so a start with the same input can skip reconciling it, and the workflow file itself
	// (source), the plan in force while a later change is held.
	SetProgrammeHash(ctx context.Context, programme, hash string, source []byte, now time.Time) error
	// ReconciledSource returns the workflow file SetProgrammeHash recorded for programme;
	// ErrNotFound when none was recorded (never reconciled, or before the store kept it).
	ReconciledSource(ctx context.Context, programme string) ([]byte, error)
}

// ContactStore persists the people who answer status requests.
type ContactStore interface {
	// UpsertContact inserts or updates a contact from configuration. BouncedAt is kept
	// unless the email address changes (then it is cleared); AwayUntil is kept when c has
	// none (an absence learnt from an out-of-office reply survives a restart); CreatedAt is
	// kept.
	UpsertContact(ctx context.Context, c Contact, now time.Time) error
	// MarkBounced records that mail to the contact bounced at the given instant.
	MarkBounced(ctx context.Context, key string, at time.Time) error
	Contact(ctx context.Context, key string) (Contact, error)
	// Contacts lists all contacts ordered by key.
	Contacts(ctx context.Context) ([]Contact, error)
}

// RequestStore persists status requests (uitvragen).
type RequestStore interface {
	// EnsureStatusRequest inserts r unless a request with r.Key exists; it returns the stored
	// request and whether it was created now. Inserting the same key twice is a no-op.
	EnsureStatusRequest(ctx context.Context, r StatusRequest, now time.Time) (StatusRequest, bool, error)
	StatusRequest(ctx context.Context, key string) (StatusRequest, error)
	StatusRequestByToken(ctx context.Context, token string) (StatusRequest, error)
	// MarkRequestSent records the first send; later calls keep the first instant.
	MarkRequestSent(ctx context.Context, key string, at time.Time) error
	RevokeStatusRequest(ctx context.Context, key string, at time.Time) error
}

// OutboxStore is the queue between the scheduler (which enqueues) and the notifiers (which
// claim and deliver).
type OutboxStore interface {
	// Enqueue inserts m with status queued; a second message with the same key is a no-op
	// (created is false). A zero NextAttemptAt means now.
	Enqueue(ctx context.Context, m OutboxMessage, now time.Time) (created bool, err error)
	// ClaimOutbox leases up to limit due messages to owner until now+lease: queued messages
	// whose next attempt is due, and sending messages whose lease expired (a crashed
	// worker). Each claim counts as an attempt. Two concurrent claimers never get the same
	// message.
	ClaimOutbox(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]OutboxMessage, error)
	// MarkSent records a successful attempt by owner. It counts (true) only while the message
	// is still sending under owner's lease; a report from a worker whose lease was taken over
	// (or about a message already sent) changes nothing and returns false. The first send of
	// a message whose Ref is a status request records that request's SentAt.
	MarkSent(ctx context.Context, key, owner string, now time.Time) (counted bool, err error)
	// MarkAttemptFailed records a failed attempt by owner: a temporary failure queues the
	// message again for nextAttempt, a permanent one marks it failed. Like MarkSent it counts
	// only while owner holds the lease.
	MarkAttemptFailed(ctx context.Context, key, owner string, now time.Time, errText string, temporary bool, nextAttempt time.Time) (counted bool, err error)
	// RenewOutboxLease extends owner's lease on the given messages to now+lease and returns
	// the keys it still held (the others were taken over or finished).
	RenewOutboxLease(ctx context.Context, owner string, keys []string, now time.Time, lease time.Duration) ([]string, error)
	// RequeueOutbox puts a failed message back in the queue, due at now; it returns false
	// when the message is not failed (queued, sending or sent messages are left alone).
	RequeueOutbox(ctx context.Context, key string, now time.Time) (bool, error)
	// OutboxByStatus lists the messages with status, oldest first, at most limit (0: all).
	OutboxByStatus(ctx context.Context, status string, limit int) ([]OutboxMessage, error)
	// CountOutbox counts the messages with status.
	CountOutbox(ctx context.Context, status string) (int, error)
	OutboxMessage(ctx context.Context, key string) (OutboxMessage, error)
	// OutboxExists reports whether a message with key was ever enqueued (cheaper than
	// OutboxMessage, which reads the bodies).
	OutboxExists(ctx context.Context, key string) (bool, error)
	// Attempts lists the recorded delivery attempts of one message, oldest first, late ones
	// (RecordLateAttempt) included.
	Attempts(ctx context.Context, key string) ([]DeliveryAttempt, error)
	// RecordLateAttempt records the outcome of an attempt that MarkSent or MarkAttemptFailed
	// did not count because another worker had taken the message over meanwhile: a.OutboxKey,
	// a.Owner (the worker that sent late), a.AttemptedAt, a.Outcome (OutcomeSent,
	// OutcomeTemporary or OutcomePermanent), a.Error and a.Attempt (the attempt number of
	// that worker's claim). It is stored with the message's attempts, Late set, and changes
	// nothing else. ErrInvalid for a missing field or an unknown outcome, ErrNotFound when no
	// message has the key.
	RecordLateAttempt(ctx context.Context, a DeliveryAttempt) error
	// LateAttempts lists the late attempts, newest first, at most limit (0: all), each with
	// its message.
	LateAttempts(ctx context.Context, limit int) ([]LateAttempt, error)
	// WarnDelivery records a delay warning on the message with the given Message-ID (with or
	// without angle brackets) and returns the message's key; ErrNotFound when no message has
	// it. A later warning for the same message replaces the earlier one.
	WarnDelivery(ctx context.Context, messageID string, w DeliveryWarning) (string, error)
	// DeliveryWarnings lists the warnings of the messages whose key starts with keyPrefix.
	DeliveryWarnings(ctx context.Context, keyPrefix string) ([]DeliveryWarning, error)
}

// ResponseStore persists answers as versions: a new answer never overwrites an older one.
type ResponseStore interface {
	// AddResponse stores r as the next version for (RefKind, Ref, ContactKey, Period) and
	// returns it with ID, Version and CreatedAt filled in.
	AddResponse(ctx context.Context, r Response, now time.Time) (Response, error)
	// LatestResponses returns the newest version per reference for a period; contact ""
	// means every contact. Ordered by ref kind, ref, contact.
	LatestResponses(ctx context.Context, period, contact string) ([]Response, error)
	// LatestResponsesOf returns the newest version per contact of the action responses
	// (RefAction) to refs in a period, ordered by ref, contact. It reads only those refs, so
	// one contact's form costs the same whatever the size of the store.
	LatestResponsesOf(ctx context.Context, period string, refs []string) ([]Response, error)
}

// AuditStore is the append-only log of changes made by people.
type AuditStore interface {
	AddAudit(ctx context.Context, e AuditEntry) error
	// Audit lists the entries of one entity, oldest first.
	Audit(ctx context.Context, entity, entityKey string) ([]AuditEntry, error)
}

// LeaseStore implements leader election with a lease row that works on both databases.
type LeaseStore interface {
	// TryAcquireLease takes or renews the lease name for holder until now+ttl. It succeeds
	// when the lease is free, expired, or already held by holder.
	TryAcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error)
	// ReleaseLease gives the lease up if holder holds it.
	ReleaseLease(ctx context.Context, name, holder string) error
	// LeaseHolder returns the holder of lease name and until when it holds it; ErrNotFound
	// when nobody holds it.
	LeaseHolder(ctx context.Context, name string) (holder string, until time.Time, err error)
	// TakeOverLease gives lease name to holder when it is held by from (a process known to
	// be dead), whether or not it expired.
	TakeOverLease(ctx context.Context, name, from, holder string, now time.Time, ttl time.Duration) (bool, error)
}

// Error is an error a person reads (the CLI prints it as is) that still matches one of the
// sentinel errors above with errors.Is.
type Error struct {
	Kind error
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

func (e *Error) Unwrap() error { return e.Kind }

// Errorf returns an *Error of the given kind with a formatted message.
func Errorf(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}
