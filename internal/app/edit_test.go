package app

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/store"
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
	clk := clock.NewFake(beforeTheRound)
	a := startApp(t, cfg, clk, Options{WebOnly: true})
	addCoordinator(t, a, clk.Now())
	browser := newBoard(t, a)
	browser.signIn()
	_, body, _ := browser.do(http.MethodGet, "/acties/9g/wijzigen", nil)
	form := url.Values{}
	for _, m := range inputRE.FindAllStringSubmatch(body, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range textareaRE.FindAllStringSubmatch(body, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	form.Set("cel-do", "Q3 2026")
	form.Set("reden", "Start later")
	form.Set("knop", "voorstellen")
	code, _, loc := browser.do(http.MethodPost, "/acties/9g/wijzigen", form)
	if code != http.StatusSeeOther || !proposalRE.MatchString(loc) {
		t.Fatalf("propose = %d %s", code, loc)
	}
	if code, _, next := browser.do(http.MethodPost, loc+"/bevestigen", url.Values{}); code != http.StatusSeeOther || !strings.HasSuffix(next, "?melding=voorstel-toegepast") {
		t.Fatalf("confirm = %d %s", code, next)
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
	clk := clock.NewFake(beforeTheRound)
	a := newApp(t, cfg, clk, Options{WebOnly: true})
	src, _ := os.ReadFile(file)
	if _, err := a.Store().AddVersion(ctx, store.ProgrammeVersion{Programme: "bescherming-opvang-2026-2029",
		Source: []byte(strings.Replace(string(src), "do: Q2 2026", "do: Q3 2026", 1)), CreatedBy: "sanne"}, 0, clk.Now()); err != nil {
		t.Fatal(err)
	}
	a.Stop()
	var logs strings.Builder
	newAppLogging(t, cfg, clk, Options{WebOnly: true}, slog.New(slog.NewTextHandler(&logs, nil)))
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
	a := newApp(t, cfg, clock.NewFake(beforeTheRound), Options{WebOnly: true})
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
