package app

import (
	"context"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport"
)

func TestWeekendOutageLosesNoRequestSQLite(t *testing.T) {
	weekendOutage(t, "sqlite:"+t.TempDir()+"/v.db")
}

func TestWeekendOutageLosesNoRequestPostgres(t *testing.T) {
	weekendOutage(t, testsupport.PostgresURL(t))
}

// weekendOutage: the mail server answers 451 from the moment the 2026H2 status requests are
// due until 40 hours later (longer than the old retry budget of about 34 hours). When it is
// back, every request still goes out, once, and nothing was marked failed on the way.
func weekendOutage(t *testing.T, db string) {
	h := newHalfYear(t, db)
	ctx := context.Background()
	start := time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC) // request day, 09:00 in Amsterdam
	h.clk.Set(start)
	h.smtp.Refuse(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "probeer het later"})
	if _, err := h.app.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	queued, err := h.app.store.OutboxByStatus(ctx, store.OutboxQueued, 0)
	if err != nil || len(queued) < 10 {
		t.Fatalf("queued requests: %d, %v", len(queued), err)
	}
	for h.clk.Now().Before(start.Add(40 * time.Hour)) {
		if _, _, err := h.app.Worker().DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		if n, _ := h.app.store.CountOutbox(ctx, store.OutboxFailed); n > 0 {
			t.Fatalf("%s: %d messages failed for good during a temporary outage", h.clk.Now().Sub(start), n)
		}
		h.clk.Set(h.clk.Now().Add(30 * time.Minute))
	}
	if len(h.smtp.Mails()) != 0 {
		t.Fatalf("%d mails arrived while the server refused", len(h.smtp.Mails()))
	}
	h.smtp.Refuse(nil)
	h.clk.Set(h.clk.Now().Add(time.Hour)) // past the longest backoff
	h.step()
	for _, m := range queued {
		got, err := h.app.store.OutboxMessage(ctx, m.Key)
		if err != nil || got.Status != store.OutboxSent {
			t.Errorf("%s after the outage: %s (%v), want sent", m.Key, got.Status, err)
		}
		if n := len(h.arrivals(m.Key)); n != 1 {
			t.Errorf("%s arrived %d times, want once", m.Key, n)
		}
		if got.Ref != "" {
			if sr, _ := h.app.store.StatusRequest(ctx, got.Ref); sr.SentAt.IsZero() {
				t.Errorf("request %s not marked sent", got.Ref)
			}
		}
	}
}
