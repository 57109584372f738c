package web

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/report"
	"github.com/regiogv/voortgang/internal/store"
)

var overviewStatus = regexp.MustCompile(`<a href="/acties/([0-9a-z]+)">[^<]*</a>(?s:.*?)</th>\s*<td>[^<]*</td>\s*<td><span class="status [^"]*">(?:<span aria-hidden="true">[^<]*</span> )?([^<]+)</span>`)

// One status rule everywhere: the same answers, fed once, give the same status on the board,
// in the report (action, overview table, counts, programmalijn text), in the
// raadsinformatiebrief and in the figures the draft announcement mail carries.
func TestOneStatusRuleBoardReportLetter(t *testing.T) {
	e := setup(t)
	e.addUsers()
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
