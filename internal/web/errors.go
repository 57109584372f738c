package web

import (
	"net/http"
)

// errorData is the data of the error page.
type errorData struct {
	Page
	Heading string
	Message string
	Hint    string
}

// error kinds, each with a heading, a message and a hint in the label table.
const (
	errInvalidLink = "invalid"     // 404: not our token, altered, wrong purpose, unknown request
	errExpiredLink = "expired"     // 410: a genuine link past its expiry
	errRevoked     = "revoked"     // 410: the status request was withdrawn
	errNotFound    = "notfound"    // 404: no such page
	errInternal    = "internal"    // 500
	errRateLimited = "ratelimit"   // 429
	errCrossOrigin = "crossorigin" // 403: refused by CrossOriginProtection
	errBadForm     = "badform"     // 400, 413: a form body that cannot be read
	errSignedOut   = "signedout"   // 401: a board form posted without a session
	errForbidden   = "forbidden"   // 403: a viewer tried a coordinator's action
)

// errorPage renders the error page of kind with code. Pages behind a token are never cached.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, code int, kind string) {
	lang := s.lang()
	noStore(w)
	s.render(w, r, code, "error", errorData{
		Page:    Page{Lang: lang, Title: label("error."+kind+".title", lang)},
		Heading: label("error."+kind+".title", lang),
		Message: label("error."+kind+".message", lang),
		Hint:    label("error."+kind+".hint", lang),
	})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, errNotFound)
}

func (s *Server) crossOrigin(w http.ResponseWriter, r *http.Request) {
	s.log.Warn("web: cross-origin request refused", "method", r.Method, "path", redactPath(r.URL.Path),
		"origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
	s.errorPage(w, r, http.StatusForbidden, errCrossOrigin)
}
