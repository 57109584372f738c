package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/scheduler"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/open"
)

// TestNewNeedsAClock: the app takes its time from the clock it is given; without one it
// refuses to start instead of falling back to the wall clock.
func TestNewNeedsAClock(t *testing.T) {
	_, err := New(context.Background(), &config.Config{Database: filepath.Join(t.TempDir(), "v.db")}, quietLog(), nil, Options{WebOnly: true})
	if err == nil || !strings.Contains(err.Error(), "zonder klok") {
		t.Fatalf("New without a clock: err = %v, want one naming the clock", err)
	}
}

// The scheduler's lease takes its instants from the app's clock, like every other component;
// the ticker only paces gocron and the renewals. Here the two stand years apart: the lease
// the started daemon holds ends leaseTTL after the app's now, a replica on the same clock is
// refused it, and the stop releases it.
func TestSchedulerLeaseRunsOnTheAppClock(t *testing.T) {
	cfg, _ := setup(t)
	ctx := context.Background()
	at := beforeTheRound
	clk := clock.NewFake(at)
	ticker := clockwork.NewFakeClockAt(time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC))
	a := startApp(t, cfg, clk, Options{Ticker: ticker})
	holder, until, err := a.store.LeaseHolder(ctx, "scheduler")
	if err != nil || holder != a.replica || !until.Equal(at.Add(leaseTTL)) {
		t.Fatalf("lease = %q until %v (%v), want %q until %v", holder, until, err, a.replica, at.Add(leaseTTL))
	}
	rival := &scheduler.LeaseElector{Leases: a.store, Name: "scheduler", Holder: "elsewhere:1", Clock: clk, TTL: leaseTTL}
	if err := rival.IsLeader(ctx); err == nil {
		t.Fatal("another replica on the app's clock took the lease the daemon holds")
	}
	if !a.leader(ctx) {
		t.Error("the daemon does not lead")
	}
	a.Stop()
	st, err := open.Open(ctx, cfg.Database, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if h, _, err := st.LeaseHolder(ctx, "scheduler"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after the stop the lease is %q (%v), want released", h, err)
	}
}
