package web

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
)

// Nav is the board's navigation and the signed-in user, shown in the header of every board
// page. The answer form has none.
type Nav struct {
	User        string
	Role        string
	Coordinator bool
	Items       []navItem
}

type navItem struct {
	Href, Label string
	Current     bool
}

// boardPage is the Page of a board page for the signed-in user; current is the nav entry the
// page belongs to.
func (s *Server) boardPage(r *http.Request, current, title string) Page {
	lang := s.lang()
	u := signedIn(r)
	nav := &Nav{User: u.Name, Role: label("role."+u.Role, lang), Coordinator: isCoordinator(u)}
	if nav.User == "" {
		nav.User = u.Key
	}
	for _, it := range []struct{ key, href string }{
		{"overview", "/"}, {"period", "/periode"}, {"tasks", "/taken"}, {"drafts", "/concepten"}, {"calendar", "/kalender"},
	} {
		nav.Items = append(nav.Items, navItem{Href: it.href, Label: label("nav."+it.key, lang), Current: it.key == current})
	}
	nav.Items = append(nav.Items, s.postvakNav(r, current, lang, nav.Coordinator))
	return Page{Lang: lang, Title: title, Board: true, Nav: nav}
}

// audit records a change made on the board. before and after are marshalled to JSON.
func (s *Server) audit(ctx context.Context, u store.User, action, entity, key string, before, after any) error {
	enc := func(v any) json.RawMessage {
		if v == nil {
			return nil
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil
		}
		return b
	}
	return s.deps.Store.AddAudit(ctx, store.AuditEntry{At: s.now(), Actor: u.Key, Action: action, Entity: entity,
		EntityKey: key, Before: enc(before), After: enc(after)})
}

// today is the calendar date of now in the configured timezone, as a UTC midnight (how the
// store keeps dates).
func (s *Server) today() time.Time {
	t := s.now().In(s.deps.Config.Location())
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// currentPeriod is the reporting period of the next PHO meeting, else the period of today.
func (s *Server) currentPeriod() config.Period {
	if m, ok := s.deps.Config.NextMeeting(s.now()); ok {
		return m.ReportingPeriod()
	}
	return config.PeriodOf(s.today())
}

// programmes are the loaded programmes.
func (s *Server) programmes() []*programme.Programme {
	if s.deps.Cycle.Programmes == nil {
		return nil
	}
	return s.deps.Cycle.Programmes()
}

// chosenProgramme is the programme of progs that ?programma=key names, the first when the
// query names none (nil when there are none); false when it names one that is not loaded.
func chosenProgramme(r *http.Request, progs []*programme.Programme) (*programme.Programme, bool) {
	want := r.URL.Query().Get("programma")
	if want == "" {
		if len(progs) == 0 {
			return nil, true
		}
		return progs[0], true
	}
	i := slices.IndexFunc(progs, func(p *programme.Programme) bool { return p.Key == want })
	if i < 0 {
		return nil, false
	}
	return progs[i], true
}

// actionInfo is where an action stands in its programme.
type actionInfo struct {
	Programme *programme.Programme
	Line      programme.Line
	Goal      programme.Goal
	Action    programme.Action // the leaf (a sub-action has its parent's owners when it has none)
	Ref       string           // "15a"
	ActionRef string           // programme/15a
}

// actions lists every leaf action of the programmes in programme order.
func (s *Server) actions() []actionInfo {
	var out []actionInfo
	for _, p := range s.programmes() {
		for _, lf := range p.Leaves() {
			out = append(out, actionInfo{Programme: p, Line: *lf.Line, Goal: *lf.Goal, Action: *lf.Action, Ref: lf.Ref,
				ActionRef: cycle.ActionRef(p.Key, lf.Ref)})
		}
	}
	return out
}

// findAction looks an action up by its reference ("15a") or full reference.
func (s *Server) findAction(ref string) (actionInfo, bool) {
	for _, a := range s.actions() {
		if a.Ref == ref || a.ActionRef == ref {
			return a, true
		}
	}
	return actionInfo{}, false
}

// ownerName is the display name of an owner key.
func (s *Server) ownerName(key string) string {
	if o, ok := s.deps.Config.Owner(key); ok && o.Name != "" {
		return o.Name
	}
	for _, p := range s.programmes() {
		if o, ok := p.Owners[key]; ok && o.Name != "" {
			return o.Name
		}
	}
	return key
}

// ownerNames joins the display names of owner keys.
func (s *Server) ownerNames(keys []string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = s.ownerName(k)
	}
	return strings.Join(names, ", ")
}

