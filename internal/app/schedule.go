package app

import (
	"context"
	"strconv"
	"strings"

	"github.com/regiogv/voortgang/internal/scheduler"
)

// startScheduler takes part in the leader election, registers the periodic jobs and starts
// ticking. Its stop function stops the jobs first and then releases the lease, so a successor
// (another replica, or this one started again) takes over at once.
func (a *App) startScheduler(ctx context.Context) (func(), error) {
	observed, leave := a.joinElection(ctx)
	s, err := scheduler.New(a.log, a.ticker, a.cfg.Location(), observed)
	if err != nil {
		leave()
		return nil, err
	}
	// The plan is reconciled once a day even without a file change (a missed watch event, a
	// file edited on another replica's disk, a new planner), every programme. 04:00 keeps
	// clear of the DST hour.
	if err := s.Daily("reconcile", 4, 0, a.ReconcileAll); err != nil {
		leave()
		return nil, err
	}
	for _, j := range a.jobs {
		if err := j(s); err != nil {
			leave()
			return nil, err
		}
	}
	s.Start()
	return func() {
		if err := s.Stop(); err != nil {
			a.log.Warn("stopping the scheduler", "err", err)
		}
		leave()
	}, nil
}

// leaseElector is this replica's part in the election of the scheduler's leader: the lease
// instants come from the app's clock, Run's renewals are paced by the ticker.
func (a *App) leaseElector() *scheduler.LeaseElector {
	return &scheduler.LeaseElector{Leases: a.store, Name: "scheduler", Holder: a.replica, Clock: a.clock, Ticker: a.ticker,
		TTL: leaseTTL, Dead: deadPredecessor(a.host, a.pid), Log: a.log,
		OnChange: func(leader bool) {
			a.metrics.SetLeader(leader)
			a.log.Info("scheduler leadership", "leader", leader, "holder", a.replica)
		}}
}

// joinElection checks the lease once (so /metrics says who leads before the first job runs)
// and renews it in the background. It returns the elector the scheduler asks before every
// job (reporting each check to the leader gauge) and the function that leaves the election:
// it ends the renewals and releases the lease.
func (a *App) joinElection(ctx context.Context) (leaderElector, func()) {
	elector := a.leaseElector()
	observed := leaderElector{inner: elector, m: a.metrics}
	observed.IsLeader(ctx)
	a.leader = func(ctx context.Context) bool { return observed.IsLeader(ctx) == nil }
	ectx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); elector.Run(ectx) }()
	return observed, func() {
		cancel()
		<-done // the lease is released
		a.metrics.SetLeader(false)
	}
}

// deadPredecessor recognises the lease of an earlier run of this instance: a holder
// "host:pid" on this host whose process is gone (killed, crashed). Holders on other hosts
// are never taken for dead; they hand over when their lease runs out.
func deadPredecessor(host string, self int) func(holder string) bool {
	return func(holder string) bool {
		i := strings.LastIndexByte(holder, ':')
		if i < 0 || holder[:i] != host {
			return false
		}
		pid, err := strconv.Atoi(holder[i+1:])
		if err != nil || pid <= 0 || pid == self {
			return false
		}
		return !processAlive(pid)
	}
}
