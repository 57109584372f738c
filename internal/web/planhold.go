package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/store"
)

// planHoldView is a held reconcile as the overview's banner shows it.
type planHoldView struct {
	Programme   string
	Fingerprint string
	Text        string // "… would mark 805 of 859 open tasks obsolete …"
	Examples    string
	Since       string
	AcceptForm  string // "" for viewers, or when the app cannot accept (no AcceptPlan)
}

// planHolds are the held reconciles for the banner on the overview.
func (s *Server) planHolds(r *http.Request) ([]planHoldView, error) {
	holds, err := s.deps.Store.PlanHolds(r.Context())
	if err != nil {
		return nil, err
	}
	lang := s.lang()
	coordinator := isCoordinator(signedIn(r))
	var out []planHoldView
	for _, h := range holds {
		v := planHoldView{Programme: h.Programme, Fingerprint: h.Fingerprint,
			Text:     fmt.Sprintf(label("planhold.text", lang), h.Programme, h.Obsolete, h.OpenTasks),
			Examples: strings.Join(h.Examples, ", "), Since: i18n.FormatDateTime(h.HeldAt, lang)}
		if coordinator && s.deps.AcceptPlan != nil {
			v.AcceptForm = "/plan/" + h.Programme + "/accepteren"
		}
		out = append(out, v)
	}
	return out, nil
}

// acceptPlan applies a held reconcile on a coordinator's word (the app audits it).
func (s *Server) acceptPlan(w http.ResponseWriter, r *http.Request) {
	if s.deps.AcceptPlan == nil {
		s.errorPage(w, r, http.StatusNotFound, errNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	programme, fp := r.PathValue("programme"), r.PostForm.Get("vingerafdruk")
	if fp == "" {
		s.errorPage(w, r, http.StatusBadRequest, errBadForm)
		return
	}
	err := s.deps.AcceptPlan(r.Context(), programme, fp, signedIn(r).Key)
	if errors.Is(err, store.ErrNotFound) {
		seeOther(w, r, "/", "plan-gewijzigd") // the files changed since the page was shown
		return
	}
	if err != nil {
		s.fail(w, r, "accept plan", err)
		return
	}
	seeOther(w, r, "/", "plan-geaccepteerd")
}
