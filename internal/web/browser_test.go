package web

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, installed by `npm install --prefix internal/web/testdata/axe axe-core@4`
// (or named by $VOORTGANG_AXE).
func axeSource(t *testing.T) string {
	t.Helper()
	p := os.Getenv("VOORTGANG_AXE")
	if p == "" {
		p = filepath.Join("testdata", "axe", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		need(t, "axe-core ("+p+"): run npm install --prefix internal/web/testdata/axe axe-core@4")
	}
	return string(b)
}

// browserTest skips a browser test in -short mode and returns axe-core, which every page it
// visits is checked with.
func browserTest(t *testing.T) (axe string) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	return axeSource(t)
}

// need skips loudly when a tool is missing, and fails in CI, where a skipped browser test
// would hide a broken board.
func need(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but %s is missing", what)
	}
	t.Skipf("BROWSER TESTS SKIPPED: %s is missing", what)
}

func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	need(t, "chromium (apt-get install -y chromium)")
	return ""
}

// artifacts is where screenshots go: $VOORTGANG_ARTIFACTS, else the test's temp dir.
func artifacts(t *testing.T) string {
	if d := os.Getenv("VOORTGANG_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// startBrowser starts headless Chromium with the flags the project verified.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "nl-NL"),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// Start the browser on this context without a timeout (a timeout would stop it).
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	})); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// checkAxe injects axe-core into the current page and fails on any WCAG 2.1 A/AA violation.
func checkAxe(t *testing.T, ctx context.Context, axe, name string) {
	t.Helper()
	for _, v := range axeViolations(t, ctx, axe, name) {
		t.Errorf("%s: WCAG violation %s (%s): %s at %v", name, v.ID, v.Impact, v.Help, v.Nodes)
	}
}

