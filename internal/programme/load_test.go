package programme

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func readMinimal(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseMinimal(t *testing.T) {
	p, err := Parse("minimal.yaml", []byte(readMinimal(t)))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got, want := p.Count(), (Counts{Lines: 2, Goals: 2, Actions: 3, SubActions: 2}); got != want {
		t.Errorf("Count = %+v, want %+v", got, want)
	}
	a := p.Lines[0].Goals[0].Actions[0]
	if a.Contract == nil || a.Contract.End().String() != "2030-12-31" {
		t.Errorf("contract end = %v, want 2030-12-31", a.Contract)
	}
	if a.Cells.At(Check).Line != 25 {
		t.Errorf("check cell line = %d, want 25", a.Cells.At(Check).Line)
	}
	if got := p.OwnerKeys(); strings.Join(got, ",") != "gemeenten,hilversum,regio" {
		t.Errorf("OwnerKeys = %v", got)
	}
}

// TestParseErrors mutates the minimal file and checks that each problem is reported with its
// file, line, doel, actie, column and phrase.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name      string
		old, new  string
		wantLines []string
	}{
		{
			name: "kwartaal buiten Q1..Q4",
			old:  "check: Q4 2028", new: "check: Q7 2028",
			wantLines: []string{`minimal.yaml:35: doel 1, actie b1, kolom Check: "Q7 2028": kwartaal moet Q1..Q4 zijn`},
		},
		{
			name: "onbekende eigenaar",
			old:  "owners: [regio, gemeenten]", new: "owners: [regio, provincie]",
			wantLines: []string{`minimal.yaml:30: doel 1, actie b, kolom wie: eigenaar "provincie" is niet gedeclareerd onder owners`},
		},
		{
			name: "dubbele letter",
			old:  "- letter: b\n", new: "- letter: a\n",
			wantLines: []string{
				`minimal.yaml:30: doel 1, actie a, kolom letter: letter "a" komt twee keer voor in dit doel`,
				`subactie 1 van actie a moet letter "a1" hebben`,
				`subactie 2 van actie a moet letter "a2" hebben`,
			},
		},
		{
			name: "ontbrekende cel",
			old:  "            act: Doorlopend\n", new: "",
			wantLines: []string{`minimal.yaml:44: doel 2, actie a, kolom Act: cel ontbreekt`},
		},
		{
			name: "onbekend veld",
			old:  "text: Wachtlijst actueel houden.", new: "tekst: Wachtlijst actueel houden.",
			wantLines: []string{`minimal.yaml:45: onbekend veld "tekst" (in Action)`},
		},
		{
			name: "onleesbare cadans",
			old:  "phrase: Iedere 6 weken", new: "phrase: Af en toe",
			wantLines: []string{`minimal.yaml:53: doel 2, actie a, kolom cadans afstemming-6-weken: "Af en toe": onbekend woord "Af"`},
		},
		{
			name: "onbekende eigenaar van een cadans",
			old:  "phrase: Iedere 6 weken}", new: "phrase: Iedere 6 weken, owners: [hilversum, sociaal-plein]}",
			wantLines: []string{`minimal.yaml:53: doel 2, actie a, kolom cadans afstemming-6-weken: eigenaar "sociaal-plein" is niet gedeclareerd onder owners`},
		},
		{
			name: "doelen niet doorlopend genummerd",
			old:  "- number: 2\n        title: Tweede doel", new: "- number: 3\n        title: Tweede doel",
			wantLines: []string{`doel 3: verwacht doel 2, niet 3`},
		},
		{
			name: "twee fouten tegelijk",
			old:  "plan: Q2 2026, do: Q3 2026", new: "plan: Q2 2031x, do: 31 februari 2026",
			wantLines: []string{`actie b1, kolom Plan: "Q2 2031x"`, `actie b1, kolom Do: "31 februari 2026"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := readMinimal(t)
			if !strings.Contains(src, tt.old) {
				t.Fatalf("fixture does not contain %q", tt.old)
			}
			_, err := Parse("minimal.yaml", []byte(strings.Replace(src, tt.old, tt.new, 1)))
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("Parse error = %v, want Errors", err)
			}
			msg := err.Error()
			for _, want := range tt.wantLines {
				if !strings.Contains(msg, want) {
					t.Errorf("error\n%s\ndoes not contain\n%s", msg, want)
				}
			}
			if len(es) != len(tt.wantLines) {
				t.Errorf("got %d errors, want %d:\n%s", len(es), len(tt.wantLines), msg)
			}
		})
	}
}

func TestLoadDirShippedProgramme(t *testing.T) {
	progs, err := LoadDir("../../workflows")
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	if len(progs) != 1 {
		t.Fatalf("got %d programmes, want 1", len(progs))
	}
	p := progs[0]
	c := p.Count()
	if c.Lines != 3 || c.Goals != 21 {
		t.Errorf("counts = %+v, want 3 programmalijnen and 21 doelen", c)
	}
	if c.Actions < 80 || c.Actions > 95 {
		t.Errorf("actions = %d, want about 86", c.Actions)
	}
	// 1g has four sub-actions of its own.
	g := p.Lines[0].Goals[0].Actions[6]
	if g.Letter != "g" || len(g.SubActions) != 4 {
		t.Errorf("1g = %q with %d sub-actions, want g with 4", g.Letter, len(g.SubActions))
	}
}

func TestLeavesInheritOwners(t *testing.T) {
	p, err := Parse("minimal.yaml", []byte(readMinimal(t)))
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, lf := range p.Leaves() {
		refs = append(refs, lf.Ref)
		if lf.Ref == "1b1" && strings.Join(lf.Action.Owners, ",") != "regio,gemeenten" {
			t.Errorf("1b1 owners = %v, want its action's", lf.Action.Owners)
		}
	}
	if got := strings.Join(refs, ","); got != "1a,1b1,1b2,2a" {
		t.Errorf("leaves = %s, want 1a,1b1,1b2,2a (an action with sub-actions is no leaf itself)", got)
	}
}
