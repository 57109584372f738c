package notify

import (
	"errors"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/notify/slack"
	"github.com/regiogv/voortgang/internal/notify/teams"
)

func TestRetryTiming(t *testing.T) {
	now := time.Date(2026, 12, 14, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		err       error
		attempts  int
		temporary bool
		next      time.Duration
	}{
		{"mailserver tijdelijk: backoff", &email.SendError{Temporary: true, Err: errors.New("451")}, 1, true, time.Minute},
		{"mailserver blijvend", &email.SendError{Err: errors.New("550")}, 1, false, time.Minute},
		{"slack 429 langer dan de backoff: Retry-After", &slack.Error{Temporary: true, RetryAfter: 10 * time.Minute}, 1, true, 10 * time.Minute},
		{"slack 429 korter dan de backoff: backoff", &slack.Error{Temporary: true, RetryAfter: 30 * time.Second}, 3, true, 4 * time.Minute},
		{"slack user_not_found", &slack.Error{Err: errors.New("user_not_found")}, 1, false, time.Minute},
		{"teams 429", &teams.Error{Temporary: true, RetryAfter: 2 * time.Hour}, 2, true, 2 * time.Hour},
		{"teams 400", &teams.Error{Err: errors.New("400")}, 1, false, time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			temp, after := classify(tt.err)
			if temp != tt.temporary {
				t.Errorf("temporary = %v, want %v", temp, tt.temporary)
			}
			if got := nextAttempt(now, tt.attempts, after); !got.Equal(now.Add(tt.next)) {
				t.Errorf("next attempt after %s, want %s", got.Sub(now), tt.next)
			}
		})
	}
}
