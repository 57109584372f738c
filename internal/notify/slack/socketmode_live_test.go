package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/slack-go/slack"
)

// These tests run RunSocketMode against a fake of Slack's side of Socket
// Mode on loopback: apps.connections.open over HTTP, then a WebSocket that
// says hello, delivers envelopes and reads acknowledgements. The handler's
// Web API calls go to the fakeSlack of fake_test.go.

const (
	testAppToken = "xapp-1-A0VOORTGANG-1-geheim"
	// guard bounds every wait: reaching it means the test failed.
	guard = 5 * time.Second
)

// fakeSocketSlack answers apps.connections.open for testAppToken and serves
// the WebSocket it hands out.
type fakeSocketSlack struct {
	srv   *httptest.Server
	conns chan *fakeSocket // each WebSocket the client opened, in order

	mu      sync.Mutex
	opens   int // successful apps.connections.open calls
	sockets []*fakeSocket
}

func newFakeSocketSlack(t *testing.T) *fakeSocketSlack {
	t.Helper()
	f := &fakeSocketSlack{conns: make(chan *fakeSocket, 8)}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/apps.connections.open", f.open)
	mux.HandleFunc("GET /link/", f.link)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	t.Cleanup(f.closeSockets) // runs first: hijacked connections are not the server's
	return f
}

// apiURL is what slack.OptionAPIURL needs.
func (f *fakeSocketSlack) apiURL() string { return f.srv.URL + "/api/" }

func (f *fakeSocketSlack) opened() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.opens
}

func (f *fakeSocketSlack) open(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("Authorization") != "Bearer "+testAppToken {
		fmt.Fprint(w, `{"ok":false,"error":"invalid_auth"}`)
		return
	}
	f.mu.Lock()
	f.opens++
	n := f.opens
	f.mu.Unlock()
	fmt.Fprintf(w, `{"ok":true,"url":"ws://%s/link/?ticket=t%d&app_id=A0VOORTGANG"}`, r.Host, n)
}

func (f *fakeSocketSlack) link(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(r *http.Request) bool {
		return r.Header.Get("Origin") == "https://api.slack.com" // what socketmode sends
	}}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered with an HTTP error
	}
	s := &fakeSocket{ws: ws, acks: make(chan ackMsg, 16), pongs: make(chan string, 4),
		gone: make(chan struct{}), stop: make(chan struct{})}
	ws.SetPongHandler(func(data string) error {
		select {
		case s.pongs <- data:
		default:
		}
		return nil
	})
	f.mu.Lock()
	f.sockets = append(f.sockets, s)
	f.mu.Unlock()
	go s.read()
	f.conns <- s
}

func (f *fakeSocketSlack) closeSockets() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range f.sockets {
		close(s.stop)
		_ = s.ws.Close()
		<-s.gone
	}
}

// accept waits for the client to open the next WebSocket.
func (f *fakeSocketSlack) accept(t *testing.T) *fakeSocket {
	t.Helper()
	select {
	case s := <-f.conns:
		return s
	case <-time.After(guard):
		t.Fatal("socket mode did not open a WebSocket")
		return nil
	}
}

// fakeSocket is Slack's end of one Socket Mode WebSocket. Only the test
// goroutine writes to it; its reader goroutine collects what the client
// writes.
type fakeSocket struct {
	ws    *websocket.Conn
	acks  chan ackMsg
	pongs chan string
	gone  chan struct{} // closed when reading fails: the client hung up
	stop  chan struct{}
}

// ackMsg is an acknowledgement as the client writes it.
type ackMsg struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}

func (s *fakeSocket) read() {
	defer close(s.gone)
	for {
		_, msg, err := s.ws.ReadMessage()
		if err != nil {
			return
		}
		var a ackMsg
		if err := json.Unmarshal(msg, &a); err != nil {
			a.EnvelopeID = "unreadable: " + string(msg)
		}
		select {
		case s.acks <- a:
		case <-s.stop:
			return
		}
	}
}

