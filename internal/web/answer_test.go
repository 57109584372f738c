package web

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/links"
	"github.com/regiogv/voortgang/internal/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const prog = "bescherming-opvang-2026-2029/"

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("page contains %q", w)
		}
	}
}

func TestFormShowsTheContactsItemsInDutch(t *testing.T) {
	e := setup(t)
	r := e.get(e.path)
	if r.code != 200 {
		t.Fatalf("GET form = %d\n%s", r.code, r.body)
	}
	mustContain(t, r.body,
		`<html lang="nl">`, "<header", "<main", "<footer",
		"Beste Anna,",
		"Voortgang tweede helft 2026",
		"Tot en met 14 januari 2027 kunt u uw antwoorden wijzigen.",
		"PHO Sociaal Domein van 4 februari 2027",
		"Uitvoeringsprogramma Bescherming &amp; Opvang 2026-2029", // escaped
		"Doel 15: ", "Actie 15a", "Actie 3a", "Actie 16a",
		"<dd>trekker</dd>", "<dd>bijdrager</dd>",
		"<legend>Status van actie 15a</legend>",
		`value="op schema"`, `value="vertraagd"`, `value="gereed"`, `value="niet gestart"`, `value="vervallen"`,
		`<label for="actie-bescherming-opvang-2026-2029-15a-toelichting">Toelichting bij actie 15a`,
		"<strong>Te laat:</strong> Contractgesprek (Respijtvoorziening Retrovo (GGz Centraal)): 30 juni 2026",
		"Verstrekte crisiskaarten (kaarten)", "Streefwaarde: 25 kaarten.",
		"Nog geen antwoord.",
		`<button type="submit" class="knop">Antwoorden opslaan</button>`,
	)
	for h, want := range map[string]string{
		"Content-Security-Policy": "default-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"Cache-Control":           "no-store",
		"Content-Type":            "text/html; charset=utf-8",
	} {
		if got := r.header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if got := len(e.latest()); got != 0 {
		t.Errorf("a GET stored %d responses", got)
	}
}

func TestFormInEnglish(t *testing.T) {
	e := setup(t, english())
	r := e.get(e.path)
	if r.code != 200 {
		t.Fatalf("GET = %d", r.code)
	}
	mustContain(t, r.body, `<html lang="en">`, "Dear Anna,", "Progress second half of 2026", "Status of action 15a",
		">on track</label>", "until 14 January 2027", "<dd>lead</dd>", "Save answers")
}

// answerTwo is a form that answers 3a (with its indicator, in Dutch notation) and 15a.
func answerTwo(toelichting15a string) url.Values {
	return url.Values{
		"status:" + prog + "3a":                     {"op schema"},
		"toelichting:" + prog + "3a":                {"  Kaarten worden verstrekt.  "},
		"indicator:" + prog + "3a:crisiskaarten":    {"12,5"},
		"status:" + prog + "15a":                    {"vertraagd"},
		"toelichting:" + prog + "15a":               {toelichting15a},
		"indicator:" + prog + "15a:bozv-overleggen": {""},
		"status:" + prog + "1a":                     {""}, // not answered: skipped
	}
}

func TestPostingPartOfTheItemsStoresVersionsAndConfirms(t *testing.T) {
	e := setup(t)
	r := e.post(e.path, answerTwo("BOZV schuift naar maart."))
	if r.code != 303 {
		t.Fatalf("POST = %d, want 303\n%s", r.code, r.body)
	}
	if want := e.path + "/bedankt?opgeslagen=2"; r.header.Get("Location") != want {
		t.Errorf("Location = %q, want %q", r.header.Get("Location"), want)
	}
	got := e.latest()
	if len(got) != 2 {
		t.Fatalf("stored %d responses, want 2: %v", len(got), got)
	}
	a3, a15 := got[prog+"3a"], got[prog+"15a"]
	if a3.Status != "op schema" || a3.Toelichting != "Kaarten worden verstrekt." || a3.Indicators["crisiskaarten"] != "12.5" ||
		a3.Source != store.SourceWeb || a3.Version != 1 {
		t.Errorf("3a stored as %+v", a3)
	}
	if a15.Status != "vertraagd" || a15.Toelichting != "BOZV schuift naar maart." || a15.Version != 1 || len(a15.Indicators) != 0 {
		t.Errorf("15a stored as %+v", a15)
	}

	// The confirmation mail is in the outbox, keyed by the first stored version.
	first := min(a3.ID, a15.ID)
	m, err := e.store.OutboxMessage(context.Background(), "bevestiging/2026H2/anna-devries/"+itoa(first))
	if err != nil {
		t.Fatalf("confirmation not in the outbox: %v", err)
	}
	if m.Recipient != "anna.devries@regio.example.org" || !strings.Contains(m.BodyText, "15a") {
		t.Errorf("confirmation = %s to %s:\n%s", m.Subject, m.Recipient, m.BodyText)
	}

	thanks := e.get(e.path + "/bedankt?opgeslagen=2")
	if thanks.code != 200 {
		t.Fatalf("bedankt = %d", thanks.code)
	}
	mustContain(t, thanks.body, "Bedankt, uw antwoorden zijn opgeslagen.",
		"Dit hebben we genoteerd voor de tweede helft 2026", "Actie 3a", "Actie 15a",
		"op schema", "vertraagd", "BOZV schuift naar maart.", "Verstrekte crisiskaarten (kaarten)", "<dd>12,5</dd>",
		"U kunt uw antwoorden wijzigen tot en met 14 januari 2027.", "Aantal acties nog zonder antwoord: 62.")

	// Changing the toelichting of 15a stores version 2 of 15a only; 3a is unchanged.
	r = e.post(e.path, answerTwo("BOZV is verplaatst naar 12 maart."))
	if r.code != 303 || !strings.HasSuffix(r.header.Get("Location"), "?opgeslagen=1") {
		t.Fatalf("second POST = %d to %q", r.code, r.header.Get("Location"))
	}
	got = e.latest()
	if a := got[prog+"15a"]; a.Version != 2 || a.Toelichting != "BOZV is verplaatst naar 12 maart." || a.ID == a15.ID {
		t.Errorf("15a after the change = %+v", a)
	}
	if a := got[prog+"3a"]; a.Version != 1 || a.ID != a3.ID {
		t.Errorf("3a was stored again: %+v", a)
	}

	// The form shows the current answers.
	form := e.get(e.path)
	mustContain(t, form.body,
		`value="vertraagd" checked>`,
		">BOZV is verplaatst naar 12 maart.</textarea>",
		`name="indicator:bescherming-opvang-2026-2029/3a:crisiskaarten" value="12,5"`,
		`<span class="label">ingevuld</span>`)

	// Posting the prefilled form again changes nothing.
	r = e.post(e.path, answerTwo("BOZV is verplaatst naar 12 maart."))
	if !strings.HasSuffix(r.header.Get("Location"), "?opgeslagen=0") {
		t.Errorf("unchanged POST redirected to %q", r.header.Get("Location"))
	}
	mustContain(t, e.get(e.path+"/bedankt?opgeslagen=0").body, "Er was niets gewijzigd")
}

func TestInvalidInputShowsTheFormAgainWithDutchErrors(t *testing.T) {
	cases := []struct {
		name      string
		form      url.Values
		wantError string
		errorID   string
		kept      []string // what the user typed, shown again
	}{
		{
			name: "onbekende status",
			form: url.Values{
				"status:" + prog + "15a":      {"bijna klaar"},
				"toelichting:" + prog + "15a": {"Eerste overleg was in november."},
				"status:" + prog + "3a":       {"gereed"},
			},
			wantError: "Kies een van de vijf statussen hieronder.",
			errorID:   "actie-bescherming-opvang-2026-2029-15a-status-fout",
			kept:      []string{">Eerste overleg was in november.</textarea>", `value="gereed" checked>`},
		},
		{
			name: "indicator is geen getal",
			form: url.Values{
				"status:" + prog + "3a":                  {"op schema"},
				"toelichting:" + prog + "3a":             {"Loopt."},
				"indicator:" + prog + "3a:crisiskaarten": {"ongeveer twintig"},
			},
			wantError: "Vul een getal in, bijvoorbeeld 12 of 12,5",
			errorID:   "actie-bescherming-opvang-2026-2029-3a-indicator-crisiskaarten-fout",
			kept:      []string{`value="ongeveer twintig"`, ">Loopt.</textarea>", `aria-invalid="true"`},
		},
		{
			name: "duizendtal met punt",
			form: url.Values{
				"status:" + prog + "3a":                  {"op schema"},
				"indicator:" + prog + "3a:crisiskaarten": {"1.250"},
			},
			wantError: "zonder punt voor duizendtallen",
			errorID:   "actie-bescherming-opvang-2026-2029-3a-indicator-crisiskaarten-fout",
			kept:      []string{`value="1.250"`},
		},
		{
			name: "toelichting zonder status",
			form: url.Values{
				"toelichting:" + prog + "1a": {"Team draait."},
			},
			wantError: "Kies een status.",
			errorID:   "actie-bescherming-opvang-2026-2029-1a-status-fout",
			kept:      []string{">Team draait.</textarea>"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := setup(t)
			r := e.post(e.path, c.form)
			if r.code != 422 {
				t.Fatalf("POST = %d, want 422", r.code)
			}
			mustContain(t, r.body, c.wantError, `id="`+c.errorID+`"`, c.errorID+`"`, // the message and a field pointing at it
				"<title>Fout: ", "Er is nog niets opgeslagen", `role="alert"`)
			mustContain(t, r.body, c.kept...)
			if n := len(e.latest()); n != 0 {
				t.Errorf("%d responses stored despite the error", n)
			}
		})
	}
}

func TestToelichtingIsEscaped(t *testing.T) {
	e := setup(t)
	evil := `<script>alert("x")</script> & <b>vet</b>`
	r := e.post(e.path, url.Values{"status:" + prog + "15a": {"op schema"}, "toelichting:" + prog + "15a": {evil}})
	if r.code != 303 {
		t.Fatalf("POST = %d", r.code)
	}
	if got := e.latest()[prog+"15a"].Toelichting; got != evil {
		t.Errorf("stored %q, want it verbatim", got)
	}
	for _, page := range []string{e.path, e.path + "/bedankt"} {
		body := e.get(page).body
		mustNotContain(t, body, "<script>", "<b>vet</b>")
		mustContain(t, body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt;")
	}
}

func TestBrokenLinksGetAClearPage(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	sign := func(c links.Claims) string { return "/antwoord/" + e.signer.Sign(c) }
	later := e.clock.Now().Add(30 * 24 * time.Hour)
	tampered := []byte(e.token)
	tampered[len(tampered)-3] ^= 1
	payload, sig, _ := strings.Cut(e.token, ".")

	cases := []struct {
		name    string
		path    string
		code    int
		heading string
	}{
		{"gewijzigde handtekening", "/antwoord/" + string(tampered), 404, "Deze link werkt niet"},
		{"andere persoon ingevuld", "/antwoord/" + resign(t, payload, "anna-devries", "hans-brouwer") + "." + sig, 404, "Deze link werkt niet"},
		{"afgebroken link", e.path[:len(e.path)-10], 404, "Deze link werkt niet"},
		{"geen token", "/antwoord/onzin", 404, "Deze link werkt niet"},
		{"link voor een agenda", sign(links.Claims{Purpose: links.Calendar, Subject: contact, Period: period, Request: e.request.Key, Expires: later}), 404, "Deze link werkt niet"},
		{"onbekende uitvraag", sign(links.Claims{Purpose: links.Answer, Subject: contact, Period: period, Request: "uitvraag/2026H2/niemand", Expires: later}), 404, "Deze link werkt niet"},
		{"uitvraag van iemand anders", sign(links.Claims{Purpose: links.Answer, Subject: "hans-brouwer", Period: period, Request: e.request.Key, Expires: later}), 404, "Deze link werkt niet"},
		{"verlopen", sign(links.Claims{Purpose: links.Answer, Subject: contact, Period: period, Request: e.request.Key, Expires: e.clock.Now().Add(-time.Hour)}), 410, "Deze link is verlopen"},
		{"bedankt met gewijzigde link", "/antwoord/" + string(tampered) + "/bedankt", 404, "Deze link werkt niet"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := []response{e.get(c.path)}
			if !strings.HasSuffix(c.path, "/bedankt") { // bedankt has no POST
				rs = append(rs, e.post(c.path, answerTwo("x")))
			}
			for _, r := range rs {
				if r.code != c.code {
					t.Errorf("%s = %d, want %d", c.path, r.code, c.code)
				}
				mustContain(t, r.body, "<h1>"+c.heading+"</h1>", "<main")
				mustNotContain(t, r.body, "goroutine", "panic", "links:")
				if r.header.Get("Cache-Control") != "no-store" {
					t.Errorf("error page Cache-Control = %q", r.header.Get("Cache-Control"))
				}
			}
		})
	}
	if n := len(e.latest()); n != 0 {
		t.Errorf("%d responses stored through broken links", n)
	}

	t.Run("ingetrokken", func(t *testing.T) {
		if err := e.store.RevokeStatusRequest(ctx, e.request.Key, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		for _, r := range []response{e.get(e.path), e.post(e.path, answerTwo("x")), e.get(e.path + "/bedankt")} {
			if r.code != 410 {
				t.Errorf("revoked link = %d, want 410", r.code)
			}
			mustContain(t, r.body, "Deze link is ingetrokken")
		}
		if n := len(e.latest()); n != 0 {
			t.Errorf("%d responses stored through a revoked link", n)
		}
	})
}

func TestLinkExpiresAfterTheMeetingDay(t *testing.T) {
	e := setup(t)
	// The link is valid through the PHO day, 4 februari 2027, in Amsterdam.
	e.clock.Set(time.Date(2027, 2, 5, 0, 0, 0, 0, i18n.Amsterdam()))
	if r := e.get(e.path); r.code != 410 {
		t.Errorf("just after the meeting day = %d, want 410", r.code)
	}
	e.clock.Set(time.Date(2027, 2, 4, 23, 0, 0, 0, i18n.Amsterdam()))
	if r := e.get(e.path); r.code != 200 {
		t.Errorf("on the meeting day = %d, want 200", r.code)
	}
}

func TestAfterTheDeadlineTheFormIsReadOnly(t *testing.T) {
	e := setup(t)
	if r := e.post(e.path, answerTwo("Voor de deadline.")); r.code != 303 {
		t.Fatalf("POST before the deadline = %d", r.code)
	}
	e.clock.Set(time.Date(2027, 1, 20, 9, 0, 0, 0, time.UTC)) // deadline 14 januari, PHO 4 februari
	r := e.get(e.path)
	if r.code != 200 {
		t.Fatalf("GET after the deadline = %d", r.code)
	}
	mustContain(t, r.body, "De termijn is verstreken",
		"Antwoorden over de tweede helft 2026 konden tot en met 14 januari 2027 worden gegeven.",
		`<a href="mailto:sanne.bakker@regio.example.org">Sanne Bakker</a>`,
		`value="vertraagd" checked disabled>`, "readonly>Voor de deadline.</textarea>")
	mustNotContain(t, r.body, `type="submit"`)

	r = e.post(e.path, answerTwo("Na de deadline."))
	if r.code != 409 {
		t.Errorf("POST after the deadline = %d, want 409", r.code)
	}
	mustContain(t, r.body, "De termijn is verstreken")
	if got := e.latest()[prog+"15a"]; got.Toelichting != "Voor de deadline." || got.Version != 1 {
		t.Errorf("answer after the deadline changed the store: %+v", got)
	}
	mustContain(t, e.get(e.path+"/bedankt").body, "De termijn liep tot en met 14 januari 2027")
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	e := setup(t)
	r := e.post(e.path, answerTwo("Van elders."), "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if r.code != 403 {
		t.Fatalf("cross-site POST = %d, want 403", r.code)
	}
	mustContain(t, r.body, "Verzoek geweigerd", `<html lang="nl">`)
	if n := len(e.latest()); n != 0 {
		t.Errorf("cross-site POST stored %d responses", n)
	}
	// A POST without either header (curl, an old browser) is let through: that is why no
	// GET changes state.
	req := url.Values{"status:" + prog + "15a": {"gereed"}}
	r = e.post(e.path, req, "Origin", "", "Sec-Fetch-Site", "")
	if r.code != 303 {
		t.Errorf("header-less POST = %d, want 303", r.code)
	}
}

func TestRateLimitPerLink(t *testing.T) {
	e := setup(t, withRateLimit(RateLimit{PerMinute: 30, Burst: 10, ClientFactor: 3}))
	for i := range 10 {
		if r := e.get(e.path); r.code != 200 {
			t.Fatalf("request %d = %d, want 200", i+1, r.code)
		}
	}
	r := e.get(e.path)
	if r.code != 429 {
		t.Fatalf("request 11 = %d, want 429", r.code)
	}
	if got := r.header.Get("Retry-After"); got != "2" {
		t.Errorf("Retry-After = %q, want 2 (one request per two seconds)", got)
	}
	mustContain(t, r.body, "Even geduld")
	if r := e.get("/static/voortgang.css"); r.code != 200 {
		t.Errorf("static files are limited too: %d", r.code)
	}
	// A colleague behind the same address (every test request comes from 127.0.0.1) is not
	// limited by the hammered link.
	_, other := e.link("hans-brouwer")
	for i := range 10 {
		if r := e.get("/antwoord/" + other); r.code != 200 {
			t.Fatalf("other link, request %d = %d, want 200: one address shares the link's bucket", i+1, r.code)
		}
	}
	e.clock.Advance(2 * time.Second)
	if r := e.get(e.path); r.code != 200 {
		t.Errorf("after waiting = %d, want 200", r.code)
	}
}

// TestRateLimitPerClient: a script guessing tokens uses a new token each request, so only the
// client's bucket (ClientFactor times the link's) stops it.
func TestRateLimitPerClient(t *testing.T) {
	e := setup(t, withRateLimit(RateLimit{PerMinute: 30, Burst: 10, ClientFactor: 3}))
	for i := range 30 {
		if r := e.get(fmt.Sprintf("/antwoord/geraden-%d", i)); r.code == 429 {
			t.Fatalf("guess %d = 429 before the client's bucket of 30 is empty", i+1)
		}
	}
	if r := e.get("/antwoord/geraden-31"); r.code != 429 {
		t.Fatalf("guess 31 = %d, want 429", r.code)
	}
}

func TestUnknownRouteAndStatic(t *testing.T) {
	e := setup(t)
	r := e.get("/bestaat-niet")
	if r.code != 404 {
		t.Errorf("unknown route = %d", r.code)
	}
	mustContain(t, r.body, "<h1>Pagina niet gevonden</h1>", "<header", "<footer")
	css := e.get("/static/voortgang.css")
	if css.code != 200 || !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") || !strings.Contains(css.body, ":focus-visible") {
		t.Errorf("css = %d %s", css.code, css.header.Get("Content-Type"))
	}
	if r := e.get("/static/"); r.code != 404 {
		t.Errorf("/static/ listing = %d, want 404", r.code)
	}
}

// TestFormGolden pins the rendered form of one contact who has answered one action.
func TestFormGolden(t *testing.T) {
	e := setup(t)
	_, token := e.link("hans-brouwer")
	path := "/antwoord/" + token
	items := e.itemsOf("hans-brouwer")
	if len(items) == 0 {
		t.Fatal("hans-brouwer has no items")
	}
	r := e.post(path, url.Values{"status:" + items[0].ActionRef: {"vertraagd"}, "toelichting:" + items[0].ActionRef: {"Wacht op \"besluit\" <PHO>."}})
	if r.code != 303 {
		t.Fatalf("POST = %d", r.code)
	}
	r = e.get(path)
	if r.code != 200 {
		t.Fatalf("GET = %d", r.code)
	}
	checkGolden(t, "form.golden.html", strings.ReplaceAll(r.body, token, "TOKEN"))
}

// checkGolden compares got with testdata/name, which -update rewrites first.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("page differs from %s (run go test ./internal/web -run '^%s$' -update and review the diff)", golden, t.Name())
	}
}

