package cycle

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/timing"
)

// leafIndex finds a programme's leaf actions by owner key and by reference without walking
// the programme. At national scale there are 500 of them, so it keeps positions, not maps
// per action: byRef is a sorted list and ongoing a byte per leaf.
type leafIndex struct {
	leaves  []programme.Leaf
	byOwner map[string][]int // owner key as written in the action's wie → leaf positions, ascending
	byRef   []int32          // leaf positions in the order of their Ref ("15a")
	// ongoing is, per leaf, whether a cell says the work is continuous: 0 not known yet, 1
	// no, 2 yes. Guarded by Service.mu.
	ongoing []uint8
}

func newLeafIndex(prog *programme.Programme) *leafIndex {
	leaves := prog.Leaves()
	ix := &leafIndex{leaves: leaves, byOwner: map[string][]int{}, byRef: make([]int32, len(leaves)),
		ongoing: make([]uint8, len(leaves))}
	for i, lf := range leaves {
		ix.byRef[i] = int32(i)
		for _, o := range lf.Action.Owners {
			if l := ix.byOwner[o]; len(l) == 0 || l[len(l)-1] != i {
				ix.byOwner[o] = append(l, i)
			}
		}
	}
	slices.SortFunc(ix.byRef, func(a, b int32) int { return strings.Compare(leaves[a].Ref, leaves[b].Ref) })
	return ix
}

// at is the position of the leaf with ref ("15a").
func (ix *leafIndex) at(ref string) (int, bool) {
	i, ok := slices.BinarySearchFunc(ix.byRef, ref, func(pos int32, ref string) int {
		return strings.Compare(ix.leaves[pos].Ref, ref)
	})
	if !ok {
		return 0, false
	}
	return int(ix.byRef[i]), true
}

// leafIndexOf returns the index of prog, built once per loaded programme (programmes are
// immutable once loaded; Invalidate drops the indexes with the other caches).
func (s *Service) leafIndexOf(prog *programme.Programme) *leafIndex {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.leafIndexes == nil {
		s.leafIndexes = map[*programme.Programme]*leafIndex{}
	}
	ix, ok := s.leafIndexes[prog]
	if !ok {
		ix = newLeafIndex(prog)
		s.leafIndexes[prog] = ix
	}
	return ix
}

