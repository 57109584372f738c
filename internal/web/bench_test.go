package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport/stack"
	"github.com/regiogv/voortgang/internal/timing"
)

// benchTasks is the size of the store the board must stay fast with.
const benchTasks = 100_000

// benchBoard serves the board over a SQLite store holding the real programme's tasks plus
// synthetic ones on its actions (dates spread over 2026-2029), up to benchTasks, and returns
// the server with a signed-in coordinator's cookie.
func benchBoard(b *testing.B) (*httptest.Server, *http.Cookie) {
	b.Helper()
	ctx := context.Background()
	sk := stack.New(b, "../..", inRound, nil)
	st, clk, cfg, svc, signer, log := sk.Store, sk.Clock, sk.Config, sk.Cycle, sk.Signer, sk.Log
	progs := sk.Programmes
	p := progs[0]
	tasks, err := planner.Plan(p, timing.Window{From: p.Period.From.Time, To: p.Period.To.Time})
	if err != nil {
		b.Fatal(err)
	}
	real := len(tasks)
	var actions []planner.Task
	seen := map[string]bool{}
	for _, t := range tasks {
		if k := t.Ref(); !seen[k] {
			seen[k] = true
			actions = append(actions, t)
		}
	}
	phases := []string{"plan", "do", "check", "act"}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; len(tasks) < benchTasks; i++ {
		a := actions[i%len(actions)]
		due := start.AddDate(0, 0, (i*7)%(4*365))
		tasks = append(tasks, planner.Task{Key: fmt.Sprintf("%s/bench/%06d", p.Key, i), Programme: p.Key, Line: a.Line, Goal: a.Goal,
			Action: a.Action, Phase: phases[i%4], Kind: planner.Milestone, Title: fmt.Sprintf("%s %s: synthetische mijlpaal %d", phases[i%4], a.Ref(), i),
			Owners: a.Owners, Start: due.AddDate(0, -3, 0), Due: due, Source: "benchmark"})
	}
	if _, err := st.Reconcile(ctx, p.Key, tasks, clk.Now()); err != nil {
		b.Fatal(err)
	}
	b.Logf("store: %d tasks (%d planned, %d synthetic)", len(tasks), real, len(tasks)-real)
	h, _ := HashPassword(coordPass)
	if err := st.AddUser(ctx, store.User{Key: coordKey, Role: store.RoleCoordinator, PasswordHash: h}, clk.Now()); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(New(Deps{Cycle: svc, Store: st, Config: cfg, Signer: signer, Clock: clk, Log: log,
		RateLimit: RateLimit{PerMinute: 1e6, Burst: 1e6}}).Handler())
	b.Cleanup(srv.Close)
	form := url.Values{"gebruiker": {coordKey}, "wachtwoord": {coordPass}}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/inloggen", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := noRedirect.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			return srv, c
		}
	}
	b.Fatalf("sign in = %d", resp.StatusCode)
	return nil, nil
}

// loadClients is the number of concurrent clients of the load generator: one per core of the
// 2-core CI machine.
const loadClients = 2

// BenchmarkBoard100k issues requests from a small load generator (loadClients concurrent clients on
// loopback) and reports the 50th and 95th percentile latency. Run with -benchtime=200x for
// the 200-request figure: go test ./internal/web -run '^$' -bench Board100k -benchtime=200x
func BenchmarkBoard100k(b *testing.B) {
	srv, cookie := benchBoard(b)
	for _, page := range []struct{ name, path string }{
		{"overzicht", "/"},
		{"taken-gefilterd", "/taken?lijn=3&status=te-laat&sorteer=-due&pagina=3"},
		{"taken-doel-eigenaar", "/taken?doel=15&eigenaar=regio&periode=2027H1"},
	} {
		b.Run(page.name, func(b *testing.B) {
			get := func() time.Duration {
				req, _ := http.NewRequest(http.MethodGet, srv.URL+page.path, nil)
				req.AddCookie(cookie)
				t0 := time.Now()
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("%s = %d", page.path, resp.StatusCode)
				}
				return time.Since(t0)
			}
			get() // warm up
			var mu sync.Mutex
			var lat []time.Duration
			jobs := make(chan struct{})
			var wg sync.WaitGroup
			for range loadClients {
				wg.Go(func() {
					for range jobs {
						d := get()
						mu.Lock()
						lat = append(lat, d)
						mu.Unlock()
					}
				})
			}
			b.ResetTimer()
			for b.Loop() {
				jobs <- struct{}{}
			}
			close(jobs)
			wg.Wait()
			slices.Sort(lat)
			pct := func(p float64) float64 {
				return float64(lat[min(len(lat)-1, int(float64(len(lat))*p))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.95), "p95-ms")
			b.ReportMetric(float64(len(lat)), "requests")
		})
	}
}
