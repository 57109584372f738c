package slack

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/slack-go/slack"
)

// englishRequest is sampleRequest as the cycle writes it with language: en.
func englishRequest() Request {
	r := sampleRequest()
	r.Lang = i18n.English
	r.PeriodLabel = ""
	r.Items[0].Due = "Check: 30 June 2027"
	return r
}

// englishFixture is setup with a recorder and lister that answer in English.
func englishFixture(t *testing.T, opts ...HandlerOption) fixture {
	t.Helper()
	f := setup(t)
	f.recorder.request = englishRequest()
	lister := fakeLister{byUser: map[string]Request{"U0ANNE": englishRequest()}}
	f.handler = NewHandler(f.client, f.recorder, lister, nil, opts...)
	return f
}

// clickWithText is clickCallback with the button's text, as Slack sends it.
func clickWithText(btn *slack.ButtonBlockElement, channel, ts string, msg slack.Blocks) slack.InteractionCallback {
	cb := clickCallback(btn, channel, ts, msg)
	if btn.Text != nil {
		cb.ActionCallback.BlockActions[0].Text = *btn.Text
	}
	return cb
}

func TestSendRequestInEnglish(t *testing.T) {
	f := setup(t)
	if _, _, err := f.client.SendRequest(t.Context(), englishRequest()); err != nil {
		t.Fatalf("SendRequest: %v", err)
	}
	post := f.slack.calls("chat.postMessage")[0]
	raw := post.Form.Get("blocks")
	for _, want := range []string{
		"Progress update second half of 2026", "Dear Anne de Vries", "for the report on the *second half of 2026*",
		"Please reply by *1 February 2027*", "Last time: delayed", "Comments and figures", "Open the web form",
		`"On track"`, `"Not started"`, "You can also answer in the web form",
	} {
		if !strings.Contains(raw, want) {
			t.Errorf("English blocks lack %q", want)
		}
	}
	for _, dutch := range []string{"Stand van zaken", "Beste", "februari", "Vorige keer", "Toelichting", "webformulier", "Op schema"} {
		if strings.Contains(raw, dutch) {
			t.Errorf("English blocks contain Dutch %q", dutch)
		}
	}
	if got, want := post.Form.Get("text"), "Progress update second half of 2026: please reply by 1 February 2027."; got != want {
		t.Errorf("fallback text = %q, want %q", got, want)
	}
	golden(t, "request.en", []byte(raw))
}

