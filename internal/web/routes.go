package web

import "net/http"

// boardRoutes registers the coordinators' board. Every page needs a signed-in user; pages
// that change something need a coordinator and are POST only (CrossOriginProtection guards
// them). Viewers see the programme's state but not the answers' texts, the messages or the
// audit trail. The calendar feeds are reached with a signed token instead of a session, so
// calendar programs can subscribe.
func (s *Server) boardRoutes(mux *http.ServeMux) {
	login := &loginHandler{s: s}
	mux.HandleFunc("GET /inloggen", login.show)
	mux.Handle("POST /inloggen", s.limit(http.HandlerFunc(login.submit)))
	mux.HandleFunc("POST /uitloggen", login.logout)
	if s.oidc != nil {
		mux.HandleFunc("GET /inloggen/oidc", s.oidc.start)
		mux.HandleFunc("GET /inloggen/oidc/terug", s.oidc.callback)
	}
	view := func(h http.HandlerFunc) http.Handler { return s.requireUser(false, h) }
	edit := func(h http.HandlerFunc) http.Handler { return s.requireUser(true, h) }

	ov := &overviewHandler{s: s}
	mux.Handle("GET /{$}", view(ov.show))
	mux.Handle("POST /plan/{programme}/accepteren", edit(s.acceptPlan))

	pe := &periodHandler{s: s}
	mux.Handle("GET /periode", view(pe.current))
	mux.Handle("GET /periode/{period}", view(pe.show))
	mux.Handle("POST /periode/{period}/herinnering", edit(pe.remind))

	ob := &outboxHandler{s: s}
	mux.Handle("GET /berichten", view(ob.show))
	mux.Handle("POST /berichten/opnieuw", edit(ob.resend))

	ta := &tasksHandler{s: s}
	mux.Handle("GET /taken", view(ta.show))
	mux.Handle("POST /taken/voor-de-start", edit(http.HandlerFunc(s.closeHistory)))
	mux.Handle("GET /taken.csv", view(ta.csv))

	ac := &actionHandler{s: s}
	mux.Handle("GET /acties/{ref}", view(ac.show))
	mux.Handle("POST /acties/{ref}/antwoorden/{id}/tekst", edit(ac.editText))
	mux.Handle("POST /acties/{ref}/antwoorden/{id}/goedkeuren", edit(ac.approve))
	mux.Handle("POST /acties/{ref}/taken/status", edit(ac.taskStatus))
	mux.Handle("POST /acties/{ref}/taken/datum", edit(ac.taskDue))
	mux.Handle("POST /acties/{ref}/contactpersoon", edit(ac.setContact))

	dr := &draftsHandler{s: s}
	mux.Handle("GET /concepten", view(dr.current))
	mux.Handle("GET /concepten/{period}", view(dr.show))
	mux.Handle("POST /concepten/{period}", edit(dr.build))
	mux.Handle("GET /concepten/{period}/{version}/bekijken", view(dr.preview))
	mux.Handle("GET /concepten/{period}/{version}/{format}", view(dr.download))

	pv := &postvakHandler{s: s}
	mux.Handle("GET /postvak", view(pv.list))
	mux.Handle("GET /postvak/{id}", view(pv.show))
	mux.Handle("POST /postvak/{id}/toewijzen", edit(pv.assign))
	mux.Handle("POST /postvak/{id}/afwijzen", edit(pv.reject))

	s.editRoutes(mux, view, edit)

	ca := &calendarHandler{s: s}
	mux.Handle("GET /kalender", view(ca.show))
	mux.Handle("GET /kalender/feed/{token}", s.limitFeed(http.HandlerFunc(ca.feed)))
}
