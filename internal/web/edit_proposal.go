package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/proposal"
	"github.com/regiogv/voortgang/internal/store"
)

// editRoutes registers the pages that change a programme. Viewing a proposal or a version
// needs a coordinator as well: both show the whole workflow file and what it does.
func (s *Server) editRoutes(mux *http.ServeMux, view, edit func(http.HandlerFunc) http.Handler) {
	ed := &editHandler{s: s}
	mux.Handle("GET /acties/{ref}/wijzigen", edit(ed.show))
	mux.Handle("POST /acties/{ref}/wijzigen", edit(ed.submit))
	mux.Handle("GET /planning/betekenis", edit(ed.meaning))
	pr := &proposalHandler{s: s}
	mux.Handle("GET /voorstellen/{id}", edit(pr.show))
	mux.Handle("POST /voorstellen/{id}/bevestigen", edit(pr.confirm))
	mux.Handle("POST /voorstellen/{id}/verwerpen", edit(pr.discard))
	mux.Handle("GET /programma/{key}/versies", edit(pr.versions))
	mux.Handle("GET /programma/{key}/versies/{n}", edit(pr.version))
	mux.Handle("POST /programma/{key}/versies/{n}/terugzetten", edit(pr.restore))
	s.workbookRoutes(mux, view, edit)
	s.structureRoutes(mux, edit)
}

// proposalHandler shows a proposal with the plan diff it causes (answered tasks first and
// loudly), confirms or discards it, and lists, shows and restores versions.
type proposalHandler struct{ s *Server }

type diffTask struct {
	Ref, Href, Title string
	When, From       string
	Answered         bool
}

type proposalData struct {
	Page
	Notice, Error string
	ID            int64
	Meta          string
	Open, Stale   bool
	WholeFile     bool // from a workbook: the workflow file is written anew, without its comments
	State         string
	Counts        string
	Empty         bool
	Answered      []diffTask
	Added         []diffTask
	Moved         []diffTask
	Changed       []diffTask
	Obsolete      []diffTask
	Confirm       string
	Discard       string
	VersionsHref  string
	ActionHref    string
	ActionLabel   string
}

func (h *proposalHandler) load(w http.ResponseWriter, r *http.Request) (store.Proposal, bool) {
	s := h.s
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || s.deps.Proposals == nil {
		s.notFound(w, r)
		return store.Proposal{}, false
	}
	pr, err := s.deps.Proposals.Store.Proposal(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return pr, false
	}
	if err != nil {
		s.fail(w, r, "proposal", err)
		return pr, false
	}
	return pr, true
}

// span is a task's dates for the board: "30 juni 2026", or "1 april 2026 – 30 juni 2026".
func span(t planner.Task, lang string) string {
	due := i18n.FormatDate(t.Due, lang)
	if t.Start.IsZero() || t.Start.Equal(t.Due) {
		return due
	}
	return i18n.FormatDate(t.Start, lang) + " – " + due
}

func diffRow(t planner.Task, lang string) diffTask {
	return diffTask{Ref: t.Ref(), Href: "/acties/" + t.Ref(), Title: t.Title, When: span(t, lang)}
}

func (h *proposalHandler) show(w http.ResponseWriter, r *http.Request) {
	s := h.s
	pr, ok := h.load(w, r)
	if !ok {
		return
	}
	lang := s.lang()
	ref, _, _ := strings.Cut(pr.Summary, ":")
	d := proposalData{Page: s.boardPage(r, "", fmt.Sprintf(label("proposal.title", lang), pr.ID, pr.Summary)), ID: pr.ID,
		Meta:    fmt.Sprintf(label("proposal.meta", lang), pr.CreatedBy, i18n.FormatDateTime(pr.CreatedAt, lang), pr.Reason),
		Open:    pr.State == store.ProposalOpen,
		Confirm: fmt.Sprintf("/voorstellen/%d/bevestigen", pr.ID), Discard: fmt.Sprintf("/voorstellen/%d/verwerpen", pr.ID),
		VersionsHref: "/programma/" + pr.Programme + "/versies", WholeFile: pr.Summary == workbookSummary}
	if _, ok := s.findAction(ref); ok {
		d.ActionHref, d.ActionLabel = "/acties/"+ref, fmt.Sprintf(label("proposal.back", lang), ref)
	}
	if n := notice(r, lang); n != "" {
		d.Notice = n
	}
	switch pr.State {
	case store.ProposalApplied:
		d.State = fmt.Sprintf(label("proposal.state.applied", lang), pr.Version)
	case store.ProposalDiscarded:
		d.State = label("proposal.state.discarded", lang)
	}
	if d.Open && pr.BaseHash == "" {
		// a new programme: stale once a programme with its key is in force
		_, d.Stale = s.deps.Proposals.Programme(pr.Programme)
	} else if d.Open {
		_, src, err := s.deps.Proposals.Read(pr.Programme)
		if err != nil {
			s.fail(w, r, "proposal: current", err)
			return
		}
		d.Stale = proposal.Hash(src) != pr.BaseHash
	}
	if d.Open {
		pv, err := s.deps.Proposals.Preview(r.Context(), pr.Programme, pr.Source)
		if err != nil {
			d.Error = err.Error()
		} else {
			fillDiff(&d, pv.Diff, lang)
		}
	}
	s.render(w, r, http.StatusOK, "proposal", d)
}

