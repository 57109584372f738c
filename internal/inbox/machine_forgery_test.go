package inbox

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

// The verdicts the test MX records (see mx).
const (
	verdictPass = "spf=pass smtp.mailfrom=regio.example.org; dkim=pass; dmarc=pass header.from=regio.example.org"
	verdictNone = "spf=none smtp.mailfrom=mailer.example.net; dkim=none; dmarc=none header.from=regio.example.org"
	verdictSPF  = "spf=fail smtp.mailfrom=mailer.example.net; dmarc=none header.from=regio.example.org"
)

// machineCase is one delivery report or auto-reply sent through the MX, with the state the
// inbound row must end in and a word its reason must contain.
type machineCase struct {
	msgID, verdict string
	raw            []byte
	state, reason  string
}

// sendMachine sends every case through the MX, polls them in one pass and checks their rows.
func sendMachine(t *testing.T, e *env, s *imapServer, m *mx, cases []machineCase) {
	t.Helper()
	processed, quarantined := 0, 0
	for _, c := range cases {
		m.send(t, "", c.verdict, c.raw)
		if c.state == store.InboundProcessed {
			processed++
		} else {
			quarantined++
		}
	}
	pollOnce(t, newPoller(t, e, s), len(cases))
	s.wantCounts(t, 0, processed, quarantined)
	for _, c := range cases {
		if row := inboundRow(t, e, c.msgID); row.State != c.state || !strings.Contains(row.Reason, c.reason) {
			t.Errorf("%s: state %q, reason %q; want %q with %q", c.msgID, row.State, row.Reason, c.state, c.reason)
		}
	}
}

// A delivery report can block an owner's address, so only one about our own mail to that
// address counts: a forged bounce (a Message-ID voortgang did not sign, a failed SPF check,
// another recipient's message, no reference at all) goes to the postvak and leaves the
// address alone. The genuine bounce, sent last, still blocks it.
func TestForgedBounceDoesNotBlockTheAddress(t *testing.T) {
	e := newEnv(t)
	s := newIMAPServer(t, rev2())
	m := newMX(t, s)
	sr, _ := e.request(t, noor)
	_, annaMsg := e.request(t, anna)
	const returnedID = "Message-ID: <uitvraag.20261124.Ui4Op7As1D@regio.example.org>\r\n"
	bounce := func(id string, replace ...string) []byte {
		return e.bounceOf(t, noor, append([]string{"20261124091231.4Yh5dE4f5G@mx.regio.example.org", id}, replace...)...)
	}
	sendMachine(t, e, s, m, []machineCase{
		{msgID: "onbekend@mx.example.net", verdict: verdictNone, state: store.InboundQuarantined, reason: "niet ondertekend",
			raw: bounce("onbekend@mx.example.net", "uitvraag.20261124.Ui4Op7As1D@regio.example.org", unkeyedMessageID(sr.Key))},
		{msgID: "spf@mx.example.net", verdict: verdictSPF, state: store.InboundQuarantined, reason: "SPF-controle mislukt",
			raw: bounce("spf@mx.example.net")},
		{msgID: "ander-bericht@mx.example.net", verdict: verdictNone, state: store.InboundQuarantined, reason: "het bericht ging naar " + annaEm,
			raw: bounce("ander-bericht@mx.example.net", "uitvraag.20261124.Ui4Op7As1D@regio.example.org", strings.Trim(annaMsg.MessageID, "<>"))},
		{msgID: "zonder-kenmerk@mx.example.net", verdict: verdictNone, state: store.InboundQuarantined, reason: "zonder kenmerk of token",
			raw: bounce("zonder-kenmerk@mx.example.net", returnedID, "", "[vg:Ui4Op7As1D]", "", "voortgang+Ui4Op7As1D@", "voortgang@")},
		// Only the token ties it to noor's request, but it names anna's address as failing.
		{msgID: "ander-adres@mx.example.net", verdict: verdictNone, state: store.InboundQuarantined,
			reason: "noemt " + annaEm + ", maar de uitvraag ging naar " + mustContact(t, e, noor).Email,
			raw:    bounce("ander-adres@mx.example.net", returnedID, "", "p.pietersen@weesp.nl", annaEm, "P.Pietersen@weesp.nl", annaEm)},
	})
	for _, k := range []string{noor, anna} {
		if c := mustContact(t, e, k); !c.BouncedAt.IsZero() {
			t.Fatalf("a forged bounce marked %s bounced at %v", k, c.BouncedAt)
		}
	}
	for _, c := range e.cfg.Coordinators {
		if _, err := e.st.OutboxMessage(context.Background(), outbox.BounceKey("onbekend@mx.example.net", noor, c.ID())); err == nil {
			t.Errorf("coordinator %s told of a forged bounce", c.Key)
		}
	}

	// The returned headers without a Message-ID but with the request's token still tie the
	// bounce to the request to that address.
	s2 := newIMAPServer(t, rev2())
	m2 := newMX(t, s2)
	sendMachine(t, e, s2, m2, []machineCase{
		{msgID: "echt@mx.regio.example.org", verdict: verdictPass, state: store.InboundProcessed, reason: "onbestelbaar: ",
			raw: bounce("echt@mx.regio.example.org", returnedID, "")},
	})
	if c := mustContact(t, e, noor); c.BouncedAt.IsZero() {
		t.Errorf("the genuine bounce did not mark %s bounced", noor)
	}
}