func (s *fakeSocket) send(t *testing.T, msg string) {
	t.Helper()
	if !json.Valid([]byte(msg)) {
		t.Fatalf("test sends invalid JSON: %s", msg)
	}
	_ = s.ws.SetWriteDeadline(time.Now().Add(guard))
	if err := s.ws.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
		t.Fatalf("send to socket mode client: %v", err)
	}
}

// hello is what Slack sends first on every new connection.
func (s *fakeSocket) hello(t *testing.T) {
	t.Helper()
	s.send(t, `{"type":"hello","num_connections":1,"debug_info":{"host":"applink-fake","build_number":1,"approximate_connection_time":18060},"connection_info":{"app_id":"A0VOORTGANG"}}`)
}

// envelope sends one Socket Mode request.
func (s *fakeSocket) envelope(t *testing.T, id, typ, payload string, acceptsPayload bool) {
	t.Helper()
	s.send(t, fmt.Sprintf(`{"envelope_id":%q,"type":%q,"payload":%s,"accepts_response_payload":%t,"retry_attempt":0,"retry_reason":""}`,
		id, typ, payload, acceptsPayload))
}

// expectAck waits for the acknowledgement of envelope id, which must be the
// next message the client writes.
func (s *fakeSocket) expectAck(t *testing.T, id string) ackMsg {
	t.Helper()
	select {
	case a := <-s.acks:
		if a.EnvelopeID != id {
			t.Fatalf("client wrote ack for %q, want %q", a.EnvelopeID, id)
		}
		return a
	case <-s.gone:
		t.Fatalf("connection closed before the ack of %s", id)
	case <-time.After(guard):
		t.Fatalf("no ack of %s within %v", id, guard)
	}
	return ackMsg{}
}

// expectGone waits until the client has closed this connection.
func (s *fakeSocket) expectGone(t *testing.T, why string) {
	t.Helper()
	select {
	case <-s.gone:
	case <-time.After(guard):
		t.Fatalf("client kept the WebSocket open: %s", why)
	}
}

// clickPayload is a block_actions payload as Slack sends it for a click on
// the "vertraagd" button of item 15a in the DM at ts.
func clickPayload(ts string) string {
	return `{
		"type": "block_actions",
		"user": {"id": "U0ANNE", "username": "anne.devries", "name": "anne.devries", "team_id": "T0REGIOGV"},
		"api_app_id": "A0VOORTGANG",
		"token": "verificatietoken",
		"container": {"type": "message", "message_ts": "` + ts + `", "channel_id": "D0VOORTGANG", "is_ephemeral": false},
		"trigger_id": "1337.42.trigger",
		"team": {"id": "T0REGIOGV", "domain": "regiogv"},
		"enterprise": null,
		"is_enterprise_install": false,
		"channel": {"id": "D0VOORTGANG", "name": "directmessage"},
		"message": {"type": "message", "user": "U0BOT", "ts": "` + ts + `", "text": "Uitvraag voortgang", "blocks": []},
		"state": {"values": {}},
		"response_url": "https://hooks.slack.com/actions/T0REGIOGV/1/abc",
		"actions": [{
			"action_id": "status:delayed",
			"block_id": "act:15a",
			"text": {"type": "plain_text", "text": "Vertraagd", "emoji": true},
			"value": "tok-2026H2-c17|15a|delayed",
			"type": "button",
			"action_ts": "1700000100.000200"
		}]
	}`
}

// slashPayload is a slash_commands payload for /voortgang; Slack sends
// is_enterprise_install as a string here.
func slashPayload(responseURL string) string {
	return `{
		"token": "verificatietoken", "team_id": "T0REGIOGV", "team_domain": "regiogv",
		"channel_id": "D0VOORTGANG", "channel_name": "directmessage",
		"user_id": "U0ANNE", "user_name": "anne.devries",
		"command": "/voortgang", "text": "", "api_app_id": "A0VOORTGANG",
		"is_enterprise_install": "false",
		"response_url": "` + responseURL + `", "trigger_id": "1337.43.trigger"
	}`
}

