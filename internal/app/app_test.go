package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/web"
)

// setup copies the shipped programme into a temporary workflows directory and returns a
// configuration that points at it and at a fresh SQLite file.
func setup(t *testing.T) (*config.Config, string) {
	t.Helper()
	dir := t.TempDir()
	wf := filepath.Join(dir, "workflows")
	if err := os.Mkdir(wf, 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("../../workflows/uitvoeringsprogramma-bescherming-opvang-2026-2029.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(wf, "programma.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"VOORTGANG_DB":        filepath.Join(dir, "data", "voortgang.db"),
		"VOORTGANG_WORKFLOWS": wf,
		"VOORTGANG_LISTEN":    "127.0.0.1:0",
	}
	cfg, err := config.Load("../../config/voortgang.example.yaml", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return cfg, filepath.Join(wf, "programma.yaml")
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// The instants the app tests start at.
var (
	beforeTheRound = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) // a Monday before the 2026H2 round
	requestDay     = time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC) // the 2026H2 request day, 09:00 in Amsterdam
)

// newApp builds the daemon on cfg with a quiet log; it stops when the test ends.
func newApp(t testing.TB, cfg *config.Config, clk clock.Clock, opts Options) *App {
	t.Helper()
	return newAppLogging(t, cfg, clk, opts, quietLog())
}

// newAppLogging is newApp writing its log to log.
func newAppLogging(t testing.TB, cfg *config.Config, clk clock.Clock, opts Options, log *slog.Logger) *App {
	t.Helper()
	a, err := New(context.Background(), cfg, log, clk, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Stop)
	return a
}

// board is a browser on a started daemon's board: it keeps its session cookie and follows no
// redirect, so a test sees where a form sends it.
type board struct {
	t    testing.TB
	base string
	c    *http.Client
}

func newBoard(t testing.TB, a *App) *board {
	jar, _ := cookiejar.New(nil)
	return &board{t: t, base: "http://" + a.Addr(),
		c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends a request, a POST as a form from the board's own pages, and returns the status,
// the body and the Location.
func (b *board) do(method, path string, form url.Values) (code int, body, location string) {
	b.t.Helper()
	req, err := http.NewRequest(method, b.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", b.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return resp.StatusCode, string(got), resp.Header.Get("Location")
}

// addCoordinator adds sanne, a coordinator, with the password signIn gives.
func addCoordinator(t testing.TB, a *App, now time.Time) {
	t.Helper()
	hash, err := web.HashPassword("een lang wachtwoord")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Store().AddUser(context.Background(), store.User{Key: "sanne", Name: "Sanne Bakker", Email: "sanne@regio.example.org",
		Role: store.RoleCoordinator, PasswordHash: hash}, now); err != nil {
		t.Fatal(err)
	}
}

// signIn signs sanne (addCoordinator) in on the board.
func (b *board) signIn() {
	b.t.Helper()
	if code, _, _ := b.do(http.MethodPost, "/inloggen", url.Values{"gebruiker": {"sanne"}, "wachtwoord": {"een lang wachtwoord"}, "terug": {"/"}}); code != http.StatusSeeOther {
		b.t.Fatalf("sign in = %d", code)
	}
}

// startApp is newApp, started (listening, loops running).
func startApp(t testing.TB, cfg *config.Config, clk clock.Clock, opts Options) *App {
	t.Helper()
	a := newApp(t, cfg, clk, opts)
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestServeReconcilesAndReloadsOnChange(t *testing.T) {
	cfg, file := setup(t)
	ctx := context.Background()
	clk := clock.NewFake(beforeTheRound)
	a := startApp(t, cfg, clk, Options{WebOnly: true})

	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + a.Addr() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	code, body := get("/readyz")
	var ready struct {
		Ready      bool `json:"ready"`
		Programmes int  `json:"programmes"`
	}
	json.Unmarshal([]byte(body), &ready)
	if code != 200 || !ready.Ready || ready.Programmes != 1 {
		t.Errorf("/readyz = %d %s", code, body)
	}
	before, err := a.Store().Tasks(ctx, store.TaskFilter{Goal: 4})
	if err != nil || len(before) == 0 {
		t.Fatalf("tasks of doel 4: %d, %v", len(before), err)
	}

	// Edit doel 4 (Retrovo): its check becomes yearly. Only doel 4's tasks change.
	src, _ := os.ReadFile(file)
	edited := string(src)
	i := strings.Index(edited, "- number: 4\n")
	j := i + strings.Index(edited[i:], "check: Halfjaarlijks")
	edited = edited[:j] + "check: Jaarlijks" + edited[j+len("check: Halfjaarlijks"):]
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-a.reconciled:
		if err != nil {
			t.Fatalf("reconcile after edit: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no reconcile after the workflow file changed")
	}
	all, _ := a.Store().Tasks(ctx, store.TaskFilter{Goal: 4, IncludeObsolete: true})
	obsolete := 0
	for _, tk := range all {
		if tk.Obsolete() {
			obsolete++
			if tk.Phase != "check" {
				t.Errorf("obsoleted %s, want only check tasks", tk.Key)
			}
		}
	}
	// The eight half-year checks of 2026-2029 vanish; four yearly ones take their place.
	if obsolete != 8 {
		t.Errorf("obsolete check tasks = %d, want 8", obsolete)
	}

	// A broken edit keeps the previous plan and is reported on /readyz.
	if err := os.WriteFile(file, []byte(strings.Replace(edited, "check: Jaarlijks", "check: Q7 2027", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-a.reconciled:
		if err == nil || !strings.Contains(err.Error(), `"Q7 2027": kwartaal moet Q1..Q4 zijn`) {
			t.Fatalf("reconcile of a broken file: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no reconcile after the broken edit")
	}
	code, body = get("/readyz")
	if code != 200 || !strings.Contains(body, "workflow_error") || !strings.Contains(body, "Q7 2027") {
		t.Errorf("/readyz after a broken edit = %d %s", code, body)
	}
}

func TestNewRefusesForeignFile(t *testing.T) {
	cfg, _ := setup(t)
	if err := os.MkdirAll(filepath.Dir(cfg.Database), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg.Database, []byte("dit is geen database, maar een boodschappenlijst\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := New(context.Background(), cfg, quietLog(), clock.Real(), Options{})
	if err == nil {
		t.Fatal("New opened a file that is not a database")
	}
	if msg := err.Error(); strings.Contains(msg, "\n") || strings.Contains(msg, "goroutine") || !strings.Contains(msg, "SQLite") {
		t.Errorf("error is not one clear sentence: %q", msg)
	}
}

// TestEditedTemplates: a coordinator's copy of a mail template replaces the built-in one, and a
// broken copy stops the daemon at start with the file named.
func TestEditedTemplates(t *testing.T) {
	cfg, _ := setup(t)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "nl"), 0o755)
	cfg.Mail.TemplatesDir = dir
	os.WriteFile(filepath.Join(dir, "nl", "statusrequest.subject.tmpl"), []byte("Hoe staat het ervoor? {{period .Period}} [vg:{{.Token}}]\n"), 0o644)
	ctx := context.Background()
	a := newApp(t, cfg, clock.NewFake(requestDay), Options{WebOnly: true})
	if _, err := a.cycle.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	m, err := a.store.OutboxMessage(ctx, "uitvraag/2026H2/anna-devries")
	a.Stop()
	if err != nil || !strings.HasPrefix(m.Subject, "Hoe staat het ervoor? tweede helft 2026 [vg:") {
		t.Fatalf("subject = %q, %v", m.Subject, err)
	}
	os.WriteFile(filepath.Join(dir, "nl", "statusrequest.subject.tmpl"), []byte("{{.Onbekend}}\n"), 0o644)
	if _, err := New(ctx, cfg, quietLog(), clock.Real(), Options{WebOnly: true}); err == nil || !strings.Contains(err.Error(), "statusrequest") {
		t.Errorf("a broken template: %v", err)
	}
}

// TestChosenContactIsAsked: a coordinator who makes someone else responsible for an action
// (on the board) changes who is asked about it.
func TestChosenContactIsAsked(t *testing.T) {
	cfg, _ := setup(t)
	ctx := context.Background()
	a := newApp(t, cfg, clock.NewFake(requestDay), Options{WebOnly: true})
	ref := "bescherming-opvang-2026-2029/4a"
	if err := a.store.SetActionContact(ctx, store.ActionContact{Period: "2026H2", ActionRef: ref, ContactKey: "pieter-jansen", SetBy: "sanne-bakker", SetAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	p, _ := config.ParsePeriod("2026H2")
	round, err := a.cycle.LoadRound(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	has := func(contact string) bool {
		for _, it := range round.Items[contact] {
			if it.ActionRef == ref {
				return it.Role == "trekker"
			}
		}
		return false
	}
	if !has("pieter-jansen") {
		t.Error("the chosen contact is not asked about 4a as its lead")
	}
	if has("anna-devries") {
		t.Error("the owner's lead contact is still asked about 4a")
	}
}