// statusView is a status shown with a colour class and always with its text.
type statusView struct {
	Class string // status-op-schema, status-te-laat …: colour only, the text says it too
	Text  string
	Icon  string // a symbol next to the text for overdue
}

func answerStatusView(status, lang string) statusView {
	code, _ := i18n.ParseStatus(status)
	cls := map[string]string{i18n.StatusOnTrack: "status-goed", i18n.StatusDelayed: "status-let-op", i18n.StatusDone: "status-klaar",
		i18n.StatusNotStarted: "status-neutraal", i18n.StatusCancelled: "status-neutraal"}[code]
	if cls == "" {
		cls = "status-neutraal"
	}
	return statusView{Class: cls, Text: i18n.StatusLabel(status, lang)}
}

// taskStatus is the board's status of a task on today: the coordinator's status, else
// overdue or open.
func taskStatus(t store.TaskRow, today time.Time, lang string) (string, statusView) {
	switch {
	case t.Obsolete():
		return "verouderd", statusView{Class: "status-neutraal", Text: label("task.status.obsolete", lang)}
	case t.StatusOverride == store.TaskDone:
		return store.TaskDone, statusView{Class: "status-klaar", Text: label("task.status.done", lang)}
	case t.StatusOverride == store.TaskCancelled:
		return store.TaskCancelled, statusView{Class: "status-neutraal", Text: label("task.status.cancelled", lang)}
	case !t.EffectiveDue().IsZero() && t.EffectiveDue().Before(today):
		return store.TaskOverdue, statusView{Class: "status-te-laat", Text: label("task.status.overdue", lang), Icon: "⚠"}
	}
	return store.TaskOpen, statusView{Class: "status-open", Text: label("task.status.open", lang)}
}

// phaseLabel names a task's phase for people: Plan, Do, Check, Act, Contractgesprek.
func phaseLabel(t store.TaskRow, lang string) string {
	if t.Kind == planner.ContractMeeting || t.Phase == "" {
		return label("task.kind.contract_meeting", lang)
	}
	return programme.Phase(t.Phase).Column()
}

// personLabel names whoever did something on the board or in the loop: a board user, a
// contact, or voortgang itself (its automatic drafts, the command line) — never a bare key
// ("door Anna de Vries", not "door anna").
func (s *Server) personLabel(ctx context.Context, key string) string {
	switch key {
	case "":
		return ""
	case "voortgang":
		return label("person.system", s.lang())
	case "cli":
		return label("person.cli", s.lang())
	}
	if u, err := s.deps.Store.User(ctx, key); err == nil && u.Name != "" {
		return u.Name
	}
	return s.contactLabel(ctx, key)
}

// contactName names a contact key for the board.
func (s *Server) contactLabel(ctx context.Context, key string) string {
	if n := s.contactName(ctx, key); n != "" {
		return n
	}
	return key
}

// seeOther redirects after a successful POST, with a notice key the page shows once.
func seeOther(w http.ResponseWriter, r *http.Request, path, notice string) {
	if notice != "" {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + "melding=" + notice
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// notice is the text of the ?melding= key of a page, "" for none or an unknown key (the
// key only selects one of our own labels, so nothing from the URL is shown).
func notice(r *http.Request, lang string) string {
	k := r.URL.Query().Get("melding")
	if k == "" {
		return ""
	}
	if _, ok := labels["notice."+k]; !ok {
		return ""
	}
	return label("notice."+k, lang)
}

// parseForm reads a small posted form; false when it wrote the error page.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, errBadForm)
		return false
	}
	return true
}

// formatDate is a date for the board, "" for none.
func formatDate(t time.Time, lang string) string {
	if t.IsZero() {
		return ""
	}
	return i18n.FormatDate(t, lang)
}

// taskOf is the planned part of a task an action summary names (for its phase label).
func taskOf(a store.ActionSummary) planner.Task {
	return planner.Task{Phase: a.NextPhase, Kind: a.NextKind, Title: a.NextTitle}
}
