package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

// takenOver puts a message in the outbox, lets "replica-a" claim it and "replica-b" take it
// over once a's lease ran out, and records a's late outcome (sent when errText is ""). Its
// Ref is the contact's status request, so the action page lists it too.
// finish is b's outcome: store.OutcomeSent or store.OutcomePermanent.
func (e *env) takenOver(key, to, subject, errText, finish string) {
	e.t.Helper()
	ctx := context.Background()
	now := e.clock.Now()
	if _, err := e.store.Enqueue(ctx, store.OutboxMessage{Key: key, Kind: "statusrequest", Channel: "email", Recipient: to,
		Subject: subject, MessageID: "<" + key + "@test>", Ref: "uitvraag/" + period + "/" + contact, NextAttemptAt: now.AddDate(-1, 0, 0)}, now); err != nil {
		e.t.Fatal(err)
	}
	for _, c := range []struct {
		owner string
		at    time.Time
	}{{"replica-a", now}, {"replica-b", now.Add(2 * time.Minute)}} {
		if got, err := e.store.ClaimOutbox(ctx, c.owner, c.at, time.Minute, 1); err != nil || len(got) != 1 || got[0].Key != key {
			e.t.Fatalf("claim %s by %s: %v %v", key, c.owner, got, err)
		}
	}
	at := now.Add(2*time.Minute + time.Second)
	outcome := store.OutcomeSent
	if errText != "" {
		outcome = store.OutcomeTemporary
	}
	if err := e.store.RecordLateAttempt(ctx, store.DeliveryAttempt{OutboxKey: key, Attempt: 1, AttemptedAt: at, Owner: "replica-a",
		Outcome: outcome, Error: errText}); err != nil {
		e.t.Fatal(err)
	}
	var counted bool
	var err error
	if finish == store.OutcomeSent {
		counted, err = e.store.MarkSent(ctx, key, "replica-b", at)
	} else {
		counted, err = e.store.MarkAttemptFailed(ctx, key, "replica-b", at, "550 5.1.1 mailbox unavailable", false, time.Time{})
	}
	if err != nil || !counted {
		e.t.Fatalf("b's outcome of %s: %v %v", key, counted, err)
	}
}

// sentByTwo is a message both instances sent: the one that took it over, and late the other.
func (e *env) sentByTwo(key, to string) {
	e.t.Helper()
	e.takenOver(key, to, "Herinnering", "", store.OutcomeSent)
}