// gatedRecorder holds every answer until release is closed, so a test can
// see what the client does while the handler's work is still running.
type gatedRecorder struct {
	next    Recorder
	started chan Answer
	release chan struct{}
}

func newGatedRecorder(next Recorder) *gatedRecorder {
	return &gatedRecorder{next: next, started: make(chan Answer, 4), release: make(chan struct{})}
}

func (g *gatedRecorder) RecordSlackAnswer(ctx context.Context, a Answer) (Confirmation, error) {
	g.started <- a
	select {
	case <-g.release:
	case <-ctx.Done():
		return Confirmation{}, ctx.Err()
	}
	return g.next.RecordSlackAnswer(ctx, a)
}

// askedLister reports every lookup on asked.
type askedLister struct {
	next  Lister
	asked chan string
}

func (l askedLister) OpenItemsForSlackUser(ctx context.Context, id string) (Request, error) {
	l.asked <- id
	return l.next.OpenItemsForSlackUser(ctx, id)
}

// syncBuffer is a log sink safe for the handler's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// liveRun is one RunSocketMode serving the fake.
type liveRun struct {
	cancel context.CancelFunc
	done   chan error
	logs   *syncBuffer
}

func startSocketMode(t *testing.T, appToken string, fake *fakeSocketSlack, h *Handler) *liveRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &liveRun{cancel: cancel, done: make(chan error, 1), logs: &syncBuffer{}}
	log := slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	go func() {
		r.done <- RunSocketMode(ctx, appToken, "xoxb-test", h, log, slack.OptionAPIURL(fake.apiURL()))
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(guard):
			t.Errorf("RunSocketMode still running at the end of the test")
		}
		if t.Failed() {
			t.Logf("RunSocketMode log:\n%s", r.logs)
		}
	})
	return r
}

// stop cancels the run and returns what RunSocketMode returned, failing the
// test when it does not return within guard.
func (r *liveRun) stop(t *testing.T) error {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		r.done <- err // for the cleanup
		return err
	case <-time.After(guard):
		t.Fatalf("RunSocketMode did not return within %v of cancel", guard)
		return nil
	}
}

// expectNoSocketModeGoroutines, called just after RunSocketMode returned,
// fails when goroutines of socketmode or RunSocketMode outlive it. The
// client's run loop and its sender and handler goroutines must be gone at
// once: RunSocketMode joins them. socketmode's WebSocket reader ends just
// after the connection is closed, without anyone to join it, so for the rest
// this looks again until guard passes: a failure guard, not a
// synchronisation.
func expectNoSocketModeGoroutines(t *testing.T) {
	t.Helper()
	for _, g := range socketModeGoroutines() {
		for _, joined := range []string{"socketmode.(*Client).RunContext(", "socketmode.(*Client).runResponseSender(",
			"socketmode.(*Client).runRequestHandler("} {
			if strings.Contains(g, joined) {
				t.Fatalf("RunSocketMode returned before socketmode stopped:\n%s", g)
			}
		}
	}
	deadline := time.After(guard)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		left := socketModeGoroutines()
		if len(left) == 0 {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%d socket mode goroutines leaked:\n%s", len(left), strings.Join(left, "\n\n"))
		}
	}
}

func socketModeGoroutines() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []string
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		if strings.Contains(g, "slack-go/slack/socketmode.") || strings.Contains(g, "notify/slack.RunSocketMode(") {
			out = append(out, g)
		}
	}
	return out
}

