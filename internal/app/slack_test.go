package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport"
)

const (
	lisa      = "lisa-vandenberg" // prefer: slack in the example configuration
	lisaSlack = "U05LVDBERG"
	eva       = "eva-dekker" // prefer: beide in the test configuration
	evaSlack  = "U05EDEKKER"
	coordChan = "C0COORD"
)

// slackCall is one Web API request the fake Slack received.
type slackCall struct {
	method string
	form   url.Values
}

// fakeSlack is slacktest's server answering the methods voortgang uses and recording every
// request. A direct message channel is "D" + the user id, so failures can be aimed at one
// user: fail maps "method channel-or-user" to a Slack error code, or to "429 <seconds>".
type fakeSlack struct {
	srv   *slacktest.Server
	mu    sync.Mutex
	seq   int
	calls []slackCall
	fail  map[string]string
}

func newFakeSlack(t *testing.T) *fakeSlack {
	t.Helper()
	f := &fakeSlack{fail: map[string]string{}}
	f.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		for _, m := range []string{"conversations.open", "chat.postMessage", "chat.update", "users.lookupByEmail"} {
			c.Handle("/"+m, f.handler(m))
		}
	})
	f.srv.Start()
	t.Cleanup(f.srv.Stop)
	return f
}

func (f *fakeSlack) handler(method string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		f.mu.Lock()
		f.seq++
		ts := fmt.Sprintf("1700000000.%06d", f.seq)
		target := form.Get("channel")
		if method == "conversations.open" {
			target = form.Get("users")
		}
		failure, failing := f.fail[method+" "+target]
		if failing && strings.HasPrefix(failure, "429 ") {
			delete(f.fail, method+" "+target) // rate limited once
		}
		f.calls = append(f.calls, slackCall{method, form})
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case failing && strings.HasPrefix(failure, "429 "):
			w.Header().Set("Retry-After", strings.TrimPrefix(failure, "429 "))
			w.WriteHeader(http.StatusTooManyRequests)
			return
		case failing:
			fmt.Fprintf(w, `{"ok":false,"error":%q}`, failure)
			return
		}
		switch method {
		case "conversations.open":
			fmt.Fprintf(w, `{"ok":true,"channel":{"id":%q}}`, "D"+form.Get("users"))
		case "users.lookupByEmail":
			fmt.Fprint(w, `{"ok":true,"user":{"id":"U0BYEMAIL"}}`)
		default:
			fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, form.Get("channel"), ts)
		}
	}
}

// posts returns the chat.postMessage calls to channel that are not thread replies.
func (f *fakeSlack) posts(channel string) []slackCall {
	return f.find("chat.postMessage", channel, func(c slackCall) bool { return c.form.Get("thread_ts") == "" })
}

func (f *fakeSlack) find(method, channel string, keep func(slackCall) bool) []slackCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []slackCall
	for _, c := range f.calls {
		if c.method == method && c.form.Get("channel") == channel && (keep == nil || keep(c)) {
			out = append(out, c)
		}
	}
	return out
}

// teamsHook is a Teams Workflows webhook that records the cards it gets.
type teamsHook struct {
	srv   *httptest.Server
	mu    sync.Mutex
	cards []string
}

func newTeamsHook(t *testing.T) *teamsHook {
	h := &teamsHook{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.cards = append(h.cards, string(b))
		h.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *teamsHook) received() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.cards...)
}

// slackBed is an app with Slack on (Lisa prefers Slack, Eva both), a fake Slack, a Teams
// webhook, an SMTP server and a fake clock, at the status request of the 2026H2 round.
type slackBed struct {
	t     *testing.T
	app   *App
	clk   *clock.Fake
	slack *fakeSlack
	teams *teamsHook
	smtp  *testsupport.SMTPServer
	steps []cycle.Step
	ctx   context.Context
}

