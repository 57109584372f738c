package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/outbox"
)

func TestSlackRequestFromPayloads(t *testing.T) {
	last := 12.5
	deadline := time.Date(2027, 1, 14, 0, 0, 0, 0, time.UTC)
	item := outbox.Item{Ref: "15a", ActionText: "Monitor huiselijk geweld opzetten",
		Due:        []outbox.Due{{Phase: "check", Date: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}, {Phase: "plan", Date: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Overdue: true}},
		LastAnswer: &outbox.Answer{Status: "vertraagd", Text: "Wacht op data."},
		Indicators: []outbox.IndicatorField{{Key: "meldingen", Name: "Aantal meldingen", Unit: "per jaar", Last: &last}}}
	data := outbox.RequestPayload{Contact: "Lisa", Period: "2026H2", Deadline: deadline, Items: []outbox.Item{item},
		FormURL: "https://voortgang.example.org/antwoord/x", Token: "tok", Lang: "nl"}
	to := outbox.Addressee{SlackID: "U05LVDBERG", Email: "lisa@example.org"}

	tests := []struct {
		name     string
		data     any
		reminder int
		items    int
	}{
		{"uitvraag: alle acties", data, 0, 1},
		{"herinnering: alleen wat ontbreekt, met het volgnummer", outbox.ReminderPayload{RequestPayload: data, Number: 2}, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := SlackRequestFrom("uitvraag/2026H2/lisa/slack", to, tt.data)
			if !ok {
				t.Fatal("not converted")
			}
			if r.Token != "tok" || r.SlackUserID != "U05LVDBERG" || r.Email != "lisa@example.org" || r.Reminder != tt.reminder ||
				r.PeriodLabel != "tweede helft 2026" || !r.Deadline.Equal(deadline) || r.FormURL == "" || len(r.Items) != tt.items {
				t.Fatalf("request = %+v", r)
			}
		})
	}
	r, _ := SlackRequestFrom("k", to, data)
	it := r.Items[0]
	if it.Due != "Check: 31 december 2026; Plan: 30 juni 2026 (te laat)" {
		t.Errorf("Due = %q", it.Due)
	}
	if it.LastStatus != "vertraagd" || it.LastText != "Wacht op data." {
		t.Errorf("last answer = %q %q", it.LastStatus, it.LastText)
	}
	if len(it.Indicators) != 1 || it.Indicators[0].Label != "Aantal meldingen (per jaar)" || it.Indicators[0].Last != "12,5" {
		t.Errorf("indicators = %+v", it.Indicators)
	}
	if _, ok := SlackRequestFrom("k", to, outbox.DigestPayload{}); ok {
		t.Error("a digest became a Slack request")
	}
}

func TestDraftNote(t *testing.T) {
	n := SlackNoteFrom(outbox.NotePayload{Kind: outbox.NoteDraft, Lang: "nl", Period: "2026H2", Version: 2,
		Meeting: time.Date(2027, 2, 4, 12, 0, 0, 0, time.UTC), MissingAnswers: 3, Delayed: 1, Link: "https://v.example.org/concepten/2026H2"})
	for _, want := range []string{"Versie 2", "tweede helft 2026", "4 februari 2027", "3 antwoorden", "1 actie"} {
		if !strings.Contains(n.Text, want) {
			t.Errorf("note lacks %q: %s", want, n.Text)
		}
	}
	if n.Kind != outbox.NoteDraft || n.Link == "" {
		t.Errorf("note = %+v", n)
	}
}
