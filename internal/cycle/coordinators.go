package cycle

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

// missing lists the contacts of the round of p who have unanswered items, and counts the
// contacts who have items. It walks the round one contact at a time and keeps only the
// missing ones.
func (s *Service) missing(ctx context.Context, p config.Period, contacts map[string]contactState) ([]outbox.MissingContact, int, error) {
	out, _, total, err := s.missingKeys(ctx, p, contacts)
	return out, total, err
}

// missingKeys is missing with the contact keys, in the same order.
func (s *Service) missingKeys(ctx context.Context, p config.Period, contacts map[string]contactState) ([]outbox.MissingContact, []string, int, error) {
	var out []outbox.MissingContact
	var keys []string
	total := 0
	err := s.eachContact(ctx, p, func(ck string, round *Round) error {
		total++
		un := round.Unanswered(ck)
		if len(un) == 0 {
			return nil
		}
		c, _ := s.Config.Contact(ck)
		mc := outbox.MissingContact{Name: c.Name, Email: c.Email, Items: emailItems(un)}
		for n := 1; n <= len(s.Config.Ladder.Reminders); n++ {
			if asked, err := s.askedBefore(ctx, outbox.ReminderKey(p.String(), ck, n)); err != nil {
				return err
			} else if asked {
				mc.RemindersSent++
			}
		}
		if away := contacts[ck].AwayUntil; !away.IsZero() {
			a := away
			mc.AwayUntil = &a
		}
		out = append(out, mc)
		keys = append(keys, ck)
		return nil
	})
	if err != nil {
		return nil, nil, 0, err
	}
	return out, keys, total, nil
}

// Audit names of what the cycle records about a status request.
const (
	AuditEntityRequest = "uitvraag"
	AuditEscalated     = "geescaleerd"
)

