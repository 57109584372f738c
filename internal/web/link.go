package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/links"
	"github.com/regiogv/voortgang/internal/store"
)

// answerLink is what a verified answer link opens: one contact's round for one period.
type answerLink struct {
	Token       string
	Claims      links.Claims
	Period      config.Period
	ContactKey  string
	ContactName string
	Meeting     config.Meeting
	HasMeeting  bool
	Open        bool // answers are still accepted
}

// openLink checks the token in the path (signature, purpose, expiry), the status request it
// names (it must exist, belong to the same contact and period, and not be revoked) and
// resolves the contact. When the link does not hold it writes the error page and returns
// false: 404 for a link that is not ours or was altered, 410 for an expired or revoked one.
func (s *Server) openLink(w http.ResponseWriter, r *http.Request) (answerLink, bool) {
	noStore(w)
	token := r.PathValue("token")
	now := s.now()
	claims, err := s.deps.Signer.Verify(token, links.Answer, now)
	switch {
	case errors.Is(err, links.ErrExpired):
		s.errorPage(w, r, http.StatusGone, errExpiredLink)
		return answerLink{}, false
	case err != nil:
		s.errorPage(w, r, http.StatusNotFound, errInvalidLink)
		return answerLink{}, false
	}
	period, err := config.ParsePeriod(claims.Period)
	if err != nil || claims.Request == "" || claims.Subject == "" {
		s.errorPage(w, r, http.StatusNotFound, errInvalidLink)
		return answerLink{}, false
	}
	sr, err := s.deps.Store.StatusRequest(r.Context(), claims.Request)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.errorPage(w, r, http.StatusNotFound, errInvalidLink)
		return answerLink{}, false
	case err != nil:
		s.fail(w, r, "status request", err)
		return answerLink{}, false
	}
	if sr.ContactKey != claims.Subject || sr.Period != period.String() {
		s.errorPage(w, r, http.StatusNotFound, errInvalidLink)
		return answerLink{}, false
	}
	if !sr.RevokedAt.IsZero() {
		s.errorPage(w, r, http.StatusGone, errRevoked)
		return answerLink{}, false
	}
	l := answerLink{Token: token, Claims: claims, Period: period, ContactKey: claims.Subject}
	l.ContactName = s.contactName(r.Context(), claims.Subject)
	l.Meeting, l.HasMeeting = s.deps.Cycle.Meeting(period)
	l.Open = s.deps.Cycle.Open(period, now)
	return l, true
}

// contactName is the contact's name from the configuration, else from the store, else "".
func (s *Server) contactName(ctx context.Context, key string) string {
	if c, ok := s.deps.Config.Contact(key); ok {
		return c.Name
	}
	if c, err := s.deps.Store.Contact(ctx, key); err == nil {
		return c.Name
	}
	return ""
}

// round loads the contact's items for the link's period and their current answers by
// action reference.
func (s *Server) round(ctx context.Context, l answerLink) ([]cycle.Item, map[string]store.Response, error) {
	round, err := s.deps.Cycle.LoadContactRound(ctx, l.Period, l.ContactKey)
	if err != nil {
		return nil, nil, err
	}
	current := map[string]store.Response{}
	for _, resp := range round.Responses {
		if resp.ContactKey == l.ContactKey {
			current[resp.Ref] = resp
		}
	}
	return round.Items[l.ContactKey], current, nil
}

// fail logs an unexpected error and shows the 500 page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, what string, err error) {
	s.log.Error("web: "+what, "method", r.Method, "path", redactPath(r.URL.Path), "err", err)
	s.errorPage(w, r, http.StatusInternalServerError, errInternal)
}