func fillDiff(d *proposalData, df planner.Diff, lang string) {
	for _, t := range df.ObsoleteAnswered {
		row := diffRow(t, lang)
		row.Answered = true
		d.Answered = append(d.Answered, row)
	}
	for _, t := range df.Added {
		d.Added = append(d.Added, diffRow(t, lang))
	}
	for _, m := range df.Moved {
		row := diffRow(m.To, lang)
		row.From, row.Answered = span(m.From, lang), m.Answered
		d.Moved = append(d.Moved, row)
	}
	for _, m := range df.Changed {
		row := diffRow(m.To, lang)
		row.From = m.From.Title
		d.Changed = append(d.Changed, row)
	}
	for _, t := range df.Obsolete {
		d.Obsolete = append(d.Obsolete, diffRow(t, lang))
	}
	d.Counts = fmt.Sprintf(label("proposal.counts", lang), len(df.Added), len(df.Moved), len(df.Changed),
		len(df.Obsolete)+len(df.ObsoleteAnswered), df.Unchanged)
	d.Empty = df.Empty()
}

func (h *proposalHandler) confirm(w http.ResponseWriter, r *http.Request) {
	s := h.s
	pr, ok := h.load(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	_, err := s.deps.Proposals.Apply(r.Context(), pr.ID, signedIn(r).Key)
	if err != nil && !errors.Is(err, proposal.ErrStale) && !errors.Is(err, store.ErrInvalid) {
		s.fail(w, r, "proposal: apply", err)
		return
	}
	target := fmt.Sprintf("/voorstellen/%d", pr.ID)
	if err == nil {
		target += "?melding=voorstel-toegepast"
		if h.held(r, pr.Programme) {
			target = "/?melding=voorstel-aangehouden"
		}
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// held says whether the reconcile after a written change was held back (it obsoletes more
// open tasks than the daemon applies without a second word): the overview then shows the
// hold with its button.
func (h *proposalHandler) held(r *http.Request, key string) bool {
	_, err := h.s.deps.Store.PlanHold(r.Context(), key)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		h.s.log.Warn("web: plan hold after a change", "programme", key, "err", err)
	}
	return err == nil
}

func (h *proposalHandler) discard(w http.ResponseWriter, r *http.Request) {
	s := h.s
	pr, ok := h.load(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	err := s.deps.Proposals.Discard(r.Context(), pr.ID, signedIn(r).Key)
	if err != nil && !errors.Is(err, store.ErrInvalid) {
		s.fail(w, r, "proposal: discard", err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/voorstellen/%d?melding=voorstel-verworpen", pr.ID), http.StatusSeeOther)
}

type versionRow struct {
	Version                 int
	Href, When, Who, Reason string
	Changes                 string
	Restored                string
}

type versionsData struct {
	Page
	Notice   string
	Versions []versionRow
	// the programme as a workbook, and the import of one
	ExportHref, ImportHref string
	// Unrecorded: the workflow file is not (yet) the latest version here
	Unrecorded  bool
	NewGoalHref string
	OwnersHref  string
	// one version
	Row         versionRow
	Current     bool
	Source      string
	Diff        []string
	RestoreHref string
	ListHref    string
}

func (h *proposalHandler) programmeKey(w http.ResponseWriter, r *http.Request) (string, bool) {
	key := r.PathValue("key")
	if h.s.deps.Proposals == nil {
		h.s.notFound(w, r)
		return "", false
	}
	if _, ok := h.s.deps.Proposals.Programme(key); !ok {
		h.s.notFound(w, r)
		return "", false
	}
	return key, true
}

func (h *proposalHandler) row(key string, v store.ProgrammeVersion, lang string) versionRow {
	who := v.CreatedBy
	if who == proposal.FileAuthor {
		who = label("versions.file", lang)
	}
	row := versionRow{Version: v.Version, Href: fmt.Sprintf("/programma/%s/versies/%d", key, v.Version),
		When: i18n.FormatDateTime(v.CreatedAt, lang), Who: who, Reason: v.Reason}
	var sum proposal.Summary
	if len(v.Diff) > 0 && json.Unmarshal(v.Diff, &sum) == nil {
		row.Changes = fmt.Sprintf(label("versions.changes", lang), len(sum.Added), len(sum.Moved)+len(sum.Changed), len(sum.Obsolete)+len(sum.ObsoleteAnswered))
	}
	if v.RestoredFrom > 0 {
		row.Restored = fmt.Sprintf(label("versions.restored", lang), v.RestoredFrom)
	}
	return row
}

func (h *proposalHandler) versions(w http.ResponseWriter, r *http.Request) {
	s := h.s
	key, ok := h.programmeKey(w, r)
	if !ok {
		return
	}
	lang := s.lang()
	_, src, err := s.deps.Proposals.Read(key)
	if err != nil {
		s.fail(w, r, "versions: current", err)
		return
	}
	vs, err := s.deps.Proposals.Store.Versions(r.Context(), key)
	if err != nil {
		s.fail(w, r, "versions", err)
		return
	}
	d := versionsData{Page: s.boardPage(r, "", fmt.Sprintf(label("versions.title", lang), key)), Notice: notice(r, lang),
		ExportHref: "/programma/" + key + "/werkmap.xlsx", ImportHref: "/programma/" + key + "/importeren",
		NewGoalHref: "/programma/" + key + "/nieuw-doel", OwnersHref: "/programma/" + key + "/eigenaren"}
	for _, v := range vs {
		d.Versions = append(d.Versions, h.row(key, v, lang))
	}
	// A GET records nothing: a file changed outside the board becomes a version with the next
	// change made here.
	d.Unrecorded = len(vs) == 0 || vs[0].Hash != proposal.Hash(src)
	s.render(w, r, http.StatusOK, "versions", d)
}

func (h *proposalHandler) version(w http.ResponseWriter, r *http.Request) {
	s := h.s
	key, ok := h.programmeKey(w, r)
	if !ok {
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		s.notFound(w, r)
		return
	}
	lang := s.lang()
	v, err := s.deps.Proposals.Store.ProgrammeVersion(r.Context(), key, n)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, "version", err)
		return
	}
	vs, err := s.deps.Proposals.Store.Versions(r.Context(), key)
	if err != nil {
		s.fail(w, r, "versions", err)
		return
	}
	d := versionsData{Page: s.boardPage(r, "", fmt.Sprintf(label("version.title", lang), n, key)), Notice: notice(r, lang),
		Row: h.row(key, v, lang), Current: len(vs) > 0 && vs[0].Version == n, Source: string(v.Source),
		RestoreHref: fmt.Sprintf("/programma/%s/versies/%d/terugzetten", key, n), ListHref: "/programma/" + key + "/versies"}
	var sum proposal.Summary
	if len(v.Diff) > 0 && json.Unmarshal(v.Diff, &sum) == nil {
		for _, k := range sum.Added {
			d.Diff = append(d.Diff, "+ "+k)
		}
		for _, m := range sum.Moved {
			d.Diff = append(d.Diff, "~ "+m[0]+" → "+m[1])
		}
		for _, k := range sum.Changed {
			d.Diff = append(d.Diff, "* "+k)
		}
		for _, k := range sum.Obsolete {
			d.Diff = append(d.Diff, "− "+k)
		}
		for _, k := range sum.ObsoleteAnswered {
			d.Diff = append(d.Diff, "! "+k)
		}
	}
	s.render(w, r, http.StatusOK, "version", d)
}

func (h *proposalHandler) restore(w http.ResponseWriter, r *http.Request) {
	s := h.s
	key, ok := h.programmeKey(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		s.notFound(w, r)
		return
	}
	v, err := s.deps.Proposals.Restore(r.Context(), key, n, strings.TrimSpace(r.PostFormValue("reden")), signedIn(r).Key)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, "version: restore", err)
		return
	}
	target := fmt.Sprintf("/programma/%s/versies/%d?melding=versie-teruggezet", key, v.Version)
	if h.held(r, key) {
		target = "/?melding=voorstel-aangehouden"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// diffTableData is what the difftable template gets.
type diffTableData struct {
	Rows    []diffTask
	Caption string
	Moved   bool // two date columns: was, becomes
	Page    Page
}

func init() {
	templateFuncs["diffTable"] = func(rows []diffTask, caption string, moved bool, p Page) diffTableData {
		return diffTableData{Rows: rows, Caption: caption, Moved: moved, Page: p}
	}
}