// escalate tells every coordinator who has not answered; nothing is sent when everyone has.
func (s *Service) escalate(ctx context.Context, m config.Meeting, p config.Period, contacts map[string]contactState) (int, error) {
	miss, keys, _, err := s.missingKeys(ctx, p, contacts)
	if err != nil || len(miss) == 0 {
		return 0, err
	}
	if err := s.recordEscalated(ctx, p, keys); err != nil {
		return 0, err
	}
	if err := s.noteEscalation(ctx, m, p, miss); err != nil {
		return 0, err
	}
	n := 0
	for _, c := range s.Config.Coordinators {
		data := outbox.EscalationPayload{Coordinator: c.FirstName(), Period: p.String(), Deadline: m.Deadline(), Missing: miss}
		ok, err := s.enqueueMail(ctx, outbox.EscalationKey(p.String(), c.ID()), outbox.KindEscalation, c.Email, "", "", data, s.Clock.Now())
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// recordEscalated notes, once per round, for every contact named in the escalation that they
// were escalated (the board's Periode page shows it).
func (s *Service) recordEscalated(ctx context.Context, p config.Period, keys []string) error {
	if len(s.Config.Coordinators) == 0 {
		return nil
	}
	done, err := s.Store.OutboxExists(ctx, outbox.EscalationKey(p.String(), s.Config.Coordinators[0].ID()))
	if err != nil || done {
		return err
	}
	for _, ck := range keys {
		if err := s.Store.AddAudit(ctx, store.AuditEntry{At: s.Clock.Now(), Actor: "voortgang", Action: AuditEscalated,
			Entity: AuditEntityRequest, EntityKey: outbox.RequestKey(p.String(), ck)}); err != nil {
			return fmt.Errorf("cycle: %w", err)
		}
	}
	return nil
}

// summarise sends the coordinators the state of the round on the deadline.
func (s *Service) summarise(ctx context.Context, m config.Meeting, p config.Period, contacts map[string]contactState) (int, error) {
	miss, total, err := s.missing(ctx, p, contacts)
	if err != nil {
		return 0, err
	}
	if err := s.noteSummary(ctx, m, p, miss, total); err != nil {
		return 0, err
	}
	n := 0
	for _, c := range s.Config.Coordinators {
		data := outbox.SummaryPayload{Coordinator: c.FirstName(), Period: p.String(), Deadline: m.Deadline(),
			Answered: total - len(miss), Total: total, Missing: miss, BoardURL: s.Config.BaseURL + "/"}
		ok, err := s.enqueueMail(ctx, outbox.SummaryKey(p.String(), c.ID()), outbox.KindSummary, c.Email, "", "", data, s.Clock.Now())
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// digestHorizon is how far ahead the milestone digest looks.
const digestHorizon = 6 * 7 * 24 * time.Hour

// lastDigest is the latest instant at or before now at which the digest schedule fired, within
// the last 40 days; zero when none.
func (s *Service) lastDigest(now time.Time) (time.Time, error) {
	sched, err := cron.ParseStandard(s.Config.Digest)
	if err != nil {
		return time.Time{}, fmt.Errorf("cycle: digest %q: %w", s.Config.Digest, err)
	}
	loc := s.Config.Location()
	var last time.Time
	for t := sched.Next(now.Add(-40 * 24 * time.Hour).In(loc)); !t.IsZero() && !t.After(now); t = sched.Next(t) {
		last = t
	}
	return last, nil
}

// passDigest sends each contact (the owners' contacts, not the coordinators), once per firing
// of the digest schedule, the milestones and contract meetings due in the next six weeks and
// those that passed in the last six weeks without an answer. Contacts with nothing to say get
// nothing.
func (s *Service) passDigest(ctx context.Context, now, since time.Time, full bool) (int, error) {
	fired, err := s.lastDigest(now)
	if err != nil || fired.IsZero() {
		return 0, err
	}
	// Like every message, the digest goes out on a working day: a firing on a weekend or a
	// holiday waits for the next working day's send hour. One that could not go out within a
	// day of that is skipped, not sent late.
	at := s.digestSendAt(fired)
	if now.Before(at) || now.Sub(at) > 24*time.Hour || (!full && !at.After(since)) {
		return 0, nil
	}
	msgs, err := s.digests(ctx, fired)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range msgs {
		ok, err := s.enqueueMail(ctx, outbox.DigestKey(fired.In(s.Config.Location()).Format(time.DateOnly), d.contact.Key), outbox.KindDigest, d.contact.Email, "", "", d.data, now)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// digestSendAt is when a digest that fired at fired goes out.
func (s *Service) digestSendAt(fired time.Time) time.Time {
	cal := s.Config.Calendar()
	if cal.IsWorkday(fired) {
		return fired
	}
	h, mi := s.Config.SendHourMinute()
	return cal.NextSendTime(fired, h, mi)
}

type digestMsg struct {
	contact config.Contact
	data    outbox.DigestPayload
}

// digests computes the digest of every contact with something to say, as of fired.
func (s *Service) digests(ctx context.Context, fired time.Time) ([]digestMsg, error) {
	day := s.Config.Calendar().Date(fired)
	period := config.PeriodOf(day)
	tasks, err := s.Store.Tasks(ctx, store.TaskFilter{DueFrom: period.Start(), DueTo: day.Add(digestHorizon)})
	if err != nil {
		return nil, fmt.Errorf("cycle: %w", err)
	}
	answers, err := s.Store.LatestResponses(ctx, period.String(), "")
	if err != nil {
		return nil, fmt.Errorf("cycle: %w", err)
	}
	answered := map[string]bool{}
	for _, r := range answers {
		answered[responseKey(r.ContactKey, r.Ref)] = true
	}
	// The digest names the doel with its title and the action by its text, as the request
	// does; a task's own title is "Check 15a: …" and says neither.
	// It names the programme too, so a summary of a long digest counts per programme and doel.
	type about struct{ programmeTitle, goalTitle, text string }
	actions := map[string]about{}
	for _, prog := range s.Programmes() {
		for _, lf := range prog.Leaves() {
			actions[ActionRef(prog.Key, lf.Ref)] = about{prog.Title, lf.Goal.Title, lf.Action.Text}
		}
	}
	// Overdue means recently overdue: a milestone that passed more than the horizon ago is the
	// coordinators' business on the board, not a monthly reminder to its owner.
	overdueFrom := day.Add(-digestHorizon)
	type buckets struct{ upcoming, overdue map[string]*outbox.Item }
	per := map[string]*buckets{}
	var order []string
	for _, t := range tasks {
		if t.StatusOverride != "" {
			continue
		}
		due := t.EffectiveDue()
		ref := ActionRef(t.Programme, t.Ref())
		overdue := due.Before(day)
		if overdue && due.Before(overdueFrom) {
			continue
		}
		for _, ak := range s.askees(t.Owners) {
			if overdue && answered[responseKey(ak.contact, ref)] {
				continue
			}
			b := per[ak.contact]
			if b == nil {
				b = &buckets{map[string]*outbox.Item{}, map[string]*outbox.Item{}}
				per[ak.contact] = b
				order = append(order, ak.contact)
			}
			bucket := b.upcoming
			if overdue {
				bucket = b.overdue
			}
			it := bucket[ref]
			if it == nil {
				a := actions[ref]
				if a.text == "" {
					a.text = t.Title
				}
				it = &outbox.Item{Ref: t.Ref(), Programme: t.Programme, ProgrammeTitle: a.programmeTitle, Goal: t.Goal,
					GoalTitle: a.goalTitle, ActionText: a.text, Role: ak.role, Overdue: overdue}
				bucket[ref] = it
			}
			it.Due = append(it.Due, dueOf(t, overdue))
		}
	}
	sort.Strings(order)
	stored, err := s.storedContacts(ctx)
	if err != nil {
		return nil, err
	}
	var out []digestMsg
	for _, ck := range order {
		c, ok := s.Config.Contact(ck)
		if !ok || !stored[ck].BouncedAt.IsZero() {
			continue // a bounced address gets no mail until it is fixed
		}
		b := per[ck]
		out = append(out, digestMsg{c, outbox.DigestPayload{Contact: c.FirstName(), From: day, To: day.Add(digestHorizon),
			Upcoming: sortedItems(b.upcoming), Overdue: sortedItems(b.overdue), BoardURL: s.Config.BaseURL + "/"}})
	}
	return out, nil
}

func sortedItems(m map[string]*outbox.Item) []outbox.Item {
	out := make([]outbox.Item, 0, len(m))
	for _, it := range m {
		out = append(out, *it)
	}
	sortByDue(out)
	return out
}

func sortByDue(items []outbox.Item) {
	first := func(it outbox.Item) time.Time {
		if len(it.Due) == 0 {
			return time.Time{}
		}
		return it.Due[0].Date
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := first(items[i]), first(items[j])
		if !a.Equal(b) {
			return a.Before(b)
		}
		return items[i].Ref < items[j].Ref
	})
}