func newSlackBed(t *testing.T) *slackBed {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile("../../config/voortgang.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfgSrc := string(src)
	for old, repl := range map[string]string{
		"  enabled: false ":                     "  enabled: true ",
		`  coordinators_channel: "" `:           "  coordinators_channel: " + coordChan + " ",
		"email: eva.dekker@huizen.example.org}": "email: eva.dekker@huizen.example.org, slack: " + evaSlack + ", prefer: beide}",
	} {
		if !strings.Contains(cfgSrc, old) {
			t.Fatalf("the example configuration has no %q", old)
		}
		cfgSrc = strings.Replace(cfgSrc, old, repl, 1)
	}
	cfgPath := filepath.Join(dir, "voortgang.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfgSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	b := &slackBed{t: t, slack: newFakeSlack(t), teams: newTeamsHook(t), smtp: testsupport.NewSMTPServer(t),
		clk: clock.NewFake(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)), ctx: context.Background()}
	env := map[string]string{
		"VOORTGANG_DB":                filepath.Join(dir, "voortgang.db"),
		"VOORTGANG_WORKFLOWS":         "../../workflows",
		"VOORTGANG_SMTP_URL":          b.smtp.URL(),
		"VOORTGANG_LISTEN":            "127.0.0.1:0",
		"VOORTGANG_SECRET_KEY":        "a test secret that is long enough to sign links",
		"VOORTGANG_SLACK_APP_TOKEN":   "xapp-test",
		"VOORTGANG_SLACK_BOT_TOKEN":   "xoxb-test",
		"VOORTGANG_TEAMS_WEBHOOK_URL": b.teams.srv.URL + "/workflows/hook?sig=geheim",
	}
	cfg, err := config.Load(cfgPath, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	a := newApp(t, cfg, b.clk, Options{WebOnly: true, SlackAPIURL: b.slack.srv.GetAPIURL()})
	b.app = a
	p, _ := config.ParsePeriod("2026H2")
	m, _ := cfg.MeetingFor(p)
	b.steps = a.Cycle().Ladder(m)
	b.clk.Set(b.step(email.KindStatusRequest, 0))
	return b
}

// step is the instant of a rung of the 2026H2 ladder.
func (b *slackBed) step(kind string, n int) time.Time {
	for _, s := range b.steps {
		if s.Kind == kind && s.N == n {
			return s.At
		}
	}
	b.t.Fatalf("no %s %d in the ladder", kind, n)
	return time.Time{}
}

// run is what the scheduler and the delivery loop do at the clock's now.
func (b *slackBed) run() {
	b.t.Helper()
	if _, err := b.app.Pass(b.ctx); err != nil {
		b.t.Fatal(err)
	}
	b.deliver()
}

func (b *slackBed) deliver() {
	b.t.Helper()
	if _, _, err := b.app.Worker().DeliverDue(b.ctx); err != nil {
		b.t.Fatal(err)
	}
}

func (b *slackBed) outbox(key string) (store.OutboxMessage, bool) {
	b.t.Helper()
	m, err := b.app.Store().OutboxMessage(b.ctx, key)
	if err != nil {
		return m, false
	}
	return m, true
}

// mailsTo returns the subjects of the mails the SMTP server got for addr.
func (b *slackBed) mailsTo(addr string) []string {
	var out []string
	for _, m := range b.smtp.Mails() {
		if strings.Join(m.To, ",") != addr {
			continue
		}
		msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			b.t.Fatal(err)
		}
		out = append(out, msg.Header.Get("X-Voortgang-Key"))
	}
	return out
}

// statusButtons returns the status buttons with the given status code in a posted message.
func statusButtons(t *testing.T, c slackCall, code string) []*slackapi.ButtonBlockElement {
	t.Helper()
	var blocks slackapi.Blocks
	if err := json.Unmarshal([]byte(c.form.Get("blocks")), &blocks); err != nil {
		t.Fatalf("blocks: %v", err)
	}
	var out []*slackapi.ButtonBlockElement
	for _, bl := range blocks.BlockSet {
		ab, ok := bl.(*slackapi.ActionBlock)
		if !ok {
			continue
		}
		for _, el := range ab.Elements.ElementSet {
			if btn, ok := el.(*slackapi.ButtonBlockElement); ok && btn.ActionID == "status:"+code {
				out = append(out, btn)
			}
		}
	}
	return out
}

// click is a click on a button of a direct message, as Socket Mode delivers it.
func click(user, channel, ts string, btn *slackapi.ButtonBlockElement) slackapi.InteractionCallback {
	return slackapi.InteractionCallback{
		Type:      slackapi.InteractionTypeBlockActions,
		User:      slackapi.User{ID: user},
		Container: slackapi.Container{ChannelID: channel, MessageTs: ts},
		ActionCallback: slackapi.ActionCallbacks{BlockActions: []*slackapi.BlockAction{
			{ActionID: btn.ActionID, Value: btn.Value}}},
	}
}

