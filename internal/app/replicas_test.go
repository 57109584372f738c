package app

import (
	"bytes"
	"context"
	"net/mail"
	"sync"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/scheduler"
	"github.com/regiogv/voortgang/internal/testsupport"
)

// TestReplicasSendNothingTwice runs two daemons against one PostgreSQL database at the same
// instant: only one is the scheduler's leader, both enqueue and deliver at once, and every
// message still arrives exactly once.
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
	at := time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC) // the 2026H2 request day, 09:00 in Amsterdam
	var apps [2]*App
	for i := range apps {
		a, err := New(context.Background(), cfg, quietLog(), clock.NewFake(at), Options{WebOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(a.Stop)
		a.worker.Owner = []string{"replica-a", "replica-b"}[i]
		apps[i] = a
	}

	// One leader at a time, handed over when its lease runs out.
	ctx := context.Background()
	electors := [2]*scheduler.LeaseElector{}
	clk := clock.NewFake(at)
	for i, a := range apps {
		electors[i] = &scheduler.LeaseElector{Leases: a.store, Name: "scheduler", Holder: a.worker.Owner, Clock: clk, TTL: time.Minute}
	}
	if err := electors[0].IsLeader(ctx); err != nil {
		t.Fatalf("the first replica is not the leader: %v", err)
	}
	if err := electors[1].IsLeader(ctx); err == nil {
		t.Fatal("both replicas lead at once")
	}
	clk.Advance(2 * time.Minute)
	if err := electors[1].IsLeader(ctx); err != nil {
		t.Fatalf("the lease was not handed over after it ran out: %v", err)
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
