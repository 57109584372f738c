package app

import (
	"context"
	"encoding/json"
	"net/http/httptest"
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
	if testing.Short() {
		// 80 sequential delivery passes: slow under -race, and no concurrency to check.
		t.Skip("slow (80 delivery passes); runs without -short")
	}
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

// A message that failed for good makes /readyz degraded (still ready) with the count, until a
// coordinator sends it again.
func TestReadyzIsDegradedByFailedMessages(t *testing.T) {
	h := newHalfYear(t, "sqlite:"+t.TempDir()+"/v.db")
	ctx := context.Background()
	readyz := func() (int, map[string]any) {
		rec := httptest.NewRecorder()
		h.app.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		var body map[string]any
		json.Unmarshal(rec.Body.Bytes(), &body)
		return rec.Code, body
	}
	if code, body := readyz(); code != 200 || body["status"] != "ok" || body["outbox_failed"] != 0.0 {
		t.Errorf("/readyz before = %d %v", code, body)
	}
	h.smtp.Refuse(&smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"})
	if _, err := h.app.store.Enqueue(ctx, store.OutboxMessage{Key: "test/kapot", Kind: "statusrequest", Channel: "email",
		Recipient: "weg@example.org", Subject: "Uitvraag", BodyText: "?", MessageID: "<kapot@x>"}, h.clk.Now()); err != nil {
		t.Fatal(err)
	}
	h.step()
	if code, body := readyz(); code != 200 || body["status"] != "degraded" || body["outbox_failed"] != 1.0 || body["ready"] != true {
		t.Errorf("/readyz with a failed message = %d %v", code, body)
	}
}
