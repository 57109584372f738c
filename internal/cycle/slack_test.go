package cycle

import (
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/notify/email"
)

func TestSlackRequestFromMailViews(t *testing.T) {
	last := 12.5
	deadline := time.Date(2027, 1, 14, 0, 0, 0, 0, time.UTC)
	item := email.Item{Ref: "15a", ActionText: "Monitor huiselijk geweld opzetten",
		Due:        []email.Due{{Phase: "check", Date: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}, {Phase: "plan", Date: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Overdue: true}},
		LastAnswer: &email.Answer{Status: "vertraagd", Text: "Wacht op data."},
		Indicators: []email.IndicatorField{{Key: "meldingen", Name: "Aantal meldingen", Unit: "per jaar", Last: &last}}}
	data := email.RequestData{Contact: "Lisa", Period: "2026H2", Deadline: deadline, Items: []email.Item{item},
		FormURL: "https://voortgang.example.org/antwoord/x", Token: "tok", Lang: "nl"}
	to := config.Contact{Key: "lisa", Email: "lisa@example.org", Slack: "U05LVDBERG"}

	tests := []struct {
		name     string
		data     any
		reminder int
		items    int
	}{
		{"uitvraag: alle acties", data, 0, 1},
		{"herinnering: alleen wat ontbreekt, met het volgnummer", email.ReminderData{RequestData: data, Number: 2}, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := slackRequest("uitvraag/2026H2/lisa/slack", to, tt.data)
			if !ok {
				t.Fatal("not converted")
			}
			if r.Token != "tok" || r.SlackUserID != "U05LVDBERG" || r.Email != "lisa@example.org" || r.Reminder != tt.reminder ||
				r.PeriodLabel != "tweede helft 2026" || !r.Deadline.Equal(deadline) || r.FormURL == "" || len(r.Items) != tt.items {
				t.Fatalf("request = %+v", r)
			}
		})
	}
	r, _ := slackRequest("k", to, data)
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
	if _, ok := slackRequest("k", to, email.DigestData{}); ok {
		t.Error("a digest became a Slack request")
	}
}

func TestFindItemByEitherReference(t *testing.T) {
	items := []Item{{Item: email.Item{Ref: "15a"}, ActionRef: "bo/15a"}, {Item: email.Item{Ref: "2b"}, ActionRef: "bo/2b"}}
	for ref, want := range map[string]string{"bo/15a": "bo/15a", "2b": "bo/2b", " 15a ": "bo/15a"} {
		if it, ok := findItem(items, ref); !ok || it.ActionRef != want {
			t.Errorf("findItem(%q) = %q, %v; want %q", ref, it.ActionRef, ok, want)
		}
	}
	if _, ok := findItem(items, "3c"); ok {
		t.Error("found an item that is not asked")
	}
}

func TestSlackAnswererIsTheContactOrTheDeputy(t *testing.T) {
	cfg, err := config.Parse([]byte(`mail: {from: "Voortgang <v@example.org>"}
coordinators: [{name: Sanne, email: sanne@example.org}]
owners:
  regio:
    contacts:
      - {key: anna, name: Anna, email: anna@example.org, slack: U0ANNA, deputy: piet}
      - {key: piet, name: Piet, email: piet@example.org, slack: U0PIET}
      - {key: kees, name: Kees, email: kees@example.org}
meetings: [{date: 2027-02-04, period: 2026H2}]
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &Service{Config: cfg}
	anna, _ := cfg.Contact("anna")
	kees, _ := cfg.Contact("kees")
	tests := []struct {
		name    string
		contact config.Contact
		user    string
		who     string
	}{
		{"de contactpersoon zelf", anna, "U0ANNA", "anna"},
		{"de vervanger", anna, "U0PIET", "piet"},
		{"iemand anders", anna, "U0KEES", ""},
		{"zonder Slack-ID: wie het token heeft", kees, "U0WHOEVER", "kees"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			who, ok := s.slackAnswerer(tt.contact, tt.user)
			if ok != (tt.who != "") || who.Key != tt.who {
				t.Errorf("slackAnswerer = %q, %v; want %q", who.Key, ok, tt.who)
			}
		})
	}
	if c, ok := s.contactBySlack("U0PIET"); !ok || c.Key != "piet" {
		t.Errorf("contactBySlack(U0PIET) = %q, %v", c.Key, ok)
	}
	if _, ok := s.contactBySlack("U0NIEMAND"); ok {
		t.Error("an unknown Slack user was linked to a contact")
	}
}

func TestDraftNote(t *testing.T) {
	n := DraftNote("2026H2", 2, time.Date(2027, 2, 4, 12, 0, 0, 0, time.UTC), 3, 1, "https://v.example.org/concepten/2026H2")
	for _, want := range []string{"Versie 2", "tweede helft 2026", "4 februari 2027", "3 antwoorden", "1 actie"} {
		if !strings.Contains(n.Text, want) {
			t.Errorf("note lacks %q: %s", want, n.Text)
		}
	}
	if n.Kind != NoteDraft || n.Link == "" {
		t.Errorf("note = %+v", n)
	}
}
