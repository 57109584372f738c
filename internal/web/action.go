package web

import (
	"errors"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
)

// actionHandler serves one action: its PDCA cells, tasks, contract and contract meetings,
// every version of every answer, the messages sent with their delivery attempts and the
// audit trail; coordinators edit and approve answers, close or move tasks, and choose who
// answers for the action in a period. Every change is written to the audit log under
// entity "actie" and the action's reference.
type actionHandler struct{ s *Server }

const auditEntityAction = "actie"

type actionData struct {
	Page
	Notice, Error string
	Coordinator   bool
	Ref           string
	ActionRef     string
	Text          string
	Line          string
	Goal          string
	Owners        string
	Cells         []cellView
	Notes         []string
	Contract      *contractView
	Tasks         []actionTask
	Meetings      []actionTask
	Responsible   responsibleView
	Answers       []answerRow
	Messages      []messageView
	Audit         []auditView
	Base          string // /acties/15a
	Today         string // yyyy-mm-dd, the date input's minimum suggestion
	// Cadences are the extra rhythms of the action's footnotes, with whom they are held.
	Cadences []cadenceView
	// EditHref is the page that changes the action (coordinators, when editing is on).
	EditHref, VersionsHref string
}

type cadenceView struct{ Name, Phrase, Owners string }

type cellView struct{ Phase, Phrase string }

type contractView struct {
	Service, Provider, Start, End, Meetings, Note string
	Years                                         int
}

type actionTask struct {
	taskView
	ID       string // element id prefix
	Done     bool   // has a coordinator's status
	DueValue string // yyyy-mm-dd for the date field
	Reason   string
}

type responsibleView struct {
	Period, PeriodLabel string
	Current             string // name of who answers now
	Override            bool
	Options             []choice
}

type answerRow struct {
	ID                                 int64
	Period, Contact, When, Source, By  string
	Version                            int
	Status                             statusView
	Text                               string
	Approved                           bool
	ApprovedBy, ApprovedAt             string
	Latest                             bool
	EditAction, ApproveAction, FieldID string
}

type messageView struct {
	Key, Kind, Subject, To, Status, Created, Sent, LastError string
	Attempts                                                 []attemptView
}

type attemptView struct{ Number, When, Outcome, Error string }

type auditView struct{ When, Who, What, Before, After string }

func (h *actionHandler) load(w http.ResponseWriter, r *http.Request) (actionInfo, bool) {
	a, ok := h.s.findAction(r.PathValue("ref"))
	if !ok {
		h.s.notFound(w, r)
	}
	return a, ok
}