// ownerKeysOf lists the configured owner keys whose actions ask contact (as askees does: the
// lead contact of the owner or of one of its fan-out members), computed once for all
// contacts.
func (s *Service) ownerKeysOf(contact string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ownerKeys == nil {
		s.ownerKeys = map[string][]string{}
		keys := make([]string, 0, len(s.Config.Owners))
		for k := range s.Config.Owners {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, o := range keys {
			for _, member := range s.Config.Expand(o) {
				if c, ok := s.Config.Lead(member); ok && c.Key != "" {
					if l := s.ownerKeys[c.Key]; len(l) == 0 || l[len(l)-1] != o {
						s.ownerKeys[c.Key] = append(l, o)
					}
				}
			}
		}
	}
	return s.ownerKeys[contact]
}

// LoadContactRound is LoadRound for one contact: Items holds only that contact's items (the
// same ones, in the same order) and Responses only that contact's answers of the period. It
// finds the contact's actions in memory (its owner keys and the actions a coordinator gave
// it) and reads only those actions' tasks, in one query, and only their answers, so one
// person's answer form costs the same with one programme as with five hundred.
func (s *Service) LoadContactRound(ctx context.Context, p config.Period, contact string) (*Round, error) {
	ov, err := s.loadOverrides(ctx, p)
	if err != nil {
		return nil, err
	}
	return s.contactRound(ctx, p, contact, ov)
}

// overrides are the contacts a coordinator chose for actions in a period (on the board).
type overrides struct {
	leadOf map[string]string              // action ref → chosen contact
	chosen map[string]map[string][]string // contact → programme key → refs given to it
}

func (s *Service) loadOverrides(ctx context.Context, p config.Period) (*overrides, error) {
	list, err := s.Store.ActionContacts(ctx, p.String())
	if err != nil {
		return nil, fmt.Errorf("cycle: %w", err)
	}
	ov := &overrides{leadOf: map[string]string{}, chosen: map[string]map[string][]string{}}
	for _, o := range list {
		ov.leadOf[o.ActionRef] = o.ContactKey
		if i := strings.LastIndex(o.ActionRef, "/"); i > 0 {
			m := ov.chosen[o.ContactKey]
			if m == nil {
				m = map[string][]string{}
				ov.chosen[o.ContactKey] = m
			}
			m[o.ActionRef[:i]] = append(m[o.ActionRef[:i]], o.ActionRef[i+1:])
		}
	}
	return ov, nil
}

// contactRound is LoadContactRound with the period's overrides already read, so a pass that
// walks every contact reads them once.
func (s *Service) contactRound(ctx context.Context, p config.Period, contact string, ov *overrides) (*Round, error) {
	prev := p.Prev()
	r := &Round{Period: p, Items: map[string][]Item{}, Responses: map[string]store.Response{}}
	leadOf := ov.leadOf
	chosen := ov.chosen[contact] // programme key → refs a coordinator gave the contact
	owners := s.ownerKeysOf(contact)

	type candidate struct {
		prog *programme.Programme
		lf   programme.Leaf
		ref  string
		role string
	}
	var cands []candidate
	var keys []store.ActionKey
	var refs []string
	for _, prog := range s.Programmes() {
		ix := s.leafIndexOf(prog)
		var at []int
		for _, o := range owners {
			at = append(at, ix.byOwner[o]...)
		}
		for _, ref := range chosen[prog.Key] {
			if i, ok := ix.at(ref); ok {
				at = append(at, i)
			}
		}
		slices.Sort(at)
		for _, i := range slices.Compact(at) {
			lf := ix.leaves[i]
			ref := ActionRef(prog.Key, lf.Ref)
			for _, ak := range withLead(s.askees(lf.Action.Owners), leadOf[ref]) {
				if ak.contact == contact {
					cands = append(cands, candidate{prog, lf, ref, ak.role})
					keys = append(keys, store.ActionKey{Programme: prog.Key, Goal: lf.Goal.Number, Action: lf.Action.Letter})
					refs = append(refs, ref)
					break
				}
			}
		}
	}
	if len(cands) == 0 {
		return r, nil
	}

	tasks, err := s.Store.Tasks(ctx, store.TaskFilter{DueFrom: prev.Start(), DueTo: p.End(), Actions: keys})
	if err != nil {
		return nil, fmt.Errorf("cycle: %w", err)
	}
	byAction := askableTasks(tasks)
	current, err := s.Store.LatestResponses(ctx, p.String(), contact)
	if err != nil {
		return nil, fmt.Errorf("cycle: %w", err)
	}
	for _, resp := range current {
		r.Responses[responseKey(resp.ContactKey, resp.Ref)] = resp
	}
	previous, err := s.Store.LatestResponsesOf(ctx, prev.String(), refs)
	if err != nil {
		return nil, fmt.Errorf("cycle: %w", err)
	}
	prevByKey, answeredPrev := previousAnswers(previous)

	for _, c := range cands {
		w := timing.Window{From: c.prog.Period.From.Time, To: c.prog.Period.To.Time}
		base, ok := s.baseItem(c.prog, *c.lf.Goal, *c.lf.Action, c.ref, byAction[c.ref], answeredPrev[c.ref], p, w)
		if !ok {
			continue
		}
		r.Items[contact] = append(r.Items[contact], askedItem(base, askee{contact, c.role}, c.lf, r.Responses, prevByKey))
	}
	return r, nil
}

// askableContacts lists, sorted, every contact an action of the loaded programmes could ask:
// the lead contacts of the configured owners (and of their fan-out members) and the contacts
// a coordinator chose for an action. A contact in the list may have nothing to answer in a
// period; one outside it has nothing for certain.
func (s *Service) askableContacts(ov *overrides) []string {
	s.ownerKeysOf("") // builds the index
	s.mu.Lock()
	keys := make([]string, 0, len(s.ownerKeys)+len(ov.chosen))
	for k := range s.ownerKeys {
		keys = append(keys, k)
	}
	s.mu.Unlock()
	for k := range ov.chosen {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// eachContact calls fn, in the order of Round.Contacts, with the round of every contact
// that has items in p (the round holds only that contact's items and answers). A pass works
// the round out this way, one contact at a time, so its memory is one contact's items,
// not every contact's: at national scale the whole round is hundreds of thousands of tasks.
func (s *Service) eachContact(ctx context.Context, p config.Period, fn func(contact string, r *Round) error) error {
	if s.wholeRound {
		whole, err := s.LoadRound(ctx, p)
		if err != nil {
			return err
		}
		for _, ck := range whole.Contacts() {
			if err := fn(ck, &Round{Period: p, Items: map[string][]Item{ck: whole.Items[ck]}, Responses: whole.Responses}); err != nil {
				return err
			}
		}
		return nil
	}
	ov, err := s.loadOverrides(ctx, p)
	if err != nil {
		return err
	}
	for _, ck := range s.askableContacts(ov) {
		r, err := s.contactRound(ctx, p, ck, ov)
		if err != nil {
			return err
		}
		if len(r.Items[ck]) == 0 {
			continue
		}
		if err := fn(ck, r); err != nil {
			return err
		}
	}
	return nil
}
