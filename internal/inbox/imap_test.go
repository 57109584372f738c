package inbox

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport"
)

// imapServer is the shared in-memory IMAP server (testsupport) with the mailbox that receives
// the replies.
type imapServer struct {
	addr string
	user *imapmemserver.User
}

const (
	imapUser = "voortgang@regio.example.org"
	imapPass = "geheim wachtwoord"
)

func newIMAPServer(t *testing.T, caps imap.CapSet) *imapServer {
	t.Helper()
	srv := testsupport.NewIMAPServer(t, imapUser, imapPass, caps)
	return &imapServer{addr: srv.Addr, user: srv.User}
}

func rev2() imap.CapSet { return imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}} }

// url is the VOORTGANG_IMAP_URL of the server (user and password escaped).
func (s *imapServer) url() string {
	return "imap://" + strings.ReplaceAll(imapUser, "@", "%40") + ":" + strings.ReplaceAll(imapPass, " ", "%20") +
		"@" + s.addr + "/INBOX"
}

func (s *imapServer) deliver(t *testing.T, raw []byte) {
	t.Helper()
	if _, err := s.user.Append("INBOX", bytes.NewReader(raw), &imap.AppendOptions{}); err != nil {
		t.Fatalf("deliver: %v", err)
	}
}

// count is the number of messages in mailbox (-1 when it does not exist).
func (s *imapServer) count(t *testing.T, mailbox string) int {
	t.Helper()
	st, err := s.user.Status(mailbox, &imap.StatusOptions{NumMessages: true})
	if err != nil {
		return -1
	}
	return int(*st.NumMessages)
}

func (s *imapServer) wantCounts(t *testing.T, inbox, processed, quarantine int) {
	t.Helper()
	got := [3]int{s.count(t, "INBOX"), s.count(t, "Verwerkt"), s.count(t, "Quarantaine")}
	if want := [3]int{inbox, processed, quarantine}; got != want {
		t.Errorf("INBOX, Verwerkt, Quarantaine = %v, want %v", got, want)
	}
}

