package teams

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// webhook is a fake Teams Workflows endpoint answering with status and
// header, and keeping what it received.
type webhook struct {
	srv    *httptest.Server
	bodies [][]byte
	ctypes []string
}

func newWebhook(t *testing.T, status int, header map[string]string, block chan struct{}) *webhook {
	t.Helper()
	w := &webhook{}
	w.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.bodies = append(w.bodies, b)
		w.ctypes = append(w.ctypes, r.Header.Get("Content-Type"))
		if block != nil {
			select {
			case <-block:
			case <-r.Context().Done():
			}
		}
		for k, v := range header {
			rw.Header().Set(k, v)
		}
		rw.WriteHeader(status)
		_, _ = io.WriteString(rw, `{"error":{"code":"WorkflowTriggerIsNotEnabled","message":"De workflow staat uit."}}`)
	}))
	t.Cleanup(w.srv.Close)
	return w
}

// url looks like a real Workflows URL, signature included.
func (w *webhook) url() string {
	return w.srv.URL + "/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=GEHEIM"
}

func escalation() Note {
	return Note{
		Title:    "Escalatie: actie 15a zonder stand van zaken",
		Text:     "Veilig Thuis heeft na twee herinneringen nog geen stand van zaken gegeven over de tweede helft van 2026.",
		Facts:    [][2]string{{"Actie", "15a – Regionale aanpak huiselijk geweld"}, {"Eigenaar", "Veilig Thuis"}, {"Uiterste datum", "1 februari 2027"}},
		LinkText: "Bekijk de taak",
		LinkURL:  "https://voortgang.example.org/taken/15a",
	}
}

func TestPostSendsAdaptiveCard(t *testing.T) {
	w := newWebhook(t, http.StatusAccepted, nil, nil)
	if err := New(nil).Post(t.Context(), w.url(), escalation()); err != nil {
		t.Fatalf("Post: %v", err)
	}
	if len(w.bodies) != 1 || w.ctypes[0] != "application/json" {
		t.Fatalf("webhook got %d posts, content types %v", len(w.bodies), w.ctypes)
	}
	var msg struct {
		Type        string `json:"type"`
		Attachments []struct {
			ContentType string `json:"contentType"`
			Content     struct {
				Schema  string            `json:"$schema"`
				Type    string            `json:"type"`
				Version string            `json:"version"`
				Body    []json.RawMessage `json:"body"`
				Actions []struct {
					Type, Title, URL string
				} `json:"actions"`
			} `json:"content"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(w.bodies[0], &msg); err != nil {
		t.Fatalf("payload is not JSON: %v", err)
	}
	if msg.Type != "message" || len(msg.Attachments) != 1 {
		t.Fatalf("payload = %+v", msg)
	}
	a := msg.Attachments[0]
	if a.ContentType != "application/vnd.microsoft.card.adaptive" || a.Content.Type != "AdaptiveCard" ||
		a.Content.Version != "1.4" || a.Content.Schema != "http://adaptivecards.io/schemas/adaptive-card.json" {
		t.Errorf("attachment = %+v", a)
	}
	if len(a.Content.Body) != 3 {
		t.Errorf("body has %d elements, want title, text, facts", len(a.Content.Body))
	}
	if len(a.Content.Actions) != 1 || a.Content.Actions[0].Type != "Action.OpenUrl" ||
		a.Content.Actions[0].URL != "https://voortgang.example.org/taken/15a" || a.Content.Actions[0].Title != "Bekijk de taak" {
		t.Errorf("actions = %+v", a.Content.Actions)
	}
	golden(t, "escalatie", w.bodies[0])
}

func TestPayloadLeavesOutEmptyParts(t *testing.T) {
	raw, err := json.Marshal(Payload(Note{Title: "Samenvatting tweede helft 2026"}))
	if err != nil {
		t.Fatal(err)
	}
	got := string(raw)
	for _, absent := range []string{"FactSet", "actions", "Action.OpenUrl"} {
		if strings.Contains(got, absent) {
			t.Errorf("payload has %s without facts or link: %s", absent, got)
		}
	}
	if !strings.Contains(got, `"body":[{`) {
		t.Errorf("body missing: %s", got)
	}
	if raw, _ := json.Marshal(Payload(Note{})); !strings.Contains(string(raw), `"body":[]`) {
		t.Errorf("empty note gives a null body: %s", raw)
	}
}

func TestDefaultLinkTextFollowsLanguage(t *testing.T) {
	tests := []struct {
		name, lang, want string
	}{
		{"Dutch by default", "", `"title":"Openen in voortgang"`},
		{"Dutch", "nl", `"title":"Openen in voortgang"`},
		{"English", "en", `"title":"Open in voortgang"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, _ := json.Marshal(Payload(Note{LinkURL: "https://x.example", Lang: tt.lang}))
			if !strings.Contains(string(raw), tt.want) {
				t.Errorf("link without text lacks %s: %s", tt.want, raw)
			}
		})
	}
}

func TestPostsEnglishCard(t *testing.T) {
	w := newWebhook(t, http.StatusAccepted, nil, nil)
	n := Note{
		Title:   "Escalation: answers missing – second half of 2026",
		Text:    "No answer yet from 1 contact; the deadline is 14 January 2027.",
		Facts:   [][2]string{{"Anne de Vries", "2 actions, 2 reminders"}},
		LinkURL: "https://voortgang.example.org/",
		Lang:    "en",
	}
	if err := New(nil).Post(t.Context(), w.url(), n); err != nil {
		t.Fatalf("Post: %v", err)
	}
	if len(w.bodies) != 1 || !strings.Contains(string(w.bodies[0]), `"title":"Open in voortgang"`) {
		t.Fatalf("webhook got %q, want an English card", w.bodies)
	}
	golden(t, "escalation.en", w.bodies[0])
}

func TestPostFailures(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		header     map[string]string
		temporary  bool
		retryAfter time.Duration
	}{
		{"te veel verzoeken met Retry-After", 429, map[string]string{"Retry-After": "30"}, true, 30 * time.Second},
		{"te veel verzoeken zonder Retry-After", 429, nil, true, 0},
		{"storing bij Microsoft (502)", 502, nil, true, 0},
		{"dienst onbeschikbaar met Retry-After", 503, map[string]string{"Retry-After": "120"}, true, 2 * time.Minute},
		{"ongeldige kaart (400)", 400, nil, false, 0},
		{"workflow verwijderd (404)", 404, nil, false, 0},
		{"handtekening ongeldig (401)", 401, map[string]string{"Retry-After": "5"}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWebhook(t, tt.status, tt.header, nil)
			err := New(nil).Post(t.Context(), w.url(), escalation())
			e, ok := errors.AsType[*Error](err)
			if !ok {
				t.Fatalf("err = %v (%T), want *teams.Error", err, err)
			}
			if e.Temporary != tt.temporary || e.RetryAfter != tt.retryAfter || e.StatusCode != tt.status {
				t.Errorf("got temporary=%v retryAfter=%s status=%d, want %v %s %d", e.Temporary, e.RetryAfter, e.StatusCode, tt.temporary, tt.retryAfter, tt.status)
			}
			if strings.Contains(err.Error(), "GEHEIM") || strings.Contains(err.Error(), "/workflows/") {
				t.Errorf("error leaks the webhook signature: %v", err)
			}
			if !strings.Contains(err.Error(), "WorkflowTriggerIsNotEnabled") {
				t.Errorf("error lacks the response body: %v", err)
			}
		})
	}
}

