package email

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/m365"
	"github.com/regiogv/voortgang/internal/m365/m365test"
)

func graphSender(t *testing.T) (*GraphSender, *m365test.GraphServer, *m365test.TokenServer) {
	t.Helper()
	tokens := m365test.NewTokenServer(t, "app-1", "client-geheim", sharedMailbox)
	g := m365test.NewGraphServer(t, tokens, sharedMailbox)
	ts, err := m365.NewTokenSource(m365.Credentials{ClientID: "app-1", ClientSecret: "client-geheim", TokenURL: tokens.URL}, m365.ScopeGraph, clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)), nil)
	if err != nil {
		t.Fatal(err)
	}
	return NewGraphSender(&m365.Graph{BaseURL: g.URL, Mailbox: sharedMailbox, Tokens: ts}), g, tokens
}

// The MIME that Compose made reaches Graph byte for byte, so Message-ID, In-Reply-To and
// the rendered templates are the same as over SMTP.
func TestGraphSenderUploadsMIME(t *testing.T) {
	s, g, tokens := graphSender(t)
	m := testMessage("herinnering/2026H2/anna/1", "Herinnering [vg:AbC123]")
	m.Headers = map[string]string{"In-Reply-To": "<eerste@regiogv.nl>", "References": "<eerste@regiogv.nl>"}
	raw := mustCompose(t, m)
	for range 2 {
		if err := s.Send(context.Background(), m, raw); err != nil {
			t.Fatalf("Send: %v (server problems: %v)", err, g.Problems())
		}
	}
	sent := g.Sent()
	if len(sent) != 2 || !bytes.Equal(sent[0], raw) {
		t.Fatalf("Graph got %d messages; first equal to the composed MIME: %v", len(sent), len(sent) > 0 && bytes.Equal(sent[0], raw))
	}
	want := m.MessageID
	if !bytes.Contains(sent[0], []byte("Message-Id: <"+want+">")) || !bytes.Contains(sent[0], []byte("In-Reply-To: <eerste@regiogv.nl>")) {
		t.Errorf("sent MIME lacks the Message-Id or In-Reply-To:\n%s", sent[0])
	}
	reqs := g.Requests()
	if len(reqs) != 2 || reqs[0] != "POST /v1.0/users/voortgang@regiogv.nl/sendMail" {
		t.Errorf("requests = %v", reqs)
	}
	if n := tokens.Requests(); n != 1 {
		t.Errorf("two sends made %d token requests, want 1", n)
	}
}

// Throttling (429 and 503 with Retry-After) is a temporary failure that carries the wait
// into the outbox's retry (Retry()).
func TestGraphSenderThrottled(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		s, g, _ := graphSender(t)
		g.RetryAfter = 90
		g.FailNext(status)
		m := testMessage("k", "Onderwerp")
		err := s.Send(context.Background(), m, mustCompose(t, m))
		var r interface {
			Retry() (bool, time.Duration)
		}
		if !errors.As(err, &r) {
			t.Fatalf("%d: Send = %v, want a retrier", status, err)
		}
		if temp, after := r.Retry(); !temp || after != 90*time.Second {
			t.Errorf("%d: Retry() = %v, %v; want true, 90s", status, temp, after)
		}
		if len(g.Sent()) != 0 {
			t.Errorf("%d: throttled message counted as sent", status)
		}
		if err := s.Send(context.Background(), m, mustCompose(t, m)); err != nil {
			t.Errorf("%d: after throttling: %v", status, err)
		}
	}
}

func TestGraphSenderFailures(t *testing.T) {
	s, g, tokens := graphSender(t)
	m := testMessage("k", "Onderwerp")
	raw := mustCompose(t, m)

	// A bad request is about the message: permanent.
	g.FailNext(http.StatusBadRequest)
	err := s.Send(context.Background(), m, raw)
	var se *SendError
	if !errors.As(err, &se) || se.Temporary || se.Code != 400 {
		t.Errorf("400: %v, want a permanent failure", err)
	}

	// A token Graph refuses (permission withdrawn): temporary, and a new token next time.
	tokens.RevokeAll()
	err = s.Send(context.Background(), m, raw)
	if !errors.As(err, &se) || !se.Temporary || se.Stage != "auth" || !strings.Contains(err.Error(), "InvalidAuthenticationToken") {
		t.Errorf("401: %v, want a temporary auth failure", err)
	}
	if err := s.Send(context.Background(), m, raw); err != nil {
		t.Errorf("after a new token: %v", err)
	}

	// A mailbox Graph does not know: the configuration is wrong, temporary.
	s.Graph.Mailbox = "onbekend@regiogv.nl"
	err = s.Send(context.Background(), m, raw)
	if !errors.As(err, &se) || !se.Temporary || !strings.Contains(err.Error(), "ErrorInvalidUser") {
		t.Errorf("unknown mailbox: %v", err)
	}
}
