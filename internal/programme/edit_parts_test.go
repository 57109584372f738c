package programme

import (
	"strings"
	"testing"
)

func parsed(t *testing.T, data []byte) *Programme {
	t.Helper()
	p, err := Parse("p.yaml", data)
	if err != nil {
		t.Fatalf("edited file does not parse: %v", err)
	}
	return p
}

// nothingElse fails when lines outside want (substrings of the added lines) were added.
func onlyAdded(t *testing.T, src, out []byte, removedWant int, want ...string) {
	t.Helper()
	removed, added := changedLines(src, out)
	if len(removed) != removedWant {
		t.Errorf("removed %d lines, want %d: %q", len(removed), removedWant, removed)
	}
	joined := strings.Join(added, "\n")
	for _, w := range want {
		if !strings.Contains(joined, w) {
			t.Errorf("added lines lack %q:\n%s", w, joined)
		}
	}
}

func TestAddAndRemoveContract(t *testing.T) {
	src := shipped(t)
	p := parsed(t, src)
	e, a := current(t, p, "9g")
	if a.Contract != nil {
		t.Fatal("9g has a contract already")
	}
	e.Contract = &Contract{Service: "Kamertraining", Provider: "Kwintes", Start: DateOf(2026, 7, 1), Years: 2, Meetings: "Jaarlijks"}
	out, err := EditAction(src, e)
	if err != nil {
		t.Fatal(err)
	}
	_, b := current(t, parsed(t, out), "9g")
	if b.Contract == nil || *b.Contract != (Contract{Service: "Kamertraining", Provider: "Kwintes", Start: DateOf(2026, 7, 1), Years: 2, Meetings: "Jaarlijks", Line: b.Contract.Line}) {
		t.Errorf("added contract = %+v", b.Contract)
	}
	onlyAdded(t, src, out, 0, "            contract:\n              service: Kamertraining\n              provider: Kwintes\n              start: 2026-07-01\n              years: 2\n              meetings: Jaarlijks")

	// Removing it again gives the shipped file back, byte for byte.
	e, _ = current(t, parsed(t, out), "9g")
	e.RemoveContract = true
	back, err := EditAction(out, e)
	if err != nil {
		t.Fatal(err)
	}
	if string(back) != string(src) {
		r, a := changedLines(src, back)
		t.Errorf("add then remove is not the original: -%q +%q", r, a)
	}
	// Removing a contract that is not there is an error, not a silent no-op.
	e, _ = current(t, p, "9g")
	e.RemoveContract = true
	if _, err := EditAction(src, e); err == nil {
		t.Error("removing a missing contract succeeded")
	}
}