func TestEveryTemplateLabelExistsInBothLanguages(t *testing.T) {
	re := regexp.MustCompile(`\.[TN] "([^"]+)"`)
	files, err := filepath.Glob("templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatal("no templates", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if _, ok := labels[m[1]]; !ok {
				t.Errorf("%s uses label %q, which is not in the table", f, m[1])
			}
		}
	}
	for k, v := range labels {
		if v[0] == "" || v[1] == "" {
			t.Errorf("label %q lacks a language: %q", k, v)
		}
	}
}

func TestPanicBecomesA500Page(t *testing.T) {
	e := setup(t)
	var logged strings.Builder
	s := New(Deps{Cycle: e.cycle, Store: e.store, Config: e.cycle.Config, Signer: e.signer, Clock: e.clock,
		Log: slogTo(&logged)})
	h := securityHeaders(false, s.recoverPanics(handlerFunc(func() { panic(errors.New("kapot: geheime details")) })))
	r := serve(h)
	if r.code != 500 {
		t.Errorf("panic = %d, want 500", r.code)
	}
	mustContain(t, r.body, "<h1>Er ging iets mis</h1>")
	mustNotContain(t, r.body, "geheime details", "goroutine")
	if !strings.Contains(logged.String(), "geheime details") {
		t.Errorf("panic not logged: %s", logged.String())
	}
}

