package cycle

import (
	"context"
	"fmt"
	"strings"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/timing"
)

// AskedAbout lists the contacts the round of period p asks about one action (actionRef
// "programme/15a"), lead first, exactly those LoadRound gives an item of it. It reads only
// that action's tasks and answers, so the board's page of one action costs the same with
// one programme as with five hundred. An action that is not loaded asks nobody.
func (s *Service) AskedAbout(ctx context.Context, p config.Period, actionRef string) ([]string, error) {
	i := strings.LastIndex(actionRef, "/")
	if i < 0 {
		return nil, nil
	}
	for _, prog := range s.Programmes() {
		if prog.Key != actionRef[:i] {
			continue
		}
		ix := s.leafIndexOf(prog)
		at, ok := ix.at(actionRef[i+1:])
		if !ok {
			return nil, nil
		}
		lf := ix.leaves[at]
		prev := p.Prev()
		tasks, err := s.Store.Tasks(ctx, store.TaskFilter{DueFrom: prev.Start(), DueTo: p.End(),
			Actions: []store.ActionKey{{Programme: prog.Key, Goal: lf.Goal.Number, Action: lf.Action.Letter}}})
		if err != nil {
			return nil, fmt.Errorf("cycle: %w", err)
		}
		var open []store.TaskRow
		for _, t := range tasks {
			if t.StatusOverride == "" && ActionRef(t.Programme, t.Ref()) == actionRef {
				open = append(open, t)
			}
		}
		previous, err := s.Store.LatestResponsesOf(ctx, prev.String(), []string{actionRef})
		if err != nil {
			return nil, fmt.Errorf("cycle: %w", err)
		}
		w := timing.Window{From: prog.Period.From.Time, To: prog.Period.To.Time}
		if _, ok := s.baseItem(prog, *lf.Goal, *lf.Action, actionRef, open, len(previous) > 0, p, w); !ok {
			return nil, nil
		}
		ov, err := s.loadOverrides(ctx, p)
		if err != nil {
			return nil, err
		}
		var out []string
		for _, ak := range withLead(s.askees(lf.Action.Owners), ov.leadOf[actionRef]) {
			out = append(out, ak.contact)
		}
		return out, nil
	}
	return nil, nil
}
