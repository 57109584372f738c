package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
)

// BenchmarkPassNational measures the scheduler's minute-by-minute pass over a national-scale
// store: 500 programmes like the real one (about 430,000 tasks), in the middle of a request
// round. "quiet" is a pass with no step due (the usual case); "step" is a pass at which the
// whole round is worked out again (a ladder step, or a new plan).
func BenchmarkPassNational(b *testing.B) {
	n := 500
	if v := os.Getenv("VOORTGANG_BENCH_PROGRAMMES"); v != "" {
		fmt.Sscan(v, &n)
	}
	dir := b.TempDir()
	src, err := os.ReadFile("../../workflows/uitvoeringsprogramma-bescherming-opvang-2026-2029.yaml")
	if err != nil {
		b.Fatal(err)
	}
	wf := filepath.Join(dir, "workflows")
	os.Mkdir(wf, 0o755)
	for i := range n {
		body := strings.Replace(string(src), "key: bescherming-opvang-2026-2029", fmt.Sprintf("key: regio-%03d-bo-2026-2029", i), 1)
		if err := os.WriteFile(filepath.Join(wf, fmt.Sprintf("p%03d.yaml", i)), []byte(body), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	env := map[string]string{"VOORTGANG_DB": filepath.Join(dir, "v.db"), "VOORTGANG_WORKFLOWS": wf, "VOORTGANG_LISTEN": "127.0.0.1:0",
		"VOORTGANG_SECRET_KEY": "a test secret that is long enough to sign links"}
	cfg, err := config.Load("../../config/voortgang.example.yaml", func(k string) string { return env[k] })
	if err != nil {
		b.Fatal(err)
	}
	clk := clock.NewFake(time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)) // the 2026H2 request day, 09:00
	a, err := New(context.Background(), cfg, quietLog(), clk, Options{WebOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Stop()
	ctx := context.Background()
	if _, err := a.cycle.Pass(ctx); err != nil { // the requests go out once
		b.Fatal(err)
	}
	b.Run("quiet", func(b *testing.B) {
		for b.Loop() {
			clk.Advance(time.Minute)
			if _, err := a.cycle.Pass(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("step", func(b *testing.B) {
		for b.Loop() {
			a.cycle.Invalidate()
			if _, err := a.cycle.Pass(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
