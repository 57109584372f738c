package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/regiogv/voortgang/internal/inbox"
	"github.com/regiogv/voortgang/internal/store"
)

// mailOpts shape one inbound test mail.
type mailOpts struct {
	from, subject string
	body          string // text/plain
	html          string // when set, the body is multipart/alternative with this HTML part
	attachment    string // when set, a PDF of this name is attached
}

// rawMail builds an RFC 5322 message with CRLF line ends.
func rawMail(id string, o mailOpts) []byte {
	var b strings.Builder
	h := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	h("From", o.from)
	h("To", "voortgang@regio.example.org")
	h("Subject", o.subject)
	h("Date", "Tue, 15 Dec 2026 10:00:00 +0100")
	h("Message-ID", "<"+id+">")
	h("MIME-Version", "1.0")
	switch {
	case o.attachment != "":
		h("Content-Type", `multipart/mixed; boundary="grens"`)
		b.WriteString("\r\n--grens\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
		b.WriteString(o.body + "\r\n--grens\r\n")
		fmt.Fprintf(&b, "Content-Type: application/pdf; name=%q\r\nContent-Disposition: attachment; filename=%q\r\n", o.attachment, o.attachment)
		b.WriteString("Content-Transfer-Encoding: base64\r\n\r\n")
		b.WriteString(strings.Repeat("JVBERi0xLjQKJcOkw7zDtsOfCg==\r\n", 100)) // 100 × 20 bytes
		b.WriteString("--grens--\r\n")
	case o.html != "":
		h("Content-Type", `multipart/alternative; boundary="alt"`)
		b.WriteString("\r\n--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + o.body + "\r\n")
		b.WriteString("--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + o.html + "\r\n--alt--\r\n")
	default:
		h("Content-Type", "text/plain; charset=utf-8")
		b.WriteString("\r\n" + o.body + "\r\n")
	}
	return []byte(b.String())
}

// deliver runs a mail through the real inbox processor, as the IMAP poller does.
func (e *env) deliver(id string, o mailOpts) inbox.Outcome {
	e.t.Helper()
	p := &inbox.Processor{Store: e.store, Cycle: e.cycle, Config: e.cycle.Config, Refs: e.cycle.Refs, Clock: e.clock}
	out, err := p.Process(context.Background(), rawMail(id, o), e.clock.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// quarantine delivers a mail and checks that the inbox quarantined it.
func (e *env) quarantine(id string, o mailOpts) {
	e.t.Helper()
	if out := e.deliver(id, o); out.Kind != inbox.OutcomeQuarantined {
		e.t.Fatalf("mail %s: outcome %s (%s), want quarantined", id, out.Kind, out.Reason)
	}
}

func (e *env) postvakMail(id string) store.PostvakMail {
	e.t.Helper()
	m, err := e.store.PostvakMail(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

func (e *env) postvakAudit(id string) []store.AuditEntry {
	e.t.Helper()
	a, err := e.store.Audit(context.Background(), auditEntityPostvak, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

// A colleague answers Anna's request from his own address: the sender does not match.
var forwarded = mailOpts{from: "Karel Collega <karel.collega@regio.example.org>",
	subject:    "Re: Voortgang tweede helft 2026 [vg:tok-anna-devries]",
	body:       "[15a] gereed\r\nHet BOZV-overleg is in november gehouden.\r\n\r\n[3a] vertraagd\r\nDe kaarten komen in januari.",
	attachment: "verslag BOZV.pdf"}

const forwardedID = "collega-1@regio.example.org"

func TestPostvakListsQuarantinedMail(t *testing.T) {
	e := setupBoard(t)
	e.quarantine(forwardedID, forwarded)
	e.clock.Advance(time.Minute)
	e.quarantine("onbekend-1@example.org", mailOpts{from: "iemand@example.org", subject: "Vraag", body: "Waar gaat dit over?"})
	coord := e.signedIn(coordKey, coordPass)

	r := coord.get("/postvak")
	if r.code != http.StatusOK {
		t.Fatalf("GET /postvak = %d\n%s", r.code, r.body)
	}
	mustContain(t, r.body, "<h1>Postvak</h1>", `<a href="/postvak" aria-current="page">Postvak (2)</a>`,
		"2 mail(s) wachten, nieuwste eerst",
		`<a href="/postvak/collega-1@regio.example.org">Re: Voortgang tweede helft 2026 [vg:tok-anna-devries]</a>`,
		"karel.collega@regio.example.org", "15 december 2026 om 10:00", "15 december 2026 om 10:01",
		"afzender komt niet overeen: karel.collega@regio.example.org antwoordt op de uitvraag aan anna.devries@regio.example.org",
		"verslag BOZV.pdf (2 kB)", "geen uitvraag gevonden bij dit antwoord", "In quarantaine")
	// The list never shows what the mail says.
	mustNotContain(t, r.body, "BOZV-overleg is in november")
	// Newest first.
	if i, j := strings.Index(r.body, "onbekend-1@"), strings.Index(r.body, "collega-1@"); i < 0 || j < 0 || i > j {
		t.Errorf("order of the list: onbekend at %d, collega at %d", i, j)
	}

	// The menu of every board page counts the waiting mails for coordinators.
	mustContain(t, coord.get("/taken").body, `<a href="/postvak">Postvak (2)</a>`)
}

func TestPostvakViewerSeesNoTextAndCannotAct(t *testing.T) {
	e := setupBoard(t)
	e.quarantine(forwardedID, forwarded)
	viewer := e.signedIn(viewerKey, viewerPass)

	list := viewer.get("/postvak")
	if list.code != http.StatusOK {
		t.Fatalf("viewer GET /postvak = %d", list.code)
	}
	mustContain(t, list.body, `<a href="/postvak" aria-current="page">Postvak</a>`, "verslag BOZV.pdf", "afzender komt niet overeen")
	mustNotContain(t, list.body, "Postvak (1)", "BOZV-overleg is in november")

	detail := viewer.get(postvakPath(forwardedID))
	if detail.code != http.StatusOK {
		t.Fatalf("viewer GET detail = %d", detail.code)
	}
	mustContain(t, detail.body, "Alleen coördinatoren zien de tekst van de mail.", "karel.collega@regio.example.org")
	mustNotContain(t, detail.body, "BOZV-overleg is in november", "kaarten komen in januari", `action="/postvak/`, "<h2 id=\"gelezen\">")

	for _, post := range []struct {
		path string
		form url.Values
	}{
		{postvakPath(forwardedID) + "/toewijzen", url.Values{"contact": {contact}, "periode": {period}}},
		{postvakPath(forwardedID) + "/afwijzen", url.Values{"reden": {"spam"}}},
	} {
		if r := viewer.post(post.path, post.form); r.code != http.StatusForbidden {
			t.Errorf("viewer POST %s = %d, want 403", post.path, r.code)
		}
	}
	if m := e.postvakMail(forwardedID); !m.Waiting() || m.State != store.InboundQuarantined {
		t.Errorf("after the viewer's attempts the mail is %+v", m)
	}
	if len(e.latest()) != 0 {
		t.Errorf("the viewer's attempt recorded answers: %v", e.latest())
	}
	// Signed out, the page sends to the sign-in page.
	if r := e.browser().get("/postvak"); r.code != http.StatusSeeOther {
		t.Errorf("signed out GET /postvak = %d", r.code)
	}
}

func TestPostvakCoordinatorSeesTextAndParsedItems(t *testing.T) {
	e := setupBoard(t)
	e.quarantine(forwardedID, forwarded)
	coord := e.signedIn(coordKey, coordPass)
	r := coord.get(postvakPath(forwardedID))
	if r.code != http.StatusOK {
		t.Fatalf("GET detail = %d\n%s", r.code, r.body)
	}
	mustContain(t, r.body, "Het BOZV-overleg is in november gehouden.",
		`<th scope="row">15a</th><td>gereed</td>`, `<th scope="row">3a</th><td>vertraagd</td>`,
		// The form starts with the contact and period of the request the mail answered.
		`<option value="anna-devries" selected>Anna de Vries (anna.devries@regio.example.org)</option>`,
		`<option value="2026H2" selected>tweede helft 2026 (antwoorden tot en met 14 januari 2027)</option>`,
		`action="/postvak/collega-1@regio.example.org/toewijzen"`, `action="/postvak/collega-1@regio.example.org/afwijzen"`,
		"Nog geen wijzigingen.")
	// Any Message-ID reaches its page, slashes and percent signs included.
	odd := "a/b%c?d@example.org"
	e.quarantine(odd, mailOpts{from: "iemand@example.org", subject: "Vreemd kenmerk", body: "gereed"})
	if r := coord.get(postvakPath(odd)); r.code != http.StatusOK || !strings.Contains(r.body, "Vreemd kenmerk") {
		t.Errorf("GET %s = %d", postvakPath(odd), r.code)
	}
	if r := coord.get("/postvak/bestaat-niet@example.org"); r.code != http.StatusNotFound {
		t.Errorf("unknown mail = %d, want 404", r.code)
	}
}

func TestPostvakAssignRecordsAnswers(t *testing.T) {
	e := setupBoard(t)
	e.quarantine(forwardedID, forwarded)
	coord := e.signedIn(coordKey, coordPass)
	e.clock.Advance(time.Hour)

	r := coord.post(postvakPath(forwardedID)+"/toewijzen", url.Values{"contact": {contact}, "periode": {period}})
	if r.code != http.StatusSeeOther || r.header.Get("Location") != "/postvak?melding=mail-toegewezen" {
		t.Fatalf("assign = %d %s\n%s", r.code, r.header.Get("Location"), r.body)
	}
	got := e.latest()
	for ref, want := range map[string]string{"15a": "gereed", "3a": "vertraagd"} {
		a, ok := got[prog+ref]
		if !ok || a.Status != want || a.Source != store.SourceEmail || a.InboundMessageID != forwardedID {
			t.Errorf("answer %s = %+v, want %s from the mail", ref, a, want)
		}
	}
	if a := got[prog+"15a"]; a.Toelichting != "Het BOZV-overleg is in november gehouden." {
		t.Errorf("toelichting 15a = %q", a.Toelichting)
	}
	m := e.postvakMail(forwardedID)
	if m.State != store.InboundProcessed || m.Waiting() || m.ContactKey != contact || m.ReviewedBy != coordKey ||
		m.RequestKey != "uitvraag/2026H2/anna-devries" || !m.ReviewedAt.Equal(e.clock.Now().Truncate(time.Millisecond)) ||
		!strings.HasPrefix(m.Reason, "toegewezen door sanne-bakker aan anna-devries voor 2026H2: 2 antwoord(en) vastgelegd") {
		t.Errorf("mail after assign = state %s reason %q contact %q by %q request %q", m.State, m.Reason, m.ContactKey, m.ReviewedBy, m.RequestKey)
	}
	audit := e.postvakAudit(forwardedID)
	if len(audit) != 1 || audit[0].Action != "mail-toegewezen" || audit[0].Actor != coordKey {
		t.Fatalf("audit = %+v", audit)
	}
	var before, after map[string]any
	if err := errors.Join(json.Unmarshal(audit[0].Before, &before), json.Unmarshal(audit[0].After, &after)); err != nil {
		t.Fatal(err)
	}
	if before["state"] != "quarantined" || after["state"] != "processed" || after["contact"] != contact || after["period"] != period {
		t.Errorf("audit before %v after %v", before, after)
	}

	list := coord.get("/postvak?melding=mail-toegewezen")
	mustContain(t, list.body, "De mail is toegewezen en de antwoorden zijn vastgelegd.", "Er wachten geen mails.",
		`<a href="/postvak" aria-current="page">Postvak</a>`, "Onlangs afgehandeld", "Toegewezen", "door Sanne Bakker op")
	detail := coord.get(postvakPath(forwardedID))
	mustContain(t, detail.body, "Deze mail is afgehandeld.", "Toegewezen aan Anna de Vries.", "Mail toegewezen")
	mustNotContain(t, detail.body, `/toewijzen"`)

	// A second decision is refused and changes nothing.
	again := coord.post(postvakPath(forwardedID)+"/afwijzen", url.Values{"reden": {"toch niet"}})
	if again.code != http.StatusSeeOther || !strings.HasSuffix(again.header.Get("Location"), "?melding=fout-afgehandeld") {
		t.Errorf("second decision = %d %s", again.code, again.header.Get("Location"))
	}
	if m := e.postvakMail(forwardedID); m.State != store.InboundProcessed || len(e.postvakAudit(forwardedID)) != 1 {
		t.Errorf("second decision changed the mail: %+v", m)
	}
}

func TestPostvakAssignRefusals(t *testing.T) {
	noRefs := mailOpts{from: "anna.devries@prive.example.org", subject: "Re: voortgang", body: "Loopt op schema, niets bijzonders."}
	tests := []struct {
		name  string
		mail  mailOpts
		form  url.Values
		late  bool
		wants []string
	}{
		{"onbekende actieverwijzing", mailOpts{from: "x@example.org", subject: "Re: voortgang", body: "[99z] gereed"},
			url.Values{"contact": {contact}, "periode": {period}}, false,
			[]string{"De mail kan zo niet worden toegewezen: onbekende actieverwijzingen: 99z. Er is niets vastgelegd."}},
		{"na de termijn", forwarded, url.Values{"contact": {contact}, "periode": {period}}, true,
			[]string{"De termijn voor de tweede helft 2026 is verstreken (antwoorden konden tot en met 14 januari 2027). Er is niets vastgelegd."}},
		{"geen contactpersoon gekozen", forwarded, url.Values{"contact": {""}, "periode": {period}}, false,
			[]string{"Kies een contactpersoon uit de lijst."}},
		{"periode zonder vergadering", forwarded, url.Values{"contact": {contact}, "periode": {"2031H1"}}, false,
			[]string{"Kies een periode uit de lijst."}},
		{"geen verwijzing en meerdere acties", noRefs, url.Values{"contact": {contact}, "periode": {period}}, false,
			[]string{"De mail noemt geen actie en aan Anna de Vries worden", "Kies hieronder over welke actie de mail gaat.",
				`<select id="pv-actie" name="actie" required`, `<option value="` + prog + `15a">15a – `}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setupBoard(t)
			e.quarantine("weigering@example.org", tt.mail)
			if tt.late {
				e.clock.Set(time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC))
			}
			coord := e.signedIn(coordKey, coordPass)
			r := coord.post(postvakPath("weigering@example.org")+"/toewijzen", tt.form)
			if r.code != http.StatusUnprocessableEntity {
				t.Fatalf("assign = %d %s, want 422\n%s", r.code, r.header.Get("Location"), r.body)
			}
			mustContain(t, r.body, append([]string{"<title>Fout: ", `role="alert"`}, tt.wants...)...)
			if m := e.postvakMail("weigering@example.org"); !m.Waiting() || m.State != store.InboundQuarantined {
				t.Errorf("refused assign changed the mail: %+v", m)
			}
			if len(e.latest()) != 0 || len(e.postvakAudit("weigering@example.org")) != 0 {
				t.Errorf("refused assign recorded answers %v or audit", e.latest())
			}
		})
	}
}

func TestPostvakAssignWithoutRefsAfterChoosingTheAction(t *testing.T) {
	e := setupBoard(t)
	e.quarantine("zonder-ref@example.org", mailOpts{from: "anna.devries@thuis.example.org", subject: "Re: voortgang",
		body: "Vertraagd, het overleg schuift naar maart."})
	coord := e.signedIn(coordKey, coordPass)
	path := postvakPath("zonder-ref@example.org") + "/toewijzen"
	first := coord.post(path, url.Values{"contact": {contact}, "periode": {period}})
	if first.code != http.StatusUnprocessableEntity {
		t.Fatalf("without the action = %d", first.code)
	}
	// The choices so far stay selected.
	mustContain(t, first.body, `<option value="anna-devries" selected>`, `<option value="2026H2" selected>`)
	// An action the contact is not asked about is refused too.
	if r := coord.post(path, url.Values{"contact": {contact}, "periode": {period}, "actie": {prog + "99z"}}); r.code != http.StatusUnprocessableEntity {
		t.Errorf("foreign action = %d", r.code)
	}
	r := coord.post(path, url.Values{"contact": {contact}, "periode": {period}, "actie": {prog + "15a"}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("with the action = %d\n%s", r.code, r.body)
	}
	got := e.latest()
	if len(got) != 1 || got[prog+"15a"].Status != "vertraagd" || got[prog+"15a"].Source != store.SourceEmail {
		t.Errorf("answers = %+v", got)
	}
	if m := e.postvakMail("zonder-ref@example.org"); m.State != store.InboundProcessed {
		t.Errorf("state = %s", m.State)
	}
}

func TestPostvakReject(t *testing.T) {
	e := setupBoard(t)
	e.quarantine(forwardedID, forwarded)
	coord := e.signedIn(coordKey, coordPass)
	path := postvakPath(forwardedID) + "/afwijzen"

	empty := coord.post(path, url.Values{"reden": {"   "}})
	if empty.code != http.StatusUnprocessableEntity {
		t.Fatalf("reject without reason = %d", empty.code)
	}
	mustContain(t, empty.body, "Geef een reden op (maximaal 500 tekens). Er is niets gewijzigd.")
	if !e.postvakMail(forwardedID).Waiting() {
		t.Fatal("a refused reject changed the mail")
	}

	// Another site cannot make a coordinator's browser decide.
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader("reden=spam"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(coord.cookie)
	if r := e.do(req); r.code != http.StatusForbidden || !e.postvakMail(forwardedID).Waiting() {
		t.Fatalf("cross-site reject = %d", r.code)
	}

	r := coord.post(path, url.Values{"reden": {"Anna beantwoordt dit zelf via het formulier."}})
	if r.code != http.StatusSeeOther || r.header.Get("Location") != "/postvak?melding=mail-afgewezen" {
		t.Fatalf("reject = %d %s", r.code, r.header.Get("Location"))
	}
	m := e.postvakMail(forwardedID)
	if m.State != store.InboundRejected || m.Reason != "Anna beantwoordt dit zelf via het formulier." || m.ReviewedBy != coordKey || m.Waiting() {
		t.Errorf("after reject = %+v", m.InboundMail)
	}
	if len(e.latest()) != 0 {
		t.Errorf("reject recorded answers")
	}
	audit := e.postvakAudit(forwardedID)
	if len(audit) != 1 || audit[0].Action != "mail-afgewezen" || !strings.Contains(string(audit[0].Before), `"state":"quarantined"`) ||
		!strings.Contains(string(audit[0].After), `"reason":"Anna beantwoordt dit zelf via het formulier."`) {
		t.Errorf("audit = %+v", audit)
	}
	list := coord.get("/postvak?melding=mail-afgewezen")
	mustContain(t, list.body, "De mail is afgewezen.", "Afgewezen", "Anna beantwoordt dit zelf via het formulier.")
}

func TestPostvakEscapesMailContent(t *testing.T) {
	e := setupBoard(t)
	e.quarantine("script@example.org", mailOpts{from: "aanvaller@example.org", subject: "<script>alert('onderwerp')</script>",
		body: "[15a] gereed <script>alert('tekst')</script>",
		html: "<p>[15a] gereed <script>alert('html')</script><img src=x onerror=alert(1)></p>"})
	coord := e.signedIn(coordKey, coordPass)
	for _, path := range []string{"/postvak", postvakPath("script@example.org")} {
		r := coord.get(path)
		if r.code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, r.code)
		}
		mustNotContain(t, r.body, "<script>", "<img src=x", "onerror=alert")
		mustContain(t, r.body, "&lt;script&gt;alert(&#39;onderwerp&#39;)&lt;/script&gt;")
	}
	mustContain(t, coord.get(postvakPath("script@example.org")).body, "gereed &lt;script&gt;alert(&#39;tekst&#39;)&lt;/script&gt;")
}

func TestFormatSize(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{
		{0, "0 bytes"}, {1023, "1023 bytes"}, {2000, "2 kB"}, {1 << 20, "1,0 MB"}, {5*(1<<20) + 1<<19, "5,5 MB"},
	} {
		if got := formatSize(tt.n); got != tt.want {
			t.Errorf("formatSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// A mail too large to fetch is still in the postvak: listed with sender and subject, and on
// its page the coordinator sees its headers.
func TestPostvakShowsMailTooLargeToFetch(t *testing.T) {
	e := setupBoard(t)
	raw := rawMail("reus@gemeente.example.org", mailOpts{from: "Anna de Vries <anna.devries@regio.example.org>",
		subject: "=?utf-8?q?Grote_bijlage_=C3=A9n_meer?=", body: "x"})
	header := raw[:strings.Index(string(raw), "\r\n\r\n")+4]
	p := &inbox.Processor{Store: e.store, Cycle: e.cycle, Config: e.cycle.Config, Refs: e.cycle.Refs, Clock: e.clock}
	out, err := p.QuarantineUnread(context.Background(), header, 60<<20, e.clock.Now())
	if err != nil || out.Kind != inbox.OutcomeQuarantined {
		t.Fatalf("QuarantineUnread = %+v, %v", out, err)
	}
	b := e.signedIn(coordKey, coordPass)
	list := b.get("/postvak")
	mustContain(t, list.body, "Grote bijlage én meer", "anna.devries@regio.example.org", "te groot om op te halen")
	page := b.get("/postvak/reus@gemeente.example.org")
	if page.code != 200 {
		t.Fatalf("mail page = %d", page.code)
	}
	mustContain(t, page.body, "Deze mail kon niet gelezen worden: te groot om op te halen.", `<h2 id="kopregels">Kopregels</h2>`,
		`<tr><th scope="row">Message-Id</th><td>&lt;reus@gemeente.example.org&gt;</td></tr>`,
		`<tr><th scope="row">Subject</th><td>Grote bijlage én meer</td></tr>`, "60 MB")
	mustNotContain(t, page.body, `<h2 id="tekst">`)
	// Viewers see the list entry, not the headers.
	v := e.signedIn(viewerKey, viewerPass)
	mustNotContain(t, v.get("/postvak/reus@gemeente.example.org").body, "Kopregels")
}

// A quarantine reason quoting the raw bytes of a broken header never breaks the page: the
// page is valid UTF-8 and the bytes show as U+FFFD.
func TestPostvakPageIsValidUTF8WithBrokenMail(t *testing.T) {
	e := setupBoard(t)
	raw := []byte("From: Anna <anna.devries@regio.example.org>\r\nSubject: kapot\r\nMessage-ID: <kapot@gemeente.example.org>\r\n" +
		"\xff\xfe geen kopregel \x1b\r\n\r\nTekst.\r\n")
	p := &inbox.Processor{Store: e.store, Cycle: e.cycle, Config: e.cycle.Config, Refs: e.cycle.Refs, Clock: e.clock}
	if out, err := p.Process(context.Background(), raw, e.clock.Now()); err != nil || out.Kind != inbox.OutcomeQuarantined {
		t.Fatalf("Process = %+v, %v", out, err)
	}
	// And a row stored before the inbox cleaned its reasons.
	if _, _, err := e.store.RecordInbound(context.Background(), store.InboundMail{MessageID: "oud@gemeente.example.org",
		ReceivedAt: e.clock.Now(), From: "oud\xc3@example.org", Subject: "oud \xe9 onderwerp", Raw: []byte("Subject: x\r\n\r\n"),
		State: store.InboundQuarantined, Reason: "bericht niet te lezen: \xff\xfe", ProcessedAt: e.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	b := e.signedIn(coordKey, coordPass)
	list := b.get("/postvak")
	if !utf8.ValidString(list.body) {
		t.Fatalf("postvak list is not valid UTF-8")
	}
	mustContain(t, list.body, "malformed MIME header line: \uFFFD geen kopregel", "oud \uFFFD onderwerp")
	q, err := e.store.InboundMails(context.Background(), store.InboundQuarantined, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range q {
		page := b.get(postvakPath(m.MessageID))
		if page.code != 200 || !utf8.ValidString(page.body) || strings.Contains(page.body, "\x1b") {
			t.Errorf("page of %s: %d, valid UTF-8 %v", m.MessageID, page.code, utf8.ValidString(page.body))
		}
		if m.MessageID != "oud@gemeente.example.org" {
			// The broken header line is skipped; the readable ones are shown.
			mustContain(t, page.body, `<tr><th scope="row">Subject</th><td>kapot</td></tr>`,
				`<tr><th scope="row">From</th><td>Anna &lt;anna.devries@regio.example.org&gt;</td></tr>`)
		}
	}
}
