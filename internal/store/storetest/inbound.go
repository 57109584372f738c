package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

// InboundSuite runs the conformance cases of store.InboundStore against s, a fresh, empty,
// migrated store whose concrete type implements store.InboundStore.
func InboundSuite(t *testing.T, s store.Store) {
	in, ok := s.(store.InboundStore)
	if !ok {
		t.Fatalf("%T does not implement store.InboundStore", s)
	}
	ctx := context.Background()

	t.Run("same Message-ID twice is one row and keeps the first", func(t *testing.T) {
		raw := []byte("From: a@example.org\r\nSubject: Re: uitvraag\r\n\r\n[15a] gereed\r\n\x00\xff binary")
		first := store.InboundMail{MessageID: "m1@example.org", ReceivedAt: t0, From: "a@example.org",
			Subject: "Re: uitvraag", Raw: raw, State: store.InboundProcessed, RequestKey: "uitvraag/2026H2/jan",
			ProcessedAt: t0.Add(time.Second)}
		got, created, err := in.RecordInbound(ctx, first)
		if err != nil || !created {
			t.Fatalf("first RecordInbound: created=%v err=%v", created, err)
		}
		if !bytes.Equal(got.Raw, raw) || got.State != store.InboundProcessed || got.RequestKey != "uitvraag/2026H2/jan" ||
			!got.ReceivedAt.Equal(t0.Truncate(time.Millisecond)) || got.ReceivedAt.Location() != time.UTC {
			t.Errorf("stored = %+v", got)
		}
		second := first
		second.State, second.Reason, second.Raw = store.InboundQuarantined, "anders", []byte("x")
		got, created, err = in.RecordInbound(ctx, second)
		if err != nil || created {
			t.Fatalf("second RecordInbound: created=%v err=%v", created, err)
		}
		if got.State != store.InboundProcessed || !bytes.Equal(got.Raw, raw) {
			t.Errorf("second insert changed the row: %+v", got)
		}
	})

	t.Run("quarantined mail keeps its raw bytes and reason", func(t *testing.T) {
		raw := bytes.Repeat([]byte("x"), 1<<20)
		_, _, err := in.RecordInbound(ctx, store.InboundMail{MessageID: "q1@example.org", ReceivedAt: t0.Add(time.Hour),
			Raw: raw, State: store.InboundQuarantined, Reason: "afzender komt niet overeen", ProcessedAt: t0.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		got, err := in.InboundMail(ctx, "q1@example.org")
		if err != nil || got.Reason != "afzender komt niet overeen" || !bytes.Equal(got.Raw, raw) || got.RequestKey != "" {
			t.Errorf("InboundMail = %q %q len %d, %v", got.State, got.Reason, len(got.Raw), err)
		}
	})

	t.Run("list by state, newest first", func(t *testing.T) {
		all, err := in.InboundMails(ctx, "", 0)
		if err != nil || len(all) != 2 || all[0].MessageID != "q1@example.org" || all[1].MessageID != "m1@example.org" {
			t.Fatalf("InboundMails(all) = %+v, %v", all, err)
		}
		if all[0].Raw != nil {
			t.Errorf("list carries raw bytes")
		}
		q, err := in.InboundMails(ctx, store.InboundQuarantined, 10)
		if err != nil || len(q) != 1 || q[0].MessageID != "q1@example.org" {
			t.Errorf("InboundMails(quarantined) = %+v, %v", q, err)
		}
		one, err := in.InboundMails(ctx, "", 1)
		if err != nil || len(one) != 1 {
			t.Errorf("InboundMails(limit 1) = %d rows, %v", len(one), err)
		}
	})

	t.Run("invalid and missing", func(t *testing.T) {
		_, _, err := in.RecordInbound(ctx, store.InboundMail{MessageID: "x@example.org", ReceivedAt: t0, State: "gelezen", ProcessedAt: t0})
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("unknown state err = %v", err)
		}
		if _, _, err := in.RecordInbound(ctx, store.InboundMail{ReceivedAt: t0, State: store.InboundProcessed, ProcessedAt: t0}); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("no Message-ID err = %v", err)
		}
		if _, err := in.InboundMail(ctx, "nope@example.org"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing mail err = %v", err)
		}
	})

	t.Run("outbox by Message-ID", func(t *testing.T) {
		m := store.OutboxMessage{Key: "uitvraag/2026H2/jan", Kind: "uitvraag", Channel: "email", Recipient: "jan@example.org",
			Subject: "Uitvraag", MessageID: "0a1b2c@regio.example.org", Ref: "uitvraag/2026H2/jan"}
		if _, err := s.Enqueue(ctx, m, t0); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"0a1b2c@regio.example.org", "<0a1b2c@regio.example.org>", "0A1B2C@Regio.Example.org"} {
			got, err := in.OutboxByMessageID(ctx, id)
			if err != nil || got.Key != m.Key || got.Ref != m.Ref {
				t.Errorf("OutboxByMessageID(%q) = %+v, %v", id, got, err)
			}
		}
		if _, err := in.OutboxByMessageID(ctx, "other@regio.example.org"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown Message-ID err = %v", err)
		}
		if _, err := in.OutboxByMessageID(ctx, ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("empty Message-ID err = %v", err)
		}
	})

	t.Run("apply inbound: claim, answers and messages in one transaction", func(t *testing.T) {
		mail := store.InboundMail{MessageID: "apply@example.org", ReceivedAt: t0, From: "jan@example.org",
			State: store.InboundProcessed, Reason: "2 antwoord(en) vastgelegd", ProcessedAt: t0}
		answer := func(ref, status string) store.Response {
			return store.Response{RefKind: store.RefAction, Ref: ref, ContactKey: "jan", Period: "2026H2", Status: status,
				Source: store.SourceEmail, InboundMessageID: mail.MessageID, CreatedBy: "jan"}
		}
		rs := []store.Response{answer("p/15a", "gereed"), answer("p/15b", "vertraagd")}
		confirm := func(added []store.Response) ([]store.OutboxMessage, error) {
			return []store.OutboxMessage{{Key: fmt.Sprintf("bevestiging/2026H2/jan/%d", added[0].ID), Kind: "confirmation",
				Channel: "email", Recipient: "jan@example.org"}}, nil
		}
		latest := func() []store.Response {
			got, err := s.LatestResponses(ctx, "2026H2", "jan")
			if err != nil {
				t.Fatal(err)
			}
			return got
		}

		// A failure inside the transaction (after the answers were written) leaves nothing.
		_, created, _, err := in.ApplyInbound(ctx, mail, rs, func([]store.Response) ([]store.OutboxMessage, error) {
			return nil, errors.New("crash")
		}, t0)
		if err == nil || created {
			t.Fatalf("failing ApplyInbound: created=%v err=%v", created, err)
		}
		if _, err := in.InboundMail(ctx, mail.MessageID); !errors.Is(err, store.ErrNotFound) || len(latest()) != 0 {
			t.Fatalf("failed ApplyInbound left a row (%v) or answers (%d)", err, len(latest()))
		}

		got, created, added, err := in.ApplyInbound(ctx, mail, rs, confirm, t0)
		if err != nil || !created || len(added) != 2 || got.State != store.InboundProcessed || got.Reason != mail.Reason {
			t.Fatalf("ApplyInbound = %+v, created=%v, %d added, %v", got, created, len(added), err)
		}
		key := fmt.Sprintf("bevestiging/2026H2/jan/%d", added[0].ID)
		if ok, err := s.OutboxExists(ctx, key); err != nil || !ok {
			t.Errorf("confirmation %s not enqueued: %v", key, err)
		}

		// The same Message-ID again: nothing is written, not even other answers.
		_, created, added, err = in.ApplyInbound(ctx, mail, []store.Response{answer("p/15a", "vervallen")}, confirm, t0.Add(time.Minute))
		if err != nil || created || len(added) != 0 {
			t.Fatalf("second ApplyInbound: created=%v, %d added, %v", created, len(added), err)
		}
		for _, r := range latest() {
			if r.Version != 1 || r.Status == "vervallen" {
				t.Errorf("response after the duplicate: %+v", r)
			}
		}
	})

	t.Run("set away", func(t *testing.T) {
		if err := s.UpsertContact(ctx, store.Contact{Key: "jan", Name: "Jan", Email: "jan@example.org"}, t0); err != nil {
			t.Fatal(err)
		}
		if err := in.SetAway(ctx, "jan", day(2027, 1, 8)); err != nil {
			t.Fatal(err)
		}
		c, err := s.Contact(ctx, "jan")
		if err != nil || !c.AwayUntil.Equal(day(2027, 1, 8)) {
			t.Errorf("AwayUntil = %v, %v", c.AwayUntil, err)
		}
		if err := in.SetAway(ctx, "jan", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if c, _ := s.Contact(ctx, "jan"); !c.AwayUntil.IsZero() {
			t.Errorf("AwayUntil after clearing = %v", c.AwayUntil)
		}
		if err := in.SetAway(ctx, "piet", day(2027, 1, 8)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown contact err = %v", err)
		}
	})
}
