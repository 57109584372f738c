package planner

import (
	"slices"
	"strings"
)

// Diff is what a change of programme does to its plan, in the words a coordinator confirms
// it by: tasks added, tasks whose dates moved, tasks that become obsolete, and, apart and
// loudly, obsolete tasks that already have answers (they are kept with their answers, marked
// obsolete, never deleted).
type Diff struct {
	Added    []Task `json:"added"`
	Moved    []Move `json:"moved"`
	Changed  []Move `json:"changed"` // same key, other title, owners or phrase
	Obsolete []Task `json:"obsolete"`
	// ObsoleteAnswered are the obsolete tasks that have answers (also counted in Moved when
	// only their dates moved: the answered occurrence stays behind, obsolete).
	ObsoleteAnswered []Task `json:"obsolete_answered"`
	Unchanged        int    `json:"unchanged"`
}

// Move pairs a task of the old plan with its counterpart in the new one.
type Move struct {
	From     Task `json:"from"`
	To       Task `json:"to"`
	Answered bool `json:"answered"` // the old occurrence has answers (and stays, obsolete)
}

// Empty reports whether the change does nothing to the plan.
func (d Diff) Empty() bool {
	return len(d.Added)+len(d.Moved)+len(d.Changed)+len(d.Obsolete)+len(d.ObsoleteAnswered) == 0
}

// Compare diffs two plans. Tasks are the same task when their keys are equal. Of the rest, the
// tasks of one series (programme, action, phase or cadence or contract meeting) are paired in
// date order: a pair is a moved task, what is left over in the new plan is added and in the
// old plan obsolete. answered says whether a task of the old plan has answers; nil means none
// has.
func Compare(old, new []Task, answered func(key string) bool) Diff {
	if answered == nil {
		answered = func(string) bool { return false }
	}
	var d Diff
	newByKey := make(map[string]Task, len(new))
	for _, t := range new {
		newByKey[t.Key] = t
	}
	oldKeys := make(map[string]bool, len(old))
	leftOld := map[string][]Task{}
	var series []string
	for _, t := range old {
		oldKeys[t.Key] = true
		if n, ok := newByKey[t.Key]; ok {
			if sameTask(t, n) {
				d.Unchanged++
			} else {
				d.Changed = append(d.Changed, Move{From: t, To: n, Answered: answered(t.Key)})
			}
			continue
		}
		s := seriesOf(t.Key)
		if _, ok := leftOld[s]; !ok {
			series = append(series, s)
		}
		leftOld[s] = append(leftOld[s], t)
	}
	leftNew := map[string][]Task{}
	for _, t := range new {
		if oldKeys[t.Key] {
			continue
		}
		s := seriesOf(t.Key)
		leftNew[s] = append(leftNew[s], t)
	}
	paired := map[string]int{}
	for _, s := range series {
		o, n := leftOld[s], leftNew[s]
		k := min(len(o), len(n))
		for i := range k {
			d.Moved = append(d.Moved, Move{From: o[i], To: n[i], Answered: answered(o[i].Key)})
			if answered(o[i].Key) {
				d.ObsoleteAnswered = append(d.ObsoleteAnswered, o[i])
			}
		}
		paired[s] = k
		for _, t := range o[k:] {
			if answered(t.Key) {
				d.ObsoleteAnswered = append(d.ObsoleteAnswered, t)
			} else {
				d.Obsolete = append(d.Obsolete, t)
			}
		}
	}
	for _, t := range new {
		if oldKeys[t.Key] {
			continue
		}
		s := seriesOf(t.Key)
		if paired[s] > 0 {
			paired[s]--
			continue
		}
		d.Added = append(d.Added, t)
	}
	return d
}

// seriesOf is the key without its dates: programme/ref/slug.
func seriesOf(key string) string {
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		return key[:i]
	}
	return key
}

func sameTask(a, b Task) bool {
	return a.Title == b.Title && a.Source == b.Source && a.Phase == b.Phase && a.Kind == b.Kind &&
		a.Line == b.Line && slices.Equal(a.Owners, b.Owners)
}
