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
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"

	"github.com/regiogv/voortgang/internal/clock"
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

// Start starts ticking.
func (s *Scheduler) Start() { s.s.Start() }

// Stop waits up to five seconds for running jobs and stops.
func (s *Scheduler) Stop() error { return s.s.Shutdown() }

// Defaults of the leader lease: short, and renewed three times per TTL, so a leader that dies
// hands over within DefaultLeaseTTL + DefaultRenewEvery (20 s) and a busy database that
// delays one renewal costs nothing.
const (
	DefaultLeaseTTL   = 15 * time.Second
	DefaultRenewEvery = 5 * time.Second
)

// LeaseElector makes the replica that holds the store's lease row the leader. Run renews the
// lease in the background (the jobs alone check too rarely: a leader whose lease ran out
// between two minute-jobs would be replaced only at the follower's next job), Release gives it
// up on a clean stop so a successor need not wait, and Dead lets a restarted process take over
// the lease of its own dead predecessor at once.
type LeaseElector struct {
	Leases store.LeaseStore
	Name   string // lease name, e.g. "scheduler"
	Holder string // this replica, e.g. hostname:pid
	// Clock gives the lease's instants: the app's clock, which every component takes its
	// time from. Ticker only paces Run.
	Clock clock.Clock
	TTL   time.Duration // DefaultLeaseTTL when zero
	// RenewEvery is Run's interval; DefaultRenewEvery when zero (at most TTL/3).
	RenewEvery time.Duration
	// Ticker runs Run's interval; nil means the real clock.
	Ticker clockwork.Clock
	// Log is told of the renewals and the release that fail in Run; nil discards them.
	Log *slog.Logger
	// Dead reports whether another holder is a process known to have ended (the previous run
	// of this instance); nil means no holder is.
	Dead func(holder string) bool
	// OnChange is told when this replica becomes or stops being the leader (logs, tests).
	OnChange func(leader bool)

	mu    sync.Mutex
	until time.Time // the lease is ours until then
}

func (e *LeaseElector) ttl() time.Duration {
	if e.TTL > 0 {
		return e.TTL
	}
	return DefaultLeaseTTL
}

func (e *LeaseElector) every() time.Duration {
	d := DefaultRenewEvery
	if e.RenewEvery > 0 {
		d = e.RenewEvery
	}
	return min(d, e.ttl()/3)
}

// IsLeader returns nil when this replica holds (or just took) the lease.
func (e *LeaseElector) IsLeader(ctx context.Context) error {
	e.mu.Lock()
	held := e.Clock.Now().Before(e.until)
	e.mu.Unlock()
	if held {
		return nil
	}
	ok, err := e.Renew(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return errNotLeader
	}
	return nil
}

// Renew takes or renews the lease and reports whether this replica holds it now.
func (e *LeaseElector) Renew(ctx context.Context) (bool, error) {
	now := e.Clock.Now()
	ok, err := e.Leases.TryAcquireLease(ctx, e.Name, e.Holder, now, e.ttl())
	if err == nil && !ok && e.Dead != nil {
		ok, err = e.takeOver(ctx, now)
	}
	if err != nil {
		return false, fmt.Errorf("scheduler: lease: %w", err)
	}
	e.mu.Lock()
	was := now.Before(e.until)
	if ok {
		e.until = now.Add(e.ttl())
	} else {
		e.until = time.Time{}
	}
	e.mu.Unlock()
	if was != ok && e.OnChange != nil {
		e.OnChange(ok)
	}
	return ok, nil
}

// takeOver takes the lease from a holder that is known to be dead.
func (e *LeaseElector) takeOver(ctx context.Context, now time.Time) (bool, error) {
	holder, _, err := e.Leases.LeaseHolder(ctx, e.Name)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil || holder == e.Holder || !e.Dead(holder) {
		return false, err
	}
	return e.Leases.TakeOverLease(ctx, e.Name, holder, e.Holder, now, e.ttl())
}

// Run renews the lease every RenewEvery until ctx is done, then releases it.
func (e *LeaseElector) Run(ctx context.Context) {
	tk := e.Ticker
	if tk == nil {
		tk = clockwork.NewRealClock()
	}
	log := e.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	t := tk.NewTicker(e.every())
	defer t.Stop()
	for {
		// An error leaves the lease to run out; the next tick tries again. A renewal cut
		// short by the stop is no failure: the release follows.
		if _, err := e.Renew(ctx); err != nil && ctx.Err() == nil {
			log.Warn("renewing the scheduler lease failed; trying again at the next tick", "lease", e.Name, "err", err)
		}
		select {
		case <-ctx.Done():
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			if err := e.Release(rctx); err != nil {
				// The lease runs out by itself; a successor waits for that.
				log.Warn("releasing the scheduler lease failed; it runs out in its own time", "lease", e.Name, "ttl", e.ttl(), "err", err)
			}
			cancel()
			return
		case <-t.Chan():
		}
	}
}

// Release gives the lease up (a clean stop), so another replica, or this instance started
// again, takes over without waiting for it to run out.
func (e *LeaseElector) Release(ctx context.Context) error {
	e.mu.Lock()
	was := e.Clock.Now().Before(e.until)
	e.until = time.Time{}
	e.mu.Unlock()
	if err := e.Leases.ReleaseLease(ctx, e.Name, e.Holder); err != nil {
		return fmt.Errorf("scheduler: %w", err)
	}
	if was && e.OnChange != nil {
		e.OnChange(false)
	}
	return nil
}

var errNotLeader = fmt.Errorf("scheduler: another replica holds the lease")