// A delay warning about a message voortgang did not sign, or one that failed SPF, adds no
// warning to the delivery.
func TestForgedDelayWarningIsNotStored(t *testing.T) {
	e := newEnv(t)
	s := newIMAPServer(t, rev2())
	m := newMX(t, s)
	sr, msg := e.request(t, noor)
	email := mustContact(t, e, noor).Email
	legacy := e.legacyReminder(t, sr, email)
	delay := func(id, about string) []byte {
		return fixture(t, "delay_dsn_gmail.eml", "k.deboer@wijdemeren.nl", email,
			"uitvraag.20261124.Dl4Yx8Qw2E@regio.example.org", about, "Dl4Yx8Qw2E", sr.Token,
			"6a1f4b2c.050a0220.3c1d2e.9f8aSMTPIN_DELAYED@mx.google.com", id)
	}
	sendMachine(t, e, s, m, []machineCase{
		{msgID: "oud@mx.example.net", verdict: verdictNone, state: store.InboundQuarantined, reason: "niet door voortgang is ondertekend",
			raw: delay("oud@mx.example.net", unkeyedMessageID(legacy))},
		{msgID: "spf@mx.example.net", verdict: verdictSPF, state: store.InboundQuarantined, reason: "SPF-controle mislukt",
			raw: delay("spf@mx.example.net", strings.Trim(msg.MessageID, "<>"))},
	})
	for _, key := range []string{msg.Key, legacy} {
		if ws, err := e.st.DeliveryWarnings(context.Background(), key); err != nil || len(ws) != 0 {
			t.Errorf("warnings of %s = %+v, %v; want none", key, ws, err)
		}
	}
}

// An out-of-office reply sets the owner's absence, which holds back their reminders, so it
// counts only when it answers a request to its sender (by token or signed reference) and
// passed the receiving server's checks. Forged ones go to the postvak; an abuse report
// (ARF) changes nothing, authenticated or not. The genuine reply, sent last, still counts.
func TestForgedAutoReplyDoesNotRecordAbsence(t *testing.T) {
	e := newEnv(t)
	s := newIMAPServer(t, rev2())
	m := newMX(t, s)
	markReq, markMsg := e.request(t, mark)
	markEm := mustContact(t, e, mark).Email
	oof := func(id, token, from string) []byte {
		return fixture(t, "oof_nl.eml", "VI1PR09MB4048C0FFEE1234567890ABCDEF@VI1PR09MB4048.eurprd09.prod.outlook.com", id,
			"uitvraag.20261124.Ws3Ed5Rf7T@regio.example.org", strings.Trim(markMsg.MessageID, "<>"),
			"Ws3Ed5Rf7T", token, "a.koster@laren.nl", from)
	}
	noToken := func(id string) []byte {
		return fixture(t, "oof_nl.eml", "VI1PR09MB4048C0FFEE1234567890ABCDEF@VI1PR09MB4048.eurprd09.prod.outlook.com", id,
			"uitvraag.20261124.Ws3Ed5Rf7T@regio.example.org", unkeyedMessageID(markReq.Key),
			"+Ws3Ed5Rf7T@", "@", "\r\n [vg:Ws3Ed5Rf7T]", "", " [vg:Ws3Ed5Rf7T]", "", "Ws3Ed5Rf7T", "Zz0Zz0Zz0Z", "a.koster@laren.nl", annaEm)
	}
	sendMachine(t, e, s, m, []machineCase{
		{msgID: "geen-token@mailer.example.net", verdict: verdictNone, state: store.InboundQuarantined, reason: "hoort bij geen uitvraag",
			raw: noToken("geen-token@mailer.example.net")},
		{msgID: "ander-token@mailer.example.net", verdict: verdictNone, state: store.InboundQuarantined, reason: "hoort bij geen uitvraag",
			raw: oof("ander-token@mailer.example.net", markReq.Token, annaEm)},
		{msgID: "dmarc@mailer.example.net", verdict: "spf=pass smtp.mailfrom=mailer.example.net; dmarc=fail header.from=laren.nl",
			state: store.InboundQuarantined, reason: "DMARC-controle mislukt", raw: oof("dmarc@mailer.example.net", markReq.Token, markEm)},
		{msgID: "arf.20261124.150233@hotmail.com", verdict: verdictSPF, state: store.InboundProcessed, reason: "automatisch antwoord",
			raw: fixture(t, "arf_feedback.eml")},
	})
	for _, c := range []string{anna, mark} {
		if got := mustContact(t, e, c); !got.AwayUntil.IsZero() {
			t.Errorf("a forged auto-reply marked %s away until %v", c, got.AwayUntil)
		}
	}
	if rs := e.responses(t, anna); len(rs) != 0 {
		t.Errorf("the abuse report made answers: %+v", rs)
	}

	s2 := newIMAPServer(t, rev2())
	m2 := newMX(t, s2)
	sendMachine(t, e, s2, m2, []machineCase{
		{msgID: "echt@laren.nl", verdict: verdictPass, state: store.InboundProcessed, reason: "afwezig t/m 2027-01-08",
			raw: oof("echt@laren.nl", markReq.Token, markEm)},
	})
	if got := mustContact(t, e, mark); !got.AwayUntil.Equal(time.Date(2027, 1, 8, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the genuine auto-reply: %s away until %v, want 2027-01-08", mark, got.AwayUntil)
	}
}