// A message that an instance sent after another had taken it over shows a warning on the
// outbox page: the coordinator sees which message, sent when and by which instance, and that
// it may have arrived twice (also on a failed message, whose resend would make it three);
// a viewer sees only how many. Everything from the store and the mail server is escaped.
func TestLateAttemptsAreShownOnTheOutboxPage(t *testing.T) {
	e := setupBoard(t)
	b := e.signedIn(coordKey, coordPass)
	const warning = "Verzonden nadat een andere instantie het bericht had overgenomen: kan dubbel zijn aangekomen"
	if body := b.get("/berichten").body; strings.Contains(body, "Door twee instanties verstuurd") || strings.Contains(body, warning) {
		t.Fatalf("the page shows late attempts before there are any:\n%s", body)
	}

	e.takenOver("uitvraag/"+period+"/"+contact, "anna.devries@regio.example.org", "Uitvraag <i>voortgang</i>", "", store.OutcomeSent)
	e.takenOver("herinnering/"+period+"/"+contact+"/1", "bert@regio.example.org", "Herinnering", "", store.OutcomePermanent)
	e.takenOver("herinnering/"+period+"/"+contact+"/2", "cor@regio.example.org", "Tweede herinnering", "451 <b>bezet</b>", store.OutcomeSent)

	page := b.get("/berichten")
	body := page.body
	mustContain(t, body, "<h2 id=\"twee-instanties\">Door twee instanties verstuurd</h2>", warning,
		"anna.devries@regio.example.org", "Uitvraag &lt;i&gt;voortgang&lt;/i&gt;", "replica-a", "Verstuurd",
		"<strong>Mislukt nadat een andere instantie het bericht had overgenomen</strong> (451 &lt;b&gt;bezet&lt;/b&gt;)", "cor@regio.example.org")
	if strings.Contains(body, "<i>voortgang</i>") || strings.Contains(body, "<b>bezet</b>") {
		t.Error("the page shows the subject or the server's answer unescaped")
	}
	// Two sends after a takeover (anna's and bert's) are listed; cor's late attempt failed.
	late := body[strings.Index(body, `id="twee-instanties"`):]
	if n := strings.Count(late, warning); n != 2 {
		t.Errorf("the late list has the warning %d times, want 2 (anna, bert)", n)
	}
	// bert's message failed for good under the other instance: its row in the failed list
	// warns too, before anyone sends it again.
	failed := body[:strings.Index(body, `id="twee-instanties"`)]
	row := failed[strings.Index(failed, "bert@regio.example.org"):]
	row = row[:strings.Index(row, "</tr>")]
	mustContain(t, row, "550 5.1.1 mailbox unavailable", "<strong>"+warning+"</strong>")

	// The action's message history marks the late attempt among the others.
	mustContain(t, b.get("/acties/15a").body, "afgeleverd nadat een andere instantie het bericht had overgenomen")

	// A viewer sees the count only.
	v := e.signedIn(viewerKey, viewerPass).get("/berichten").body
	mustContain(t, v, "Door twee instanties verstuurd", "3 bericht(en) zijn mogelijk door twee instanties verstuurd. Alleen coördinatoren zien welke.")
	for _, x := range []string{"anna.devries@regio.example.org", "cor@regio.example.org", "replica-a", "bezet"} {
		if strings.Contains(v, x) {
			t.Errorf("a viewer sees %q", x)
		}
	}
}

func TestLateAttemptsInEnglish(t *testing.T) {
	e := setupBoard(t, english())
	e.takenOver("uitvraag/"+period+"/"+contact, "anna.devries@regio.example.org", "Status request", "", store.OutcomeSent)
	mustContain(t, e.signedIn(coordKey, coordPass).get("/berichten").body, "Sent by two instances",
		"Sent after another instance had taken the message over: may have arrived twice", "anna.devries@regio.example.org")
}

// A viewer's count is of messages: one taken over twice, with two late attempts, is one.
func TestLateAttemptsCountMessagesForAViewer(t *testing.T) {
	e := setupBoard(t)
	ctx := context.Background()
	key := "uitvraag/" + period + "/" + contact
	now := e.clock.Now()
	if _, err := e.store.Enqueue(ctx, store.OutboxMessage{Key: key, Kind: "statusrequest", Channel: "email", Recipient: "anna.devries@regio.example.org",
		Subject: "Uitvraag", MessageID: "<twice@test>", Ref: "uitvraag/" + period + "/" + contact, NextAttemptAt: now.AddDate(-1, 0, 0)}, now); err != nil {
		t.Fatal(err)
	}
	owners := []string{"replica-a", "replica-b", "replica-c"}
	for i, o := range owners {
		if got, err := e.store.ClaimOutbox(ctx, o, now.Add(time.Duration(2*i)*time.Minute), time.Minute, 1); err != nil || len(got) != 1 {
			t.Fatalf("claim by %s: %v %v", o, got, err)
		}
	}
	for i, o := range owners[:2] {
		if err := e.store.RecordLateAttempt(ctx, store.DeliveryAttempt{OutboxKey: key, Attempt: i + 1, AttemptedAt: now.Add(5 * time.Minute),
			Owner: o, Outcome: store.OutcomeSent}); err != nil {
			t.Fatal(err)
		}
	}
	if late, err := e.store.LateAttempts(ctx, lateListLimit); err != nil || len(late) != 2 {
		t.Fatalf("late attempts = %+v, %v; want two", late, err)
	}
	mustContain(t, e.signedIn(viewerKey, viewerPass).get("/berichten").body, "1 bericht(en) zijn mogelijk door twee instanties verstuurd.")
}
