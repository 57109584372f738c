package app

import (
	"context"
	"fmt"
	"os"

	"github.com/regiogv/voortgang/internal/scheduler"
)

// startScheduler registers the periodic jobs and starts ticking.
func (a *App) startScheduler(ctx context.Context) (func(), error) {
	holder, _ := os.Hostname()
	holder = fmt.Sprintf("%s:%d", holder, os.Getpid())
	elector := &scheduler.LeaseElector{Leases: a.store, Name: "scheduler", Holder: holder, Clock: a.ticker, TTL: leaseTTL}
	// The leader gauge follows every lease check; the first one right away, so /metrics
	// says who leads before the first job runs.
	observed := leaderElector{inner: elector, m: a.metrics}
	observed.IsLeader(ctx)
	a.leader = func(ctx context.Context) bool { return observed.IsLeader(ctx) == nil }
	s, err := scheduler.New(a.log, a.ticker, a.cfg.Location(), observed)
	if err != nil {
		return nil, err
	}
	// The plan is reconciled once a day even without a file change (a missed watch event, a
	// file edited on another replica's disk). 04:00 keeps clear of the DST hour.
	if err := s.Daily("reconcile", 4, 0, a.Reconcile); err != nil {
		return nil, err
	}
	for _, j := range a.jobs {
		if err := j(s); err != nil {
			return nil, err
		}
	}
	s.Start()
	return func() {
		if err := s.Stop(); err != nil {
			a.log.Warn("stopping the scheduler", "err", err)
		}
		a.metrics.SetLeader(false)
	}, nil
}
