package app

import (
	"bytes"
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport"
)

// arrival is a mail as the SMTP server got it, with the fake instant it was delivered at.
type arrival struct {
	at      time.Time
	key     string
	msgID   string
	to      string
	subject string
	text    string
}

// halfYear is the test bed: the example configuration with two rounds (2026H2, whose
// deadline lies after Christmas, and a 2027H1 round whose document deadline is Koningsdag),
// an in-process SMTP server and a fake clock.
type halfYear struct {
	t    *testing.T
	env  map[string]string
	clk  *clock.Fake
	smtp *testsupport.SMTPServer
	app  *App
	seen int
	got  []arrival
}

func newHalfYear(t *testing.T, db string) *halfYear {
	dir := t.TempDir()
	src, err := os.ReadFile("../../config/voortgang.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfgSrc := strings.Replace(string(src),
		"  - {name: PHO Sociaal Domein, date: 2027-07-01, period: 2027H1, deadline_offset: 15 werkdagen}",
		"  - {name: PHO Sociaal Domein, date: 2027-05-13, period: 2027H1, deadline: 2027-04-27}", 1)
	cfgPath := filepath.Join(dir, "voortgang.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfgSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	h := &halfYear{t: t, smtp: testsupport.NewSMTPServer(t),
		clk: clock.NewFake(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))}
	h.env = map[string]string{
		"VOORTGANG_CONFIG":     cfgPath,
		"VOORTGANG_DB":         db,
		"VOORTGANG_WORKFLOWS":  "../../workflows",
		"VOORTGANG_SMTP_URL":   h.smtp.URL(),
		"VOORTGANG_LISTEN":     "127.0.0.1:0",
		"VOORTGANG_SECRET_KEY": "a test secret that is long enough to sign links",
	}
	h.start()
	return h
}

func (h *halfYear) start() {
	h.t.Helper()
	cfg, err := config.Load(h.env["VOORTGANG_CONFIG"], func(k string) string { return h.env[k] })
	if err != nil {
		h.t.Fatal(err)
	}
	h.app = newApp(h.t, cfg, h.clk, Options{WebOnly: true})
}

// restart stops the daemon and starts a new one on the same database, as after a crash or
// an upgrade.
func (h *halfYear) restart() {
	h.app.Stop()
	h.start()
}

// step runs what the scheduler and the delivery loop do at the clock's now, and records what
// arrived.
func (h *halfYear) step() {
	h.t.Helper()
	ctx := context.Background()
	if _, err := h.app.Pass(ctx); err != nil {
		h.t.Fatalf("%s: pass: %v", h.clk.Now(), err)
	}
	if _, _, err := h.app.Worker().DeliverDue(ctx); err != nil {
		h.t.Fatalf("%s: deliver: %v", h.clk.Now(), err)
	}
	h.collect()
}

func (h *halfYear) collect() {
	mails := h.smtp.Mails()
	for _, m := range mails[h.seen:] {
		msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			h.t.Fatalf("received an unreadable mail: %v", err)
		}
		body, _ := testsupport.TextPart(m.Data)
		h.got = append(h.got, arrival{at: h.clk.Now(), key: msg.Header.Get("X-Voortgang-Key"), msgID: msg.Header.Get("Message-Id"),
			to: strings.Join(m.To, ","), subject: msg.Header.Get("Subject"), text: body})
	}
	h.seen = len(mails)
}

// runUntil steps the clock hourly through the morning (when mail goes out) and in larger
// steps through the rest of the day, calling at(now) before each step.
func (h *halfYear) runUntil(end time.Time, at func(now time.Time)) {
	for now := h.clk.Now(); now.Before(end); {
		if at != nil {
			at(now)
		}
		h.step()
		if hour := now.UTC().Hour(); hour >= 5 && hour < 11 {
			now = now.Add(time.Hour)
		} else {
			now = now.Add(6 * time.Hour).Truncate(6 * time.Hour)
		}
		h.clk.Set(now)
	}
}

func (h *halfYear) arrivals(prefix string) []arrival {
	var out []arrival
	for _, a := range h.got {
		if strings.HasPrefix(a.key, prefix) {
			out = append(out, a)
		}
	}
	return out
}

// answerThroughForm follows the link in the contact's status request, as the owner would, and
// answers every item on the form over real HTTP.
func (h *halfYear) answerThroughForm(contact string) {
	t := h.t
	t.Helper()
	req := h.arrivals("uitvraag/2026H2/" + contact)
	if len(req) != 1 {
		t.Fatalf("%s has %d status requests", contact, len(req))
	}
	link := formLink.FindString(req[0].text)
	if link == "" {
		t.Fatalf("no answer link in the status request:\n%s", req[0].text)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.app.Handler().ServeHTTP(w, r) }))
	defer srv.Close()
	u := srv.URL + link[strings.Index(link, "/antwoord/"):]
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET form: %d\n%s", resp.StatusCode, page)
	}
	form := url.Values{}
	for _, m := range statusField.FindAllStringSubmatch(string(page), -1) {
		ref := html.UnescapeString(m[1])
		form.Set("status:"+ref, "op schema")
		form.Set("toelichting:"+ref, "Loopt volgens plan.")
	}
	if len(form) == 0 {
		t.Fatal("the form has no status fields")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = client.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST form: %d\n%s", resp.StatusCode, body)
	}
	h.step()
}

