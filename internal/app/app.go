// Package app wires voortgang together: configuration, store, programmes, the web server and
// the loops. It owns the start and stop order (HTTP first, then the loops, then the store), so
// cmd/voortgang stays thin. It holds no business rules of its own.
package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/inbox"
	"github.com/regiogv/voortgang/internal/links"
	"github.com/regiogv/voortgang/internal/metrics"
	"github.com/regiogv/voortgang/internal/notify"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/notify/slack"
	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/scheduler"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/open"
	"github.com/regiogv/voortgang/internal/timing"
	"github.com/regiogv/voortgang/internal/web"
)

// Options are what the command line adds to the configuration.
type Options struct {
	// WebOnly serves HTTP without the scheduler (a second web replica, or maintenance).
	WebOnly bool
	// Ticker drives the scheduler; nil means the real clock. Tests pass a clockwork fake.
	Ticker clockwork.Clock
	// TemplatesDir holds coordinator-edited copies of the mail templates ("" = the built-in ones).
	TemplatesDir string
	// ReferenceDoc is a Word document whose styles the office drafts take (the Regio's house
	// style); "" uses report.reference_docx from the configuration, else A4 with pandoc's
	// styles.
	ReferenceDoc string
	// IMAPOptions are extra options for the mailbox reader (tests: TLS, plain loopback).
	IMAPOptions inbox.PollerOptions
	// SMTPOptions are extra options for the SMTP sender (tests: a TLS config).
	SMTPOptions []email.SMTPOption
	// SlackAPIURL points the Slack client elsewhere than slack.com (tests: slacktest).
	SlackAPIURL string
}

// leaseTTL is how long a scheduler leader keeps its lease without renewing it; the elector
// renews it every third of that, so a dead leader is replaced within about 20 seconds.
const leaseTTL = scheduler.DefaultLeaseTTL

// App is one running voortgang.
type App struct {
	cfg   *config.Config
	opts  Options
	log   *slog.Logger
	clock clock.Clock
	store store.Store

	// host and pid name this process; replica ("host:pid") is its name as the holder of the
	// scheduler's lease and the owner of the outbox messages it claims.
	host    string
	pid     int
	replica string

	mu            sync.RWMutex
	progs         []*programme.Programme
	planErr       error // the last failed reload, nil when the current plan is from the files
	lastReconcile time.Time
	heldHere      map[string]bool // programmes whose reconcile this process holds (keeps the old plan of)

	ticker clockwork.Clock
	signer *links.Signer
	cycle  *cycle.Service
	sender email.Sender
	worker *notify.Worker
	web    *web.Server
	mail   *Mail                              // the mail connections (SMTP/IMAP or Graph)
	poller inbox.Reader                       // nil when replies are not read
	leader func(context.Context) bool         // whether this replica holds the scheduler's lease; set by startScheduler
	routes []route                            // extra HTTP routes (web, mail catcher)
	jobs   []func(*scheduler.Scheduler) error // extra periodic jobs

	metrics    *metrics.Metrics
	metricsSrv *http.Server // the separate metrics listener (metrics.listen), nil without
	metricsLn  net.Listener

	slack        *slack.Client  // nil when Slack is off
	slackHandler *slack.Handler // Slack interactions; nil when Slack is off

	srv      *http.Server
	ln       net.Listener
	loops    []func() // stop functions of the running loops, in start order
	stopOnce sync.Once

	// reconciled receives after every reconcile triggered by a workflow change (tests wait on it).
	reconciled chan error
}

