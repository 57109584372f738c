package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/jonboulle/clockwork"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport"
	"github.com/regiogv/voortgang/internal/web"
)

// opsApp is an app (not started) over httptest with a coordinator and a viewer account.
type opsApp struct {
	t   *testing.T
	a   *App
	srv *httptest.Server
	clk *clock.Fake
}

func newOpsApp(t *testing.T, edit func(*config.Config), opts ...func(*Options)) *opsApp {
	t.Helper()
	cfg, _ := setup(t)
	cfg.Mail.CatcherDir = t.TempDir()
	if edit != nil {
		edit(cfg)
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	clk := clock.NewFake(requestDay)
	op := Options{WebOnly: true}
	for _, f := range opts {
		f(&op)
	}
	a := newApp(t, cfg, clk, op)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	for _, u := range []struct{ key, role string }{{"sanne", store.RoleCoordinator}, {"lezer", store.RoleViewer}} {
		h, err := web.HashPassword("wachtwoord van " + u.key)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Store().AddUser(context.Background(), store.User{Key: u.key, Name: u.key, Email: u.key + "@regio.example.org", Role: u.role, PasswordHash: h}, clk.Now()); err != nil {
			t.Fatal(err)
		}
	}
	return &opsApp{t: t, a: a, srv: srv, clk: clk}
}

var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// signIn returns the session cookie of user.
func (o *opsApp) signIn(user string) *http.Cookie {
	o.t.Helper()
	form := url.Values{"gebruiker": {user}, "wachtwoord": {"wachtwoord van " + user}}
	req, _ := http.NewRequest(http.MethodPost, o.srv.URL+"/inloggen", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := noFollow.Do(req)
	if err != nil {
		o.t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "voortgang_sessie" {
			return c
		}
	}
	o.t.Fatalf("sign in as %s = %d, no session", user, resp.StatusCode)
	return nil
}

func (o *opsApp) get(path string, cookie *http.Cookie, header ...string) (int, http.Header, string) {
	o.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, o.srv.URL+path, nil)
	if cookie != nil {
		req.AddCookie(cookie)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := noFollow.Do(req)
	if err != nil {
		o.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// The mail catcher holds working answer links: only a signed-in coordinator sees it, and it
// does not exist at all once a real transport is configured.
func TestMailCatcherIsForCoordinatorsOnly(t *testing.T) {
	o := newOpsApp(t, nil)
	// Put one status request in the catcher.
	o.clk.Set(time.Date(2026, 12, 15, 9, 0, 0, 0, time.UTC))
	if _, sent, _, err := o.a.RunOnce(context.Background()); err != nil || sent == 0 {
		t.Fatalf("run once: sent %d, %v", sent, err)
	}
	code, h, _ := o.get("/dev/mail/", nil)
	if code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/inloggen?terug=%2Fdev%2Fmail%2F") {
		t.Errorf("anonymous /dev/mail/ = %d %s, want a redirect to sign in", code, h.Get("Location"))
	}
	if code, _, _ := o.get("/dev/mail/", o.signIn("lezer")); code != http.StatusForbidden {
		t.Errorf("viewer /dev/mail/ = %d, want 403", code)
	}
	code, _, body := o.get("/dev/mail/", o.signIn("sanne"))
	if code != 200 || !strings.Contains(body, `href="m/`) {
		t.Errorf("coordinator /dev/mail/ = %d\n%s", code, body)
	}

	withSMTP := newOpsApp(t, func(c *config.Config) { c.Mail.SMTPURL = "smtp://voortgang:geheim@127.0.0.1:2525" })
	if code, _, _ := withSMTP.get("/dev/mail/", withSMTP.signIn("sanne")); code != http.StatusNotFound {
		t.Errorf("with SMTP configured /dev/mail/ = %d, want 404", code)
	}
}

// memIMAP is the shared in-process IMAP server (testsupport) with the app's mailbox user.
type memIMAP struct{ *testsupport.IMAPServer }

func newMemIMAP(t *testing.T) *memIMAP {
	t.Helper()
	return &memIMAP{testsupport.NewIMAPServer(t, "voortgang@regio.example.org", "geheim",
		imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}})}
}

func (m *memIMAP) deliver(t *testing.T, raw string) {
	t.Helper()
	raw = strings.ReplaceAll(strings.ReplaceAll(raw, "\r\n", "\n"), "\n", "\r\n")
	if _, err := m.User.Append("INBOX", strings.NewReader(raw), &imap.AppendOptions{}); err != nil {
		t.Fatal(err)
	}
}

// scrape reads /metrics and returns the samples by name and sorted labels
// (`voortgang_tasks{state="open"}`).
func scrape(t *testing.T, url, token string) (int, map[string]float64) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := map[string]float64{}
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			continue
		}
		out[line[:i]] = v
	}
	return resp.StatusCode, out
}

