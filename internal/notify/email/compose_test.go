package email

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"github.com/regiogv/voortgang/internal/outbox"
)

// testRefs make the keyed Message-IDs the outbox rows of these tests carry.
var testRefs = func() *outbox.Refs {
	r, err := outbox.NewRefs([]byte("test secret of at least 32 bytes!!"))
	if err != nil {
		panic(err)
	}
	return r
}()

// testMessageID is the Message-ID of the outbox row with key, as the cycle gives it.
func testMessageID(key string) string {
	id, err := testRefs.MessageID(key, "voortgang@regiogv.nl")
	if err != nil {
		panic(err)
	}
	return id
}

func TestComposeRoundTrip(t *testing.T) {
	m := testMessage("uitvraag/2026H2/anna", "Uitvraag voortgang tweede helft 2026 – graag vóór 1 februari 2027 [vg:AbC123]")
	m.From = "Coördinator Jeroën <voortgang@RegioGV.nl>"
	m.Text = "Beste Anna,\n.\nEen regel met = en een heel lange regel " + strings.Repeat("lang ", 40) + "einde.\n"
	m.Headers = map[string]string{"X-Voortgang-Token": "AbC123", "In-Reply-To": "<vorige@regiogv.nl>"}
	date := time.Date(2027, 1, 11, 8, 0, 0, 0, time.UTC)
	raw, err := Compose(m, date)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range bytes.Split(raw, []byte("\r\n")) {
		if len(line) > 998 {
			t.Errorf("line %d is %d bytes long", i, len(line))
		}
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare line break", i)
		}
	}

	mr, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	h := mr.Header
	if s, _ := h.Subject(); s != m.Subject {
		t.Errorf("Subject = %q", s)
	}
	if from, _ := h.AddressList("From"); len(from) != 1 || from[0].Name != "Coördinator Jeroën" || from[0].Address != "voortgang@RegioGV.nl" {
		t.Errorf("From = %v", from)
	}
	if to, _ := h.AddressList("To"); len(to) != 1 || to[0].Address != "anna@hilversum.nl" {
		t.Errorf("To = %v", to)
	}
	if cc, _ := h.AddressList("Cc"); len(cc) != 1 || cc[0].Address != "j.bakker@regiogv.nl" {
		t.Errorf("Cc = %v", cc)
	}
	if rt, _ := h.AddressList("Reply-To"); len(rt) != 1 || rt[0].Address != "voortgang+AbC123@regiogv.nl" {
		t.Errorf("Reply-To = %v", rt)
	}
	if d, _ := h.Date(); !d.Equal(date) {
		t.Errorf("Date = %v, want %v", d, date)
	}
	id, _ := h.MessageID()
	if want := m.MessageID; id != want || !strings.HasSuffix(id, "@regiogv.nl") {
		t.Errorf("Message-ID = %q, want %q at the From domain", id, want)
	}
	for k, want := range map[string]string{
		"Auto-Submitted":    "auto-generated",
		"Content-Language":  "nl",
		"X-Voortgang-Token": "AbC123",
		"In-Reply-To":       "<vorige@regiogv.nl>",
		"Mime-Version":      "1.0",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	for _, k := range []string{"X-Auto-Response-Suppress", "Precedence"} {
		if h.Has(k) {
			t.Errorf("%s is set; out-of-office replies must reach the inbox", k)
		}
	}
	if ct, _, _ := h.ContentType(); ct != "multipart/alternative" {
		t.Errorf("Content-Type = %q", ct)
	}

	var types []string
	bodies := map[string]string{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ih := p.Header.(*mail.InlineHeader)
		ct, params, _ := ih.ContentType()
		if params["charset"] != "utf-8" || ih.Get("Content-Transfer-Encoding") != "quoted-printable" {
			t.Errorf("%s: charset %q, encoding %q", ct, params["charset"], ih.Get("Content-Transfer-Encoding"))
		}
		b, _ := io.ReadAll(p.Body)
		types = append(types, ct)
		bodies[ct] = string(b)
	}
	if strings.Join(types, ",") != "text/plain,text/html" {
		t.Errorf("parts = %v, want text then HTML (the preferred last)", types)
	}
	if got := strings.ReplaceAll(bodies["text/plain"], "\r\n", "\n"); got != m.Text {
		t.Errorf("text part changed:\n got %q\nwant %q", got, m.Text)
	}
	if got := bodies["text/html"]; got != m.HTML {
		t.Errorf("html part = %q", got)
	}
}