func TestAddAndRemoveIndicatorsAndCadences(t *testing.T) {
	src := shipped(t)
	p := parsed(t, src)

	// 2a has one indicator: add a second after it, then remove the first.
	e, _ := current(t, p, "2a")
	e.AddIndicators = []Indicator{{Key: "deelnemers-herstel", Name: "Deelnemers aan herstelactiviteiten", Unit: "deelnemers", Target: 120.5, Per: "jaar"}}
	out, err := EditAction(src, e)
	if err != nil {
		t.Fatal(err)
	}
	_, b := current(t, parsed(t, out), "2a")
	if len(b.Indicators) != 2 || b.Indicators[1].Key != "deelnemers-herstel" || b.Indicators[1].Target != 120.5 {
		t.Fatalf("indicators after add = %+v", b.Indicators)
	}
	onlyAdded(t, src, out, 0, "              - key: deelnemers-herstel\n                name: Deelnemers aan herstelactiviteiten\n                unit: deelnemers\n                target: 120.5\n                per: jaar")
	e, _ = current(t, parsed(t, out), "2a")
	e.RemoveIndicators = []string{"herstelvoorzieningen"}
	out2, err := EditAction(out, e)
	if err != nil {
		t.Fatal(err)
	}
	_, b = current(t, parsed(t, out2), "2a")
	if len(b.Indicators) != 1 || b.Indicators[0].Key != "deelnemers-herstel" {
		t.Errorf("indicators after remove = %+v", b.Indicators)
	}
	// Removing the only indicator takes the key out.
	e, _ = current(t, parsed(t, out2), "2a")
	e.RemoveIndicators = []string{"deelnemers-herstel"}
	out3, err := EditAction(out2, e)
	if err != nil {
		t.Fatal(err)
	}
	if _, b = current(t, parsed(t, out3), "2a"); len(b.Indicators) != 0 {
		t.Errorf("indicators after removing all = %+v", b.Indicators)
	}
	if strings.Count(string(out3), "indicators:") != strings.Count(string(src), "indicators:")-1 {
		t.Error("the empty indicators key stayed")
	}

	// A first indicator on an action without any.
	e, _ = current(t, p, "9g")
	e.AddIndicators = []Indicator{{Key: "jongeren-verkend", Name: "Jongeren in beeld", Unit: "jongeren", Target: 40, Per: "periode"}}
	out, err = EditAction(src, e)
	if err != nil {
		t.Fatal(err)
	}
	if _, b = current(t, parsed(t, out), "9g"); len(b.Indicators) != 1 || b.Indicators[0].Per != "periode" {
		t.Errorf("first indicator = %+v", b.Indicators)
	}
	onlyAdded(t, src, out, 0, "            indicators:\n              - key: jongeren-verkend\n")

	// 9e: remove the eight-weekly cadence, add one with its own owners.
	e, _ = current(t, p, "9e")
	e.RemoveCadences = []string{"wachtlijst-afstemming-uitvoeringsdiensten"}
	e.AddCadences = []Cadence{{Key: "overleg-huizen", Name: "Overleg met Huizen", Phrase: "Iedere 4 weken", Phase: Do, Owners: []string{"regio", "huizen"}}}
	out, err = EditAction(src, e)
	if err != nil {
		t.Fatal(err)
	}
	_, b = current(t, parsed(t, out), "9e")
	if len(b.Cadences) != 2 || b.Cadences[0].Key != "wachtlijst-afstemming-sociaal-plein" || b.Cadences[1].Key != "overleg-huizen" ||
		strings.Join(b.Cadences[1].Owners, ",") != "regio,huizen" || b.Cadences[1].Phase != Do {
		t.Errorf("cadences = %+v", b.Cadences)
	}
	onlyAdded(t, src, out, 5, "              - key: overleg-huizen\n                name: Overleg met Huizen\n                phrase: Iedere 4 weken\n                phase: do\n                owners: [regio, huizen]")

	// A duplicate key is written but refused by Parse, with the reason.
	e, _ = current(t, p, "9e")
	e.AddCadences = []Cadence{{Key: "wachtlijst-afstemming-sociaal-plein", Name: "Nog eens", Phrase: "Maandelijks"}}
	out, err = EditAction(src, e)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse("p.yaml", out); err == nil || !strings.Contains(err.Error(), "geen unieke sleutel") {
		t.Errorf("duplicate cadence key: %v", err)
	}
	e, _ = current(t, p, "9e")
	e.RemoveCadences = []string{"bestaat-niet"}
	if _, err := EditAction(src, e); err == nil {
		t.Error("removing an unknown cadence succeeded")
	}
}