func TestSocketModeLiveAcksClickFirstThenServesSlashCommand(t *testing.T) {
	f := setup(t)
	fake := newFakeSocketSlack(t)
	rec := newGatedRecorder(f.recorder)
	lister := askedLister{next: fakeLister{byUser: map[string]Request{"U0ANNE": sampleRequest()}}, asked: make(chan string, 1)}
	run := startSocketMode(t, testAppToken, fake, NewHandler(f.client, rec, lister, nil))

	conn := fake.accept(t)
	conn.hello(t)
	// Slack pings about every 10 s; the client must answer or be dropped.
	if err := conn.ws.WriteControl(websocket.PingMessage, []byte("ping-1"), time.Now().Add(guard)); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-conn.pongs:
		if p != "ping-1" {
			t.Errorf("pong %q, want the ping's data", p)
		}
	case <-time.After(guard):
		t.Fatal("no pong for Slack's ping")
	}

	const ts = "1700000000.000001"
	conn.envelope(t, "a1b2c3d4-click", "interactive", clickPayload(ts), false)
	// The recorder holds the answer until released: an ack arriving now
	// was sent before the work finished.
	ack := conn.expectAck(t, "a1b2c3d4-click")
	if len(ack.Payload) != 0 && string(ack.Payload) != "null" {
		t.Errorf("click ack payload = %s, want none", ack.Payload)
	}
	select {
	case a := <-rec.started:
		if a.Token != "tok-2026H2-c17" || a.Ref != "15a" || a.Status != i18n.StatusDelayed || a.SlackUserID != "U0ANNE" ||
			a.Channel != "D0VOORTGANG" || a.MessageTS != ts {
			t.Errorf("answer = %+v, want 15a vertraagd from U0ANNE in D0VOORTGANG at %s", a, ts)
		}
	case <-time.After(guard):
		t.Fatal("the click did not reach the recorder")
	}
	close(rec.release)

	conn.envelope(t, "e5f6a7b8-slash", "slash_commands", slashPayload(f.slack.url()+"response"), true)
	if ack := conn.expectAck(t, "e5f6a7b8-slash"); len(ack.Payload) != 0 && string(ack.Payload) != "null" {
		t.Errorf("slash command ack payload = %s, want none (the answer goes to response_url)", ack.Payload)
	}
	select {
	case id := <-lister.asked:
		if id != "U0ANNE" {
			t.Errorf("lister asked for %q, want U0ANNE", id)
		}
	case <-time.After(guard):
		t.Fatal("/voortgang did not ask the lister")
	}

	if err := run.stop(t); err != nil {
		t.Errorf("RunSocketMode after cancel = %v, want nil", err)
	}
	expectNoSocketModeGoroutines(t)
	conn.expectGone(t, "after RunSocketMode returned")

	// RunSocketMode waits for started work, so all of it is done now.
	if n := len(f.recorder.answers); n != 1 {
		t.Errorf("recorded %d answers, want the click", n)
	}
	if up := f.slack.calls("chat.update"); len(up) != 1 || up[0].Form.Get("ts") != ts {
		t.Errorf("chat.update calls = %+v, want the request message updated", up)
	}
	posts := f.slack.calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Form.Get("thread_ts") != ts || posts[0].Form.Get("text") != "Dank je wel, we hebben genoteerd: 15a vertraagd." {
		t.Errorf("chat.postMessage calls = %+v, want the confirmation in the thread", posts)
	}
	resp := f.slack.calls("response")
	if len(resp) != 1 {
		t.Fatalf("response_url calls = %d, want the /voortgang listing", len(resp))
	}
	if text, _ := resp[0].JSON["text"].(string); text != "Je open acties: 2" {
		t.Errorf("listing text = %q", text)
	}
	if fake.opened() != 1 {
		t.Errorf("apps.connections.open called %d times, want 1", fake.opened())
	}
}

func TestSocketModeLiveReconnects(t *testing.T) {
	tests := []struct {
		name string
		drop func(t *testing.T, s *fakeSocket)
	}{
		{"Slack asks for a fresh connection", func(t *testing.T, s *fakeSocket) {
			s.send(t, `{"type":"disconnect","reason":"refresh_requested","debug_info":{"host":"applink-fake"}}`)
			s.expectGone(t, "after Slack's disconnect request")
		}},
		{"Slack closes the WebSocket", func(t *testing.T, s *fakeSocket) {
			msg := websocket.FormatCloseMessage(websocket.CloseGoingAway, "server restart")
			if err := s.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(guard)); err != nil {
				t.Fatal(err)
			}
			s.expectGone(t, "after Slack's close frame")
		}},
		{"the connection drops", func(t *testing.T, s *fakeSocket) {
			_ = s.ws.Close() // no close frame, as when a network path dies
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			fake := newFakeSocketSlack(t)
			run := startSocketMode(t, testAppToken, fake, f.handler)

			first := fake.accept(t)
			first.hello(t)
			tt.drop(t, first)

			second := fake.accept(t)
			second.hello(t)
			second.envelope(t, "c0ffee-click", "interactive", clickPayload("1700000000.000001"), false)
			second.expectAck(t, "c0ffee-click")

			if err := run.stop(t); err != nil {
				t.Errorf("RunSocketMode after cancel = %v, want nil", err)
			}
			expectNoSocketModeGoroutines(t)
			if fake.opened() != 2 {
				t.Errorf("apps.connections.open called %d times, want 2 (first connection and reconnect)", fake.opened())
			}
			if n := len(f.recorder.answers); n != 1 {
				t.Errorf("recorded %d answers, want the click sent on the new connection", n)
			}
		})
	}
}

