package inbox

import (
	"context"
	"strings"
	"testing"
)

// A delay DSN is a warning on the delivery, not a bounce: the address stays usable and the
// warning is stored on the request's outbox message; a final failure afterwards still bounces.
func TestProcessDelayWarningIsNotABounce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sr, m := e.request(t, noor)
	email := mustContact(t, e, noor).Email
	raw := fixture(t, "delay_dsn_gmail.eml", "k.deboer@wijdemeren.nl", email,
		"uitvraag.20261124.Dl4Yx8Qw2E@regio.example.org", strings.Trim(m.MessageID, "<>"), "Dl4Yx8Qw2E", sr.Token)
	out := process(t, e, raw)
	if out.Quarantine() || out.ContactKey != noor || out.RequestKey != sr.Key {
		t.Fatalf("outcome = %+v", out)
	}
	if c := mustContact(t, e, noor); !c.BouncedAt.IsZero() {
		t.Fatal("a delay warning marked the address bounced")
	}
	ws, err := e.st.DeliveryWarnings(ctx, m.Key)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 1 || ws[0].Recipient != email || ws[0].Warning != "Delivery Status Notification (Delay)" {
		t.Fatalf("warnings = %+v", ws)
	}

	// The final failure for the same message blocks the address.
	if out := process(t, e, e.bounceOf(t, noor)); out.Quarantine() {
		t.Fatalf("bounce outcome = %+v", out)
	}
	if c := mustContact(t, e, noor); c.BouncedAt.IsZero() {
		t.Error("the final failure did not mark the address bounced")
	}
}

// A success DSN and a read receipt are recorded and change nothing.
func TestProcessSuccessDSNAndReadReceiptChangeNothing(t *testing.T) {
	e := newEnv(t)
	email := mustContact(t, e, noor).Email
	for _, raw := range [][]byte{
		fixture(t, "success_dsn.eml", "t.bakker@laren.nl", email),
		fixture(t, "read_receipt_nl.eml"),
	} {
		out := process(t, e, raw)
		if out.Quarantine() || out.Kind != OutcomeProcessed {
			t.Errorf("outcome = %+v", out)
		}
	}
	if c := mustContact(t, e, noor); !c.BouncedAt.IsZero() {
		t.Error("a success report marked the address bounced")
	}
	if rs := e.responses(t, anna); len(rs) != 0 {
		t.Errorf("a read receipt made answers: %+v", rs)
	}
}
