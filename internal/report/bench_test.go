package report

import (
	"context"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

// BenchmarkBuildFullPeriod builds the draft of a whole real period (all 21 doelen) with an
// answer from the lead of every action; it should stay well under a second per draft.
func BenchmarkBuildFullPeriod(b *testing.B) {
	ctx := context.Background()
	p := loadProgramme(b)
	s := openStore(b, p)
	if err := s.UpsertContact(ctx, store.Contact{Key: "anna", Name: "Anna de Vries", Owners: []string{"regio"}}, fixtureNow); err != nil {
		b.Fatal(err)
	}
	for _, l := range p.Lines {
		for _, g := range l.Goals {
			for _, a := range g.Actions {
				r := store.Response{RefKind: store.RefAction, Ref: p.Key + "/" + itoa(g.Number) + a.Letter, ContactKey: "anna",
					Period: "2026H2", Status: "op schema", Toelichting: "Loopt volgens planning.", Source: store.SourceWeb, Approved: true}
				if _, err := s.AddResponse(ctx, r, fixtureNow); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	in := Input{Store: s, Programme: p, Period: "2026H2", Now: time.Date(2027, 1, 20, 9, 0, 0, 0, ams),
		Meeting: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)}
	b.ResetTimer()
	for b.Loop() {
		d, err := Build(ctx, in)
		if err != nil {
			b.Fatal(err)
		}
		_ = HTML(d, Coordinator)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