func fixtureFile(t *testing.T, name string, repl ...string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "inbox", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.NewReplacer(repl...).Replace(string(b))
}

// The operator's metrics, scraped over HTTP after real work: a pass that queues and delivers
// the status requests, four replies read from a real IMAP mailbox, and the leader's business
// gauges from the store.
func TestMetricsAfterRealWork(t *testing.T) {
	mbox := newMemIMAP(t)
	const token = "een-lang-metrics-token"
	o := newOpsApp(t, func(c *config.Config) {
		c.Metrics.Listen = "127.0.0.1:0"
		c.Metrics.Token = token
		c.Mail.IMAPURL = "imap://voortgang%40regio.example.org:geheim@" + mbox.Addr + "/INBOX"
	}, func(op *Options) {
		op.IMAPOptions.InsecureLoopback = true
		op.Ticker = clockwork.NewFakeClock()
	})
	ctx := context.Background()
	if err := o.a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	url := "http://" + o.a.MetricsAddr() + "/metrics"
	if code, _ := scrape(t, url, ""); code != http.StatusUnauthorized {
		t.Errorf("scrape without token = %d, want 401", code)
	}
	if code, _ := scrape(t, url, "verkeerd-token-verkeerd"); code != http.StatusUnauthorized {
		t.Errorf("scrape with a wrong token = %d, want 401", code)
	}
	// Not on the main listener when it has its own.
	if code, _, _ := o.get("/metrics", nil, "Authorization", "Bearer "+token); code == 200 {
		t.Errorf("/metrics also on the main listener")
	}

	// The round's status requests go out.
	o.clk.Set(time.Date(2026, 12, 15, 9, 0, 0, 0, time.UTC))
	res, sent, failed, err := o.a.RunOnce(ctx)
	if err != nil || sent == 0 || failed != 0 {
		t.Fatalf("run once: %+v sent %d failed %d, %v", res, sent, failed, err)
	}
	anna, ok := o.a.cfg.Contact("anna-devries")
	if !ok {
		t.Fatal("no contact anna-devries")
	}
	sr, err := o.a.Store().StatusRequest(ctx, "uitvraag/2026H2/anna-devries")
	if err != nil {
		t.Fatal(err)
	}
	mbox.deliver(t, fixtureFile(t, "imap/reply_two_refs.eml", "{{TOKEN}}", sr.Token, "{{INREPLYTO}}", "x@y", "{{MSGID}}", "antwoord@regio.example.org",
		"{{FROM}}", anna.Email, "{{EXTRA}}", ""))
	mbox.deliver(t, fixtureFile(t, "autoreply_en.eml"))
	mbox.deliver(t, fixtureFile(t, "bounce_dsn.eml"))
	mbox.deliver(t, fixtureFile(t, "no_token.eml"))
	o.clk.Advance(time.Hour)
	_, sent2, _, err := o.a.RunOnce(ctx) // the confirmation of the answer, the bounce note …
	if err != nil {
		t.Fatal(err)
	}

	code, m := scrape(t, url, token)
	if code != 200 {
		t.Fatalf("scrape = %d", code)
	}
	want := map[string]float64{
		`voortgang_delivery_attempts_total{channel="email",outcome="sent"}`: float64(sent + sent2),
		`voortgang_inbox_messages_total{outcome="answer"}`:                  1,
		`voortgang_inbox_messages_total{outcome="auto_reply"}`:              1,
		`voortgang_inbox_messages_total{outcome="bounce"}`:                  1,
		`voortgang_inbox_messages_total{outcome="quarantine"}`:              1,
		`voortgang_inbox_messages_total{outcome="duplicate"}`:               0,
		`voortgang_pass_duration_seconds_count`:                             2,
		`voortgang_pass_last_success_timestamp_seconds`:                     float64(o.clk.Now().Unix()),
		`voortgang_reconcile_last_success_timestamp_seconds`:                float64(o.clk.Now().Unix()),
		`voortgang_leader`: 0, // --web-only: no scheduler, not the leader
		`voortgang_delivery_attempts_total{channel="email",outcome="permanent"}`: 0,
	}
	for k, v := range want {
		if got, ok := m[k]; !ok || got != v {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, v)
		}
	}
	if _, ok := m[`voortgang_tasks{state="open"}`]; ok {
		t.Errorf("a replica that is not the leader reports business gauges")
	}

	// As the leader it reports the business gauges, equal to the store's counts.
	stop, err := o.a.startScheduler(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, m = scrape(t, url, token)
	stop()
	if m["voortgang_leader"] != 1 {
		t.Errorf("voortgang_leader = %v as leader", m["voortgang_leader"])
	}
	depth, err := o.a.Store().OutboxDepth(ctx)
	if err != nil || len(depth) == 0 {
		t.Fatalf("outbox depth = %v, %v", depth, err)
	}
	for _, c := range depth {
		k := `voortgang_outbox_messages{kind="` + c.Kind + `",status="` + c.Status + `"}`
		if m[k] != float64(c.N) {
			t.Errorf("%s = %v, want %d", k, m[k], c.N)
		}
	}
	states, err := o.a.Store().TaskStates(ctx, o.a.today())
	if err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for s, n := range states {
		if got := m[`voortgang_tasks{state="`+s+`"}`]; got != float64(n) {
			t.Errorf("tasks %s = %v, want %d", s, got, n)
		}
		total += float64(n)
	}
	if total == 0 || m["voortgang_store_scrape_errors"] != 0 {
		t.Errorf("tasks total %v, scrape errors %v", total, m["voortgang_store_scrape_errors"])
	}
	if _, m = scrape(t, url, token); m["voortgang_leader"] != 0 {
		t.Errorf("voortgang_leader after the scheduler stopped = %v", m["voortgang_leader"])
	}
}

