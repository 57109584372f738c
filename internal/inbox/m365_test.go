package inbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/m365"
	"github.com/regiogv/voortgang/internal/m365/m365test"
	"github.com/regiogv/voortgang/internal/store"
)

const sharedBox = "voortgang@regio.example.org"

func tokenSource(t *testing.T, ts *m365test.TokenServer, scope string, clk clock.Clock) *m365.TokenSource {
	t.Helper()
	src, err := m365.NewTokenSource(m365.Credentials{ClientID: ts.ClientID, ClientSecret: ts.ClientSecret, TokenURL: ts.URL}, scope, clk, nil)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// dovecotClient signs in to Dovecot with XOAUTH2 as the shared mailbox (to deliver and count).
func dovecotClient(t *testing.T, d *m365test.Dovecot, src *m365.TokenSource) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(d.Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	tok, err := src.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Authenticate(m365.NewXOAUTH2Client(sharedBox, tok)); err != nil {
		t.Fatalf("XOAUTH2 login to dovecot: %v", err)
	}
	return c
}

func dovecotCount(t *testing.T, c *imapclient.Client, mailbox string) int {
	t.Helper()
	st, err := c.Status(mailbox, &imap.StatusOptions{NumMessages: true}).Wait()
	if err != nil {
		var ie *imap.Error
		if errors.As(err, &ie) && ie.Code == imap.ResponseCodeNonExistent {
			return -1
		}
		t.Fatalf("STATUS %s: %v", mailbox, err)
	}
	return int(*st.NumMessages)
}

// Against Debian's Dovecot with an oauth2 passdb: the poller signs in with XOAUTH2 and a
// token from the client-credentials grant, which Dovecot verifies at the token server.
func TestPollerXOAUTH2AgainstDovecot(t *testing.T) {
	e := newEnv(t)
	tokens := m365test.NewTokenServer(t, "app-1", "client-geheim", sharedBox)
	d := m365test.StartDovecot(t, tokens)
	admin := dovecotClient(t, d, tokenSource(t, tokens, m365.ScopeOutlook, clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))))
	reply := twoRefs(t, e, "antwoord-dovecot@regio.example.org", annaEm)
	cmd := admin.Append("INBOX", int64(len(reply)), nil)
	cmd.Write(reply)
	cmd.Close()
	if _, err := cmd.Wait(); err != nil {
		t.Fatalf("APPEND: %v", err)
	}

	clk := clock.NewFake(now)
	src := tokenSource(t, tokens, m365.ScopeOutlook, clk)
	before := tokens.Requests()
	addr := "imap+xoauth2://" + strings.ReplaceAll(sharedBox, "@", "%40") + "@" + d.Addr + "/INBOX"
	p, err := NewPoller(addr, e.proc, PollerOptions{Clock: e.clk, InsecureLoopback: true, Tokens: src})
	if err != nil {
		t.Fatal(err)
	}
	pollOnce(t, p, 1)
	pollOnce(t, p, 0)
	if n := tokens.Requests() - before; n != 1 {
		t.Errorf("two passes made %d token requests, want 1", n)
	}
	if got := [3]int{dovecotCount(t, admin, "INBOX"), dovecotCount(t, admin, "Verwerkt"), dovecotCount(t, admin, "Quarantaine")}; got != [3]int{0, 1, 0} {
		t.Errorf("INBOX, Verwerkt, Quarantaine = %v, want [0 1 0]", got)
	}
	wantAnswers(t, e, anna, "antwoord-dovecot@regio.example.org", map[string]string{"15a": "op schema", "15b": "vertraagd"}, true)

	// Past the token's lifetime the poller gets a new token for its next login.
	clk.Advance(time.Hour)
	pollOnce(t, p, 0)
	if n := tokens.Requests() - before; n != 2 {
		t.Errorf("after expiry: %d token requests, want 2", n)
	}

	// A token Dovecot no longer accepts: the login fails, and the next one uses a new token.
	tokens.RevokeAll()
	if _, err := p.PollOnce(context.Background()); err == nil || !strings.Contains(err.Error(), "XOAUTH2") {
		t.Fatalf("PollOnce with a revoked token = %v, want a XOAUTH2 login error", err)
	}
	pollOnce(t, p, 0)
}

