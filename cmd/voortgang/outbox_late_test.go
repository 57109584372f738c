package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

// outbox list shows the attempts that ended after another instance had taken the message
// over: a send among them may have arrived twice. Those of messages the listing leaves out
// (another status) are counted, so the default listing of failed messages does not hide them.
func TestOutboxListShowsLateAttempts(t *testing.T) {
	ctx := context.Background()
	keys := []string{"uitvraag/2026H2/anna", "uitvraag/2026H2/cor", "uitvraag/2026H2/dirk"}
	db, st := outboxDB(t, keys...)
	t0 := outboxT0
	// w1 claims all three; its lease runs out and w2 takes them over.
	if got, err := st.ClaimOutbox(ctx, "w1", t0, time.Minute, 3); err != nil || len(got) != 3 {
		t.Fatalf("claim by w1 = %v, %v", got, err)
	}
	if got, err := st.ClaimOutbox(ctx, "w2", t0.Add(2*time.Minute), time.Minute, 3); err != nil || len(got) != 3 {
		t.Fatalf("claim by w2 = %v, %v", got, err)
	}
	late := t0.Add(2*time.Minute + time.Second)
	for _, a := range []store.DeliveryAttempt{
		{OutboxKey: "uitvraag/2026H2/anna", Outcome: store.OutcomeSent},
		{OutboxKey: "uitvraag/2026H2/cor", Outcome: store.OutcomeTemporary, Error: "451 try\nlater"},
		{OutboxKey: "uitvraag/2026H2/dirk", Outcome: store.OutcomeSent},
	} {
		a.Attempt, a.AttemptedAt, a.Owner = 1, late, "w1"
		if err := st.RecordLateAttempt(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	// w2 fails anna's for good and sends the other two.
	if ok, err := st.MarkAttemptFailed(ctx, "uitvraag/2026H2/anna", "w2", late, "550 5.1.1 no such user", false, time.Time{}); err != nil || !ok {
		t.Fatal(ok, err)
	}
	for _, k := range keys[1:] {
		if ok, err := st.MarkSent(ctx, k, "w2", late); err != nil || !ok {
			t.Fatal(ok, err)
		}
	}
	st.Close()
	env := map[string]string{"VOORTGANG_DB": db, "VOORTGANG_CONFIG": "../../config/voortgang.example.yaml"}
	const sent = "verzonden nadat een andere instantie het bericht had overgenomen: kan dubbel zijn aangekomen"

	code, out, errs := runCmd(t, env, "outbox", "list")
	if code != 0 {
		t.Fatalf("outbox list = %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"1 bericht(en) met status failed\n\nLet op: pogingen die eindigden nadat een andere instantie het bericht had overgenomen:\n",
		"  uitvraag/2026H2/anna  " + sent + "  w1  15 december 2026 om 09:02\n",
		"Let op: nog 1 bericht(en), met status sent, zijn verzonden nadat een andere instantie ze had overgenomen en kunnen dubbel zijn aangekomen",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("outbox list lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "uitvraag/2026H2/cor") || strings.Contains(out, "uitvraag/2026H2/dirk") {
		t.Errorf("outbox list of the failed messages names a sent one:\n%s", out)
	}

	code, out, errs = runCmd(t, env, "outbox", "list", "--status", "sent")
	if code != 0 {
		t.Fatalf("outbox list --status sent = %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"uitvraag/2026H2/cor   mislukt nadat een andere instantie het bericht had overgenomen (451 try later)",
		"uitvraag/2026H2/dirk  " + sent,
		// anna's failed message is not listed here; its late send is counted.
		"Let op: nog 1 bericht(en), met status failed, zijn verzonden",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("outbox list --status sent lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = runCmd(t, env, "outbox", "list", "--format", "json")
	var rows []struct {
		Key  string `json:"key"`
		Late []struct {
			Owner, At, Outcome, Error string
		} `json:"late_attempts"`
	}
	if err := json.Unmarshal([]byte(out), &rows); code != 0 || err != nil || len(rows) != 1 || len(rows[0].Late) != 1 ||
		rows[0].Late[0].Owner != "w1" || rows[0].Late[0].Outcome != "sent" || rows[0].Late[0].At != "2026-12-15T08:02:01Z" {
		t.Errorf("outbox list --format json = %d %v\n%s", code, err, out)
	}
}
