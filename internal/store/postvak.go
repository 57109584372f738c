package store

import (
	"context"
	"errors"
	"time"
)

// ErrAlreadyReviewed: the inbound mail no longer waits for a coordinator (another
// coordinator assigned or rejected it meanwhile).
var ErrAlreadyReviewed = errors.New("deze mail is al afgehandeld")

// PostvakMail is an inbound mail with a coordinator's review of it. A quarantined or
// rejected mail waits in the board's postvak until a coordinator assigns it to a contact
// (its answers are recorded and its state becomes InboundProcessed) or rejects it (state
// InboundRejected with the coordinator's reason).
type PostvakMail struct {
	InboundMail
	ContactKey string // the contact a coordinator assigned the mail to; "" otherwise
	ReviewedBy string // the coordinator's user key; "" while the mail waits
	ReviewedAt time.Time
}

// Waiting reports whether the mail waits for a coordinator.
func (m PostvakMail) Waiting() bool {
	return m.ReviewedBy == "" && (m.State == InboundQuarantined || m.State == InboundRejected)
}

// InboundReview is a coordinator's decision on a waiting inbound mail.
type InboundReview struct {
	State      string // InboundProcessed (assigned) or InboundRejected
	Reason     string // Dutch, shown on the board: "toegewezen door …", the rejection reason
	RequestKey string // the status request the mail answers, "" keeps the stored one
	ContactKey string // the contact it was assigned to ("" when rejected)
	By         string // the coordinator's user key
	At         time.Time
}

// PostvakStore is what the board's postvak (quarantined inbound mail) needs beyond
// InboundStore.
type PostvakStore interface {
	// PostvakMails lists the mails that wait for a coordinator, newest received first
	// (waiting true), or the mails a coordinator reviewed, newest review first (waiting
	// false); at most limit (≤ 0: all). Raw is not filled in.
	PostvakMails(ctx context.Context, waiting bool, limit int) ([]PostvakMail, error)
	// PostvakMail returns one inbound mail with its raw bytes and review; ErrNotFound when
	// missing.
	PostvakMail(ctx context.Context, messageID string) (PostvakMail, error)
	// CountWaiting counts the mails that wait for a coordinator.
	CountWaiting(ctx context.Context) (int, error)
	// ReviewInbound records a coordinator's decision on a waiting mail and returns the
	// updated row. Only one decision wins: ErrAlreadyReviewed when the mail no longer waits,
	// ErrNotFound when it is missing, ErrInvalid for an incomplete review.
	ReviewInbound(ctx context.Context, messageID string, r InboundReview) (PostvakMail, error)
}
