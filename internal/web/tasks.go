package web

import (
	"encoding/csv"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
)

// tasksHandler serves the task list: filtered, sorted and paged in the database, and the
// same list as CSV for Excel.
type tasksHandler struct{ s *Server }

// pageSize is the number of tasks per page.
const pageSize = 50

// maxCSVRows bounds one export.
const maxCSVRows = 200000

// taskFilter is the task list's query string, parsed and validated: a value that is not
// valid is ignored (and shown as not selected), never an error.
type taskFilter struct {
	Period string
	Line   int
	Goal   int
	Owner  string
	Phase  string
	Kind   string
	Status string
	Sort   string
	Page   int
}

var taskStatuses = []string{store.TaskOpen, store.TaskOverdue, store.TaskDone, store.TaskCancelled}

func parseTaskFilter(q url.Values) taskFilter {
	f := taskFilter{Page: 1}
	if p, err := config.ParsePeriod(q.Get("periode")); err == nil {
		f.Period = p.String()
	}
	f.Line, _ = strconv.Atoi(q.Get("lijn"))
	f.Goal, _ = strconv.Atoi(q.Get("doel"))
	f.Owner = strings.TrimSpace(q.Get("eigenaar"))
	switch ph := q.Get("fase"); ph {
	case "plan", "do", "check", "act":
		f.Phase = ph
	}
	switch k := planner.Kind(q.Get("soort")); k {
	case planner.Milestone, planner.ContractMeeting:
		f.Kind = string(k)
	}
	for _, st := range taskStatuses {
		if q.Get("status") == st {
			f.Status = st
		}
	}
	sortKey, _ := strings.CutPrefix(q.Get("sorteer"), "-")
	switch sortKey {
	case store.SortDue, store.SortKey, store.SortGoal, store.SortPhase, store.SortKind, store.SortTitle:
		f.Sort = q.Get("sorteer")
	}
	if n, err := strconv.Atoi(q.Get("pagina")); err == nil && n > 0 {
		f.Page = n
	}
	return f
}

// query is the store query of the filter.
func (f taskFilter) query(today time.Time) store.TaskQuery {
	q := store.TaskQuery{Line: f.Line, Goal: f.Goal, Phase: f.Phase, Kind: planner.Kind(f.Kind), Status: f.Status,
		Today: today, Sort: f.Sort}
	if f.Owner != "" {
		q.Owners = []string{f.Owner}
	}
	if p, err := config.ParsePeriod(f.Period); err == nil {
		q.DueFrom, q.DueTo = p.Start(), p.End()
	}
	return q
}

// values is the filter as a query string, with overrides (key, value pairs).
func (f taskFilter) values(overrides ...string) url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" && val != "0" {
			v.Set(k, val)
		}
	}
	set("periode", f.Period)
	set("lijn", strconv.Itoa(f.Line))
	set("doel", strconv.Itoa(f.Goal))
	set("eigenaar", f.Owner)
	set("fase", f.Phase)
	set("soort", f.Kind)
	set("status", f.Status)
	set("sorteer", f.Sort)
	if f.Page > 1 {
		set("pagina", strconv.Itoa(f.Page))
	}
	for i := 0; i+1 < len(overrides); i += 2 {
		v.Del(overrides[i])
		set(overrides[i], overrides[i+1])
	}
	return v
}

type tasksData struct {
	Page
	Filter   taskFilter
	Options  filterOptions
	Total    int
	From, To int
	Tasks    []taskView
	Columns  []sortColumn
	Pages    []pageLink
	Prev     string
	Next     string
	CSV      string
	Caption  string
	NoResult bool
}

type filterOptions struct {
	Periods  []choice
	Lines    []choice
	Goals    []choice
	Owners   []choice
	Phases   []choice
	Kinds    []choice
	Statuses []choice
}

type choice struct {
	Value, Label string
	Selected     bool
}

type sortColumn struct {
	Label, Href string
	Sort        string // aria-sort: ascending, descending or ""
}

type pageLink struct {
	Number  int
	Href    string
	Current bool
	Gap     bool
}