// New opens the store (migrating it), loads the workflows and reconciles the plan once.
// A broken workflow file at start is an error: the daemon does not start on a plan it
// cannot read.
func New(ctx context.Context, cfg *config.Config, log *slog.Logger, clk clock.Clock, opts Options) (*App, error) {
	if clk == nil {
		// Every component takes its time from this one clock; none falls back to the wall clock.
		return nil, errors.New("app: New zonder klok")
	}
	host, err := os.Hostname()
	if err != nil {
		// Replicas tell their leases and claims apart by host and process id.
		return nil, fmt.Errorf("app: hostnaam onbekend: %w", err)
	}
	st, err := open.Open(ctx, cfg.Database, log)
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, opts: opts, log: log, clock: clk, store: st, ticker: opts.Ticker, reconciled: make(chan error, 16),
		host: host, pid: os.Getpid()}
	a.replica = fmt.Sprintf("%s:%d", a.host, a.pid)
	a.metrics = metrics.New(st, a.today, log)
	if a.ticker == nil {
		a.ticker = clockwork.NewRealClock()
	}
	if err := a.Reconcile(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if err := a.wire(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

// Store is the app's store (for commands that run inside the app, such as run-once).
func (a *App) Store() store.Store { return a.store }

// Programmes returns the currently loaded programmes.
func (a *App) Programmes() []*programme.Programme {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.progs
}

// Reconcile reloads the workflow files and makes the stored tasks equal to the plan of every
// programme whose file changed since it was last reconciled (its hash, with the build's
// fingerprint, is stored next to the tasks): a start, run-once or report with unchanged files
// plans and writes nothing. When the files are broken, the previous plan stays in force and
// the error is returned (and shown on /readyz) until the files are mended.
func (a *App) Reconcile(ctx context.Context) error { return a.reconcile(ctx, false) }

// ReconcileAll is Reconcile for every programme, changed or not; the daily job runs it, so a
// new build whose planner plans differently without a recorded build revision still
// reaches the store within a day.
func (a *App) ReconcileAll(ctx context.Context) error { return a.reconcile(ctx, true) }

func (a *App) reconcile(ctx context.Context, all bool) (err error) {
	start := time.Now() // wall time for the duration; the app's clock for the instant
	defer func() { a.metrics.Reconcile(time.Since(start), err == nil, a.clock.Now()) }()
	a.mu.RLock()
	loaded := a.progs
	a.mu.RUnlock()
	// Files that did not change keep their loaded programme: a reload does not hold a second
	// copy of every programme while it runs (hundreds of them at national scale).
	progs, err := programme.LoadDirReusing(a.cfg.Workflows, loaded)
	if err != nil {
		a.mu.Lock()
		a.planErr = err
		hadPlan := a.progs != nil
		a.mu.Unlock()
		if hadPlan {
			a.log.Error("workflow files are broken; keeping the previous plan", "err", err)
		}
		return err
	}
	known := map[string]string{}
	if !all {
		if known, err = a.store.ProgrammeHashes(ctx); err != nil {
			return fmt.Errorf("app: %w", err)
		}
	}
	now := a.clock.Now()
	a.mu.RLock()
	held := map[string]bool{}
	prev := map[string]*programme.Programme{}
	for _, p := range a.progs {
		prev[p.Key] = p
	}
	a.mu.RUnlock()
	unchanged := 0
	for i, p := range progs {
		h := planHash(p)
		if known[p.Key] == h {
			unchanged++
			continue
		}
		tasks, err := planner.Plan(p, timing.Window{From: p.Period.From.Time, To: p.Period.To.Time})
		if err != nil {
			return err
		}
		hold, isHeld, err := a.guardReconcile(ctx, p.Key, tasks, now)
		if err != nil {
			return err
		}
		if isHeld {
			a.log.Warn("reconcile held: it would mark too many open tasks obsolete; a coordinator must accept it",
				"programme", p.Key, "open", hold.OpenTasks, "obsolete", hold.Obsolete, "max_share", a.cfg.MaxObsoleteShare)
			// The cycle keeps asking about the plan that is in the store.
			held[p.Key] = true
			if old, ok := prev[p.Key]; ok {
				progs[i] = old
			} else if old, err := a.planInForce(ctx, p); err == nil {
				progs[i] = old // a start: the file the store's tasks were reconciled from
			} else {
				a.log.Warn("the workflow file the plan in force was reconciled from is not stored; the held file's programme is shown until the hold is decided",
					"programme", p.Key, "err", err)
			}
			continue
		}
		res, err := a.store.Reconcile(ctx, p.Key, tasks, now)
		if err != nil {
			return fmt.Errorf("app: reconcile %s: %w", p.Key, err)
		}
		if hold.Programme != "" {
			if err := a.store.ClearPlanHold(ctx, p.Key); err != nil {
				return fmt.Errorf("app: %w", err)
			}
		}
		// Only a reconcile that went through records the hash: a held one is tried again.
		if err := a.store.SetProgrammeHash(ctx, p.Key, h, reconciledSource(p), now); err != nil {
			return fmt.Errorf("app: %w", err)
		}
		a.log.Info("plan reconciled", "programme", p.Key, "tasks", len(tasks),
			"inserted", res.Inserted, "updated", res.Updated, "obsoleted", res.Obsoleted, "restored", res.Restored)
	}
	if unchanged > 0 {
		a.log.Info("plan unchanged", "programmes", unchanged)
	}
	a.warnGroups(progs, prev)
	a.mu.Lock()
	a.progs, a.planErr, a.lastReconcile, a.heldHere = progs, nil, now, held
	a.mu.Unlock()
	if a.cycle != nil {
		a.cycle.Invalidate()
	}
	return nil
}

// warnGroups logs, once per version of a workflow file (at start, and after a reconcile for
// the files that changed), every group whose members in the file differ from the
// configuration's: the report follows the file, the status requests the configuration.
func (a *App) warnGroups(progs []*programme.Programme, prev map[string]*programme.Programme) {
	for _, p := range progs {
		if old, ok := prev[p.Key]; ok && old.Hash == p.Hash {
			continue
		}
		for _, d := range a.cfg.CheckGroups(p.File, p.Groups()) {
			a.log.Warn("group members differ between the workflow file and the configuration; status requests follow the configuration",
				"programme", p.Key, "file", p.File, "group", d.Group, "key", d.ConfigKey(),
				"only_programme", d.OnlyProgramme, "only_config", d.OnlyConfig, "message", d.Error())
		}
	}
}

// reconciledSource is the workflow file p was parsed from, read again for the store, or nil
// when it changed since (the watch reconciles the new file next).
func reconciledSource(p *programme.Programme) []byte {
	data, err := os.ReadFile(p.File)
	if err != nil {
		return nil
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != p.Hash {
		return nil
	}
	return data
}

// planInForce parses the workflow file the store's tasks of p's programme were last
// reconciled from: while a changed file's reconcile is held, the cycle asks about that plan.
func (a *App) planInForce(ctx context.Context, p *programme.Programme) (*programme.Programme, error) {
	src, err := a.store.ReconciledSource(ctx, p.Key)
	if err != nil {
		return nil, err
	}
	old, err := programme.Parse(p.File, src)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(src)
	old.Hash = hex.EncodeToString(sum[:])
	return old, nil
}

// planHash identifies what a programme's tasks are planned from: its file and, when the
// binary records it, the source revision it was built from (another planner may plan the same
// file differently).
func planHash(p *programme.Programme) string {
	h := sha256.New()
	h.Write([]byte(buildRevision()))
	h.Write([]byte{0})
	h.Write([]byte(p.Hash))
	return hex.EncodeToString(h.Sum(nil))
}

// buildRevision is the VCS revision of the build ("" when not recorded, as in tests and
// go run), with "+modified" for a dirty tree.
var buildRevision = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+modified"
			}
		}
	}
	return rev + modified
})

