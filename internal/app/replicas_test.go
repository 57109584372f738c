package app

import (
	"bytes"
	"context"
	"net/mail"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/testsupport"
)

// TestReplicasSendNothingTwice runs two daemons against one PostgreSQL database at the same
// instant: only one is the scheduler's leader (handed over at once on a clean stop, when the
// lease runs out after a crash), both enqueue and deliver at once, and every message still
// arrives exactly once.
func TestReplicasSendNothingTwice(t *testing.T) {
	db := testsupport.PostgresURL(t)
	smtpSrv := testsupport.NewSMTPServer(t)
	env := map[string]string{
		"VOORTGANG_DB": db, "VOORTGANG_WORKFLOWS": "../../workflows", "VOORTGANG_SMTP_URL": smtpSrv.URL(),
		"VOORTGANG_LISTEN": "127.0.0.1:0", "VOORTGANG_SECRET_KEY": "a test secret that is long enough to sign links",
	}
	cfg, err := config.Load("../../config/voortgang.example.yaml", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	at := requestDay
	clk := clock.NewFake(at)
	var apps [2]*App
	for i := range apps {
		a := newApp(t, cfg, clk, Options{WebOnly: true, Ticker: clockwork.NewFakeClock()})
		// Two daemons in one test process: they need names of their own.
		a.replica = []string{"replica-a", "replica-b"}[i]
		a.worker.Owner = a.replica
		apps[i] = a
	}

	// One leader at a time. The first replica leads as the daemon runs the election and stops
	// cleanly: the second takes over at once, on the same instant.
	ctx := context.Background()
	leadA, leaveA := apps[0].joinElection(ctx)
	electB := apps[1].leaseElector()
	if err := leadA.IsLeader(ctx); err != nil {
		t.Fatalf("the first replica is not the leader: %v", err)
	}
	if err := electB.IsLeader(ctx); err == nil {
		t.Fatal("both replicas lead at once")
	}
	leaveA()
	if err := electB.IsLeader(ctx); err != nil {
		t.Fatalf("the second replica did not take over at once after a clean stop: %v", err)
	}
	// The second replica dies: it renews no more. The first, started again, checks every
	// second of the app's clock: refused while the dead leader's lease runs, leader as soon
	// as it ran out, within the 20 s the README promises.
	electA := apps[0].leaseElector()
	died := clk.Now()
	for electA.IsLeader(ctx) != nil {
		if clk.Now().Sub(died) > 10*time.Minute {
			t.Fatal("the lease of the dead leader was never taken over")
		}
		clk.Advance(time.Second)
	}
	if d := clk.Now().Sub(died); d < leaseTTL || d > 20*time.Second {
		t.Errorf("the first replica took over %v after the leader died, want when its lease ran out (%v) and within 20s", d, leaseTTL)
	}
	if err := electB.IsLeader(ctx); err == nil {
		t.Error("the dead leader, come back, leads next to the new one")
	}

	// Both pass and deliver at the same time.
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for _, a := range apps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := a.cycle.Pass(ctx); err != nil {
				errs <- err
			}
			if _, _, err := a.worker.DeliverDue(ctx); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	mails := smtpSrv.Mails()
	if len(mails) < 10 {
		t.Fatalf("only %d mails arrived", len(mails))
	}
	seen := map[string]bool{}
	for _, m := range mails {
		msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		id := msg.Header.Get("Message-Id")
		if seen[id] {
			t.Errorf("%s (%s) arrived twice", msg.Header.Get("X-Voortgang-Key"), id)
		}
		seen[id] = true
	}
}
