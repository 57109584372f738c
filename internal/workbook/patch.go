package workbook

import (
	"reflect"
	"strconv"

	"github.com/regiogv/voortgang/internal/programme"
)

// Patch writes imported programme q into the existing workflow file src by editing only the
// values that differ (programme.EditAction), so the file's comments and layout stay. It
// reports false when that cannot give q exactly (actions added or removed, doelen or owners
// changed, …): the caller then writes the whole file anew with YAML and says so.
func Patch(src []byte, q *programme.Programme) ([]byte, bool) {
	out := src
	for _, l := range q.Lines {
		for _, g := range l.Goals {
			for _, a := range g.Actions {
				var err error
				if out, err = patchAction(out, g.Number, a, nil); err != nil {
					return nil, false
				}
				for _, s := range a.SubActions {
					if out, err = patchAction(out, g.Number, s, a.Owners); err != nil {
						return nil, false
					}
				}
			}
		}
	}
	got, err := programme.Parse("werkmap", out)
	if err != nil || !same(got, q) {
		return nil, false
	}
	return out, true
}

func patchAction(src []byte, goal int, a programme.Action, parentOwners []string) ([]byte, error) {
	e := programme.ActionEdit{Ref: strconv.Itoa(goal) + a.Letter, Text: a.Text, Wie: a.Wie, Owners: a.Owners, Notes: a.Notes,
		Cells:          map[programme.Phase]string{programme.Plan: a.Plan, programme.Do: a.Do, programme.Check: a.Check, programme.Act: a.Act},
		CadencePhrases: map[string]string{}, CadenceOwners: map[string][]string{}, Indicators: map[string]programme.Indicator{}}
	if e.Notes == nil {
		e.Notes = []string{}
	}
	if len(a.SubActions) > 0 {
		e.Cells = nil
	}
	if a.Contract != nil {
		c := *a.Contract
		e.Contract = &c
	}
	for _, c := range a.Cadences {
		e.CadencePhrases[c.Key], e.CadenceOwners[c.Key] = c.Phrase, c.Owners
	}
	for _, in := range a.Indicators {
		e.Indicators[in.Key] = in
	}
	return programme.EditAction(src, e)
}

// same compares two programmes as the plan and the board see them (not where their values
// stand in a file).
func same(a, b *programme.Programme) bool {
	return reflect.DeepEqual(strip(a), strip(b))
}

func strip(p *programme.Programme) programme.Programme {
	c := *p
	c.File = ""
	c.Lines = make([]programme.Line, len(p.Lines))
	for li, l := range p.Lines {
		l.Goals = append([]programme.Goal(nil), l.Goals...)
		for gi := range l.Goals {
			g := &l.Goals[gi]
			g.Actions = append([]programme.Action(nil), g.Actions...)
			for ai := range g.Actions {
				stripAction(&g.Actions[ai])
			}
			if len(g.Effects) == 0 {
				g.Effects = nil
			}
		}
		c.Lines[li] = l
	}
	return c
}

func stripAction(a *programme.Action) {
	a.Line, a.Cells = 0, programme.PhaseCells{}
	if len(a.Notes) == 0 {
		a.Notes = nil
	}
	if a.Contract != nil {
		c := *a.Contract
		c.Line = 0
		a.Contract = &c
	}
	a.Cadences = append([]programme.Cadence(nil), a.Cadences...)
	for i := range a.Cadences {
		a.Cadences[i].Line, a.Cadences[i].Column = 0, 0
		if len(a.Cadences[i].Owners) == 0 {
			a.Cadences[i].Owners = nil
		}
	}
	if len(a.Cadences) == 0 {
		a.Cadences = nil
	}
	a.SubActions = append([]programme.Action(nil), a.SubActions...)
	for i := range a.SubActions {
		stripAction(&a.SubActions[i])
	}
	if len(a.SubActions) == 0 {
		a.SubActions = nil
	}
	if len(a.Indicators) == 0 {
		a.Indicators = nil
	}
	if len(a.Owners) == 0 {
		a.Owners = nil
	}
}