type taskView struct {
	Key, Ref, ActionHref, Title, Phase, Owners, Due, DueNote string
	Goal                                                     int
	Status                                                   statusView
}

func (h *tasksHandler) show(w http.ResponseWriter, r *http.Request) {
	s := h.s
	lang := s.lang()
	f := parseTaskFilter(r.URL.Query())
	q := f.query(s.today())
	q.Limit, q.Offset = pageSize, (f.Page-1)*pageSize
	page, err := s.deps.Store.SearchTasks(r.Context(), q)
	if err != nil {
		s.fail(w, r, "tasks", err)
		return
	}
	d := tasksData{Page: s.boardPage(r, "tasks", label("tasks.title", lang)), Filter: f, Options: s.filterOptions(f, lang),
		Total: page.Total, CSV: "/taken.csv?" + f.values("pagina", "").Encode(), NoResult: page.Total == 0}
	if len(page.Tasks) > 0 {
		d.From, d.To = q.Offset+1, q.Offset+len(page.Tasks)
	}
	d.Caption = fmt.Sprintf(label("tasks.caption", lang), d.From, d.To, d.Total)
	today := s.today()
	for _, t := range page.Tasks {
		d.Tasks = append(d.Tasks, s.taskView(t, today, lang))
	}
	for _, c := range []struct{ key, label string }{
		{store.SortGoal, "tasks.col.action"}, {store.SortTitle, "tasks.col.title"}, {store.SortPhase, "tasks.col.phase"},
		{"", "tasks.col.owners"}, {store.SortDue, "tasks.col.due"}, {"", "tasks.col.status"},
	} {
		col := sortColumn{Label: label(c.label, lang)}
		if c.key != "" {
			cur := f.Sort
			if cur == "" {
				cur = store.SortDue
			}
			next := c.key
			switch cur {
			case c.key:
				col.Sort, next = "ascending", "-"+c.key
			case "-" + c.key:
				col.Sort = "descending"
			}
			col.Href = "/taken?" + f.values("sorteer", next, "pagina", "").Encode()
		}
		d.Columns = append(d.Columns, col)
	}
	pages := (page.Total + pageSize - 1) / pageSize
	link := func(n int) string { return "/taken?" + f.values("pagina", strconv.Itoa(n)).Encode() }
	if f.Page > 1 {
		d.Prev = link(f.Page - 1)
	}
	if f.Page < pages {
		d.Next = link(f.Page + 1)
	}
	for n := 1; n <= pages; n++ {
		if n == 1 || n == pages || (n >= f.Page-2 && n <= f.Page+2) {
			d.Pages = append(d.Pages, pageLink{Number: n, Href: link(n), Current: n == f.Page})
		} else if len(d.Pages) > 0 && !d.Pages[len(d.Pages)-1].Gap {
			d.Pages = append(d.Pages, pageLink{Gap: true})
		}
	}
	s.render(w, r, http.StatusOK, "tasks", d)
}

func (s *Server) taskView(t store.TaskRow, today time.Time, lang string) taskView {
	_, st := taskStatus(t, today, lang)
	v := taskView{Key: t.Key, Ref: t.Ref(), ActionHref: "/acties/" + t.Ref(), Title: t.Title, Phase: phaseLabel(t, lang),
		Owners: s.ownerNames(t.Owners), Due: formatDate(t.EffectiveDue(), lang), Goal: t.Goal, Status: st}
	if !t.DueOverride.IsZero() {
		v.DueNote = fmt.Sprintf(label("tasks.moved", lang), formatDate(t.Due, lang))
	}
	return v
}

