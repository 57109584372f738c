package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport/national"
)

// On a fresh board the milestones that were already past when voortgang started are offered
// to be closed in one step; afterwards they are afgehandeld with the reason, and milestones
// that became overdue after the start are still te laat.
func TestHistoryBeforeTheStartClosedInOneStep(t *testing.T) {
	e := setupBoard(t) // reconciled on 15 December 2026
	ctx := context.Background()
	overdue := func() []store.TaskRow {
		t.Helper()
		p, err := e.store.SearchTasks(ctx, store.TaskQuery{Status: store.TaskOverdue, Today: e.clock.Now()})
		if err != nil {
			t.Fatal(err)
		}
		return p.Tasks
	}
	before := len(overdue())
	if before == 0 {
		t.Fatal("no overdue milestones on a fresh board; the test needs some")
	}
	b := e.signedIn(coordKey, coordPass)
	page := b.get("/")
	m := regexp.MustCompile(`(\d+) mijlpalen lagen al in het verleden toen voortgang ze op 15 december 2026 voor het eerst plande`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("overview does not offer to close the history:\n%s", page.body[:min(3000, len(page.body))])
	}
	if n, _ := strconv.Atoi(m[1]); n != before {
		t.Errorf("offers %d, %d are overdue", n, before)
	}
	progKey := e.cycle.Programmes()[0].Key
	form := url.Values{"programma": {progKey}}
	if v := e.signedIn(viewerKey, viewerPass); v.post("/taken/voor-de-start", form).code == http.StatusSeeOther {
		t.Error("a viewer closed the history")
	}
	if r := b.post("/taken/voor-de-start", url.Values{"programma": {"onbekend"}}); r.code != http.StatusBadRequest {
		t.Errorf("unknown programme = %d", r.code)
	}
	if r := b.post("/taken/voor-de-start", form); r.code != http.StatusSeeOther || r.header.Get("Location") != "/?melding=historie-afgehandeld" {
		t.Fatalf("close = %d %s", r.code, r.header.Get("Location"))
	}
	if left := overdue(); len(left) != 0 {
		t.Errorf("%d still overdue after closing the history", len(left))
	}
	done, err := e.store.SearchTasks(ctx, store.TaskQuery{Status: store.TaskDone, Today: e.clock.Now()})
	if err != nil || len(done.Tasks) != before {
		t.Fatalf("done = %d (%v), want %d", len(done.Tasks), err, before)
	}
	for _, tk := range done.Tasks {
		if tk.StatusOverrideBy != coordKey {
			t.Errorf("%s closed by %q", tk.Key, tk.StatusOverrideBy)
		}
	}
	page = b.get("/?melding=historie-afgehandeld")
	mustContain(t, page.body, "De mijlpalen van vóór de start zijn als afgehandeld gemarkeerd.")
	mustNotContain(t, page.body, `id="voor-de-start"`)
	if audit, _ := e.store.Audit(ctx, "programma", progKey); len(audit) != 1 {
		t.Errorf("audit = %+v", audit)
	}

	// A milestone that passes after the start is te laat as always, and not offered.
	e.clock.Advance(30 * 24 * time.Hour)
	if len(overdue()) == 0 {
		t.Fatal("nothing became overdue in a month")
	}
	mustNotContain(t, b.get("/").body, `id="voor-de-start"`)
}

// Counted labels agree with their number.
func TestCountLabels(t *testing.T) {
	for _, tc := range []struct {
		key, lang string
		n         int
		want      string
	}{
		{"overview.overdue_count", "nl", 1, "1 mijlpaal verlopen"},
		{"overview.overdue_count", "nl", 3, "3 mijlpalen verlopen"},
		{"overview.overdue_count", "en", 1, "1 milestone past due"},
		{"drafts.diff.lines_added", "nl", 1, "1 regel toegevoegd"},
		{"drafts.diff.lines_removed", "nl", 2, "2 regels verwijderd"},
		{"action.contract.years", "en", 1, "1 year"},
		{"action.contract.years", "nl", 8, "8 jaar"},
	} {
		if got := countLabel(tc.key, tc.n, tc.lang); got != tc.want {
			t.Errorf("%s(%d, %s) = %q, want %q", tc.key, tc.n, tc.lang, got, tc.want)
		}
	}
}

// A doel's own save button stores what is filled in and returns to that doel with the
// confirmation and the counts; a forged button value ends at the thank-you page as the bottom
// button does.
func TestSaveOneGoalReturnsToIt(t *testing.T) {
	e := setup(t)
	form := answerTwo("BOZV schuift.")
	const g15 = "doel-bescherming-opvang-2026-2029-15"
	form.Set("opslaan", g15)
	r := e.post(e.path, form)
	want := e.path + "?opgeslagen=2&doel=" + g15 + "#" + g15
	if r.code != http.StatusSeeOther || r.header.Get("Location") != want {
		t.Fatalf("save doel 15 = %d %q, want %q", r.code, r.header.Get("Location"), want)
	}
	page := e.get(e.path + "?opgeslagen=2&doel=" + g15)
	mustContain(t, page.body, `<p class="voortgang" id="`+g15+`-voortgang">1 van `, "2 antwoorden opgeslagen.")
	if i, j := strings.Index(page.body, `<h3 id="`+g15+`"`), strings.Index(page.body, "2 antwoorden opgeslagen."); i < 0 || j < i {
		t.Error("the confirmation does not stand in doel 15")
	}
	form.Set("opslaan", "https://elders.example.org/")
	if r := e.post(e.path, form); r.code != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), e.path+"/bedankt") {
		t.Errorf("forged button = %d %q", r.code, r.header.Get("Location"))
	}
}

// The doelen of the answer form are anchored per programme: with two programmes in one form
// each doel's id names its programme, so doel 15 of the second programme is not the first
// one's; the first programme's doelen keep the id older mails link to ("doel-0-15").
func TestGoalAnchorsPerProgramme(t *testing.T) {
	e := setup(t, withProgrammes(t, 2))
	page := e.get(e.path)
	if page.code != http.StatusOK {
		t.Fatalf("form = %d", page.code)
	}
	p0, p1 := national.ProgrammeKey(0), national.ProgrammeKey(1)
	for _, p := range []string{p0, p1} {
		id := "doel-" + p + "-15"
		mustContain(t, page.body, `<h3 id="`+id+`">`, `<a href="#`+id+`">`, `name="opslaan" value="`+id+`"`)
	}
	if n := strings.Count(page.body, `id="doel-0-15"`); n != 1 {
		t.Errorf("the old anchor doel-0-15 is on the page %d times, want once", n)
	}
	if i, j := strings.Index(page.body, `id="doel-0-15"`), strings.Index(page.body, `<h3 id="doel-`+p0+`-15">`); i < 0 || j < i || j-i > 200 {
		t.Error("the old anchor doel-0-15 is not the first programme's doel 15")
	}
	// Saving doel 15 of the second programme returns there.
	g := "doel-" + p1 + "-15"
	if r := e.post(e.path, url.Values{"opslaan": {g}}); r.code != http.StatusSeeOther || !strings.HasSuffix(r.header.Get("Location"), "#"+g) {
		t.Errorf("save doel 15 of %s = %d %q", p1, r.code, r.header.Get("Location"))
	}
}
