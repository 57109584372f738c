package inbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/regiogv/voortgang/internal/actionstatus"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/store"
)

const (
	anna   = "anna-devries"  // asked about many actions, 15a and 15b among them
	pieter = "pieter-jansen" // anna's deputy
	karin  = "karin-huisman" // asked about one action only (21d)
	noor   = "noor-degroot"  // bounces in the DSN case
	mark   = "mark-kok"      // sends the out-of-office reply
	annaEm = "anna.devries@regio.example.org"
)

// twoRefs is Anna's reply to her request answering 15a and 15b, from addr.
func twoRefs(t *testing.T, e *env, msgID, from string) []byte {
	t.Helper()
	sr, m := e.request(t, anna)
	return fixture(t, "imap/reply_two_refs.eml", "{{TOKEN}}", sr.Token, "{{INREPLYTO}}", m.MessageID,
		"{{MSGID}}", msgID, "{{FROM}}", from, "{{EXTRA}}", "")
}

func process(t *testing.T, e *env, raw []byte) Outcome {
	t.Helper()
	out, err := e.proc.Process(context.Background(), raw, e.clk.Now())
	if err != nil {
		t.Fatalf("Process: %v", err)
	}
	return out
}

func inboundRow(t *testing.T, e *env, id string) store.InboundMail {
	t.Helper()
	m, err := e.in.InboundMail(context.Background(), id)
	if err != nil {
		t.Fatalf("InboundMail(%s): %v", id, err)
	}
	return m
}

// wantAnswers checks that the latest responses of contact stored from mail msgID are exactly
// want (ref as "15a" → status). With once, every response of contact must be version 1.
func wantAnswers(t *testing.T, e *env, contact, msgID string, want map[string]string, once ...bool) {
	t.Helper()
	got := map[string]string{}
	for _, r := range e.responses(t, contact) {
		if len(once) > 0 && once[0] && r.Version != 1 {
			t.Errorf("response %s has version %d, want 1 (stored twice)", r.Ref, r.Version)
		}
		if r.InboundMessageID != msgID {
			continue
		}
		if r.Source != store.SourceEmail {
			t.Errorf("response %s has source %q", r.Ref, r.Source)
		}
		got[r.Ref[strings.LastIndexByte(r.Ref, '/')+1:]] = r.Status
	}
	if len(got) != len(want) {
		t.Fatalf("answers of %s from %s = %v, want %v", contact, msgID, got, want)
	}
	for ref, st := range want {
		if got[ref] != st {
			t.Errorf("answer %s of %s = %q, want %q", ref, contact, got[ref], st)
		}
	}
}

func TestProcessReplyRecordsAnswersOnce(t *testing.T) {
	e := newEnv(t)
	sr, _ := e.request(t, anna)
	raw := twoRefs(t, e, "antwoord-1@regio.example.org", annaEm)

	out := process(t, e, raw)
	if out.Kind != OutcomeProcessed || out.Answers != 2 || out.RequestKey != sr.Key || out.ContactKey != anna || out.Quarantine() {
		t.Fatalf("outcome = %+v", out)
	}
	wantAnswers(t, e, anna, "antwoord-1@regio.example.org", map[string]string{"15a": "op schema", "15b": "vertraagd"}, true)
	for _, r := range e.responses(t, anna) {
		if strings.HasSuffix(r.Ref, "/15b") && !strings.Contains(r.Toelichting, "vacature stond lang open") {
			t.Errorf("toelichting 15b = %q", r.Toelichting)
		}
	}
	row := inboundRow(t, e, "antwoord-1@regio.example.org")
	if row.State != store.InboundProcessed || row.RequestKey != sr.Key || !bytes.Equal(row.Raw, raw) || row.From != annaEm {
		t.Errorf("inbound row = %+v", row)
	}
	if n := e.confirmations(t, anna); n != 1 {
		t.Errorf("confirmations queued = %d, want 1", n)
	}

	// The same mail again (fetched twice, or delivered twice) is a no-op.
	again := process(t, e, raw)
	if again.Kind != OutcomeDuplicate || again.State != store.InboundProcessed || again.Answers != 0 {
		t.Errorf("second outcome = %+v", again)
	}
	wantAnswers(t, e, anna, "antwoord-1@regio.example.org", map[string]string{"15a": "op schema", "15b": "vertraagd"}, true)
	if n := e.confirmations(t, anna); n != 1 {
		t.Errorf("confirmations after duplicate = %d, want 1", n)
	}
}

