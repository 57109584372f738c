package scheduler

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/sqlite"
)

var t0 = time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)

func leases(t testing.TB) store.Store {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "v.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// failover is how long after the leader stops renewing (killed) or releases (a clean stop)
// a follower that renews on Run's schedule becomes the leader, on a fake clock.
func failover(t testing.TB, st store.Store, clean bool) time.Duration {
	ctx := context.Background()
	clk := clockwork.NewFakeClockAt(t0)
	old := &LeaseElector{Leases: st, Name: "scheduler", Holder: "old", Clock: clk}
	next := &LeaseElector{Leases: st, Name: "scheduler", Holder: "next", Clock: clk}
	if ok, err := old.Renew(ctx); err != nil || !ok {
		t.Fatalf("the first replica did not get the lease: %v %v", ok, err)
	}
	if ok, _ := next.Renew(ctx); ok {
		t.Fatal("both replicas lead")
	}
	// The old leader renews once more just before it goes (its lease is as fresh as it gets).
	clk.Advance(DefaultRenewEvery)
	old.Renew(ctx)
	next.Renew(ctx)
	gone := clk.Now()
	if clean {
		if err := old.Release(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for clk.Since(gone) < 10*time.Minute {
		clk.Advance(next.every())
		if ok, err := next.Renew(ctx); err != nil {
			t.Fatal(err)
		} else if ok {
			return clk.Since(gone)
		}
	}
	t.Fatal("the follower never took over")
	return 0
}

func TestFailoverAfterACrashIsWellUnder30s(t *testing.T) {
	d := failover(t, leases(t), false)
	if d > DefaultLeaseTTL+DefaultRenewEvery || d >= 30*time.Second {
		t.Errorf("failover after a crash took %v, want at most %v", d, DefaultLeaseTTL+DefaultRenewEvery)
	}
	t.Logf("failover after a crash: %v", d)
}

func TestFailoverAfterACleanStopIsOneRenewal(t *testing.T) {
	d := failover(t, leases(t), true)
	if d > DefaultRenewEvery {
		t.Errorf("failover after a clean stop took %v, want at most %v", d, DefaultRenewEvery)
	}
}

func TestRunReleasesTheLeaseOnStop(t *testing.T) {
	st := leases(t)
	clk := clockwork.NewFakeClockAt(t0)
	changes := make(chan bool, 4)
	e := &LeaseElector{Leases: st, Name: "scheduler", Holder: "a", Clock: clk, Ticker: clk,
		OnChange: func(leader bool) { changes <- leader }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.Run(ctx) }()
	if !<-changes {
		t.Fatal("Run did not take the free lease")
	}
	if err := e.IsLeader(ctx); err != nil {
		t.Errorf("IsLeader while holding: %v", err)
	}
	cancel()
	<-done
	if leader := <-changes; leader {
		t.Error("no change to follower on stop")
	}
	if _, _, err := st.LeaseHolder(context.Background(), "scheduler"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the lease is still held after a clean stop: %v", err)
	}
}

func TestRestartDoesNotWaitForItsOwnDeadLease(t *testing.T) {
	ctx := context.Background()
	st := leases(t)
	clk := clockwork.NewFakeClockAt(t0)
	before := &LeaseElector{Leases: st, Name: "scheduler", Holder: "host:111", Clock: clk}
	if ok, _ := before.Renew(ctx); !ok {
		t.Fatal("no lease")
	}
	// Killed; started again as another process on the same host, one second later.
	clk.Advance(time.Second)
	other := &LeaseElector{Leases: st, Name: "scheduler", Holder: "elsewhere:5", Clock: clk,
		Dead: func(string) bool { return false }}
	if err := other.IsLeader(ctx); err == nil {
		t.Fatal("a replica took a live leader's lease")
	}
	after := &LeaseElector{Leases: st, Name: "scheduler", Holder: "host:222", Clock: clk,
		Dead: func(h string) bool { return h == "host:111" }}
	if err := after.IsLeader(ctx); err != nil {
		t.Fatalf("the restarted instance waits for its dead predecessor's lease: %v", err)
	}
	if h, _, _ := st.LeaseHolder(ctx, "scheduler"); h != "host:222" {
		t.Errorf("holder = %q", h)
	}
}

// BenchmarkFailover reports the failover time (on the fake clock) after a crash and after a
// clean stop; ns/op is only the cost of the simulation.
func BenchmarkFailover(b *testing.B) {
	for _, mode := range []struct {
		name  string
		clean bool
	}{{"crash", false}, {"clean-stop", true}} {
		b.Run(mode.name, func(b *testing.B) {
			st := leases(b)
			var d time.Duration
			for b.Loop() {
				d = failover(b, st, mode.clean)
				if err := st.ReleaseLease(context.Background(), "scheduler", "next"); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(d.Seconds(), "failover-s")
		})
	}
}