func TestSlackRequestIsDMedAndAnswersStopReminders(t *testing.T) {
	b := newSlackBed(t)
	b.run()

	// Lisa prefers Slack: a DM through the outbox, no mail.
	row, ok := b.outbox("uitvraag/2026H2/" + lisa + "/slack")
	if !ok || row.Status != store.OutboxSent || row.Channel != "slack" {
		t.Fatalf("Lisa's Slack request = %+v (found %v), want sent over slack", row, ok)
	}
	if _, ok := b.outbox("uitvraag/2026H2/" + lisa); ok {
		t.Error("Lisa prefers Slack but a mail request was queued too")
	}
	if got := b.mailsTo("lisa.vandenberg@hilversum.example.org"); len(got) != 0 {
		t.Errorf("Lisa got mail: %v", got)
	}
	dms := b.slack.posts("D" + lisaSlack)
	if len(dms) != 1 {
		t.Fatalf("%d direct messages to Lisa, want 1", len(dms))
	}
	// Eva wants both.
	if got := b.mailsTo("eva.dekker@huizen.example.org"); len(got) != 1 || got[0] != "uitvraag/2026H2/"+eva {
		t.Errorf("Eva's mail = %v, want the request", got)
	}
	if n := len(b.slack.posts("D" + evaSlack)); n != 1 {
		t.Errorf("%d direct messages to Eva, want 1", n)
	}

	// A button click is recorded as her answer, from Slack; the message shows it and the
	// thread confirms it.
	dm := dms[0]
	channel, ts := "D"+lisaSlack, "1700000000.000001"
	delayed := statusButtons(t, dm, "delayed")
	if len(delayed) == 0 {
		t.Fatal("the request has no status buttons")
	}
	h := b.app.SlackHandler()
	if err := h.HandleBlockAction(b.ctx, click(lisaSlack, channel, ts, delayed[0])); err != nil {
		t.Fatal(err)
	}
	resp := latest(t, b, lisa)
	if len(resp) != 1 || resp[0].Source != store.SourceSlack || resp[0].Status != "vertraagd" {
		t.Fatalf("responses after the click = %+v, want one 'vertraagd' from slack", resp)
	}
	if ups := b.slack.find("chat.update", channel, nil); len(ups) != 1 || !strings.Contains(ups[0].form.Get("blocks"), "Genoteerd") {
		t.Errorf("the message was not updated to show the answer: %v", ups)
	}
	thread := b.slack.find("chat.postMessage", channel, func(c slackCall) bool { return c.form.Get("thread_ts") == ts })
	if len(thread) != 1 || !strings.Contains(thread[0].form.Get("text"), "vertraagd") {
		t.Errorf("thread confirmation = %v", thread)
	}

	// The modal records a toelichting with the status.
	token, ref, _ := strings.Cut(delayed[0].Value, "|")
	ref, _, _ = strings.Cut(ref, "|")
	sub := slackapi.InteractionCallback{Type: slackapi.InteractionTypeViewSubmission, User: slackapi.User{ID: lisaSlack},
		View: slackapi.View{CallbackID: "voortgang_details", PrivateMetadata: strings.Join([]string{token, ref, channel, ts}, "|"),
			State: &slackapi.ViewState{Values: map[string]map[string]slackapi.BlockAction{
				"status":      {"value": {SelectedOption: slackapi.OptionBlockObject{Value: "done"}}},
				"toelichting": {"value": {Value: "Afgerond in november."}},
			}}}}
	if r, err := h.HandleViewSubmission(b.ctx, sub); err != nil || r != nil {
		t.Fatalf("modal submission: %+v, %v", r, err)
	}
	resp = latest(t, b, lisa)
	if len(resp) != 1 || resp[0].Status != "gereed" || resp[0].Toelichting != "Afgerond in november." || resp[0].Source != store.SourceSlack {
		t.Fatalf("responses after the modal = %+v", resp)
	}

	// Someone else's click with Lisa's token is refused.
	if err := h.HandleBlockAction(b.ctx, click("U0INDRINGER", channel, ts, delayed[0])); err == nil {
		t.Error("a click by another Slack user was recorded")
	}

	// /voortgang lists what is still open (twenty at a time); answering all of it stops the
	// reminders.
	for round := 0; ; round++ {
		msg, err := h.HandleSlashCommand(b.ctx, slackapi.SlashCommand{UserID: lisaSlack})
		if err != nil || msg.Blocks == nil {
			t.Fatalf("/voortgang: %+v, %v", msg, err)
		}
		listing := mustJSON(t, msg.Blocks.BlockSet)
		if strings.Contains(listing, "|"+ref+"|") {
			t.Errorf("/voortgang lists %s, which Lisa answered", ref)
		}
		onTrack := statusButtons(t, slackCall{form: url.Values{"blocks": {listing}}}, "on_track")
		if len(onTrack) == 0 {
			if round == 0 {
				t.Fatal("/voortgang lists no open items")
			}
			if !strings.Contains(listing, "geen open acties") {
				t.Errorf("/voortgang with nothing open says:\n%s", listing)
			}
			break
		}
		if round == 10 {
			t.Fatal("/voortgang keeps listing items that were answered")
		}
		for _, btn := range onTrack {
			if err := h.HandleBlockAction(b.ctx, click(lisaSlack, channel, ts, btn)); err != nil {
				t.Fatal(err)
			}
		}
	}
	b.clk.Set(b.step(email.KindReminder, 1))
	b.run()
	if _, ok := b.outbox("herinnering/2026H2/" + lisa + "/1/slack"); ok {
		t.Error("Lisa answered everything in Slack but got a reminder")
	}
	if n := len(b.slack.posts("D" + lisaSlack)); n != 1 {
		t.Errorf("%d direct messages to Lisa, want only the request", n)
	}
	// Eva did not answer: her reminder comes over both channels.
	if r, ok := b.outbox("herinnering/2026H2/" + eva + "/1/slack"); !ok || r.Status != store.OutboxSent {
		t.Errorf("Eva's Slack reminder = %+v (found %v)", r, ok)
	}
	if r, ok := b.outbox("herinnering/2026H2/" + eva + "/1"); !ok || r.Status != store.OutboxSent {
		t.Errorf("Eva's mail reminder = %+v (found %v)", r, ok)
	}
	if dms := b.slack.posts("D" + evaSlack); len(dms) != 2 || !strings.Contains(dms[1].form.Get("text"), "Herinnering") {
		t.Errorf("Eva's direct messages = %d, want the request and a reminder", len(dms))
	}
}

