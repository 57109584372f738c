package notify

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"net/mail"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/postgres"
	"github.com/regiogv/voortgang/internal/store/sqlite"
	"github.com/regiogv/voortgang/internal/testsupport"
)

func TestLateOutcomeIsRecordedSQLite(t *testing.T) {
	lateOutcomeCases(t, func(t *testing.T) store.Store {
		st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "v.db"), nil)
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}

func TestLateOutcomeIsRecordedPostgres(t *testing.T) {
	lateOutcomeCases(t, func(t *testing.T) store.Store {
		st, err := postgres.Open(context.Background(), testsupport.PostgresURL(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}

// lateOutcomeCases runs lateOutcome on a fresh store from open, once with the late send
// going out and once with it refused.
func lateOutcomeCases(t *testing.T, open func(t *testing.T) store.Store) {
	for _, c := range []struct {
		name   string
		refuse bool
	}{{"the late send goes out", false}, {"the late attempt is refused", true}} {
		t.Run(c.name, func(t *testing.T) {
			st := open(t)
			t.Cleanup(func() { st.Close() })
			lateOutcome(t, st, c.refuse)
		})
	}
}

// lateKey is the one message of the late-outcome tests.
const lateKey = "uitvraag/2026H2/anna"

// lateSetup enqueues lateKey and returns two workers on one fake clock, whose send timeout
// runs on the real clock (a clock.Fake has no timers): the test decides when a send ends.
func lateSetup(t *testing.T, st store.Store) (srv *testsupport.SMTPServer, clk *clock.Fake, a, b *Worker, logs *bytes.Buffer) {
	t.Helper()
	t0 := time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)
	clk = clock.NewFake(t0)
	srv = testsupport.NewSMTPServer(t)
	if _, err := st.Enqueue(context.Background(), store.OutboxMessage{Key: lateKey, Kind: "statusrequest", Channel: "email",
		Recipient: "anna@example.org", Subject: "Uitvraag", BodyText: "Hoe staat het?", MessageID: messageID(t, lateKey)}, t0); err != nil {
		t.Fatal(err)
	}
	logs = &bytes.Buffer{}
	worker := func(owner string, log *slog.Logger) *Worker {
		s, err := email.NewSMTPSender(srv.URL())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return &Worker{Store: st, Email: s, From: "voortgang@regio.example.org", Clock: clk, Log: log, Owner: owner}
	}
	return srv, clk, worker("replica-a", slog.New(slog.NewTextHandler(logs, nil))), worker("replica-b", quiet()), logs
}

type deliverResult struct {
	sent, failed int
	err          error
}

// deliverHeld starts w's pass and returns once its first send is held at the mail server:
// w's pending result and the hold, not yet released.
func deliverHeld(t *testing.T, srv *testsupport.SMTPServer, w *Worker) (<-chan deliverResult, *testsupport.Hold) {
	t.Helper()
	hold := srv.HoldNext(t)
	done := make(chan deliverResult, 1)
	go func() {
		s, f, err := w.DeliverDue(context.Background())
		done <- deliverResult{s, f, err}
	}()
	select {
	case <-hold.InFlight:
	case <-time.After(10 * time.Second):
		t.Fatal("worker " + w.Owner + " never reached the mail server")
	}
	return done, hold
}

// takeOverDuringSend starts a's pass, holds its send at the mail server, moves the clock past
// a's lease and lets b take the message over and send it. It returns a's pending result and
// the hold, not yet released.
func takeOverDuringSend(t *testing.T, srv *testsupport.SMTPServer, clk *clock.Fake, a, b *Worker) (<-chan deliverResult, *testsupport.Hold) {
	t.Helper()
	done, hold := deliverHeld(t, srv, a)
	clk.Advance(DefaultLease + time.Second) // a's lease runs out while it is sending
	if sent, failed, err := b.DeliverDue(context.Background()); err != nil || sent != 1 || failed != 0 {
		t.Fatalf("worker b = %d sent, %d failed, %v; want it to take the message over and send it", sent, failed, err)
	}
	return done, hold
}

func waitDeliver(t *testing.T, done <-chan deliverResult) deliverResult {
	t.Helper()
	select {
	case r := <-done:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("worker a did not finish after its send was released")
		return deliverResult{}
	}
}

// lateOutcome: worker a's send is held at the mail server while its lease runs out and
// worker b takes the message over and sends it. Then a's send ends (accepted, or refused
// when refuse). a's report does not count, and its outcome is kept as a late attempt: who,
// when, what, with the error text, next to b's attempt, and listed by LateAttempts.
func lateOutcome(t *testing.T, st store.Store, refuse bool) {
	ctx := context.Background()
	srv, clk, a, b, logs := lateSetup(t, st)
	done, hold := takeOverDuringSend(t, srv, clk, a, b)
	if refuse {
		srv.Refuse(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"})
	}
	hold.Release()
	ra := waitDeliver(t, done)
	if ra.err != nil || ra.sent != 0 || ra.failed != 0 {
		t.Fatalf("worker a = %d sent, %d failed, %v; want nothing counted", ra.sent, ra.failed, ra.err)
	}

	arrived := 0
	for _, m := range srv.Mails() {
		msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		if msg.Header.Get("X-Voortgang-Key") == lateKey {
			arrived++
		}
	}
	wantOutcome, wantArrived, wantLog := store.OutcomeSent, 2, "it may arrive twice"
	if refuse {
		wantOutcome, wantArrived, wantLog = store.OutcomeTemporary, 1, "attempt failed after another worker took the message over"
	}
	if arrived != wantArrived {
		t.Errorf("the message arrived %d times, want %d", arrived, wantArrived)
	}
	if !strings.Contains(logs.String(), wantLog) {
		t.Errorf("worker a's log has no %q:\n%s", wantLog, logs)
	}
	m, err := st.OutboxMessage(ctx, lateKey)
	if err != nil || m.Status != store.OutboxSent || m.Attempts != 2 || m.LastError != "" {
		t.Errorf("message = %s, %d attempts, error %q (%v); want sent by b at its attempt 2, no error", m.Status, m.Attempts, m.LastError, err)
	}

	as, err := st.Attempts(ctx, lateKey)
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 2 {
		t.Fatalf("attempts = %+v, want b's and a's late one", as)
	}
	if g := as[0]; g.Owner != "replica-b" || g.Outcome != store.OutcomeSent || g.Late || g.Attempt != 2 {
		t.Errorf("first attempt = %+v, want b's counted send (attempt 2)", g)
	}
	g := as[1]
	if g.Owner != "replica-a" || !g.Late || g.Outcome != wantOutcome || g.Attempt != 1 || !g.AttemptedAt.Equal(clk.Now()) {
		t.Errorf("late attempt = %+v, want a's (attempt 1) at %v, outcome %s, late", g, clk.Now(), wantOutcome)
	}
	if refuse != strings.Contains(g.Error, "451") {
		t.Errorf("late attempt's error = %q (refused: %v)", g.Error, refuse)
	}
	late, err := st.LateAttempts(ctx, 0)
	if err != nil || len(late) != 1 || late[0].OutboxKey != lateKey || late[0].Owner != "replica-a" || late[0].Status != store.OutboxSent ||
		late[0].Recipient != "anna@example.org" {
		t.Errorf("late attempts = %+v, %v; want a's one on the sent message", late, err)
	}
}

// A late outcome that cannot be stored is an error of the pass, not a log line only.
func TestLateOutcomeStoreFailureIsReturned(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	st, err := sqlite.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	// The database itself refuses late rows (a full disk, a lost connection …).
	db, err := sql.Open("sqlite", sqlite.DSN(path, "_pragma=busy_timeout(10000)"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TRIGGER no_late BEFORE INSERT ON deliveries WHEN NEW.late = 1
		BEGIN SELECT RAISE(ABORT, 'database is full'); END`); err != nil {
		t.Fatal(err)
	}
	srv, clk, a, b, _ := lateSetup(t, st)
	done, hold := takeOverDuringSend(t, srv, clk, a, b)
	hold.Release()
	ra := waitDeliver(t, done)
	if ra.err == nil || !strings.Contains(ra.err.Error(), "database is full") {
		t.Errorf("worker a's pass = %v, want the store's error", ra.err)
	}
}
