package app

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
)

// A start that meets a truncated workflow file holds its reconcile, and the cycle must go on
// asking about the plan in force (the store's tasks), not about the half file: the programme
// in memory is the one parsed from the file the tasks were reconciled from.
func TestStartWithHeldFileKeepsThePlanInForce(t *testing.T) {
	cfg, file := setup(t)
	ctx := context.Background()
	clk := clock.NewFake(beforeTheRound)
	first := newApp(t, cfg, clk, Options{WebOnly: true})
	full := first.Programmes()
	if len(full) != 1 || len(full[0].Lines) != 3 {
		t.Fatalf("first start: %d programmes", len(full))
	}
	leaves := len(full[0].Leaves())
	first.Stop()

	truncateToLineOne(t, file)
	clk.Advance(time.Hour)
	again := newApp(t, cfg, clk, Options{WebOnly: true})
	holds, err := again.PlanHolds(ctx)
	if err != nil || len(holds) != 1 {
		t.Fatalf("holds after the start with the truncated file = %+v, %v; want one", holds, err)
	}
	progs := again.Programmes()
	if len(progs) != 1 || len(progs[0].Lines) != 3 || len(progs[0].Leaves()) != leaves {
		t.Fatalf("programme in memory while held: %d lines, %d actions; want the plan in force (3 lines, %d actions)",
			len(progs[0].Lines), len(progs[0].Leaves()), leaves)
	}
	if progs[0].File != file {
		t.Errorf("the plan in force names file %q, want %q", progs[0].File, file)
	}
}

// truncateToLineOne writes the workflow file as if read while half written: valid YAML with
// programmalijn 1 only. It returns the whole file as it was.
func truncateToLineOne(t *testing.T, file string) []byte {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cut := strings.Index(string(src), "\n  - number: 2\n")
	if cut < 0 {
		t.Fatal("programmalijn 2 not found in the workflow file")
	}
	if err := os.WriteFile(file, src[:cut+1], 0o644); err != nil {
		t.Fatal(err)
	}
	return src
}
