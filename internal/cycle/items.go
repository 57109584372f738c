package cycle

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/timing"
)

// Item is one action a contact is asked about in a period, with what the messages and the
// form show of it (its programme's key is outbox.Item's Programme).
type Item struct {
	outbox.Item
	ActionRef string // programme/15a: the reference answers are stored under
	Answered  bool   // the contact answered it in this period
}

// Role names.
const (
	RoleLead        = "trekker"
	RoleContributor = "bijdrager"
)

// Round is everything the cycle knows about one reporting period at one moment: who is asked
// about what, and what they answered.
type Round struct {
	Period    config.Period
	Items     map[string][]Item // contact key → items, in programme order
	Responses map[string]store.Response
}

// Contacts lists the contact keys that have items, sorted.
func (r *Round) Contacts() []string {
	keys := make([]string, 0, len(r.Items))
	for k := range r.Items {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Unanswered returns the items the contact has not answered yet.
func (r *Round) Unanswered(contact string) []Item {
	var out []Item
	for _, it := range r.Items[contact] {
		if !it.Answered {
			out = append(out, it)
		}
	}
	return out
}

func responseKey(contact, ref string) string { return contact + "\x00" + ref }

// LoadRound computes the round of period p from the programmes, the configuration and the
// store. A contact is asked about an action when one of its owners is the contact's
// organisation (the first owner is the lead, trekker; the others contribute, bijdrager; a
// fan-out group such as gemeenten asks each member) and the action has a task due in the
// period, a task of the previous period that nobody answered about (overdue), or ongoing work
// (a Gaande or Doorlopend cell).
func (s *Service) LoadRound(ctx context.Context, p config.Period) (*Round, error) {
	return s.loadRound(ctx, p, nil)
}

// LoadProgrammeRound is LoadRound of one programme's actions: the board's page of a period
// shows one programme at a time and reads only its tasks and answers. A programme that is
// not loaded has an empty round.
func (s *Service) LoadProgrammeRound(ctx context.Context, p config.Period, key string) (*Round, error) {
	for _, prog := range s.Programmes() {
		if prog.Key == key {
			return s.loadRound(ctx, p, prog)
		}
	}
	return &Round{Period: p, Items: map[string][]Item{}, Responses: map[string]store.Response{}}, nil
}

// loadRound is LoadRound over every programme (only nil) or over one.
func (s *Service) loadRound(ctx context.Context, p config.Period, only *programme.Programme) (*Round, error) {
	prev := p.Prev()
	progs := s.Programmes()
	filter := store.TaskFilter{DueFrom: prev.Start(), DueTo: p.End()}
	latest := func(period string) ([]store.Response, error) { return s.Store.LatestResponses(ctx, period, "") }
	if only != nil {
		progs, filter.Programme = []*programme.Programme{only}, only.Key
		leaves := s.leafIndexOf(only).leaves
		refs := make([]string, len(leaves))
		for i, lf := range leaves {
			refs[i] = ActionRef(only.Key, lf.Ref)
		}
		latest = func(period string) ([]store.Response, error) { return s.Store.LatestResponsesOf(ctx, period, refs) }
	}
	tasks, err := s.Store.Tasks(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("cycle: %w", err)
	}
	byAction := askableTasks(tasks)
	current, err := latest(p.String())
	if err != nil {
		return nil, fmt.Errorf("cycle: %w", err)
	}
	previous, err := latest(prev.String())
	if err != nil {
		return nil, fmt.Errorf("cycle: %w", err)
	}
	overrides, err := s.Store.ActionContacts(ctx, p.String())
	if err != nil {
		return nil, fmt.Errorf("cycle: %w", err)
	}
	leadOf := map[string]string{}
	for _, o := range overrides {
		leadOf[o.ActionRef] = o.ContactKey
	}
	r := &Round{Period: p, Items: map[string][]Item{}, Responses: map[string]store.Response{}}
	prevByKey, answeredPrev := previousAnswers(previous)
	for _, resp := range current {
		r.Responses[responseKey(resp.ContactKey, resp.Ref)] = resp
	}

	for _, prog := range progs {
		w := timing.Window{From: prog.Period.From.Time, To: prog.Period.To.Time}
		// The leaf index's leaves: baseItem builds the index anyway (isOngoing keeps its
		// answers there), so the round does not list every programme's leaves again.
		for _, lf := range s.leafIndexOf(prog).leaves {
			ref := ActionRef(prog.Key, lf.Ref)
			base, ok := s.baseItem(prog, *lf.Goal, *lf.Action, ref, byAction[ref], answeredPrev[ref], p, w)
			if !ok {
				continue
			}
			for _, ak := range withLead(s.askees(lf.Action.Owners), leadOf[ref]) {
				r.Items[ak.contact] = append(r.Items[ak.contact], askedItem(base, ak, lf, r.Responses, prevByKey))
			}
		}
	}
	return r, nil
}

// askableTasks groups tasks by action reference, without the ones a coordinator marked done
// or cancelled: nothing to ask about those.
func askableTasks(tasks []store.TaskRow) map[string][]store.TaskRow {
	byAction := map[string][]store.TaskRow{}
	for _, t := range tasks {
		if t.StatusOverride == "" {
			ref := ActionRef(t.Programme, t.Ref())
			byAction[ref] = append(byAction[ref], t)
		}
	}
	return byAction
}

// previousAnswers indexes the answers of the previous period by contact and action
// (responseKey), and says which actions anybody answered about (those are not overdue).
func previousAnswers(previous []store.Response) (byKey map[string]store.Response, answered map[string]bool) {
	byKey, answered = map[string]store.Response{}, map[string]bool{}
	for _, resp := range previous {
		byKey[responseKey(resp.ContactKey, resp.Ref)] = resp
		answered[resp.Ref] = true
	}
	return byKey, answered
}

// askedItem is base as ak is asked about it: their role, their answer of this period (else
// of the previous one) and the figures they gave.
func askedItem(base Item, ak askee, lf programme.Leaf, current, previous map[string]store.Response) Item {
	it := base
	it.Role = ak.role
	cur, answered := current[responseKey(ak.contact, base.ActionRef)]
	prev, answeredBefore := previous[responseKey(ak.contact, base.ActionRef)]
	switch {
	case answered:
		it.Answered, it.LastAnswer = true, answerOf(cur)
	case answeredBefore:
		it.LastAnswer = answerOf(prev)
	}
	it.Indicators = indicatorFields(lf.Action.Indicators, cur, prev)
	return it
}

// baseItem is the part of an item that does not depend on who is asked; ok is false when the
// action has nothing to ask about in p.
func (s *Service) baseItem(prog *programme.Programme, g programme.Goal, a programme.Action, ref string, tasks []store.TaskRow, answeredBefore bool, p config.Period, w timing.Window) (Item, bool) {
	it := Item{ActionRef: ref}
	it.Ref = strings.TrimPrefix(ref, prog.Key+"/")
	it.Programme, it.ProgrammeTitle = prog.Key, prog.Title
	it.Goal, it.GoalTitle, it.ActionText = g.Number, g.Title, a.Text
	for _, t := range tasks {
		due := t.EffectiveDue()
		switch {
		case p.Contains(due):
			it.Due = append(it.Due, dueOf(t, false))
		case due.Before(p.Start()) && !answeredBefore:
			it.Due = append(it.Due, dueOf(t, true))
			it.Overdue = true
		}
	}
	it.Ongoing = s.isOngoing(prog, ref, a, w)
	sort.SliceStable(it.Due, func(i, j int) bool {
		a, b := it.Due[i], it.Due[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		return phaseRank(a.Phase) < phaseRank(b.Phase)
	})
	return it, len(it.Due) > 0 || it.Ongoing
}

// isOngoing reports whether a cell of the action says the work is continuous (Gaande,
// Doorlopend). Programmes are immutable once loaded, so the answer is kept in the
// programme's leaf index.
func (s *Service) isOngoing(prog *programme.Programme, ref string, a programme.Action, w timing.Window) bool {
	parse := func() bool {
		for _, ph := range programme.Phases {
			if r, err := timing.Parse(a.Phrase(ph), w); err == nil && r.State == timing.Ongoing {
				return true
			}
		}
		return false
	}
	ix := s.leafIndexOf(prog)
	i, ok := ix.at(strings.TrimPrefix(ref, prog.Key+"/"))
	if !ok || !samePhrases(ix.leaves[i].Action, &a) {
		return parse() // not a leaf of prog: no place to keep the answer
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ix.ongoing[i] == 0 {
		ix.ongoing[i] = 1
		if parse() {
			ix.ongoing[i] = 2
		}
	}
	return ix.ongoing[i] == 2
}

// samePhrases reports whether a and b have the same PDCA cells.
func samePhrases(a, b *programme.Action) bool {
	return a.Plan == b.Plan && a.Do == b.Do && a.Check == b.Check && a.Act == b.Act
}

// phaseRank orders milestones of one day as the PDCA table does: Plan, Do, Check, Act, then
// contract meetings.
func phaseRank(column string) int {
	for i, ph := range programme.Phases {
		if ph.Column() == column {
			return i
		}
	}
	return len(programme.Phases)
}

func dueOf(t store.TaskRow, overdue bool) outbox.Due {
	phase := programme.Phase(t.Phase).Column()
	if t.Kind == planner.ContractMeeting {
		phase = "Contractgesprek"
	}
	return outbox.Due{Phase: phase, Title: dueTitle(t), Date: t.EffectiveDue(), Overdue: overdue}
}

// dueTitle is what a task's title adds to its phase and its action, for a mail that shows
// both already: nothing for a PDCA milestone (its title is "Check 1a: <the action text>",
// which made "Check: Check 1a: …"), the cadence's name for a cadence ("Do 15a: BOZV
// najaar"), the service for a contract meeting.
func dueTitle(t store.TaskRow) string {
	if t.Kind == planner.ContractMeeting {
		return strings.TrimSpace(strings.TrimPrefix(t.Title, "Contractgesprek "))
	}
	if parts := strings.Split(t.Key, "/"); len(parts) > 2 && strings.HasPrefix(parts[2], "cadans-") {
		if _, name, ok := strings.Cut(t.Title, ": "); ok {
			return name
		}
	}
	return ""
}

type askee struct{ contact, role string }

// withLead puts the contact a coordinator chose for the action (on the board) in the place of
// the owners' lead contacts; contributors stay.
func withLead(as []askee, lead string) []askee {
	if lead == "" {
		return as
	}
	out := []askee{{lead, RoleLead}}
	for _, a := range as {
		if a.role != RoleLead && a.contact != lead {
			out = append(out, a)
		}
	}
	return out
}

// askees are the contacts asked about an action with these owners: the lead contact of each
// owner (of each member, for a fan-out group). The first owner's contacts lead.
func (s *Service) askees(owners []string) []askee {
	var out []askee
	seen := map[string]int{}
	for i, o := range owners {
		role := RoleContributor
		if i == 0 {
			role = RoleLead
		}
		for _, member := range s.Config.Expand(o) {
			c, ok := s.Config.Lead(member)
			if !ok || c.Key == "" {
				continue
			}
			if j, dup := seen[c.Key]; dup {
				if role == RoleLead {
					out[j].role = RoleLead
				}
				continue
			}
			seen[c.Key] = len(out)
			out = append(out, askee{c.Key, role})
		}
	}
	return out
}

var sourceLabels = map[string]string{store.SourceWeb: "formulier", store.SourceEmail: "e-mail", store.SourceSlack: "Slack", store.SourceBoard: "coördinator"}

func answerOf(r store.Response) *outbox.Answer {
	return &outbox.Answer{Status: r.Status, Text: r.Toelichting, At: r.CreatedAt, Source: sourceLabels[r.Source]}
}

// indicatorFields are the figures the contact is asked for, each with the latest value given
// (this period's answer first, else the previous period's).
func indicatorFields(ins []programme.Indicator, cur, prev store.Response) []outbox.IndicatorField {
	var out []outbox.IndicatorField
	for _, in := range ins {
		f := outbox.IndicatorField{Key: in.Key, Name: in.Name, Unit: in.Unit, Target: in.Target}
		for _, r := range []store.Response{cur, prev} {
			if v, ok := r.Indicators[in.Key]; ok {
				if n, err := strconv.ParseFloat(v, 64); err == nil {
					f.Last = &n
					break
				}
			}
		}
		out = append(out, f)
	}
	return out
}

// dayEnd is the last instant of date's calendar day in loc.
func dayEnd(date time.Time, loc *time.Location) time.Time {
	return time.Date(date.Year(), date.Month(), date.Day(), 23, 59, 59, 0, loc)
}
