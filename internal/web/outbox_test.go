package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/store"
)

// failRow puts a message in the outbox and lets a delivery attempt fail for good. It is due
// before anything else in the outbox, so the claim takes it and only it.
func (e *env) failRow(key, to string) {
	e.t.Helper()
	ctx := context.Background()
	now := e.clock.Now()
	if _, err := e.store.Enqueue(ctx, store.OutboxMessage{Key: key, Kind: "statusrequest", Channel: "email", Recipient: to,
		Subject: "Uitvraag voortgang", MessageID: "<" + key + "@test>", Ref: "uitvraag/" + period + "/" + contact, NextAttemptAt: now.AddDate(-1, 0, 0)}, now); err != nil {
		e.t.Fatal(err)
	}
	if got, err := e.store.ClaimOutbox(ctx, "w", now, time.Minute, 1); err != nil || len(got) != 1 || got[0].Key != key {
		e.t.Fatalf("claim %s: %v %v", key, got, err)
	}
	if _, err := e.store.MarkAttemptFailed(ctx, key, "w", now, "550 5.1.1 mailbox unavailable", false, time.Time{}); err != nil {
		e.t.Fatal(err)
	}
}

func TestFailedMessagesAreShownAndSentAgain(t *testing.T) {
	e := setupBoard(t)
	ctx := context.Background()
	b := e.signedIn(coordKey, coordPass)
	key := "uitvraag/" + period + "/" + contact
	mustNotContain := func(body string, s ...string) {
		t.Helper()
		for _, x := range s {
			if strings.Contains(body, x) {
				t.Errorf("page contains %q", x)
			}
		}
	}
	mustNotContain(b.get("/").body, "konden niet worden verstuurd")

	e.failRow(key, "anna.devries@regio.example.org")
	mustContain(t, b.get("/").body, "1 bericht(en) konden niet worden verstuurd.", `<a href="/berichten">Bekijken en opnieuw versturen</a>`)
	page := b.get("/periode/" + period).body
	mustContain(t, page, "Niet verstuurd: mislukt", `name="sleutel" value="`+key+`"`)
	list := b.get("/berichten")
	mustContain(t, list.body, "<h1>Mislukte berichten</h1>", "anna.devries@regio.example.org", "550 5.1.1 mailbox unavailable",
		"Alles van deze ronde opnieuw versturen", `name="periode" value="`+period+`"`)

	// A viewer sees the count, not the messages, and cannot resend; a cross-site post is refused.
	v := e.signedIn(viewerKey, viewerPass)
	vl := v.get("/berichten").body
	mustContain(t, vl, "1 bericht(en) mislukt. Alleen coördinatoren")
	mustNotContain(vl, "anna.devries@regio.example.org")
	if r := v.post("/berichten/opnieuw", url.Values{"sleutel": {key}}); r.code != http.StatusForbidden {
		t.Errorf("viewer resend = %d, want 403", r.code)
	}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/berichten/opnieuw", strings.NewReader("sleutel="+url.QueryEscape(key)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(b.cookie)
	if r := e.do(req); r.code != http.StatusForbidden {
		t.Errorf("cross-site resend = %d, want 403", r.code)
	}
	if m, _ := e.store.OutboxMessage(ctx, key); m.Status != store.OutboxFailed {
		t.Fatalf("refused posts changed the message to %s", m.Status)
	}

	// The coordinator resends it from the Periode page and lands back there.
	r := b.post("/berichten/opnieuw", url.Values{"sleutel": {key}, "terug": {period}})
	if r.code != http.StatusSeeOther || r.header.Get("Location") != "/periode/"+period+"?melding=opnieuw-verstuurd" {
		t.Fatalf("resend = %d %s", r.code, r.header.Get("Location"))
	}
	if m, _ := e.store.OutboxMessage(ctx, key); m.Status != store.OutboxQueued {
		t.Errorf("after resend the message is %s", m.Status)
	}
	audit, _ := e.store.Audit(ctx, cycle.AuditEntityOutbox, key)
	if len(audit) != 1 || audit[0].Actor != coordKey || audit[0].Action != cycle.AuditResent {
		t.Errorf("audit = %+v", audit)
	}
	page = b.get("/periode/" + period).body
	mustContain(t, page, "Nog niet verstuurd")
	mustNotContain(page, "Niet verstuurd: mislukt")
	mustNotContain(b.get("/").body, "konden niet worden verstuurd")

	// Once it goes out, the page shows the day it was sent.
	e.store.ClaimOutbox(ctx, "w", e.clock.Now(), time.Minute, 1)
	if ok, err := e.store.MarkSent(ctx, key, "w", e.clock.Now()); err != nil || !ok {
		t.Fatal(ok, err)
	}
	mustNotContain(b.get("/periode/"+period).body, "Nog niet verstuurd")

	// A whole round at once; nothing left to resend says so.
	e.failRow("herinnering/"+period+"/"+contact+"/1", "anna.devries@regio.example.org")
	if r := b.post("/berichten/opnieuw", url.Values{"periode": {period}}); r.header.Get("Location") != "/berichten?melding=opnieuw-verstuurd" {
		t.Errorf("round resend → %s", r.header.Get("Location"))
	}
	if r := b.post("/berichten/opnieuw", url.Values{"periode": {period}}); r.header.Get("Location") != "/berichten?melding=niets-opnieuw" {
		t.Errorf("empty round resend → %s", r.header.Get("Location"))
	}
	if r := b.post("/berichten/opnieuw", url.Values{"sleutel": {"bestaat/niet/x"}}); r.code != http.StatusNotFound {
		t.Errorf("unknown key = %d", r.code)
	}
	if r := b.post("/berichten/opnieuw", url.Values{}); r.code != http.StatusBadRequest {
		t.Errorf("empty form = %d", r.code)
	}
}
