package report

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/sqlite"
	"github.com/regiogv/voortgang/internal/timing"
)

// The fixture is the real programme (cut down to a few doelen in each programmalijn, so that
// the golden files stay readable), reconciled into a real SQLite store, with contacts for the
// Regio, three of the seven municipalities and a few partners, and answers over three
// half-years: approved and not, from several municipalities, with indicator values, and with
// answers missing.

var ams = func() *time.Location {
	l, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return l
}()

// Clock of the fixture: the 2027H1 draft is made on 21 June 2027 for the PHO of 8 July 2027.
var (
	fixtureNow      = time.Date(2027, 6, 21, 9, 0, 0, 0, ams)
	fixtureMeeting  = time.Date(2027, 7, 8, 0, 0, 0, 0, time.UTC)
	fixtureDeadline = time.Date(2027, 6, 24, 0, 0, 0, 0, time.UTC)
	previousNow     = time.Date(2027, 1, 20, 9, 0, 0, 0, ams)
)

func loadProgramme(tb testing.TB) *programme.Programme {
	tb.Helper()
	ps, err := programme.LoadDir("../../workflows")
	if err != nil {
		tb.Fatalf("programma laden: %v", err)
	}
	if len(ps) == 0 {
		tb.Fatal("geen programma in workflows/")
	}
	return ps[0]
}

// trimmed keeps only the given doelen of the real programme.
func trimmed(p *programme.Programme, goals ...int) *programme.Programme {
	keep := map[int]bool{}
	for _, g := range goals {
		keep[g] = true
	}
	q := *p
	q.Lines = nil
	for _, l := range p.Lines {
		nl := l
		nl.Goals = nil
		for _, g := range l.Goals {
			if keep[g.Number] {
				nl.Goals = append(nl.Goals, g)
			}
		}
		q.Lines = append(q.Lines, nl)
	}
	return &q
}

// openStore opens a fresh SQLite store with the programme's tasks reconciled.
func openStore(tb testing.TB, p *programme.Programme) store.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "voortgang.db"), nil)
	if err != nil {
		tb.Fatalf("store openen: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	tasks, err := planner.Plan(p, timing.DefaultWindow())
	if err != nil {
		tb.Fatalf("plannen: %v", err)
	}
	if _, err := s.Reconcile(ctx, p.Key, tasks, time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)); err != nil {
		tb.Fatalf("reconcile: %v", err)
	}
	return s
}

type fixture struct {
	p     *programme.Programme
	store store.Store
}

