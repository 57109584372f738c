package cycle

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/links"
	"github.com/regiogv/voortgang/internal/notify"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/notify/slack"
	"github.com/regiogv/voortgang/internal/notify/teams"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

func TestFindItemByEitherReference(t *testing.T) {
	items := []Item{{Item: outbox.Item{Ref: "15a"}, ActionRef: "bo/15a"}, {Item: outbox.Item{Ref: "2b"}, ActionRef: "bo/2b"}}
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

// outboxOnly is a store that only keeps the outbox; the methods the tests below do not reach
// panic through the nil embedded Store.
type outboxOnly struct {
	store.Store
	rows []store.OutboxMessage
}

func (o *outboxOnly) OutboxExists(_ context.Context, key string) (bool, error) {
	for _, r := range o.rows {
		if r.Key == key {
			return true, nil
		}
	}
	return false, nil
}

func (o *outboxOnly) Enqueue(_ context.Context, m store.OutboxMessage, _ time.Time) (bool, error) {
	if ok, _ := o.OutboxExists(context.Background(), m.Key); ok {
		return false, nil
	}
	o.rows = append(o.rows, m)
	return true, nil
}

func (o *outboxOnly) row(t *testing.T, key string) store.OutboxMessage {
	t.Helper()
	for _, r := range o.rows {
		if r.Key == key {
			return r
		}
	}
	t.Fatalf("no outbox row %s among %d", key, len(o.rows))
	return store.OutboxMessage{}
}

// chatService is a cycle with Slack, a coordinators' channel and Teams, in language.
func chatService(t *testing.T, language string) (*Service, *outboxOnly) {
	t.Helper()
	cfg, err := config.Parse([]byte(`language: `+language+`
base_url: https://voortgang.example.org
mail: {from: "Voortgang <v@example.org>"}
slack: {coordinators_channel: C0COORD}
coordinators: [{name: Sanne, email: sanne@example.org}]
owners:
  regio:
    contacts:
      - {key: anna, name: Anna de Vries, email: anna@example.org, slack: U0ANNA, prefer: slack}
meetings: [{date: 2027-02-04, period: 2026H2, deadline: 2027-01-14}]
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Slack.Enabled, cfg.Slack.BotToken = true, "xoxb-test" // the tokens come from the environment
	cfg.Slack.TeamsWebhook = "https://teams.example.org/hook"
	tp, err := email.LoadTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	st := &outboxOnly{}
	secret := []byte("0123456789abcdef0123456789abcdef")
	refs, err := outbox.NewRefs(secret)
	if err != nil {
		t.Fatal(err)
	}
	return &Service{Store: st, Config: cfg, Templates: tp, Chat: notify.Renderer{Templates: tp}, Clock: clock.NewFake(time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)),
		Signer: links.NewSigner(secret), Refs: refs}, st
}

func TestSlackRequestRowInConfiguredLanguage(t *testing.T) {
	tests := []struct {
		name     string
		language string
		want     slack.Request
		due      string
		last     string
		subject  string
	}{
		{"nl: Nederlands", "nl", slack.Request{Lang: "nl", PeriodLabel: "tweede helft 2026"}, "Check: 31 december 2026 (te laat)", "12,5", "Uitvraag voortgang tweede helft 2026"},
		{"en: English", "en", slack.Request{Lang: "en", PeriodLabel: "second half of 2026"}, "Check: 31 December 2026 (overdue)", "12.5", "Progress update second half of 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, st := chatService(t, tt.language)
			anna, _ := s.Config.Contact("anna")
			m := s.Config.Meetings[0]
			sr := store.StatusRequest{Key: "2026H2/anna", ContactKey: "anna", Period: "2026H2", Token: "tok"}
			last := 12.5
			items := []Item{{Item: outbox.Item{Ref: "15a", ActionText: "Monitor huiselijk geweld opzetten",
				Due:        []outbox.Due{{Phase: "check", Date: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Overdue: true}},
				Indicators: []outbox.IndicatorField{{Key: "meldingen", Name: "Aantal meldingen", Last: &last}}}}}
			data := s.requestData(anna, sr, m, items)
			if _, err := s.enqueueAsk(t.Context(), outbox.RequestKey("2026H2", "anna"), outbox.KindStatusRequest, anna, sr, data, s.Clock.Now()); err != nil {
				t.Fatalf("enqueueAsk: %v", err)
			}
			row := st.row(t, outbox.RequestKey("2026H2", "anna")+notify.SuffixSlack)
			if !strings.HasPrefix(row.Subject, tt.subject) {
				t.Errorf("row subject = %q, want it to start with %q", row.Subject, tt.subject)
			}
			var body notify.SlackMessage
			if err := json.Unmarshal([]byte(row.BodyText), &body); err != nil {
				t.Fatalf("decode row: %v", err)
			}
			r := body.Request
			if r.Lang != tt.want.Lang || r.PeriodLabel != tt.want.PeriodLabel {
				t.Errorf("request lang, period = %q, %q; want %q, %q", r.Lang, r.PeriodLabel, tt.want.Lang, tt.want.PeriodLabel)
			}
			if len(r.Items) != 1 || r.Items[0].Due != tt.due || r.Items[0].Indicators[0].Last != tt.last {
				t.Errorf("items = %+v; want due %q and last %q", r.Items, tt.due, tt.last)
			}
		})
	}
}

func TestEscalationNotesInEnglish(t *testing.T) {
	s, st := chatService(t, "en")
	m := s.Config.Meetings[0]
	away := time.Date(2027, 1, 20, 0, 0, 0, 0, time.UTC)
	miss := []outbox.MissingContact{{Name: "Anna de Vries", Items: make([]outbox.Item, 2), RemindersSent: 2, AwayUntil: &away}}
	if err := s.noteEscalation(t.Context(), m, m.ReportingPeriod(), miss); err != nil {
		t.Fatalf("noteEscalation: %v", err)
	}
	slackRow := st.row(t, "escalatie/2026H2"+notify.SuffixSlack)
	var note slack.CoordinatorNote
	if err := json.Unmarshal([]byte(slackRow.BodyText), &note); err != nil {
		t.Fatal(err)
	}
	wantText := "For the second half of 2026, answers are still missing from 1 contact (deadline 14 January 2027):\n" +
		"• Anna de Vries: 2 actions, away until 20 January 2027"
	if note.Lang != "en" || note.Text != wantText {
		t.Errorf("Slack note = %+v\nwant text %q", note, wantText)
	}
	if slackRow.Subject != "Escalation: answers missing" {
		t.Errorf("Slack row subject = %q", slackRow.Subject)
	}
	var card teams.Note
	if err := json.Unmarshal([]byte(st.row(t, "escalatie/2026H2"+notify.SuffixTeams).BodyText), &card); err != nil {
		t.Fatal(err)
	}
	if card.Lang != "en" || card.Title != "Escalation: answers missing – second half of 2026" ||
		card.Text != "No answer yet from 1 contact; the deadline is 14 January 2027." ||
		len(card.Facts) != 1 || card.Facts[0][1] != "2 actions, 2 reminder(s)" {
		t.Errorf("Teams note = %+v", card)
	}
}

func TestCoordinatorNoteTakesTheCycleLanguage(t *testing.T) {
	s, st := chatService(t, "en")
	day := time.Date(2027, 2, 4, 12, 0, 0, 0, time.UTC)
	if err := s.EnqueueCoordinatorNote(t.Context(), "concept/2026H2/2", DraftNoteIn(s.lang(), "2026H2", 2, day, 0, 1, "https://v.example.org/c")); err != nil {
		t.Fatal(err)
	}
	var note slack.CoordinatorNote
	if err := json.Unmarshal([]byte(st.row(t, "concept/2026H2/2"+notify.SuffixSlack).BodyText), &note); err != nil {
		t.Fatal(err)
	}
	want := "Version 2 of the progress report on the second half of 2026 is ready for the portfolio holders' meeting of 4 February 2027. Reported delayed: 1 action."
	if note.Lang != "en" || note.Text != want {
		t.Errorf("note = %+v, want text %q", note, want)
	}
	if tr := st.row(t, "concept/2026H2/2"+notify.SuffixTeams); tr.Subject != "Draft report ready" {
		t.Errorf("Teams row subject = %q", tr.Subject)
	}
	// The note follows the language it is asked for, whatever the cycle's.
	if n := DraftNoteIn("nl", "2026H2", 2, day, 0, 0, ""); n.Lang != "nl" || !strings.Contains(notify.SlackNoteFrom(n).Text, "Versie 2") {
		t.Errorf("DraftNoteIn(nl) = %+v", n)
	}
}
