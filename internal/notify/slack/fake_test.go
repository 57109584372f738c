package slack

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// call is one Web API request the fake received.
type call struct {
	Method string
	Form   url.Values     // form-encoded requests
	JSON   map[string]any // JSON requests (views.open, response_url)
}

// fakeSlack is slacktest's server with the methods voortgang uses that
// slacktest does not answer (conversations.open, chat.update, views.open)
// added, and every request recorded. fail maps a method to a Slack error
// code it should answer with.
type fakeSlack struct {
	srv  *slacktest.Server
	mu   sync.Mutex
	seq  int
	log  []call
	fail map[string]string
}

func newFakeSlack(t *testing.T) *fakeSlack {
	t.Helper()
	f := &fakeSlack{fail: map[string]string{}}
	bind := func(c slacktest.Customize) {
		for _, m := range []string{"conversations.open", "chat.postMessage", "chat.update", "views.open", "users.lookupByEmail", "response"} {
			c.Handle("/"+m, f.handler(m))
		}
	}
	f.srv = slacktest.NewTestServer(bind)
	f.srv.Start()
	t.Cleanup(f.srv.Stop)
	return f
}

func (f *fakeSlack) url() string { return f.srv.GetAPIURL() }

func (f *fakeSlack) handler(method string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := call{Method: method}
		body, _ := io.ReadAll(r.Body)
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			_ = json.Unmarshal(body, &c.JSON)
		} else {
			c.Form, _ = url.ParseQuery(string(body))
			for k, v := range r.URL.Query() {
				c.Form[k] = v
			}
		}
		f.mu.Lock()
		f.log = append(f.log, c)
		f.seq++
		ts := fmt.Sprintf("1700000000.%06d", f.seq)
		code := f.fail[method]
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if code != "" {
			fmt.Fprintf(w, `{"ok":false,"error":%q}`, code)
			return
		}
		switch method {
		case "conversations.open":
			fmt.Fprint(w, `{"ok":true,"channel":{"id":"D0VOORTGANG"}}`)
		case "users.lookupByEmail":
			fmt.Fprint(w, `{"ok":true,"user":{"id":"U0BYEMAIL","name":"anne"}}`)
		case "views.open":
			fmt.Fprint(w, `{"ok":true,"view":{"id":"V0MODAL"}}`)
		case "response":
			fmt.Fprint(w, `{"ok":true}`)
		default: // chat.postMessage, chat.update
			fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, c.Form.Get("channel"), ts)
		}
	}
}

// calls returns the recorded requests of one method.
func (f *fakeSlack) calls(method string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.log {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

func (f *fakeSlack) methods() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.log {
		out = append(out, c.Method)
	}
	return out
}

// blocksOf decodes the blocks of a form-encoded chat.* call.
func blocksOf(t *testing.T, c call) slack.Blocks {
	t.Helper()
	var b slack.Blocks
	if err := json.Unmarshal([]byte(c.Form.Get("blocks")), &b); err != nil {
		t.Fatalf("decode blocks of %s: %v", c.Method, err)
	}
	return b
}

// button finds a button by action id and (prefix of) value in blocks.
func button(t *testing.T, blocks slack.Blocks, actionID, valuePrefix string) *slack.ButtonBlockElement {
	t.Helper()
	for _, b := range blocks.BlockSet {
		ab, ok := b.(*slack.ActionBlock)
		if !ok {
			continue
		}
		for _, el := range ab.Elements.ElementSet {
			if btn, ok := el.(*slack.ButtonBlockElement); ok && btn.ActionID == actionID && strings.HasPrefix(btn.Value, valuePrefix) {
				return btn
			}
		}
	}
	t.Fatalf("no button %s with value %s… in blocks", actionID, valuePrefix)
	return nil
}

// golden compares JSON (normalised: keys sorted, indented) with
// testdata/name.golden.json, or rewrites it with -update.
func golden(t *testing.T, name string, raw []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("golden %s: not JSON: %v\n%s", name, err, raw)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "&amp;" readable in the golden files
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run with -update)", name, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file (run with -update to accept):\n%s", path, got)
	}
}