func TestEditGoal(t *testing.T) {
	src := shipped(t)
	p := parsed(t, src)
	g := p.Lines[0].Goals[0]
	// No change: byte-identical.
	out, err := EditGoal(src, GoalEdit{Number: 1, Title: g.Title, Effects: g.Effects, Notes: g.Notes})
	if err != nil || string(out) != string(src) {
		t.Fatalf("no-op goal edit changed the file (%v)", err)
	}
	long := "Een veel langere omschrijving van het effect dat dit doel in de regio moet hebben, zodat de tekst over meer dan één regel loopt."
	out, err = EditGoal(src, GoalEdit{Number: 1, Title: "Herstelnetwerk continueren", Effects: []string{g.Effects[0], long}, Notes: []string{"Zie ook doel 2."}})
	if err != nil {
		t.Fatal(err)
	}
	q := parsed(t, out)
	h := q.Lines[0].Goals[0]
	if h.Title != "Herstelnetwerk continueren" || len(h.Effects) != 2 || h.Effects[1] != long || len(h.Notes) != 1 || h.Notes[0] != "Zie ook doel 2." {
		t.Errorf("goal after edit = %q %q %q", h.Title, h.Effects, h.Notes)
	}
	if len(q.Leaves()) != len(p.Leaves()) {
		t.Error("a goal edit changed the actions")
	}
	// Title and effects alone touch only their own lines; notes go after the actions.
	out, err = EditGoal(src, GoalEdit{Number: 1, Title: "Herstelnetwerk continueren", Effects: []string{g.Effects[0], long}})
	if err != nil {
		t.Fatal(err)
	}
	// (the changed list is written again, long items folded at the files' width)
	onlyAdded(t, src, out, 4, "        title: Herstelnetwerk continueren\n        effects:\n          - >-\n            Verbeterde voorzieningen", "          - >-\n            Een veel langere")
	out, err = EditGoal(src, GoalEdit{Number: 1, Title: g.Title, Effects: g.Effects, Notes: []string{"Zie ook doel 2."}})
	if err != nil {
		t.Fatal(err)
	}
	onlyAdded(t, src, out, 0, "        notes:\n          - Zie ook doel 2.")
	// No effects at all is written as an empty list (the files always name them).
	out, err = EditGoal(src, GoalEdit{Number: 1, Title: g.Title})
	if err != nil {
		t.Fatal(err)
	}
	if h := parsed(t, out).Lines[0].Goals[0]; len(h.Effects) != 0 || !strings.Contains(string(out), "        effects: []\n") {
		t.Errorf("effects cleared = %q", h.Effects)
	}
	// A doel added on the board without effects ("effects: []") gets its first ones.
	withNew, err := AddGoal(src, Goal{Number: 22, Title: "Nieuw", Actions: []Action{{Letter: "a", Text: "Iets", Owners: []string{"regio"}, Plan: "2027", Do: "2027", Check: "2028", Act: "2028"}}})
	if err != nil {
		t.Fatal(err)
	}
	out, err = EditGoal(withNew, GoalEdit{Number: 22, Title: "Nieuw", Effects: []string{"Minder wachttijd."}})
	if err != nil {
		t.Fatal(err)
	}
	if h := parsed(t, out).Lines[len(p.Lines)-1]; h.Goals[len(h.Goals)-1].Effects[0] != "Minder wachttijd." {
		t.Errorf("effects of the new doel = %q", h.Goals[len(h.Goals)-1].Effects)
	}
	onlyAdded(t, withNew, out, 1, "effects:\n          - Minder wachttijd.")
	if _, err := EditGoal(src, GoalEdit{Number: 99, Title: "x"}); err == nil {
		t.Error("doel 99 edited")
	}
}

