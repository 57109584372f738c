package planner

import (
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/timing"
)

func planOf(t *testing.T, src string) []Task {
	t.Helper()
	tasks, err := Plan(load(t, src), timing.DefaultWindow())
	if err != nil {
		t.Fatal(err)
	}
	return tasks
}

func keys(ts []Task) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Key
	}
	return out
}

func TestCompare(t *testing.T) {
	base := minimal(t)
	old := planOf(t, base)
	tests := []struct {
		name                   string
		from, to               string
		answered               []string
		added, moved, obsolete []string // keys (moved: the old key)
		obsoleteAnswered       []string
		changed                int
	}{
		{
			name: "nothing changes",
		},
		{
			name: "Do van kwartaal verschoven",
			from: "do: Q3 2026", to: "do: Q4 2026",
			moved: []string{"test-programma/1b1/do/2026-07-01..2026-09-30"},
		},
		{
			name: "een cel met antwoorden verschuift: het oude antwoord blijft, vervallen",
			from: "do: Q3 2026", to: "do: Q4 2026",
			answered:         []string{"test-programma/1b1/do/2026-07-01..2026-09-30"},
			moved:            []string{"test-programma/1b1/do/2026-07-01..2026-09-30"},
			obsoleteAnswered: []string{"test-programma/1b1/do/2026-07-01..2026-09-30"},
		},
		{
			name: "Halfjaarlijks wordt Jaarlijks: de helft vervalt, de jaren blijven",
			from: "check: Halfjaarlijks", to: "check: Jaarlijks",
			answered: []string{"test-programma/1a/check/2026-01-01..2026-06-30"},
			// four years pair with the four first half-years in date order; the rest is obsolete
			moved: []string{
				"test-programma/1a/check/2026-01-01..2026-06-30", "test-programma/1a/check/2026-07-01..2026-12-31",
				"test-programma/1a/check/2027-01-01..2027-06-30", "test-programma/1a/check/2027-07-01..2027-12-31",
			},
			obsolete: []string{
				"test-programma/1a/check/2028-01-01..2028-06-30", "test-programma/1a/check/2028-07-01..2028-12-31",
				"test-programma/1a/check/2029-01-01..2029-06-30", "test-programma/1a/check/2029-07-01..2029-12-31",
			},
			obsoleteAnswered: []string{"test-programma/1a/check/2026-01-01..2026-06-30"},
		},
		{
			name: "Gereed wordt een kwartaal: een taak erbij",
			from: "plan: Gereed\n            do: Gaande", to: "plan: Q2 2026\n            do: Gaande",
			added: []string{"test-programma/1a/plan/2026-04-01..2026-06-30"},
		},
		{
			name: "een cel wordt Gereed: de taak vervalt, met antwoord luid",
			from: "act: \"2029\"}", to: "act: Gereed}",
			answered:         []string{"test-programma/1b1/act/2029-01-01..2029-12-31"},
			obsoleteAnswered: []string{"test-programma/1b1/act/2029-01-01..2029-12-31"},
		},
		{
			name: "andere tekst: zelfde sleutels, andere titel",
			from: "text: Eerste,", to: "text: Eerste subactie,",
			changed: 4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := base
			if tt.from != "" {
				if !strings.Contains(src, tt.from) {
					t.Fatalf("fixture lacks %q", tt.from)
				}
				src = strings.Replace(src, tt.from, tt.to, 1)
			}
			ans := map[string]bool{}
			for _, k := range tt.answered {
				ans[k] = true
			}
			d := Compare(old, planOf(t, src), func(k string) bool { return ans[k] })
			var moved []string
			for _, m := range d.Moved {
				moved = append(moved, m.From.Key)
				if m.Answered != ans[m.From.Key] {
					t.Errorf("move of %s: answered %v", m.From.Key, m.Answered)
				}
				if seriesOf(m.From.Key) != seriesOf(m.To.Key) {
					t.Errorf("move pairs %s with %s", m.From.Key, m.To.Key)
				}
			}
			check := func(what string, got, want []string) {
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("%s:\n got %v\nwant %v", what, got, want)
				}
			}
			check("added", keys(d.Added), tt.added)
			check("moved", moved, tt.moved)
			check("obsolete", keys(d.Obsolete), tt.obsolete)
			check("obsolete with answers", keys(d.ObsoleteAnswered), tt.obsoleteAnswered)
			if len(d.Changed) != tt.changed {
				t.Errorf("changed: %d, want %d", len(d.Changed), tt.changed)
			}
			if d.Empty() != (tt.from == "") {
				t.Errorf("Empty() = %v", d.Empty())
			}
			if total := d.Unchanged + len(d.Changed) + len(d.Moved) + len(d.Obsolete) + len(d.ObsoleteAnswered) - countAnsweredMoves(d); total != len(old) {
				t.Errorf("old tasks accounted for: %d, want %d", total, len(old))
			}
		})
	}
}

func countAnsweredMoves(d Diff) int {
	n := 0
	for _, m := range d.Moved {
		if m.Answered {
			n++
		}
	}
	return n
}