func TestOversizedFormIsRefused(t *testing.T) {
	e := setup(t)
	big := strings.Repeat("x", maxFormBytes+1)
	r := e.post(e.path, url.Values{"status:" + prog + "15a": {"gereed"}, "toelichting:" + prog + "15a": {big}})
	if r.code != 413 {
		t.Errorf("oversized POST = %d, want 413", r.code)
	}
	mustContain(t, r.body, "Formulier niet ontvangen")
	if n := len(e.latest()); n != 0 {
		t.Errorf("%d responses stored", n)
	}
}

func TestParseNumber(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"25", 25, true},
		{"12,5", 12.5, true},
		{"12.5", 12.5, true},
		{" 1 250 ", 1250, true},
		{"-3", -3, true},
		{"0,125", 0.125, true},
		{"1,1250", 1.125, true},
		{"1.250", 0, false}, // Dutch thousands separator: refused, not read as 1,25
		{"1,250", 0, false},
		{"1.250,5", 0, false},
		{"ongeveer 20", 0, false},
		{"20%", 0, false},
		{"1e400", 0, false},
		{"NaN", 0, false},
	}
	for _, c := range cases {
		got, ok := parseNumber(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("parseNumber(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	// What the form shows is read back as the same number.
	for _, v := range []string{"1.125", "12.5", "1250", "0.5"} {
		n, ok := parseNumber(formatNumberString(v, "nl"))
		if want, _ := strconv.ParseFloat(v, 64); !ok || n != want {
			t.Errorf("stored %s shows as %q, read back as %v, %v", v, formatNumberString(v, "nl"), n, ok)
		}
	}
}
