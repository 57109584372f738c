package web

import (
	"context"
	"testing"

	"github.com/regiogv/voortgang/internal/store"
)

// A delay warning on a contact's request shows on the period page as a warning, not as an
// undeliverable address.
func TestPeriodPageShowsDeliveryWarning(t *testing.T) {
	e := setupBoard(t)
	ctx := context.Background()
	key := "uitvraag/2026H2/" + contact
	if _, err := e.store.Enqueue(ctx, store.OutboxMessage{Key: key, Kind: "uitvraag", Channel: "email", Recipient: "anna.devries@regio.example.org",
		Subject: "Uitvraag", BodyText: "x", MessageID: "<uitvraag.test.anna@regio.example.org>"}, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	b := e.signedIn(coordKey, coordPass)
	mustNotContain(t, b.get("/periode/2026H2").body, "nog niet afgeleverd")
	m, err := e.store.OutboxMessage(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.WarnDelivery(ctx, m.MessageID, store.DeliveryWarning{Recipient: m.Recipient, Warning: "Delivery Status Notification (Delay)", At: e.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	mustContain(t, b.get("/periode/2026H2").body, "nog niet afgeleverd (waarschuwing van 15 december 2026), wordt nog geprobeerd")
}
