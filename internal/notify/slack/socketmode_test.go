package slack

import (
	"context"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// dispatchRecorder drives dispatch with synthetic Socket Mode events: it
// records acks and runs the work at once, noting whether the ack came first.
type dispatchRecorder struct {
	acks        []any
	work        []string
	ackedBefore []bool
	errs        []error
}

func (d *dispatchRecorder) run(t *testing.T, h *Handler, evt socketmode.Event) {
	t.Helper()
	ack := func(req *socketmode.Request, payload any) error {
		d.acks = append(d.acks, payload)
		return nil
	}
	work := func(name string, f func(context.Context) error) {
		d.work = append(d.work, name)
		d.ackedBefore = append(d.ackedBefore, len(d.acks) > 0)
		d.errs = append(d.errs, f(t.Context()))
	}
	dispatch(t.Context(), ack, evt, h, nil, work)
}

func interactive(cb slack.InteractionCallback) socketmode.Event {
	return socketmode.Event{Type: socketmode.EventTypeInteractive, Data: cb, Request: &socketmode.Request{EnvelopeID: "env-1"}}
}

func TestSocketModeAcksBeforeWork(t *testing.T) {
	f := setup(t)
	var d dispatchRecorder
	btn := &slack.ButtonBlockElement{ActionID: "status:done", Value: "tok-2026H2-c17|15a|done"}
	d.run(t, f.handler, interactive(clickCallback(btn, "D0VOORTGANG", "1700000000.000001", slack.Blocks{})))

	if len(d.acks) != 1 || d.acks[0] != nil {
		t.Fatalf("acks = %v, want one empty ack", d.acks)
	}
	if len(d.work) != 1 || !d.ackedBefore[0] || d.errs[0] != nil {
		t.Fatalf("work = %v acked before = %v errs = %v", d.work, d.ackedBefore, d.errs)
	}
	if len(f.recorder.answers) != 1 {
		t.Errorf("answers = %d, want the click recorded", len(f.recorder.answers))
	}
}

func TestSocketModeInvalidSubmissionErrorsInAck(t *testing.T) {
	f := setup(t)
	var d dispatchRecorder
	d.run(t, f.handler, interactive(submission(t, "", "", map[string]string{"plaatsen": "veel"})))

	if len(d.acks) != 1 {
		t.Fatalf("acks = %v, want one", d.acks)
	}
	resp, ok := d.acks[0].(*slack.ViewSubmissionResponse)
	if !ok || resp.Errors["status"] != errStatusNeeded || resp.Errors["ind:plaatsen"] != errNotANumber {
		t.Errorf("ack payload = %#v, want the Dutch field errors", d.acks[0])
	}
	if len(d.work) != 0 || len(f.recorder.answers) != 0 {
		t.Errorf("work %v ran for an invalid submission", d.work)
	}
}

func TestSocketModeFailedSubmissionTellsUserByDM(t *testing.T) {
	f := setup(t)
	f.recorder.err = context.DeadlineExceeded
	var d dispatchRecorder
	d.run(t, f.handler, interactive(submission(t, "done", "Afgerond in oktober.", nil)))

	if len(d.acks) != 1 || d.acks[0] != nil {
		t.Fatalf("acks = %v, want one empty ack closing the modal", d.acks)
	}
	if len(d.errs) != 1 || d.errs[0] == nil {
		t.Fatalf("work errors = %v, want the recording failure", d.errs)
	}
	posts := f.slack.calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Form.Get("channel") != "D0VOORTGANG" || posts[0].Form.Get("text") != msgSaveFailed {
		t.Errorf("posts = %+v, want a DM saying saving failed", posts)
	}
}

func TestSocketModeSlashCommandRespondsViaResponseURL(t *testing.T) {
	f := setup(t)
	var d dispatchRecorder
	d.run(t, f.handler, socketmode.Event{
		Type:    socketmode.EventTypeSlashCommand,
		Data:    slack.SlashCommand{Command: "/voortgang", UserID: "U0ANNE", ResponseURL: f.slack.url() + "response"},
		Request: &socketmode.Request{EnvelopeID: "env-2"},
	})
	if len(d.acks) != 1 || d.acks[0] != nil || !d.ackedBefore[0] {
		t.Fatalf("acks = %v, acked before work = %v", d.acks, d.ackedBefore)
	}
	resp := f.slack.calls("response")
	if len(resp) != 1 || resp[0].JSON["response_type"] != "ephemeral" {
		t.Fatalf("response_url calls = %+v", resp)
	}
	if text, _ := resp[0].JSON["text"].(string); !strings.Contains(text, "Je open acties: 2") {
		t.Errorf("response text = %q", text)
	}
}
