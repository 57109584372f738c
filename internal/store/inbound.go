package store

import (
	"context"
	"time"
)

// States of an inbound mail.
const (
	// InboundProcessed: the mail was applied (answers recorded, a bounce or an absence noted,
	// or nothing to do).
	InboundProcessed = "processed"
	// InboundQuarantined: the mail could not be applied safely (unreadable, unknown sender,
	// unknown action references …); a coordinator looks at it. Its raw bytes are kept.
	InboundQuarantined = "quarantined"
	// InboundRejected: the mail was readable and matched, but could not be accepted (the
	// period's deadline had passed).
	InboundRejected = "rejected"
)

// InboundMail is one mail read from the reply mailbox. MessageID is its key: a second mail
// with the same Message-ID is not processed again.
type InboundMail struct {
	MessageID   string // without angle brackets
	ReceivedAt  time.Time
	From        string
	Subject     string
	Raw         []byte // the message as fetched (attachments included)
	State       string // InboundProcessed, InboundQuarantined or InboundRejected
	Reason      string // why it was quarantined or rejected, or what was done; Dutch
	RequestKey  string // the status request it answered, "" when not matched
	ProcessedAt time.Time
}

// InboundStore persists inbound mail and the lookups the inbox needs to apply it.
type InboundStore interface {
	// RecordInbound inserts m unless a mail with m.MessageID is stored already; then it
	// returns the stored row and created false. Inserting the same Message-ID twice is a
	// no-op.
	RecordInbound(ctx context.Context, m InboundMail) (stored InboundMail, created bool, err error)
	// ApplyInbound applies an answering mail in one transaction. Its first write is the
	// claim: m is inserted unless a mail with its Message-ID is stored already. Only when
	// this call created the row are responses added (each as the next version of its
	// reference) and then the messages after returns for the added versions enqueued. When
	// the Message-ID was there already, or anything fails, nothing of it is written; a
	// concurrent call with the same Message-ID waits for this one and then writes nothing.
	ApplyInbound(ctx context.Context, m InboundMail, responses []Response,
		after func(added []Response) ([]OutboxMessage, error), now time.Time) (stored InboundMail, created bool, added []Response, err error)
	// InboundMail returns one inbound mail; ErrNotFound when missing.
	InboundMail(ctx context.Context, messageID string) (InboundMail, error)
	// InboundMails lists inbound mails in state ("" for every state), newest first, at most
	// limit (≤ 0: all). Raw is not filled in: read one mail for its bytes.
	InboundMails(ctx context.Context, state string, limit int) ([]InboundMail, error)
	// OutboxByMessageID returns the outbox message with the given Message-ID (without angle
	// brackets, compared case-insensitively); ErrNotFound when missing.
	OutboxByMessageID(ctx context.Context, messageID string) (OutboxMessage, error)
	// SetAway records the last day a contact is away (an out-of-office reply); the zero
	// time clears it.
	SetAway(ctx context.Context, key string, until time.Time) error
}
