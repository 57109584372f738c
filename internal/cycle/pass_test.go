package cycle_test

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport/stack"
)

// TestPassPerContactEqualsWholeRound: the pass that works a round out one contact at a time
// puts exactly the outbox rows in the outbox (keys, kinds, recipients, subjects, bodies,
// Message-IDs, references) that the pass working the whole round out at once did, at every
// step of the real programme's 2026H2 ladder (request, reminders, escalation, summary), with
// answers in both periods, a coordinator's choice of contact, a bounced and an away contact.
func TestPassPerContactEqualsWholeRound(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	per := stack.New(t, "../..", start, nil)
	whole := stack.New(t, "../..", start, nil)
	cycle.WorkWholeRound(whole.Cycle)

	p, err := config.ParsePeriod("2026H2")
	if err != nil {
		t.Fatal(err)
	}
	var meeting config.Meeting
	found := false
	for _, m := range per.Config.Meetings {
		if m.ReportingPeriod().String() == p.String() {
			meeting, found = m, true
		}
	}
	if !found {
		t.Fatal("no meeting reports on 2026H2")
	}
	round, err := per.Cycle.LoadRound(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	contacts := round.Contacts()
	if len(contacts) < 8 {
		t.Fatalf("only %d contacts have items", len(contacts))
	}
	// The same history in both stores.
	for _, sk := range []*stack.Stack{per, whole} {
		answer := answerer(t, sk, round)
		// contacts[1] answers everything: no reminders, not missing.
		for i := range round.Items[contacts[1]] {
			answer(contacts[1], "2026H2", i, "op schema")
		}
		for i := range 4 {
			answer(contacts[0], "2026H1", i, "op schema")
			answer(contacts[2], "2026H2", i, "vertraagd")
		}
		ref := round.Items[contacts[3]][0].ActionRef
		if err := sk.Store.(store.BoardStore).SetActionContact(ctx, store.ActionContact{Period: "2026H2", ActionRef: ref,
			ContactKey: contacts[4], SetBy: "coordinator", SetAt: sk.Clock.Now()}); err != nil {
			t.Fatal(err)
		}
		if err := sk.Store.MarkBounced(ctx, contacts[5], sk.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		if err := sk.Store.SetAway(ctx, contacts[6], meeting.Deadline().AddDate(0, 1, 0)); err != nil {
			t.Fatal(err)
		}
		sk.Cycle.Invalidate()
	}

	kinds := map[string]int{}
	for _, st := range per.Cycle.Ladder(meeting) {
		at := st.At.Add(time.Minute)
		for _, sk := range []*stack.Stack{per, whole} {
			sk.Clock.Set(at)
			if _, err := sk.Cycle.Pass(ctx); err != nil {
				t.Fatalf("%s at %v: %v", st.Kind, at, err)
			}
		}
		got, want := outboxRows(t, per, contacts), outboxRows(t, whole, contacts)
		if len(got) != len(want) {
			t.Fatalf("after the %s step: %d rows one contact at a time, %d from the whole round", st.Kind, len(got), len(want))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("after the %s step, row %d:\n got %+v\nwant %+v", st.Kind, i, got[i], want[i])
			}
		}
		clear(kinds)
		for _, m := range got {
			kinds[m.Kind]++
		}
	}
	// The steps must have made every kind, or the comparison proves little.
	for _, k := range []string{email.KindStatusRequest, email.KindReminder, email.KindEscalation, email.KindSummary} {
		if kinds[k] == 0 {
			t.Errorf("no %s in the outbox: %v", k, kinds)
		}
	}
}

// outboxRows are the rows of sk's outbox in key order, each request's random token replaced
// by its contact's key, so two stores with the same history compare equal.
func outboxRows(t *testing.T, sk *stack.Stack, contacts []string) []store.OutboxMessage {
	t.Helper()
	ctx := context.Background()
	var tokens []string
	for _, ck := range contacts {
		sr, err := sk.Store.StatusRequest(ctx, outbox.RequestKey("2026H2", ck))
		if err == nil {
			tokens = append(tokens, sr.Token, "TOKEN-"+ck)
		}
	}
	norm := strings.NewReplacer(tokens...)
	var out []store.OutboxMessage
	for _, status := range []string{store.OutboxQueued, store.OutboxSent, store.OutboxFailed} {
		rows, err := sk.Store.OutboxByStatus(ctx, status, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range rows {
			m.CreatedAt = time.Time{}
			m.Subject, m.BodyText, m.BodyHTML, m.ReplyTo, m.Ref = norm.Replace(m.Subject), norm.Replace(m.BodyText),
				norm.Replace(m.BodyHTML), norm.Replace(m.ReplyTo), norm.Replace(m.Ref)
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// answerer returns a function that stores, in sk, the contact's answer with status about the
// it-th of the contact's items in round, for period; nothing when the contact has fewer items.
func answerer(t *testing.T, sk *stack.Stack, round *cycle.Round) func(contact, period string, it int, status string) {
	return func(contact, period string, it int, status string) {
		t.Helper()
		items := round.Items[contact]
		if it >= len(items) {
			return
		}
		if _, err := sk.Store.AddResponse(context.Background(), store.Response{RefKind: store.RefAction, Ref: items[it].ActionRef,
			ContactKey: contact, Period: period, Status: status, Toelichting: "x",
			Indicators: map[string]string{}, Source: store.SourceWeb}, sk.Clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
}
