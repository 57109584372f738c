package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/regiogv/voortgang/internal/programme"
)

// editForm is what every form that makes a proposal shares (the action, a new action or doel,
// a doel's own fields, the owners), and the frame templates/partials/editform.html draws
// around the page's own fields (its "editfields" template): the way back, the introduction,
// the summary of what must be mended (each entry linking to its field), the reason and the
// buttons.
type editForm struct {
	CrumbHref, CrumbText string // the way back; none when CrumbHref is ""
	Intro                string // said before the introduction all edit forms share
	Action               string // where the form posts
	MeaningHref          string // the live meaning of a phrase (edit.js); "" on forms without phrases
	Preview              bool   // the form has the "update meanings" button
	Reason               editField
	Errors               []errorLink
}

func newEditForm(action, reason, lang string) editForm {
	return editForm{Action: action,
		Reason: editField{ID: "reden", Name: "reden", Label: label("edit.reason", lang), Value: reason, Hint: label("edit.reason.hint", lang)}}
}

// requireReason marks an empty reason: every proposal says why.
func (e *editForm) requireReason(lang string) {
	if strings.TrimSpace(e.Reason.Value) == "" {
		e.fail(&e.Reason, label("edit.error.reason", lang))
	}
}

// fail marks field f with msg and links it from the summary.
func (e *editForm) fail(f *editField, msg string) {
	f.Error = msg
	e.Errors = append(e.Errors, errorLink{Href: "#" + f.ID, Text: f.Label + ": " + msg})
}

// current is the workflow file in force of programme key, as the change is made against;
// false when it answered the request with an error page.
func (s *Server) current(w http.ResponseWriter, r *http.Request, key string) ([]byte, bool) {
	_, src, err := s.deps.Proposals.Current(r.Context(), key)
	if err != nil {
		s.fail(w, r, "edit: current file", err)
		return nil, false
	}
	return src, true
}

// propose stores out, the changed workflow file of programme key, as a proposal and sends the
// browser to it, where the coordinator sees its plan diff and confirms it. When out does not
// validate, refuse gets the file's errors to show the form again; any other failure is a 500.
func (s *Server) propose(w http.ResponseWriter, r *http.Request, key string, out []byte, summary, reason string, refuse func(programme.Errors)) {
	pr, err := s.deps.Proposals.Propose(r.Context(), key, out, summary, reason, signedIn(r).Key)
	var es programme.Errors
	if errors.As(err, &es) {
		refuse(es)
		return
	}
	if err != nil {
		s.fail(w, r, "edit: propose", err)
		return
	}
	http.Redirect(w, r, proposalHref(pr.ID), http.StatusSeeOther)
}

func proposalHref(id int64) string { return "/voorstellen/" + strconv.FormatInt(id, 10) }

// fileErrors links each of the file's errors to the form field its column names.
func fileErrors(es programme.Errors) []errorLink {
	out := make([]errorLink, len(es))
	for i, e := range es {
		out[i] = errorLink{Href: "#" + fieldFor(e.Column), Text: strings.TrimSpace(e.Column + ": " + e.Msg)}
	}
	return out
}

// joinErrors is the file's errors in one line, for a form whose fields they do not map to.
func joinErrors(es programme.Errors) string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = strings.TrimSpace(e.Column + ": " + e.Msg)
	}
	return strings.Join(msgs, "; ")
}

// changeError is the message of a change that programme refused (a move past the end, an owner
// still named), as the form shows it.
func changeError(err error) string { return strings.TrimPrefix(err.Error(), "programme: ") }