func (h *actionHandler) show(w http.ResponseWriter, r *http.Request) {
	s := h.s
	ctx := r.Context()
	a, ok := h.load(w, r)
	if !ok {
		return
	}
	lang := s.lang()
	coordinator := isCoordinator(signedIn(r))
	d := actionData{Page: s.boardPage(r, "", fmt.Sprintf(label("action.title", lang), a.Ref)), Coordinator: coordinator,
		Ref: a.Ref, ActionRef: a.ActionRef, Text: a.Action.Text, Base: "/acties/" + a.Ref,
		Line: fmt.Sprintf("%d. %s", a.Line.Number, a.Line.Title), Goal: fmt.Sprintf("%d. %s", a.Goal.Number, a.Goal.Title),
		Owners: s.ownerNames(a.Action.Owners), Notes: a.Action.Notes, Today: s.today().Format(time.DateOnly)}
	if n := notice(r, lang); n != "" {
		if strings.HasPrefix(r.URL.Query().Get("melding"), "fout-") {
			d.Error = n
		} else {
			d.Notice = n
		}
	}
	for _, ph := range programme.Phases {
		d.Cells = append(d.Cells, cellView{Phase: ph.Column(), Phrase: a.Action.Phrase(ph)})
	}
	for _, c := range a.Action.Cadences {
		d.Cadences = append(d.Cadences, cadenceView{Name: c.Name, Phrase: c.Phrase, Owners: s.ownerNames(c.OwnersOr(a.Action.Owners))})
	}
	if coordinator && s.deps.Proposals != nil {
		d.EditHref, d.VersionsHref = d.Base+"/wijzigen", "/programma/"+a.Programme.Key+"/versies"
	}
	if c := a.Action.Contract; c != nil {
		d.Contract = &contractView{Service: c.Service, Provider: c.Provider, Start: formatDate(c.Start.Time, lang),
			End: formatDate(c.End().Time, lang), Years: c.Years, Meetings: c.Meetings, Note: c.Note}
	}
	page, err := s.deps.Store.SearchTasks(ctx, store.TaskQuery{Programme: a.Programme.Key, Goal: a.Goal.Number, Action: a.Action.Letter})
	if err != nil {
		s.fail(w, r, "action tasks", err)
		return
	}
	today := s.today()
	for i, t := range page.Tasks {
		at := actionTask{taskView: s.taskView(t, today, lang), ID: fmt.Sprintf("taak-%d", i), Done: t.StatusOverride != "",
			DueValue: t.EffectiveDue().Format(time.DateOnly), Reason: t.DueOverrideReason}
		if t.EffectiveDue().IsZero() {
			at.DueValue = ""
		}
		if t.Kind == planner.ContractMeeting {
			d.Meetings = append(d.Meetings, at)
		} else {
			d.Tasks = append(d.Tasks, at)
		}
	}
	if err := h.responsible(r, a, &d); err != nil {
		s.fail(w, r, "action contact", err)
		return
	}
	if coordinator {
		if err := h.coordinatorParts(r, a, &d); err != nil {
			s.fail(w, r, "action history", err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "action", d)
}

// responsible fills who answers for the action in the current period.
func (h *actionHandler) responsible(r *http.Request, a actionInfo, d *actionData) error {
	s := h.s
	lang := s.lang()
	p := s.currentPeriod()
	rv := responsibleView{Period: p.String(), PeriodLabel: i18n.PeriodLabel(p.String(), lang)}
	overrides, err := s.deps.Store.ActionContacts(r.Context(), p.String())
	if err != nil {
		return err
	}
	current := ""
	for _, o := range overrides {
		if o.ActionRef == a.ActionRef {
			current, rv.Override = o.ContactKey, true
		}
	}
	if current == "" && len(a.Action.Owners) > 0 {
		for _, member := range s.deps.Config.Expand(a.Action.Owners[0]) {
			if c, ok := s.deps.Config.Lead(member); ok {
				current = c.Key
				break
			}
		}
	}
	rv.Current = s.contactLabel(r.Context(), current)
	rv.Options = append(rv.Options, choice{Value: "", Label: label("action.responsible.default", lang)})
	// The contacts of the organisations of this programme (its owners and those its actions
	// name): a national installation has thousands of contacts, of whom only the action's
	// region can answer for it.
	named := map[string]bool{}
	for _, k := range a.Programme.OwnerKeys() {
		named[k] = true
	}
	for _, lf := range a.Programme.Leaves() {
		for _, o := range lf.Action.Owners {
			named[o] = true
		}
	}
	owners := slices.Sorted(maps.Keys(named))
	seen := map[string]bool{}
	for _, ok := range owners {
		for _, c := range s.deps.Config.ContactsFor(ok) {
			if c.Key == "" || seen[c.Key] {
				continue
			}
			seen[c.Key] = true
			rv.Options = append(rv.Options, choice{Value: c.Key, Label: c.Name + " (" + s.ownerName(ok) + ")",
				Selected: rv.Override && c.Key == current})
		}
	}
	if rv.Override && !seen[current] { // chosen before from outside the programme's organisations
		rv.Options = append(rv.Options, choice{Value: current, Label: rv.Current, Selected: true})
	}
	d.Responsible = rv
	return nil
}

// coordinatorParts fills what only coordinators see: answers, messages, audit.
func (h *actionHandler) coordinatorParts(r *http.Request, a actionInfo, d *actionData) error {
	s := h.s
	ctx := r.Context()
	lang := s.lang()
	resps, err := s.deps.Store.Responses(ctx, store.RefAction, a.ActionRef, "")
	if err != nil {
		return err
	}
	latest := map[string]int{}
	for _, rs := range resps {
		latest[rs.Period+"/"+rs.ContactKey] = max(latest[rs.Period+"/"+rs.ContactKey], rs.Version)
	}
	contacts := map[string]bool{}
	for i := len(resps) - 1; i >= 0; i-- { // newest period first
		rs := resps[i]
		contacts[rs.ContactKey] = true
		row := answerRow{ID: rs.ID, Period: i18n.PeriodLabel(rs.Period, lang), Contact: s.contactLabel(ctx, rs.ContactKey),
			When: i18n.FormatDateTime(rs.CreatedAt, lang), Source: label("answer.source."+rs.Source, lang), By: s.personLabel(ctx, rs.CreatedBy),
			Version: rs.Version, Status: answerStatusView(rs.Status, lang), Text: rs.Toelichting, Approved: rs.Approved,
			ApprovedBy: s.personLabel(ctx, rs.ApprovedBy), ApprovedAt: i18n.FormatDateTime(rs.ApprovedAt, lang),
			Latest: rs.Version == latest[rs.Period+"/"+rs.ContactKey], FieldID: fmt.Sprintf("antwoord-%d", rs.ID)}
		row.EditAction = fmt.Sprintf("%s/antwoorden/%d/tekst", d.Base, rs.ID)
		row.ApproveAction = fmt.Sprintf("%s/antwoorden/%d/goedkeuren", d.Base, rs.ID)
		d.Answers = append(d.Answers, row)
	}
	// The messages: everything sent under the status requests of the contacts asked about
	// this action (or who answered it), in every configured period.
	asked, err := s.deps.Cycle.AskedAbout(ctx, s.currentPeriod(), a.ActionRef)
	if err != nil {
		return err
	}
	for _, ck := range asked {
		contacts[ck] = true
	}
	var refs []string
	for _, m := range s.deps.Config.Meetings {
		for ck := range contacts {
			refs = append(refs, outbox.RequestKey(m.ReportingPeriod().String(), ck))
		}
	}
	if len(refs) > 0 {
		msgs, err := s.deps.Store.OutboxMessages(ctx, store.OutboxQuery{Refs: refs})
		if err != nil {
			return err
		}
		for _, m := range msgs {
			mv := messageView{Key: m.Key, Kind: m.Kind, Subject: m.Subject, To: m.Recipient,
				Status: label("message.status."+m.Status, lang), Created: i18n.FormatDateTime(m.CreatedAt, lang),
				Sent: i18n.FormatDateTime(m.SentAt, lang), LastError: m.LastError}
			atts, err := s.deps.Store.Attempts(ctx, m.Key)
			if err != nil {
				return err
			}
			for _, at := range atts {
				outcome := label("message.outcome."+at.Outcome, lang)
				if at.Late {
					outcome = fmt.Sprintf(label("message.outcome.late", lang), outcome)
				}
				mv.Attempts = append(mv.Attempts, attemptView{Number: strconv.Itoa(at.Attempt), When: i18n.FormatDateTime(at.AttemptedAt, lang),
					Outcome: outcome, Error: at.Error})
			}
			d.Messages = append(d.Messages, mv)
		}
	}
	entries, err := s.deps.Store.Audit(ctx, auditEntityAction, a.ActionRef)
	if err != nil {
		return err
	}
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		d.Audit = append(d.Audit, auditView{When: i18n.FormatDateTime(e.At, lang), Who: s.personLabel(ctx, e.Actor),
			What: label("audit."+e.Action, lang), Before: string(e.Before), After: string(e.After)})
	}
	return nil
}

// maxReason is the longest reason accepted for a status or date change.
const maxReason = 500

func (h *actionHandler) back(w http.ResponseWriter, r *http.Request, a actionInfo, notice, anchor string) {
	path := "/acties/" + a.Ref
	if notice != "" {
		path += "?melding=" + notice
	}
	http.Redirect(w, r, path+anchor, http.StatusSeeOther)
}

// response loads the answer named in the path and checks that it is about this action.
func (h *actionHandler) response(w http.ResponseWriter, r *http.Request, a actionInfo) (store.Response, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.s.notFound(w, r)
		return store.Response{}, false
	}
	resp, err := h.s.deps.Store.Response(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (resp.Ref != a.ActionRef || resp.RefKind != store.RefAction)) {
		h.s.notFound(w, r)
		return store.Response{}, false
	}
	if err != nil {
		h.s.fail(w, r, "response", err)
		return store.Response{}, false
	}
	return resp, true
}