// filterOptions are the choices of the filter form, from the configuration and programmes.
func (s *Server) filterOptions(f taskFilter, lang string) filterOptions {
	var o filterOptions
	o.Periods = append(o.Periods, choice{Label: label("tasks.any", lang)})
	seen := map[string]bool{}
	for _, prog := range s.programmes() {
		for p := config.PeriodOf(prog.Period.From.Time); !p.Start().After(prog.Period.To.Time); p = p.Next() {
			if !seen[p.String()] {
				seen[p.String()] = true
				o.Periods = append(o.Periods, choice{Value: p.String(), Label: i18n.PeriodLabel(p.String(), lang), Selected: f.Period == p.String()})
			}
		}
	}
	o.Lines = append(o.Lines, choice{Label: label("tasks.any", lang)})
	o.Goals = append(o.Goals, choice{Label: label("tasks.any", lang)})
	owners := map[string]bool{}
	for _, prog := range s.programmes() {
		for _, l := range prog.Lines {
			o.Lines = append(o.Lines, choice{Value: strconv.Itoa(l.Number), Label: fmt.Sprintf("%d. %s", l.Number, l.Title), Selected: f.Line == l.Number})
			for _, g := range l.Goals {
				o.Goals = append(o.Goals, choice{Value: strconv.Itoa(g.Number), Label: fmt.Sprintf("%d. %s", g.Number, g.Title), Selected: f.Goal == g.Number})
				for _, a := range g.Actions {
					for _, ow := range a.Owners {
						owners[ow] = true
					}
					for _, sa := range a.SubActions {
						for _, ow := range sa.Owners {
							owners[ow] = true
						}
					}
				}
			}
		}
	}
	o.Owners = append(o.Owners, choice{Label: label("tasks.any", lang)})
	for _, k := range slices.Sorted(maps.Keys(owners)) {
		o.Owners = append(o.Owners, choice{Value: k, Label: s.ownerName(k), Selected: f.Owner == k})
	}
	o.Phases = append(o.Phases, choice{Label: label("tasks.any", lang)})
	for _, ph := range programme.Phases {
		o.Phases = append(o.Phases, choice{Value: string(ph), Label: ph.Column(), Selected: f.Phase == string(ph)})
	}
	o.Kinds = []choice{{Label: label("tasks.any", lang)},
		{Value: string(planner.Milestone), Label: label("task.kind.milestone", lang), Selected: f.Kind == string(planner.Milestone)},
		{Value: string(planner.ContractMeeting), Label: label("task.kind.contract_meeting", lang), Selected: f.Kind == string(planner.ContractMeeting)}}
	o.Statuses = append(o.Statuses, choice{Label: label("tasks.any", lang)})
	for _, st := range taskStatuses {
		o.Statuses = append(o.Statuses, choice{Value: st, Label: label("task.filter."+st, lang), Selected: f.Status == st})
	}
	return o
}

// csv writes the filtered list for Excel as Dutch installations open it: UTF-8 with a byte
// order mark, ";" between fields, CRLF line ends, dates as dd-mm-jjjj.
func (h *tasksHandler) csv(w http.ResponseWriter, r *http.Request) {
	s := h.s
	lang := s.lang()
	f := parseTaskFilter(r.URL.Query())
	q := f.query(s.today())
	q.Limit = maxCSVRows
	page, err := s.deps.Store.SearchTasks(r.Context(), q)
	if err != nil {
		s.fail(w, r, "tasks csv", err)
		return
	}
	name := "taken-" + s.today().Format("2006-01-02") + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	cw.Write([]string{"Taak", "Programmalijn", "Doel", "Actie", "Fase", "Omschrijving", "Eigenaren", "Startdatum",
		"Deadline", "Oorspronkelijke deadline", "Status", "Reden verplaatsing"})
	today := s.today()
	for _, t := range page.Tasks {
		_, st := taskStatus(t, today, lang)
		orig := ""
		if !t.DueOverride.IsZero() {
			orig = csvDate(t.Due)
		}
		cw.Write([]string{t.Key, strconv.Itoa(t.Line), strconv.Itoa(t.Goal), t.Ref(), phaseLabel(t, lang), csvText(t.Title),
			csvText(s.ownerNames(t.Owners)), csvDate(t.Start), csvDate(t.EffectiveDue()), orig, st.Text, csvText(t.DueOverrideReason)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.log.Warn("web: csv", "err", err)
	}
}

// csvDate is a date as Dutch Excel reads it.
func csvDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02-01-2006")
}

// csvText keeps a cell from being read as a formula by a spreadsheet.
func csvText(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
