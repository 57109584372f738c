package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/store"
)

// Milestones that fell before voortgang started (3a Plan 2025 on a board installed in 2026)
// were never asked about, yet a fresh board shows them as te laat. A coordinator closes them
// in one step: they get the status afgehandeld with the reason "vóór de start van voortgang",
// each recorded as any other coordinator's status is, and the step in the audit log.

// historyReason is the reason the one step records on every task it closes.
const historyReason = "vóór de start van voortgang"

// historyView is the overview's offer to close the history.
type historyView struct {
	Intro, Button, Action, Programme string
}

// beforeStart lists the open tasks of a programme that were already past when voortgang first
// planned them: due before the day (in the installation's time zone) they were created.
func (s *Server) beforeStart(ctx context.Context, programme string) ([]store.TaskDates, error) {
	ts, err := s.deps.Store.OverdueDates(ctx, programme, s.today())
	if err != nil {
		return nil, err
	}
	var out []store.TaskDates
	for _, t := range ts {
		created := t.CreatedAt.In(s.deps.Config.Location())
		start := time.Date(created.Year(), created.Month(), created.Day(), 0, 0, 0, 0, time.UTC)
		if !t.CreatedAt.IsZero() && t.Due.Before(start) {
			out = append(out, t)
		}
	}
	return out, nil
}

// history is the offer on the overview, or nil when there is nothing to close.
func (s *Server) history(ctx context.Context, programme, lang string) (*historyView, error) {
	ts, err := s.beforeStart(ctx, programme)
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	first := ts[0].CreatedAt
	for _, t := range ts {
		if t.CreatedAt.Before(first) {
			first = t.CreatedAt
		}
	}
	since := i18n.FormatDate(first, lang)
	v := &historyView{Action: "/taken/voor-de-start", Programme: programme}
	if len(ts) == 1 {
		v.Intro, v.Button = fmt.Sprintf(label("history.intro.one", lang), since), label("history.close.one", lang)
	} else {
		v.Intro, v.Button = fmt.Sprintf(label("history.intro", lang), len(ts), since), fmt.Sprintf(label("history.close", lang), len(ts))
	}
	return v, nil
}

// closeHistory is the one step: every task that was past before voortgang started is closed.
func (s *Server) closeHistory(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	prog := r.PostForm.Get("programma")
	known := false
	for _, p := range s.programmes() {
		known = known || p.Key == prog
	}
	if !known {
		s.errorPage(w, r, http.StatusBadRequest, errBadForm)
		return
	}
	ts, err := s.beforeStart(ctx, prog)
	if err != nil {
		s.fail(w, r, "history", err)
		return
	}
	u := signedIn(r)
	keys := make([]string, 0, len(ts))
	for _, t := range ts {
		if _, err := s.deps.Store.SetTaskStatus(ctx, t.Key, store.TaskDone, historyReason, u.Key, s.now()); err != nil {
			s.fail(w, r, "history", err)
			return
		}
		keys = append(keys, t.Key)
	}
	if err := s.audit(ctx, u, "historie-afgehandeld", "programma", prog, nil,
		map[string]any{"tasks": keys, "status": store.TaskDone, "reason": historyReason}); err != nil {
		s.fail(w, r, "audit", err)
		return
	}
	seeOther(w, r, "/", "historie-afgehandeld")
}
