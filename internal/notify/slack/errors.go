package slack

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/slack-go/slack"
)

// Error is what every Client method returns on failure. Temporary tells the
// outbox whether another attempt may succeed; RetryAfter is Slack's own hint
// (from a 429's Retry-After) and is zero when Slack gave none. The client
// never sleeps or retries itself: that is the outbox's job.
type Error struct {
	Temporary  bool
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	kind := "permanent"
	if e.Temporary {
		kind = "temporary"
	}
	if e.RetryAfter > 0 {
		return fmt.Sprintf("slack: %s failure (retry after %s): %v", kind, e.RetryAfter, e.Err)
	}
	return fmt.Sprintf("slack: %s failure: %v", kind, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Retry says whether another attempt may succeed and how long the channel asked to wait;
// it is how the outbox worker reads every channel's failures.
func (e *Error) Retry() (temporary bool, after time.Duration) { return e.Temporary, e.RetryAfter }

// temporaryCodes are Slack API error codes that describe Slack's state, not
// ours: the same call may succeed later.
var temporaryCodes = map[string]bool{
	"ratelimited":         true,
	"rate_limited":        true,
	"internal_error":      true,
	"fatal_error":         true,
	"service_unavailable": true,
	"request_timeout":     true,
	"team_added_to_org":   true,
}

// classify wraps err from the slack-go client in an *Error, prefixed with op
// (the Web API method). Anything not known to be temporary is permanent, so
// an unknown problem is reported rather than retried forever; known permanent
// codes include channel_not_found, user_not_found, users_not_found,
// not_in_channel, invalid_auth, account_inactive, token_revoked and
// invalid_blocks.
func classify(op string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*Error](err); ok {
		return err
	}
	wrapped := fmt.Errorf("%s: %w", op, err)
	if rl, ok := errors.AsType[*slack.RateLimitedError](err); ok {
		return &Error{Temporary: true, RetryAfter: rl.RetryAfter, Err: wrapped}
	}
	if sc, ok := errors.AsType[slack.StatusCodeError](err); ok {
		return &Error{Temporary: sc.Code >= 500 || sc.Code == http.StatusTooManyRequests, Err: wrapped}
	}
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		return &Error{Temporary: temporaryCodes[se.Err], Err: wrapped}
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return &Error{Temporary: true, Err: wrapped}
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return &Error{Temporary: true, Err: wrapped}
	}
	if _, ok := errors.AsType[*net.OpError](err); ok {
		return &Error{Temporary: true, Err: wrapped}
	}
	return &Error{Temporary: false, Err: wrapped}
}