func setup(t testing.TB) fixture {
	t.Helper()
	ctx := context.Background()
	p := trimmed(loadProgramme(t), 1, 2, 3, 7, 9, 15, 19)
	s := openStore(t, p)
	at := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	for _, c := range []store.Contact{
		{Key: "anna", Name: "Anna de Vries", Email: "a.devries@regiogv.nl", Owners: []string{"regio"}},
		{Key: "pieter", Name: "Pieter Jansen", Email: "p.jansen@hilversum.nl", Owners: []string{"hilversum"}},
		{Key: "fatima", Name: "Fatima el Amrani", Email: "f.elamrani@huizen.nl", Owners: []string{"huizen"}},
		{Key: "sanne", Name: "Sanne Bakker", Email: "s.bakker@gooisemeren.nl", Owners: []string{"gooise-meren"}},
		{Key: "kees", Name: "Kees Visser", Email: "k.visser@blaricum.nl", Owners: []string{"blaricum"}},
		{Key: "joost", Name: "Joost Mulder", Email: "j.mulder@ggdgv.nl", Owners: []string{"ggd"}},
		{Key: "lotte", Name: "Lotte de Boer", Email: "l.deboer@herstelnetwerk.nl", Owners: []string{"herstelnetwerk"}},
	} {
		if err := s.UpsertContact(ctx, c, at); err != nil {
			t.Fatalf("contact %s: %v", c.Key, err)
		}
	}
	f := fixture{p: p, store: s}

	// 2026H1: only indicator values (the programme had just started).
	f.answer(t, "3a", "anna", "2026H1", "op schema", "Uitvoering loopt.", store.SourceEmail, true,
		map[string]string{"crisiskaarten": "10"}, time.Date(2026, 7, 2, 10, 0, 0, 0, time.UTC))
	f.answer(t, "19c", "pieter", "2026H1", "op schema", "", store.SourceWeb, true,
		map[string]string{"handle-with-care-scholen": "60"}, time.Date(2026, 7, 3, 10, 0, 0, 0, time.UTC))

	// 2026H2: the previous draft.
	h2 := func(d int) time.Time { return time.Date(2027, 1, d, 10, 0, 0, 0, time.UTC) }
	f.answer(t, "1a", "anna", "2026H2", "op schema", "Het herstelteam is op sterkte.", store.SourceEmail, true, nil, h2(11))
	f.answer(t, "3a", "anna", "2026H2", "op schema", "Vijf nieuwe crisiskaarten verstrekt.", store.SourceWeb, true,
		map[string]string{"crisiskaarten": "12"}, h2(12))
	f.answer(t, "9i", "pieter", "2026H2", "op schema", "Loopt volgens planning.", store.SourceEmail, true, nil, h2(12))
	f.answer(t, "15a", "anna", "2026H2", "op schema", "Eén overleg gehouden.", store.SourceEmail, true,
		map[string]string{"bozv-overleggen": "1"}, h2(13))
	f.answer(t, "19c", "pieter", "2026H2", "op schema", "", store.SourceWeb, true,
		map[string]string{"handle-with-care-scholen": "65"}, h2(13))

	// 2027H1: the current draft.
	h1 := func(m time.Month, d int) time.Time { return time.Date(2027, m, d, 10, 0, 0, 0, time.UTC) }
	f.answer(t, "1a", "anna", "2027H1", "gereed",
		"De dienstverleningsovereenkomsten met GGz Centraal, Kwintes en Leger des Heils zijn verlengd.\n\nHet herstelteam is op sterkte en werkt regionaal.",
		store.SourceEmail, true, nil, h1(6, 2))
	f.answer(t, "3a", "anna", "2027H1", "vertraagd", "Door personeelstekort bij de aanbieder zijn minder kaarten verstrekt dan gepland.",
		store.SourceWeb, false, map[string]string{"crisiskaarten": "14"}, h1(6, 3))
	f.answer(t, "2a", "anna", "2027H1", "op schema", "Een locatie in Hilversum is in beeld.", store.SourceWeb, true,
		map[string]string{"herstelvoorzieningen": "0"}, h1(6, 4))
	f.answer(t, "2a", "pieter", "2027H1", "op schema", "Hilversum onderzoekt met Kwintes het pand aan de Larenseweg.",
		store.SourceEmail, true, nil, h1(6, 5))
	f.answer(t, "7b", "joost", "2027H1", "op schema",
		"Voorlichting *vet* en _schuin_ aan 40% van de ouders <script>alert('x')</script>\n# geen kop\n- geen lijst | geen tabel [link](javascript:alert(1)) &amp; @citaat $x$",
		store.SourceEmail, true, nil, h1(6, 7))
	f.answer(t, "9i", "pieter", "2027H1", "op schema", "Hilversum: intervisie vindt ieder kwartaal plaats.", store.SourceEmail, true, nil, h1(6, 8))
	f.answer(t, "9i", "fatima", "2027H1", "vertraagd", "Huizen: de scholing is naar het najaar verschoven.", store.SourceSlack, true, nil, h1(6, 9))
	f.answer(t, "9i", "sanne", "2027H1", "op schema", "Gooise Meren: loopt.", store.SourceWeb, false, nil, h1(6, 10))
	f.answer(t, "19b", "lotte", "2027H1", "niet gestart", "Start na de zomer.", store.SourceBoard, true, nil, h1(6, 11))
	f.answer(t, "19c", "pieter", "2027H1", "op schema", "", store.SourceWeb, true,
		map[string]string{"handle-with-care-scholen": "70"}, h1(6, 12))
	f.answer(t, "19c", "fatima", "2027H1", "op schema", "", store.SourceWeb, true,
		map[string]string{"handle-with-care-scholen": "8"}, h1(6, 12))
	f.answer(t, "19c", "sanne", "2027H1", "op schema", "", store.SourceWeb, true,
		map[string]string{"handle-with-care-scholen": "nog niet bekend"}, h1(6, 12))

	// A task answer: a milestone of 15a reported gereed on its own.
	tasks, err := s.Tasks(ctx, store.TaskFilter{Programme: p.Key, Goal: 15,
		DueFrom: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), DueTo: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range tasks {
		if tk.Ref() == "15a" {
			r := store.Response{RefKind: store.RefTask, Ref: tk.Key, ContactKey: "anna", Period: "2027H1",
				Status: "gereed", Toelichting: "Het eerste BOZV van 2027 is gehouden.", Source: store.SourceEmail,
				Approved: true, Indicators: map[string]string{"bozv-overleggen": "2"}}
			if _, err := s.AddResponse(ctx, r, h1(6, 14)); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	return f
}

func (f fixture) answer(tb testing.TB, ref, contact, period, status, text, source string, approved bool, ind map[string]string, at time.Time) {
	tb.Helper()
	r := store.Response{RefKind: store.RefAction, Ref: f.p.Key + "/" + ref, ContactKey: contact, Period: period,
		Status: status, Toelichting: text, Indicators: ind, Source: source, Approved: approved}
	if approved {
		r.ApprovedBy, r.ApprovedAt = "coordinator", at.Add(time.Hour)
	}
	if _, err := f.store.AddResponse(context.Background(), r, at); err != nil {
		tb.Fatalf("reactie %s/%s: %v", ref, contact, err)
	}
}

var fixtureSections = map[string]string{
	SectionLandelijk: "Het Nationaal Actieplan Dakloosheid *Eerst een Thuis* loopt door. Relevante ontwikkelingen:\n\n" +
		"- het programma Een thuis voor iedereen (zie doel 9);\n- het wetsvoorstel woonplaatsbeginsel Beschermd Wonen.\n",
}

// build makes the 2027H1 draft with the 2026H2 draft as its predecessor.
func (f fixture) build(tb testing.TB) *Draft {
	tb.Helper()
	return f.buildIn(tb, "")
}

// buildIn is build in a language ("" for the default).
func (f fixture) buildIn(tb testing.TB, lang string) *Draft {
	tb.Helper()
	ctx := context.Background()
	prev, err := Build(ctx, Input{Store: f.store, Programme: f.p, Period: "2026H2", Now: previousNow,
		Meeting: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), Lang: lang})
	if err != nil {
		tb.Fatalf("vorig concept: %v", err)
	}
	d, err := Build(ctx, Input{Store: f.store, Programme: f.p, Period: "2027H1", Now: fixtureNow,
		Meeting: fixtureMeeting, Deadline: fixtureDeadline, Sections: fixtureSections, Previous: prev,
		Contacts: map[string]string{"lotte": "Lotte de Boer (Herstelnetwerk)"}, Lang: lang})
	if err != nil {
		tb.Fatalf("concept: %v", err)
	}
	return d
}

func findAction(tb testing.TB, d *Draft, ref string) ActionReport {
	tb.Helper()
	for _, a := range leaves(d) {
		if a.Ref == ref {
			return a
		}
	}
	tb.Fatalf("actie %s niet in het concept", ref)
	return ActionReport{}
}
