package app

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/regiogv/voortgang/internal/scheduler"
)

// startScheduler takes part in the leader election, registers the periodic jobs and starts
// ticking. Its stop function stops the jobs first and then releases the lease, so a successor
// (another replica, or this one started again) takes over at once.
func (a *App) startScheduler(ctx context.Context) (func(), error) {
	host, _ := os.Hostname()
	holder := fmt.Sprintf("%s:%d", host, os.Getpid())
	elector := &scheduler.LeaseElector{Leases: a.store, Name: "scheduler", Holder: holder, Clock: a.ticker, Ticker: a.ticker,
		TTL: leaseTTL, Dead: deadPredecessor(host, os.Getpid()),
		OnChange: func(leader bool) {
			a.metrics.SetLeader(leader)
			a.log.Info("scheduler leadership", "leader", leader, "holder", holder)
		}}
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
	// file edited on another replica's disk, a new planner), every programme. 04:00 keeps
	// clear of the DST hour.
	if err := s.Daily("reconcile", 4, 0, a.ReconcileAll); err != nil {
		return nil, err
	}
	for _, j := range a.jobs {
		if err := j(s); err != nil {
			return nil, err
		}
	}
	ectx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); elector.Run(ectx) }()
	s.Start()
	return func() {
		if err := s.Stop(); err != nil {
			a.log.Warn("stopping the scheduler", "err", err)
		}
		cancel()
		<-done // the lease is released
		a.metrics.SetLeader(false)
	}, nil
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
