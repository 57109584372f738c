package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/regiogv/voortgang/internal/actionstatus"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
)

// overviewHandler serves the programme at a glance: every action of one programme by
// programmalijn and doel, with its status in the current period, its next milestone and its
// last answer. With several programmes (a national installation) a page shows one programme,
// chosen with ?programma=key, and the summary counts every programme with the same status
// rule, from two queries over all programmes (each contact's newest answer, the late
// actions) folded in memory and reused for totalsTTL, so the page costs what one programme
// costs whatever the number of programmes.
type overviewHandler struct{ s *Server }

type overviewData struct {
	Page
	PeriodLabel string
	Period      string
	Failed      string // banner: messages that failed for good, "" when none
	Meeting     string
	Deadline    string
	Programmes  []ovProgramme // the programme shown (one)
	Totals      []ovTotal     // the programme shown
	Notice      string
	PlanHolds   []planHoldView    // reconciles held back (a truncated workflow file)
	Chooser     *programmeChooser // nil with one programme
	AllTotals   []ovTotal         // every programme; empty with one programme
	AllCount    int
	// History offers coordinators to close the milestones from before voortgang started.
	History *historyView
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
	progs := s.programmes()
	prog, ok := chosenProgramme(r, progs)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, errNotFound)
		return
	}
	if len(progs) > 1 {
		d.Chooser = s.choices.chooser(progs, prog.Key, "/")
		all, err := s.allTotals(ctx, progs, p, today, lang)
		if err != nil {
			s.fail(w, r, "overview", err)
			return
		}
		d.AllTotals, d.AllCount = all, len(progs)
	}
	if prog == nil {
		s.render(w, r, http.StatusOK, "overview", d)
		return
	}

	var leaves []actionInfo
	var refs []string
	for _, lf := range prog.Leaves() {
		a := actionInfo{Programme: prog, Line: *lf.Line, Goal: *lf.Goal, Action: *lf.Action, Ref: lf.Ref, ActionRef: cycle.ActionRef(prog.Key, lf.Ref)}
		leaves = append(leaves, a)
		refs = append(refs, a.ActionRef)
	}
	sums, err := s.deps.Store.ActionSummariesOf(ctx, prog.Key, p.Start(), today)
	if err != nil {
		s.fail(w, r, "overview", err)
		return
	}
	byAction := map[string]store.ActionSummary{}
	for _, a := range sums {
		byAction[fmt.Sprintf("%s/%d%s", a.Programme, a.Goal, a.Action)] = a
	}
	current, err := s.deps.Store.LatestResponsesOf(ctx, p.String(), refs)
	if err != nil {
		s.fail(w, r, "overview", err)
		return
	}
	previous, err := s.deps.Store.LatestResponsesOf(ctx, p.Prev().String(), refs)
	if err != nil {
		s.fail(w, r, "overview", err)
		return
	}
	latest := func(rs []store.Response) map[string]store.Response {
		m := map[string]store.Response{}
		for _, r := range rs {
			if old, ok := m[r.Ref]; !ok || r.CreatedAt.After(old.CreatedAt) {
				m[r.Ref] = r
			}
		}
		return m
	}
	cur, prev := latest(current), latest(previous)
	// The status column follows the programme's one status rule (package actionstatus), the
	// same function the report and its mails use. It needs the organisations of the contacts
	// who answered: read those, not every contact of a national installation.
	orgs := map[string][]string{}
	for _, resp := range current {
		if _, ok := orgs[resp.ContactKey]; ok {
			continue
		}
		c, err := s.deps.Store.Contact(ctx, resp.ContactKey)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.fail(w, r, "overview", err)
			return
		}
		orgs[resp.ContactKey] = c.Owners // a removed contact answers for no organisation
	}
	given := actionstatus.ByAction(current, orgs)
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
	d.Programmes = []ovProgramme{{Title: prog.Title}}
	pr := &d.Programmes[0]
	for _, a := range leaves {
		sum := byAction[a.ActionRef]
		href := "/acties/" + a.Ref
		if len(progs) > 1 { // "15a" is in every programme: link the full reference
			href = "/acties/" + url.PathEscape(a.ActionRef)
		}
		v := ovAction{Ref: a.Ref, Href: href, Text: a.Action.Text, Owners: s.ownerNames(a.Action.Owners), Overdue: sum.Overdue}
		if !sum.NextDue.IsZero() {
			v.Next = fmt.Sprintf("%s: %s", phaseLabel(store.TaskRow{Task: taskOf(sum)}, lang), i18n.FormatDate(sum.NextDue, lang))
		}
		resp, answered := cur[a.ActionRef]
		st := actionstatus.Of(actionstatus.Lead(a.Programme, a.Action.Owners), given[a.ActionRef])
		switch {
		case st.Code != "":
			v.Status = answerStatusView(st.Code, lang)
		case sum.Overdue > 0:
			v.Status = overdueView(lang)
		default:
			v.Status = openView(lang)
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
	if coordinator {
		if d.History, err = s.history(ctx, prog.Key, lang); err != nil {
			s.fail(w, r, "overview", err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "overview", d)
}

func overdueView(lang string) statusView {
	return statusView{Class: "status-te-laat", Text: label("overview.status.overdue", lang), Icon: "⚠"}
}

func openView(lang string) statusView {
	return statusView{Class: "status-open", Text: label("overview.status.open", lang)}
}

// allTotals counts the actions of every loaded programme by state, as each programme's own
// page counts them: by the one status rule (package actionstatus), in the order of
// cycle.Statuses, then late, then open.
func (s *Server) allTotals(ctx context.Context, progs []*programme.Programme, p config.Period, today time.Time, lang string) ([]ovTotal, error) {
	counts, err := s.statusCounts(ctx, progs, p, today)
	if err != nil {
		return nil, err
	}
	var out []ovTotal
	for _, st := range cycle.Statuses {
		code, _ := i18n.ParseStatus(st)
		if n := counts[code]; n > 0 {
			out = append(out, ovTotal{Status: answerStatusView(code, lang), Count: n})
		}
	}
	if n := counts[stateLate]; n > 0 {
		out = append(out, ovTotal{Status: overdueView(lang), Count: n})
	}
	if n := counts[stateOpen]; n > 0 {
		out = append(out, ovTotal{Status: openView(lang), Count: n})
	}
	return out, nil
}

// The states of an action without a status, as keys of the counts next to the status codes.
const (
	stateLate = "-late"
	stateOpen = "-open"
)

// foldTotals applies the one status rule to every leaf action of progs: the store gives each
// contact's newest answer, the programmes give the lead (the first owner, or the
// municipalities of a group owner), contacts the organisations each contact answers for.
func foldTotals(progs []*programme.Programme, in store.StatusInputs, contacts []store.Contact) map[string]int {
	orgs := make(map[string][]string, len(contacts))
	for _, c := range contacts {
		orgs[c.Key] = c.Owners
	}
	answers := map[string][]actionstatus.Answer{}
	for _, a := range in.Answers {
		answers[a.ActionRef] = append(answers[a.ActionRef], actionstatus.Answer{Contact: a.ContactKey,
			Owners: orgs[a.ContactKey], Status: a.Status, At: a.At})
	}
	late := make(map[string]bool, len(in.Late))
	for _, ref := range in.Late {
		late[ref] = true
	}
	counts := map[string]int{}
	for _, pr := range progs {
		for _, lf := range pr.Leaves() {
			ref := cycle.ActionRef(pr.Key, lf.Ref)
			code := ""
			if given := answers[ref]; len(given) > 0 { // most actions have no answer: skip the rule's maps
				code = actionstatus.Of(actionstatus.Lead(pr, lf.Action.Owners), given).Code
			}
			switch {
			case code != "":
				counts[code]++
			case late[ref]:
				counts[stateLate]++
			default:
				counts[stateOpen]++
			}
		}
	}
	return counts
}

// totalsTTL is how long the national counts are reused. Counting reads every programme's
// answers and late tasks (tens of milliseconds at 500 programmes); a page of one programme
// must not, so the counts may be this much behind the programme's own rows, which are always
// fresh.
const totalsTTL = 15 * time.Second

type totalsCache struct {
	mu      sync.Mutex
	key     string
	progs   []*programme.Programme // the programmes counted: a reload counts again
	at      time.Time
	counts  map[string]int
	loading chan struct{} // closed when the running load is done; nil when none runs
}

// statusCounts returns foldTotals of the store's StatusInputs, at most totalsTTL old and for
// the same loaded programmes. Concurrent requests share one load.
func (s *Server) statusCounts(ctx context.Context, progs []*programme.Programme, p config.Period, today time.Time) (map[string]int, error) {
	c := &s.totals
	key := p.String() + "/" + today.Format(time.DateOnly)
	now := s.deps.Clock.Now()
	for {
		c.mu.Lock()
		if c.key == key && c.counts != nil && slices.Equal(c.progs, progs) && now.Sub(c.at) < totalsTTL {
			counts := c.counts
			c.mu.Unlock()
			return counts, nil
		}
		if c.loading == nil {
			break // this request loads
		}
		wait := c.loading
		c.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	done := make(chan struct{})
	c.loading = done
	c.mu.Unlock()
	var counts map[string]int
	in, err := s.deps.Store.StatusInputs(ctx, p.String(), p.Start(), today)
	var contacts []store.Contact
	if err == nil {
		contacts, err = s.deps.Store.Contacts(ctx)
	}
	if err == nil {
		counts = foldTotals(progs, in, contacts)
	}
	c.mu.Lock()
	if err == nil {
		c.key, c.progs, c.at, c.counts = key, slices.Clone(progs), now, counts
	}
	c.loading = nil
	close(done)
	c.mu.Unlock()
	return counts, err
}