func axeViolations(t *testing.T, ctx context.Context, axe, name string) []axeViolation {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
		t.Fatalf("%s: inject axe: %v", name, err)
	}
	js := `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
		.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe: %v", name, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("%s: axe result: %v", name, err)
	}
	return vs
}

func step(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(c, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(c, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// fetchText fetches a path from inside the page (same origin, with the session cookie) and
// returns the content type and the body.
func fetchText(t *testing.T, ctx context.Context, path string) (string, string) {
	t.Helper()
	js := fmt.Sprintf(`fetch(%q).then(r => r.text().then(b => JSON.stringify([r.status, r.headers.get('content-type'), b])))`, path)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch %s: %v", path, err)
	}
	var res []any
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res) != 3 {
		t.Fatalf("fetch %s: %v", path, err)
	}
	if res[0].(float64) != 200 {
		t.Fatalf("fetch %s = %v", path, res[0])
	}
	return res[1].(string), res[2].(string)
}

// TestBrowserCoordinatorJourney drives the board in headless Chromium as a coordinator does,
// and checks every page it visits with axe-core: zero WCAG 2.1 A/AA violations.
func TestBrowserCoordinatorJourney(t *testing.T) {
	axe := browserTest(t)
	e := setupBoard(t)
	e.post(e.path, answerTwo("BOZV schuift naar maart."))
	e.quarantine(forwardedID, forwarded)
	e.quarantine("zonder-ref@example.org", mailOpts{from: "iemand@example.org", subject: "Re: voortgang", body: "Vertraagd."})
	ctx := startBrowser(t)
	base := e.srv.URL

	step(t, ctx, "open login", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#gebruiker")))
	if !strings.Contains(location(t, ctx), "/inloggen?terug=%2F") {
		t.Errorf("signed out, / went to %s", location(t, ctx))
	}
	checkAxe(t, ctx, axe, "inloggen")
	// The checker itself can fail: an image without a text alternative is a violation.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/static/x.png">'); true`)); err != nil {
		t.Fatal(err)
	}
	if vs := axeViolations(t, ctx, axe, "zelftest"); len(vs) == 0 || vs[0].ID != "image-alt" {
		t.Fatalf("axe did not report an image without alt: %+v", vs)
	}
	step(t, ctx, "wrong password",
		chromedp.SendKeys(chromedp.CSS("#gebruiker"), coordKey), chromedp.SendKeys(chromedp.CSS("#wachtwoord"), "fout"),
		chromedp.Click(chromedp.CSS("form.inloggen button")), chromedp.WaitVisible(chromedp.CSS("#inlog-fout")))
	checkAxe(t, ctx, axe, "inloggen met fout")
	step(t, ctx, "sign in",
		chromedp.SetValue(chromedp.CSS("#gebruiker"), coordKey), chromedp.SendKeys(chromedp.CSS("#wachtwoord"), coordPass),
		chromedp.Click(chromedp.CSS("form.inloggen button")), chromedp.WaitVisible(chromedp.CSS("nav.hoofdmenu")))
	if h1 := text(t, ctx, "h1"); h1 != "Overzicht van het programma" {
		t.Fatalf("after sign-in h1 = %q", h1)
	}
	checkAxe(t, ctx, axe, "overzicht")
	// The first screen of the overview, as a coordinator sees it after signing in (PNG).
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	dir := artifacts(t)
	if err := os.WriteFile(filepath.Join(dir, "overzicht.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the overview: %s (%d bytes)", filepath.Join(dir, "overzicht.png"), len(shot))

	// Filter the task list with the keyboard-reachable form.
	step(t, ctx, "task list", chromedp.Navigate(base+"/taken"), chromedp.WaitVisible(chromedp.CSS("#f-doel")))
	checkAxe(t, ctx, axe, "taken")
	step(t, ctx, "filter",
		chromedp.SetValue(chromedp.CSS("#f-doel"), "15"), chromedp.SetValue(chromedp.CSS("#f-status"), "te-laat"),
		chromedp.Click(chromedp.CSS(".filters button[type=submit]")), chromedp.WaitReady(chromedp.CSS(`#f-doel option[value="15"][selected]`)))
	if u := location(t, ctx); !strings.Contains(u, "doel=15") || !strings.Contains(u, "status=te-laat") {
		t.Errorf("filtered URL = %s", u)
	}
	if got := text(t, ctx, "table.taken tbody tr th"); got != "15a" {
		t.Errorf("first filtered row = %q", got)
	}
	checkAxe(t, ctx, axe, "taken gefilterd")
	ct, csvBody := fetchText(t, ctx, "/taken.csv?doel=15")
	// fetch's text() drops the byte order mark; the HTTP tests check it is sent.
	if ct != "text/csv; charset=utf-8" || !strings.HasPrefix(strings.TrimPrefix(csvBody, "\ufeff"), "Taak;Programmalijn;Doel") {
		t.Errorf("CSV export = %s %q", ct, csvBody[:min(40, len(csvBody))])
	}

	// Open the action, edit and approve the answer.
	step(t, ctx, "open action", chromedp.Click(chromedp.CSS(`table.taken a[href="/acties/15a"]`)), chromedp.WaitVisible(chromedp.CSS("#antwoorden")))
	checkAxe(t, ctx, axe, "actie 15a")
	step(t, ctx, "edit answer",
		chromedp.Click(chromedp.CSS(".antwoord-laatste details.bewerken summary")),
		chromedp.WaitVisible(chromedp.CSS(".antwoord-laatste textarea")),
		chromedp.SetValue(chromedp.CSS(".antwoord-laatste textarea"), "Het BOZV-overleg is verplaatst naar maart 2027."),
		chromedp.Click(chromedp.CSS(".antwoord-laatste details.bewerken button")),
		chromedp.WaitVisible(chromedp.CSS(".bevestiging")))
	if got := text(t, ctx, ".bevestiging"); !strings.Contains(got, "nieuwe versie") {
		t.Errorf("after edit: %q", got)
	}
	checkAxe(t, ctx, axe, "actie na bewerken")
	step(t, ctx, "approve",
		chromedp.Click(chromedp.CSS(`.antwoord-laatste form.inline button`)),
		chromedp.WaitVisible(chromedp.CSS(".antwoord-laatste strong.label")))
	versions := e.latest()[prog+"15a"]
	if versions.Toelichting != "Het BOZV-overleg is verplaatst naar maart 2027." || !versions.Approved || versions.ApprovedBy != coordKey {
		t.Errorf("stored answer after the browser edit = %+v", versions)
	}

	// A request that failed for good: the overview's banner, the Periode page's resend button
	// and the failed-messages page must pass too, the latter with a message sent by two
	// instances.
	e.failRow("herinnering/2026H2/"+contact+"/9", "anna.devries@regio.example.org")
	e.sentByTwo("herinnering/2026H2/"+contact+"/8", "anna.devries@regio.example.org")
	for _, p := range []struct{ path, wait, name string }{
		{"/", ".melding a[href='/berichten']", "overzicht met mislukte berichten"},
		{"/berichten", "#twee-instanties + p + div table", "mislukte berichten"},
		{"/periode/2026H2", "table", "periode"},
		{"/concepten/2026H2", "h1", "concepten"},
		{"/kalender", "#feeds", "kalender"},
		{"/postvak", "table.postvak", "postvak"},
		{postvakPath(forwardedID), "#toewijzen", "postvak mail"},
		{"/bestaat-niet", "h1", "404"},
	} {
		step(t, ctx, p.name, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait)))
		checkAxe(t, ctx, axe, p.name)
		if p.name != "kalender" {
			continue
		}
		feed, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.feeds a').getAttribute('href')`))
		if err != nil {
			t.Fatal(err)
		}
		ct, ics := fetchText(t, ctx, feed[strings.Index(feed, "/kalender/"):])
		if ct != "text/calendar; charset=utf-8" || !strings.Contains(ics, "BEGIN:VEVENT") {
			t.Errorf("ICS export = %s %q", ct, ics[:min(60, len(ics))])
		}
	}

	// A mail without action references: the coordinator is asked to choose the action.
	step(t, ctx, "postvak choose action", chromedp.Navigate(base+postvakPath("zonder-ref@example.org")),
		chromedp.WaitVisible(chromedp.CSS("#pv-contact")), chromedp.SetValue(chromedp.CSS("#pv-contact"), contact),
		chromedp.Click(chromedp.CSS(`form[action$="/toewijzen"] button`)), chromedp.WaitVisible(chromedp.CSS("#pv-actie")))
	checkAxe(t, ctx, axe, "postvak actie kiezen")

	// The answer form keeps passing too.
	step(t, ctx, "answer form", chromedp.Navigate(base+e.path), chromedp.WaitVisible(chromedp.CSS("form")))
	checkAxe(t, ctx, axe, "antwoordformulier")

	step(t, ctx, "sign out", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("form.uitloggen button")),
		// Wait for the sign-in page itself: the overview has notices of its own (a failed
		// message, the milestones from before the start) that must not be read as this one.
		chromedp.Click(chromedp.CSS("form.uitloggen button")), chromedp.WaitVisible(chromedp.CSS("#gebruiker")),
		chromedp.WaitVisible(chromedp.CSS(".melding")))
	if got := text(t, ctx, ".melding"); got != "U bent uitgelogd." {
		t.Errorf("after sign-out: %q", got)
	}
	step(t, ctx, "board after sign-out", chromedp.Navigate(base+"/taken"), chromedp.WaitVisible(chromedp.CSS("#gebruiker")))
}
