package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport/national"
	"github.com/regiogv/voortgang/internal/testsupport/stack"
	"github.com/regiogv/voortgang/internal/timing"
)

// benchTasks is the size of the store the board must stay fast with.
const benchTasks = 100_000

// benchBoard serves the board over a SQLite store holding copies of the real programme, as
// many as make benchTasks tasks (each copy is its own programme, as in a national
// installation), and returns the server with a signed-in coordinator's cookie and the number
// of programmes.
func benchBoard(b *testing.B) (*httptest.Server, *http.Cookie, int) {
	b.Helper()
	ctx := context.Background()
	real, err := programme.LoadDir("../../workflows")
	if err != nil {
		b.Fatal(err)
	}
	one, err := planner.Plan(real[0], timing.Window{From: real[0].Period.From.Time, To: real[0].Period.To.Time})
	if err != nil {
		b.Fatal(err)
	}
	n := (benchTasks + len(one) - 1) / len(one)
	_, wf := national.Write(b, "../..", b.TempDir(), n, national.Shared)
	sk := stack.New(b, "../..", inRound, func(c *config.Config) { c.Workflows = wf })
	st, clk, cfg, svc, signer, log := sk.Store, sk.Clock, sk.Config, sk.Cycle, sk.Signer, sk.Log
	b.Logf("store: %d programmes of %d tasks: %d tasks", n, len(one), n*len(one))
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
			return srv, c, n
		}
	}
	b.Fatalf("sign in = %d", resp.StatusCode)
	return nil, nil, 0
}

// loadClients is the number of concurrent clients of the load generator: one per core of the
// 2-core CI machine.
const loadClients = 2

// BenchmarkBoard100k issues requests from a small load generator (loadClients concurrent clients on
// loopback) and reports the 50th and 95th percentile latency. Run with -benchtime=200x for
// the 200-request figure: go test ./internal/web -run '^$' -bench Board100k -benchtime=200x
func BenchmarkBoard100k(b *testing.B) {
	srv, cookie, n := benchBoard(b)
	for _, page := range []struct{ name, path string }{
		{"overzicht", "/?programma=" + national.ProgrammeKey(n/2)},
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
