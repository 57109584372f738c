package sqlstore

import (
	"testing"

	"github.com/regiogv/voortgang/internal/store/storetest"
)

func BenchmarkHash(b *testing.B) {
	tasks := storetest.SyntheticPlan(1, 1000)["p000"]
	var h hasher
	for b.Loop() {
		for _, t := range tasks {
			h.plan(t)
		}
	}
}
