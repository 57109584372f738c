package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

// LateAttemptSuite checks RecordLateAttempt and LateAttempts: the outcome of a send that
// finished after another worker had taken the message over is kept, marked late, without
// changing the message. Each case gets a fresh store from open.
func LateAttemptSuite(t *testing.T, open Open) {
	t.Run("a stale owner's outcomes are kept, the message is left alone", func(t *testing.T) { testLateKept(t, open(t)) })
	t.Run("bad input is refused and nothing is written", func(t *testing.T) { testLateRefused(t, open(t)) })
}

// takenOver enqueues keys, lets "slow" claim them and "fresh" take them over after slow's
// lease ran out; it returns when slow reports.
func takenOver(t *testing.T, s store.Store, lease time.Duration, keys ...string) time.Time {
	t.Helper()
	ctx := context.Background()
	for _, k := range keys {
		if _, err := s.Enqueue(ctx, message(k), t0); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := s.ClaimOutbox(ctx, "slow", t0, lease, len(keys)); err != nil || len(got) != len(keys) {
		t.Fatalf("first claim = %+v, %v", got, err)
	}
	if got, err := s.ClaimOutbox(ctx, "fresh", t0.Add(lease), lease, len(keys)); err != nil || len(got) != len(keys) {
		t.Fatalf("reclaim = %+v, %v", got, err)
	}
	return t0.Add(lease + time.Second)
}

func testLateKept(t *testing.T, s store.Store) {
	ctx := context.Background()
	lease := 5 * time.Minute
	if err := s.UpsertContact(ctx, store.Contact{Key: "jan", Name: "Jan"}, t0); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.EnsureStatusRequest(ctx, store.StatusRequest{Key: "2026H2/jan", ContactKey: "jan", Period: "2026H2", Token: "tok"}, t0); err != nil {
		t.Fatal(err)
	}
	late := takenOver(t, s, lease, "m1", "m2")
	if got, err := s.LateAttempts(ctx, 0); err != nil || len(got) != 0 {
		t.Fatalf("late attempts before any = %+v, %v", got, err)
	}

	// slow's send of m1 went out, its attempt at m2 failed; neither report counts …
	if counted, err := s.MarkSent(ctx, "m1", "slow", late); err != nil || counted {
		t.Fatalf("stale sent: counted=%v err=%v", counted, err)
	}
	if err := s.RecordLateAttempt(ctx, store.DeliveryAttempt{OutboxKey: "m1", Attempt: 1, AttemptedAt: late, Owner: "slow",
		Outcome: store.OutcomeSent}); err != nil {
		t.Fatalf("record late sent: %v", err)
	}
	if counted, err := s.MarkAttemptFailed(ctx, "m2", "slow", late, "421 4.3.0 try later", true, late.Add(time.Minute)); err != nil || counted {
		t.Fatalf("stale failure: counted=%v err=%v", counted, err)
	}
	if err := s.RecordLateAttempt(ctx, store.DeliveryAttempt{OutboxKey: "m2", Attempt: 1, AttemptedAt: late.Add(time.Second),
		Owner: "slow", Outcome: store.OutcomeTemporary, Error: "421 4.3.0 try later"}); err != nil {
		t.Fatalf("record late failure: %v", err)
	}

	// … so the messages stay fresh's: still sending, attempt 2, no error, not sent, the
	// request not marked asked.
	for _, k := range []string{"m1", "m2"} {
		m, err := s.OutboxMessage(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != store.OutboxSending || m.LeaseOwner != "fresh" || m.Attempts != 2 || m.LastError != "" || !m.SentAt.IsZero() {
			t.Errorf("%s after the late attempt = %s by %q, %d attempts, error %q, sent %v; want sending by fresh, 2, no error, not sent",
				k, m.Status, m.LeaseOwner, m.Attempts, m.LastError, m.SentAt)
		}
	}
	if r, err := s.StatusRequest(ctx, "2026H2/jan"); err != nil || !r.SentAt.IsZero() {
		t.Errorf("a late send marked the request sent at %v (%v)", r.SentAt, err)
	}

	// The late attempt is in the message's history, marked; fresh's own attempt is not late.
	if counted, err := s.MarkSent(ctx, "m1", "fresh", late.Add(2*time.Second)); err != nil || !counted {
		t.Fatalf("owner's sent: counted=%v err=%v", counted, err)
	}
	as, err := s.Attempts(ctx, "m1")
	if err != nil {
		t.Fatal(err)
	}
	want := []store.DeliveryAttempt{
		{OutboxKey: "m1", Attempt: 1, AttemptedAt: late, Owner: "slow", Outcome: store.OutcomeSent, Late: true},
		{OutboxKey: "m1", Attempt: 2, AttemptedAt: late.Add(2 * time.Second), Owner: "fresh", Outcome: store.OutcomeSent},
	}
	if !equalAttempts(as, want) {
		t.Errorf("m1 attempts = %+v, want %+v", as, want)
	}

	// The list: newest recorded first, with the message as it is now.
	got, err := s.LateAttempts(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	wantLate := []store.LateAttempt{
		{DeliveryAttempt: store.DeliveryAttempt{OutboxKey: "m2", Attempt: 1, AttemptedAt: late.Add(time.Second), Owner: "slow",
			Outcome: store.OutcomeTemporary, Error: "421 4.3.0 try later", Late: true},
			Kind: "uitvraag", Channel: "email", Recipient: "jan@regiogv.nl", Subject: "Voortgang 2026H2", Status: store.OutboxSending},
		{DeliveryAttempt: want[0], Kind: "uitvraag", Channel: "email", Recipient: "jan@regiogv.nl", Subject: "Voortgang 2026H2",
			Status: store.OutboxSent},
	}
	if len(got) != len(wantLate) {
		t.Fatalf("late attempts = %+v, want %+v", got, wantLate)
	}
	for i := range got {
		g, w := got[i], wantLate[i]
		if !sameAttempt(g.DeliveryAttempt, w.DeliveryAttempt) ||
			g.Kind != w.Kind || g.Channel != w.Channel || g.Recipient != w.Recipient || g.Subject != w.Subject || g.Status != w.Status {
			t.Errorf("late attempt %d = %+v, want %+v", i, g, w)
		}
	}
	if one, err := s.LateAttempts(ctx, 1); err != nil || len(one) != 1 || one[0].OutboxKey != "m2" {
		t.Errorf("late attempts, at most 1 = %+v, %v; want m2's", one, err)
	}
}

// equalAttempts compares attempts with sameAttempt.
func equalAttempts(got, want []store.DeliveryAttempt) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !sameAttempt(got[i], want[i]) {
			return false
		}
	}
	return true
}

// sameAttempt compares two attempts, instants to the millisecond the stores keep.
func sameAttempt(g, w store.DeliveryAttempt) bool {
	return g.OutboxKey == w.OutboxKey && g.Attempt == w.Attempt && g.AttemptedAt.Equal(w.AttemptedAt.Truncate(time.Millisecond)) &&
		g.Owner == w.Owner && g.Outcome == w.Outcome && g.Error == w.Error && g.Late == w.Late
}

func testLateRefused(t *testing.T, s store.Store) {
	ctx := context.Background()
	late := takenOver(t, s, 5*time.Minute, "m1")
	ok := store.DeliveryAttempt{OutboxKey: "m1", Attempt: 1, AttemptedAt: late, Owner: "slow", Outcome: store.OutcomeSent}
	for _, c := range []struct {
		name string
		edit func(*store.DeliveryAttempt)
		want error
	}{
		{"no key", func(a *store.DeliveryAttempt) { a.OutboxKey = "" }, store.ErrInvalid},
		{"no owner", func(a *store.DeliveryAttempt) { a.Owner = "" }, store.ErrInvalid},
		{"no time", func(a *store.DeliveryAttempt) { a.AttemptedAt = time.Time{} }, store.ErrInvalid},
		{"no outcome", func(a *store.DeliveryAttempt) { a.Outcome = "" }, store.ErrInvalid},
		{"an unknown outcome", func(a *store.DeliveryAttempt) { a.Outcome = "maybe" }, store.ErrInvalid},
		{"an unknown message", func(a *store.DeliveryAttempt) { a.OutboxKey = "bestaat/niet" }, store.ErrNotFound},
	} {
		a := ok
		c.edit(&a)
		if err := s.RecordLateAttempt(ctx, a); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
	}
	if got, err := s.LateAttempts(ctx, 0); err != nil || len(got) != 0 {
		t.Errorf("late attempts after refused input = %+v, %v", got, err)
	}
	if as, err := s.Attempts(ctx, "m1"); err != nil || len(as) != 0 {
		t.Errorf("m1 attempts after refused input = %+v, %v", as, err)
	}
}
