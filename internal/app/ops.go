package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/inbox"
	"github.com/regiogv/voortgang/internal/metrics"
	"github.com/regiogv/voortgang/internal/scheduler"
)

// today is the Regio's calendar date now (it decides whether a task is overdue).
func (a *App) today() time.Time {
	now := a.clock.Now().In(a.cfg.Location())
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

// inboxOutcome is the metrics label of an inbound mail's outcome.
func inboxOutcome(o inbox.Outcome) string {
	switch o.Kind {
	case inbox.OutcomeDuplicate:
		return "duplicate"
	case inbox.OutcomeQuarantined:
		return "quarantine"
	case inbox.OutcomeRejected:
		return "rejected"
	}
	switch o.Mail {
	case inbox.KindAutoReply:
		return "auto_reply"
	case inbox.KindBounce:
		return "bounce"
	case inbox.KindDelay:
		return "delay"
	}
	return "answer"
}

// startMetrics serves /metrics on its own address when metrics.listen is set (the token, if
// any, is demanded there too). Without it, /metrics is on the main listener behind the token
// (see Handler), or not served at all.
func (a *App) startMetrics() error {
	if a.cfg.Metrics.Listen == "" {
		return nil
	}
	ln, err := net.Listen("tcp", a.cfg.Metrics.Listen)
	if err != nil {
		return fmt.Errorf("app: kan niet luisteren op %s (metrics.listen): %w", a.cfg.Metrics.Listen, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.metrics.Handler(a.cfg.Metrics.Token))
	a.metricsLn = ln
	a.metricsSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		ErrorLog: slog.NewLogLogger(a.log.Handler(), slog.LevelWarn)}
	go func() {
		if err := a.metricsSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("metrics server stopped", "err", err)
		}
	}()
	a.log.Info("metrics listening", "addr", ln.Addr().String(), "token", a.cfg.Metrics.Token != "")
	return nil
}

// MetricsAddr is the address of the separate metrics listener ("" when there is none).
func (a *App) MetricsAddr() string {
	if a.metricsLn == nil {
		return ""
	}
	return a.metricsLn.Addr().String()
}

// leaderElector reports the scheduler's lease checks to the leader gauge.
type leaderElector struct {
	inner *scheduler.LeaseElector
	m     *metrics.Metrics
}

func (e leaderElector) IsLeader(ctx context.Context) error {
	err := e.inner.IsLeader(ctx)
	e.m.SetLeader(err == nil)
	return err
}

// The retention job runs daily at 04:40, clear of the reconcile at 04:00 and of the DST hour.
const retentionHour, retentionMinute = 4, 40

// Prune removes what retention says is old enough, as of the clock's now: delivery attempts,
// expired sessions, the bodies of processed inbound mail, old draft versions and forgotten
// login throttles. The audit log, the answers and the tasks are never pruned. It runs daily
// on the leader; every step runs even when an earlier one failed.
func (a *App) Prune(ctx context.Context) error {
	now := a.clock.Now()
	r := a.cfg.Retention
	var errs []error
	step := func(what string, days int, prune func(before time.Time) (int, error)) {
		if days <= 0 {
			return // kept forever
		}
		n, err := prune(now.Add(-config.Days(days)))
		if err != nil {
			errs = append(errs, fmt.Errorf("app: retention %s: %w", what, err))
			return
		}
		a.metrics.Pruned(what, n)
		if n > 0 {
			a.log.Info("retention: pruned", "what", what, "count", n, "older_than_days", days)
		}
	}
	step("delivery_attempts", r.DeliveryAttempts, func(b time.Time) (int, error) { return a.store.PruneDeliveryAttempts(ctx, b) })
	step("sessions", r.Sessions, func(b time.Time) (int, error) { return a.store.DeleteExpiredSessions(ctx, b) })
	step("inbound_bodies", r.InboundBodies, func(b time.Time) (int, error) { return a.store.PruneInboundBodies(ctx, b, now) })
	step("draft_versions", r.DraftVersions, func(b time.Time) (int, error) { return a.store.PruneDraftVersions(ctx, b) })
	// Throttle state is forgotten after a day by the web anyway; two days keeps it simple.
	step("login_throttle", 2, func(b time.Time) (int, error) { return a.store.PruneLoginThrottle(ctx, b) })
	return errors.Join(errs...)
}
