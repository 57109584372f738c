package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/inbox"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

// postvakHandler serves the board's postvak: inbound mail the inbox could not apply
// (quarantined: no matching request, another sender, unreadable, too large, unknown action
// references; rejected: after the deadline). Everybody signed in sees the list (received,
// sender, subject, reason, attachments); only coordinators see a mail's text and the items
// the parser read, and only they act on a mail: assign it to a contact and period (its items
// are recorded as e-mail answers through cycle.Service.RecordAnswers) or reject it with a
// reason. Both are written to the audit log under entity "postvak" and the Message-ID.
//
// A mail's HTML is never rendered: the page shows the plain text inbox.Parse extracted
// (quotes and signature removed), escaped by html/template like everything else.
type postvakHandler struct{ s *Server }

const (
	auditEntityPostvak = "postvak"
	// postvakWaitingLimit bounds the waiting list (each row parses its raw mail for the
	// attachments); postvakReviewedLimit the list of recent decisions.
	postvakWaitingLimit  = 100
	postvakReviewedLimit = 20
)

type postvakData struct {
	Page
	Notice, Error string
	Coordinator   bool
	Waiting       []postvakRow
	More          bool // more mails wait than the list shows
	Reviewed      []postvakRow
	Mail          *postvakMail // set on the page of one mail
}

type postvakRow struct {
	ID, Href    string
	Received    string
	From        string
	Subject     string
	Reason      string
	State       statusView
	Attachments []attachmentView
	Unreadable  string // why the mail could not be read, "" when it could
	Reviewed    string // "door … op …" once a coordinator decided
	Contact     string // who a coordinator assigned it to
}

type attachmentView struct {
	Name, Size string
	Dropped    bool // larger than inbox.MaxAttachmentSize: only in the original
}

type postvakMail struct {
	postvakRow
	Waiting      bool
	Readable     bool
	Headers      []headerView // of a mail that could not be read, for coordinators
	Kind         string
	Text         string
	Items        []postvakItem
	Assign       assignView
	RejectReason string
	Audit        []auditView
	AssignAction string
	RejectAction string
}

type postvakItem struct{ Ref, Status, Text string }

type headerView struct{ Name, Value string }

// shownHeaders are the header fields shown of a mail that could not be read, in this order.
var shownHeaders = []string{"Date", "From", "Reply-To", "To", "Cc", "Subject", "Message-Id", "In-Reply-To", "Content-Type", "Auto-Submitted"}

// mailHeaders reads the header block of raw (which may be nothing but that block) for
// display: the fields in shownHeaders that are present, MIME-decoded, cleaned to valid UTF-8.
// It reads line by line and skips what is not a header field, so one broken line (often why
// the mail is here) does not hide the others.
func mailHeaders(raw []byte) []headerView {
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if e2 := bytes.Index(raw, []byte("\n\n")); e2 >= 0 && (end < 0 || e2 < end) {
		end = e2
	}
	head := raw
	if end >= 0 {
		head = raw[:end]
	}
	head = head[:min(len(head), 256<<10)]
	fields := map[string]string{}
	var last string
	for _, line := range strings.Split(strings.ReplaceAll(string(head), "\r\n", "\n"), "\n") {
		if line != "" && (line[0] == ' ' || line[0] == '\t') { // folded continuation
			if last != "" {
				fields[last] += " " + strings.TrimSpace(line)
			}
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			last = ""
			continue
		}
		last = textproto.CanonicalMIMEHeaderKey(name)
		if _, seen := fields[last]; seen {
			last = "" // the first occurrence counts
			continue
		}
		fields[last] = strings.TrimSpace(value)
	}
	dec := new(mime.WordDecoder)
	var out []headerView
	for _, name := range shownHeaders {
		v, ok := fields[name]
		if !ok || v == "" {
			continue
		}
		if d, err := dec.DecodeHeader(v); err == nil {
			v = d
		}
		out = append(out, headerView{Name: name, Value: inbox.CleanText(v, 1000)})
	}
	return out
}

// assignView is the assign form: contact and period, and the contact's actions when the mail
// names none and the contact has several.
type assignView struct {
	Contacts []choice
	Periods  []choice
	Actions  []choice
}

