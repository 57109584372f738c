package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/store"
)

// The same answers give the same statuses in the stored draft, its PHO version, the
// raadsinformatiebrief and the announcement mail: a contributor's delay on 19a with the lead
// silent is a delay everywhere; a contributor's delay on 2a under a lead on schedule is not.
func TestOneStatusRuleInDraftLetterAndMail(t *testing.T) {
	cfg, _ := setup(t)
	ctx := context.Background()
	a := newApp(t, cfg, clock.NewFake(time.Date(2027, 1, 20, 9, 0, 0, 0, time.UTC)), Options{WebOnly: true})
	prog := a.Programmes()[0].Key
	at := time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)
	for _, r := range []struct{ ref, contact, status string }{
		{"19a", "mark-kok", "vertraagd"},
		{"2a", "anna-devries", "op schema"},
		{"2a", "lisa-vandenberg", "vertraagd"},
	} {
		at = at.Add(time.Minute)
		if _, err := a.store.AddResponse(ctx, store.Response{RefKind: store.RefAction, Ref: prog + "/" + r.ref, ContactKey: r.contact,
			Period: "2026H2", Status: r.status, Toelichting: "Over " + r.ref + ".", Source: store.SourceWeb}, at); err != nil {
			t.Fatal(err)
		}
	}
	p, _ := config.ParsePeriod("2026H2")
	d, err := a.BuildDraft(ctx, p, "sanne-bakker")
	if err != nil {
		t.Fatal(err)
	}
	doc := func(format string) string {
		t.Helper()
		b, err := a.store.DraftDocument(ctx, d.Key, format)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		return string(b)
	}
	pho := doc(FormatMeetingPrefix + FormatMarkdown)
	if i := strings.Index(pho, "#### Actie 19a"); i < 0 || !strings.Contains(pho[i:i+600], "De actie is vertraagd.") {
		t.Errorf("PHO version: 19a is not delayed")
	}
	if i := strings.Index(pho, "#### Actie 2a"); i < 0 || !strings.Contains(pho[i:i+600], "De actie ligt op schema.") {
		t.Errorf("PHO version: 2a is not on schedule")
	}
	letter := doc(FormatLetter)
	if !strings.Contains(letter, "Actie 19a:") || strings.Contains(letter, "Actie 2a:") {
		t.Errorf("letter's delayed actions:\n%s", letter)
	}
	m, err := a.store.OutboxMessage(ctx, d.Key+"/sanne-bakker")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.BodyText, "1 actie is als vertraagd gemeld.") {
		t.Errorf("announcement does not count the one delay:\n%s", m.BodyText)
	}
}