func latest(t *testing.T, b *slackBed, contact string) []store.Response {
	t.Helper()
	rs, err := b.app.Store().LatestResponses(b.ctx, "2026H2", contact)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	js, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}

func TestSlackRateLimitIsRetriedAfterRetryAfter(t *testing.T) {
	b := newSlackBed(t)
	b.slack.fail["chat.postMessage D"+lisaSlack] = "429 600"
	start := b.clk.Now()
	b.run()
	key := "uitvraag/2026H2/" + lisa + "/slack"
	row, _ := b.outbox(key)
	if row.Status != store.OutboxQueued || !row.NextAttemptAt.Equal(start.Add(10*time.Minute)) {
		t.Fatalf("after a 429: status %s, next attempt %s; want queued for %s", row.Status, row.NextAttemptAt, start.Add(10*time.Minute))
	}
	b.clk.Set(start.Add(9 * time.Minute))
	b.deliver()
	if row, _ := b.outbox(key); row.Status != store.OutboxQueued {
		t.Fatalf("retried before Retry-After: %s", row.Status)
	}
	b.clk.Set(start.Add(10 * time.Minute))
	b.deliver()
	row, _ = b.outbox(key)
	at, err := b.app.Store().Attempts(b.ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if row.Status != store.OutboxSent || len(at) != 2 || at[0].Outcome != store.OutcomeTemporary {
		t.Fatalf("status %s, attempts %+v; want sent on the second attempt", row.Status, at)
	}
	if _, ok := b.outbox(key + "/email-fallback"); ok {
		t.Error("a rate limit fell back to mail")
	}
}

func TestSlackPermanentFailureFallsBackToMail(t *testing.T) {
	b := newSlackBed(t)
	b.slack.fail["conversations.open "+lisaSlack] = "user_not_found"
	b.run()
	key := "uitvraag/2026H2/" + lisa + "/slack"
	row, _ := b.outbox(key)
	if row.Status != store.OutboxFailed || !strings.Contains(row.LastError, "user_not_found") {
		t.Fatalf("Slack row: status %s, error %q; want failed with user_not_found", row.Status, row.LastError)
	}
	fb, ok := b.outbox(key + "/email-fallback")
	if !ok || fb.Status != store.OutboxSent || fb.Channel != "email" || fb.ReplyTo == "" {
		t.Fatalf("fallback = %+v (found %v), want a sent mail with a reply address", fb, ok)
	}
	got := b.mailsTo("lisa.vandenberg@hilversum.example.org")
	if len(got) != 1 || got[0] != key+"/email-fallback" {
		t.Fatalf("mail to Lisa = %v, want the fallback", got)
	}
	if !strings.Contains(fb.BodyText, "/antwoord/") {
		t.Errorf("the fallback mail has no answer link:\n%s", fb.BodyText)
	}
	// Eva gets mail anyway: her failing Slack message needs no fallback.
	b.slack.fail["conversations.open "+evaSlack] = "user_not_found"
	b.clk.Set(b.step(email.KindReminder, 1))
	b.run()
	if _, ok := b.outbox("herinnering/2026H2/" + eva + "/1/slack/email-fallback"); ok {
		t.Error("Eva gets both channels, yet her failed Slack reminder fell back to a second mail")
	}
}

func TestEscalationReachesSlackChannelAndTeams(t *testing.T) {
	b := newSlackBed(t)
	b.run()
	if n := len(b.teams.received()); n != 0 {
		t.Fatalf("Teams got %d cards before the escalation", n)
	}
	b.clk.Set(b.step(email.KindEscalation, 0))
	b.run()
	cards := b.teams.received()
	if len(cards) != 1 {
		t.Fatalf("Teams got %d cards, want the escalation", len(cards))
	}
	var msg struct {
		Attachments []struct {
			ContentType string          `json:"contentType"`
			Content     json.RawMessage `json:"content"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal([]byte(cards[0]), &msg); err != nil || len(msg.Attachments) != 1 {
		t.Fatalf("card = %s (%v)", cards[0], err)
	}
	card := string(msg.Attachments[0].Content)
	for _, want := range []string{"Escalatie", "Lisa van den Berg", "Eva Dekker", "AdaptiveCard"} {
		if !strings.Contains(card, want) {
			t.Errorf("the card lacks %q:\n%s", want, card)
		}
	}
	if r, ok := b.outbox("escalatie/2026H2/teams"); !ok || r.Status != store.OutboxSent {
		t.Errorf("Teams row = %+v (found %v)", r, ok)
	}
	posts := b.slack.posts(coordChan)
	if len(posts) != 1 || !strings.Contains(posts[0].form.Get("blocks"), "Lisa van den Berg") {
		t.Fatalf("coordinators' channel posts = %v, want the escalation", posts)
	}
	// The mails to the coordinators still go out, one each.
	for _, c := range b.app.cfg.Coordinators {
		if got := b.mailsTo(c.Email); len(got) != 1 || !strings.HasPrefix(got[0], "escalatie/2026H2/") {
			t.Errorf("mail to %s = %v, want the escalation", c.Email, got)
		}
	}
	// Once: a second pass posts nothing.
	b.run()
	if n := len(b.teams.received()); n != 1 {
		t.Errorf("Teams got %d cards after a second pass", n)
	}

	// On the deadline: the summary and the new draft, in both channels.
	b.clk.Set(b.step(email.KindSummary, 0))
	b.run()
	cards = b.teams.received()
	if len(cards) != 3 || !strings.Contains(cards[1]+cards[2], "Samenvatting") || !strings.Contains(cards[1]+cards[2], "Conceptrapportage klaar") {
		t.Fatalf("Teams cards on the deadline = %d:\n%s", len(cards), strings.Join(cards, "\n"))
	}
	posts = b.slack.posts(coordChan)
	if len(posts) != 3 || !strings.Contains(posts[2].form.Get("text")+posts[1].form.Get("text"), "Conceptrapportage klaar") {
		t.Errorf("coordinators' channel has %d posts, want escalation, summary and draft", len(posts))
	}
}
