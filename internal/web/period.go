package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

// periodHandler serves the state of one status round: per contact whether they were asked,
// reminded, escalated, whether they answered, and whether they are away or their mail
// bounced; coordinators can send a reminder now, to the contact or to the deputy.
type periodHandler struct{ s *Server }

type periodData struct {
	Page
	Period      string
	PeriodLabel string
	Meeting     string
	Deadline    string
	Open        bool
	Notice      string
	Coordinator bool
	Contacts    []periodContact
	Periods     []periodLink
	Chooser     *programmeChooser // nil with one programme
}

type periodLink struct {
	Href, Label string
	Current     bool
}

type periodContact struct {
	Key, Name  string
	Answered   int
	Total      int
	Status     statusView
	Asked      string // date the request went out; "" while it has not
	NotSent    string // why it has not: still queued, or failed for good
	ResendKey  string // the failed outbox row a coordinator can send again
	Reminded   string // "2× , laatst 3 december 2026"
	Escalated  string
	AwayUntil  string
	Bounced    string
	Delayed    string // a delay warning (not a bounce) on the request or a reminder
	Deputy     string // the deputy's name, "" without one
	CanRemind  bool
	RemindForm string
}

func (h *periodHandler) current(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/periode/"+h.s.currentPeriod().String(), http.StatusSeeOther)
}

func (h *periodHandler) period(w http.ResponseWriter, r *http.Request) (config.Period, bool) {
	p, err := config.ParsePeriod(r.PathValue("period"))
	if err != nil {
		h.s.notFound(w, r)
		return p, false
	}
	return p, true
}

func (h *periodHandler) show(w http.ResponseWriter, r *http.Request) {
	s := h.s
	ctx := r.Context()
	p, ok := h.period(w, r)
	if !ok {
		return
	}
	lang := s.lang()
	d := periodData{Page: s.boardPage(r, "period", fmt.Sprintf(label("period.title", lang), i18n.PeriodLabel(p.String(), lang))),
		Period: p.String(), PeriodLabel: i18n.PeriodLabel(p.String(), lang), Notice: notice(r, lang),
		Coordinator: isCoordinator(signedIn(r)), Open: s.deps.Cycle.Open(p, s.now())}
	for _, m := range s.deps.Config.Meetings {
		mp := m.ReportingPeriod()
		d.Periods = append(d.Periods, periodLink{Href: "/periode/" + mp.String(), Label: i18n.PeriodLabel(mp.String(), lang), Current: mp == p})
	}
	if m, ok := s.deps.Config.MeetingFor(p); ok {
		d.Meeting = fmt.Sprintf(label("answer.meeting", lang), m.Name, i18n.FormatDate(m.Day(), lang))
		d.Deadline = i18n.FormatDate(m.Deadline(), lang)
	}
	// With several programmes (a national installation) the page shows one programme's
	// round, chosen with ?programma=key like the overview, and reads only its tasks.
	var round *cycle.Round
	var err error
	if progs := s.programmes(); len(progs) > 1 {
		prog, ok := chosenProgramme(r, progs)
		if !ok {
			s.errorPage(w, r, http.StatusNotFound, errNotFound)
			return
		}
		chosen := prog.Key
		d.Chooser = s.choices.chooser(progs, chosen, "/periode/"+p.String())
		for i := range d.Periods {
			d.Periods[i].Href += "?programma=" + url.QueryEscape(chosen)
		}
		round, err = s.deps.Cycle.LoadProgrammeRound(ctx, p, chosen)
	} else {
		round, err = s.deps.Cycle.LoadRound(ctx, p)
	}
	if err != nil {
		s.fail(w, r, "period round", err)
		return
	}
	reqs, err := s.deps.Store.StatusRequests(ctx, p.String())
	if err != nil {
		s.fail(w, r, "period requests", err)
		return
	}
	reqBy := map[string]store.StatusRequestInfo{}
	for _, rq := range reqs {
		reqBy[rq.ContactKey] = rq
	}
	reminders, err := s.deps.Store.OutboxMessages(ctx, store.OutboxQuery{KeyPrefix: outbox.ReminderPrefix(p.String())})
	if err != nil {
		s.fail(w, r, "period reminders", err)
		return
	}
	remBy := map[string][]store.OutboxMessage{}
	for _, m := range reminders {
		if _, contact, ok := outbox.ParseReminderKey(m.Key); ok {
			remBy[contact] = append(remBy[contact], m)
		}
	}
	// The request rows (mail, Slack, fallback mail) per contact: whether the request went out.
	asks, err := s.deps.Store.OutboxMessages(ctx, store.OutboxQuery{KeyPrefix: outbox.RequestPrefix(p.String())})
	if err != nil {
		s.fail(w, r, "period requests", err)
		return
	}
	askBy := map[string][]store.OutboxMessage{}
	for _, m := range asks {
		if _, contact, ok := outbox.ParseContactKey(m.Key); ok {
			askBy[contact] = append(askBy[contact], m)
		}
	}
	escalations, err := s.deps.Store.OutboxMessages(ctx, store.OutboxQuery{KeyPrefix: outbox.EscalationPrefix(p.String()) + "/"})
	if err != nil {
		s.fail(w, r, "period escalations", err)
		return
	}
	delayedBy := map[string]store.DeliveryWarning{}
	for _, prefix := range []string{outbox.RequestPrefix(p.String()), outbox.ReminderPrefix(p.String())} {
		ws, err := s.deps.Store.DeliveryWarnings(ctx, prefix)
		if err != nil {
			s.fail(w, r, "period delivery warnings", err)
			return
		}
		for _, dw := range ws {
			if _, contact, ok := outbox.ParseContactKey(dw.OutboxKey); ok && dw.At.After(delayedBy[contact].At) {
				delayedBy[contact] = dw
			}
		}
	}
	contacts, err := s.deps.Store.Contacts(ctx)
	if err != nil {
		s.fail(w, r, "period contacts", err)
		return
	}
	stored := map[string]store.Contact{}
	for _, c := range contacts {
		stored[c.Key] = c
	}
	for _, ck := range round.Contacts() {
		items := round.Items[ck]
		pc := periodContact{Key: ck, Name: s.contactLabel(ctx, ck), Total: len(items), RemindForm: "/periode/" + p.String() + "/herinnering"}
		for _, it := range items {
			if it.Answered {
				pc.Answered++
			}
		}
		switch {
		case pc.Answered == pc.Total:
			pc.Status = statusView{Class: "status-klaar", Text: label("period.status.done", lang)}
		case pc.Answered > 0:
			pc.Status = statusView{Class: "status-let-op", Text: label("period.status.partly", lang)}
		default:
			pc.Status = statusView{Class: "status-te-laat", Text: label("period.status.none", lang), Icon: "⚠"}
		}
		if rq, ok := reqBy[ck]; ok {
			askedAt(&pc, rq, askBy[ck], lang)
		}
		if rs := remBy[ck]; len(rs) > 0 {
			pc.Reminded = fmt.Sprintf(label("period.reminded", lang), len(rs), i18n.FormatDate(rs[len(rs)-1].CreatedAt, lang))
		}
		if len(escalations) > 0 {
			entries, err := s.deps.Store.Audit(ctx, cycle.AuditEntityRequest, outbox.RequestKey(p.String(), ck))
			if err != nil {
				s.fail(w, r, "period escalated", err)
				return
			}
			for _, e := range entries {
				if e.Action == cycle.AuditEscalated {
					pc.Escalated = i18n.FormatDate(e.At, lang)
				}
			}
		}
		if c := stored[ck]; !c.AwayUntil.IsZero() && !c.AwayUntil.Before(s.today()) {
			pc.AwayUntil = i18n.FormatDate(c.AwayUntil, lang)
		}
		if c := stored[ck]; !c.BouncedAt.IsZero() {
			pc.Bounced = i18n.FormatDate(c.BouncedAt, lang)
		}
		if dw, ok := delayedBy[ck]; ok && pc.Bounced == "" && pc.Answered < pc.Total {
			pc.Delayed = i18n.FormatDate(dw.At, lang)
		}
		if c, ok := s.deps.Config.Contact(ck); ok {
			if dep, ok := s.deps.Config.Deputy(c); ok {
				pc.Deputy = dep.Name
			}
		}
		pc.CanRemind = d.Coordinator && d.Open && pc.Answered < pc.Total
		d.Contacts = append(d.Contacts, pc)
	}
	s.render(w, r, http.StatusOK, "period", d)
}