func TestSetAndRemoveOwner(t *testing.T) {
	src := shipped(t)
	out, err := SetOwner(src, "sociaal-plein", "Sociaal Plein Hilversum")
	if err != nil {
		t.Fatal(err)
	}
	p := parsed(t, out)
	if p.Owners["sociaal-plein"].Name != "Sociaal Plein Hilversum" {
		t.Errorf("owners = %+v", p.Owners)
	}
	onlyAdded(t, src, out, 0, "  sociaal-plein: {name: Sociaal Plein Hilversum}")
	// Renaming a flow-style owner keeps the flow style; a group keeps its members.
	out, err = SetOwner(src, "ggd", "GGD Gooi & Vechtstreek")
	if err != nil {
		t.Fatal(err)
	}
	onlyAdded(t, src, out, 1, "  ggd: {name: GGD Gooi & Vechtstreek}")
	out, err = SetOwner(src, "gemeenten", "Zeven gemeenten")
	if err != nil {
		t.Fatal(err)
	}
	if o := parsed(t, out).Owners["gemeenten"]; o.Name != "Zeven gemeenten" || len(o.Members) != 7 {
		t.Errorf("group after rename = %+v", o)
	}
	// A group in flow style is renamed in block style, its members kept.
	flowGroup := []byte(strings.Replace(string(src), "  gemeenten:\n    name: Gemeenten\n    members:", "  gemeenten: {name: Gemeenten, members:", 1))
	flowGroup = []byte(strings.Replace(string(flowGroup), "wijdemeren]\n", "wijdemeren]}\n", 1))
	if o := parsed(t, flowGroup).Owners["gemeenten"]; len(o.Members) != 7 {
		t.Fatalf("flow-style group = %+v", o)
	}
	out, err = SetOwner(flowGroup, "gemeenten", "Zeven gemeenten")
	if err != nil {
		t.Fatal(err)
	}
	if o := parsed(t, out).Owners["gemeenten"]; o.Name != "Zeven gemeenten" || len(o.Members) != 7 {
		t.Errorf("flow-style group after rename = %+v", o)
	}
	onlyAdded(t, flowGroup, out, 1, "  gemeenten:\n    name: Zeven gemeenten\n    members: [blaricum, eemnes, gooise-meren, hilversum, huizen, laren, wijdemeren]")
	if same, _ := SetOwner(src, "ggd", "GGD Gooi en Vechtstreek"); string(same) != string(src) {
		t.Error("setting the same name changed the file")
	}
	// Removing an owner an action names is refused by Parse; an unused one goes.
	out, err = RemoveOwner(src, "ggd")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse("p.yaml", out); err == nil || !strings.Contains(err.Error(), `"ggd"`) {
		t.Errorf("removing a used owner: %v", err)
	}
	added, _ := SetOwner(src, "sociaal-plein", "Sociaal Plein Hilversum")
	back, err := RemoveOwner(added, "sociaal-plein")
	if err != nil || string(back) != string(src) {
		t.Errorf("add then remove owner is not the original (%v)", err)
	}
	if _, err := SetOwner(src, "x", ""); err == nil {
		t.Error("an owner without a name was accepted")
	}
}

func TestSetMembers(t *testing.T) {
	src := shipped(t)
	// Huizen leaves the group gemeenten; the list is written in place, the rest stays.
	out, err := SetMembers(src, "gemeenten", []string{"blaricum", "eemnes", "gooise-meren", "hilversum", "laren", "wijdemeren"})
	if err != nil {
		t.Fatal(err)
	}
	if o := parsed(t, out).Owners["gemeenten"]; o.Name != "Gemeenten" || strings.Join(o.Members, " ") != "blaricum eemnes gooise-meren hilversum laren wijdemeren" {
		t.Errorf("group = %+v", o)
	}
	onlyAdded(t, src, out, 1, "    members: [blaricum, eemnes, gooise-meren, hilversum, laren, wijdemeren]")
	if same, err := SetMembers(src, "gemeenten", parsed(t, src).Owners["gemeenten"].Members); err != nil || string(same) != string(src) {
		t.Errorf("the same members changed the file (%v)", err)
	}
	// A flow-style owner becomes a group in block style, its name kept.
	out, err = SetMembers(src, "partners", []string{"ggd", "vtgv"})
	if err != nil {
		t.Fatal(err)
	}
	if o := parsed(t, out).Owners["partners"]; o.Name != "Partners" || strings.Join(o.Members, " ") != "ggd vtgv" {
		t.Errorf("new group = %+v", o)
	}
	onlyAdded(t, src, out, 1, "  partners:\n    name: Partners\n    members: [ggd, vtgv]")
	// An unknown member is refused by Parse; no members, a member twice and an unknown group here.
	out, err = SetMembers(src, "gemeenten", []string{"blaricum", "naarden"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse("p.yaml", out); err == nil || !strings.Contains(err.Error(), `lid "naarden" is geen gedeclareerde eigenaar`) {
		t.Errorf("unknown member: %v", err)
	}
	for _, tc := range []struct {
		key     string
		members []string
		want    string
	}{
		{"gemeenten", nil, "heeft geen leden"},
		{"gemeenten", []string{"laren", "eemnes", "laren"}, `"laren" staat twee keer`},
		{"provincie", []string{"laren"}, `eigenaar "provincie" niet gevonden`},
	} {
		if _, err := SetMembers(src, tc.key, tc.members); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("SetMembers(%s, %v) = %v, want %q", tc.key, tc.members, err, tc.want)
		}
	}
}
