package web

import (
	"fmt"
	"net/http"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/store"
)

// overviewHandler serves the programme at a glance: every action by programmalijn and doel,
// with its status in the current period, its next milestone and its last answer.
type overviewHandler struct{ s *Server }

type overviewData struct {
	Page
	PeriodLabel string
	Period      string
	Failed      string // banner: messages that failed for good, "" when none
	Meeting     string
	Deadline    string
	Programmes  []ovProgramme
	Totals      []ovTotal
	Notice      string
	PlanHolds   []planHoldView // reconciles held back (a truncated workflow file)
}

type ovTotal struct {
	Status statusView
	Count  int
}

type ovProgramme struct {
	Title string
	Lines []ovLine
}

type ovLine struct {
	ID     string
	Number int
	Title  string
	Goals  []ovGoal
}

type ovGoal struct {
	ID      string
	Number  int
	Title   string
	Actions []ovAction
}

type ovAction struct {
	Ref, Href, Text, Owners string
	Status                  statusView
	Next                    string
	Overdue                 int
	Last                    string // "vertraagd, 3 december 2026 (Anna de Vries)"
	LastText                string // coordinators only
}

func (h *overviewHandler) show(w http.ResponseWriter, r *http.Request) {
	s := h.s
	ctx := r.Context()
	lang := s.lang()
	p := s.currentPeriod()
	today := s.today()
	d := overviewData{Page: s.boardPage(r, "overview", label("overview.title", lang)), Period: p.String(),
		PeriodLabel: i18n.PeriodLabel(p.String(), lang), Failed: s.failedBanner(r, lang)}
	d.Notice = notice(r, lang)
	holds, err := s.planHolds(r)
	if err != nil {
		s.fail(w, r, "overview", err)
		return
	}
	d.PlanHolds = holds
	if m, ok := s.deps.Config.MeetingFor(p); ok {
		d.Meeting = fmt.Sprintf(label("answer.meeting", lang), m.Name, i18n.FormatDate(m.Day(), lang))
		d.Deadline = i18n.FormatDate(m.Deadline(), lang)
	}
	sums, err := s.board().ActionSummaries(ctx, p.Start(), today)
	if err != nil {
		s.fail(w, r, "overview", err)
		return
	}
	byAction := map[string]store.ActionSummary{}
	for _, a := range sums {
		byAction[fmt.Sprintf("%s/%d%s", a.Programme, a.Goal, a.Action)] = a
	}
	current, err := s.deps.Store.LatestResponses(ctx, p.String(), "")
	if err != nil {
		s.fail(w, r, "overview", err)
		return
	}
	previous, err := s.deps.Store.LatestResponses(ctx, p.Prev().String(), "")
	if err != nil {
		s.fail(w, r, "overview", err)
		return
	}
	latest := func(rs []store.Response) map[string]store.Response {
		m := map[string]store.Response{}
		for _, r := range rs {
			if r.RefKind != store.RefAction {
				continue
			}
			if old, ok := m[r.Ref]; !ok || r.CreatedAt.After(old.CreatedAt) {
				m[r.Ref] = r
			}
		}
		return m
	}
	cur, prev := latest(current), latest(previous)
	coordinator := isCoordinator(signedIn(r))
	names := map[string]string{}
	name := func(key string) string {
		if n, ok := names[key]; ok {
			return n
		}
		names[key] = s.contactLabel(ctx, key)
		return names[key]
	}
	counts := map[string]*ovTotal{}
	var order []string
	for _, a := range s.actions() {
		sum := byAction[a.ActionRef]
		v := ovAction{Ref: a.Ref, Href: "/acties/" + a.Ref, Text: a.Action.Text, Owners: s.ownerNames(a.Action.Owners), Overdue: sum.Overdue}
		if !sum.NextDue.IsZero() {
			v.Next = fmt.Sprintf("%s: %s", phaseLabel(store.TaskRow{Task: taskOf(sum)}, lang), i18n.FormatDate(sum.NextDue, lang))
		}
		resp, answered := cur[a.ActionRef]
		switch {
		case answered:
			v.Status = answerStatusView(resp.Status, lang)
		case sum.Overdue > 0:
			v.Status = statusView{Class: "status-te-laat", Text: label("overview.status.overdue", lang), Icon: "⚠"}
		default:
			v.Status = statusView{Class: "status-open", Text: label("overview.status.open", lang)}
		}
		if !answered {
			resp, answered = prev[a.ActionRef]
		}
		if answered {
			v.Last = fmt.Sprintf("%s, %s (%s)", i18n.StatusLabel(resp.Status, lang), i18n.FormatDate(resp.CreatedAt, lang), name(resp.ContactKey))
			if coordinator {
				v.LastText = resp.Toelichting
			}
		}
		if counts[v.Status.Text] == nil {
			counts[v.Status.Text] = &ovTotal{Status: v.Status}
			order = append(order, v.Status.Text)
		}
		counts[v.Status.Text].Count++

		if n := len(d.Programmes); n == 0 || d.Programmes[n-1].Title != a.Programme.Title {
			d.Programmes = append(d.Programmes, ovProgramme{Title: a.Programme.Title})
		}
		pr := &d.Programmes[len(d.Programmes)-1]
		if n := len(pr.Lines); n == 0 || pr.Lines[n-1].Number != a.Line.Number {
			pr.Lines = append(pr.Lines, ovLine{ID: fmt.Sprintf("lijn-%d-%d", len(d.Programmes), a.Line.Number), Number: a.Line.Number, Title: a.Line.Title})
		}
		l := &pr.Lines[len(pr.Lines)-1]
		if n := len(l.Goals); n == 0 || l.Goals[n-1].Number != a.Goal.Number {
			l.Goals = append(l.Goals, ovGoal{ID: fmt.Sprintf("doel-%d-%d", len(d.Programmes), a.Goal.Number), Number: a.Goal.Number, Title: a.Goal.Title})
		}
		g := &l.Goals[len(l.Goals)-1]
		g.Actions = append(g.Actions, v)
	}
	for _, k := range order {
		d.Totals = append(d.Totals, *counts[k])
	}
	s.render(w, r, http.StatusOK, "overview", d)
}
