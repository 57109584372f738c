// Package notify delivers the outbox: it claims due messages with a lease (so replicas never
// deliver the same message at once), hands each to its channel, and records every attempt.
// Temporary failures are retried with capped exponential backoff for as long as the message is
// useful (a status request until its round's document deadline); permanent ones, and
// temporary ones after that, are marked failed for the board, which can send them again. The channels live in subpackages (email, slack, teams); this package decides
// nothing about what is sent.
//
// Renderer (chat.go) writes every channel's message from its outbox payload: mail through
// the email templates, the Slack direct message and the coordinators' Slack and Teams notes
// here. The app gives it to the cycle, which knows it only by the interfaces it declares.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/store"
)

// Defaults for the delivery loop.
const (
	DefaultLease = 2 * time.Minute
	DefaultBatch = 50
	// DefaultSendTimeout bounds one delivery attempt. The lease is renewed before a message
	// is sent whenever less than twice this is left, so every attempt ends well inside the
	// lease and no other worker can claim a message while it is being sent.
	DefaultSendTimeout = 30 * time.Second
	// DefaultUsefulFor is how long a message that belongs to no round (a digest, a note) is
	// retried after it was enqueued.
	DefaultUsefulFor = 3 * 24 * time.Hour
	firstRetry       = time.Minute
	maxRetry         = time.Hour
	DefaultInterval  = 15 * time.Second
)

// Worker delivers due outbox messages.
type Worker struct {
	Store store.OutboxStore
	Email email.Sender
	From  string // the From of every mail
	// Clock is the time of the leases. When it can also run timers (a clockwork clock), the
	// send timeout runs on it too, so a test that moves a fake clock past the lease also ends
	// the attempt in flight, as the real deadline would.
	Clock clock.Clock
	Log   *slog.Logger
	Owner string // this replica, for the lease
	// Channels are the chat channels (Slack, Teams); the zero value has them off.
	Channels Channels
	// Observe, when set, is told of every attempt: its channel and outcome
	// (store.OutcomeSent, OutcomeTemporary, OutcomePermanent). The app counts them for
	// /metrics.
	Observe func(channel, outcome string)
	// UsefulUntil says until when a message is worth delivering (a status request: until its
	// round's document deadline). Temporary failures are retried until then; after it the
	// message fails for good. A nil func or a zero time means DefaultUsefulFor after it was
	// enqueued.
	UsefulUntil func(ctx context.Context, m store.OutboxMessage) (time.Time, error)
	// Lease, Batch and SendTimeout default to DefaultLease, DefaultBatch and DefaultSendTimeout.
	Lease       time.Duration
	Batch       int
	SendTimeout time.Duration

	once sync.Once
	kick chan struct{}
}

func (w *Worker) kicks() chan struct{} {
	w.once.Do(func() { w.kick = make(chan struct{}, 1) })
	return w.kick
}

func (w *Worker) lease() time.Duration {
	if w.Lease > 0 {
		return w.Lease
	}
	return DefaultLease
}

func (w *Worker) batch() int {
	if w.Batch > 0 {
		return w.Batch
	}
	return DefaultBatch
}

func (w *Worker) sendTimeout() time.Duration {
	if w.SendTimeout > 0 {
		return min(w.SendTimeout, w.lease()/3)
	}
	return min(DefaultSendTimeout, w.lease()/3)
}

// Backoff is the wait after the n-th failed attempt: one minute, doubling, at most an hour.
func Backoff(n int) time.Duration {
	d := firstRetry
	for i := 1; i < n && d < maxRetry; i++ {
		d *= 2
	}
	return min(d, maxRetry)
}

