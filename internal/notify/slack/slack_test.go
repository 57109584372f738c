package slack

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/slack-go/slack"
)

// fakeRecorder records answers and confirms them like the store would.
type fakeRecorder struct {
	mu       sync.Mutex
	answers  []Answer
	err      error
	request  Request
	recorded map[string]string
}

func (f *fakeRecorder) RecordSlackAnswer(_ context.Context, a Answer) (Confirmation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers = append(f.answers, a)
	if f.err != nil {
		return Confirmation{}, f.err
	}
	f.recorded[a.Ref] = a.Status
	return Confirmation{
		ContactName: f.request.ContactName,
		Summary:     "Dank je wel, we hebben genoteerd: " + a.Ref + " " + i18n.StatusLabel(a.Status, i18n.Dutch) + ".",
		Recorded:    maps.Clone(f.recorded),
		Request:     f.request,
	}, nil
}

type fakeLister struct {
	byUser map[string]Request
}

func (f fakeLister) OpenItemsForSlackUser(_ context.Context, id string) (Request, error) {
	r, ok := f.byUser[id]
	if !ok {
		return Request{}, ErrUnknownUser
	}
	return r, nil
}

// sampleRequest is a request for two actions from the programme, the second
// with indicators.
func sampleRequest() Request {
	return Request{
		Key:         "uitvraag/2026H2/c17/0",
		Token:       "tok-2026H2-c17",
		ContactName: "Anne de Vries",
		SlackUserID: "U0ANNE",
		Email:       "anne@example.org",
		Period:      "2026H2",
		PeriodLabel: "tweede helft 2026",
		Deadline:    time.Date(2027, 2, 1, 17, 0, 0, 0, i18n.Amsterdam()),
		FormURL:     "https://voortgang.example.org/r/tok-2026H2-c17",
		Items: []Item{
			{Ref: "15a", Title: "Ontwikkelen regionale aanpak huiselijk geweld & kindermishandeling", Due: "Check: 30 juni 2027",
				LastStatus: "delayed", LastText: "Start <later> door personeelstekort."},
			{Ref: "3b", Title: "Uitbreiden crisisopvang", Due: "Do: doorlopend",
				Indicators: []Indicator{{Key: "plaatsen", Label: "Aantal opvangplaatsen", Last: "12"}, {Key: "wachttijd", Label: "Gemiddelde wachttijd (dagen)"}}},
		},
	}
}

type fixture struct {
	slack    *fakeSlack
	client   *Client
	recorder *fakeRecorder
	handler  *Handler
}

func setup(t *testing.T) fixture {
	t.Helper()
	fs := newFakeSlack(t)
	c := New("xoxb-test", slack.OptionAPIURL(fs.url()))
	rec := &fakeRecorder{request: sampleRequest(), recorded: map[string]string{}}
	lister := fakeLister{byUser: map[string]Request{"U0ANNE": sampleRequest()}}
	return fixture{slack: fs, client: c, recorder: rec, handler: NewHandler(c, rec, lister, nil)}
}

func TestSendRequestDMsTheOwner(t *testing.T) {
	f := setup(t)
	channel, ts, err := f.client.SendRequest(t.Context(), sampleRequest())
	if err != nil {
		t.Fatalf("SendRequest: %v", err)
	}
	if channel != "D0VOORTGANG" || ts == "" {
		t.Errorf("SendRequest = %q, %q; want the DM channel and a ts", channel, ts)
	}
	open := f.slack.calls("conversations.open")
	if len(open) != 1 || open[0].Form.Get("users") != "U0ANNE" {
		t.Fatalf("conversations.open calls = %+v; want one for U0ANNE", open)
	}
	posts := f.slack.calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("chat.postMessage calls = %d, want 1", len(posts))
	}
	post := posts[0]
	if post.Form.Get("channel") != "D0VOORTGANG" {
		t.Errorf("posted to %q, want the DM", post.Form.Get("channel"))
	}
	raw := post.Form.Get("blocks")
	var text strings.Builder
	for _, b := range blocksOf(t, post).BlockSet {
		if s, ok := b.(*slack.SectionBlock); ok {
			text.WriteString(s.Text.Text + "\n")
		}
	}
	for _, want := range []string{
		"Beste Anne de Vries", "tweede helft 2026", "1 februari 2027", "*15a*", "*3b*",
		"Check: 30 juni 2027", "Vorige keer: vertraagd", "&lt;later&gt;", "huiselijk geweld &amp; kindermishandeling",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("section texts lack %q", want)
		}
	}
	for _, want := range []string{"Toelichting en cijfers", "Naar het webformulier", "Op schema", "Niet gestart"} {
		if !strings.Contains(raw, want) {
			t.Errorf("blocks lack %q", want)
		}
	}
	blocks := blocksOf(t, post)
	if b := button(t, blocks, "status:delayed", "tok-2026H2-c17|15a|"); b.Value != "tok-2026H2-c17|15a|delayed" {
		t.Errorf("status button value = %q", b.Value)
	}
	if b := button(t, blocks, "details", "tok-2026H2-c17|15a"); b.Value != "tok-2026H2-c17|15a" {
		t.Errorf("details button value of 15a = %q, want token|ref", b.Value)
	}
	if b := button(t, blocks, "details", "tok-2026H2-c17|3b"); b.Value != "tok-2026H2-c17|3b|plaatsen=Aantal+opvangplaatsen=12&wachttijd=Gemiddelde+wachttijd+%28dagen%29" {
		t.Errorf("details button value of 3b = %q, want token|ref|indicators", b.Value)
	}
	if b := button(t, blocks, "form", ""); b.URL != "https://voortgang.example.org/r/tok-2026H2-c17" {
		t.Errorf("form button URL = %q", b.URL)
	}
	if !strings.Contains(post.Form.Get("metadata"), "uitvraag/2026H2/c17/0") {
		t.Errorf("metadata %q lacks the outbox key", post.Form.Get("metadata"))
	}
	golden(t, "request", []byte(raw))
}

