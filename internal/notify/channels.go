package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/notify/slack"
	"github.com/regiogv/voortgang/internal/notify/teams"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

// Outbox channels and key suffixes; package outbox defines them.
const (
	ChannelEmail        = outbox.ChannelEmail
	ChannelSlack        = outbox.ChannelSlack        // BodyText is a SlackMessage
	ChannelSlackChannel = outbox.ChannelSlackChannel // BodyText is a slack.CoordinatorNote
	ChannelTeams        = outbox.ChannelTeams        // BodyText is a teams.Note
	TeamsRecipient      = outbox.TeamsRecipient

	SuffixSlack         = outbox.SuffixSlack
	SuffixTeams         = outbox.SuffixTeams
	SuffixEmailFallback = outbox.SuffixEmailFallback
)

// SlackMessage is the body of a ChannelSlack row: the request to send, and the mail to send
// instead when Slack refuses it for good. Fallback is nil when the contact gets the mail
// anyway (prefer: beide).
type SlackMessage struct {
	Request  slack.Request `json:"request"`
	Fallback *FallbackMail `json:"fallback,omitempty"`
}

// FallbackMail is a rendered mail carried in a Slack row.
type FallbackMail = outbox.FallbackMail

// EncodeBody is the JSON BodyText of a non-email row.
func EncodeBody(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("notify: encode: %w", err)
	}
	return string(b), nil
}

// Channels are the chat channels a Worker delivers to besides email. A nil client (or an
// empty webhook) means the channel is off: its rows fail permanently, and a Slack DM falls
// back to its mail.
type Channels struct {
	Slack        *slack.Client
	Teams        *teams.Client
	TeamsWebhook string
}

// errChannelOff is a row for a channel that is not configured (any more).
func errChannelOff(channel string) error {
	return &email.SendError{Temporary: false, Err: fmt.Errorf("kanaal %s staat uit", channel)}
}

func (w *Worker) deliverSlack(ctx context.Context, m store.OutboxMessage) error {
	if w.Channels.Slack == nil {
		return errChannelOff(m.Channel)
	}
	var sm SlackMessage
	if err := json.Unmarshal([]byte(m.BodyText), &sm); err != nil {
		return &email.SendError{Temporary: false, Err: fmt.Errorf("slack-bericht onleesbaar: %w", err)}
	}
	_, _, err := w.Channels.Slack.SendRequest(ctx, sm.Request)
	return err
}

func (w *Worker) deliverSlackChannel(ctx context.Context, m store.OutboxMessage) error {
	if w.Channels.Slack == nil {
		return errChannelOff(m.Channel)
	}
	var n slack.CoordinatorNote
	if err := json.Unmarshal([]byte(m.BodyText), &n); err != nil {
		return &email.SendError{Temporary: false, Err: fmt.Errorf("slack-notitie onleesbaar: %w", err)}
	}
	return w.Channels.Slack.PostCoordinators(ctx, m.Recipient, n)
}

func (w *Worker) deliverTeams(ctx context.Context, m store.OutboxMessage) error {
	if w.Channels.TeamsWebhook == "" {
		return errChannelOff(m.Channel)
	}
	var n teams.Note
	if err := json.Unmarshal([]byte(m.BodyText), &n); err != nil {
		return &email.SendError{Temporary: false, Err: fmt.Errorf("teams-notitie onleesbaar: %w", err)}
	}
	c := w.Channels.Teams
	if c == nil {
		c = teams.New(nil)
	}
	return c.Post(ctx, w.Channels.TeamsWebhook, n)
}

// retrier is what every channel's error says about trying again (email.SendError,
// slack.Error, teams.Error).
type retrier interface {
	Retry() (temporary bool, after time.Duration)
}

// classify tells whether a failed attempt may succeed later and how long the channel asked
// to wait (zero when it did not say). An error no channel classified is read the way SMTP
// errors are (a network failure or a 4xx reply is temporary).
func classify(err error) (temporary bool, retryAfter time.Duration) {
	var r retrier
	if errors.As(err, &r) {
		return r.Retry()
	}
	return email.IsTemporary(err), 0
}

// nextAttempt is when a failed message is tried again: after the backoff, or after the wait
// the channel asked for when that is longer.
func nextAttempt(now time.Time, attempts int, retryAfter time.Duration) time.Time {
	return now.Add(max(Backoff(attempts), retryAfter))
}

// fallBack puts the mail a Slack row carries in the outbox, under the row's key with
// SuffixEmailFallback, when Slack refused the row for good: the owner still gets the request,
// and the board still shows the failed Slack delivery. A row without a mail (the contact gets
// one anyway) or another channel's row needs nothing.
func (w *Worker) fallBack(ctx context.Context, m store.OutboxMessage, now time.Time) error {
	if m.Channel != ChannelSlack {
		return nil
	}
	var sm SlackMessage
	if err := json.Unmarshal([]byte(m.BodyText), &sm); err != nil || sm.Fallback == nil || sm.Fallback.To == "" {
		return nil
	}
	fb := sm.Fallback
	created, err := w.Store.Enqueue(ctx, store.OutboxMessage{Key: m.Key + SuffixEmailFallback, Kind: m.Kind, Channel: ChannelEmail,
		Recipient: fb.To, Subject: fb.Subject, BodyText: fb.Text, BodyHTML: fb.HTML, ReplyTo: fb.ReplyTo,
		MessageID: fb.MessageID, Ref: m.Ref}, now)
	if err != nil {
		return fmt.Errorf("notify: fallback: %w", err)
	}
	if created {
		w.Log.Info("slack failed for good: sending the mail instead", "key", m.Key, "to", fb.To)
	}
	return nil
}