func TestPostTimesOutWithContext(t *testing.T) {
	block := make(chan struct{})
	w := newWebhook(t, http.StatusAccepted, nil, block)
	defer close(block)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	err := New(nil).Post(ctx, w.url(), escalation())
	if temp, _ := retryOf(err); !temp {
		t.Fatalf("err = %v, want a temporary failure", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want it to wrap context.DeadlineExceeded", err)
	}
	if strings.Contains(err.Error(), "GEHEIM") {
		t.Errorf("error leaks the webhook signature: %v", err)
	}
}

func TestPostRefusesBadURL(t *testing.T) {
	for _, u := range []string{"", "niet-een-url", "ftp://example.org/x"} {
		err := Post(t.Context(), u, escalation())
		if temp, _ := retryOf(err); err == nil || temp {
			t.Errorf("Post(%q) = %v, want a permanent error", u, err)
		}
	}
}

func TestRetryAfterAsHTTPDate(t *testing.T) {
	now := time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)
	if got := retryAfter("Mon, 01 Feb 2027 09:01:30 GMT", now); got != 90*time.Second {
		t.Errorf("retryAfter(date) = %s, want 1m30s", got)
	}
	if got := retryAfter("gisteren", now); got != 0 {
		t.Errorf("retryAfter(garbage) = %s, want 0", got)
	}
}

func golden(t *testing.T, name string, raw []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("golden %s: not JSON: %v", name, err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run with -update)", name, err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs from golden file (run with -update to accept):\n%s", path, buf.Bytes())
	}
}

// retryOf reads a failure the way the outbox worker does: through the error's Retry method.
func retryOf(err error) (temporary bool, after time.Duration) {
	var e *Error
	if errors.As(err, &e) {
		return e.Retry()
	}
	return false, 0
}
