package email

import (
	"fmt"
	"strings"
	"testing"
)

// scaleItems is n items of the sample's shape spread over programmes × 21 doelen, every third
// overdue, with a long previous answer: the size of one item as it really is.
func scaleItems(n, programmes int) []Item {
	base := SampleData(KindStatusRequest).(RequestData).Items[0]
	out := make([]Item, n)
	for i := range out {
		it := base
		it.Programme = fmt.Sprintf("regio-%03d-bo-2026-2029", i%programmes)
		it.ProgrammeTitle = fmt.Sprintf("Uitvoeringsprogramma Bescherming & Opvang 2026-2029 (regio %03d)", i%programmes)
		it.Goal = 1 + (i/programmes)%21
		it.Ref = fmt.Sprintf("%d%c", it.Goal, 'a'+rune(i%26))
		it.Overdue = i%3 == 0
		out[i] = it
	}
	return out
}

// scaleData is the view data of kind with n items per list.
func scaleData(kind string, n, programmes int) any {
	items := scaleItems(n, programmes)
	switch d := SampleData(kind).(type) {
	case RequestData:
		d.Items = items
		return d
	case ReminderData:
		d.Items, d.Missing = items, items
		return d
	case DigestData:
		d.Upcoming, d.Overdue = items, items
		return d
	case ConfirmationData:
		d.Recorded = items
		return d
	case EscalationData:
		d.Missing = missingContacts(items, n)
		return d
	case SummaryData:
		d.Missing = missingContacts(items, n)
		return d
	default:
		return d
	}
}

// missingContacts is one missing contact per 40 items (the national shape: many regions'
// people), each with all items.
func missingContacts(items []Item, n int) []MissingContact {
	ms := make([]MissingContact, max(1, n/40))
	for i := range ms {
		ms[i] = MissingContact{Name: fmt.Sprintf("Contact %d", i), Email: fmt.Sprintf("c%d@example.org", i), Items: items[:min(len(items), 400)], RemindersSent: 2}
	}
	return ms
}

// TestNoMailBodyOverOneMegabyte renders every kind in every language with lists from a few
// items to 100,000 over up to 5,000 programmes: no body reaches MaxBody, and above MaxItems a
// list is summarised rather than listed.
func TestNoMailBodyOverOneMegabyte(t *testing.T) {
	tm := loadTemplates(t)
	for _, size := range []struct{ items, programmes int }{{40, 1}, {41, 1}, {4_300, 500}, {100_000, 5_000}} {
		for _, kind := range Kinds {
			for _, lang := range Languages {
				name := fmt.Sprintf("%s/%s/%d items over %d programmes", kind, lang, size.items, size.programmes)
				_, text, html, err := tm.Render(kind, lang, scaleData(kind, size.items, size.programmes))
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				// A few hundred KB at most: the summary has at most 200 lines per list.
				if len(text) > 300_000 || len(html) > 300_000 {
					t.Errorf("%s: text %d bytes, HTML %d bytes", name, len(text), len(html))
				}
				listed := strings.Count(text, "[1") + strings.Count(text, "[2") // item references
				switch {
				case kind == KindDraft || kind == KindBounce:
				case size.items <= MaxItems && (strings.Contains(text, "één voor één") || strings.Contains(text, "one by one")):
					t.Errorf("%s: summarised %d items", name, size.items)
				case size.items > MaxItems && !strings.Contains(text, "één voor één") && !strings.Contains(text, "one by one") &&
					kind != KindEscalation && kind != KindSummary:
					t.Errorf("%s: %d items not summarised", name, size.items)
				case size.items > MaxItems && listed > 2*MaxItems+10:
					t.Errorf("%s: %d item references listed", name, listed)
				}
			}
		}
	}
}

func TestSummaryPerProgrammeAndDoel(t *testing.T) {
	tm := loadTemplates(t)
	d := scaleData(KindStatusRequest, 84, 2).(RequestData) // 2 programmes × 21 doelen, 2 items each
	_, text, html, err := tm.Render(KindStatusRequest, "nl", d)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Het gaat om deze 84 acties:",
		"Dat zijn er te veel om hier één voor één te noemen (28 met een verstreken datum). Per programma en doel:",
		"- Uitvoeringsprogramma Bescherming & Opvang 2026-2029 (regio 000), doel 1: Bestuurlijke afstemming zorg en veiligheid voortzetten en verstevigen: 2 acties (2 te laat)",
		// each line links to its doel in the form
		"- Uitvoeringsprogramma Bescherming & Opvang 2026-2029 (regio 001), doel 21: Bestuurlijke afstemming zorg en veiligheid voortzetten en verstevigen: 2 acties: " +
			d.FormURL + "#doel-regio-001-bo-2026-2029-21\n",
		d.FormURL,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if strings.Contains(text, "   Actie: ") {
		t.Error("the summarised request still lists actions")
	}
	if !strings.Contains(html, `<li>Uitvoeringsprogramma Bescherming &amp; Opvang 2026-2029 (regio 000), <a href="`+d.FormURL+
		`#doel-regio-000-bo-2026-2029-1" style="color:#00529b;">doel 1: `) {
		t.Error("HTML lacks the summary lines with their links")
	}
	// One link per doel of each programme, no other.
	if n := strings.Count(text, d.FormURL+"#doel-"); n != 42 {
		t.Errorf("text links %d doelen, want 42 (2 programmes × 21)", n)
	}
	// 500 programmes × 21 doelen do not fit per doel: per programme, the first 200 named.
	o := Summarise(scaleItems(500*21, 500), "")
	if !o.PerProgramme || len(o.Lines) != maxLines || o.More != 300 || o.Total != 500*21 {
		t.Errorf("overview of 500 programmes: per programme %v, %d lines, %d more", o.PerProgramme, len(o.Lines), o.More)
	}
	if Summarise(scaleItems(MaxItems, 1), "") != nil {
		t.Error("MaxItems items are summarised")
	}
	// A coordinator's mail names at most MaxContacts contacts and counts the rest.
	_, text, _, err = tm.Render(KindEscalation, "nl", scaleData(KindEscalation, 8_000, 50))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ontbreekt nog de reactie van deze 200 contactpersonen", "en nog 100 contactpersonen; zie het bord.",
		"   - 400 acties; te veel om hier op te noemen, zie het bord"} {
		if !strings.Contains(text, want) {
			t.Errorf("escalation lacks %q", want)
		}
	}
}