// Without a separate address /metrics is on the main listener, behind the token; without a
// token it is not served at all.
func TestMetricsOnTheMainListener(t *testing.T) {
	const token = "een-lang-metrics-token"
	o := newOpsApp(t, func(c *config.Config) { c.Metrics.Token = token })
	if code, _, _ := o.get("/metrics", nil); code != http.StatusUnauthorized {
		t.Errorf("without token = %d, want 401", code)
	}
	code, _, body := o.get("/metrics", nil, "Authorization", "Bearer "+token)
	if code != 200 || !strings.Contains(body, "# TYPE voortgang_delivery_attempts_total counter") {
		t.Errorf("with token = %d\n%.300s", code, body)
	}
	off := newOpsApp(t, nil)
	if code, _, _ := off.get("/metrics", nil, "Authorization", "Bearer "+token); code == 200 {
		t.Errorf("/metrics served without metrics configured")
	}
}

// The daily retention job prunes what is old enough after real work, and counts it.
func TestPruneAfterRetention(t *testing.T) {
	const token = "een-lang-metrics-token"
	o := newOpsApp(t, func(c *config.Config) { c.Metrics.Token = token })
	ctx := context.Background()
	o.clk.Set(time.Date(2026, 12, 15, 9, 0, 0, 0, time.UTC))
	_, sent, _, err := o.a.RunOnce(ctx)
	if err != nil || sent == 0 {
		t.Fatalf("run once: %d, %v", sent, err)
	}
	key := "uitvraag/2026H2/anna-devries" // the status request's outbox key is the request key
	if a, _ := o.a.Store().Attempts(ctx, key); len(a) != 1 {
		t.Fatalf("attempts of %s = %d", key, len(a))
	}
	// Not yet old enough.
	if err := o.a.Prune(ctx); err != nil {
		t.Fatal(err)
	}
	if a, _ := o.a.Store().Attempts(ctx, key); len(a) != 1 {
		t.Fatalf("attempts pruned too early")
	}
	o.clk.Advance(config.Days(o.a.cfg.Retention.DeliveryAttempts) + time.Hour)
	if err := o.a.Prune(ctx); err != nil {
		t.Fatal(err)
	}
	if a, _ := o.a.Store().Attempts(ctx, key); len(a) != 0 {
		t.Errorf("attempts after %d days = %d", o.a.cfg.Retention.DeliveryAttempts, len(a))
	}
	if m, err := o.a.Store().OutboxMessage(ctx, key); err != nil || m.Status != "sent" {
		t.Errorf("the message itself: %+v, %v", m.Status, err)
	}
	_, _, body := o.get("/metrics", nil, "Authorization", "Bearer "+token)
	if !strings.Contains(body, fmt.Sprintf(`voortgang_retention_pruned_total{what="delivery_attempts"} %d`, sent)) {
		t.Errorf("retention counter missing or wrong:\n%s", grepLines(body, "retention"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