// DeliverDue delivers every message due at the clock's now, batch by batch, and returns how
// many were sent and how many failed (temporarily or for good). Messages whose lease was
// taken over by another worker meanwhile are left to it and counted in neither.
func (w *Worker) DeliverDue(ctx context.Context) (sent, failed int, err error) {
	lease := w.lease()
	for {
		now := w.Clock.Now()
		msgs, err := w.Store.ClaimOutbox(ctx, w.Owner, now, lease, w.batch())
		if err != nil {
			return sent, failed, fmt.Errorf("notify: %w", err)
		}
		if len(msgs) == 0 {
			return sent, failed, nil
		}
		until := now.Add(lease)
		lost := map[string]bool{}
		for i, m := range msgs {
			if ctx.Err() != nil {
				return sent, failed, ctx.Err() // the rest goes back to the queue when the lease ends
			}
			if now := w.Clock.Now(); until.Sub(now) < 2*w.sendTimeout() {
				held, err := w.renew(ctx, msgs[i:], now, lease)
				if err != nil {
					return sent, failed, err
				}
				until = now.Add(lease)
				for _, rest := range msgs[i:] {
					lost[rest.Key] = !held[rest.Key]
				}
			}
			if lost[m.Key] {
				w.Log.Warn("another worker took the message over; leaving it to that one", "key", m.Key)
				continue
			}
			ok, counted, err := w.deliver(ctx, m)
			if err != nil {
				return sent, failed, err
			}
			switch {
			case !counted:
			case ok:
				sent++
			default:
				failed++
			}
		}
	}
}

// renew extends the lease on msgs and returns the keys still held.
func (w *Worker) renew(ctx context.Context, msgs []store.OutboxMessage, now time.Time, lease time.Duration) (map[string]bool, error) {
	keys := make([]string, len(msgs))
	for i, m := range msgs {
		keys[i] = m.Key
	}
	got, err := w.Store.RenewOutboxLease(ctx, w.Owner, keys, now, lease)
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	held := make(map[string]bool, len(got))
	for _, k := range got {
		held[k] = true
	}
	return held, nil
}

// timers is the part of a clockwork clock the send timeout uses.
type timers interface {
	AfterFunc(d time.Duration, f func()) clockwork.Timer
}

// send makes one attempt over m's channel, bounded by the send timeout.
func (w *Worker) send(ctx context.Context, m store.OutboxMessage, now time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, w.sendTimeout())
	defer cancel()
	if c, ok := w.Clock.(timers); ok {
		t := c.AfterFunc(w.sendTimeout(), cancel)
		defer t.Stop()
	}
	switch m.Channel {
	case "email", "":
		msg := email.Message{Key: m.Key, MessageID: m.MessageID, From: w.From, ReplyTo: m.ReplyTo,
			To: []string{m.Recipient}, Subject: m.Subject, Text: m.BodyText, HTML: m.BodyHTML,
			Headers: map[string]string{"Auto-Submitted": "auto-generated", "X-Voortgang-Key": m.Key}}
		raw, err := email.Compose(msg, now)
		if err != nil {
			return &email.SendError{Temporary: false, Err: err}
		}
		return w.Email.Send(ctx, msg, raw)
	case ChannelSlack:
		return w.deliverSlack(ctx, m)
	case ChannelSlackChannel:
		return w.deliverSlackChannel(ctx, m)
	case ChannelTeams:
		return w.deliverTeams(ctx, m)
	default:
		return &email.SendError{Temporary: false, Err: fmt.Errorf("onbekend kanaal %q", m.Channel)}
	}
}

