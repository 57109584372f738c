// Package metrics is voortgang's Prometheus instrumentation: one registry of its own (no
// global state, so tests and several apps in one process do not collide), the counters and
// histograms the loops update as they work, and a collector that reads the business gauges
// (outbox depth, tasks by state) from the store at scrape time.
//
// The business gauges are reported by the leader only: every replica shares one database,
// so if each reported them a sum() over the replicas would count every message twice. A
// replica that is not the leader (or runs --web-only) reports voortgang_leader 0 and no
// business gauges; its own counters (delivery attempts it made, mails it read) it always
// reports.
//
// The README lists every metric with a Grafana-ready query.
package metrics

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/regiogv/voortgang/internal/store"
)

const namespace = "voortgang"

// Source is where the collector reads the business gauges at scrape time.
type Source interface {
	OutboxDepth(ctx context.Context) ([]store.OutboxCount, error)
	TaskStates(ctx context.Context, today time.Time) (map[string]int, error)
}

// Metrics holds the registry and the instruments the app updates. Create it with New; the
// zero value is not usable, but a nil *Metrics is: every method on it does nothing, so code
// paths without metrics need no checks.
type Metrics struct {
	reg *prometheus.Registry
	log *slog.Logger

	deliveries        *prometheus.CounterVec
	passDuration      prometheus.Histogram
	passLastSuccess   prometheus.Gauge
	inbox             *prometheus.CounterVec
	reconcileDuration prometheus.Histogram
	reconcileLast     prometheus.Gauge
	leaderGauge       prometheus.Gauge
	pruned            *prometheus.CounterVec

	leader atomic.Bool
}

