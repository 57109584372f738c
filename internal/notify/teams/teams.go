// Package teams is voortgang's one-way Microsoft Teams channel: it posts
// coordinators' notifications (escalaties, samenvattingen, a draft report
// ready) as an Adaptive Card to a Teams Workflows incoming webhook.
//
// It reads nothing back and keeps no state. It does not retry or sleep:
// failures come back as *Error, temporary (429, 5xx, network, timeout) or
// permanent (other 4xx, a bad URL), for the outbox to act on.
package teams

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Note is one notification for the coordinators' channel. Its texts are
// written by the caller in Lang.
type Note struct {
	Title    string
	Text     string
	Facts    [][2]string // label, value; shown as a FactSet
	LinkText string      // button text; "Openen in voortgang" (in Lang) when empty
	LinkURL  string
	Lang     string `json:",omitempty"` // of the card's own texts: "nl" or "en"; empty is Dutch
}

// Error is a failed post. Temporary tells the outbox whether another
// attempt may succeed; RetryAfter is the webhook's Retry-After hint, zero
// when it gave none.
type Error struct {
	Temporary  bool
	RetryAfter time.Duration
	StatusCode int // HTTP status, 0 when no response came
	Err        error
}

func (e *Error) Error() string {
	kind := "permanent"
	if e.Temporary {
		kind = "temporary"
	}
	if e.RetryAfter > 0 {
		return fmt.Sprintf("teams: %s failure (retry after %s): %v", kind, e.RetryAfter, e.Err)
	}
	return fmt.Sprintf("teams: %s failure: %v", kind, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Retry says whether another attempt may succeed and how long the channel asked to wait;
// it is how the outbox worker reads every channel's failures.
func (e *Error) Retry() (temporary bool, after time.Duration) { return e.Temporary, e.RetryAfter }

// Client posts to Teams webhooks.
type Client struct {
	http *http.Client
	now  func() time.Time // for Retry-After given as an HTTP date
}

// New returns a Client using hc, or a client with a 15-second timeout when
// hc is nil. The context passed to Post bounds each call as well.
func New(hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second}
	}
	return &Client{http: hc, now: time.Now}
}

// Post sends n to a Teams Workflows webhook as an Adaptive Card.
func Post(ctx context.Context, webhookURL string, n Note) error {
	return New(nil).Post(ctx, webhookURL, n)
}

// maxErrorBody bounds how much of an error response is kept for the log.
const maxErrorBody = 512

// Post sends n to a Teams Workflows webhook as an Adaptive Card. Workflows
// webhooks answer 202 Accepted; any 2xx counts as delivered.
func (c *Client) Post(ctx context.Context, webhookURL string, n Note) error {
	u, err := url.Parse(webhookURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return &Error{Err: fmt.Errorf("webhook URL %q is not an http(s) URL", redact(webhookURL))}
	}
	body, err := json.Marshal(Payload(n))
	if err != nil {
		return &Error{Err: fmt.Errorf("encode card: %w", err)}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhookURL, bytes.NewReader(body))
	if err != nil {
		return &Error{Err: fmt.Errorf("new request: %w", err)}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		// The webhook URL holds a signature: keep it out of logs.
		err = errors.Unwrap(err) // drop url.Error's method and URL
		if err == nil {
			err = errors.New("request failed")
		}
		_, isNet := errors.AsType[net.Error](err)
		temp := isNet || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
			errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		return &Error{Temporary: temp, Err: fmt.Errorf("post to %s: %w", redact(webhookURL), err)}
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	e := &Error{
		StatusCode: resp.StatusCode,
		Temporary:  resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout,
		Err: fmt.Errorf("post to %s: %s: %s", redact(webhookURL), resp.Status,
			strings.TrimSpace(string(snippet))),
	}
	if e.Temporary {
		e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), c.now())
	}
	return e
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now).Round(time.Second)
	}
	return 0
}

// redact keeps the scheme and host of a webhook URL: its path and query
// carry the signature that lets anyone post.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(webhook)"
	}
	return u.Scheme + "://" + u.Host + "/…"
}
