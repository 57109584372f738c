package app

import (
	"bytes"
	"context"
	"net/http"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/m365/m365test"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/store"
)

const graphBox = "voortgang@regio.example.org"

// graphBed is the example configuration with Microsoft Graph as the mail transport,
// pointed at a loopback token endpoint and Graph server.
type graphBed struct {
	t      *testing.T
	clk    *clock.Fake
	app    *App
	graph  *m365test.GraphServer
	tokens *m365test.TokenServer
	ctx    context.Context
}

func newGraphBed(t *testing.T) *graphBed {
	t.Helper()
	dir := t.TempDir()
	b := &graphBed{t: t, ctx: context.Background(), clk: clock.NewFake(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))}
	b.tokens = m365test.NewTokenServer(t, "app-1", "client-geheim", graphBox)
	b.graph = m365test.NewGraphServer(t, b.tokens, graphBox)
	src, err := os.ReadFile("../../config/voortgang.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	old := "  imap_poll: 2m\n"
	if !strings.Contains(string(src), old) {
		t.Fatalf("the example configuration has no %q", old)
	}
	cfgSrc := strings.Replace(string(src), old, old+"  transport: graph\n  oauth2: {token_url: '"+b.tokens.URL+"', graph_url: '"+b.graph.URL+"'}\n", 1)
	cfgPath := filepath.Join(dir, "voortgang.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfgSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	secretFile := filepath.Join(dir, "client-secret")
	os.WriteFile(secretFile, []byte("client-geheim\n"), 0o600)
	env := map[string]string{
		"VOORTGANG_DB":                      filepath.Join(dir, "voortgang.db"),
		"VOORTGANG_WORKFLOWS":               "../../workflows",
		"VOORTGANG_LISTEN":                  "127.0.0.1:0",
		"VOORTGANG_SECRET_KEY":              "a test secret that is long enough to sign links",
		"VOORTGANG_M365_TENANT_ID":          "tenant-1",
		"VOORTGANG_M365_CLIENT_ID":          "app-1",
		"VOORTGANG_M365_CLIENT_SECRET_FILE": secretFile,
	}
	cfg, err := config.Load(cfgPath, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	a := newApp(t, cfg, b.clk, Options{WebOnly: true})
	b.app = a
	p, _ := config.ParsePeriod("2026H2")
	m, _ := cfg.MeetingFor(p)
	for _, s := range a.Cycle().Ladder(m) {
		if s.Kind == email.KindStatusRequest {
			b.clk.Set(s.At)
		}
	}
	return b
}

func (b *graphBed) runOnce() (sent int) {
	b.t.Helper()
	_, sent, _, err := b.app.RunOnce(b.ctx)
	if err != nil {
		b.t.Fatalf("RunOnce: %v (graph problems: %v)", err, b.graph.Problems())
	}
	return sent
}

// The daemon sends its status requests through Graph's sendMail and reads the reply from
// the shared mailbox through Graph, moving it to Verwerkt after recording the answers.
func TestGraphTransportSendsAndReads(t *testing.T) {
	b := newGraphBed(t)
	if n := b.runOnce(); n == 0 {
		t.Fatal("no status requests sent")
	}
	sent := b.graph.Sent()
	var request *mail.Message
	for _, raw := range sent {
		m, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(m.Header.Get("To"), "anna.devries@regio.example.org") {
			request = m
		}
	}
	if request == nil {
		t.Fatalf("no status request to anna among %d sent", len(sent))
	}
	key := "uitvraag/2026H2/anna-devries"
	row, err := b.app.Store().OutboxMessage(b.ctx, key)
	if err != nil || row.Status != store.OutboxSent {
		t.Fatalf("outbox %s: %+v, %v", key, row.Status, err)
	}
	sr, err := b.app.Store().StatusRequest(b.ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if got := request.Header.Get("Message-Id"); got != "<"+row.MessageID+">" {
		t.Errorf("Message-Id over Graph %q, outbox has %q", got, row.MessageID)
	}

	src, err := os.ReadFile("../inbox/testdata/imap/reply_two_refs.eml")
	if err != nil {
		t.Fatal(err)
	}
	reply := strings.NewReplacer("{{TOKEN}}", sr.Token, "{{INREPLYTO}}", row.MessageID, "{{MSGID}}", "antwoord-graph@regio.example.org",
		"{{FROM}}", "anna.devries@regio.example.org", "{{EXTRA}}", "").Replace(string(src))
	b.graph.Deliver("Inbox", []byte(reply), b.clk.Now())
	b.clk.Advance(time.Hour)
	b.runOnce()
	if done, _ := b.graph.Folder("Verwerkt"); len(done) != 1 {
		t.Fatalf("Verwerkt holds %d messages, want the reply", len(done))
	}
	rs, err := b.app.Store().LatestResponses(b.ctx, "2026H2", "anna-devries")
	if err != nil || len(rs) < 2 {
		t.Fatalf("responses %+v, %v; want the answers for 15a and 15b", rs, err)
	}
	// Sender and reader share one token; the hour that passed needed one new token.
	if n := b.tokens.Requests(); n != 2 {
		t.Errorf("%d token requests, want 2 (one per token lifetime)", n)
	}
}

// Graph throttling reaches the outbox: the message waits the Retry-After Graph asked for,
// then goes out.
func TestGraphThrottlingWaitsRetryAfter(t *testing.T) {
	b := newGraphBed(t)
	b.graph.RetryAfter = 600
	b.graph.FailSends(http.StatusTooManyRequests)
	start := b.clk.Now()
	b.runOnce()
	refused := b.graph.Refused()
	if len(refused) != 1 {
		t.Fatalf("%d refused sends, want 1", len(refused))
	}
	m, err := mail.ReadMessage(bytes.NewReader(refused[0]))
	if err != nil {
		t.Fatal(err)
	}
	key := m.Header.Get("X-Voortgang-Key")
	row, err := b.app.Store().OutboxMessage(b.ctx, key)
	if err != nil || row.Status != store.OutboxQueued || !row.NextAttemptAt.Equal(start.Add(10*time.Minute)) {
		t.Fatalf("throttled row %q: %s, next attempt %s, %v; want queued for %s", key, row.Status, row.NextAttemptAt, err, start.Add(10*time.Minute))
	}
	b.clk.Set(start.Add(9 * time.Minute))
	b.runOnce()
	if row, _ := b.app.Store().OutboxMessage(b.ctx, key); row.Status != store.OutboxQueued {
		t.Fatalf("retried before Retry-After: %s", row.Status)
	}
	b.clk.Set(start.Add(10 * time.Minute))
	b.runOnce()
	if row, _ := b.app.Store().OutboxMessage(b.ctx, key); row.Status != store.OutboxSent {
		t.Fatalf("after Retry-After: %s, want sent", row.Status)
	}
}
