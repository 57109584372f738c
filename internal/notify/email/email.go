// Package email composes and delivers voortgang's mail: status requests,
// reminders, escalations, summaries, digests and confirmations.
//
// It has three parts that the notifier strings together for one outbox row:
// Templates.Render turns a typed payload of package outbox (RequestData here is
// outbox.RequestPayload, …) into a subject, a text and an HTML body, cutting long
// lists to an overview so no body exceeds MaxBody; Compose turns a Message into
// RFC 5322 bytes with the row's Message-ID (keyed by package outbox, outbox.Refs); a
// Sender delivers the bytes, over SMTP (SMTPSender, with a password or XOAUTH2),
// through Microsoft Graph (GraphSender) or into a directory for development
// (Catcher), and says whether a failure is worth retrying (IsTemporary,
// SendError.Retry).
//
// The package does not read the store or the outbox and does not retry: the
// notifier claims rows, records every attempt and decides when to try again.
package email

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/mail"
	"strings"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one mail to deliver, as the notifier builds it from an outbox
// row and a rendered template.
type Message struct {
	// Key is the outbox key. Compose requires it: the sender and the catcher
	// name the message by it.
	Key string
	// MessageID is the identifier without angle brackets
	// ("3f…@regiogv.nl"), as go-message's Header.MessageID and MsgIDList
	// return it: the outbox row's, which outbox.Refs derived from the key
	// under the secret key, so a retry carries the same one and nobody
	// without the key can predict it. Compose requires it and derives none
	// itself: an unkeyed hash of the key would be a reference anybody could
	// compute and reply to.
	MessageID string
	// From and ReplyTo are RFC 5322 addresses, with or without a display name
	// ("Regio Gooi en Vechtstreek <voortgang@regiogv.nl>"). From is also the
	// envelope sender.
	From, ReplyTo string
	// To and Cc are the recipients; every one of them is an envelope
	// recipient too.
	To, Cc []string
	// Subject, Text and HTML are the rendered template. At least one of Text
	// and HTML must be set; with both the message is multipart/alternative.
	Subject, Text, HTML string
	// Headers are extra header fields, such as In-Reply-To, References or
	// X-Voortgang-Token. Non-ASCII values are encoded. Fields that Compose
	// sets itself (From, To, Subject, Date, Message-Id, MIME and content
	// fields) cannot be overridden here; Content-Language and Auto-Submitted
	// can.
	Headers map[string]string
}

// NewMessageID is a random Message-ID at the domain of the From address, for a mail that is
// no outbox row (the test mail of `voortgang check`): an outbox row carries the keyed one of
// package outbox.
func NewMessageID(from string) (string, error) {
	addr, err := mail.ParseAddress(from)
	if err != nil {
		return "", fmt.Errorf("email: from address %q: %w", from, err)
	}
	_, domain, ok := strings.Cut(addr.Address, "@")
	if !ok || domain == "" {
		return "", fmt.Errorf("email: from address %q has no domain", from)
	}
	return rand.Text() + "@" + strings.ToLower(domain), nil
}

// keyHash is the first 128 bits of SHA-256 of the key, in hex: short enough
// for a file name, long enough never to collide between outbox keys.
func keyHash(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}

// Sender delivers composed messages. Send is given both the Message (for the
// envelope: sender and recipients) and the bytes Compose made of it.
//
// A Sender is used by one delivery goroutine at a time; the implementations
// in this package also guard themselves with a mutex, so sharing one is safe
// but serialises delivery.
type Sender interface {
	Send(ctx context.Context, m Message, raw []byte) error
	Close() error
}

// SendError is a failed delivery, classified so the notifier knows whether to
// try again later (Temporary) or to give up and tell the coordinator.
type SendError struct {
	// Temporary is true when the same message may well go through later:
	// SMTP 4xx replies, network failures, timeouts, and failures that are not
	// about this message (connecting, TLS, authentication), which the next
	// message would hit too and which go away when the server or the
	// configuration is fixed.
	Temporary bool
	// Code is the SMTP reply code, 0 when there was none.
	Code int
	// Stage says where it failed: "message" (the message itself is
	// unusable), "connect", "auth", "mail", "rcpt", "data" or "deliver"
	// (after the whole message was transmitted; the server may have accepted
	// it, so a retry can give one duplicate with the same Message-ID).
	Stage string
	Err   error
	// RetryAfter is the wait the server asked for (Graph's Retry-After on 429 and 503);
	// zero when it said nothing.
	RetryAfter time.Duration
}

func (e *SendError) Error() string {
	kind := "permanent"
	if e.Temporary {
		kind = "temporary"
	}
	return fmt.Sprintf("email: %s failure at %s: %v", kind, e.Stage, e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// Retry says whether another attempt may succeed and how long the server asked to wait
// (SMTP gives no hint; Graph does when it throttles). It is how the outbox worker reads
// every channel's failures (see notify.classify).
func (e *SendError) Retry() (temporary bool, after time.Duration) { return e.Temporary, e.RetryAfter }

// IsTemporary reports whether err is worth retrying: a SendError marked
// Temporary, an SMTP 4xx reply, a network error or timeout, or a context
// deadline. Anything else, including nil, is not.
func IsTemporary(err error) bool {
	if err == nil {
		return false
	}
	var se *SendError
	if errors.As(err, &se) {
		return se.Temporary
	}
	var smtpErr *smtp.SMTPError
	if errors.As(err, &smtpErr) {
		return smtpErr.Code/100 == 4
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
}

// authCodes are 5xx replies about our credentials, not about the message:
// retrying after the password is fixed will work, so they count as temporary.
var authCodes = map[int]bool{530: true, 534: true, 535: true, 538: true}

// classify wraps an error from a delivery stage into a SendError.
func classify(stage string, err error) *SendError {
	var se *SendError
	if errors.As(err, &se) {
		return se
	}
	setup := stage == "connect" || stage == "auth"
	var smtpErr *smtp.SMTPError
	if errors.As(err, &smtpErr) {
		return &SendError{
			Temporary: smtpErr.Code/100 == 4 || setup || authCodes[smtpErr.Code],
			Code:      smtpErr.Code,
			Stage:     stage,
			Err:       err,
		}
	}
	// Network errors, EOF from a dropped connection, TLS failures and
	// cancelled contexts: nothing says the message itself is wrong.
	return &SendError{Temporary: true, Stage: stage, Err: err}
}