// remind sends a reminder now. The outbox key counts the board's reminders of the contact in
// the period, so a double click (two posts computing the same number) sends one.
func (h *periodHandler) remind(w http.ResponseWriter, r *http.Request) {
	s := h.s
	ctx := r.Context()
	p, ok := h.period(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	contact := r.PostForm.Get("contact")
	toDeputy := r.PostForm.Get("aan") == "vervanger"
	if _, ok := s.deps.Config.Contact(contact); !ok {
		s.errorPage(w, r, http.StatusBadRequest, errBadForm)
		return
	}
	prefix := outbox.BoardReminderPrefix(p.String(), contact)
	existing, err := s.deps.Store.OutboxMessages(ctx, store.OutboxQuery{KeyPrefix: prefix})
	if err != nil {
		s.fail(w, r, "remind", err)
		return
	}
	key := outbox.BoardReminderKey(p.String(), contact, len(existing)+1)
	to, created, err := s.deps.Cycle.RemindNow(ctx, contact, p, toDeputy, key)
	back := "/periode/" + p.String()
	if errors.Is(err, cycle.ErrNothingToRemind) {
		seeOther(w, r, back, "niets-te-herinneren")
		return
	}
	if err != nil {
		s.fail(w, r, "remind", err)
		return
	}
	if created {
		if err := s.audit(ctx, signedIn(r), "herinnering", "contact", contact, nil,
			map[string]any{"period": p.String(), "outbox": key, "to": to, "deputy": toDeputy}); err != nil {
			s.fail(w, r, "audit", err)
			return
		}
	}
	seeOther(w, r, back, "herinnering-verstuurd")
}

// askedAt fills in whether and when the request went out: its SentAt, or (for rows sent
// before SentAt was written) the first sent row of the request; otherwise "not sent yet", or
// "failed" with the row a coordinator can send again. A request the outbox never sent is
// never shown as asked.
func askedAt(pc *periodContact, rq store.StatusRequestInfo, rows []store.OutboxMessage, lang string) {
	at := rq.SentAt
	failed := ""
	for _, m := range rows {
		switch m.Status {
		case store.OutboxSent:
			if at.IsZero() || m.SentAt.Before(at) {
				at = m.SentAt
			}
		case store.OutboxFailed:
			if failed == "" {
				failed = m.Key
			}
		}
	}
	switch {
	case !at.IsZero():
		pc.Asked = i18n.FormatDate(at, lang)
	case failed != "":
		pc.NotSent, pc.ResendKey = label("period.failed", lang), failed
	case len(rows) > 0:
		pc.NotSent = label("period.not_sent", lang)
	}
}
