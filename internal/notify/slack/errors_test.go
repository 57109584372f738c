package slack

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// statusServer answers every Web API call with one HTTP status and headers.
func statusServer(t *testing.T, code int, header map[string]string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(code)
		fmt.Fprint(w, "<html>busy</html>")
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

func TestSendRequestFailures(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL + "/"
	closed.Close()

	tests := []struct {
		name       string
		apiURL     func(t *testing.T) string
		fail       map[string]string // Slack error code per method, on the fake
		noSlackID  bool
		temporary  bool
		retryAfter time.Duration
	}{
		{name: "rate limited with Retry-After", temporary: true, retryAfter: 7 * time.Second,
			apiURL: func(t *testing.T) string { return statusServer(t, 429, map[string]string{"Retry-After": "7"}) }},
		{name: "rate limited without Retry-After", temporary: true,
			apiURL: func(t *testing.T) string { return statusServer(t, 429, nil) }},
		{name: "Slack unavailable (503)", temporary: true,
			apiURL: func(t *testing.T) string { return statusServer(t, 503, nil) }},
		{name: "connection refused", temporary: true,
			apiURL: func(*testing.T) string { return closedURL }},
		{name: "Slack internal_error", temporary: true, fail: map[string]string{"chat.postMessage": "internal_error"}},
		{name: "user_not_found", fail: map[string]string{"conversations.open": "user_not_found"}},
		{name: "users_not_found by email", noSlackID: true, fail: map[string]string{"users.lookupByEmail": "users_not_found"}},
		{name: "channel_not_found", fail: map[string]string{"chat.postMessage": "channel_not_found"}},
		{name: "not_in_channel", fail: map[string]string{"chat.postMessage": "not_in_channel"}},
		{name: "invalid_auth", fail: map[string]string{"conversations.open": "invalid_auth"}},
		{name: "account_inactive", fail: map[string]string{"conversations.open": "account_inactive"}},
		{name: "unknown error code stays permanent", fail: map[string]string{"chat.postMessage": "invalid_blocks"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var url string
			if tt.apiURL != nil {
				url = tt.apiURL(t)
			} else {
				fs := newFakeSlack(t)
				fs.fail = tt.fail
				url = fs.url()
			}
			c := New("xoxb-test", slack.OptionAPIURL(url))
			r := sampleRequest()
			if tt.noSlackID {
				r.SlackUserID = ""
			}
			_, _, err := c.SendRequest(t.Context(), r)
			if err == nil {
				t.Fatal("SendRequest succeeded, want an error")
			}
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("error %T %v is not a *slack.Error", err, err)
			}
			if se.Temporary != tt.temporary || se.RetryAfter != tt.retryAfter {
				t.Errorf("got temporary=%v retryAfter=%s, want %v %s (%v)", se.Temporary, se.RetryAfter, tt.temporary, tt.retryAfter, err)
			}
			if temp, after := retryOf(fmt.Errorf("outbox: %w", err)); temp != tt.temporary || after != tt.retryAfter {
				t.Errorf("IsTemporary through wrapping = %v %s", temp, after)
			}
		})
	}
}

func TestResolveUserWithoutIDOrEmail(t *testing.T) {
	c := New("xoxb-test", slack.OptionAPIURL("http://127.0.0.1:1/"))
	_, err := c.ResolveUser(t.Context(), "", " ")
	if temp, _ := retryOf(err); err == nil || temp {
		t.Errorf("err = %v, want a permanent error", err)
	}
}

// retryOf reads a failure the way the outbox worker does: through the error's Retry method.
func retryOf(err error) (temporary bool, after time.Duration) {
	var e *Error
	if errors.As(err, &e) {
		return e.Retry()
	}
	return false, 0
}
