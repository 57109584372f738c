package cycle_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport/stack"
)

// TestContactRoundEqualsTheRound: the answer form's round of one contact has exactly the
// items (order, roles, due dates, overdue, last answers, figures) and answers that contact
// has in the whole round, for every contact, with answers in both periods and coordinators'
// choices of contact that add and remove actions.
func TestContactRoundEqualsTheRound(t *testing.T) {
	ctx := context.Background()
	sk, p, before := requestDayRound(t, nil)
	contacts := before.Contacts()
	if len(contacts) < 5 {
		t.Fatalf("only %d contacts have items", len(contacts))
	}
	// Answers: the previous period (one contact's items, which makes them not overdue for
	// anyone) and this period (another contact's first items).
	answer := answerer(t, sk, before)
	for i := range 6 {
		answer(contacts[0], "2026H1", i, "op schema")
		answer(contacts[1], "2026H2", i, "vertraagd")
		answer(contacts[1], "2026H1", i+3, "gereed")
	}
	// A coordinator gives one of contacts[2]'s actions to contacts[3] (who replaces the lead)
	// and one of contacts[3]'s to contacts[4].
	bs := sk.Store.(store.BoardStore)
	for _, move := range [][2]string{{contacts[2], contacts[3]}, {contacts[3], contacts[4]}} {
		ref := before.Items[move[0]][0].ActionRef
		if err := bs.SetActionContact(ctx, store.ActionContact{Period: "2026H2", ActionRef: ref, ContactKey: move[1],
			SetBy: "coordinator", SetAt: sk.Clock.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	sk.Cycle.Invalidate()

	whole, err := sk.Cycle.LoadRound(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(whole.Items, before.Items) {
		t.Fatal("the answers and choices changed nothing: the test proves nothing")
	}
	for _, c := range append(whole.Contacts(), "niemand") {
		got, err := sk.Cycle.LoadContactRound(ctx, p, c)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Items) > 1 || !reflect.DeepEqual(got.Items[c], whole.Items[c]) {
			t.Errorf("%s: contact round has %d items, the round %d", c, len(got.Items[c]), len(whole.Items[c]))
			for i := range min(len(got.Items[c]), len(whole.Items[c])) {
				if !reflect.DeepEqual(got.Items[c][i], whole.Items[c][i]) {
					t.Errorf("%s item %d:\n got %+v\nwant %+v", c, i, got.Items[c][i], whole.Items[c][i])
					break
				}
			}
		}
		want := map[string]store.Response{}
		for k, r := range whole.Responses {
			if r.ContactKey == c {
				want[k] = r
			}
		}
		if !reflect.DeepEqual(got.Responses, want) {
			t.Errorf("%s: responses %v, want %v", c, got.Responses, want)
		}
	}
}

// TestAskedAboutEqualsTheRound: the contacts asked about one action (the board's action
// page) are those that have an item of it in the whole round, for every action, with the
// coordinators' choices of contact and the answers of TestContactRoundEqualsTheRound's kind.
func TestAskedAboutEqualsTheRound(t *testing.T) {
	ctx := context.Background()
	sk, p, before := requestDayRound(t, nil)
	contacts := before.Contacts()
	ref := before.Items[contacts[2]][0].ActionRef
	if err := sk.Store.(store.BoardStore).SetActionContact(ctx, store.ActionContact{Period: "2026H2", ActionRef: ref,
		ContactKey: contacts[3], SetBy: "coordinator", SetAt: sk.Clock.Now()}); err != nil {
		t.Fatal(err)
	}
	sk.Cycle.Invalidate()
	whole, err := sk.Cycle.LoadRound(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, c := range whole.Contacts() {
		for _, it := range whole.Items[c] {
			want[it.ActionRef] = append(want[it.ActionRef], c)
		}
	}
	if len(want) < 20 {
		t.Fatalf("only %d actions asked about", len(want))
	}
	var refs []string
	for _, prog := range sk.Cycle.Programmes() {
		for _, lf := range prog.Leaves() {
			refs = append(refs, prog.Key+"/"+lf.Ref)
		}
	}
	for _, r := range append(refs, "elders/1a", "geen-verwijzing") {
		got, err := sk.Cycle.AskedAbout(ctx, p, r)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		if !slices.Equal(got, want[r]) {
			t.Errorf("AskedAbout(%s) = %v, the round asks %v", r, got, want[r])
		}
	}
	if got, err := sk.Cycle.AskedAbout(ctx, p, ref); err != nil || len(got) == 0 || got[0] != contacts[3] {
		t.Errorf("AskedAbout(%s) = %v, %v; want the contact the coordinator chose first", ref, got, err)
	}
}

// requestDayRound starts the stack on the 2026H2 request day (15 december 2026, configured
// by configure when not nil) and loads that period's whole round.
func requestDayRound(t *testing.T, configure func(*config.Config)) (*stack.Stack, config.Period, *cycle.Round) {
	t.Helper()
	sk := stack.New(t, "../..", time.Date(2026, 12, 15, 9, 0, 0, 0, time.UTC), configure)
	p, err := config.ParsePeriod("2026H2")
	if err != nil {
		t.Fatal(err)
	}
	round, err := sk.Cycle.LoadRound(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return sk, p, round
}