func TestComposeIsDeterministic(t *testing.T) {
	m := testMessage("herinnering/2026H2/anna/1", "Herinnering")
	date := time.Date(2027, 1, 18, 8, 0, 0, 0, time.UTC)
	a, err := Compose(m, date)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Compose(m, date)
	if !bytes.Equal(a, b) {
		t.Error("the same outbox row gave different bytes")
	}
	m.Key = "herinnering/2026H2/anna/2"
	m.MessageID = testMessageID(m.Key)
	c, _ := Compose(m, date)
	idA, idC := testMessageID("herinnering/2026H2/anna/1"), m.MessageID
	if idA == idC || !bytes.Contains(c, []byte(idC)) || bytes.Contains(c, []byte(idA)) {
		t.Error("another key must give another Message-ID")
	}
}

func TestComposeSinglePart(t *testing.T) {
	m := testMessage("alleen-tekst", "Alleen tekst")
	m.HTML = ""
	raw, err := Compose(m, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	mr, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if ct, _, _ := mr.Header.ContentType(); ct != "text/plain" {
		t.Errorf("Content-Type = %q, want text/plain", ct)
	}
	p, err := mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(p.Body)
	if !strings.Contains(string(b), "één vraag") {
		t.Errorf("body = %q", b)
	}
}

func TestComposeRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Message)
		want   string
	}{
		{"zonder outbox-sleutel", func(m *Message) { m.Key = "" }, "no outbox key"},
		// The Message-ID is the row's keyed one; Compose makes up none (an unkeyed one could be forged).
		{"zonder Message-ID", func(m *Message) { m.MessageID = "" }, "no Message-ID"},
		{"zonder ontvanger", func(m *Message) { m.To = nil }, "no recipient"},
		{"zonder inhoud", func(m *Message) { m.Text, m.HTML = "", "" }, "neither text nor HTML"},
		{"regelovergang in onderwerp", func(m *Message) { m.Subject = "Uitvraag\r\nBcc: iedereen@example.org" }, "line break"},
		{"kopregel-injectie", func(m *Message) { m.Headers = map[string]string{"X-Token": "a\r\nBcc: x@example.org"} }, "line break"},
		{"eigen Message-ID via Headers", func(m *Message) { m.Headers = map[string]string{"message-id": "<x@y>"} }, "set by Compose"},
		{"ongeldig adres", func(m *Message) { m.To = []string{"anna at hilversum"} }, "To address"},
		{"afzender zonder domein", func(m *Message) { m.From = "voortgang" }, "From address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testMessage("k", "Onderwerp")
			tt.change(&m)
			_, err := Compose(m, time.Now())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one about %q", err, tt.want)
			}
		})
	}
}

func TestEnvelope(t *testing.T) {
	m := testMessage("k", "s")
	m.Cc = append(m.Cc, "ANNA@hilversum.nl")
	from, rcpts, err := envelope(m)
	if err != nil {
		t.Fatal(err)
	}
	if from != "voortgang@regiogv.nl" || strings.Join(rcpts, ",") != "anna@hilversum.nl,j.bakker@regiogv.nl" {
		t.Errorf("envelope %s → %v", from, rcpts)
	}
}

// A mail outside the outbox gets a random Message-ID at the From domain: nobody can predict it.
func TestNewMessageID(t *testing.T) {
	a, err := NewMessageID("Regio <Voortgang@RegioGV.nl>")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewMessageID("voortgang@regiogv.nl")
	if a == b || !strings.HasSuffix(a, "@regiogv.nl") || !strings.HasSuffix(b, "@regiogv.nl") {
		t.Errorf("ids %q and %q: want two different ones at @regiogv.nl", a, b)
	}
	if _, err := NewMessageID("voortgang"); err == nil {
		t.Error("a From without a domain gave a Message-ID")
	}
	m := testMessage("check/1", "Test")
	m.MessageID = a
	if _, err := Compose(m, time.Now()); err != nil {
		t.Errorf("Compose refuses it: %v", err)
	}
}