var (
	formLink    = regexp.MustCompile(`https?://\S+/antwoord/[A-Za-z0-9_.\-]+`)
	statusField = regexp.MustCompile(`name="status:([^"]+)"`)
)

func TestHalfYearSQLite(t *testing.T) {
	runHalfYear(t, filepath.Join(t.TempDir(), "voortgang.db"))
}

func TestHalfYearPostgres(t *testing.T) {
	runHalfYear(t, testsupport.PostgresURL(t))
}

func runHalfYear(t *testing.T, db string) {
	if testing.Short() {
		t.Skip("the half-year run takes a while")
	}
	h := newHalfYear(t, db)
	ctx := context.Background()
	cfg := h.app.cfg
	cal := cfg.Calendar()
	loc := cfg.Location()
	answerer := "anna-devries" // lead contact of regio: answers everything before the first reminder
	refused, answered := false, false
	crashed := ""

	h.runUntil(time.Date(2027, 5, 14, 0, 0, 0, 0, time.UTC), func(now time.Time) {
		local := now.In(loc)
		switch {
		case local.Format(time.DateOnly) == "2026-12-18" && !answered:
			answered = true
			h.answerThroughForm(answerer)
		case local.Format(time.DateOnly) == "2027-01-05" && local.Hour() == 6:
			h.restart()
		case local.Format(time.DateOnly) == "2026-12-30" && local.Hour() == 8 && !refused:
			// The mail server refuses everything for an hour, from just before the reminders.
			refused = true
			h.smtp.Refuse(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "probeer het later"})
		case local.Format(time.DateOnly) == "2026-12-30" && local.Hour() == 10:
			h.smtp.Refuse(nil)
		case local.Format(time.DateOnly) == "2027-01-14" && local.Hour() == 9 && crashed == "":
			// A crash after the server accepted a message but before it was marked sent: claim,
			// send, and never mark. After the lease runs out, the worker delivers it again.
			if _, err := h.app.cycle.Pass(ctx); err != nil {
				t.Fatal(err)
			}
			msgs, err := h.app.store.ClaimOutbox(ctx, "crashed-replica", now, time.Minute, 1)
			if err != nil || len(msgs) != 1 {
				t.Fatalf("claim for the crash: %v, %d", err, len(msgs))
			}
			m := msgs[0]
			crashed = m.Key
			msg := email.Message{Key: m.Key, MessageID: m.MessageID, From: cfg.Mail.From, ReplyTo: m.ReplyTo, To: []string{m.Recipient},
				Subject: m.Subject, Text: m.BodyText, HTML: m.BodyHTML, Headers: map[string]string{"X-Voortgang-Key": m.Key}}
			raw, err := email.Compose(msg, now)
			if err != nil {
				t.Fatal(err)
			}
			if err := h.app.worker.Email.Send(ctx, msg, raw); err != nil {
				t.Fatal(err)
			}
			h.collect()
		}
	})

	// Nothing goes out on a weekend or a public holiday, and everything at the send hour
	// (the digest at its own configured hour).
	for _, a := range h.got {
		local := a.at.In(loc)
		if !cal.IsWorkday(local) {
			name, _ := cal.Holiday(local)
			t.Errorf("%s sent on %s %s %s", a.key, local.Weekday(), local.Format(time.DateOnly), name)
		}
		if strings.HasPrefix(a.key, "bevestiging/") {
			continue // a confirmation answers the owner at once
		}
		if h := local.Hour(); h < 8 || h > 10 {
			t.Errorf("%s sent at %s, outside the morning send hour", a.key, local.Format(time.DateTime))
		}
	}
	for _, day := range []string{"2026-12-25", "2026-12-26", "2027-04-27"} {
		for _, a := range h.got {
			if a.at.In(loc).Format(time.DateOnly) == day {
				t.Errorf("%s sent on %s", a.key, day)
			}
		}
	}

	// Requests go out on the working day 20 working days before the deadline.
	p26, _ := config.ParsePeriod("2026H2")
	m26, _ := cfg.MeetingFor(p26)
	wantDay := cal.AddWorkdays(m26.Deadline(), -20).Format(time.DateOnly)
	requests := h.arrivals("uitvraag/2026H2/")
	if len(requests) < 10 {
		t.Fatalf("only %d status requests for 2026H2", len(requests))
	}
	for _, a := range requests {
		if got := a.at.In(loc).Format(time.DateOnly); got != wantDay {
			t.Errorf("%s arrived on %s, want %s", a.key, got, wantDay)
		}
	}

	// Anna answered before the first reminder: she gets none; the others get both.
	if r := h.arrivals("herinnering/2026H2/" + answerer + "/"); len(r) != 0 {
		t.Errorf("anna-devries answered but got %d reminders", len(r))
	}
	if n := len(h.arrivals("bevestiging/2026H2/" + answerer + "/")); n != 1 {
		t.Errorf("anna-devries got %d confirmations, want 1", n)
	}
	reminders := h.arrivals("herinnering/2026H2/")
	if want := 2 * (len(requests) - 1); len(reminders) != want {
		t.Errorf("%d reminders for 2026H2, want %d (two for each contact but Anna)", len(reminders), want)
	}

	// The escalation names exactly the missing contacts.
	esc := h.arrivals("escalatie/2026H2/")
	if len(esc) != len(cfg.Coordinators) {
		t.Fatalf("%d escalations, want one per coordinator", len(esc))
	}
	for _, a := range requests {
		ck := strings.TrimPrefix(a.key, "uitvraag/2026H2/")
		c, _ := cfg.Contact(ck)
		named := strings.Contains(esc[0].text, c.Name)
		if ck == answerer && named {
			t.Errorf("the escalation names %s, who answered", c.Name)
		}
		if ck != answerer && !named {
			t.Errorf("the escalation does not name %s, who did not answer", c.Name)
		}
	}
	// Who was escalated is recorded per contact, once, for the board.
	for _, a := range requests {
		ck := strings.TrimPrefix(a.key, "uitvraag/2026H2/")
		entries, err := h.app.store.Audit(ctx, cycle.AuditEntityRequest, outbox.RequestKey("2026H2", ck))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range entries {
			if e.Action == cycle.AuditEscalated {
				n++
			}
		}
		if want := map[bool]int{true: 0, false: 1}[ck == answerer]; n != want {
			t.Errorf("%s escalated %d times, want %d", ck, n, want)
		}
	}
	if s := uniqueKeys(h.arrivals("samenvatting/2026H2/")); s != len(cfg.Coordinators) {
		t.Errorf("%d summaries, want one per coordinator", s)
	}

	// The 2027H1 round's deadline is Koningsdag: its summary comes the working day before.
	for _, a := range h.arrivals("samenvatting/2027H1/") {
		if got := a.at.In(loc).Format(time.DateOnly); got != "2027-04-26" {
			t.Errorf("2027H1 summary on %s, want 2027-04-26 (the day before Koningsdag)", got)
		}
	}
	if len(h.arrivals("samenvatting/2027H1/")) == 0 {
		t.Error("no summary for the 2027H1 round")
	}

	// The refused hour cost nothing: the messages of that morning have a temporary attempt
	// recorded, then went out.
	retried := 0
	for _, a := range h.got {
		at, err := h.app.store.Attempts(ctx, a.key)
		if err != nil {
			t.Fatal(err)
		}
		if len(at) > 1 && at[0].Outcome == store.OutcomeTemporary {
			retried++
		}
	}
	if retried == 0 {
		t.Error("no message recorded a temporary failure during the refused hour")
	}

	// Restarts duplicate nothing; the crash gives exactly one duplicate, with the same
	// Message-ID.
	byID := map[string]int{}
	for _, a := range h.got {
		byID[a.msgID]++
	}
	for _, a := range h.got {
		switch n := byID[a.msgID]; {
		case a.key == crashed && n != 2:
			t.Errorf("the crashed message %s arrived %d times, want 2 with one Message-ID", a.key, n)
		case a.key != crashed && n != 1:
			t.Errorf("%s arrived %d times", a.key, n)
		}
	}
	if crashed == "" {
		t.Error("the crash was not simulated")
	}
	// Every queued message was delivered in the end.
	for _, a := range h.got {
		m, err := h.app.store.OutboxMessage(ctx, a.key)
		if err != nil || m.Status != store.OutboxSent {
			t.Errorf("%s: status %q, %v", a.key, m.Status, err)
		}
	}
	// On the document deadline a draft appears by itself, once, and the coordinators hear of it.
	drafts, err := h.app.store.Drafts(ctx, "2026H2")
	if err != nil || len(drafts) != 1 || drafts[0].CreatedBy != AutoDraftBy {
		t.Fatalf("drafts of 2026H2 = %+v, %v; want one by voortgang", drafts, err)
	}
	if got := drafts[0].CreatedAt.In(loc).Format(time.DateOnly); got != "2027-01-14" {
		t.Errorf("the 2026H2 draft was built on %s, want the deadline 2027-01-14", got)
	}
	for _, f := range []string{FormatJSON, FormatMarkdown, FormatHTML, FormatMeetingPrefix + FormatHTML, FormatLetter} {
		if _, err := h.app.store.DraftDocument(ctx, drafts[0].Key, f); err != nil {
			t.Errorf("draft document %s: %v", f, err)
		}
	}
	if n := uniqueKeys(h.arrivals(drafts[0].Key + "/")); n != len(cfg.Coordinators) {
		t.Errorf("%d draft announcements, want one per coordinator", n)
	}
	t.Logf("%d mails over the half year", len(h.got))
}

func uniqueKeys(as []arrival) int {
	keys := map[string]bool{}
	for _, a := range as {
		keys[a.key] = true
	}
	return len(keys)
}
