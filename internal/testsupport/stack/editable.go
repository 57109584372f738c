package stack

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/timing"
)

// Editable is a stack whose workflow file is a copy in a temporary directory, so that tests
// can change the programme the way the daemon does: write the file, then Reload.
type Editable struct {
	*Stack
	mu    sync.RWMutex
	progs []*programme.Programme
}

// NewEditable is New with the shipped workflow file copied into a temporary directory.
func NewEditable(tb testing.TB, root string, now time.Time, configure func(*config.Config)) *Editable {
	tb.Helper()
	dir := tb.TempDir()
	files, err := filepath.Glob(filepath.Join(root, "workflows", "*.yaml"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("workflows: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	s := New(tb, root, now, func(c *config.Config) {
		c.Workflows = dir
		if configure != nil {
			configure(c)
		}
	})
	e := &Editable{Stack: s, progs: s.Programmes}
	s.Cycle.Programmes = e.Current
	return e
}

// Current returns the programmes as last loaded.
func (e *Editable) Current() []*programme.Programme {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.progs
}

// Reload reads the workflow files again and reconciles the plan, as app.App.Reconcile does.
func (e *Editable) Reload(ctx context.Context) error {
	progs, err := programme.LoadDir(e.Config.Workflows)
	if err != nil {
		return err
	}
	for _, p := range progs {
		tasks, err := planner.Plan(p, timing.Window{From: p.Period.From.Time, To: p.Period.To.Time})
		if err != nil {
			return err
		}
		if _, err := e.Store.Reconcile(ctx, p.Key, tasks, e.Clock.Now()); err != nil {
			return err
		}
	}
	e.mu.Lock()
	e.progs = progs
	e.Programmes = progs
	e.mu.Unlock()
	e.Cycle.Invalidate()
	return nil
}

// File is the path of the (only) workflow file.
func (e *Editable) File() string { return e.Current()[0].File }
