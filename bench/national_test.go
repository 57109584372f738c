// Package bench holds the benchmarks of voortgang at national scale, where one run compares
// one programme with hundreds, so the figures in README.md are ratios from one machine in one
// run. The per-package benchmarks (planner, store, notify, web) measure their parts alone.
package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/app"
	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/links"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport/national"
	"github.com/regiogv/voortgang/internal/web"
)

const secret = "a bench secret that is long enough to sign links"

// requestDay is the 2026H2 request day at 09:00 in Amsterdam: every contact has open items.
var requestDay = time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)

// programmes is the national scale: VOORTGANG_BENCH_PROGRAMMES, default 500.
func programmes() int {
	n := 500
	if v := os.Getenv("VOORTGANG_BENCH_PROGRAMMES"); v != "" {
		if m, err := strconv.Atoi(v); err == nil && m > 0 {
			n = m
		}
	}
	return n
}

// installation is an app over n programmes served on loopback, with a signed-in coordinator
// and the form link of one contact in the middle of the copies.
type installation struct {
	n        int
	srv      *httptest.Server
	board    *http.Client
	form     string // the answer form's path
	items    int    // the contact's items
	overview string // the overview of the programme in the middle
}

func install(b *testing.B, n int, shape national.Shape) *installation {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	cfgPath, wf := national.Write(b, "..", dir, n, shape)
	env := map[string]string{"VOORTGANG_DB": filepath.Join(dir, "v.db"), "VOORTGANG_WORKFLOWS": wf,
		"VOORTGANG_LISTEN": "127.0.0.1:0", "VOORTGANG_SECRET_KEY": secret}
	cfg, err := config.Load(cfgPath, func(k string) string { return env[k] })
	if err != nil {
		b.Fatal(err)
	}
	cfg.Mail.CatcherDir = filepath.Join(dir, "mail")
	clk := clock.NewFake(requestDay)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	t0 := time.Now()
	a, err := app.New(ctx, cfg, log, clk, app.Options{WebOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(a.Stop)
	b.Logf("%d programmes (%s contacts): started in %v", n, shape, time.Since(t0).Round(time.Millisecond))

	mid := n / 2
	contact := "anna-devries"
	if shape == national.Own {
		contact += national.Suffix(mid)
	}
	p, _ := config.ParsePeriod("2026H2")
	sr, _, err := a.Store().EnsureStatusRequest(ctx, store.StatusRequest{Key: "uitvraag/2026H2/" + contact, ContactKey: contact,
		Period: p.String(), Token: "benchtoken" + strconv.Itoa(n)}, clk.Now())
	if err != nil {
		b.Fatal(err)
	}
	m, ok := a.Cycle().Meeting(p)
	if !ok {
		b.Fatal("no meeting for 2026H2")
	}
	u, err := url.Parse(a.Cycle().FormURL(sr, m))
	if err != nil {
		b.Fatal(err)
	}
	round, err := a.Cycle().LoadContactRound(ctx, p, contact)
	if err != nil {
		b.Fatal(err)
	}

	bs := a.Store().(store.BoardStore)
	h, _ := web.HashPassword("bench wachtwoord")
	if err := bs.AddUser(ctx, store.User{Key: "sanne-bakker", Role: store.RoleCoordinator, PasswordHash: h}, clk.Now()); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(web.New(web.Deps{Cycle: a.Cycle(), Store: a.Store(), Config: cfg, Signer: links.NewSigner([]byte(secret)),
		Clock: clk, Log: log, RateLimit: web.RateLimit{PerMinute: 1e6, Burst: 1e6}}).Handler())
	b.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	form := url.Values{"gebruiker": {"sanne-bakker"}, "wachtwoord": {"bench wachtwoord"}}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/inloggen", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	return &installation{n: n, srv: srv, board: client, form: u.Path, items: len(round.Items[contact]),
		overview: "/?programma=" + national.ProgrammeKey(mid)}
}

// cpuTime is the CPU time this process (server and load generator) has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// load issues requests GETs of path from clients concurrent clients and returns the 50th and
// 95th percentile latency in ms, the size of the last response and the CPU time per request
// in ms (server and client together; on a shared machine the latencies include waiting for
// a core, the CPU time does not).
func load(b *testing.B, c *http.Client, url string, clients, requests int) (p50, p95 float64, size int, cpu float64) {
	b.Helper()
	get := func() (time.Duration, int) {
		t0 := time.Now()
		resp, err := c.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("%s = %d", url, resp.StatusCode)
		}
		return time.Since(t0), len(body)
	}
	get() // warm up
	cpu0 := cpuTime()
	var mu sync.Mutex
	var lat []time.Duration
	jobs := make(chan struct{})
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for range jobs {
				d, n := get()
				mu.Lock()
				lat, size = append(lat, d), n
				mu.Unlock()
			}
		})
	}
	for range requests {
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	cpu = float64((cpuTime() - cpu0).Microseconds()) / 1000 / float64(requests)
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(float64(len(lat))*p))].Microseconds()) / 1000
	}
	return pct(0.50), pct(0.95), size, cpu
}

// BenchmarkNationalWeb compares one programme with VOORTGANG_BENCH_PROGRAMMES (default 500),
// each region with its own contacts: the answer form of one contact (200 requests, 2
// clients) and the board's overview of one programme (200 requests, 8 clients). Run once:
//
//	go test ./bench -run '^$' -bench NationalWeb -benchtime 1x -timeout 30m
func BenchmarkNationalWeb(b *testing.B) {
	n := programmes()
	one := install(b, 1, national.Own)
	many := install(b, n, national.Own)
	if one.items != many.items || one.items == 0 {
		b.Fatalf("the contact has %d items with one programme and %d with %d", one.items, many.items, n)
	}
	for b.Loop() {
		_, f1, _, fc1 := load(b, one.board, one.srv.URL+one.form, 2, 200)
		_, fn, _, fcn := load(b, many.board, many.srv.URL+many.form, 2, 200)
		_, o1, s1, oc1 := load(b, one.board, one.srv.URL+one.overview, 8, 200)
		_, on, sn, ocn := load(b, many.board, many.srv.URL+many.overview, 8, 200)
		b.ReportMetric(f1, "form-p95-ms-1")
		b.ReportMetric(fn, fmt.Sprintf("form-p95-ms-%d", n))
		b.ReportMetric(fn/f1, "form-ratio")
		b.ReportMetric(fcn/fc1, "form-cpu-ratio")
		b.ReportMetric(o1, "overview-p95-ms-1")
		b.ReportMetric(on, fmt.Sprintf("overview-p95-ms-%d", n))
		b.ReportMetric(ocn, fmt.Sprintf("overview-cpu-ms-%d", n))
		b.ReportMetric(float64(s1)/1000, "overview-KB-1")
		b.ReportMetric(float64(sn)/1000, fmt.Sprintf("overview-KB-%d", n))
		b.Logf("answer form (%d items): p95 %.1f ms (CPU %.1f ms) with 1 programme, %.1f ms (CPU %.1f ms) with %d: %.2fx (CPU %.2fx)",
			one.items, f1, fc1, fn, fcn, n, fn/f1, fcn/fc1)
		b.Logf("overview: %d KB / p95 %.1f ms (CPU %.1f ms) with 1 programme, %d KB / p95 %.1f ms (CPU %.1f ms) with %d (8 clients)",
			s1/1000, o1, oc1, sn/1000, on, ocn, n)
	}
}
