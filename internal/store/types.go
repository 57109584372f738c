package store

import (
	"encoding/json"
	"time"

	"github.com/regiogv/voortgang/internal/planner"
)

// ReconcileResult counts what one Reconcile did.
type ReconcileResult struct {
	Inserted  int
	Updated   int
	Obsoleted int
	Restored  int // obsolete tasks planned again (counted here, not in Updated)
	Unchanged int
}

// Changed reports whether Reconcile wrote anything.
func (r ReconcileResult) Changed() bool {
	return r.Inserted+r.Updated+r.Obsoleted+r.Restored > 0
}

// TaskRow is a stored task: the planned values plus what the store and coordinators add.
// Zero times mean "not set".
type TaskRow struct {
	planner.Task
	Hash       string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	ObsoleteAt time.Time

	StatusOverride    string
	StatusOverrideBy  string
	StatusOverrideAt  time.Time
	DueOverride       time.Time // date
	DueOverrideReason string
	DueOverrideBy     string
	DueOverrideAt     time.Time
}

// Obsolete reports whether the task is no longer planned.
func (r TaskRow) Obsolete() bool { return !r.ObsoleteAt.IsZero() }

// EffectiveDue is the coordinator's due date when set, the planned one otherwise.
func (r TaskRow) EffectiveDue() time.Time {
	if !r.DueOverride.IsZero() {
		return r.DueOverride
	}
	return r.Due
}

// TaskFilter selects tasks; zero fields do not filter.
type TaskFilter struct {
	Programme string
	// DueFrom and DueTo bound the effective due date, both inclusive.
	DueFrom, DueTo  time.Time
	Goal            int
	Owner           string
	Kind            planner.Kind
	Phase           string
	IncludeObsolete bool
	// Actions, when not empty, keeps only the tasks of these actions: the answer form of one
	// contact reads its own actions' tasks through the per-action index instead of every
	// task of the period.
	Actions []ActionKey
}

// ActionKey names one leaf action's tasks: the programme, the doel number and the action's
// letter as the planner stores them (planner.Task.Programme, Goal, Action).
type ActionKey struct {
	Programme string
	Goal      int
	Action    string
}

// Change kinds recorded in the task history.
const (
	ChangeUpdated   = "updated"
	ChangeObsoleted = "obsoleted"
	ChangeRestored  = "restored"
)

// TaskChange is one history row: the values of the fields that changed, before and after.
type TaskChange struct {
	TaskKey   string
	ChangedAt time.Time
	Change    string
	Old, New  map[string]any
	ChangedBy string
}

// Contact is a person who answers for one or more owners.
type Contact struct {
	Key       string
	Name      string
	Email     string
	SlackID   string
	Deputy    string   // contact key of the deputy (vervanger), or ""
	Owners    []string // owner keys the contact answers for
	AwayUntil time.Time
	BouncedAt time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

// StatusRequest asks one contact for the status of their tasks in one period.
type StatusRequest struct {
	Key        string // deterministic: contact × period
	ContactKey string
	Period     string // "2026H2"
	Token      string // secret in the answer link and reply address
	CreatedAt  time.Time
	SentAt     time.Time
	RevokedAt  time.Time
}

// Outbox statuses.
const (
	OutboxQueued  = "queued"
	OutboxSending = "sending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
)

// OutboxMessage is one message to deliver over one channel.
type OutboxMessage struct {
	Key       string // deterministic, e.g. request key + "/uitvraag"
	Kind      string // uitvraag, herinnering, escalatie …
	Channel   string // email, slack
	Recipient string
	Subject   string
	BodyText  string
	BodyHTML  string
	ReplyTo   string // the reply address carrying the request's token, "" for none
	MessageID string // the Message-ID every attempt reuses; "" for channels without one
	Ref       string // e.g. the status request key

	Status        string
	Attempts      int
	NextAttemptAt time.Time
	LeaseOwner    string
	LeaseUntil    time.Time
	LastError     string
	CreatedAt     time.Time
	SentAt        time.Time
}

// Delivery attempt outcomes.
const (
	OutcomeSent      = "sent"
	OutcomeTemporary = "temporary"
	OutcomePermanent = "permanent"
)

// DeliveryAttempt is one recorded attempt to deliver an outbox message.
type DeliveryAttempt struct {
	OutboxKey   string
	Attempt     int
	AttemptedAt time.Time
	Owner       string
	Outcome     string
	Error       string
	// Late marks an attempt whose outcome came in after another worker had taken the message
	// over (RecordLateAttempt): it did not change the message, but a late OutcomeSent means
	// the message may have arrived twice.
	Late bool
}

// LateAttempt is a late delivery attempt with the message it was about, as the board and
// the command line list them.
type LateAttempt struct {
	DeliveryAttempt
	Kind, Channel, Recipient, Subject string
	Status                            string // the message's status now
}

// DeliveryWarning is a receiving server's report that an outbox message is not delivered
// yet (a DSN with Action: delayed). The server still tries, so it does not block the address.
type DeliveryWarning struct {
	OutboxKey string
	Recipient string
	Warning   string
	At        time.Time
}

// Response reference kinds and sources.
const (
	RefTask   = "task"
	RefAction = "action"

	SourceWeb   = "web"
	SourceEmail = "email"
	SourceSlack = "slack"
	SourceBoard = "board"
)

// Response is one version of an answer about a task or an action.
type Response struct {
	ID               int64
	RefKind          string // RefTask or RefAction
	Ref              string // task key, or programme/action ref such as "bo-2026-2029/15a"
	ContactKey       string
	Period           string
	Version          int
	Status           string // op schema, vertraagd, gereed, niet gestart, vervallen
	Toelichting      string
	Indicators       map[string]string
	Source           string
	InboundMessageID string
	CreatedAt        time.Time
	CreatedBy        string
	Approved         bool
	ApprovedBy       string
	ApprovedAt       time.Time
}

// AuditEntry records one change made by a person.
type AuditEntry struct {
	ID        int64
	At        time.Time
	Actor     string
	Action    string
	Entity    string
	EntityKey string
	Before    json.RawMessage // nil when there was nothing before
	After     json.RawMessage
}