// failingInbound makes the first ApplyInbound fail after the answers were written inside its
// transaction, before it commits: the crash in the middle of applying a mail.
type failingInbound struct {
	store.Store
	fail int
}

func (f *failingInbound) ApplyInbound(ctx context.Context, m store.InboundMail, rs []store.Response,
	after func([]store.Response) ([]store.OutboxMessage, error), now time.Time) (store.InboundMail, bool, []store.Response, error) {
	if f.fail > 0 {
		f.fail--
		after = func(added []store.Response) ([]store.OutboxMessage, error) {
			if len(added) == 0 {
				return nil, errors.New("test: no answers written before the crash")
			}
			return nil, errors.New("verbinding met de database verbroken")
		}
	}
	return f.Store.ApplyInbound(ctx, m, rs, after, now)
}

func TestProcessCrashWhileApplyingWritesNothing(t *testing.T) {
	e := newEnv(t)
	e.proc.Store = &failingInbound{Store: e.st, fail: 1}
	raw := twoRefs(t, e, "antwoord-crash@regio.example.org", annaEm)

	if _, err := e.proc.Process(context.Background(), raw, e.clk.Now()); err == nil {
		t.Fatal("Process succeeded although applying the mail failed")
	}
	if rs := e.responses(t, anna); len(rs) != 0 {
		t.Fatalf("answers survived the failed transaction: %+v", rs)
	}
	if _, err := e.in.InboundMail(context.Background(), "antwoord-crash@regio.example.org"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("inbound row after failed apply: %v", err)
	}

	e.clk.Advance(time.Minute)
	out := process(t, e, raw)
	if out.Kind != OutcomeProcessed || out.Answers != 2 {
		t.Errorf("re-run outcome = %+v, want processed with both answers", out)
	}
	wantAnswers(t, e, anna, "antwoord-crash@regio.example.org", map[string]string{"15a": "op schema", "15b": "vertraagd"}, true)
	if n := e.confirmations(t, anna); n != 1 {
		t.Errorf("confirmations = %d, want 1", n)
	}
}

