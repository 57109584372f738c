package app

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport"
)

func TestWeekendOutageLosesNoRequestSQLite(t *testing.T) {
	weekendOutage(t, "sqlite:"+t.TempDir()+"/v.db")
}

func TestWeekendOutageLosesNoRequestPostgres(t *testing.T) {
	weekendOutage(t, testsupport.PostgresURL(t))
}

func TestOutageUntilDeadlineLosesNoRequestSQLite(t *testing.T) {
	outageUntilDeadline(t, "sqlite:"+t.TempDir()+"/v.db")
}

func TestOutageUntilDeadlineLosesNoRequestPostgres(t *testing.T) {
	outageUntilDeadline(t, testsupport.PostgresURL(t))
}

// tryLater is the mail server's answer during an outage.
var tryLater = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "probeer het later"}

// startOutage sets the clock to the 2026H2 request day (09:00 in Amsterdam), takes the mail
// server down and puts the status requests in the outbox. It returns the queued requests.
func (h *halfYear) startOutage() []store.OutboxMessage {
	t := h.t
	t.Helper()
	ctx := context.Background()
	h.clk.Set(requestDay)
	h.smtp.Refuse(tryLater)
	if _, err := h.app.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	queued, err := h.app.store.OutboxByStatus(ctx, store.OutboxQueued, 0)
	if err != nil || len(queued) < 10 {
		t.Fatalf("queued requests: %d, %v", len(queued), err)
	}
	return queued
}

// deliverDuringOutage runs one delivery pass while the server refuses: nothing fails for
// good and nothing arrives.
func (h *halfYear) deliverDuringOutage(since time.Time) {
	t := h.t
	t.Helper()
	ctx := context.Background()
	if _, _, err := h.app.Worker().DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := h.app.store.CountOutbox(ctx, store.OutboxFailed); err != nil || n > 0 {
		t.Fatalf("%s: %d messages failed for good during a temporary outage (%v)", h.clk.Now().Sub(since), n, err)
	}
	if n := len(h.smtp.Mails()); n != 0 {
		t.Fatalf("%s: %d mails arrived while the server refused", h.clk.Now().Sub(since), n)
	}
}

// endOutage brings the server back and delivers an hour later (past the longest backoff):
// every queued message is sent and arrives once, and its request is marked sent.
func (h *halfYear) endOutage(queued []store.OutboxMessage) {
	t := h.t
	t.Helper()
	ctx := context.Background()
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
			if sr, err := h.app.store.StatusRequest(ctx, got.Ref); err != nil || sr.SentAt.IsZero() {
				t.Errorf("request %s not marked sent (%v)", got.Ref, err)
			}
		}
	}
}

// weekendOutage: the mail server answers 451 from the moment the 2026H2 status requests are
// due until 40 hours later (longer than the old retry budget of about 34 hours), and the
// worker tries every half hour. When it is back, every request still goes out, once, and
// nothing was marked failed on the way. outageUntilDeadline covers the same under -short.
func weekendOutage(t *testing.T, db string) {
	if testing.Short() {
		// 80 sequential delivery passes: slow under -race, and no concurrency to check.
		t.Skip("slow (80 delivery passes); runs without -short (outageUntilDeadline runs with it)")
	}
	h := newHalfYear(t, db)
	queued := h.startOutage()
	start := h.clk.Now()
	for h.clk.Now().Before(start.Add(40 * time.Hour)) {
		h.deliverDuringOutage(start)
		h.clk.Set(h.clk.Now().Add(30 * time.Minute))
	}
	h.endOutage(queued)
}

// outageUntilDeadline: the mail server answers 451 from the moment the 2026H2 status
// requests are due (15 December) until the morning before the round's document deadline
// (14 January 2027), four weeks and five weekends, far longer than the old retry budget of
// about 34 hours. The clock moves a day at a time, so every pass is past the longest backoff
// and tries every request once more. Each refused attempt stays visible (recorded with the
// server's answer, the message queued with it as its last error, none failed for good); when
// the server is back the day before the deadline, every request goes out, once, and the
// passes an hour and a day later send none again.
func outageUntilDeadline(t *testing.T, db string) {
	h := newHalfYear(t, db)
	ctx := context.Background()
	p, _ := config.ParsePeriod("2026H2")
	meeting, ok := h.app.cfg.MeetingFor(p)
	if !ok || meeting.Deadline().Format(time.DateOnly) != "2027-01-14" {
		t.Fatalf("2026H2 deadline = %v (%v), want 2027-01-14", meeting.Deadline(), ok)
	}
	lastDay := time.Date(2027, 1, 13, 0, 0, 0, 0, h.app.cfg.Location()) // the day before the deadline
	queued := h.startOutage()
	start := h.clk.Now()
	days := 0
	for {
		h.deliverDuringOutage(start)
		days++
		for _, m := range queued {
			got, err := h.app.store.OutboxMessage(ctx, m.Key)
			if err != nil || got.Status != store.OutboxQueued || got.Attempts != days || !strings.Contains(got.LastError, tryLater.Message) {
				t.Fatalf("%s, day %d of the outage: %s = %s after %d attempts, last error %q (%v); want queued after %d with the refusal",
					h.clk.Now().Format(time.DateOnly), days, m.Key, got.Status, got.Attempts, got.LastError, err, days)
			}
		}
		if !h.clk.Now().Before(lastDay) {
			break
		}
		h.clk.Set(h.clk.Now().AddDate(0, 0, 1))
	}
	if days < 28 {
		t.Fatalf("the outage lasted %d delivery days, want four weeks", days)
	}
	h.endOutage(queued)
	// Passes an hour and a day later send no request again.
	for _, d := range []time.Duration{time.Hour, 24 * time.Hour} {
		h.clk.Set(h.clk.Now().Add(d))
		h.step()
	}
	for _, m := range queued {
		if n := len(h.arrivals(m.Key)); n != 1 {
			t.Errorf("%s arrived %d times by a day after the outage, want once", m.Key, n)
		}
		at, err := h.app.store.Attempts(ctx, m.Key)
		if err != nil || len(at) != days+1 {
			t.Fatalf("%s: %d attempts recorded (%v), want %d refused and one sent", m.Key, len(at), err, days)
		}
		for i, a := range at[:days] {
			if a.Outcome != store.OutcomeTemporary || !strings.Contains(a.Error, tryLater.Message) {
				t.Errorf("%s attempt %d: %s %q, want temporary with the refusal", m.Key, i+1, a.Outcome, a.Error)
			}
		}
		if a := at[days]; a.Outcome != store.OutcomeSent {
			t.Errorf("%s last attempt: %s, want sent", m.Key, a.Outcome)
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
