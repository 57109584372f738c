package planner

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/timing"
)

func load(t testing.TB, src string) *programme.Programme {
	t.Helper()
	p, err := programme.Parse("minimal.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return p
}

func minimal(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../programme/testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func count(tasks []Task, pred func(Task) bool) int {
	n := 0
	for _, t := range tasks {
		if pred(t) {
			n++
		}
	}
	return n
}

func TestPlanMinimal(t *testing.T) {
	tasks, err := Plan(load(t, minimal(t)), timing.DefaultWindow())
	if err != nil {
		t.Fatal(err)
	}
	is := func(ref, phase string, kind Kind) func(Task) bool {
		return func(t Task) bool { return t.Ref() == ref && t.Phase == phase && t.Kind == kind }
	}
	cases := []struct {
		name string
		pred func(Task) bool
		want int
	}{
		{"1a Plan Gereed gives nothing", is("1a", "plan", Milestone), 0},
		{"1a Do Gaande gives nothing", is("1a", "do", Milestone), 0},
		{"1a Check Halfjaarlijks over 2026-2029", is("1a", "check", Milestone), 8},
		{"1a Act Halfjaarlijks over 2026-2029", is("1a", "act", Milestone), 8},
		{"1a contractgesprekken halfjaarlijks while the contract runs", is("1a", "", ContractMeeting), 8},
		{"1b has no tasks of its own", func(t Task) bool { return t.Ref() == "1b" }, 0},
		{"1b1 one per cell", func(t Task) bool { return t.Ref() == "1b1" }, 4},
		{"1b2 one per cell", func(t Task) bool { return t.Ref() == "1b2" }, 4},
		{"2a cadence every 6 weeks", is("2a", "do", Milestone), 34},
		{"all", func(Task) bool { return true }, 66},
	}
	for _, c := range cases {
		if got := count(tasks, c.pred); got != c.want {
			t.Errorf("%s: %d tasks, want %d", c.name, got, c.want)
		}
	}
	first := tasks[0]
	want := Task{
		Key:       "test-programma/1a/check/2026-01-01..2026-06-30",
		Programme: "test-programma", Line: 1, Goal: 1, Action: "a", Phase: "check", Kind: Milestone,
		Title:  "Check 1a: Een actie met een contract (ingekocht voor 8 jaar, vanaf 1-1-2023).",
		Owners: []string{"regio"},
		Start:  time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Due: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC),
		Source: "Halfjaarlijks",
	}
	if !reflect.DeepEqual(first, want) {
		t.Errorf("first task\n got %+v\nwant %+v", first, want)
	}
	for _, tk := range tasks {
		if tk.Ref() == "1b1" && !reflect.DeepEqual(tk.Owners, []string{"regio", "gemeenten"}) {
			t.Errorf("sub-action owners = %v, want the parent's", tk.Owners)
		}
		if tk.Kind == ContractMeeting && tk.Title != "Contractgesprek Respijtvoorziening (GGz Centraal)" {
			t.Errorf("contract meeting title = %q", tk.Title)
		}
	}
}

func TestPlanKeysStable(t *testing.T) {
	src := minimal(t)
	a, _ := Plan(load(t, src), timing.DefaultWindow())
	b, _ := Plan(load(t, src), timing.DefaultWindow())
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two plans of the same programme differ")
	}
	seen := map[string]bool{}
	for _, tk := range a {
		if seen[tk.Key] {
			t.Errorf("duplicate key %s", tk.Key)
		}
		seen[tk.Key] = true
	}

	// Editing one action changes only that action's tasks.
	edited, _ := Plan(load(t, strings.Replace(src, "plan: Q1 2027, do: Q4 2027", "plan: Q2 2027, do: Q4 2027", 1)), timing.DefaultWindow())
	before, after := keysByRef(a), keysByRef(edited)
	for ref := range before {
		if ref == "1b2" {
			continue
		}
		if !reflect.DeepEqual(before[ref], after[ref]) {
			t.Errorf("keys of %s changed after editing 1b2", ref)
		}
	}
	if reflect.DeepEqual(before["1b2"], after["1b2"]) {
		t.Error("keys of 1b2 did not change after editing its Plan cell")
	}
}

func keysByRef(tasks []Task) map[string][]string {
	m := map[string][]string{}
	for _, t := range tasks {
		m[t.Ref()] = append(m[t.Ref()], t.Key)
	}
	return m
}

