package app

import (
	"errors"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/notify/slack"
	"github.com/regiogv/voortgang/internal/testsupport/stack"
)

// TestSlackAnswersSpeakSlack: the cycle refuses in its own errors (cycle.ErrTokenInvalid,
// cycle.ErrUnknownChatUser); the adapter the Slack handler is given must turn them into the
// errors the handler tells apart (a "this link no longer works" reply, an "unknown user"
// listing), and a known user with nothing open gets their name back, not an error.
func TestSlackAnswersSpeakSlack(t *testing.T) {
	sk := stack.New(t, "../..", time.Date(2026, 12, 15, 9, 0, 0, 0, time.UTC), nil)
	a := slackAnswers{sk.Cycle}

	_, err := a.RecordSlackAnswer(t.Context(), slack.Answer{Token: "geen-bestaand-token", Ref: "15a", Status: "on_track", SlackUserID: "U05LVDBERG"})
	if !errors.Is(err, slack.ErrTokenInvalid) {
		t.Errorf("unknown token: err = %v, want slack.ErrTokenInvalid", err)
	}
	if _, err := a.OpenItemsForSlackUser(t.Context(), "U0NIEMAND"); !errors.Is(err, slack.ErrUnknownUser) {
		t.Errorf("unknown user: err = %v, want slack.ErrUnknownUser", err)
	}
	req, err := a.OpenItemsForSlackUser(t.Context(), "U05LVDBERG")
	if err != nil {
		t.Fatal(err)
	}
	if req.ContactName != "Lisa" || req.Lang != "nl" {
		t.Errorf("listing = %+v, want Lisa's in Dutch", req)
	}
}
