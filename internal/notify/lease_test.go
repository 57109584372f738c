package notify

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/mail"
	"path/filepath"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/postgres"
	"github.com/regiogv/voortgang/internal/store/sqlite"
	"github.com/regiogv/voortgang/internal/testsupport"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// messageID is the keyed Message-ID the cycle gives the outbox row with key.
func messageID(tb testing.TB, key string) string {
	tb.Helper()
	refs, err := outbox.NewRefs([]byte("test secret of at least 32 bytes!!"))
	if err != nil {
		tb.Fatal(err)
	}
	id, err := refs.MessageID(key, "voortgang@regio.example.org")
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func TestSlowServerTwoWorkersSendNothingTwiceSQLite(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "v.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	slowServerTwoWorkers(t, st)
}

func TestSlowServerTwoWorkersSendNothingTwicePostgres(t *testing.T) {
	st, err := postgres.Open(context.Background(), testsupport.PostgresURL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	slowServerTwoWorkers(t, st)
}

// slowServerTwoWorkers: worker a claims a batch and its first send hangs in a slow mail
// server; the (fake) clock runs past the lease, and worker b claims what it finds expired.
// The hanging send must end at its deadline, a's late reports must not count, and a must not
// go on sending the rows b took over: every message arrives exactly once.
func slowServerTwoWorkers(t *testing.T, st store.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)
	clk := clockwork.NewFakeClockAt(t0)
	srv := testsupport.NewSMTPServer(t)
	const n = 8
	for i := range n {
		key := fmt.Sprintf("uitvraag/2026H2/contact-%d", i)
		if _, err := st.Enqueue(ctx, store.OutboxMessage{Key: key, Kind: "statusrequest", Channel: "email",
			Recipient: fmt.Sprintf("c%d@example.org", i), Subject: "Uitvraag", BodyText: "Hoe staat het?", MessageID: messageID(t, key)}, t0); err != nil {
			t.Fatal(err)
		}
	}
	worker := func(owner string) *Worker {
		s, err := email.NewSMTPSender(srv.URL())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return &Worker{Store: st, Email: s, From: "voortgang@regio.example.org", Clock: clk, Log: quiet(), Owner: owner}
	}
	a, b := worker("replica-a"), worker("replica-b")

	done, hold := deliverHeld(t, srv, a)
	clk.Advance(DefaultLease + time.Second) // the slow send outlives a's lease
	if _, _, err := b.DeliverDue(ctx); err != nil {
		t.Fatalf("worker b: %v", err)
	}
	var ra deliverResult
	select {
	case ra = <-done: // a gave the slow send up at its deadline
	case <-time.After(10 * time.Second):
		t.Errorf("worker a is still in a send after its lease ran out: there is no send deadline inside the lease")
		hold.Release()
		ra = <-done
	}
	hold.Release() // the server answers at last; nobody must be listening
	if ra.err != nil {
		t.Fatalf("worker a: %v", ra.err)
	}
	// Whatever is left (a's aborted message, queued again) goes out later, once.
	for range 3 {
		clk.Advance(10 * time.Minute)
		for _, w := range []*Worker{a, b} {
			if _, _, err := w.DeliverDue(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}

	count := map[string]int{}
	for _, m := range srv.Mails() {
		msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		count[msg.Header.Get("X-Voortgang-Key")]++
	}
	for i := range n {
		key := fmt.Sprintf("uitvraag/2026H2/contact-%d", i)
		if count[key] != 1 {
			t.Errorf("%s arrived %d times, want once", key, count[key])
		}
		m, err := st.OutboxMessage(ctx, key)
		if err != nil || m.Status != store.OutboxSent {
			t.Errorf("%s is %s (%v), want sent", key, m.Status, err)
		}
		as, err := st.Attempts(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		sent := 0
		for _, at := range as {
			if at.Outcome == store.OutcomeSent {
				sent++
			}
		}
		if sent != 1 {
			t.Errorf("%s: %d sent attempts in the delivery log %+v, want 1", key, sent, as)
		}
	}
}
