// Package scheduler runs voortgang's periodic work with gocron: reconcile the plan, put due
// messages in the outbox, build drafts. It only ticks; every job is idempotent and keeps its
// state in the store, so a missed, repeated or moved tick loses and duplicates nothing. It
// never sends anything itself.
//
// When several replicas share PostgreSQL, only the replica holding the "scheduler" lease row
// runs the jobs (gocron's Elector, backed by the store); see DEPENDENCIES.md for why not the
// Locker.
package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"

	"github.com/regiogv/voortgang/internal/store"
)

// Scheduler is a gocron scheduler with voortgang's defaults: jobs never overlap themselves,
// errors are logged, calendar jobs run in the configured time zone.
type Scheduler struct {
	s   gocron.Scheduler
	log *slog.Logger
}

// New makes a scheduler. elector may be nil (a single process); clk is a clockwork clock so
// tests can drive it.
func New(log *slog.Logger, clk clockwork.Clock, loc *time.Location, elector gocron.Elector) (*Scheduler, error) {
	opts := []gocron.SchedulerOption{
		gocron.WithClock(clk),
		gocron.WithLocation(loc),
		gocron.WithStopTimeout(5 * time.Second),
	}
	if elector != nil {
		opts = append(opts, gocron.WithDistributedElector(elector))
	}
	s, err := gocron.NewScheduler(opts...)
	if err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	return &Scheduler{s: s, log: log}, nil
}

// Job is a unit of periodic work.
type Job func(ctx context.Context) error

func (s *Scheduler) add(name string, def gocron.JobDefinition, job Job, extra ...gocron.JobOption) error {
	opts := append([]gocron.JobOption{gocron.WithName(name), gocron.WithSingletonMode(gocron.LimitModeReschedule)}, extra...)
	_, err := s.s.NewJob(def, gocron.NewTask(func(ctx context.Context) {
		if err := job(ctx); err != nil {
			s.log.Error("job failed", "job", name, "err", err)
		}
	}), opts...)
	if err != nil {
		return fmt.Errorf("scheduler: job %s: %w", name, err)
	}
	return nil
}

// Every runs job every d, the first time right after Start.
func (s *Scheduler) Every(name string, d time.Duration, job Job) error {
	return s.add(name, gocron.DurationJob(d), job, gocron.WithStartAt(gocron.WithStartImmediately()))
}

// Daily runs job every day at hour:minute in the scheduler's time zone.
func (s *Scheduler) Daily(name string, hour, minute uint, job Job) error {
	return s.add(name, gocron.DailyJob(1, gocron.NewAtTimes(gocron.NewAtTime(hour, minute, 0))), job)
}

// Cron runs job on a robfig/cron expression (5 fields, optional CRON_TZ=).
func (s *Scheduler) Cron(name, expr string, job Job) error {
	return s.add(name, gocron.CronJob(expr, false), job)
}

// Start starts ticking.
func (s *Scheduler) Start() { s.s.Start() }

// Stop waits up to five seconds for running jobs and stops.
func (s *Scheduler) Stop() error { return s.s.Shutdown() }

// LeaseElector makes the replica that holds the store's lease row the leader. The lease is
// renewed on every check, so a leader that dies hands over after TTL.
type LeaseElector struct {
	Leases store.LeaseStore
	Name   string // lease name, e.g. "scheduler"
	Holder string // this replica, e.g. hostname:pid
	Clock  interface{ Now() time.Time }
	TTL    time.Duration
}

// IsLeader returns nil when this replica holds (or just took) the lease.
func (e *LeaseElector) IsLeader(ctx context.Context) error {
	ok, err := e.Leases.TryAcquireLease(ctx, e.Name, e.Holder, e.Clock.Now(), e.TTL)
	if err != nil {
		return fmt.Errorf("scheduler: lease: %w", err)
	}
	if !ok {
		return errNotLeader
	}
	return nil
}

var errNotLeader = fmt.Errorf("scheduler: another replica holds the lease")