func TestSendRequestFindsUserByEmail(t *testing.T) {
	f := setup(t)
	r := sampleRequest()
	r.SlackUserID = ""
	if _, _, err := f.client.SendRequest(t.Context(), r); err != nil {
		t.Fatalf("SendRequest: %v", err)
	}
	lookups := f.slack.calls("users.lookupByEmail")
	if len(lookups) != 1 || lookups[0].Form.Get("email") != "anne@example.org" {
		t.Fatalf("users.lookupByEmail calls = %+v", lookups)
	}
	if got := f.slack.calls("conversations.open")[0].Form.Get("users"); got != "U0BYEMAIL" {
		t.Errorf("DM opened with %q, want the user found by email", got)
	}
}

func TestReminderSaysSo(t *testing.T) {
	tests := []struct {
		name     string
		reminder int
		want     string
	}{
		{"eerste uitvraag", 0, "Stand van zaken tweede helft 2026"},
		{"eerste herinnering", 1, "Herinnering: stand van zaken tweede helft 2026"},
		{"tweede herinnering", 2, "2e herinnering: stand van zaken tweede helft 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sampleRequest()
			r.Reminder = tt.reminder
			if got := headerText(r); got != tt.want {
				t.Errorf("header = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestManyItemsStayWithinSlackBlockLimit(t *testing.T) {
	r := sampleRequest()
	r.Items = nil
	for i := range 30 {
		r.Items = append(r.Items, Item{Ref: string(rune('a'+i%26)) + strings.Repeat("x", i/26), Title: "Actie"})
	}
	blocks := requestBlocks(r, nil)
	if len(blocks) > 50 {
		t.Fatalf("%d blocks, Slack allows 50", len(blocks))
	}
	raw, _ := json.Marshal(blocks)
	if !strings.Contains(string(raw), "nog 10 andere acties open") {
		t.Error("blocks do not point to the web form for the items left out")
	}
}

// clickCallback is the block_actions event Slack sends for a click on btn in
// the request message posted to channel at ts.
func clickCallback(btn *slack.ButtonBlockElement, channel, ts string, msg slack.Blocks) slack.InteractionCallback {
	return slack.InteractionCallback{
		Type:      slack.InteractionTypeBlockActions,
		User:      slack.User{ID: "U0ANNE"},
		TriggerID: "1337.42.trigger",
		Container: slack.Container{Type: "message", ChannelID: channel, MessageTs: ts},
		Channel:   slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: channel}}},
		Message:   slack.Message{Msg: slack.Msg{Timestamp: ts, Blocks: msg}},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{
			{ActionID: btn.ActionID, BlockID: "act:x", Value: btn.Value, Type: "button"},
		}},
	}
}

