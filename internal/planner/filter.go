package planner

import (
	"time"

	"github.com/regiogv/voortgang/internal/programme"
)

// Filter selects tasks. Zero fields do not filter.
type Filter struct {
	From, To time.Time // due date inside [From, To]
	Owner    string    // owner key; a member of a group owner matches the group's tasks too
	Goal     int
}

// Select returns the tasks that match f, in their original order. groups maps a group owner key
// to its member keys (programme.Owner.Members), so that `--owner hilversum` also finds the tasks
// of `gemeenten`.
func Select(tasks []Task, f Filter, groups map[string][]string) []Task {
	var out []Task
	for _, t := range tasks {
		if !f.From.IsZero() && t.Due.Before(f.From) {
			continue
		}
		if !f.To.IsZero() && t.Due.After(f.To) {
			continue
		}
		if f.Goal != 0 && t.Goal != f.Goal {
			continue
		}
		if f.Owner != "" && !ownedBy(t, f.Owner, groups) {
			continue
		}
		out = append(out, t)
	}
	return out
}

func ownedBy(t Task, owner string, groups map[string][]string) bool {
	for _, o := range t.Owners {
		if o == owner {
			return true
		}
		for _, m := range groups[o] {
			if m == owner {
				return true
			}
		}
	}
	return false
}

// Groups returns the group owners of the programmes with their members.
func Groups(progs ...*programme.Programme) map[string][]string {
	g := map[string][]string{}
	for _, p := range progs {
		for k, o := range p.Owners {
			if len(o.Members) > 0 {
				g[k] = append(g[k], o.Members...)
			}
		}
	}
	return g
}