func TestProcessMatchesAndVerifies(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	annaReq, annaMsg := e.request(t, anna)
	karinReq, _ := e.request(t, karin)
	markReq, _ := e.request(t, mark)
	pieterEm := mustContact(t, e, pieter).Email
	karinEm := mustContact(t, e, karin).Email

	tests := []struct {
		name       string
		raw        []byte
		contact    string
		kind       OutcomeKind
		reason     string // part of the stored reason
		wantAnswer map[string]string
	}{
		{
			name:       "deputy answers for the contact",
			raw:        twoRefs(t, e, "plaatsvervanger@regio.example.org", strings.ToUpper(pieterEm)),
			contact:    anna,
			kind:       OutcomeProcessed,
			wantAnswer: map[string]string{"15a": "op schema", "15b": "vertraagd"},
		},
		{
			name: "reply without token matched by In-Reply-To",
			raw: fixture(t, "imap/reply_in_reply_to.eml", "{{INREPLYTO}}", annaMsg.MessageID,
				"{{MSGID}}", "zonder-token@regio.example.org", "{{FROM}}", annaEm),
			contact:    anna,
			kind:       OutcomeProcessed,
			wantAnswer: map[string]string{"15a": "gereed"},
		},
		{
			name:    "forged sender is quarantined",
			raw:     fixture(t, "forged_sender.eml", "k7Qx2p9RbT", annaReq.Token),
			contact: anna,
			kind:    OutcomeQuarantined,
			reason:  "afzender komt niet overeen",
		},
		{
			name: "right address but DMARC failed is quarantined",
			raw: fixture(t, "forged_sender.eml", "k7Qx2p9RbT", annaReq.Token, "j.jansen@hilversum.nl", annaEm,
				"9f8e7d6c5b4a@mailer.example.net", "dmarc@mailer.example.net"),
			contact: anna,
			kind:    OutcomeQuarantined,
			reason:  "DMARC",
		},
		{
			name: "unknown action references are quarantined and listed",
			raw: fixture(t, "multi_action.eml", "As1Df4Gh7J", annaReq.Token, "e.jacobs@regio.example.org", annaEm,
				"uitvraag.20261124.", "onbekend."),
			contact: anna,
			kind:    OutcomeQuarantined,
			reason:  "onbekende actieverwijzingen: 1g2",
		},
		{
			name: "no references while several actions are asked",
			raw: replyBody(t, e, anna, "geen-refs@regio.example.org", annaEm,
				"Alles loopt op schema, groet Anna"),
			contact: anna,
			kind:    OutcomeQuarantined,
			reason:  "geen actieverwijzingen",
		},
		{
			name: "no references with a single action asked",
			raw: replyBody(t, e, karin, "een-actie@regio.example.org", karinEm,
				"Vertraagd: de werkgroep start pas in februari."),
			contact:    karin,
			kind:       OutcomeProcessed,
			wantAnswer: map[string]string{"21d": "vertraagd"},
		},
		{
			name: "a reply matching no request is quarantined",
			raw: fixture(t, "imap/reply_in_reply_to.eml", "{{INREPLYTO}}", "iets-anders@example.org",
				"{{MSGID}}", "los@regio.example.org", "{{FROM}}", annaEm),
			kind:   OutcomeQuarantined,
			reason: "geen uitvraag gevonden",
		},
		{
			name: "out-of-office records the absence",
			raw: fixture(t, "oof_nl.eml", "Ws3Ed5Rf7T", markReq.Token,
				"a.koster@laren.nl", mustContact(t, e, mark).Email),
			contact: mark,
			kind:    OutcomeProcessed,
			reason:  "afwezig t/m 2027-01-08",
		},
		{
			name:    "DSN bounce marks the contact",
			raw:     e.bounceOf(t, noor),
			contact: noor,
			kind:    OutcomeProcessed,
			reason:  "onbestelbaar",
		},
	}
	_ = karinReq
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hdr := readHeader(tt.raw)
			out := process(t, e, tt.raw)
			if out.Kind != tt.kind {
				t.Fatalf("outcome = %+v, want %s", out, tt.kind)
			}
			if tt.contact != "" && out.ContactKey != tt.contact {
				t.Errorf("contact = %q, want %q", out.ContactKey, tt.contact)
			}
			row := inboundRow(t, e, hdr.messageID)
			if !strings.Contains(row.Reason, tt.reason) {
				t.Errorf("reason = %q, want it to contain %q", row.Reason, tt.reason)
			}
			if !bytes.Equal(row.Raw, tt.raw) {
				t.Errorf("stored raw differs (%d bytes, want %d)", len(row.Raw), len(tt.raw))
			}
			if tt.kind == OutcomeQuarantined && (row.State != store.InboundQuarantined || !out.Quarantine()) {
				t.Errorf("state = %q, quarantine = %v", row.State, out.Quarantine())
			}
			if tt.wantAnswer != nil {
				wantAnswers(t, e, tt.contact, hdr.messageID, tt.wantAnswer)
			}
		})
	}

	// Nothing quarantined or machine-sent was recorded as an answer.
	for _, c := range []string{mark, noor} {
		if rs := e.responses(t, c); len(rs) != 0 {
			t.Errorf("%s has answers %+v", c, rs)
		}
	}
	if c := mustContact(t, e, mark); !c.AwayUntil.Equal(time.Date(2027, 1, 8, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("AwayUntil of %s = %v", mark, c.AwayUntil)
	}
	if c := mustContact(t, e, noor); c.BouncedAt.IsZero() {
		t.Errorf("%s not marked bounced", noor)
	}
	// The coordinators are told, once per coordinator.
	told := 0
	for _, c := range e.cfg.Coordinators {
		bounceID, _ := e.in.InboundMails(ctx, store.InboundProcessed, 0)
		for _, m := range bounceID {
			if _, err := e.st.OutboxMessage(ctx, "onbestelbaar/"+hash8(m.MessageID)+"/"+noor+"/"+c.Key); err == nil {
				told++
			}
		}
	}
	if told != len(e.cfg.Coordinators) {
		t.Errorf("%d coordinators told of the bounce, want %d", told, len(e.cfg.Coordinators))
	}
	if c := mustContact(t, e, anna); !c.BouncedAt.IsZero() || !c.AwayUntil.IsZero() {
		t.Errorf("%s changed: %+v", anna, c)
	}
	q, err := e.in.InboundMails(ctx, store.InboundQuarantined, 0)
	if err != nil || len(q) != 5 {
		t.Errorf("quarantined mails = %d, %v; want 5", len(q), err)
	}
}

