package web

import (
	"context"
	"html"
	"maps"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/report"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport/national"
)

var overviewStatus = regexp.MustCompile(`<a href="/acties/([0-9a-z]+)">[^<]*</a>(?s:.*?)</th>\s*<td>[^<]*</td>\s*<td><span class="status [^"]*">(?:<span aria-hidden="true">[^<]*</span> )?([^<]+)</span>`)

// One status rule everywhere: the same answers, fed once, give the same status on the board,
// in the report (action, overview table, counts, programmalijn text), in the
// raadsinformatiebrief and in the figures the draft announcement mail carries.
func TestOneStatusRuleBoardReportLetter(t *testing.T) {
	e := setupBoard(t)
	ctx := context.Background()
	prog := func() string { return e.cycle.Programmes()[0].Key }()
	add := func(ref, contact, status string) {
		t.Helper()
		r := store.Response{RefKind: store.RefAction, Ref: prog + "/" + ref, ContactKey: contact, Period: period,
			Status: status, Toelichting: "Toelichting over " + ref + ".", Source: store.SourceWeb}
		if _, err := e.store.AddResponse(ctx, r, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(1e9)
	}
	// 19a: lead "gemeenten" silent, a contributor (Veilig Thuis) reports a delay.
	add("19a", "mark-kok", "vertraagd")
	// 2a: the lead (Regio) is on schedule, a contributing municipality is not: the lead counts.
	add("2a", "anna-devries", "op schema")
	add("2a", "lisa-vandenberg", "vertraagd")
	// 9i: the municipalities are the lead and combine to the worst of them.
	add("9i", "lisa-vandenberg", "op schema")
	add("9i", "eva-dekker", "niet gestart")
	// 1a: a newer answer replaces the older one of the same contact.
	add("1a", "anna-devries", "vertraagd")
	add("1a", "anna-devries", "gereed")
	want := map[string]string{"19a": "vertraagd", "2a": "op schema", "9i": "niet gestart", "1a": "gereed"}

	// The board.
	b := e.signedIn(coordKey, coordPass)
	page := b.get("/")
	if page.code != 200 {
		t.Fatalf("overview = %d", page.code)
	}
	board := map[string]string{}
	for _, m := range overviewStatus.FindAllStringSubmatch(page.body, -1) {
		board[m[1]] = strings.TrimSpace(html.UnescapeString(m[2]))
	}
	if len(board) < 80 {
		t.Fatalf("board shows %d actions; the pattern no longer matches the page", len(board))
	}

	// The report.
	d, err := report.Build(ctx, report.Input{Store: e.store, Programme: e.cycle.Programmes()[0], Period: period, Now: e.clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	inReport := map[string]string{}
	for _, l := range d.Lines {
		for _, g := range l.Goals {
			for _, a := range g.Actions {
				for _, s := range append([]report.ActionReport{a}, a.Subs...) {
					if len(s.Subs) == 0 {
						inReport[s.Ref] = s.Status
					}
				}
			}
		}
	}
	overview := map[string]string{}
	for _, o := range d.Overview {
		overview[o.Ref] = o.Status
	}
	for ref, words := range want {
		code, _ := i18n.ParseStatus(words)
		if board[ref] != words {
			t.Errorf("board %s = %q, want %q", ref, board[ref], words)
		}
		if inReport[ref] != code {
			t.Errorf("report %s = %q, want %q", ref, inReport[ref], code)
		}
		if overview[ref] != code {
			t.Errorf("report overview %s = %q, want %q", ref, overview[ref], code)
		}
	}
	// Every action the board shows with an answer status has that status in the report too.
	delayed := 0
	for ref, words := range board {
		code, ok := i18n.ParseStatus(words)
		if !ok {
			continue
		}
		if code == i18n.StatusDelayed {
			delayed++
		}
		if inReport[ref] != code {
			t.Errorf("board %s = %q, report %q", ref, words, inReport[ref])
		}
	}
	if d.Counts.Delayed != delayed {
		t.Errorf("report counts %d delayed, the board shows %d", d.Counts.Delayed, delayed)
	}
	// Programmalijn 3 (doel 19) mentions the delay. (The silent municipalities stay on the
	// coordinator's list of missing answers: they were asked and have not answered.)
	if !strings.Contains(d.Lines[2].Intro, "vertraagd") {
		t.Errorf("programmalijn 3 intro does not mention the delay: %s", d.Lines[2].Intro)
	}

	// The raadsinformatiebrief lists exactly the delayed actions.
	letter := report.Raadsinformatiebrief(d)
	if len(letter.Delayed) != delayed || !strings.Contains(strings.Join(letter.Delayed, "\n"), "19a") {
		t.Errorf("letter lists %d delayed (%v), want %d with 19a", len(letter.Delayed), letter.Delayed, delayed)
	}
}

var countItem = regexp.MustCompile(`<li><span class="status [^"]*">(?:<span aria-hidden="true">[^<]*</span> )?([^<]+)</span>: (\d+)</li>`)

// counted reads the counts list that follows the heading with id in an overview page.
func counted(t *testing.T, body, id string) map[string]int {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("the page has no %s", id)
	}
	list := body[i:]
	list = list[:strings.Index(list, "</ul>")]
	out := map[string]int{}
	for _, m := range countItem.FindAllStringSubmatch(list, -1) {
		n, _ := strconv.Atoi(m[2])
		out[html.UnescapeString(m[1])] += n
	}
	return out
}

// One status rule across programmes: the counts of all programmes on the overview follow the
// same rule as each programme's own page and its report, so they are the sums of those —
// with a contributor's "vertraagd" against the lead's "op schema", and municipalities as lead.
func TestOneStatusRuleAcrossProgrammes(t *testing.T) {
	e := setupBoard(t, withProgrammes(t, 2))
	ctx := context.Background()
	progs := e.cycle.Programmes()
	add := func(prog, ref, contact, status string) {
		t.Helper()
		r := store.Response{RefKind: store.RefAction, Ref: prog + "/" + ref, ContactKey: contact, Period: period,
			Status: status, Source: store.SourceWeb}
		if _, err := e.store.AddResponse(ctx, r, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Second)
	}
	p0, p1 := national.ProgrammeKey(0), national.ProgrammeKey(1)
	// 2a (lead Regio): the lead is on schedule, a contributing municipality answers later
	// that it is delayed; the lead counts, in both programmes.
	add(p0, "2a", "anna-devries", "op schema")
	add(p0, "2a", "lisa-vandenberg", "vertraagd")
	add(p1, "2a", "lisa-vandenberg", "vertraagd")
	add(p1, "2a", "anna-devries", "op schema")
	// 19a (lead gemeenten): the municipalities are silent, a contributor reports a delay.
	add(p0, "19a", "mark-kok", "vertraagd")
	// 9i (lead gemeenten): two municipalities answer; the worst of them counts, not the newest.
	add(p1, "9i", "eva-dekker", "niet gestart")
	add(p1, "9i", "lisa-vandenberg", "op schema")

	b := e.signedIn(coordKey, coordPass)
	all := counted(t, b.get("/").body, "samenvatting-alle")
	sum := map[string]int{}
	for _, key := range []string{p0, p1} {
		page := b.get("/?programma=" + key)
		if page.code != 200 {
			t.Fatalf("overview of %s = %d", key, page.code)
		}
		for label, n := range counted(t, page.body, "samenvatting") {
			sum[label] += n
		}
	}
	if len(all) == 0 || !maps.Equal(all, sum) {
		t.Errorf("counts of all programmes = %v, the programmes' pages add up to %v", all, sum)
	}
	// The exact figures: 2a of both programmes on schedule, 19a delayed, 9i not started.
	if all["vertraagd"] != 1 || all["niet gestart"] != 1 || all["op schema"] != 2 {
		t.Errorf("counts of all programmes = %v, want vertraagd 1, niet gestart 1, op schema 2", all)
	}

	// The reports of both programmes count the same statuses.
	var rc report.StatusCounts
	for _, p := range progs {
		d, err := report.Build(ctx, report.Input{Store: e.store, Programme: p, Period: period, Now: e.clock.Now()})
		if err != nil {
			t.Fatal(err)
		}
		rc.OnTrack += d.Counts.OnTrack
		rc.Delayed += d.Counts.Delayed
		rc.NotStarted += d.Counts.NotStarted
		rc.Done += d.Counts.Done
		rc.Cancelled += d.Counts.Cancelled
	}
	for code, n := range map[string]int{i18n.StatusOnTrack: rc.OnTrack, i18n.StatusDelayed: rc.Delayed,
		i18n.StatusNotStarted: rc.NotStarted, i18n.StatusDone: rc.Done, i18n.StatusCancelled: rc.Cancelled} {
		if label := i18n.StatusLabel(code, "nl"); all[label] != n {
			t.Errorf("overview counts %d %s, the reports %d", all[label], label, n)
		}
	}
}
