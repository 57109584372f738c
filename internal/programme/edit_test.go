package programme

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func shipped(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../workflows/uitvoeringsprogramma-bescherming-opvang-2026-2029.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// current returns an ActionEdit that keeps action ref as it is.
func current(t *testing.T, p *Programme, ref string) (ActionEdit, *Action) {
	t.Helper()
	for _, lf := range p.Leaves() {
		if lf.Ref == ref {
			a := lf.Action
			e := ActionEdit{Ref: ref, Text: a.Text, Wie: a.Wie, Owners: a.Owners, Notes: a.Notes, Cells: map[Phase]string{}}
			for _, ph := range Phases {
				e.Cells[ph] = a.Phrase(ph)
			}
			return e, a
		}
	}
	t.Fatalf("no leaf %s", ref)
	return ActionEdit{}, nil
}

// changedLines lists the lines of b that are not in a (a line diff good enough for tests).
func changedLines(a, b []byte) (removed, added []string) {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	i := 0
	for i < len(al) && i < len(bl) && al[i] == bl[i] {
		i++
	}
	j, k := len(al)-1, len(bl)-1
	for j >= i && k >= i && al[j] == bl[k] {
		j--
		k--
	}
	return al[i : j+1], bl[i : k+1]
}

func TestEditActionChangesOnlyItsLines(t *testing.T) {
	src := shipped(t)
	p, err := Parse("p.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		ref           string
		edit          func(e *ActionEdit)
		removed, want []string
	}{
		{"een cel", "9g", func(e *ActionEdit) { e.Cells[Do] = "Q3 2026" },
			[]string{"            do: Q2 2026"}, []string{"            do: Q3 2026"}},
		{"een jaartal blijft een tekst", "9g", func(e *ActionEdit) { e.Cells[Act] = "2027" },
			[]string{"            act: Q4 2026"}, []string{`            act: "2027"`}},
		{"een subactie", "1g2", func(e *ActionEdit) { e.Cells[Plan] = "Q2 2027" },
			[]string{"                plan: Q1 2027"}, []string{"                plan: Q2 2027"}},
		{"eigenaren", "9h", func(e *ActionEdit) { e.Owners = []string{"regio"} },
			[]string{"            owners: [regio, gemeenten]"}, []string{"            owners: [regio]"}},
		{"lange tekst wordt gevouwen", "9h", func(e *ActionEdit) {
			e.Text = "Onderzoeken hoeveel (recent) van alcohol en/of drugs afgekickte inwoners, die beschermd wonen nodig hebben, baat zouden hebben bij een abstinente voorziening in de regio."
		}, []string{
			"              nodig hebben, baat zouden hebben bij een abstinente voorziening.",
		}, []string{
			"              nodig hebben, baat zouden hebben bij een abstinente voorziening in de regio.",
		}},
		{"een voetnoot erbij", "9h", func(e *ActionEdit) { e.Notes = []string{"Voetnoot: zie de rapportage."} },
			nil, []string{"            notes:", "              - 'Voetnoot: zie de rapportage.'"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := current(t, p, tt.ref)
			tt.edit(&e)
			out, err := EditAction(src, e)
			if err != nil {
				t.Fatal(err)
			}
			removed, added := changedLines(src, out)
			if !reflect.DeepEqual(removed, tt.removed) && !(len(removed) == 0 && len(tt.removed) == 0) {
				t.Errorf("removed lines\n%q\nwant\n%q", removed, tt.removed)
			}
			if !reflect.DeepEqual(added, tt.want) {
				t.Errorf("added lines\n%q\nwant\n%q", added, tt.want)
			}
			q, err := Parse("p.yaml", out)
			if err != nil {
				t.Fatalf("edited file does not parse: %v", err)
			}
			got, _ := current(t, q, tt.ref)
			if !reflect.DeepEqual(got, e) {
				t.Errorf("read back\n%+v\nwant\n%+v", got, e)
			}
		})
	}
}

func TestEditActionNoChangeIsByteIdentical(t *testing.T) {
	src := shipped(t)
	p, err := Parse("p.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, lf := range p.Leaves() {
		e, _ := current(t, p, lf.Ref)
		out, err := EditAction(src, e)
		if err != nil {
			t.Fatalf("%s: %v", lf.Ref, err)
		}
		if string(out) != string(src) {
			t.Fatalf("%s: unchanged edit changed the file", lf.Ref)
		}
	}
}

func TestEditFlowMappingAndCadence(t *testing.T) {
	src := []byte(readMinimal(t))
	p, err := Parse("m.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := current(t, p, "1b1")
	e.Cells[Do] = "Q4 2026"
	out, err := EditAction(src, e)
	if err != nil {
		t.Fatal(err)
	}
	q, err := Parse("m.yaml", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got := q.Lines[0].Goals[0].Actions[1].SubActions[0]; got.Do != "Q4 2026" || got.Text != "Eerste" || got.Act != "2029" {
		t.Errorf("1b1 after edit: %+v", got)
	}
	if q.Lines[0].Goals[0].Actions[1].SubActions[1].Do != "Q4 2027" {
		t.Error("1b2 changed")
	}

	e, _ = current(t, q, "2a")
	e.CadenceOwners = map[string][]string{"afstemming-6-weken": {"hilversum"}}
	e.CadencePhrases = map[string]string{"afstemming-6-weken": "Iedere 8 weken"}
	out, err = EditAction(out, e)
	if err != nil {
		t.Fatal(err)
	}
	q, err = Parse("m.yaml", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if c := q.Lines[1].Goals[0].Actions[0].Cadences[0]; c.Phrase != "Iedere 8 weken" || !reflect.DeepEqual(c.Owners, []string{"hilversum"}) {
		t.Errorf("cadence after edit: %+v", c)
	}
}

func TestRetireAndAddAction(t *testing.T) {
	src := shipped(t)
	out, err := RetireAction(src, "9h")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse("p.yaml", out)
	if err != nil {
		t.Fatal(err)
	}
	var letters []string
	for _, a := range p.Lines[1].Goals[0].Actions {
		letters = append(letters, a.Letter)
	}
	if strings.Contains(strings.Join(letters, ""), "h") {
		t.Errorf("9h still there: %v", letters)
	}
	removed, added := changedLines(src, out)
	if len(added) != 0 || len(removed) != 10 || !strings.Contains(removed[0], "- letter: h") {
		t.Errorf("retire removed\n%q\nadded %q", removed, added)
	}

	out, err = AddAction(src, 3, Action{Letter: "c", Text: "Evalueren crisiskaart", Wie: "Regio", Owners: []string{"regio"},
		Plan: "Q1 2028", Do: "Q2 2028", Check: "Q3 2028", Act: "Q4 2028"})
	if err != nil {
		t.Fatal(err)
	}
	p, err = Parse("p.yaml", out)
	if err != nil {
		t.Fatalf("%v", err)
	}
	g := p.Lines[0].Goals[2]
	if len(g.Actions) != 3 || g.Actions[2].Letter != "c" || g.Actions[2].Do != "Q2 2028" {
		t.Errorf("doel 3 after add: %+v", g.Actions)
	}
}

func TestEditContractAndIndicator(t *testing.T) {
	src := shipped(t)
	p, err := Parse("p.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	e, a := current(t, p, "3a")
	c := *a.Contract
	c.Provider, c.Years, c.Meetings = "Stichting Crisiskaart", 4, "Jaarlijks"
	e.Contract = &c
	e.Indicators = map[string]Indicator{"crisiskaarten": {Key: "crisiskaarten", Name: "Verstrekte crisiskaarten", Unit: "kaarten", Target: 30.5, Per: "jaar"}}
	out, err := EditAction(src, e)
	if err != nil {
		t.Fatal(err)
	}
	q, err := Parse("p.yaml", out)
	if err != nil {
		t.Fatalf("%v", err)
	}
	_, b := current(t, q, "3a")
	if b.Contract.Provider != "Stichting Crisiskaart" || b.Contract.Years != 4 || b.Contract.Meetings != "Jaarlijks" || b.Contract.End().String() != "2029-12-31" {
		t.Errorf("contract after edit: %+v", b.Contract)
	}
	if b.Indicators[0].Target != 30.5 || b.Indicators[0].Name != "Verstrekte crisiskaarten" {
		t.Errorf("indicator after edit: %+v", b.Indicators)
	}
	_, added := changedLines(src, out)
	for _, l := range added {
		if strings.Contains(l, "target:") && l != "                target: 30.5" {
			t.Errorf("target line %q", l)
		}
	}
}

// FuzzEditCell: whatever a coordinator types in a cell or the text, the edited file reads
// back with exactly that value (after trimming) and every other action as it was, or
// EditAction refuses it; it never writes a file that means something else.
func FuzzEditCell(f *testing.F) {
	for _, s := range []string{"Q3 2026", "2027", "Ja: nee", "- lijst", "#hekje", "'quote", `"dubbel"`, "a\nb", "{x}", "yes", "~", "  spaties  ", "100%", "* ster", "@at", "€ 5"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, cell, text string) {
		src := []byte(readMinimal(t))
		p, err := Parse("m.yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		e, _ := current(t, p, "1b1")
		e.Cells[Do] = cell
		e.Text = text
		out, err := EditAction(src, e)
		if err != nil {
			return
		}
		d, err := newDoc(out)
		if err != nil {
			t.Fatalf("edited file does not read: %v\n%s", err, out)
		}
		a, _, err := d.action("1b1")
		if err != nil {
			t.Fatal(err)
		}
		if a.Do != strings.TrimSpace(cell) && !(strings.TrimSpace(cell) == "" && a.Do == "") {
			t.Fatalf("Do = %q, want %q\n%s", a.Do, strings.TrimSpace(cell), out)
		}
		if a.Text != strings.TrimSpace(text) {
			t.Fatalf("Text = %q, want %q\n%s", a.Text, strings.TrimSpace(text), out)
		}
		b2, _, _ := d.action("1b2")
		if b2.Do != "Q4 2027" || b2.Text != "Tweede" {
			t.Fatalf("1b2 changed: %+v", b2)
		}
	})
}

func TestMoveAndSplitAction(t *testing.T) {
	src := shipped(t)
	out, err := MoveAction(src, "9h", -1)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse("p.yaml", out)
	if err != nil {
		t.Fatal(err)
	}
	var letters string
	for _, a := range p.Lines[1].Goals[0].Actions {
		letters += a.Letter
	}
	if !strings.HasPrefix(letters, "abcdefhg") {
		t.Errorf("doel 9 after moving h up: %s", letters)
	}
	if back, err := MoveAction(out, "9h", 1); err != nil || string(back) != string(src) {
		t.Errorf("moving it down again does not give the file back: %v", err)
	}
	if _, err := MoveAction(src, "9a", -1); err == nil {
		t.Error("moved the first action up")
	}

	out, err = SplitAction(src, "9h", 2)
	if err != nil {
		t.Fatal(err)
	}
	p, err = Parse("p.yaml", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var h Action
	for _, a := range p.Lines[1].Goals[0].Actions {
		if a.Letter == "h" {
			h = a
		}
	}
	if len(h.SubActions) != 2 || h.SubActions[1].Letter != "h2" || h.SubActions[1].Do != "Q3 2026" || h.Plan != "" ||
		!strings.HasSuffix(h.SubActions[0].Text, "(deel 1)") || h.Owners[0] != "regio" {
		t.Errorf("9h after split: %+v", h)
	}
	if _, err := SplitAction(out, "9h1", 2); err == nil {
		t.Error("split a sub-action")
	}
}

func TestAddGoal(t *testing.T) {
	src := shipped(t)
	p, _ := Parse("p.yaml", src)
	n := p.LastGoal() + 1
	out, err := AddGoal(src, Goal{Number: n, Title: "Samenwerking met zorgverzekeraars", Effects: []string{"Minder wachttijd."},
		Actions: []Action{{Letter: "a", Text: "Afspraken maken met de zorgverzekeraar", Wie: "Regio", Owners: []string{"regio"},
			Plan: "Q1 2027", Do: "Q2 2027", Check: "Q4 2027", Act: "2028"}}})
	if err != nil {
		t.Fatal(err)
	}
	q, err := Parse("p.yaml", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out[len(out)-600:])
	}
	last := q.Lines[len(q.Lines)-1]
	g := last.Goals[len(last.Goals)-1]
	if g.Number != 22 || g.Title != "Samenwerking met zorgverzekeraars" || len(g.Actions) != 1 || g.Actions[0].Do != "Q2 2027" || g.Effects[0] != "Minder wachttijd." {
		t.Errorf("new doel: %+v", g)
	}
	if !strings.HasPrefix(string(out), string(src[:len(src)-200])) {
		t.Error("adding a doel changed the lines before it")
	}
}
