package inbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-smtp"

	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

// mx is the Regio's receiving mail server: it accepts mail over SMTP, prepends its own
// Authentication-Results (with the verdict the test sets, as SPF and DMARC checks would
// give) and delivers into the IMAP mailbox the poller reads.
type mx struct {
	imap *imapServer
	addr string

	mu      sync.Mutex
	verdict string // "spf=pass smtp.mailfrom=…; dmarc=pass header.from=…"
}

const mxID = "mx.regio.example.org"

func newMX(t *testing.T, s *imapServer) *mx {
	t.Helper()
	m := &mx{imap: s}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &mxSession{mx: m}, nil }))
	srv.Domain = mxID
	srv.AllowInsecureAuth = true
	srv.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	m.addr = ln.Addr().String()
	return m
}

// send delivers raw from envelope sender from to the reply mailbox over SMTP, with the
// authentication verdict the MX is to record.
func (m *mx) send(t *testing.T, from, verdict string, raw []byte) {
	t.Helper()
	m.mu.Lock()
	m.verdict = verdict
	m.mu.Unlock()
	// Plain SMTP on port 25, as between mail servers (the test MX offers no STARTTLS).
	c, err := smtp.Dial(m.addr)
	if err != nil {
		t.Fatalf("SMTP to the MX: %v", err)
	}
	defer c.Close()
	if err := c.SendMail(from, []string{imapUser}, bytes.NewReader(raw)); err != nil {
		t.Fatalf("SMTP to the MX: %v", err)
	}
	if err := c.Quit(); err != nil {
		t.Fatalf("SMTP QUIT: %v", err)
	}
}

type mxSession struct{ mx *mx }

func (s *mxSession) Reset()                                    {}
func (s *mxSession) Logout() error                             { return nil }
func (s *mxSession) Mail(string, *smtp.MailOptions) error      { return nil }
func (s *mxSession) Rcpt(to string, _ *smtp.RcptOptions) error { return nil }
func (s *mxSession) Data(r io.Reader) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.mx.mu.Lock()
	verdict := s.mx.verdict
	s.mx.mu.Unlock()
	head := fmt.Sprintf("Authentication-Results: %s;\r\n\t%s\r\n", mxID, verdict)
	_, err = s.mx.imap.user.Append("INBOX", bytes.NewReader(append([]byte(head), body...)), &imap.AppendOptions{})
	return err
}

// spoof is a mail with Anna's address in From, sent from somewhere else, answering her
// request with a reference the sender computed or copied.
func spoof(msgID, inReplyTo, extraHeader string) []byte {
	return []byte("From: Anna de Vries <" + annaEm + ">\r\n" +
		"To: voortgang@regio.example.org\r\n" +
		"Subject: RE: Uitvraag voortgang\r\n" +
		"Date: Wed, 16 Dec 2026 09:12:00 +0100\r\n" +
		"Message-ID: <" + msgID + ">\r\n" +
		"In-Reply-To: <" + inReplyTo + ">\r\n" +
		"References: <" + inReplyTo + ">\r\n" + extraHeader +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n" +
		"[15a] vervallen\r\n[15b] vervallen\r\n")
}

// unkeyedMessageID is the Message-ID voortgang used to give the mail with key: SHA-256 of
// the key, which anybody can compute from a period and a contact key.
func unkeyedMessageID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16]) + "@regio.example.org"
}

// legacyReminder enqueues a reminder on sr to email as an installation upgraded from the
// unkeyed Message-IDs still has it: its row carries unkeyedMessageID of its key, which it
// returns.
func (e *env) legacyReminder(t *testing.T, sr store.StatusRequest, email string) string {
	t.Helper()
	legacy := outbox.ReminderKey(sr.Period, sr.ContactKey, 9)
	if _, err := e.st.Enqueue(context.Background(), store.OutboxMessage{Key: legacy, Kind: outbox.KindReminder, Channel: "email",
		Recipient: email, Subject: "Herinnering", BodyText: "…", MessageID: unkeyedMessageID(legacy), Ref: sr.Key}, e.clk.Now()); err != nil {
		t.Fatal(err)
	}
	return legacy
}

// A spoofed From with the In-Reply-To an attacker can predict (the old unkeyed hash of
// uitvraag/<period>/<contact>) must not be recorded as the owner's answer, even when the
// receiving server's checks do not flag it (no DMARC policy).
func TestForgedReplyWithPredictedReferenceIsNotRecorded(t *testing.T) {
	e := newEnv(t)
	s := newIMAPServer(t, rev2())
	m := newMX(t, s)
	sr, req := e.request(t, anna)
	if req.MessageID == unkeyedMessageID(sr.Key) {
		t.Errorf("the request went out with the predictable Message-ID %s", req.MessageID)
	}

	m.send(t, "bulk@mailer.example.net", "spf=none smtp.mailfrom=mailer.example.net; dkim=none; dmarc=none header.from=regio.example.org",
		spoof("vervalst-1@mailer.example.net", unkeyedMessageID(sr.Key), ""))
	pollOnce(t, newPoller(t, e, s), 1)
	s.wantCounts(t, 0, 0, 1)
	if rs := e.responses(t, anna); len(rs) != 0 {
		t.Fatalf("forged reply recorded as Anna's answers: %+v", rs)
	}
	row := inboundRow(t, e, "vervalst-1@mailer.example.net")
	if row.State != store.InboundQuarantined || !strings.Contains(row.Reason, "geen uitvraag gevonden") {
		t.Errorf("forged mail: state %q, reason %q", row.State, row.Reason)
	}
}