// postvakNav is the postvak's entry in the board's menu; coordinators see how many mails
// wait.
func (s *Server) postvakNav(r *http.Request, current, lang string, coordinator bool) navItem {
	it := navItem{Href: "/postvak", Label: label("nav.postvak", lang), Current: current == "postvak"}
	if !coordinator {
		return it
	}
	n, err := s.deps.Store.CountWaiting(r.Context())
	if err != nil {
		s.log.Warn("web: count postvak", "err", err)
		return it
	}
	if n > 0 {
		it.Label = fmt.Sprintf(label("nav.postvak.count", lang), n)
	}
	return it
}

func postvakPath(id string) string { return "/postvak/" + url.PathEscape(id) }

// parseMail reads a stored mail for display. A mail Parse refuses is listed with the reason,
// and so is a mail too large to fetch, of which only the header block is stored.
func parseMail(m store.PostvakMail) (inbox.Reply, string) {
	if strings.HasPrefix(m.Reason, inbox.ReasonTooLargeToRead) {
		return inbox.Reply{}, "te groot om op te halen"
	}
	rep, err := inbox.Parse(m.Raw)
	switch {
	case errors.Is(err, inbox.ErrTooLarge):
		return rep, fmt.Sprintf("te groot (%s)", formatSize(len(m.Raw)))
	case err != nil:
		return rep, "niet te lezen"
	}
	return rep, ""
}

func (s *Server) postvakRow(ctx context.Context, m store.PostvakMail, rep inbox.Reply, unreadable, lang string) postvakRow {
	// Rows stored before the inbox cleaned its texts may hold raw bytes: clean again.
	row := postvakRow{ID: m.MessageID, Href: postvakPath(m.MessageID), Received: i18n.FormatDateTime(m.ReceivedAt, lang),
		From: inbox.CleanText(m.From, 320), Subject: inbox.CleanText(m.Subject, 1000), Reason: inbox.CleanText(m.Reason, 1000), Unreadable: unreadable}
	switch {
	case m.State == store.InboundQuarantined:
		row.State = statusView{Class: "status-let-op", Text: label("postvak.state.quarantined", lang)}
	case m.State == store.InboundRejected && m.ReviewedBy == "":
		row.State = statusView{Class: "status-te-laat", Text: label("postvak.state.late", lang)}
	case m.State == store.InboundRejected:
		row.State = statusView{Class: "status-neutraal", Text: label("postvak.state.rejected", lang)}
	default:
		row.State = statusView{Class: "status-goed", Text: label("postvak.state.assigned", lang)}
	}
	if m.ReviewedBy != "" {
		row.Reviewed = fmt.Sprintf(label("postvak.reviewed", lang), s.personLabel(ctx, m.ReviewedBy), i18n.FormatDateTime(m.ReviewedAt, lang))
	}
	if m.ContactKey != "" {
		row.Contact = s.contactLabel(ctx, m.ContactKey)
	}
	for _, a := range rep.Attachments {
		if a.Inline {
			continue
		}
		name := a.Filename
		if name == "" {
			name = a.ContentType
		}
		row.Attachments = append(row.Attachments, attachmentView{Name: name, Size: formatSize(a.Size), Dropped: a.Data == nil})
	}
	return row
}

// formatSize is a file size for people: 512 bytes, 12 kB, 1,5 MB (Dutch decimal comma; the
// board is Dutch first).
func formatSize(n int) string {
	switch {
	case n < 1024:
		return strconv.Itoa(n) + " bytes"
	case n < 1<<20:
		return strconv.Itoa((n+512)/1024) + " kB"
	}
	return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".", ",", 1) + " MB"
}

// list shows the waiting mails and the recent decisions.
func (h *postvakHandler) list(w http.ResponseWriter, r *http.Request) {
	s := h.s
	ctx := r.Context()
	lang := s.lang()
	d := postvakData{Page: s.boardPage(r, "postvak", label("postvak.title", lang)), Coordinator: isCoordinator(signedIn(r))}
	h.notice(r, &d)
	waiting, err := s.deps.Store.PostvakMails(ctx, true, postvakWaitingLimit+1)
	if err != nil {
		s.fail(w, r, "postvak list", err)
		return
	}
	if len(waiting) > postvakWaitingLimit {
		waiting, d.More = waiting[:postvakWaitingLimit], true
	}
	for _, m := range waiting {
		full, err := s.deps.Store.PostvakMail(ctx, m.MessageID) // the list has no raw bytes
		if err != nil {
			s.fail(w, r, "postvak mail", err)
			return
		}
		rep, unreadable := parseMail(full)
		d.Waiting = append(d.Waiting, s.postvakRow(ctx, full, rep, unreadable, lang))
	}
	reviewed, err := s.deps.Store.PostvakMails(ctx, false, postvakReviewedLimit)
	if err != nil {
		s.fail(w, r, "postvak reviewed", err)
		return
	}
	for _, m := range reviewed {
		d.Reviewed = append(d.Reviewed, s.postvakRow(ctx, m, inbox.Reply{}, "", lang))
	}
	s.render(w, r, http.StatusOK, "postvak", d)
}