func TestReminderHeaderInEnglish(t *testing.T) {
	tests := []struct {
		name     string
		reminder int
		want     string
	}{
		{"first request", 0, "Progress update second half of 2026"},
		{"first reminder", 1, "Reminder: progress update second half of 2026"},
		{"second reminder", 2, "2nd reminder: progress update second half of 2026"},
		{"third reminder", 3, "3rd reminder: progress update second half of 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := englishRequest()
			r.Reminder = tt.reminder
			if got := headerText(r); got != tt.want {
				t.Errorf("header = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOrdinal(t *testing.T) {
	tests := []struct {
		n        int
		lang     string
		want     string
		language string
	}{
		{2, i18n.Dutch, "2e", "Dutch"}, {1, i18n.English, "1st", "English"}, {2, i18n.English, "2nd", "English"},
		{3, i18n.English, "3rd", "English"}, {4, i18n.English, "4th", "English"}, {11, i18n.English, "11th", "English"},
		{12, i18n.English, "12th", "English"}, {22, i18n.English, "22nd", "English"},
	}
	for _, tt := range tests {
		if got := ordinal(tt.n, tt.lang); got != tt.want {
			t.Errorf("%s ordinal(%d) = %q, want %q", tt.language, tt.n, got, tt.want)
		}
	}
}

func TestEnglishDetailsButtonOpensEnglishModal(t *testing.T) {
	// The handler's default is Dutch: the modal follows the message.
	f := setup(t)
	channel, ts, err := f.client.SendRequest(t.Context(), englishRequest())
	if err != nil {
		t.Fatal(err)
	}
	sent := blocksOf(t, f.slack.calls("chat.postMessage")[0])
	btn := button(t, sent, "details", "tok-2026H2-c17|3b")
	if err := f.handler.HandleBlockAction(t.Context(), clickWithText(btn, channel, ts, sent)); err != nil {
		t.Fatalf("HandleBlockAction: %v", err)
	}
	opens := f.slack.calls("views.open")
	if len(opens) != 1 {
		t.Fatalf("views.open calls = %d, want 1", len(opens))
	}
	view, _ := json.Marshal(opens[0].JSON["view"])
	for _, want := range []string{
		`"private_metadata":"tok-2026H2-c17|3b|` + channel + `|` + ts + `|en"`,
		`"text":"Comments and figures"`, `"text":"Save"`, `"text":"Cancel"`, "Choose a status", "Last time: 12", `"text":"On track"`,
	} {
		if !strings.Contains(string(view), want) {
			t.Errorf("modal lacks %s", want)
		}
	}
	golden(t, "modal.en", view)
}

func TestEnglishModalSubmission(t *testing.T) {
	t.Run("errors in English", func(t *testing.T) {
		cb := submission(t, "", "", map[string]string{"plaatsen": "fourteen"})
		cb.View.PrivateMetadata += "|en"
		resp := ValidateViewSubmission(cb)
		want := map[string]string{"status": "Choose a status.", "ind:plaatsen": "Enter a number, for example 12 or 3.5."}
		if resp == nil || !maps.Equal(resp.Errors, want) {
			t.Fatalf("response = %+v, want errors %v", resp, want)
		}
	})
	t.Run("recorded with the message location", func(t *testing.T) {
		f := setup(t)
		f.recorder.request = Request{} // the store returns nothing to re-render
		cb := submission(t, "done", "Finished.", nil)
		cb.View.PrivateMetadata += "|en"
		if resp, err := f.handler.HandleViewSubmission(t.Context(), cb); resp != nil || err != nil {
			t.Fatalf("HandleViewSubmission = %+v, %v", resp, err)
		}
		a := f.recorder.answers[0]
		if a.MessageTS != "1700000000.000002" || a.Status != i18n.StatusDone {
			t.Errorf("answer = %+v; the language suffix leaked into the ts", a)
		}
	})
}

func TestEnglishExpiredLinkReply(t *testing.T) {
	f := setup(t)
	f.recorder.err = errors.Join(errors.New("store: request closed"), ErrTokenInvalid)
	btn := slack.NewButtonBlockElement("status:done", "oud-token|15a|done", plain("Done"))
	if err := f.handler.HandleBlockAction(t.Context(), clickWithText(btn, "D0VOORTGANG", "1700000000.000001", slack.Blocks{})); !errors.Is(err, ErrTokenInvalid) {
		t.Fatalf("err = %v, want ErrTokenInvalid", err)
	}
	posts := f.slack.calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Form.Get("text") != labelsEN.tokenInvalid {
		t.Errorf("thread replies = %+v, want the English explanation", posts)
	}
}

func TestStatusButtonInEnglishMessage(t *testing.T) {
	f := setup(t)
	f.recorder.request = Request{} // nothing to re-render: only the confirmation
	h := NewHandler(f.client, &summaryless{fakeRecorder: f.recorder}, nil, nil)
	btn := slack.NewButtonBlockElement("status:delayed", "tok-2026H2-c17|15a|delayed", plain("Delayed"))
	if err := h.HandleBlockAction(t.Context(), clickWithText(btn, "D0VOORTGANG", "1700000000.000001", slack.Blocks{})); err != nil {
		t.Fatalf("HandleBlockAction: %v", err)
	}
	posts := f.slack.calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Form.Get("text") != "Thank you, we have recorded: 15a delayed." {
		t.Errorf("confirmation = %+v, want the English thanks", posts)
	}
}

// summaryless is a Recorder that leaves the summary to the handler.
type summaryless struct{ *fakeRecorder }

func (s *summaryless) RecordSlackAnswer(ctx context.Context, a Answer) (Confirmation, error) {
	c, err := s.fakeRecorder.RecordSlackAnswer(ctx, a)
	c.Summary = ""
	return c, err
}

func TestSlashCommandInEnglish(t *testing.T) {
	t.Run("request in English", func(t *testing.T) {
		f := englishFixture(t)
		msg, err := f.handler.HandleSlashCommand(t.Context(), slack.SlashCommand{Command: "/voortgang", UserID: "U0ANNE"})
		if err != nil {
			t.Fatalf("HandleSlashCommand: %v", err)
		}
		raw, _ := json.Marshal(msg)
		for _, want := range []string{"Your open actions for the *second half of 2026*: 2.", "Please reply by *1 February 2027*.", `"text":"Your open actions: 2"`} {
			if !strings.Contains(string(raw), want) {
				t.Errorf("listing lacks %q", want)
			}
		}
	})
	t.Run("unknown user with the handler in English", func(t *testing.T) {
		f := englishFixture(t, WithLang("en"))
		msg, err := f.handler.HandleSlashCommand(t.Context(), slack.SlashCommand{Command: "/voortgang", UserID: "U0ONBEKEND"})
		if err != nil {
			t.Fatalf("HandleSlashCommand: %v", err)
		}
		if msg.Text != labelsEN.unknownUser {
			t.Errorf("message = %q, want the English explanation", msg.Text)
		}
	})
	t.Run("request without language follows the handler", func(t *testing.T) {
		f := setup(t)
		r := sampleRequest()
		r.PeriodLabel = ""
		h := NewHandler(f.client, f.recorder, fakeLister{byUser: map[string]Request{"U0ANNE": r}}, nil, WithLang("en"))
		msg, err := h.HandleSlashCommand(t.Context(), slack.SlashCommand{Command: "/voortgang", UserID: "U0ANNE"})
		if err != nil {
			t.Fatalf("HandleSlashCommand: %v", err)
		}
		if raw, _ := json.Marshal(msg); !strings.Contains(string(raw), "Your open actions for the *second half of 2026*") {
			t.Errorf("listing is not in the handler's English: %s", raw)
		}
	})
}

func TestPostCoordinatorsInEnglish(t *testing.T) {
	f := setup(t)
	err := f.client.PostCoordinators(t.Context(), "C0COORD", CoordinatorNote{
		Kind: "escalatie",
		Text: "For the second half of 2026, answers are still missing from 1 contact (deadline 14 January 2027):\n• Anne de Vries: 2 actions",
		Link: "https://voortgang.example.org/",
		Lang: i18n.English,
	})
	if err != nil {
		t.Fatalf("PostCoordinators: %v", err)
	}
	post := f.slack.calls("chat.postMessage")[0]
	if !strings.HasPrefix(post.Form.Get("text"), "Escalation: For the second half") {
		t.Errorf("fallback text = %q", post.Form.Get("text"))
	}
	raw := post.Form.Get("blocks")
	if !strings.Contains(raw, `"Open in voortgang"`) || strings.Contains(raw, "Escalatie") {
		t.Errorf("blocks not in English: %s", raw)
	}
	golden(t, "coordinators.en", []byte(raw))
}

func TestLangOfButton(t *testing.T) {
	tests := []struct {
		text, lang string
		ok         bool
	}{
		{"Toelichting en cijfers", i18n.Dutch, true}, {"Comments and figures", i18n.English, true},
		{"Op schema", i18n.Dutch, true}, {"On track", i18n.English, true}, {"Niet gestart", i18n.Dutch, true},
		{"Naar het webformulier", "", false}, {"", "", false},
	}
	for _, tt := range tests {
		if lang, ok := langOfButton(tt.text); lang != tt.lang || ok != tt.ok {
			t.Errorf("langOfButton(%q) = %q, %v; want %q, %v", tt.text, lang, ok, tt.lang, tt.ok)
		}
	}
}
