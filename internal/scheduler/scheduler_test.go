package scheduler

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/regiogv/voortgang/internal/clock"
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

// runElector runs e as the app runs it (Run until stop, which releases the lease) on a ticker
// that never fires, so every renewal after Run's first is the test's. It returns once Run
// holds the lease.
func runElector(t testing.TB, e *LeaseElector) (stop func()) {
	t.Helper()
	leading := make(chan bool, 4)
	e.Ticker, e.OnChange = clockwork.NewFakeClock(), func(leader bool) { leading <- leader }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.Run(ctx) }()
	if !<-leading {
		t.Fatal("Run did not take the free lease")
	}
	return func() { cancel(); <-done }
}

// failover is how long after the leader stops renewing (killed) or stops (a clean stop: Run
// ends and releases the lease) a follower that checks on Run's schedule becomes the leader,
// on a fake clock. At no instant do both lead: the follower fails every check while the old
// lease is valid, and the old leader, should it come back after the takeover, is refused.
func failover(t testing.TB, st store.Store, clean bool) time.Duration {
	t.Helper()
	ctx := context.Background()
	clk := clockwork.NewFakeClockAt(t0)
	old := &LeaseElector{Leases: st, Name: "scheduler", Holder: "old", Clock: clk}
	next := &LeaseElector{Leases: st, Name: "scheduler", Holder: "next", Clock: clk}
	stop := func() {} // killed: it just renews no more
	if clean {
		stop = runElector(t, old)
	} else if ok, err := old.Renew(ctx); err != nil || !ok {
		t.Fatalf("the first replica did not get the lease: %v %v", ok, err)
	}
	if ok, err := next.Renew(ctx); err != nil || ok {
		t.Fatalf("both replicas lead (%v)", err)
	}
	// The old leader renews once more just before it goes (its lease is as fresh as it gets).
	clk.Advance(DefaultRenewEvery)
	if ok, err := old.Renew(ctx); err != nil || !ok {
		t.Fatalf("the leader could not renew: %v %v", ok, err)
	}
	gone := clk.Now()
	stop()
	for clk.Since(gone) < 10*time.Minute {
		ok, err := next.Renew(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			if err := old.IsLeader(ctx); err == nil {
				t.Fatalf("%v after it went, the old leader leads again next to the new one", clk.Since(gone))
			}
			return clk.Since(gone)
		}
		clk.Advance(next.every())
	}
	t.Fatal("the follower never took over")
	return 0
}

func TestFailoverAfterACrashIsWellUnder30s(t *testing.T) {
	d := failover(t, leases(t), false)
	if d < DefaultLeaseTTL {
		t.Errorf("the follower took over %v after a crash, while the dead leader's lease (%v) still ran", d, DefaultLeaseTTL)
	}
	if d > DefaultLeaseTTL+DefaultRenewEvery || d >= 30*time.Second {
		t.Errorf("failover after a crash took %v, want at most %v", d, DefaultLeaseTTL+DefaultRenewEvery)
	}
	// What the README promises, whatever the constants say.
	if d > 20*time.Second {
		t.Errorf("failover after a crash took %v, want at most 20s", d)
	}
	t.Logf("failover after a crash: %v", d)
}

// A clean stop releases the lease, so the follower's next check takes over, whenever it comes.
func TestFailoverAfterACleanStopIsImmediate(t *testing.T) {
	if d := failover(t, leases(t), true); d != 0 {
		t.Errorf("failover after a clean stop took %v on the fake clock, want none: the stop releases the lease", d)
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
	// Release tells OnChange before Run returns.
	select {
	case leader := <-changes:
		if leader {
			t.Error("a change to leader on stop")
		}
	default:
		t.Error("no change to follower on stop")
	}
	if _, _, err := st.LeaseHolder(context.Background(), "scheduler"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the lease is still held after a clean stop: %v", err)
	}
}

// The lease's instants come from Clock (the app's clock), not from the ticker that paces Run:
// the two differ here by years, and the stored lease ends TTL after Clock's now.
func TestLeaseInstantsComeFromTheClockNotTheTicker(t *testing.T) {
	st := leases(t)
	ctx := context.Background()
	clk := clock.NewFake(t0)
	e := &LeaseElector{Leases: st, Name: "scheduler", Holder: "a", Clock: clk}
	stop := runElector(t, e) // its ticker stands at clockwork's default instant, not at t0
	defer stop()
	if _, until, err := st.LeaseHolder(ctx, "scheduler"); err != nil || !until.Equal(t0.Add(DefaultLeaseTTL)) {
		t.Fatalf("lease until %v (%v), want %v", until, err, t0.Add(DefaultLeaseTTL))
	}
	// Only Clock's time decides when the lease runs out.
	other := &LeaseElector{Leases: st, Name: "scheduler", Holder: "b", Clock: clk}
	clk.Advance(DefaultLeaseTTL - time.Second)
	if err := other.IsLeader(ctx); err == nil {
		t.Fatal("another replica took the lease before it ran out on the clock")
	}
	if err := e.IsLeader(ctx); err != nil {
		t.Errorf("the holder lost its lease before it ran out on the clock: %v", err)
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