func TestPollerXOAUTH2WrongSecret(t *testing.T) {
	e := newEnv(t)
	tokens := m365test.NewTokenServer(t, "app-1", "client-geheim", sharedBox)
	d := m365test.StartDovecot(t, tokens)
	src, _ := m365.NewTokenSource(m365.Credentials{ClientID: "app-1", ClientSecret: "fout", TokenURL: tokens.URL}, m365.ScopeOutlook, e.clk, nil)
	p, err := NewPoller("imap+xoauth2://"+strings.ReplaceAll(sharedBox, "@", "%40")+"@"+d.Addr+"/INBOX", e.proc,
		PollerOptions{InsecureLoopback: true, Tokens: src, Clock: e.clk})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.PollOnce(context.Background())
	var te *m365.TokenError
	if !errors.As(err, &te) || te.Code != "invalid_client" || strings.Contains(err.Error(), "fout") {
		t.Fatalf("PollOnce = %v, want invalid_client without the secret", err)
	}
}

// graphEnv is a Graph server for the shared mailbox and a GraphPoller reading its Inbox.
func graphEnv(t *testing.T, e *env) (*GraphPoller, *m365test.GraphServer, *m365test.TokenServer) {
	t.Helper()
	tokens := m365test.NewTokenServer(t, "app-1", "client-geheim", sharedBox)
	g := m365test.NewGraphServer(t, tokens, sharedBox)
	graph := &m365.Graph{BaseURL: g.URL, Mailbox: sharedBox, Tokens: tokenSource(t, tokens, m365.ScopeGraph, e.clk)}
	p, err := NewGraphPoller(graph, "", e.proc, PollerOptions{ProcessedFolder: e.cfg.Mail.IMAPProcessedFolder,
		QuarantineFolder: e.cfg.Mail.IMAPQuarantineFolder, Clock: e.clk})
	if err != nil {
		t.Fatal(err)
	}
	return p, g, tokens
}

func graphCounts(t *testing.T, g *m365test.GraphServer) [3]int {
	t.Helper()
	var got [3]int
	for i, f := range []string{"Inbox", "Verwerkt", "Quarantaine"} {
		msgs, ok := g.Folder(f)
		got[i] = len(msgs)
		if !ok {
			got[i] = -1
		}
	}
	return got
}

func graphPoll(t *testing.T, p *GraphPoller, g *m365test.GraphServer, want int) {
	t.Helper()
	n, err := p.PollOnce(context.Background())
	if err != nil || n != want {
		t.Fatalf("PollOnce = %d, %v; want %d (server problems: %v)", n, err, want, g.Problems())
	}
}

func TestGraphPollerEndToEnd(t *testing.T) {
	e := newEnv(t)
	p, g, tokens := graphEnv(t, e)
	annaReq, _ := e.request(t, anna)
	reply := twoRefs(t, e, "antwoord-graph@regio.example.org", annaEm)
	g.Deliver("Inbox", reply, now.Add(-time.Hour))
	g.Deliver("Inbox", reply, now.Add(-time.Hour)) // delivered twice: recorded once
	forged := fixture(t, "forged_sender.eml", "k7Qx2p9RbT", annaReq.Token)
	g.Deliver("Inbox", forged, now.Add(-30*time.Minute))

	graphPoll(t, p, g, 3)
	if got := graphCounts(t, g); got != [3]int{0, 2, 1} {
		t.Errorf("Inbox, Verwerkt, Quarantaine = %v, want [0 2 1]", got)
	}
	wantAnswers(t, e, anna, "antwoord-graph@regio.example.org", map[string]string{"15a": "op schema", "15b": "vertraagd"}, true)
	if row := inboundRow(t, e, "9f8e7d6c5b4a@mailer.example.net"); row.State != store.InboundQuarantined || !bytes.Equal(row.Raw, forged) {
		t.Errorf("forged mail row: state %q, %d bytes", row.State, len(row.Raw))
	}
	if got, _ := g.Folder("Verwerkt"); len(got) == 2 && !bytes.Equal(got[0], reply) {
		t.Error("the processed folder holds other bytes than were delivered")
	}

	// The second pass lists only what was received since the newest processed message
	// (minus the overlap), and finds nothing.
	graphPoll(t, p, g, 0)
	reqs := g.Requests()
	last := ""
	for _, r := range reqs {
		if strings.Contains(r, "/mailFolders/inbox/messages") {
			last = r
		}
	}
	if q, _ := url.QueryUnescape(last); !strings.Contains(q, "$filter=receivedDateTime ge 2026-12-16T09:25:00Z") {
		t.Errorf("second listing %q does not filter on 09:30 minus the overlap", last)
	}
	if n := tokens.Requests(); n != 1 {
		t.Errorf("%d token requests, want 1 (cached)", n)
	}
	// Folders were created once and then found by name.
	creates := 0
	for _, r := range reqs {
		if strings.HasPrefix(r, "POST ") && strings.HasSuffix(r, "/mailFolders") {
			creates++
		}
	}
	if creates != 2 {
		t.Errorf("%d folder creations, want 2: %v", creates, reqs)
	}
}