// deliver makes one attempt and records it; counted is false when the lease was lost
// meanwhile (another worker owns the message now). The error is only for store failures.
// It logs once per message outcome (sent, failed for good), not per temporary failure.
func (w *Worker) deliver(ctx context.Context, m store.OutboxMessage) (ok, counted bool, err error) {
	now := w.Clock.Now()
	sendErr := w.send(ctx, m, now)
	// The outcome is recorded even when ctx ends meanwhile: a mail that went out and is not
	// recorded as sent would go out again.
	rec := context.WithoutCancel(ctx)
	if sendErr == nil {
		at := w.Clock.Now()
		counted, err := w.Store.MarkSent(rec, m.Key, w.Owner, at)
		if err != nil {
			return false, false, fmt.Errorf("notify: %w", err)
		}
		w.observe(m.Channel, store.OutcomeSent)
		if !counted {
			w.Log.Warn("sent after another worker took the message over: it may arrive twice", "key", m.Key, "to", m.Recipient)
			return true, false, w.recordLate(rec, m, at, store.OutcomeSent, "")
		}
		w.Log.Info("delivered", "key", m.Key, "to", m.Recipient, "attempts", m.Attempts)
		return true, true, nil
	}
	temporary, retryAfter := classify(sendErr)
	next := nextAttempt(now, m.Attempts, retryAfter)
	errText := sendErr.Error()
	if temporary {
		until, err := w.usefulUntil(rec, m)
		if err != nil {
			return false, false, err
		}
		switch {
		case !now.Before(until):
			temporary = false
			errText = fmt.Sprintf("%s (opgegeven: na %s niet meer zinvol)", errText, until.UTC().Format(time.RFC3339))
		case next.After(until):
			next = until // one last attempt at the cut-off
		}
	}
	if !temporary {
		// Before marking it failed, so a crash in between retries the row and then this.
		if err := w.fallBack(rec, m, now); err != nil {
			return false, false, err
		}
	}
	at := w.Clock.Now()
	counted, err = w.Store.MarkAttemptFailed(rec, m.Key, w.Owner, at, errText, temporary, next)
	if err != nil {
		return false, false, fmt.Errorf("notify: %w", err)
	}
	outcome := store.OutcomePermanent
	if temporary {
		outcome = store.OutcomeTemporary
	}
	w.observe(m.Channel, outcome)
	switch {
	case !counted:
		w.Log.Warn("attempt failed after another worker took the message over", "key", m.Key, "err", sendErr)
		if err := w.recordLate(rec, m, at, outcome, errText); err != nil {
			return false, false, err
		}
	case temporary:
		w.Log.Debug("delivery attempt failed; retrying", "key", m.Key, "attempt", m.Attempts, "next", next, "err", sendErr)
	default:
		w.Log.Error("delivery failed for good", "key", m.Key, "to", m.Recipient, "attempts", m.Attempts, "err", errText)
	}
	return false, counted, nil
}

// recordLate stores the outcome of an attempt whose report did not count because another
// worker took m over while this one was sending: the message may have arrived twice, which
// the board and the command line show from this row, not only from the log.
func (w *Worker) recordLate(ctx context.Context, m store.OutboxMessage, at time.Time, outcome, errText string) error {
	err := w.Store.RecordLateAttempt(ctx, store.DeliveryAttempt{OutboxKey: m.Key, Attempt: m.Attempts, AttemptedAt: at,
		Owner: w.Owner, Outcome: outcome, Error: errText})
	if err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	return nil
}

// usefulUntil is the cut-off of m's retries.
func (w *Worker) usefulUntil(ctx context.Context, m store.OutboxMessage) (time.Time, error) {
	if w.UsefulUntil != nil {
		t, err := w.UsefulUntil(ctx, m)
		if err != nil {
			return time.Time{}, fmt.Errorf("notify: %w", err)
		}
		if !t.IsZero() {
			return t, nil
		}
	}
	return m.CreatedAt.Add(DefaultUsefulFor), nil
}

func (w *Worker) observe(channel, outcome string) {
	if w.Observe != nil {
		w.Observe(channel, outcome)
	}
}

// Kick asks a running loop to deliver now instead of at its next tick.
func (w *Worker) Kick() {
	select {
	case w.kicks() <- struct{}{}:
	default:
	}
}

// Run delivers due messages every interval (and when kicked) until ctx is done.
func (w *Worker) Run(ctx context.Context, interval time.Duration) {
	kick := w.kicks()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, _, err := w.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("delivering the outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-kick:
		}
	}
}
