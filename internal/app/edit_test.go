package app

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/web"
)

var (
	inputRE    = regexp.MustCompile(`<input type="(?:text|date)" id="[^"]*" name="([^"]*)" value="([^"]*)"`)
	textareaRE = regexp.MustCompile(`(?s)<textarea id="[^"]*" name="([^"]*)"[^>]*>(.*?)</textarea>`)
	proposalRE = regexp.MustCompile(`^/voorstellen/\d+$`)
)

// The daemon as wired: a coordinator changes a cell on the board, confirms, and the workflow
// file, the programmes in force and the stored plan all have the change.
func TestBoardChangeWritesTheWorkflowFile(t *testing.T) {
	cfg, file := setup(t)
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	a, err := New(ctx, cfg, quietLog(), clk, Options{WebOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer a.Stop()
	hash, err := web.HashPassword("een lang wachtwoord")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Store().AddUser(ctx, store.User{Key: "sanne", Name: "Sanne", Role: store.RoleCoordinator, PasswordHash: hash}, clk.Now()); err != nil {
		t.Fatal(err)
	}
	base := "http://" + a.Addr()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := post("/inloggen", url.Values{"gebruiker": {"sanne"}, "wachtwoord": {"een lang wachtwoord"}, "terug": {"/"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in = %d", r.StatusCode)
	}
	resp, err := c.Get(base + "/acties/9g/wijzigen")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	form := url.Values{}
	for _, m := range inputRE.FindAllStringSubmatch(string(body), -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range textareaRE.FindAllStringSubmatch(string(body), -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	form.Set("cel-do", "Q3 2026")
	form.Set("reden", "Start later")
	form.Set("knop", "voorstellen")
	r := post("/acties/9g/wijzigen", form)
	loc := r.Header.Get("Location")
	if r.StatusCode != http.StatusSeeOther || !proposalRE.MatchString(loc) {
		t.Fatalf("propose = %d %s", r.StatusCode, loc)
	}
	if r := post(loc+"/bevestigen", url.Values{}); r.StatusCode != http.StatusSeeOther || !strings.HasSuffix(r.Header.Get("Location"), "?melding=voorstel-toegepast") {
		t.Fatalf("confirm = %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	src, _ := os.ReadFile(file)
	if !strings.Contains(string(src), "            do: Q3 2026\n            check: Q3 2026") {
		t.Error("the workflow file does not have 9g's new Do")
	}
	for _, lf := range a.Programmes()[0].Leaves() {
		if lf.Ref == "9g" && lf.Action.Do != "Q3 2026" {
			t.Errorf("9g in force has Do %q", lf.Action.Do)
		}
	}
	if tk, err := a.Store().Task(ctx, "bescherming-opvang-2026-2029/9g/do/2026-07-01..2026-09-30"); err != nil || tk.Obsolete() {
		t.Errorf("the new task: %+v, %v", tk, err)
	}
	vs, err := a.Store().Versions(ctx, "bescherming-opvang-2026-2029")
	if err != nil || len(vs) != 2 || vs[0].CreatedBy != "sanne" {
		t.Errorf("versions = %+v, %v", vs, err)
	}
}

// A workflow file that lost a change confirmed on the board is in force, but not silently.
func TestWarnsWhenTheFileIsBehindTheBoard(t *testing.T) {
	cfg, file := setup(t)
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	a, err := New(ctx, cfg, quietLog(), clk, Options{WebOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile(file)
	if _, err := a.Store().AddVersion(ctx, store.ProgrammeVersion{Programme: "bescherming-opvang-2026-2029",
		Source: []byte(strings.Replace(string(src), "do: Q2 2026", "do: Q3 2026", 1)), CreatedBy: "sanne"}, 0, clk.Now()); err != nil {
		t.Fatal(err)
	}
	a.Stop()
	var logs strings.Builder
	b, err := New(ctx, cfg, slog.New(slog.NewTextHandler(&logs, nil)), clk, Options{WebOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Stop()
	if !strings.Contains(logs.String(), "the workflow file is not the version last confirmed on the board") ||
		!strings.Contains(logs.String(), "by=sanne") {
		t.Errorf("no warning at start:\n%s", logs.String())
	}
}

// When the board's versions of a programme cannot be read, the comparison is skipped, but
// not silently: the warning names the programme and the error.
func TestWarnsWhenTheBoardVersionsCannotBeRead(t *testing.T) {
	cfg, _ := setup(t)
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	a, err := New(ctx, cfg, quietLog(), clk, Options{WebOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Stop()
	var logs strings.Builder
	a.log = slog.New(slog.NewTextHandler(&logs, nil))
	gone, cancel := context.WithCancel(ctx)
	cancel() // every store read on it fails
	a.warnFileBehindBoard(gone)
	want := regexp.MustCompile(`level=WARN msg="cannot compare the workflow file with the board: its versions cannot be read" ` +
		`programme=bescherming-opvang-2026-2029 err=".*context canceled"`)
	if !want.MatchString(logs.String()) {
		t.Errorf("no warning naming the programme and the error:\n%s", logs.String())
	}
}