func TestStatusButtonRecordsAndUpdatesMessage(t *testing.T) {
	f := setup(t)
	channel, ts, err := f.client.SendRequest(t.Context(), sampleRequest())
	if err != nil {
		t.Fatal(err)
	}
	sent := blocksOf(t, f.slack.calls("chat.postMessage")[0])
	btn := button(t, sent, "status:delayed", "tok-2026H2-c17|15a|")

	if err := f.handler.HandleBlockAction(t.Context(), clickCallback(btn, channel, ts, sent)); err != nil {
		t.Fatalf("HandleBlockAction: %v", err)
	}

	want := Answer{Token: "tok-2026H2-c17", Ref: "15a", Status: i18n.StatusDelayed, SlackUserID: "U0ANNE", Channel: channel, MessageTS: ts}
	if len(f.recorder.answers) != 1 {
		t.Fatalf("recorded %d answers, want 1", len(f.recorder.answers))
	}
	if got := f.recorder.answers[0]; got.Token != want.Token || got.Ref != want.Ref || got.Status != want.Status ||
		got.SlackUserID != want.SlackUserID || got.Channel != want.Channel || got.MessageTS != want.MessageTS {
		t.Errorf("recorded %+v, want %+v", got, want)
	}
	updates := f.slack.calls("chat.update")
	if len(updates) != 1 {
		t.Fatalf("chat.update calls = %d, want 1", len(updates))
	}
	if updates[0].Form.Get("channel") != channel || updates[0].Form.Get("ts") != ts {
		t.Errorf("updated %s/%s, want %s/%s", updates[0].Form.Get("channel"), updates[0].Form.Get("ts"), channel, ts)
	}
	if !strings.Contains(updates[0].Form.Get("blocks"), "*Genoteerd:* vertraagd") {
		t.Error("updated message does not show the recorded status")
	}
	if b := button(t, blocksOf(t, updates[0]), "status:delayed", "tok-2026H2-c17|15a|"); b.Style != slack.StylePrimary {
		t.Errorf("recorded status button style = %q, want primary", b.Style)
	}
	golden(t, "update", []byte(updates[0].Form.Get("blocks")))

	posts := f.slack.calls("chat.postMessage")
	if len(posts) != 2 {
		t.Fatalf("chat.postMessage calls = %d, want the request and a thread reply", len(posts))
	}
	reply := posts[1]
	if reply.Form.Get("thread_ts") != ts || reply.Form.Get("channel") != channel {
		t.Errorf("confirmation not in the request's thread: %v", reply.Form)
	}
	if got := reply.Form.Get("text"); got != "Dank je wel, we hebben genoteerd: 15a vertraagd." {
		t.Errorf("confirmation = %q", got)
	}
}

func TestStatusButtonWithExpiredTokenExplainsInThread(t *testing.T) {
	f := setup(t)
	f.recorder.err = errors.Join(errors.New("store: request closed"), ErrTokenInvalid)
	btn := &slack.ButtonBlockElement{ActionID: "status:done", Value: "oud-token|15a|done"}
	err := f.handler.HandleBlockAction(t.Context(), clickCallback(btn, "D0VOORTGANG", "1700000000.000001", slack.Blocks{}))
	if !errors.Is(err, ErrTokenInvalid) {
		t.Fatalf("err = %v, want ErrTokenInvalid", err)
	}
	if n := len(f.slack.calls("chat.update")); n != 0 {
		t.Errorf("message updated %d times after a refused answer", n)
	}
	posts := f.slack.calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Form.Get("text") != msgTokenInvalid {
		t.Errorf("thread replies = %+v, want the Dutch explanation", posts)
	}
}

func TestDetailsButtonOpensModal(t *testing.T) {
	f := setup(t)
	channel, ts, err := f.client.SendRequest(t.Context(), sampleRequest())
	if err != nil {
		t.Fatal(err)
	}
	sent := blocksOf(t, f.slack.calls("chat.postMessage")[0])
	btn := button(t, sent, "details", "tok-2026H2-c17|3b")

	if err := f.handler.HandleBlockAction(t.Context(), clickCallback(btn, channel, ts, sent)); err != nil {
		t.Fatalf("HandleBlockAction: %v", err)
	}
	if len(f.recorder.answers) != 0 {
		t.Error("opening the modal recorded an answer")
	}
	opens := f.slack.calls("views.open")
	if len(opens) != 1 {
		t.Fatalf("views.open calls = %d, want 1", len(opens))
	}
	if opens[0].JSON["trigger_id"] != "1337.42.trigger" {
		t.Errorf("trigger_id = %v", opens[0].JSON["trigger_id"])
	}
	view, _ := json.Marshal(opens[0].JSON["view"])
	for _, want := range []string{
		`"private_metadata":"tok-2026H2-c17|3b|` + channel + `|` + ts + `"`,
		`"block_id":"ind:plaatsen"`, `"block_id":"ind:wachttijd"`, "Aantal opvangplaatsen", "Vorige keer: 12",
		"Uitbreiden crisisopvang", `"block_id":"status"`, `"block_id":"toelichting"`, `"type":"number_input"`,
	} {
		if !strings.Contains(string(view), want) {
			t.Errorf("modal lacks %s", want)
		}
	}
	golden(t, "modal", view)
}