// New registers every metric in a fresh registry. today gives the calendar date that decides
// whether a task is overdue (the Regio's local date).
func New(src Source, today func() time.Time, log *slog.Logger) *Metrics {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m := &Metrics{reg: prometheus.NewRegistry(), log: log}
	m.deliveries = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "delivery_attempts_total",
		Help: "Delivery attempts of outbox messages by this replica, by channel (email, slack, slack-channel, teams) and outcome (sent, temporary, permanent)."},
		[]string{"channel", "outcome"})
	m.passDuration = prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: namespace, Name: "pass_duration_seconds",
		Help:    "Duration of a pass that puts due messages in the outbox and builds due drafts.",
		Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}})
	m.passLastSuccess = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: "pass_last_success_timestamp_seconds",
		Help: "Unix time of the last pass that succeeded on this replica (0: none yet)."})
	m.inbox = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "inbox_messages_total",
		Help: "Inbound mails read by this replica, by outcome (answer, auto_reply, bounce, delay, quarantine, rejected, duplicate)."},
		[]string{"outcome"})
	m.reconcileDuration = prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: namespace, Name: "reconcile_duration_seconds",
		Help:    "Duration of reconciling the workflow files with the stored tasks.",
		Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30}})
	m.reconcileLast = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: "reconcile_last_success_timestamp_seconds",
		Help: "Unix time of the last successful reconcile on this replica."})
	m.leaderGauge = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: "leader",
		Help: "1 while this replica holds the scheduler lease (and reports the business gauges), else 0."})
	m.pruned = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "retention_pruned_total",
		Help: "Rows removed (or mail bodies cut to their headers) by the retention job, by what."},
		[]string{"what"})
	for _, o := range []string{store.OutcomeSent, store.OutcomeTemporary, store.OutcomePermanent} {
		m.deliveries.WithLabelValues("email", o) // the series exist from the start, at 0
	}
	for _, o := range InboxOutcomes {
		m.inbox.WithLabelValues(o)
	}
	m.reg.MustRegister(m.deliveries, m.passDuration, m.passLastSuccess, m.inbox, m.reconcileDuration, m.reconcileLast,
		m.leaderGauge, m.pruned, &business{m: m, src: src, today: today},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// InboxOutcomes are the values of the outcome label of voortgang_inbox_messages_total.
var InboxOutcomes = []string{"answer", "auto_reply", "bounce", "delay", "quarantine", "rejected", "duplicate"}

// Delivery counts one delivery attempt.
func (m *Metrics) Delivery(channel, outcome string) {
	if m == nil {
		return
	}
	if channel == "" {
		channel = "email"
	}
	m.deliveries.WithLabelValues(channel, outcome).Inc()
}

// Pass records a pass that took d; ok marks it successful at end.
func (m *Metrics) Pass(d time.Duration, ok bool, end time.Time) {
	if m == nil {
		return
	}
	m.passDuration.Observe(d.Seconds())
	if ok {
		m.passLastSuccess.Set(float64(end.Unix()))
	}
}

// Reconcile records a reconcile that took d; ok marks it successful at end.
func (m *Metrics) Reconcile(d time.Duration, ok bool, end time.Time) {
	if m == nil {
		return
	}
	m.reconcileDuration.Observe(d.Seconds())
	if ok {
		m.reconcileLast.Set(float64(end.Unix()))
	}
}

// Inbox counts one inbound mail by outcome (one of InboxOutcomes).
func (m *Metrics) Inbox(outcome string) {
	if m == nil {
		return
	}
	m.inbox.WithLabelValues(outcome).Inc()
}

// Pruned counts n rows removed by the retention job.
func (m *Metrics) Pruned(what string, n int) {
	if m == nil || n <= 0 {
		return
	}
	m.pruned.WithLabelValues(what).Add(float64(n))
}

// SetLeader records whether this replica is the scheduler's leader.
func (m *Metrics) SetLeader(ok bool) {
	if m == nil {
		return
	}
	m.leader.Store(ok)
	if ok {
		m.leaderGauge.Set(1)
	} else {
		m.leaderGauge.Set(0)
	}
}

// Handler serves the registry in the Prometheus text format. With a non-empty token it
// demands Authorization: Bearer <token> (compared in constant time) and answers 401
// otherwise.
func (m *Metrics) Handler(token string) http.Handler {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(m.log.Handler(), slog.LevelWarn)})
	if token == "" {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="voortgang metrics"`)
			http.Error(w, "401 geen of ongeldig token", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// business collects the gauges read from the store, on the leader only.
type business struct {
	m     *Metrics
	src   Source
	today func() time.Time
}

var (
	outboxDesc = prometheus.NewDesc(namespace+"_outbox_messages", "Outbox messages by status (queued, sending, sent, failed) and kind; reported by the leader.",
		[]string{"status", "kind"}, nil)
	tasksDesc = prometheus.NewDesc(namespace+"_tasks", "Planned tasks by state (open, te-laat, gereed, vervallen); reported by the leader.",
		[]string{"state"}, nil)
	scrapeErrDesc = prometheus.NewDesc(namespace+"_store_scrape_errors", "1 when reading the business gauges from the store failed during this scrape.",
		nil, nil)
)

func (b *business) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDesc
	ch <- tasksDesc
	ch <- scrapeErrDesc
}

// scrapeTimeout bounds the store queries of one scrape (Prometheus' own timeout is 10s).
const scrapeTimeout = 5 * time.Second

func (b *business) Collect(ch chan<- prometheus.Metric) {
	if !b.m.leader.Load() {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	failed := 0.0
	if counts, err := b.src.OutboxDepth(ctx); err != nil {
		b.m.log.Warn("metrics: outbox depth", "err", err)
		failed = 1
	} else {
		for _, c := range counts {
			ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(c.N), c.Status, c.Kind)
		}
	}
	if states, err := b.src.TaskStates(ctx, b.today()); err != nil {
		b.m.log.Warn("metrics: task states", "err", err)
		failed = 1
	} else {
		for state, n := range states {
			ch <- prometheus.MustNewConstMetric(tasksDesc, prometheus.GaugeValue, float64(n), state)
		}
	}
	ch <- prometheus.MustNewConstMetric(scrapeErrDesc, prometheus.GaugeValue, failed)
}
