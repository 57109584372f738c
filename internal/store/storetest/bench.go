package storetest

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/store"
)

// SyntheticPlan returns a national-scale plan: programmes × perProgramme tasks with keys
// shaped like the planner's ("p042/15a/check/2027Q3"), three lines, 21 goals, PDCA phases,
// a few owners each and dates spread over four years.
func SyntheticPlan(programmes, perProgramme int) map[string][]planner.Task {
	phases := []string{"plan", "do", "check", "act"}
	owners := [][]string{{"Regio"}, {"gemeenten"}, {"Regio", "gemeenten"}, {"GGD", "VTGV"}, {"ZVHGV", "partners", "aanbieders"}}
	out := make(map[string][]planner.Task, programmes)
	for p := range programmes {
		prog := fmt.Sprintf("p%03d", p)
		tasks := make([]planner.Task, perProgramme)
		for i := range tasks {
			goal := i%21 + 1
			action := string(rune('a' + (i/21)%8))
			phase := phases[(i/168)%4]
			quarter := i / 672
			start := time.Date(2026+quarter/4, time.Month(1+3*(quarter%4)), 1, 0, 0, 0, 0, time.UTC)
			tasks[i] = planner.Task{
				Key:       fmt.Sprintf("%s/%d%s/%s/%dQ%d-%d", prog, goal, action, phase, start.Year(), quarter%4+1, i),
				Programme: prog, Line: goal%3 + 1, Goal: goal, Action: action, Phase: phase, Kind: planner.Milestone,
				Title:  fmt.Sprintf("Actie %d%s: %s-fase, mijlpaal %d", goal, action, phase, i),
				Owners: owners[i%len(owners)], Start: start, Due: start.AddDate(0, 3, -1),
				Source: fmt.Sprintf("Q%d %d", quarter%4+1, start.Year()),
			}
		}
		out[prog] = tasks
	}
	return out
}

// BenchmarkReconcile measures the first load of a synthetic plan of programmes ×
// perProgramme tasks into an empty store, and a second reconcile with nothing changed. Run
// it with -benchtime=1x: each iteration opens a fresh store outside the timer.
func BenchmarkReconcile(b *testing.B, open func(b *testing.B) store.Store, programmes, perProgramme int) {
	ctx := context.Background()
	plan := SyntheticPlan(programmes, perProgramme)
	total := programmes * perProgramme
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	load := func(b *testing.B, s store.Store, want func(store.ReconcileResult) bool) {
		for prog, tasks := range plan {
			res, err := s.Reconcile(ctx, prog, tasks, now)
			if err != nil {
				b.Fatal(err)
			}
			if !want(res) {
				b.Fatalf("%s: unexpected result %+v", prog, res)
			}
		}
	}
	inserted := func(r store.ReconcileResult) bool { return r.Inserted == perProgramme && !(r.Updated+r.Obsoleted > 0) }
	unchanged := func(r store.ReconcileResult) bool { return r.Unchanged == perProgramme && !r.Changed() }

	b.Run("first-load", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			s := open(b)
			b.StartTimer()
			load(b, s, inserted)
		}
		b.ReportMetric(float64(total)*float64(b.N)/b.Elapsed().Seconds(), "tasks/s")
	})
	b.Run("no-change", func(b *testing.B) {
		b.StopTimer()
		s := open(b)
		load(b, s, inserted)
		b.StartTimer()
		for b.Loop() {
			load(b, s, unchanged)
		}
		b.ReportMetric(float64(total)*float64(b.N)/b.Elapsed().Seconds(), "tasks/s")
	})
}

// BenchProgrammes is the size of the national-scale plan: 500 programmes (half a million
// tasks), unless VOORTGANG_BENCH_PROGRAMMES says otherwise, for quick profiling.
func BenchProgrammes() int {
	if n, err := strconv.Atoi(os.Getenv("VOORTGANG_BENCH_PROGRAMMES")); err == nil && n > 0 {
		return n
	}
	return 500
}