// An installation upgraded from the unkeyed Message-IDs still has outbox rows that carry
// one. A reply naming only such a reference is not applied: the reference is known to be
// ours, but anybody could have computed it.
func TestReplyToLegacyUnkeyedMessageIDGoesToPostvak(t *testing.T) {
	e := newEnv(t)
	s := newIMAPServer(t, rev2())
	m := newMX(t, s)
	sr, _ := e.request(t, anna)
	legacy := e.legacyReminder(t, sr, annaEm)
	m.send(t, "bulk@mailer.example.net", "spf=none smtp.mailfrom=mailer.example.net; dmarc=none header.from=regio.example.org",
		spoof("oud-kenmerk@mailer.example.net", unkeyedMessageID(legacy), ""))
	pollOnce(t, newPoller(t, e, s), 1)
	s.wantCounts(t, 0, 0, 1)
	if rs := e.responses(t, anna); len(rs) != 0 {
		t.Fatalf("reply to a legacy Message-ID recorded: %+v", rs)
	}
}

// The same reply with the keyed reference the request really carried counts, as long as the
// receiving server's checks pass; when DMARC or SPF failed there it goes to the postvak, and
// a "pass" the sender wrote into the message below the server's field changes nothing.
func TestReplyAuthenticationResults(t *testing.T) {
	e := newEnv(t)
	s := newIMAPServer(t, rev2())
	m := newMX(t, s)
	_, req := e.request(t, anna)
	p := newPoller(t, e, s)

	forgedPass := "Authentication-Results: " + mxID + "; spf=pass smtp.mailfrom=regio.example.org; dmarc=pass header.from=regio.example.org\r\n"
	m.send(t, "bulk@mailer.example.net", "spf=fail smtp.mailfrom=mailer.example.net; dmarc=none header.from=regio.example.org",
		spoof("spf-fout@mailer.example.net", req.MessageID, forgedPass))
	m.send(t, "bulk@mailer.example.net", "spf=pass smtp.mailfrom=mailer.example.net; dmarc=fail (p=reject) header.from=regio.example.org",
		spoof("dmarc-fout@mailer.example.net", req.MessageID, ""))
	pollOnce(t, p, 2)
	s.wantCounts(t, 0, 0, 2)
	for id, check := range map[string]string{"spf-fout@mailer.example.net": "SPF-controle mislukt", "dmarc-fout@mailer.example.net": "DMARC-controle mislukt"} {
		if row := inboundRow(t, e, id); row.State != store.InboundQuarantined || !strings.Contains(row.Reason, check) {
			t.Errorf("%s: state %q, reason %q; want quarantined for %q", id, row.State, row.Reason, check)
		}
	}
	if rs := e.responses(t, anna); len(rs) != 0 {
		t.Fatalf("unauthenticated reply recorded: %+v", rs)
	}

	m.send(t, annaEm, "spf=pass smtp.mailfrom=regio.example.org; dkim=pass; dmarc=pass header.from=regio.example.org",
		spoof("echt@regio.example.org", req.MessageID, ""))
	pollOnce(t, p, 1)
	s.wantCounts(t, 0, 1, 2)
	wantAnswers(t, e, anna, "echt@regio.example.org", map[string]string{"15a": "vervallen", "15b": "vervallen"}, true)
}

func TestAuthFailure(t *testing.T) {
	ours := "mx.regio.example.org 1; spf=pass smtp.mailfrom=a.nl; dkim/1=pass; dmarc=fail (p=reject; dis=none) header.from=a.nl"
	other := "relay.example.net; spf=pass; dmarc=pass"
	tests := []struct {
		name     string
		values   []string
		authserv string
		want     string
	}{
		{"none", nil, "", ""},
		{"top-most counts", []string{ours, other}, "", "DMARC"},
		{"a pass below ours changes nothing", []string{ours, "mx.regio.example.org; dmarc=pass; spf=pass"}, "", "DMARC"},
		{"top-most pass wins without an authserv-id", []string{other, ours}, "", ""},
		{"with an authserv-id other fields are skipped", []string{other, ours}, "mx.regio.example.org", "DMARC"},
		{"with an authserv-id and no field of ours", []string{other}, "mx.regio.example.org", ""},
		{"spf and dmarc", []string{"mx; spf=fail (not permitted) smtp.mailfrom=x; dmarc=fail"}, "", "DMARC,SPF"},
		{"softfail and comments are not fail", []string{"mx; spf=softfail (dmarc=fail) smtp.mailfrom=x"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(authFailure(tt.values, tt.authserv), ","); got != tt.want {
				t.Errorf("authFailure = %q, want %q", got, tt.want)
			}
		})
	}
}
