// Package notify delivers the outbox: it claims due messages with a lease (so replicas never
// deliver the same message at once), hands each to its channel, and records every attempt.
// Temporary failures are retried with exponential backoff; permanent ones are marked failed for
// the board. The channels live in subpackages (email, slack, teams); this package decides
// nothing about what is sent.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/store"
)

// Defaults for the delivery loop.
const (
	DefaultLease    = 2 * time.Minute
	DefaultBatch    = 50
	firstRetry      = time.Minute
	maxRetry        = time.Hour
	maxAttempts     = 40 // about a day and a half of retrying
	DefaultInterval = 15 * time.Second
)

// Worker delivers due outbox messages.
type Worker struct {
	Store store.OutboxStore
	Email email.Sender
	From  string // the From of every mail
	Clock clock.Clock
	Log   *slog.Logger
	Owner string // this replica, for the lease
	// Channels are the chat channels (Slack, Teams); the zero value has them off.
	Channels Channels
	// Observe, when set, is told of every attempt: its channel and outcome
	// (store.OutcomeSent, OutcomeTemporary, OutcomePermanent). The app counts them for
	// /metrics.
	Observe func(channel, outcome string)

	once sync.Once
	kick chan struct{}
}

func (w *Worker) kicks() chan struct{} {
	w.once.Do(func() { w.kick = make(chan struct{}, 1) })
	return w.kick
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
// many were sent and how many failed (temporarily or for good).
func (w *Worker) DeliverDue(ctx context.Context) (sent, failed int, err error) {
	for {
		now := w.Clock.Now()
		msgs, err := w.Store.ClaimOutbox(ctx, w.Owner, now, DefaultLease, DefaultBatch)
		if err != nil {
			return sent, failed, fmt.Errorf("notify: %w", err)
		}
		if len(msgs) == 0 {
			return sent, failed, nil
		}
		for _, m := range msgs {
			ok, err := w.deliver(ctx, m)
			if err != nil {
				return sent, failed, err
			}
			if ok {
				sent++
			} else {
				failed++
			}
		}
	}
}

// deliver makes one attempt; the error is only for store failures.
func (w *Worker) deliver(ctx context.Context, m store.OutboxMessage) (bool, error) {
	now := w.Clock.Now()
	var sendErr error
	switch m.Channel {
	case "email", "":
		msg := email.Message{Key: m.Key, MessageID: m.MessageID, From: w.From, ReplyTo: m.ReplyTo,
			To: []string{m.Recipient}, Subject: m.Subject, Text: m.BodyText, HTML: m.BodyHTML,
			Headers: map[string]string{"Auto-Submitted": "auto-generated", "X-Voortgang-Key": m.Key}}
		raw, err := email.Compose(msg, now)
		if err != nil {
			sendErr = &email.SendError{Temporary: false, Err: err}
			break
		}
		sendErr = w.Email.Send(ctx, msg, raw)
	case ChannelSlack:
		sendErr = w.deliverSlack(ctx, m)
	case ChannelSlackChannel:
		sendErr = w.deliverSlackChannel(ctx, m)
	case ChannelTeams:
		sendErr = w.deliverTeams(ctx, m)
	default:
		sendErr = &email.SendError{Temporary: false, Err: fmt.Errorf("onbekend kanaal %q", m.Channel)}
	}
	if sendErr == nil {
		if err := w.Store.MarkSent(ctx, m.Key, w.Owner, w.Clock.Now()); err != nil {
			return false, fmt.Errorf("notify: %w", err)
		}
		w.Log.Info("delivered", "key", m.Key, "to", m.Recipient, "attempt", m.Attempts)
		w.observe(m.Channel, store.OutcomeSent)
		return true, nil
	}
	temporary, retryAfter := classify(sendErr)
	temporary = temporary && m.Attempts < maxAttempts
	next := nextAttempt(now, m.Attempts, retryAfter)
	if !temporary {
		// Before marking it failed, so a crash in between retries the row and then this.
		if err := w.fallBack(ctx, m, now); err != nil {
			return false, err
		}
	}
	if err := w.Store.MarkAttemptFailed(ctx, m.Key, w.Owner, w.Clock.Now(), sendErr.Error(), temporary, next); err != nil {
		return false, fmt.Errorf("notify: %w", err)
	}
	w.Log.Warn("delivery failed", "key", m.Key, "to", m.Recipient, "attempt", m.Attempts, "temporary", temporary, "err", sendErr)
	if temporary {
		w.observe(m.Channel, store.OutcomeTemporary)
	} else {
		w.observe(m.Channel, store.OutcomePermanent)
	}
	return false, nil
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
