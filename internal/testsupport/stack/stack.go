// Package stack builds, for tests, the real system above the store: the example
// configuration, the shipped programme planned into a SQLite store in a temporary directory
// (or into the PostgreSQL database a configure function names in Database),
// the status cycle with the built-in mail templates, a link signer and a fake clock. Tests of
// the inbox, the web pages and the benchmarks start from it instead of wiring it themselves.
// It is imported by tests only.
package stack

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/links"
	"github.com/regiogv/voortgang/internal/notify"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/open"
	"github.com/regiogv/voortgang/internal/timing"
)

// Secret signs the links of every stack.
const Secret = "test secret of at least 32 bytes!!"

// Stack is the system under test.
type Stack struct {
	Config     *config.Config
	Store      store.Store
	Programmes []*programme.Programme
	Cycle      *cycle.Service
	Clock      *clock.Fake
	Signer     *links.Signer
	Log        *slog.Logger
}

// New builds a stack at now. root is the path from the test's package to the repository
// (usually "../.."); configure, when given, changes the configuration before the cycle is
// built (the language, the ladder).
func New(tb testing.TB, root string, now time.Time, configure func(*config.Config)) *Stack {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	vars := map[string]string{"VOORTGANG_DB": filepath.Join(dir, "voortgang.db"), "VOORTGANG_WORKFLOWS": filepath.Join(root, "workflows")}
	cfg, err := config.Load(filepath.Join(root, "config", "voortgang.example.yaml"), func(k string) string { return vars[k] })
	if err != nil {
		tb.Fatal(err)
	}
	if configure != nil {
		configure(cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := open.Open(ctx, cfg.Database, log)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	progs, err := programme.LoadDir(cfg.Workflows)
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range progs {
		tasks, err := planner.Plan(p, timing.Window{From: p.Period.From.Time, To: p.Period.To.Time})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := st.Reconcile(ctx, p.Key, tasks, now); err != nil {
			tb.Fatal(err)
		}
	}
	tmpl, err := email.LoadTemplates("")
	if err != nil {
		tb.Fatal(err)
	}
	clk := clock.NewFake(now)
	signer := links.NewSigner([]byte(Secret))
	refs, err := outbox.NewRefs([]byte(Secret))
	if err != nil {
		tb.Fatal(err)
	}
	svc := &cycle.Service{Store: st, Config: cfg, Programmes: func() []*programme.Programme { return progs },
		Clock: clk, Templates: tmpl, Chat: notify.Renderer{Templates: tmpl}, Signer: signer, Refs: refs, Log: log}
	if err := svc.SyncContacts(ctx); err != nil {
		tb.Fatal(err)
	}
	return &Stack{Config: cfg, Store: st, Programmes: progs, Cycle: svc, Clock: clk, Signer: signer, Log: log}
}