// editText stores the coordinator's text as a new version (source board); the original
// version stays.
func (h *actionHandler) editText(w http.ResponseWriter, r *http.Request) {
	s := h.s
	a, ok := h.load(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	old, ok := h.response(w, r, a)
	if !ok {
		return
	}
	text := strings.TrimSpace(r.PostForm.Get("toelichting"))
	if utf8.RuneCountInString(text) > maxToelichting {
		h.back(w, r, a, "fout-te-lang", "#antwoorden")
		return
	}
	if text == old.Toelichting {
		h.back(w, r, a, "ongewijzigd", "#antwoorden")
		return
	}
	u := signedIn(r)
	nv, err := s.deps.Store.AddResponse(r.Context(), store.Response{RefKind: old.RefKind, Ref: old.Ref, ContactKey: old.ContactKey,
		Period: old.Period, Status: old.Status, Toelichting: text, Indicators: old.Indicators, Source: store.SourceBoard,
		CreatedBy: u.Key}, s.now())
	if err != nil {
		s.fail(w, r, "edit answer", err)
		return
	}
	if err := s.audit(r.Context(), u, "antwoord-bewerkt", auditEntityAction, a.ActionRef,
		map[string]any{"response": old.ID, "version": old.Version, "contact": old.ContactKey, "period": old.Period, "toelichting": old.Toelichting},
		map[string]any{"response": nv.ID, "version": nv.Version, "contact": nv.ContactKey, "period": nv.Period, "toelichting": nv.Toelichting}); err != nil {
		s.fail(w, r, "audit", err)
		return
	}
	h.back(w, r, a, "antwoord-bewerkt", "#antwoorden")
}

func (h *actionHandler) approve(w http.ResponseWriter, r *http.Request) {
	s := h.s
	a, ok := h.load(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	old, ok := h.response(w, r, a)
	if !ok {
		return
	}
	u := signedIn(r)
	nv, err := s.deps.Store.ApproveResponse(r.Context(), old.ID, u.Key, s.now())
	if err != nil {
		s.fail(w, r, "approve", err)
		return
	}
	if !old.Approved {
		if err := s.audit(r.Context(), u, "antwoord-goedgekeurd", auditEntityAction, a.ActionRef,
			map[string]any{"response": old.ID, "approved": false},
			map[string]any{"response": nv.ID, "approved": true, "approved_by": nv.ApprovedBy}); err != nil {
			s.fail(w, r, "audit", err)
			return
		}
	}
	h.back(w, r, a, "goedgekeurd", "#antwoorden")
}

// task loads the task named in the form and checks that it belongs to this action.
func (h *actionHandler) task(w http.ResponseWriter, r *http.Request, a actionInfo) (store.TaskRow, bool) {
	t, err := h.s.deps.Store.Task(r.Context(), r.PostForm.Get("taak"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && (t.Programme != a.Programme.Key || t.Goal != a.Goal.Number || t.Action != a.Action.Letter)) {
		h.s.errorPage(w, r, http.StatusBadRequest, errBadForm)
		return t, false
	}
	if err != nil {
		h.s.fail(w, r, "task", err)
		return t, false
	}
	return t, true
}

func reason(r *http.Request) (string, bool) {
	v := strings.TrimSpace(r.PostForm.Get("reden"))
	return v, v != "" && utf8.RuneCountInString(v) <= maxReason
}

func (h *actionHandler) taskStatus(w http.ResponseWriter, r *http.Request) {
	s := h.s
	a, ok := h.load(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	t, ok := h.task(w, r, a)
	if !ok {
		return
	}
	status := r.PostForm.Get("status")
	if status != store.TaskDone && status != store.TaskCancelled && status != "" {
		h.back(w, r, a, "fout-status", "#taken")
		return
	}
	why, ok := reason(r)
	if !ok {
		h.back(w, r, a, "fout-reden", "#taken")
		return
	}
	u := signedIn(r)
	nt, err := s.deps.Store.SetTaskStatus(r.Context(), t.Key, status, why, u.Key, s.now())
	if err != nil {
		s.fail(w, r, "task status", err)
		return
	}
	if err := s.audit(r.Context(), u, "taakstatus", auditEntityAction, a.ActionRef,
		map[string]any{"task": t.Key, "status": t.StatusOverride},
		map[string]any{"task": nt.Key, "status": nt.StatusOverride, "reason": why}); err != nil {
		s.fail(w, r, "audit", err)
		return
	}
	h.back(w, r, a, "taak-bijgewerkt", "#taken")
}

// parseDay reads a date as the date field sends it (2027-03-31) or as people type it
// (31-03-2027).
func parseDay(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{time.DateOnly, "2-1-2006", "2/1/2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (h *actionHandler) taskDue(w http.ResponseWriter, r *http.Request) {
	s := h.s
	a, ok := h.load(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	t, ok := h.task(w, r, a)
	if !ok {
		return
	}
	due, ok := parseDay(r.PostForm.Get("datum"))
	if !ok {
		h.back(w, r, a, "fout-datum", "#taken")
		return
	}
	why, ok := reason(r)
	if !ok {
		h.back(w, r, a, "fout-reden", "#taken")
		return
	}
	u := signedIn(r)
	nt, err := s.deps.Store.SetTaskDue(r.Context(), t.Key, due, why, u.Key, s.now())
	if err != nil {
		s.fail(w, r, "task due", err)
		return
	}
	if err := s.audit(r.Context(), u, "deadline-verplaatst", auditEntityAction, a.ActionRef,
		map[string]any{"task": t.Key, "due": t.EffectiveDue().Format(time.DateOnly)},
		map[string]any{"task": nt.Key, "due": nt.EffectiveDue().Format(time.DateOnly), "reason": why}); err != nil {
		s.fail(w, r, "audit", err)
		return
	}
	h.back(w, r, a, "taak-bijgewerkt", "#taken")
}

func (h *actionHandler) setContact(w http.ResponseWriter, r *http.Request) {
	s := h.s
	a, ok := h.load(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	p, err := config.ParsePeriod(r.PostForm.Get("periode"))
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest, errBadForm)
		return
	}
	contact := r.PostForm.Get("contactpersoon")
	if contact != "" {
		if _, ok := s.deps.Config.Contact(contact); !ok {
			s.errorPage(w, r, http.StatusBadRequest, errBadForm)
			return
		}
	}
	before := ""
	olds, err := s.deps.Store.ActionContacts(r.Context(), p.String())
	if err != nil {
		s.fail(w, r, "action contacts", err)
		return
	}
	for _, o := range olds {
		if o.ActionRef == a.ActionRef {
			before = o.ContactKey
		}
	}
	u := signedIn(r)
	if err := s.deps.Store.SetActionContact(r.Context(), store.ActionContact{Period: p.String(), ActionRef: a.ActionRef,
		ContactKey: contact, SetBy: u.Key, SetAt: s.now()}); err != nil {
		s.fail(w, r, "action contact", err)
		return
	}
	if err := s.audit(r.Context(), u, "contactpersoon", auditEntityAction, a.ActionRef,
		map[string]any{"period": p.String(), "contact": before}, map[string]any{"period": p.String(), "contact": contact}); err != nil {
		s.fail(w, r, "audit", err)
		return
	}
	h.back(w, r, a, "contactpersoon", "#contactpersoon")
}

// taskListData is what the actiontasks template gets: the page (for labels and forms), the
// tasks and the caption's label key.
type taskListData struct {
	Data    actionData
	Tasks   []actionTask
	Caption string
}

var templateFuncs = template.FuncMap{
	// answerItem hands one action of the answer form to its template with the page.
	"answerItem": func(page any, item itemView) map[string]any { return map[string]any{"Page": page, "Item": item} },
	"taskList": func(d actionData, tasks []actionTask, caption string) taskListData {
		return taskListData{Data: d, Tasks: tasks, Caption: caption}
	},
}
