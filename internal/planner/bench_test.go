package planner

import (
	"fmt"
	"testing"

	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/timing"
)

func shipped(b *testing.B) *programme.Programme {
	b.Helper()
	progs, err := programme.LoadDir("../../workflows")
	if err != nil {
		b.Fatal(err)
	}
	return progs[0]
}

// BenchmarkPlanProgramme plans the real 2026-2029 programme.
func BenchmarkPlanProgramme(b *testing.B) {
	p := shipped(b)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		ts, err := Plan(p, timing.DefaultWindow())
		if err != nil {
			b.Fatal(err)
		}
		n = len(ts)
	}
	b.ReportMetric(float64(n), "tasks/op")
}

// BenchmarkPlanNational plans 500 programmes like the real one: every region in the country
// running a programme of this size.
func BenchmarkPlanNational(b *testing.B) {
	base := shipped(b)
	progs := make([]*programme.Programme, 500)
	for i := range progs {
		p := *base
		p.Key = fmt.Sprintf("regio-%03d-%s", i, base.Key)
		progs[i] = &p
	}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = 0
		for _, p := range progs {
			ts, err := Plan(p, timing.DefaultWindow())
			if err != nil {
				b.Fatal(err)
			}
			n += len(ts)
		}
	}
	b.ReportMetric(float64(n), "tasks/op")
}