// submission is a view_submission payload as Slack sends it over Socket Mode.
func submission(t *testing.T, status, text string, indicators map[string]string) slack.InteractionCallback {
	t.Helper()
	values := map[string]any{
		"status":      map[string]any{"value": map[string]any{"type": "static_select", "selected_option": nil}},
		"toelichting": map[string]any{"value": map[string]any{"type": "plain_text_input", "value": text}},
	}
	if status != "" {
		values["status"] = map[string]any{"value": map[string]any{"type": "static_select",
			"selected_option": map[string]any{"value": status, "text": map[string]any{"type": "plain_text", "text": status}}}}
	}
	for k, v := range indicators {
		values["ind:"+k] = map[string]any{"value": map[string]any{"type": "number_input", "value": v}}
	}
	payload, err := json.Marshal(map[string]any{
		"type": "view_submission",
		"user": map[string]any{"id": "U0ANNE"},
		"view": map[string]any{
			"id": "V0MODAL", "type": "modal", "callback_id": "voortgang_details",
			"private_metadata": "tok-2026H2-c17|3b|D0VOORTGANG|1700000000.000002",
			"state":            map[string]any{"values": values},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal(payload, &cb); err != nil {
		t.Fatalf("decode submission: %v", err)
	}
	return cb
}

func TestModalSubmissionRecordsToelichtingAndIndicators(t *testing.T) {
	f := setup(t)
	cb := submission(t, "on_track", "  Twee extra plaatsen in Hilversum.  ", map[string]string{"plaatsen": "14", "wachttijd": "3,5"})
	if resp := ValidateViewSubmission(cb); resp != nil {
		t.Fatalf("valid submission rejected: %+v", resp)
	}
	resp, err := f.handler.HandleViewSubmission(t.Context(), cb)
	if err != nil || resp != nil {
		t.Fatalf("HandleViewSubmission = %+v, %v; want nil (close the modal)", resp, err)
	}
	if len(f.recorder.answers) != 1 {
		t.Fatalf("recorded %d answers, want 1", len(f.recorder.answers))
	}
	a := f.recorder.answers[0]
	if a.Token != "tok-2026H2-c17" || a.Ref != "3b" || a.Status != i18n.StatusOnTrack || a.SlackUserID != "U0ANNE" {
		t.Errorf("answer = %+v", a)
	}
	if a.Text != "Twee extra plaatsen in Hilversum." {
		t.Errorf("toelichting = %q", a.Text)
	}
	if a.Indicators["plaatsen"] != "14" || a.Indicators["wachttijd"] != "3.5" || len(a.Indicators) != 2 {
		t.Errorf("indicators = %v, want plaatsen 14 and wachttijd 3.5", a.Indicators)
	}
	if a.Channel != "D0VOORTGANG" || a.MessageTS != "1700000000.000002" {
		t.Errorf("answer location = %s/%s, want from private_metadata", a.Channel, a.MessageTS)
	}
	if u := f.slack.calls("chat.update"); len(u) != 1 || u[0].Form.Get("ts") != "1700000000.000002" {
		t.Errorf("chat.update calls = %+v, want the request message updated", u)
	}
	if p := f.slack.calls("chat.postMessage"); len(p) != 1 || p[0].Form.Get("thread_ts") != "1700000000.000002" ||
		!strings.Contains(p[0].Form.Get("text"), "3b op schema") {
		t.Errorf("thread confirmation = %+v", p)
	}
}

func TestModalSubmissionRejected(t *testing.T) {
	tests := []struct {
		name       string
		status     string
		indicators map[string]string
		want       map[string]string
	}{
		{"cijfer is geen getal", "on_track", map[string]string{"plaatsen": "veertien"}, map[string]string{"ind:plaatsen": errNotANumber}},
		{"geen status gekozen", "", nil, map[string]string{"status": errStatusNeeded}},
		{"percentage met procentteken", "delayed", map[string]string{"wachttijd": "12%", "plaatsen": "3"}, map[string]string{"ind:wachttijd": errNotANumber}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			cb := submission(t, tt.status, "", tt.indicators)
			resp, err := f.handler.HandleViewSubmission(t.Context(), cb)
			if err != nil {
				t.Fatalf("HandleViewSubmission: %v", err)
			}
			if resp == nil || resp.ResponseAction != slack.RAErrors {
				t.Fatalf("response = %+v, want errors", resp)
			}
			if !maps.Equal(resp.Errors, tt.want) {
				t.Errorf("errors = %v, want %v", resp.Errors, tt.want)
			}
			if len(f.recorder.answers) != 0 {
				t.Error("rejected submission was recorded")
			}
			if m := f.slack.methods(); len(m) != 0 {
				t.Errorf("Slack called for a rejected submission: %v", m)
			}
		})
	}
}

func TestNormaliseNumber(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"14", "14", true}, {"3,5", "3.5", true}, {"3.5", "3.5", true}, {"-2", "-2", true},
		{"+7", "7", true}, {"1 200", "1200", true}, {"veertien", "", false}, {"12%", "", false},
		{"3,5,1", "", false}, {"", "", false}, {"5.", "", false}, {",5", "", false},
	}
	for _, tt := range tests {
		got, ok := normaliseNumber(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("normaliseNumber(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSlashCommandListsOpenItems(t *testing.T) {
	f := setup(t)
	msg, err := f.handler.HandleSlashCommand(t.Context(), slack.SlashCommand{Command: "/voortgang", UserID: "U0ANNE"})
	if err != nil {
		t.Fatalf("HandleSlashCommand: %v", err)
	}
	if msg.ResponseType != slack.ResponseTypeEphemeral {
		t.Errorf("response type = %q, want ephemeral", msg.ResponseType)
	}
	raw, err := json.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Je open acties voor *tweede helft 2026*: 2.", "1 februari 2027", "tok-2026H2-c17|15a|done", "tok-2026H2-c17|3b|on_track"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("listing lacks %q", want)
		}
	}
	golden(t, "slash", raw)
}

func TestSlashCommandForUnknownUser(t *testing.T) {
	f := setup(t)
	msg, err := f.handler.HandleSlashCommand(t.Context(), slack.SlashCommand{Command: "/voortgang", UserID: "U0ONBEKEND"})
	if err != nil {
		t.Fatalf("HandleSlashCommand: %v", err)
	}
	if msg.Text != msgUnknownUser || msg.Blocks != nil {
		t.Errorf("message = %+v, want the Dutch explanation", msg)
	}
}

func TestStatusButtonInEphemeralListingAnswersViaResponseURL(t *testing.T) {
	f := setup(t)
	btn := &slack.ButtonBlockElement{ActionID: "status:done", Value: "tok-2026H2-c17|15a|done"}
	cb := clickCallback(btn, "C0ERGENS", "", slack.Blocks{})
	cb.Container.IsEphemeral = true
	cb.ResponseURL = f.slack.url() + "response"
	if err := f.handler.HandleBlockAction(t.Context(), cb); err != nil {
		t.Fatalf("HandleBlockAction: %v", err)
	}
	if a := f.recorder.answers; len(a) != 1 || a[0].Status != i18n.StatusDone || a[0].Channel != "" {
		t.Errorf("answers = %+v, want 15a gereed without a message location", a)
	}
	resp := f.slack.calls("response")
	if len(resp) != 1 || resp[0].JSON["replace_original"] != true {
		t.Fatalf("response_url calls = %+v, want one replacing the listing", resp)
	}
	raw, _ := json.Marshal(resp[0].JSON)
	if !strings.Contains(string(raw), "*Genoteerd:* gereed") {
		t.Error("replaced listing does not show the recorded status")
	}
	if n := len(f.slack.calls("chat.update")); n != 0 {
		t.Errorf("chat.update called %d times for an ephemeral message", n)
	}
}

func TestPostCoordinators(t *testing.T) {
	f := setup(t)
	err := f.client.PostCoordinators(t.Context(), "C0COORD", CoordinatorNote{
		Kind: "escalatie",
		Text: "Actie 15a (Veilig Thuis) heeft na twee herinneringen nog geen stand van zaken gegeven.",
		Link: "https://voortgang.example.org/taken/15a",
	})
	if err != nil {
		t.Fatalf("PostCoordinators: %v", err)
	}
	posts := f.slack.calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Form.Get("channel") != "C0COORD" {
		t.Fatalf("posts = %+v", posts)
	}
	if !strings.HasPrefix(posts[0].Form.Get("text"), "Escalatie: Actie 15a") {
		t.Errorf("fallback text = %q", posts[0].Form.Get("text"))
	}
	golden(t, "coordinators", []byte(posts[0].Form.Get("blocks")))
}