func newPoller(t *testing.T, e *env, s *imapServer) *Poller {
	t.Helper()
	p, err := NewPoller(s.url(), e.proc, PollerOptions{ProcessedFolder: e.cfg.Mail.IMAPProcessedFolder,
		QuarantineFolder: e.cfg.Mail.IMAPQuarantineFolder, Clock: e.clk, InsecureLoopback: true})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func pollOnce(t *testing.T, p *Poller, want int) {
	t.Helper()
	n, err := p.PollOnce(context.Background())
	if err != nil || n != want {
		t.Fatalf("PollOnce = %d, %v; want %d", n, err, want)
	}
}

func TestPollOnceEndToEnd(t *testing.T) {
	e := newEnv(t)
	s := newIMAPServer(t, rev2())
	annaReq, _ := e.request(t, anna)
	markReq, _ := e.request(t, mark)

	reply := twoRefs(t, e, "antwoord-imap@regio.example.org", annaEm)
	s.deliver(t, reply)
	s.deliver(t, reply) // delivered twice: recorded once
	forged := fixture(t, "forged_sender.eml", "k7Qx2p9RbT", annaReq.Token)
	s.deliver(t, forged)
	s.deliver(t, fixture(t, "oof_nl.eml", "Ws3Ed5Rf7T", markReq.Token, "a.koster@laren.nl", mustContact(t, e, mark).Email))
	s.deliver(t, e.bounceOf(t, noor))

	p := newPoller(t, e, s)
	pollOnce(t, p, 5)
	s.wantCounts(t, 0, 4, 1)

	wantAnswers(t, e, anna, "antwoord-imap@regio.example.org", map[string]string{"15a": "op schema", "15b": "vertraagd"}, true)
	if n := e.confirmations(t, anna); n != 1 {
		t.Errorf("confirmations = %d, want 1", n)
	}
	row := inboundRow(t, e, "9f8e7d6c5b4a@mailer.example.net")
	if row.State != store.InboundQuarantined || !bytes.Equal(row.Raw, forged) || !strings.Contains(row.Reason, "afzender komt niet overeen") {
		t.Errorf("forged mail row: state %q reason %q raw %d bytes", row.State, row.Reason, len(row.Raw))
	}
	if c := mustContact(t, e, mark); c.AwayUntil.IsZero() {
		t.Errorf("%s not marked away", mark)
	}
	if rs := e.responses(t, mark); len(rs) != 0 {
		t.Errorf("out-of-office recorded answers: %+v", rs)
	}
	if c := mustContact(t, e, noor); c.BouncedAt.IsZero() {
		t.Errorf("%s not marked bounced", noor)
	}

	// An empty mailbox: nothing to do, and the folders exist already.
	pollOnce(t, p, 0)
	s.wantCounts(t, 0, 4, 1)
}

func TestPollOnceAfterCrashBeforeMove(t *testing.T) {
	e := newEnv(t)
	s := newIMAPServer(t, rev2())
	reply := twoRefs(t, e, "antwoord-crash@regio.example.org", annaEm)
	s.deliver(t, reply)
	// The previous run processed the mail and crashed before moving it.
	if out := process(t, e, reply); out.Kind != OutcomeProcessed {
		t.Fatalf("first Process = %+v", out)
	}

	pollOnce(t, newPoller(t, e, s), 1)
	s.wantCounts(t, 0, 1, 0)
	wantAnswers(t, e, anna, "antwoord-crash@regio.example.org", map[string]string{"15a": "op schema", "15b": "vertraagd"}, true)
	if n := e.confirmations(t, anna); n != 1 {
		t.Errorf("confirmations = %d, want 1", n)
	}
}

func TestPollOnceQuarantinesOversizedMessage(t *testing.T) {
	e := newEnv(t)
	s := newIMAPServer(t, rev2())
	sr, m := e.request(t, anna)
	pad := strings.Repeat("Dit is een lange bijlage die als platte tekst is meegestuurd.\r\n", MaxMessageSize/60+10)
	s.deliver(t, fixture(t, "imap/reply_two_refs.eml", "{{TOKEN}}", sr.Token, "{{INREPLYTO}}", m.MessageID,
		"{{MSGID}}", "groot@regio.example.org", "{{FROM}}", annaEm, "{{EXTRA}}", pad))

	pollOnce(t, newPoller(t, e, s), 1)
	s.wantCounts(t, 0, 0, 1)
	if row := inboundRow(t, e, "groot@regio.example.org"); row.State != store.InboundQuarantined || len(row.Raw) <= MaxMessageSize {
		t.Errorf("row state %q, raw %d bytes", row.State, len(row.Raw))
	}
}

// A server without MOVE (IMAP4rev1 only, no UIDPLUS): COPY, flag \Deleted, EXPUNGE.
func TestPollOnceWithoutMove(t *testing.T) {
	e := newEnv(t)
	s := newIMAPServer(t, imap.CapSet{imap.CapIMAP4rev1: {}})
	annaReq, _ := e.request(t, anna)
	s.deliver(t, twoRefs(t, e, "antwoord-rev1@regio.example.org", annaEm))
	s.deliver(t, fixture(t, "forged_sender.eml", "k7Qx2p9RbT", annaReq.Token))

	pollOnce(t, newPoller(t, e, s), 2)
	s.wantCounts(t, 0, 1, 1)
	wantAnswers(t, e, anna, "antwoord-rev1@regio.example.org", map[string]string{"15a": "op schema", "15b": "vertraagd"}, true)
}

func TestPollerIdleProcessesNewMail(t *testing.T) {
	e := newEnv(t)
	s := newIMAPServer(t, rev2())
	p := newPoller(t, e, s)
	// imapmemserver acknowledges IDLE before its session listens for updates, so a message
	// appended in that instant is announced only with the next one. A real server does not
	// do that; here the IDLE restart (which also runs a full pass) picks such a message up.
	p.opts.IdleRestart = time.Second
	passes := make(chan int, 16)
	idling := make(chan struct{}, 16)
	p.idling = func() { idling <- struct{}{} }
	p.afterPass = func(n int, err error) {
		if err != nil {
			t.Errorf("pass: %v", err)
		}
		passes <- n
	}
	ctx := context.Background()
	if err := p.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	waitPass := func() int {
		t.Helper()
		select {
		case n := <-passes:
			return n
		case <-time.After(10 * time.Second):
			t.Fatal("no pass within 10 s")
			return 0
		}
	}
	if n := waitPass(); n != 0 {
		t.Fatalf("first pass moved %d messages from an empty mailbox", n)
	}
	select {
	case <-idling:
	case <-time.After(10 * time.Second):
		t.Fatal("not in IDLE within 10 s")
	}
	// The poller is in IDLE; a new message wakes it.
	s.deliver(t, twoRefs(t, e, "antwoord-idle@regio.example.org", annaEm))
	total := 0
	for total < 1 {
		total += waitPass()
	}
	p.Stop()
	s.wantCounts(t, 0, 1, 0)
	wantAnswers(t, e, anna, "antwoord-idle@regio.example.org", map[string]string{"15a": "op schema", "15b": "vertraagd"}, true)
}

func TestNewPollerURLs(t *testing.T) {
	tests := []struct {
		name    string
		url     string
		opts    PollerOptions
		addr    string
		mailbox string
		wantErr string
		noClock bool
	}{
		{name: "imaps with default port and mailbox", url: "imaps://u%40regio.nl:pw@mail.example.org", addr: "mail.example.org:993", mailbox: "INBOX"},
		{name: "imap with STARTTLS and a folder", url: "imap://u:pw@mail.example.org:1143/Antwoorden", addr: "mail.example.org:1143", mailbox: "Antwoorden"},
		{name: "plain IMAP only to loopback", url: "imap://u:pw@mail.example.org/INBOX", opts: PollerOptions{InsecureLoopback: true}, wantErr: "alleen naar localhost"},
		{name: "other scheme", url: "pop3://u:pw@mail.example.org", wantErr: "imaps://"},
		{name: "no user", url: "imaps://mail.example.org", wantErr: "gebruikersnaam"},
		{name: "password never in the error", url: "imaps://u:geheim@mail.example.org:99x", wantErr: "IMAP-adres"},
		{name: "no clock", url: "imaps://u:pw@mail.example.org", noClock: true, wantErr: "Clock ontbreekt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			if !tt.noClock {
				opts.Clock = clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
			}
			p, err := NewPoller(tt.url, nil, opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "geheim") {
					t.Fatalf("err = %v, want one containing %q without the password", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.addr != tt.addr || p.mailbox != tt.mailbox || p.insecure {
				t.Errorf("addr %q mailbox %q insecure %v", p.addr, p.mailbox, p.insecure)
			}
		})
	}
}

// A message over the fetch limit is not downloaded, but its header block is recorded, so the
// postvak lists it; the whole message waits in the quarantine folder.
func TestPollOnceRecordsHeadersOfMailTooLargeToFetch(t *testing.T) {
	e := newEnv(t)
	s := newIMAPServer(t, rev2())
	sr, m := e.request(t, anna)
	pad := strings.Repeat("Dit is een lange bijlage die als platte tekst is meegestuurd.\r\n", 2000)
	raw := fixture(t, "imap/reply_two_refs.eml", "{{TOKEN}}", sr.Token, "{{INREPLYTO}}", m.MessageID,
		"{{MSGID}}", "reus@regio.example.org", "{{FROM}}", annaEm, "{{EXTRA}}", pad)
	s.deliver(t, raw)

	p, err := NewPoller(s.url(), e.proc, PollerOptions{ProcessedFolder: e.cfg.Mail.IMAPProcessedFolder,
		QuarantineFolder: e.cfg.Mail.IMAPQuarantineFolder, Clock: e.clk, InsecureLoopback: true, MaxFetchSize: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	pollOnce(t, p, 1)
	s.wantCounts(t, 0, 0, 1)
	row := inboundRow(t, e, "reus@regio.example.org")
	if row.State != store.InboundQuarantined || !strings.HasPrefix(row.Reason, ReasonTooLargeToRead) {
		t.Fatalf("row state %q, reason %q", row.State, row.Reason)
	}
	if row.From != annaEm || !strings.Contains(row.Subject, "Uitvraag") {
		t.Errorf("row from %q, subject %q", row.From, row.Subject)
	}
	if len(row.Raw) >= len(raw) || !strings.Contains(string(row.Raw), "Message-ID: <reus@regio.example.org>") || strings.Contains(string(row.Raw), "lange bijlage") {
		t.Errorf("row raw holds %d of %d bytes, want the header block only:\n%.500s", len(row.Raw), len(raw), row.Raw)
	}
	if rs := e.responses(t, anna); len(rs) != 0 {
		t.Errorf("unread mail recorded answers: %+v", rs)
	}
}