// Many messages: every page is read (through @odata.nextLink) before any is moved, so
// moving does not make the $skip paging skip messages.
func TestGraphPollerPagesThroughLargeFolder(t *testing.T) {
	if testing.Short() {
		t.Skip("slow (117 mails through one pass, no concurrency); runs without -short")
	}
	e := newEnv(t)
	p, g, _ := graphEnv(t, e)
	sr, m := e.request(t, anna)
	const n = 2*graphPageSize + 17
	for i := range n {
		raw := fixture(t, "imap/reply_two_refs.eml", "{{TOKEN}}", sr.Token, "{{INREPLYTO}}", m.MessageID,
			"{{MSGID}}", fmt.Sprintf("veel-%d@regio.example.org", i), "{{FROM}}", annaEm, "{{EXTRA}}", "")
		g.Deliver("Inbox", raw, now.Add(-time.Duration(n-i)*time.Minute))
	}
	graphPoll(t, p, g, n)
	if got := graphCounts(t, g); got != [3]int{0, n, 0} {
		t.Errorf("Inbox, Verwerkt, Quarantaine = %v, want [0 %d 0]", got, n)
	}
	pages := 0
	for _, r := range g.Requests() {
		if strings.Contains(r, "/mailFolders/inbox/messages") {
			pages++
		}
	}
	if pages != 3 {
		t.Errorf("%d listing requests, want 3 pages", pages)
	}
}

// A message whose processing fails stays in the folder, and the next listing still
// reaches back to it.
func TestGraphPollerRetriesFailedMessage(t *testing.T) {
	e := newEnv(t)
	p, g, _ := graphEnv(t, e)
	failing := &failOnce{next: e.proc, match: []byte("antwoord-eerst@")}
	p.proc = failing
	g.Deliver("Inbox", twoRefs(t, e, "antwoord-eerst@regio.example.org", annaEm), now.Add(-3*time.Hour))
	g.Deliver("Inbox", e.bounceOf(t, noor), now.Add(-time.Hour))
	n, err := p.PollOnce(context.Background())
	if n != 1 || err == nil {
		t.Fatalf("PollOnce = %d, %v; want 1 and the failure", n, err)
	}
	graphPoll(t, p, g, 1)
	if got := graphCounts(t, g); got != [3]int{0, 2, 0} {
		t.Errorf("Inbox, Verwerkt, Quarantaine = %v, want [0 2 0]", got)
	}
}

type failOnce struct {
	next   MessageProcessor
	match  []byte
	failed bool
}

func (f *failOnce) Process(ctx context.Context, raw []byte, at time.Time) (Outcome, error) {
	if !f.failed && bytes.Contains(raw, f.match) {
		f.failed = true
		return Outcome{}, errors.New("database weg")
	}
	return f.next.Process(ctx, raw, at)
}