func TestProcessQuarantinesOversizedMessage(t *testing.T) {
	e := newEnv(t)
	sr, m := e.request(t, anna)
	pad := strings.Repeat("Dit is een lange bijlage die als platte tekst is meegestuurd.\r\n", MaxMessageSize/60+10)
	raw := fixture(t, "imap/reply_two_refs.eml", "{{TOKEN}}", sr.Token, "{{INREPLYTO}}", m.MessageID,
		"{{MSGID}}", "groot@regio.example.org", "{{FROM}}", annaEm, "{{EXTRA}}", pad)
	if len(raw) <= MaxMessageSize {
		t.Fatalf("test message is only %d bytes", len(raw))
	}
	out := process(t, e, raw)
	if out.Kind != OutcomeQuarantined || !strings.Contains(out.Reason, "te groot") {
		t.Fatalf("outcome = %+v", out)
	}
	row := inboundRow(t, e, "groot@regio.example.org")
	if len(row.Raw) != len(raw) || row.From != annaEm || !strings.Contains(row.Subject, "Uitvraag") {
		t.Errorf("row: raw %d bytes, from %q, subject %q", len(row.Raw), row.From, row.Subject)
	}
	if rs := e.responses(t, anna); len(rs) != 0 {
		t.Errorf("oversized mail recorded answers: %+v", rs)
	}
}

func TestProcessAfterDeadlineIsRejected(t *testing.T) {
	e := newEnv(t)
	e.clk.Set(time.Date(2027, 1, 20, 9, 0, 0, 0, time.UTC)) // deadline of 2026H2 was 14 January
	out := process(t, e, twoRefs(t, e, "te-laat@regio.example.org", annaEm))
	if out.Kind != OutcomeRejected || !out.Quarantine() || !strings.Contains(out.Reason, "verstreken") {
		t.Fatalf("outcome = %+v", out)
	}
	if rs := e.responses(t, anna); len(rs) != 0 {
		t.Errorf("late mail recorded answers: %+v", rs)
	}
}