func (h *postvakHandler) notice(r *http.Request, d *postvakData) {
	if n := notice(r, d.Lang); n != "" {
		if strings.HasPrefix(r.URL.Query().Get("melding"), "fout-") {
			d.Error = n
		} else {
			d.Notice = n
		}
	}
}

// load reads the mail named in the path; false when it wrote the error page.
func (h *postvakHandler) load(w http.ResponseWriter, r *http.Request) (store.PostvakMail, bool) {
	m, err := h.s.deps.Store.PostvakMail(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		h.s.notFound(w, r)
		return m, false
	}
	if err != nil {
		h.s.fail(w, r, "postvak mail", err)
		return m, false
	}
	return m, true
}

func (h *postvakHandler) show(w http.ResponseWriter, r *http.Request) {
	m, ok := h.load(w, r)
	if !ok {
		return
	}
	d, err := h.detail(r, m, nil, nil)
	if err != nil {
		h.s.fail(w, r, "postvak detail", err)
		return
	}
	h.notice(r, &d)
	h.s.render(w, r, http.StatusOK, "postvak", d)
}

// detail is the page of one mail. form (a failed POST) keeps what the coordinator chose;
// actions, when set, are the contact's actions to choose from.
func (h *postvakHandler) detail(r *http.Request, m store.PostvakMail, form url.Values, actions []cycle.Item) (postvakData, error) {
	s := h.s
	ctx := r.Context()
	lang := s.lang()
	coordinator := isCoordinator(signedIn(r))
	title := inbox.CleanText(m.Subject, 1000)
	if title == "" {
		title = label("postvak.nosubject", lang)
	}
	d := postvakData{Page: s.boardPage(r, "postvak", fmt.Sprintf(label("postvak.mail.title", lang), title)), Coordinator: coordinator}
	rep, unreadable := parseMail(m)
	pm := &postvakMail{postvakRow: s.postvakRow(ctx, m, rep, unreadable, lang), Waiting: m.Waiting(), Readable: unreadable == "",
		AssignAction: postvakPath(m.MessageID) + "/toewijzen", RejectAction: postvakPath(m.MessageID) + "/afwijzen"}
	d.Mail = pm
	if !coordinator {
		return d, nil
	}
	if !pm.Readable {
		pm.Headers = mailHeaders(m.Raw)
	}
	if pm.Readable {
		pm.Kind = label("postvak.kind."+string(rep.Kind), lang)
		pm.Text = rep.Text
		for _, it := range rep.Items {
			pi := postvakItem{Ref: it.Ref, Status: string(it.Status), Text: it.Text}
			if pi.Status != "" {
				pi.Status = i18n.StatusLabel(pi.Status, lang)
			}
			pm.Items = append(pm.Items, pi)
		}
	}
	entries, err := s.deps.Store.Audit(ctx, auditEntityPostvak, m.MessageID)
	if err != nil {
		return d, err
	}
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		pm.Audit = append(pm.Audit, auditView{When: i18n.FormatDateTime(e.At, lang), Who: s.personLabel(ctx, e.Actor),
			What: label("audit."+e.Action, lang), Before: string(e.Before), After: string(e.After)})
	}
	if !pm.Waiting {
		return d, nil
	}
	// What the form starts with: the contact and period of the request the mail answered,
	// else a contact with the sender's address and the current period.
	contact, period := form.Get("contact"), form.Get("periode")
	pm.RejectReason = form.Get("reden")
	if form == nil {
		period = s.currentPeriod().String()
		if m.RequestKey != "" {
			if sr, err := s.deps.Store.StatusRequest(ctx, m.RequestKey); err == nil {
				contact, period = sr.ContactKey, sr.Period
			}
		}
	}
	contacts, err := s.deps.Store.Contacts(ctx)
	if err != nil {
		return d, err
	}
	pm.Assign.Contacts = append(pm.Assign.Contacts, choice{Value: "", Label: label("postvak.assign.choose", lang)})
	for _, c := range contacts {
		cc, ok := s.deps.Config.Contact(c.Key)
		if !ok {
			continue // no longer configured: nobody asks them anything
		}
		if form == nil && contact == "" && cc.Email != "" && strings.EqualFold(cc.Email, m.From) {
			contact = c.Key
		}
	}
	for _, c := range contacts {
		cc, ok := s.deps.Config.Contact(c.Key)
		if !ok {
			continue
		}
		lbl := cc.Name
		if cc.Email != "" {
			lbl += " (" + cc.Email + ")"
		}
		pm.Assign.Contacts = append(pm.Assign.Contacts, choice{Value: c.Key, Label: lbl, Selected: c.Key == contact})
	}
	for _, mt := range s.deps.Config.Meetings {
		p := mt.ReportingPeriod().String()
		pm.Assign.Periods = append(pm.Assign.Periods, choice{Value: p,
			Label:    fmt.Sprintf(label("postvak.assign.period", lang), i18n.PeriodLabel(p, lang), i18n.FormatDate(mt.Deadline(), lang)),
			Selected: p == period})
	}
	chosen := form.Get("actie")
	for _, it := range actions {
		pm.Assign.Actions = append(pm.Assign.Actions, choice{Value: it.ActionRef,
			Label: it.Ref + " – " + it.ActionText, Selected: it.ActionRef == chosen})
	}
	return d, nil
}