func TestGraphPollerThrottled(t *testing.T) {
	e := newEnv(t)
	p, g, _ := graphEnv(t, e)
	g.Deliver("Inbox", twoRefs(t, e, "antwoord-throttle@regio.example.org", annaEm), now.Add(-time.Hour))
	g.RetryAfter = 42
	g.FailNext(http.StatusTooManyRequests)
	_, err := p.PollOnce(context.Background())
	throttled, after := m365.IsThrottled(err)
	if !throttled || after != 42*time.Second {
		t.Fatalf("PollOnce = %v; want throttled with Retry-After 42s", err)
	}
	graphPoll(t, p, g, 1)
}

func TestGraphPollerQuarantinesOversizedMessage(t *testing.T) {
	e := newEnv(t)
	p, g, _ := graphEnv(t, e)
	p.opts.MaxFetchSize = 64 << 10
	sr, m := e.request(t, anna)
	pad := strings.Repeat("Dit is een enorme bijlage die als platte tekst is meegestuurd.\r\n", 2000)
	g.Deliver("Inbox", fixture(t, "imap/reply_two_refs.eml", "{{TOKEN}}", sr.Token, "{{INREPLYTO}}", m.MessageID,
		"{{MSGID}}", "reus@regio.example.org", "{{FROM}}", annaEm, "{{EXTRA}}", pad), now.Add(-time.Hour))
	graphPoll(t, p, g, 1)
	if got := graphCounts(t, g); got != [3]int{0, 0, 1} {
		t.Errorf("Inbox, Verwerkt, Quarantaine = %v, want [0 0 1]", got)
	}
	// As over IMAP: the postvak lists it with its headers; the body stays in the folder.
	row := inboundRow(t, e, "reus@regio.example.org")
	if row.State != store.InboundQuarantined || !strings.HasPrefix(row.Reason, ReasonTooLargeToRead) ||
		!bytes.Contains(row.Raw, []byte("Subject: Re: Uitvraag")) || bytes.Contains(row.Raw, []byte("enorme bijlage")) {
		t.Errorf("row state %q reason %q, %d bytes kept", row.State, row.Reason, len(row.Raw))
	}
}

// The running loop reads the folder by itself and stops on Stop.
func TestGraphPollerLoop(t *testing.T) {
	e := newEnv(t)
	p, g, _ := graphEnv(t, e)
	passes := make(chan int, 16)
	p.afterPass = func(n int, err error) {
		if err != nil {
			t.Errorf("pass: %v", err)
		}
		passes <- n
	}
	g.Deliver("Inbox", twoRefs(t, e, "antwoord-lus@regio.example.org", annaEm), now.Add(-time.Hour))
	if err := p.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := p.Start(context.Background()); err == nil {
		t.Error("a second Start did not fail")
	}
	if n := <-passes; n != 1 {
		t.Errorf("first pass moved %d messages, want 1", n)
	}
	p.Stop()
	p.Stop() // twice is harmless
	if got := graphCounts(t, g); got != [3]int{0, 1, 0} {
		t.Errorf("Inbox, Verwerkt, Quarantaine = %v, want [0 1 0]", got)
	}
}

// Only the leader reads the shared mailbox through Graph, as with IMAP: a replica that is
// not the leader sends Graph no request at all, and reads as soon as it leads.
func TestGraphPollerReadsOnlyWhileLeader(t *testing.T) {
	e := newEnv(t)
	p, g, _ := graphEnv(t, e)
	g.Deliver("Inbox", twoRefs(t, e, "antwoord-graph-leider@regio.example.org", annaEm), now.Add(-time.Hour))
	asked := make(chan struct{}, 16)
	var leader atomic.Bool
	p.SetLeader(func(context.Context) bool {
		select {
		case asked <- struct{}{}:
		default:
		}
		return leader.Load()
	})
	p.opts.LeaderCheck = time.Millisecond
	passes := make(chan int, 16)
	p.afterPass = func(n int, err error) {
		if err != nil {
			t.Errorf("pass: %v", err)
		}
		passes <- n
	}
	if err := p.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	wantNoPassWhileFollowing(t, asked, passes)
	if reqs := g.Requests(); len(reqs) != 0 {
		t.Fatalf("a replica that is not the leader sent Graph %d requests: %v", len(reqs), reqs)
	}
	leader.Store(true)
	wantLeaderPass(t, passes, 1)
}