func TestMapItems(t *testing.T) {
	asked := []cycle.Item{
		{Item: email.Item{Ref: "15a"}, ActionRef: "bo/15a"},
		{Item: email.Item{Ref: "12c1"}, ActionRef: "bo/12c1"},
	}
	tests := []struct {
		name   string
		parsed []Item
		asked  []cycle.Item
		want   []cycle.Answer
		reason string
	}{
		{"references map to action refs, case-insensitively",
			[]Item{{Ref: "15A", Status: actionstatus.Done, Text: "klaar"}, {Ref: "12c1", Status: actionstatus.OnTrack}}, asked,
			[]cycle.Answer{{Ref: "bo/15a", Status: "gereed", Toelichting: "klaar"}, {Ref: "bo/12c1", Status: "op schema"}}, ""},
		{"a reference named twice: the last one counts",
			[]Item{{Ref: "15a", Status: actionstatus.Done}, {Ref: "15a", Status: actionstatus.Delayed}}, asked,
			[]cycle.Answer{{Ref: "bo/15a", Status: "vertraagd"}}, ""},
		{"unknown references are listed",
			[]Item{{Ref: "15a", Status: actionstatus.Done}, {Ref: "3b", Status: actionstatus.Done}, {Ref: "4c", Status: actionstatus.Done}}, asked,
			nil, "onbekende actieverwijzingen: 3b, 4c"},
		{"a reference without status",
			[]Item{{Ref: "15a", Text: "we zijn ermee bezig"}}, asked, nil, "geen status herkend bij 15a"},
		{"no references, several actions", []Item{{Status: actionstatus.Done}}, asked, nil, "geen actieverwijzingen"},
		{"no references, one action", []Item{{Status: actionstatus.Cancelled, Text: "geschrapt"}}, asked[:1],
			[]cycle.Answer{{Ref: "bo/15a", Status: "vervallen", Toelichting: "geschrapt"}}, ""},
		{"nothing recognised", []Item{{Text: "Bedankt!"}}, asked, nil, "geen status gevonden"},
		{"nothing asked", []Item{{Ref: "15a", Status: actionstatus.Done}}, nil, nil, "geen acties gevraagd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, reason := MapItems(tt.parsed, tt.asked)
			if !strings.Contains(reason, tt.reason) || (tt.reason == "") != (reason == "") {
				t.Errorf("reason = %q, want %q", reason, tt.reason)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("answers = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i].Ref != tt.want[i].Ref || got[i].Status != tt.want[i].Status || got[i].Toelichting != tt.want[i].Toelichting {
					t.Errorf("answer %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestReadHeaderWithoutMessageIDIsStable(t *testing.T) {
	raw := []byte("From: a@example.org\r\nSubject: hallo\r\n\r\ntekst\r\n")
	a, b := readHeader(raw), readHeader(append([]byte{}, raw...))
	if a.messageID == "" || a.messageID != b.messageID || !strings.HasSuffix(a.messageID, "@voortgang.invalid") {
		t.Errorf("synthetic Message-IDs %q, %q", a.messageID, b.messageID)
	}
	if c := readHeader([]byte("From: a@example.org\r\nSubject: anders\r\n\r\ntekst\r\n")); c.messageID == a.messageID {
		t.Error("different messages got the same synthetic Message-ID")
	}
}

func mustContact(t *testing.T, e *env, key string) store.Contact {
	t.Helper()
	c, err := e.st.Contact(context.Background(), key)
	if err != nil {
		t.Fatalf("Contact(%s): %v", key, err)
	}
	return c
}

// replyBody is a reply to contact's request (matched by token) with the given body.
func replyBody(t *testing.T, e *env, contact, msgID, from, body string) []byte {
	t.Helper()
	sr, m := e.request(t, contact)
	raw := fixture(t, "imap/reply_two_refs.eml", "{{TOKEN}}", sr.Token, "{{INREPLYTO}}", m.MessageID,
		"{{MSGID}}", msgID, "{{FROM}}", from, "{{EXTRA}}", "")
	i := bytes.Index(raw, []byte("\r\n\r\n"))
	return append(raw[:i+4:i+4], []byte(body+"\r\n")...)
}

func hash8(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// A parse error can quote the raw bytes of a broken header; the stored reason (and what the
// postvak shows) is valid UTF-8 all the same.
func TestQuarantineReasonIsValidUTF8(t *testing.T) {
	e := newEnv(t)
	raw := []byte("From: Anna <" + annaEm + ">\r\nSubject: kapot \xff\xfe onderwerp\r\nMessage-ID: <kapot@regio.example.org>\r\n" +
		"\xff\xfe\x00\x1b[31m geen kopregel\r\n\r\nTekst.\r\n")
	out := process(t, e, raw)
	if out.Kind != OutcomeQuarantined {
		t.Fatalf("outcome = %+v", out)
	}
	q, err := e.in.InboundMails(context.Background(), store.InboundQuarantined, 0)
	if err != nil || len(q) != 1 {
		t.Fatalf("quarantined = %d, %v", len(q), err)
	}
	row := q[0]
	for name, v := range map[string]string{"reason": row.Reason, "subject": row.Subject, "outcome reason": out.Reason} {
		if !utf8.ValidString(v) || strings.ContainsAny(v, "\x00\x1b") {
			t.Errorf("%s is not clean text: %q", name, v)
		}
	}
	if !strings.Contains(row.Reason, "niet te lezen") || !strings.Contains(row.Reason, "\uFFFD") {
		t.Errorf("reason = %q", row.Reason)
	}
}

func TestCleanText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"gewoon", 100, "gewoon"},
		{"a\xffb", 100, "a\uFFFDb"},
		{"tab\tnl\nbel\a", 100, "tab\tnl\nbel "},
		{"ëëëë", 5, "ëë…"}, // byte 5 is inside the third ë
		{"\x1b[31mrood\x00", 100, " [31mrood "},
	} {
		if got := CleanText(tc.in, tc.max); got != tc.want {
			t.Errorf("CleanText(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
}
