package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
)

// planDiffJSON is the shape `voortgang plan diff --format json` promises: one entry per
// programme key found in either side, tasks in the shape of `voortgang plan --format json`.
type planDiffJSON struct {
	Programme        string     `json:"programme"`
	Status           string     `json:"status"` // changed, unchanged, added, removed
	Added            []taskJSON `json:"added"`
	Moved            []moveJSON `json:"moved"`
	Changed          []moveJSON `json:"changed"`
	Obsolete         []taskJSON `json:"obsolete"`
	ObsoleteAnswered []taskJSON `json:"obsolete_answered"`
	Unchanged        int        `json:"unchanged"`

	diff planner.Diff
}

type moveJSON struct {
	From     taskJSON `json:"from"`
	To       taskJSON `json:"to"`
	Answered bool     `json:"answered"`
}

func toTaskJSON(t planner.Task) taskJSON {
	return taskJSON{Key: t.Key, Doel: t.Goal, Actie: t.Action, Phase: t.Phase, Kind: string(t.Kind), Title: t.Title,
		Owners: t.Owners, Start: t.Start.Format(time.DateOnly), Due: t.Due.Format(time.DateOnly), Source: t.Source}
}

func tasksJSON(ts []planner.Task) []taskJSON {
	out := make([]taskJSON, len(ts))
	for i, t := range ts {
		out[i] = toTaskJSON(t)
	}
	return out
}

func movesJSON(ms []planner.Move) []moveJSON {
	out := make([]moveJSON, len(ms))
	for i, m := range ms {
		out[i] = moveJSON{From: toTaskJSON(m.From), To: toTaskJSON(m.To), Answered: m.Answered}
	}
	return out
}

// runPlanDiff shows what changing workflow file OLD into NEW does to the plan: the same diff
// a coordinator sees on the board before confirming a change. Answers live in the database,
// so from files alone no task counts as answered.
func runPlanDiff(e env, args []string) int {
	fs := newFlags(e, "plan diff", "OUD NIEUW [--format text|json]")
	format := fs.String("format", "text", "uitvoer: text of json")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) != 2 {
		fs.Usage()
		return fail(e, exitUsage, fmt.Errorf("voortgang plan diff: geef twee workflowbestanden (of mappen): OUD en NIEUW"))
	}
	if *format != "text" && *format != "json" {
		return fail(e, exitUsage, fmt.Errorf("voortgang plan diff: onbekend formaat %q (text of json)", *format))
	}
	oldProgs, err := programme.LoadDir(pos[0])
	if err != nil {
		return fail(e, 1, err)
	}
	newProgs, err := programme.LoadDir(pos[1])
	if err != nil {
		return fail(e, 1, err)
	}
	out, err := diffProgrammes(oldProgs, newProgs)
	if err != nil {
		return fail(e, 1, err)
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			return fail(e, 1, err)
		}
		return 0
	}
	for _, d := range out {
		writeDiffText(e.stdout, d)
	}
	return 0
}

func diffProgrammes(oldProgs, newProgs []*programme.Programme) ([]planDiffJSON, error) {
	plan := func(progs []*programme.Programme) (map[string][]planner.Task, []string, error) {
		m := map[string][]planner.Task{}
		var order []string
		for _, p := range progs {
			ts, err := planner.Plan(p, periodWindow(p))
			if err != nil {
				return nil, nil, err
			}
			m[p.Key] = ts
			order = append(order, p.Key)
		}
		return m, order, nil
	}
	oldPlan, oldOrder, err := plan(oldProgs)
	if err != nil {
		return nil, err
	}
	newPlan, newOrder, err := plan(newProgs)
	if err != nil {
		return nil, err
	}
	var out []planDiffJSON
	seen := map[string]bool{}
	for _, k := range append(oldOrder, newOrder...) {
		if seen[k] {
			continue
		}
		seen[k] = true
		o, inOld := oldPlan[k]
		n, inNew := newPlan[k]
		d := planner.Compare(o, n, nil)
		status := "changed"
		switch {
		case !inOld:
			status = "added"
		case !inNew:
			status = "removed"
		case d.Empty():
			status = "unchanged"
		}
		out = append(out, planDiffJSON{Programme: k, Status: status, Added: tasksJSON(d.Added), Moved: movesJSON(d.Moved),
			Changed: movesJSON(d.Changed), Obsolete: tasksJSON(d.Obsolete), ObsoleteAnswered: tasksJSON(d.ObsoleteAnswered),
			Unchanged: d.Unchanged, diff: d})
	}
	return out, nil
}

func writeDiffText(w io.Writer, pd planDiffJSON) {
	d := pd.diff
	fmt.Fprintf(w, "Programma %s: %d erbij, %d verschoven, %d gewijzigd, %d vervallen, %d vervallen met antwoorden, %d ongewijzigd\n",
		pd.Programme, len(d.Added), len(d.Moved), len(d.Changed), len(d.Obsolete), len(d.ObsoleteAnswered), d.Unchanged)
	for _, t := range d.Added {
		fmt.Fprintf(w, "+ erbij       %s  %s\n", span(t), t.Title)
	}
	for _, m := range d.Moved {
		fmt.Fprintf(w, "~ verschoven  %s → %s  %s\n", span(m.From), span(m.To), m.To.Title)
	}
	for _, m := range d.Changed {
		var what []string
		if m.From.Title != m.To.Title {
			what = append(what, fmt.Sprintf("titel %q → %q", m.From.Title, m.To.Title))
		}
		if strings.Join(m.From.Owners, ",") != strings.Join(m.To.Owners, ",") {
			what = append(what, fmt.Sprintf("eigenaren %s → %s", strings.Join(m.From.Owners, ", "), strings.Join(m.To.Owners, ", ")))
		}
		if m.From.Source != m.To.Source {
			what = append(what, fmt.Sprintf("frase %q → %q", m.From.Source, m.To.Source))
		}
		fmt.Fprintf(w, "* gewijzigd   %s  %s: %s\n", span(m.To), m.To.Key, strings.Join(what, "; "))
	}
	for _, t := range d.Obsolete {
		fmt.Fprintf(w, "- vervalt     %s  %s\n", span(t), t.Title)
	}
	for _, t := range d.ObsoleteAnswered {
		fmt.Fprintf(w, "! VERVALT MET ANTWOORDEN (die blijven bewaard)  %s  %s\n", span(t), t.Title)
	}
}

// span is a task's dates in Dutch: "30 juni 2026", or "1 januari 2027 t/m 31 maart 2027".
func span(t planner.Task) string {
	due := i18n.FormatDate(t.Due, "nl")
	if t.Start.IsZero() || t.Start.Equal(t.Due) {
		return due
	}
	return i18n.FormatDate(t.Start, "nl") + " t/m " + due
}
