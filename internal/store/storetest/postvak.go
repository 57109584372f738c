package storetest

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

// PostvakSuite runs the conformance cases of store.PostvakStore against s, a fresh, empty,
// migrated store whose concrete type implements store.InboundStore and store.PostvakStore.
func PostvakSuite(t *testing.T, s store.Store) {
	pv, ok := s.(store.PostvakStore)
	if !ok {
		t.Fatalf("%T does not implement store.PostvakStore", s)
	}
	in, ok := s.(store.InboundStore)
	if !ok {
		t.Fatalf("%T does not implement store.InboundStore", s)
	}
	ctx := context.Background()
	record := func(t *testing.T, id, state string, received time.Time) {
		t.Helper()
		if _, _, err := in.RecordInbound(ctx, store.InboundMail{MessageID: id, ReceivedAt: received, From: "a@example.org",
			Subject: "Re: uitvraag " + id, Raw: []byte("Subject: " + id + "\r\n\r\n[15a] gereed\r\n"), State: state,
			Reason: "reden " + id, ProcessedAt: received}); err != nil {
			t.Fatal(err)
		}
	}
	record(t, "done@example.org", store.InboundProcessed, t0)
	record(t, "q-old@example.org", store.InboundQuarantined, t0.Add(time.Hour))
	record(t, "late@example.org", store.InboundRejected, t0.Add(2*time.Hour))
	record(t, "q-new@example.org", store.InboundQuarantined, t0.Add(3*time.Hour))

	ids := func(ms []store.PostvakMail) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.MessageID)
		}
		return out
	}

	t.Run("quarantined and rejected mails wait, newest first", func(t *testing.T) {
		got, err := pv.PostvakMails(ctx, true, 0)
		want := []string{"q-new@example.org", "late@example.org", "q-old@example.org"}
		if err != nil || !slices.Equal(ids(got), want) {
			t.Fatalf("PostvakMails(waiting) = %v, %v; want %v", ids(got), err, want)
		}
		if got[0].Raw != nil || !got[0].Waiting() || got[0].ReviewedBy != "" || got[0].Reason != "reden q-new@example.org" {
			t.Errorf("waiting row = %+v", got[0])
		}
		if n, err := pv.CountWaiting(ctx); err != nil || n != 3 {
			t.Errorf("CountWaiting = %d, %v; want 3", n, err)
		}
		if one, err := pv.PostvakMails(ctx, true, 1); err != nil || len(one) != 1 {
			t.Errorf("PostvakMails(limit 1) = %d rows, %v", len(one), err)
		}
		if done, err := pv.PostvakMails(ctx, false, 0); err != nil || len(done) != 0 {
			t.Errorf("PostvakMails(reviewed) before any review = %v, %v", ids(done), err)
		}
	})

	t.Run("assign records the review and the mail stops waiting", func(t *testing.T) {
		at := t0.Add(24 * time.Hour)
		got, err := pv.ReviewInbound(ctx, "q-old@example.org", store.InboundReview{State: store.InboundProcessed,
			Reason: "toegewezen door sanne", RequestKey: "uitvraag/2026H2/jan", ContactKey: "jan", By: "sanne", At: at})
		if err != nil {
			t.Fatal(err)
		}
		if got.State != store.InboundProcessed || got.Reason != "toegewezen door sanne" || got.RequestKey != "uitvraag/2026H2/jan" ||
			got.ContactKey != "jan" || got.ReviewedBy != "sanne" || !got.ReviewedAt.Equal(at.Truncate(time.Millisecond)) ||
			got.ReviewedAt.Location() != time.UTC || got.Waiting() || !bytes.Contains(got.Raw, []byte("[15a] gereed")) {
			t.Errorf("reviewed = %+v", got)
		}
		// The inbound view agrees.
		if m, err := in.InboundMail(ctx, "q-old@example.org"); err != nil || m.State != store.InboundProcessed {
			t.Errorf("InboundMail after review = %q, %v", m.State, err)
		}
		if n, _ := pv.CountWaiting(ctx); n != 2 {
			t.Errorf("CountWaiting after assign = %d, want 2", n)
		}
	})

	t.Run("reject keeps the stored request and the reason", func(t *testing.T) {
		got, err := pv.ReviewInbound(ctx, "late@example.org", store.InboundReview{State: store.InboundRejected,
			Reason: "dubbel verstuurd", By: "sanne", At: t0.Add(25 * time.Hour)})
		if err != nil || got.State != store.InboundRejected || got.Reason != "dubbel verstuurd" || got.ContactKey != "" || got.Waiting() {
			t.Fatalf("reject = %+v, %v", got, err)
		}
		done, err := pv.PostvakMails(ctx, false, 0)
		if want := []string{"late@example.org", "q-old@example.org"}; err != nil || !slices.Equal(ids(done), want) {
			t.Errorf("PostvakMails(reviewed) = %v, %v; want %v", ids(done), err, want)
		}
		if w, _ := pv.PostvakMails(ctx, true, 0); !slices.Equal(ids(w), []string{"q-new@example.org"}) {
			t.Errorf("still waiting = %v", ids(w))
		}
	})

	t.Run("a reviewed or processed mail cannot be reviewed again", func(t *testing.T) {
		for _, id := range []string{"q-old@example.org", "done@example.org"} {
			_, err := pv.ReviewInbound(ctx, id, store.InboundReview{State: store.InboundRejected, Reason: "x", By: "piet", At: t0})
			if !errors.Is(err, store.ErrAlreadyReviewed) {
				t.Errorf("second review of %s err = %v", id, err)
			}
		}
		if m, _ := pv.PostvakMail(ctx, "q-old@example.org"); m.ReviewedBy != "sanne" || m.State != store.InboundProcessed {
			t.Errorf("second review changed the row: %+v", m)
		}
	})

	t.Run("two coordinators at once: one wins", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = pv.ReviewInbound(ctx, "q-new@example.org", store.InboundReview{State: store.InboundRejected,
					Reason: "tegelijk", By: "coordinator", At: t0.Add(time.Duration(i) * time.Second)})
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, store.ErrAlreadyReviewed):
				t.Errorf("concurrent review err = %v", err)
			}
		}
		if won != 1 {
			t.Errorf("%d reviews won, want 1", won)
		}
	})

	t.Run("invalid and missing", func(t *testing.T) {
		for name, r := range map[string]store.InboundReview{
			"back to quarantine": {State: store.InboundQuarantined, Reason: "x", By: "sanne", At: t0},
			"no reason":          {State: store.InboundRejected, By: "sanne", At: t0},
			"no reviewer":        {State: store.InboundRejected, Reason: "x", At: t0},
			"no time":            {State: store.InboundRejected, Reason: "x", By: "sanne"},
		} {
			if _, err := pv.ReviewInbound(ctx, "q-new@example.org", r); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("%s: err = %v", name, err)
			}
		}
		if _, err := pv.ReviewInbound(ctx, "nergens@example.org", store.InboundReview{State: store.InboundRejected,
			Reason: "x", By: "sanne", At: t0}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing mail err = %v", err)
		}
		if _, err := pv.PostvakMail(ctx, "nergens@example.org"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("PostvakMail(missing) err = %v", err)
		}
	})
}