// Start listens on the configured address and starts the loops. It returns once everything
// runs; Stop ends it.
func (a *App) Start(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return fmt.Errorf("app: kan niet luisteren op %s: %w", a.cfg.Listen, err)
	}
	a.ln = ln
	a.srv = &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := a.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("http server stopped", "err", err)
		}
	}()
	a.log.Info("listening", "addr", ln.Addr().String(), "base_url", a.cfg.BaseURL)
	if err := a.startMetrics(); err != nil {
		a.Stop()
		return err
	}

	stopWatch, err := a.watchWorkflows(ctx)
	if err != nil {
		a.log.Warn("not watching the workflow files; they are reconciled daily", "err", err)
	} else {
		a.loops = append(a.loops, stopWatch)
	}
	if !a.opts.WebOnly {
		stopSched, err := a.startScheduler(ctx)
		if err != nil {
			a.Stop()
			return err
		}
		a.loops = append(a.loops, stopSched)
		stopInbox, err := a.startInbox(ctx)
		if err != nil {
			a.Stop()
			return err
		}
		a.loops = append(a.loops, stopInbox)
		wctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); a.worker.Run(wctx, notify.DefaultInterval) }()
		a.loops = append(a.loops, func() { cancel(); <-done })
		a.startSocketMode()
	}
	return nil
}

// Addr is the address the web server listens on (useful with port 0 in tests).
func (a *App) Addr() string {
	if a.ln == nil {
		return ""
	}
	return a.ln.Addr().String()
}

// Stop ends the app: HTTP first (finishing requests for up to five seconds), then the loops
// in reverse start order, then the store.
func (a *App) Stop() {
	a.stopOnce.Do(func() {
		if a.srv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := a.srv.Shutdown(ctx); err != nil {
				a.log.Warn("http shutdown", "err", err)
			}
			cancel()
		}
		if a.metricsSrv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := a.metricsSrv.Shutdown(ctx); err != nil {
				a.log.Warn("metrics shutdown", "err", err)
			}
			cancel()
		}
		for i := len(a.loops) - 1; i >= 0; i-- {
			a.loops[i]()
		}
		if a.sender != nil {
			a.sender.Close()
		}
		if err := a.store.Close(); err != nil {
			a.log.Warn("closing the store", "err", err)
		}
		a.log.Info("stopped")
	})
}
