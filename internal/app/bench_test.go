package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/testsupport/national"
)

// BenchmarkPassNational measures the scheduler's minute-by-minute pass over a national-scale
// store: 500 programmes like the real one (about 430,000 tasks), in the middle of a request
// round. "quiet" is a pass with no step due (the usual case); "step" is a pass at which the
// whole round is worked out again (a ladder step, or a new plan). "eigen" gives every copy its
// own contacts, as an installation would have; "gedeeld" points all copies at the example's
// 18 contacts, a stress case in which each is asked about thousands of actions.
func BenchmarkPassNational(b *testing.B) {
	n := 500
	if v := os.Getenv("VOORTGANG_BENCH_PROGRAMMES"); v != "" {
		fmt.Sscan(v, &n)
	}
	for _, shape := range []national.Shape{national.Own, national.Shared} {
		b.Run(shape.String(), func(b *testing.B) {
			dir := b.TempDir()
			cfgPath, wf := national.Write(b, "../..", dir, n, shape)
			env := map[string]string{"VOORTGANG_DB": filepath.Join(dir, "v.db"), "VOORTGANG_WORKFLOWS": wf, "VOORTGANG_LISTEN": "127.0.0.1:0",
				"VOORTGANG_SECRET_KEY": "a test secret that is long enough to sign links"}
			cfg, err := config.Load(cfgPath, func(k string) string { return env[k] })
			if err != nil {
				b.Fatal(err)
			}
			cfg.Mail.CatcherDir = filepath.Join(dir, "mail")
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
		})
	}
}
