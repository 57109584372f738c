package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

// ContactSuite checks that what the daemon learns about a contact (an absence from an
// out-of-office reply) survives the next sync of the configuration.
func ContactSuite(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Date(2026, 12, 16, 10, 0, 0, 0, time.UTC)
	c := store.Contact{Key: "anna-devries", Name: "Anna de Vries", Email: "anna.devries@regio.example.org", Owners: []string{"regio"}}
	if err := s.UpsertContact(ctx, c, now); err != nil {
		t.Fatal(err)
	}
	back := time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)
	if err := s.SetAway(ctx, c.Key, back); err != nil {
		t.Fatal(err)
	}
	if err := s.UpsertContact(ctx, c, now.Add(time.Hour)); err != nil { // a restart syncs the configuration again
		t.Fatal(err)
	}
	got, err := s.Contact(ctx, c.Key)
	if err != nil {
		t.Fatal(err)
	}
	if !got.AwayUntil.Equal(back) {
		t.Errorf("away until %v after a sync, want %v", got.AwayUntil, back)
	}
	c.Name = "Anna de Vries-Jansen"
	if err := s.UpsertContact(ctx, c, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Contact(ctx, c.Key); got.Name != c.Name || !got.AwayUntil.Equal(back) {
		t.Errorf("after a rename: %+v", got)
	}
}

// OutboxExistsSuite checks the cheap existence test the pass uses before rendering a message.
func OutboxExistsSuite(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)
	if ok, err := s.OutboxExists(ctx, "uitvraag/2026H2/anna-devries"); err != nil || ok {
		t.Fatalf("before enqueue: %v, %v", ok, err)
	}
	if _, err := s.Enqueue(ctx, store.OutboxMessage{Key: "uitvraag/2026H2/anna-devries", Channel: "email", Recipient: "anna@example.org"}, now); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.OutboxExists(ctx, "uitvraag/2026H2/anna-devries"); err != nil || !ok {
		t.Errorf("after enqueue: %v, %v", ok, err)
	}
}