// again shows the mail's page once more after a refused POST: the Dutch reason on top,
// the coordinator's choices kept, nothing changed.
func (h *postvakHandler) again(w http.ResponseWriter, r *http.Request, m store.PostvakMail, msg string, actions []cycle.Item) {
	d, err := h.detail(r, m, r.PostForm, actions)
	if err != nil {
		h.s.fail(w, r, "postvak detail", err)
		return
	}
	d.Error, d.HasErrors = msg, true
	h.s.render(w, r, http.StatusUnprocessableEntity, "postvak", d)
}

// noRefs reports whether the parsed items name no action at all.
func noRefs(items []inbox.Item) bool {
	for _, it := range items {
		if it.Ref != "" {
			return false
		}
	}
	return true
}

// hasStatus reports whether any parsed item has a recognised status.
func hasStatus(items []inbox.Item) bool {
	return slices.ContainsFunc(items, func(it inbox.Item) bool { return it.Status != "" })
}

// assign records the mail's items as the e-mail answers of the chosen contact for the chosen
// period and marks the mail processed.
func (h *postvakHandler) assign(w http.ResponseWriter, r *http.Request) {
	s := h.s
	m, ok := h.load(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	lang := s.lang()
	if !m.Waiting() {
		seeOther(w, r, postvakPath(m.MessageID), "fout-afgehandeld")
		return
	}
	rep, unreadable := parseMail(m)
	if unreadable != "" {
		h.again(w, r, m, label("postvak.error.unreadable", lang), nil)
		return
	}
	contactKey := r.PostForm.Get("contact")
	c, ok := s.deps.Config.Contact(contactKey)
	if !ok {
		h.again(w, r, m, label("postvak.error.contact", lang), nil)
		return
	}
	p, err := config.ParsePeriod(r.PostForm.Get("periode"))
	meeting, known := s.deps.Config.MeetingFor(p)
	if err != nil || !known {
		h.again(w, r, m, label("postvak.error.period", lang), nil)
		return
	}
	periodLabel := i18n.PeriodLabel(p.String(), lang)
	round, err := s.deps.Cycle.LoadContactRound(ctx, p, contactKey)
	if err != nil {
		s.fail(w, r, "postvak round", err)
		return
	}
	asked := round.Items[contactKey]
	if len(asked) == 0 {
		h.again(w, r, m, fmt.Sprintf(label("postvak.error.noitems", lang), c.Name, periodLabel), nil)
		return
	}
	if noRefs(rep.Items) && hasStatus(rep.Items) && len(asked) > 1 {
		// The mail names no action: the coordinator says which one it is about.
		ref := r.PostForm.Get("actie")
		i := slices.IndexFunc(asked, func(it cycle.Item) bool { return it.ActionRef == ref })
		if i < 0 {
			h.again(w, r, m, fmt.Sprintf(label("postvak.error.action", lang), c.Name, len(asked), periodLabel), asked)
			return
		}
		asked = asked[i : i+1]
	}
	answers, why := inbox.MapItems(rep.Items, asked)
	if why != "" {
		h.again(w, r, m, fmt.Sprintf(label("postvak.error.items", lang), why), nil)
		return
	}
	stored, err := s.deps.Cycle.RecordAnswers(ctx, contactKey, p, answers, store.SourceEmail, m.MessageID)
	if errors.Is(err, cycle.ErrClosed) {
		h.again(w, r, m, fmt.Sprintf(label("postvak.error.closed", lang), periodLabel, i18n.FormatDate(meeting.Deadline(), lang)), nil)
		return
	}
	if err != nil {
		s.fail(w, r, "postvak record answers", err)
		return
	}
	u := signedIn(r)
	requestKey := ""
	if sr, err := s.deps.Store.StatusRequest(ctx, outbox.RequestKey(p.String(), contactKey)); err == nil {
		requestKey = sr.Key
	}
	reason := fmt.Sprintf("toegewezen door %s aan %s voor %s: %d antwoord(en) vastgelegd", u.Key, contactKey, p, len(answers))
	if len(stored) < len(answers) {
		reason += fmt.Sprintf(", waarvan %d ongewijzigd", len(answers)-len(stored))
	}
	if !h.review(w, r, m, store.InboundReview{State: store.InboundProcessed, Reason: reason, RequestKey: requestKey,
		ContactKey: contactKey, By: u.Key, At: s.now()}) {
		return
	}
	refs := make([]string, len(answers))
	for i, a := range answers {
		refs[i] = a.Ref + ": " + a.Status
	}
	if err := s.audit(ctx, u, "mail-toegewezen", auditEntityPostvak, m.MessageID,
		map[string]any{"state": m.State, "reason": m.Reason, "request": m.RequestKey},
		map[string]any{"state": store.InboundProcessed, "reason": reason, "request": requestKey, "contact": contactKey,
			"period": p.String(), "answers": refs, "stored": len(stored)}); err != nil {
		s.fail(w, r, "audit", err)
		return
	}
	seeOther(w, r, "/postvak", "mail-toegewezen")
}

// reject marks the mail rejected with the coordinator's reason.
func (h *postvakHandler) reject(w http.ResponseWriter, r *http.Request) {
	s := h.s
	m, ok := h.load(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	lang := s.lang()
	if !m.Waiting() {
		seeOther(w, r, postvakPath(m.MessageID), "fout-afgehandeld")
		return
	}
	why := strings.TrimSpace(r.PostForm.Get("reden"))
	if why == "" || utf8.RuneCountInString(why) > maxReason {
		h.again(w, r, m, label("postvak.error.reason", lang), nil)
		return
	}
	u := signedIn(r)
	if !h.review(w, r, m, store.InboundReview{State: store.InboundRejected, Reason: why, By: u.Key, At: s.now()}) {
		return
	}
	if err := s.audit(r.Context(), u, "mail-afgewezen", auditEntityPostvak, m.MessageID,
		map[string]any{"state": m.State, "reason": m.Reason},
		map[string]any{"state": store.InboundRejected, "reason": why}); err != nil {
		s.fail(w, r, "audit", err)
		return
	}
	seeOther(w, r, "/postvak", "mail-afgewezen")
}

// review stores the decision; false when it wrote the response (somebody else decided
// first, or the store failed).
func (h *postvakHandler) review(w http.ResponseWriter, r *http.Request, m store.PostvakMail, rv store.InboundReview) bool {
	_, err := h.s.deps.Store.ReviewInbound(r.Context(), m.MessageID, rv)
	switch {
	case errors.Is(err, store.ErrAlreadyReviewed):
		seeOther(w, r, postvakPath(m.MessageID), "fout-afgehandeld")
		return false
	case err != nil:
		h.s.fail(w, r, "postvak review", err)
		return false
	}
	return true
}

// postvakLabels are the postvak's texts, added to labels at start-up.
var postvakLabels = map[string][2]string{ // key → {nl, en}
	"nav.postvak":       {"Postvak", "Mailbox"},
	"nav.postvak.count": {"Postvak (%d)", "Mailbox (%d)"},

	"postvak.title": {"Postvak", "Mailbox"},
	"postvak.intro": {"Antwoorden per e-mail die niet vanzelf verwerkt konden worden: onbekende afzender, geen uitvraag gevonden, onleesbaar, te groot, onbekende actieverwijzingen of na de termijn. Een coördinator wijst ze toe of wijst ze af.",
		"Email answers that could not be processed automatically: unknown sender, no request found, unreadable, too large, unknown action references or after the deadline. A coordinator assigns or rejects them."},
	"postvak.waiting":         {"Wachten op een coördinator", "Waiting for a coordinator"},
	"postvak.waiting.caption": {"%d mail(s) wachten, nieuwste eerst", "%d mail(s) waiting, newest first"},
	"postvak.waiting.none":    {"Er wachten geen mails.", "No mails are waiting."},
	"postvak.waiting.more":    {"Alleen de nieuwste %d worden getoond.", "Only the newest %d are shown."},
	"postvak.reviewed.title":  {"Onlangs afgehandeld", "Recently handled"},
	"postvak.reviewed.caption": {"De laatste beslissingen van coördinatoren, nieuwste eerst",
		"The latest decisions of coordinators, newest first"},
	"postvak.col.received":    {"Ontvangen", "Received"},
	"postvak.col.from":        {"Van", "From"},
	"postvak.col.subject":     {"Onderwerp", "Subject"},
	"postvak.col.reason":      {"Reden", "Reason"},
	"postvak.col.attachments": {"Bijlagen", "Attachments"},
	"postvak.col.state":       {"Status", "State"},
	"postvak.col.decision":    {"Beslissing", "Decision"},
	"postvak.none":            {"geen", "none"},
	"postvak.nosubject":       {"(geen onderwerp)", "(no subject)"},
	"postvak.dropped":         {"te groot, alleen in het origineel", "too large, only in the original"},
	"postvak.unreadable":      {"Deze mail kon niet gelezen worden: %s.", "This mail could not be read: %s."},
	"postvak.reviewed":        {"door %s op %s", "by %s on %s"},
	"postvak.assigned_to":     {"Toegewezen aan %s.", "Assigned to %s."},

	"postvak.state.quarantined": {"In quarantaine", "Quarantined"},
	"postvak.state.late":        {"Na de termijn", "After the deadline"},
	"postvak.state.rejected":    {"Afgewezen", "Rejected"},
	"postvak.state.assigned":    {"Toegewezen", "Assigned"},

	"postvak.mail.title":      {"Mail: %s", "Mail: %s"},
	"postvak.back":            {"Terug naar het postvak", "Back to the mailbox"},
	"postvak.kind":            {"Soort", "Kind"},
	"postvak.kind.reply":      {"antwoord", "reply"},
	"postvak.kind.auto-reply": {"automatisch antwoord", "automatic reply"},
	"postvak.kind.bounce":     {"onbestelbaar-melding", "bounce"},
	"postvak.kind.delay":      {"afleverwaarschuwing (nog niet afgeleverd)", "delay warning (not delivered yet)"},
	"postvak.text":            {"Tekst", "Text"},
	"postvak.headers":         {"Kopregels", "Headers"},
	"postvak.headers.caption": {"De kopregels van de mail, zoals ontvangen", "The mail's headers, as received"},
	"postvak.text.hint": {"De nieuwe tekst van de mail, zonder geciteerde eerdere berichten en handtekening, als platte tekst.",
		"The new text of the mail, without quoted earlier messages and signature, as plain text."},
	"postvak.text.none":            {"De mail bevat geen eigen tekst.", "The mail has no text of its own."},
	"postvak.text.viewers":         {"Alleen coördinatoren zien de tekst van de mail.", "Only coordinators see the text of the mail."},
	"postvak.items":                {"Wat de verwerking las", "What processing read"},
	"postvak.items.caption":        {"Actieverwijzingen en statussen zoals de verwerking ze herkende", "Action references and statuses as processing recognised them"},
	"postvak.items.none":           {"Geen actieverwijzingen of statussen herkend.", "No action references or statuses recognised."},
	"postvak.item.ref":             {"Actie", "Action"},
	"postvak.item.status":          {"Status", "Status"},
	"postvak.item.text":            {"Toelichting", "Explanation"},
	"postvak.item.noref":           {"(geen verwijzing)", "(no reference)"},
	"postvak.item.nostatus":        {"(geen status herkend)", "(no status recognised)"},
	"postvak.assign":               {"Toewijzen", "Assign"},
	"postvak.assign.hint":          {"Legt de statussen hierboven vast als antwoorden per e-mail van deze contactpersoon over deze periode. De contactpersoon krijgt de gebruikelijke bevestiging.", "Records the statuses above as email answers of this contact about this period. The contact gets the usual confirmation."},
	"postvak.assign.contact":       {"Contactpersoon", "Contact"},
	"postvak.assign.choose":        {"Kies een contactpersoon", "Choose a contact"},
	"postvak.assign.period":        {"%s (antwoorden tot en met %s)", "%s (answers until %s)"},
	"postvak.assign.periodlabel":   {"Periode", "Period"},
	"postvak.assign.action":        {"Actie", "Action"},
	"postvak.assign.action.choose": {"Kies een actie", "Choose an action"},
	"postvak.assign.action.hint":   {"De mail noemt geen actie: kies over welke actie hij gaat.", "The mail names no action: choose which action it is about."},
	"postvak.assign.submit":        {"Toewijzen en antwoorden vastleggen", "Assign and record the answers"},
	"postvak.reject":               {"Afwijzen", "Reject"},
	"postvak.reject.reason":        {"Reden van afwijzen", "Reason for rejecting"},
	"postvak.reject.hint":          {"Er wordt niets vastgelegd. De mail blijft bewaard met deze reden.", "Nothing is recorded. The mail is kept with this reason."},
	"postvak.reject.submit":        {"Mail afwijzen", "Reject the mail"},
	"postvak.done":                 {"Deze mail is afgehandeld.", "This mail has been handled."},
	"postvak.cannot_assign":        {"Een mail die niet gelezen kan worden, kan alleen worden afgewezen.", "A mail that cannot be read can only be rejected."},

	"postvak.error.unreadable": {"Deze mail kan niet gelezen worden en dus niet worden toegewezen. Wijs hem af. Er is niets vastgelegd.",
		"This mail cannot be read and so cannot be assigned. Reject it. Nothing was recorded."},
	"postvak.error.contact": {"Kies een contactpersoon uit de lijst. Er is niets vastgelegd.", "Choose a contact from the list. Nothing was recorded."},
	"postvak.error.period":  {"Kies een periode uit de lijst. Er is niets vastgelegd.", "Choose a period from the list. Nothing was recorded."},
	"postvak.error.noitems": {"Aan %s worden in de %s geen acties gevraagd. Kies een andere contactpersoon of periode. Er is niets vastgelegd.",
		"%s is not asked about any action in the %s. Choose another contact or period. Nothing was recorded."},
	"postvak.error.action": {"De mail noemt geen actie en aan %s worden %d acties gevraagd in de %s. Kies hieronder over welke actie de mail gaat. Er is niets vastgelegd.",
		"The mail names no action and %s is asked about %d actions in the %s. Choose below which action the mail is about. Nothing was recorded."},
	"postvak.error.items": {"De mail kan zo niet worden toegewezen: %s. Er is niets vastgelegd.",
		"The mail cannot be assigned like this: %s. Nothing was recorded."},
	"postvak.error.closed": {"De termijn voor de %s is verstreken (antwoorden konden tot en met %s). Er is niets vastgelegd.",
		"The deadline for the %s has passed (answers were accepted until %s). Nothing was recorded."},
	"postvak.error.reason": {"Geef een reden op (maximaal 500 tekens). Er is niets gewijzigd.", "Give a reason (at most 500 characters). Nothing was changed."},

	"notice.mail-toegewezen":  {"De mail is toegewezen en de antwoorden zijn vastgelegd.", "The mail has been assigned and the answers recorded."},
	"notice.mail-afgewezen":   {"De mail is afgewezen.", "The mail has been rejected."},
	"notice.fout-afgehandeld": {"Deze mail was al afgehandeld, misschien door een andere coördinator. Er is niets gewijzigd.", "This mail had already been handled, perhaps by another coordinator. Nothing was changed."},
	"audit.mail-toegewezen":   {"Mail toegewezen", "Mail assigned"},
	"audit.mail-afgewezen":    {"Mail afgewezen", "Mail rejected"},
	"postvak.audit":           {"Geschiedenis", "History"},
	"postvak.audit.caption":   {"Wijzigingen aan deze mail", "Changes to this mail"},
}

func init() {
	for k, v := range postvakLabels {
		if _, dup := labels[k]; dup {
			panic("web: label " + k + " defined twice")
		}
		labels[k] = v
	}
}
