package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/store"
)

// A workflow file read while half written (valid YAML, programmalijn 1 only) would mark most
// tasks obsolete. The reconcile is held: nothing is written, /readyz and the overview say
// so, and it is applied only when a coordinator presses the button (audited).
func TestTruncatedWorkflowIsHeldUntilAccepted(t *testing.T) {
	cfg, file := setup(t)
	ctx := context.Background()
	clk := clock.NewFake(beforeTheRound)
	a := startApp(t, cfg, clk, Options{WebOnly: true})
	addCoordinator(t, a, clk.Now())
	open := func() int {
		t.Helper()
		ts, err := a.Store().Tasks(ctx, store.TaskFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(ts)
	}
	before := open()

	src := truncateToLineOne(t, file)
	select {
	case err := <-a.reconciled:
		if err != nil {
			t.Fatalf("reconcile of the truncated file: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no reconcile after the workflow file changed")
	}
	if got := open(); got != before {
		t.Fatalf("open tasks after the truncated file = %d, want %d (nothing obsoleted)", got, before)
	}

	browser := newBoard(t, a)
	do := browser.do

	var ready struct {
		Ready     bool   `json:"ready"`
		Plan      string `json:"plan"`
		HeldPlans []struct {
			Programme   string `json:"programme"`
			Fingerprint string `json:"fingerprint"`
			OpenTasks   int    `json:"open_tasks"`
			Obsolete    int    `json:"would_obsolete"`
		} `json:"held_plans"`
	}
	code, body, _ := do(http.MethodGet, "/readyz", nil)
	if err := json.Unmarshal([]byte(body), &ready); err != nil || code != 200 || !ready.Ready || ready.Plan != "aangehouden" || len(ready.HeldPlans) != 1 {
		t.Fatalf("/readyz with a held plan = %d %s", code, body)
	}
	held := ready.HeldPlans[0]
	if held.OpenTasks != before || held.Obsolete*5 <= before {
		t.Errorf("held plan = %+v, want most of the %d open tasks", held, before)
	}

	browser.signIn()
	code, body, _ = do(http.MethodGet, "/", nil)
	accept := "/plan/" + held.Programme + "/accepteren"
	if code != 200 || !strings.Contains(body, "Nieuwe versie van het plan aangehouden") || !strings.Contains(body, accept) ||
		!strings.Contains(body, held.Fingerprint) {
		t.Fatalf("overview with a held plan = %d, banner or button missing", code)
	}

	// A stale fingerprint (the files changed since the page was shown) applies nothing.
	if code, _, loc := do(http.MethodPost, accept, url.Values{"vingerafdruk": {"0000"}}); code != http.StatusSeeOther || !strings.Contains(loc, "plan-gewijzigd") {
		t.Fatalf("accept with a stale fingerprint = %d → %s", code, loc)
	}
	if got := open(); got != before {
		t.Fatalf("open tasks after a stale accept = %d, want %d", got, before)
	}

	code, _, loc := do(http.MethodPost, accept, url.Values{"vingerafdruk": {held.Fingerprint}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "plan-geaccepteerd") {
		t.Fatalf("accept = %d → %s", code, loc)
	}
	if got := open(); got != before-held.Obsolete {
		t.Errorf("open tasks after accepting = %d, want %d", got, before-held.Obsolete)
	}
	entries, err := a.Store().Audit(ctx, AuditEntityProgramme, held.Programme)
	if err != nil || len(entries) != 1 || entries[0].Actor != "sanne" || entries[0].Action != AuditPlanAccepted {
		t.Errorf("audit = %+v, %v", entries, err)
	}
	_, body, _ = do(http.MethodGet, "/readyz", nil)
	if strings.Contains(body, "held_plans") || strings.Contains(body, "aangehouden") {
		t.Errorf("/readyz after accepting = %s", body)
	}
	if _, body, _ = do(http.MethodGet, "/", nil); strings.Contains(body, accept) {
		t.Error("the banner is still on the overview after accepting")
	}

	// The whole file again: the tasks come back (restored), no hold.
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-a.reconciled:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no reconcile after the file was mended")
	}
	if got := open(); got != before {
		t.Errorf("open tasks after mending = %d, want %d", got, before)
	}
}

// Two replicas hold the same reconcile; the coordinator accepts it on one. The other keeps
// the old plan in memory only until its next pass, which sees the hold is gone.
func TestHeldPlanAcceptedOnAnotherReplica(t *testing.T) {
	cfg, file := setup(t)
	ctx := context.Background()
	clk := clock.NewFake(beforeTheRound)
	var apps [2]*App
	for i := range apps {
		apps[i] = newApp(t, cfg, clk, Options{WebOnly: true})
	}
	a, b := apps[0], apps[1]
	src, _ := os.ReadFile(file)
	cut := strings.Index(string(src), "\n  - number: 2\n")
	if err := os.WriteFile(file, src[:cut+1], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, x := range apps {
		if err := x.Reconcile(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(b.Programmes()[0].Lines); n != 3 {
		t.Fatalf("replica b plans %d programmalijnen while the reconcile is held, want the old 3", n)
	}
	holds, err := a.PlanHolds(ctx)
	if err != nil || len(holds) != 1 {
		t.Fatalf("holds = %+v, %v", holds, err)
	}
	if _, err := a.AcceptPlan(ctx, holds[0].Programme, holds[0].Fingerprint, "sanne"); err != nil {
		t.Fatal(err)
	}
	if n := len(a.Programmes()[0].Lines); n != 1 {
		t.Errorf("replica a plans %d programmalijnen after accepting, want 1", n)
	}
	if _, err := b.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(b.Programmes()[0].Lines); n != 1 {
		t.Errorf("replica b plans %d programmalijnen after its pass, want the accepted 1", n)
	}
}