func TestSocketModeLiveRejectedAppTokenIsAnError(t *testing.T) {
	f := setup(t)
	fake := newFakeSocketSlack(t)
	run := startSocketMode(t, "xapp-1-ingetrokken", fake, f.handler)

	select {
	case err := <-run.done:
		run.done <- err
		if err == nil || !strings.Contains(err.Error(), "invalid_auth") {
			t.Errorf("RunSocketMode = %v, want an error saying invalid_auth", err)
		}
	case <-time.After(guard):
		t.Fatal("RunSocketMode kept trying with a rejected app token")
	}
	expectNoSocketModeGoroutines(t)
	if fake.opened() != 0 || len(fake.conns) != 0 {
		t.Errorf("connection opened with a rejected token")
	}
}

func TestSocketModeLiveShutdownFinishesAckedClick(t *testing.T) {
	f := setup(t)
	fake := newFakeSocketSlack(t)
	rec := newGatedRecorder(f.recorder)
	run := startSocketMode(t, testAppToken, fake, NewHandler(f.client, rec, nil, nil))

	conn := fake.accept(t)
	conn.hello(t)
	conn.envelope(t, "dead-beef-click", "interactive", clickPayload("1700000000.000001"), false)
	conn.expectAck(t, "dead-beef-click")
	select {
	case <-rec.started:
	case <-time.After(guard):
		t.Fatal("the click did not reach the recorder")
	}

	run.cancel()
	conn.expectGone(t, "after cancel")
	select {
	case err := <-run.done:
		run.done <- err
		t.Fatalf("RunSocketMode returned (%v) while an acked click was still being recorded", err)
	default:
	}
	close(rec.release)
	if err := run.stop(t); err != nil {
		t.Errorf("RunSocketMode after cancel = %v, want nil", err)
	}
	if n := len(f.recorder.answers); n != 1 {
		t.Errorf("recorded %d answers, want the acked click", n)
	}
	if posts := f.slack.calls("chat.postMessage"); len(posts) != 1 {
		t.Errorf("chat.postMessage calls = %d, want the confirmation despite the shutdown", len(posts))
	}
	expectNoSocketModeGoroutines(t)
}

func TestSocketModeLiveAcksUnreadableEnvelope(t *testing.T) {
	f := setup(t)
	fake := newFakeSocketSlack(t)
	run := startSocketMode(t, testAppToken, fake, f.handler)

	conn := fake.accept(t)
	conn.hello(t)
	// A type this socketmode version does not know, as when Slack adds one.
	conn.envelope(t, "0dd-envelope", "workflow_step_future", `{"x":1}`, false)
	conn.expectAck(t, "0dd-envelope")
	// The connection still serves.
	conn.envelope(t, "after-odd-click", "interactive", clickPayload("1700000000.000001"), false)
	conn.expectAck(t, "after-odd-click")

	if err := run.stop(t); err != nil {
		t.Errorf("RunSocketMode after cancel = %v, want nil", err)
	}
	if !strings.Contains(run.logs.String(), "unreadable socket mode message") {
		t.Errorf("the unreadable message was not logged:\n%s", run.logs)
	}
	expectNoSocketModeGoroutines(t)
}
