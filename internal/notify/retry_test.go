package notify

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/sqlite"
	"github.com/regiogv/voortgang/internal/testsupport"
)

// A temporary failure is retried (capped at an hour) until the message is no longer useful,
// then it fails for good; a permanent 5xx fails at the first attempt.
func TestTemporaryFailuresRetryUntilNoLongerUseful(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "v.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	t0 := time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)
	deadline := t0.Add(5 * 24 * time.Hour)
	clk := clock.NewFake(t0)
	srv := testsupport.NewSMTPServer(t)
	sender, err := email.NewSMTPSender(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer sender.Close()
	w := &Worker{Store: st, Email: sender, From: "voortgang@regio.example.org", Clock: clk, Log: quiet(), Owner: "w",
		UsefulUntil: func(context.Context, store.OutboxMessage) (time.Time, error) { return deadline, nil }}
	if _, err := st.Enqueue(ctx, store.OutboxMessage{Key: "uitvraag/2026H2/a", Kind: "statusrequest", Channel: "email",
		Recipient: "a@example.org", Subject: "Uitvraag", BodyText: "?", MessageID: "<a@x>"}, t0); err != nil {
		t.Fatal(err)
	}

	row := func(key string) store.OutboxMessage {
		t.Helper()
		m, err := st.OutboxMessage(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}

	srv.Refuse(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "later"})
	prev := time.Time{}
	for clk.Now().Before(deadline.Add(2 * time.Hour)) {
		if _, _, err := w.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		m := row("uitvraag/2026H2/a")
		if m.Status == store.OutboxFailed {
			if clk.Now().Before(deadline) {
				t.Fatalf("failed for good at %v, before the deadline %v", clk.Now(), deadline)
			}
			if !strings.Contains(m.LastError, "niet meer zinvol") {
				t.Errorf("last error %q does not say why it stopped", m.LastError)
			}
			break
		}
		if m.Status == store.OutboxQueued && !prev.IsZero() && m.NextAttemptAt.Sub(clk.Now()) > time.Hour {
			t.Errorf("next attempt %v after a failure at %v: more than the hour cap", m.NextAttemptAt, clk.Now())
		}
		prev = clk.Now()
		clk.Advance(20 * time.Minute)
	}
	if m := row("uitvraag/2026H2/a"); m.Status != store.OutboxFailed {
		t.Fatalf("still %s after the deadline", m.Status)
	}

	if _, err := st.Enqueue(ctx, store.OutboxMessage{Key: "uitvraag/2026H2/b", Kind: "statusrequest", Channel: "email",
		Recipient: "b@example.org", Subject: "Uitvraag", BodyText: "?", MessageID: "<b@x>"}, clk.Now()); err != nil {
		t.Fatal(err)
	}
	srv.Refuse(&smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"})
	if _, _, err := w.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	if m := row("uitvraag/2026H2/b"); m.Status != store.OutboxFailed || m.Attempts != 1 {
		t.Errorf("after a 550: %s after %d attempts, want failed after 1", m.Status, m.Attempts)
	}
}
