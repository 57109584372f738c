package email

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A request to a municipal contact about 39 actions lists the doelen with counts and links,
// not every milestone, and stays short.
func TestLongRequestListsGoalsNotMilestones(t *testing.T) {
	tp := loadTemplates(t)
	var items []Item
	for i := 0; i < 39; i++ {
		goal := 9 + i/4
		role := "bijdrager"
		if i%4 == 0 {
			role = "trekker"
		}
		items = append(items, Item{Ref: fmt.Sprintf("%d%c", goal, 'a'+rune(i%4)), Programme: "bescherming-opvang-2026-2029", Goal: goal, GoalTitle: fmt.Sprintf("Doel nummer %d", goal),
			ActionText: strings.Repeat("Een lange actietekst over opvang en wonen. ", 6), Role: role,
			Due: []Due{{Phase: "check", Title: "Check", Date: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}}})
	}
	data := RequestData{Contact: "Eva", Period: "2026H2", Deadline: time.Date(2027, 1, 14, 0, 0, 0, 0, time.UTC),
		Items: items, FormURL: "https://voortgang.example.org/antwoord/T", Token: "T"}
	_, text, html, err := tp.Render(KindStatusRequest, "nl", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"Mijlpalen", "31 december 2026", "Check: Check"} {
		if strings.Contains(text, bad) || strings.Contains(html, bad) {
			t.Errorf("request lists milestones (%q)", bad)
		}
	}
	for _, want := range []string{"Het gaat om deze 39 acties, per doel:", "Doel 9: Doel nummer 9\n   4 acties, bij 1 bent u trekker: https://voortgang.example.org/antwoord/T#doel-bescherming-opvang-2026-2029-9",
		"Doel 18: Doel nummer 18\n   3 acties, bij 1 bent u trekker", "   - [9a] Een lange actietekst"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if len(text) > 9000 || len(html) > 20000 {
		t.Errorf("request is %d bytes of text and %d of HTML; want under 9 and 20 KB", len(text), len(html))
	}
}

// The verb agrees with the number that came in: "1 van de 18 reacties is binnen".
func TestSummaryVerbAgrees(t *testing.T) {
	tp := loadTemplates(t)
	for _, tc := range []struct {
		lang            string
		answered, total int
		want            string
	}{
		{"nl", 1, 18, "1 van de 18 reacties is binnen"},
		{"nl", 5, 18, "5 van de 18 reacties zijn binnen"},
		{"en", 1, 18, "1 of the 18 answers has come in"},
		{"en", 5, 18, "5 of the 18 answers have come in"},
	} {
		_, text, html, err := tp.Render(KindSummary, tc.lang, SummaryData{Coordinator: "Jeroen", Period: "2026H2",
			Deadline: time.Date(2027, 1, 14, 0, 0, 0, 0, time.UTC), Answered: tc.answered, Total: tc.total})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, tc.want) || !strings.Contains(strings.ReplaceAll(strings.ReplaceAll(html, "<strong>", ""), "</strong>", ""), tc.want) {
			t.Errorf("%s: summary lacks %q:\n%s", tc.lang, tc.want, text)
		}
	}
}

// Two programmes with a doel of the same number: the request names each programme above its
// doelen, keeps the doelen apart and links each to its own anchor in the form.
func TestRequestOfTwoProgrammes(t *testing.T) {
	tp := loadTemplates(t)
	item := func(prog, title string, goal int, ref, role string) Item {
		return Item{Ref: ref, Programme: prog, ProgrammeTitle: title, Goal: goal, GoalTitle: fmt.Sprintf("%s, doel %d", title, goal),
			ActionText: "Actie " + ref, Role: role}
	}
	const form = "https://voortgang.example.org/antwoord/T"
	data := RequestData{Contact: "Eva", Period: "2026H2", Deadline: time.Date(2027, 1, 14, 0, 0, 0, 0, time.UTC), FormURL: form, Token: "T",
		Items: []Item{item("bo", "Bescherming & Opvang", 9, "9a", "trekker"), item("bo", "Bescherming & Opvang", 12, "12a", "bijdrager"),
			item("jeugd", "Jeugd", 9, "9a", "bijdrager"), item("jeugd", "Jeugd", 9, "9b", "trekker")}}
	_, text, html, err := tp.Render(KindStatusRequest, "nl", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Bescherming & Opvang\n\nDoel 9: Bescherming & Opvang, doel 9\n   1 actie, u bent trekker: " + form + "#doel-bo-9\n   - [9a] Actie 9a\n\n" +
			"Doel 12: Bescherming & Opvang, doel 12\n   1 actie, u draagt bij: " + form + "#doel-bo-12\n",
		"Jeugd\n\nDoel 9: Jeugd, doel 9\n   2 acties, bij 1 bent u trekker: " + form + "#doel-jeugd-9\n   - [9a] Actie 9a\n   - [9b] Actie 9b\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	for _, want := range []string{">Jeugd</h3>", `<a href="` + form + `#doel-jeugd-9" style="color:#00529b;">Doel 9: Jeugd, doel 9</a>`,
		`<a href="` + form + `#doel-bo-9" style="color:#00529b;">Doel 9: Bescherming &amp; Opvang, doel 9</a>`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	// One programme: no programme heading (the mail says which programme it is about).
	data.Items = data.Items[:2]
	if _, text, _, err = tp.Render(KindStatusRequest, "nl", data); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "Bescherming & Opvang\n\n") {
		t.Errorf("a request of one programme names it above its doelen:\n%s", text)
	}
}