func TestPlanContractTermBoundsMeetings(t *testing.T) {
	src := strings.Replace(minimal(t), "years: 8", "years: 4", 1) // 2023-01-01 .. 2026-12-31
	tasks, _ := Plan(load(t, src), timing.DefaultWindow())
	var dues []string
	for _, tk := range tasks {
		if tk.Kind == ContractMeeting {
			dues = append(dues, tk.Due.Format(time.DateOnly))
		}
	}
	if want := []string{"2026-06-30", "2026-12-31"}; !reflect.DeepEqual(dues, want) {
		t.Errorf("contract meetings due %v, want %v", dues, want)
	}
}

func TestSelect(t *testing.T) {
	p := load(t, minimal(t))
	tasks, _ := Plan(p, timing.DefaultWindow())
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	got := Select(tasks, Filter{From: d("2026-04-01"), To: d("2026-06-30"), Owner: "hilversum"}, Groups(p))
	if len(got) != 1 || got[0].Ref() != "1b1" || got[0].Phase != "plan" {
		t.Errorf("hilversum in Q2 2026 = %+v, want only 1b1 Plan (through gemeenten)", got)
	}
	if n := len(Select(tasks, Filter{Goal: 2}, nil)); n != 34 {
		t.Errorf("doel 2: %d tasks, want 34", n)
	}
}

func TestShorten(t *testing.T) {
	if got := Shorten("kort", 10); got != "kort" {
		t.Errorf("Shorten = %q", got)
	}
	if got := Shorten("Continueren regionaal inzetbaar team met ervaringsdeskundigen", 30); got != "Continueren regionaal …" {
		t.Errorf("Shorten = %q", got)
	}
}

// realProgramme loads the transcription in workflows/ that the daemon serves.
func realProgramme(t testing.TB) *programme.Programme {
	t.Helper()
	progs, err := programme.LoadDir("../../workflows")
	if err != nil {
		t.Fatal(err)
	}
	if len(progs) != 1 {
		t.Fatalf("%d programmes in workflows/, want 1", len(progs))
	}
	return progs[0]
}

// Footnote 7 of doel 9e: the six-weekly overleg is with Sociaal Plein Hilversum, the
// eight-weekly one with the other uitvoeringsdiensten; neither asks the aanbieders.
func TestPlanCadenceOwners(t *testing.T) {
	p := realProgramme(t)
	tasks, err := Plan(p, timing.Window{From: p.Period.From.Time, To: p.Period.To.Time})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"cadans-wachtlijst-afstemming-sociaal-plein":       {"regio", "hilversum"},
		"cadans-wachtlijst-afstemming-uitvoeringsdiensten": {"regio", "blaricum", "eemnes", "gooise-meren", "laren", "huizen", "wijdemeren"},
		"do": {"regio", "gemeenten", "aanbieders"},
	}
	seen := map[string]int{}
	for _, tk := range tasks {
		if tk.Ref() != "9e" {
			continue
		}
		slug := strings.Split(tk.Key, "/")[2]
		w, ok := want[slug]
		if !ok {
			continue
		}
		seen[slug]++
		if !reflect.DeepEqual(tk.Owners, w) {
			t.Errorf("%s: owners %v, want %v", tk.Key, tk.Owners, w)
		}
	}
	for slug := range want {
		if slug != "do" && seen[slug] == 0 {
			t.Errorf("no 9e tasks for %s", slug)
		}
	}
}

// Doel 3: the yearly contractgesprek is action 3b's Do; the contract of 3a must not plan it a
// second time.
func TestPlanCrisiskaartGesprekOnce(t *testing.T) {
	p := realProgramme(t)
	tasks, err := Plan(p, timing.Window{From: p.Period.From.Time, To: p.Period.To.Time})
	if err != nil {
		t.Fatal(err)
	}
	var meetings, do3b []string
	for _, tk := range tasks {
		if tk.Goal != 3 {
			continue
		}
		if tk.Kind == ContractMeeting {
			meetings = append(meetings, tk.Key)
		}
		if tk.Ref() == "3b" && tk.Phase == "do" {
			do3b = append(do3b, tk.Start.Format(time.DateOnly)+".."+tk.Due.Format(time.DateOnly))
		}
	}
	if len(meetings) != 0 {
		t.Errorf("doel 3 plans contract meetings besides 3b: %v", meetings)
	}
	if want := []string{"2027-01-01..2029-12-31"}; !reflect.DeepEqual(do3b, want) {
		t.Errorf("3b Do (the yearly contractgesprek) due %v, want %v", do3b, want)
	}
}
