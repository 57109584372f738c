// Package slack is voortgang's Slack channel: it sends an owner a status
// request (uitvraag) or reminder (herinnering) as a direct message with
// answer buttons, posts notes to the coordinators' channel, and turns button
// clicks, modal submissions and the /voortgang command into answers for a
// Recorder.
//
// It keeps no state between calls: any replica may receive any Slack event,
// so everything an interaction needs travels in button values and the
// modal's private_metadata. It does not retry or sleep: failures come back as
// *Error, split into temporary and permanent, for the outbox to act on. It
// knows nothing of the store; the lead's wiring supplies Recorder and Lister.
//
// Everything users read is in Dutch by default and in English when asked:
// Request.Lang and CoordinatorNote.Lang choose the language of a message, a
// click is answered in the language of the message it was in, and the
// Handler's default (WithLang) covers the rest. The texts are in labels.go.
package slack

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// Request is one status request as the owner should see it in Slack.
type Request struct {
	Key         string // outbox key; travels in the message metadata
	Token       string // request token; identifies the answer
	ContactName string
	SlackUserID string // configured Slack id; empty → looked up by Email
	Email       string
	Period      string // "2026H2"
	PeriodLabel string // "tweede helft 2026"; derived from Period (in Lang) when empty
	Deadline    time.Time
	Items       []Item
	FormURL     string
	Reminder    int    // 0 = first request, n = nth reminder
	Lang        string `json:",omitempty"` // "nl" or "en"; empty is Dutch
}

// Item is one action the owner is asked about.
type Item struct {
	Ref        string // "15a"
	Title      string
	Due        string // human text, e.g. "Check: 30 juni 2027"
	LastStatus string // status code or word (either language) of the previous answer
	LastText   string // previous toelichting
	Indicators []Indicator
}

// CoordinatorNote is a message to the coordinators' channel.
type CoordinatorNote struct {
	Kind string // escalatie | samenvatting | concept
	Text string // in Lang
	Link string
	Lang string `json:",omitempty"` // of the heading and button: "nl" or "en"; empty is Dutch
}

// Client sends voortgang's messages with a bot token.
type Client struct {
	api  *slack.Client
	http *http.Client // for response_url posts
}

// New returns a Client for a bot token. Pass slack.OptionAPIURL in tests.
// Retries stay off (slack-go's default): the outbox retries.
func New(botToken string, opts ...slack.Option) *Client {
	return NewClient(slack.New(botToken, opts...))
}

// NewClient wraps an existing slack-go client.
func NewClient(api *slack.Client) *Client {
	return &Client{api: api, http: &http.Client{Timeout: 15 * time.Second}}
}

// ResolveUser returns the Slack user id to write to: slackID when
// configured, else the user registered with email (users.lookupByEmail).
func (c *Client) ResolveUser(ctx context.Context, slackID, email string) (string, error) {
	if id := strings.TrimSpace(slackID); id != "" {
		return id, nil
	}
	if strings.TrimSpace(email) == "" {
		return "", &Error{Err: errors.New("resolve user: no Slack id and no email address")}
	}
	u, err := c.api.GetUserByEmailContext(ctx, strings.TrimSpace(email))
	if err != nil {
		return "", classify("users.lookupByEmail", err)
	}
	return u.ID, nil
}

// openDM opens (or finds) the direct message channel with a user.
func (c *Client) openDM(ctx context.Context, userID string) (string, error) {
	ch, _, _, err := c.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{userID}})
	if err != nil {
		return "", classify("conversations.open", err)
	}
	return ch.ID, nil
}

// SendRequest sends r to its owner as a direct message and returns where it
// landed, to be stored for later updates and thread replies.
func (c *Client) SendRequest(ctx context.Context, r Request) (channel, ts string, err error) {
	user, err := c.ResolveUser(ctx, r.SlackUserID, r.Email)
	if err != nil {
		return "", "", err
	}
	dm, err := c.openDM(ctx, user)
	if err != nil {
		return "", "", err
	}
	opts := []slack.MsgOption{
		slack.MsgOptionText(fallbackText(r), false),
		slack.MsgOptionBlocks(requestBlocks(r, nil)...),
		slack.MsgOptionDisableLinkUnfurl(),
	}
	if r.Key != "" {
		// The outbox key in the metadata lets a later sweep find a message
		// that was sent while recording the send failed.
		opts = append(opts, slack.MsgOptionMetadata(slack.SlackMetadata{
			EventType:    "voortgang_uitvraag",
			EventPayload: map[string]any{"key": r.Key, "period": r.Period},
		}))
	}
	channel, ts, err = c.api.PostMessageContext(ctx, dm, opts...)
	if err != nil {
		return "", "", classify("chat.postMessage", err)
	}
	return channel, ts, nil
}

// UpdateRequest rewrites a sent request to show what has been recorded
// (ref → status).
func (c *Client) UpdateRequest(ctx context.Context, channel, ts string, r Request, recorded map[string]string) error {
	_, _, _, err := c.api.UpdateMessageContext(ctx, channel, ts,
		slack.MsgOptionText(fallbackText(r), false),
		slack.MsgOptionBlocks(requestBlocks(r, recorded)...))
	return classify("chat.update", err)
}

// PostThread replies in the thread under a message, e.g. to confirm an answer.
func (c *Client) PostThread(ctx context.Context, channel, ts, text string) error {
	_, _, err := c.api.PostMessageContext(ctx, channel,
		slack.MsgOptionText(text, false), slack.MsgOptionTS(ts))
	return classify("chat.postMessage", err)
}

// PostDM sends a plain direct message to a user.
func (c *Client) PostDM(ctx context.Context, userID, text string) error {
	dm, err := c.openDM(ctx, userID)
	if err != nil {
		return err
	}
	_, _, err = c.api.PostMessageContext(ctx, dm, slack.MsgOptionText(text, false))
	return classify("chat.postMessage", err)
}

// PostCoordinators posts a note (escalatie, samenvatting, concept) to the
// coordinators' channel. The bot must be a member (else not_in_channel,
// permanent).
func (c *Client) PostCoordinators(ctx context.Context, channelID string, n CoordinatorNote) error {
	text := coordinatorHeading(n.Kind, n.Lang) + ": " + truncate(n.Text, 200)
	_, _, err := c.api.PostMessageContext(ctx, channelID,
		slack.MsgOptionText(text, false),
		slack.MsgOptionBlocks(coordinatorBlocks(n)...),
		slack.MsgOptionDisableLinkUnfurl())
	return classify("chat.postMessage", err)
}

// Respond posts msg to an interaction's response_url (valid for 30 minutes),
// which is how ephemeral messages are answered and replaced.
func (c *Client) Respond(ctx context.Context, responseURL string, msg *slack.WebhookMessage) error {
	if responseURL == "" {
		return &Error{Err: errors.New("response_url: empty")}
	}
	return classify("response_url", slack.PostWebhookCustomHTTPContext(ctx, responseURL, c.http, msg))
}

// openModal opens a modal in answer to an interaction's trigger id.
func (c *Client) openModal(ctx context.Context, triggerID string, v slack.ModalViewRequest) error {
	_, err := c.api.OpenViewContext(ctx, triggerID, v)
	return classify("views.open", err)
}
