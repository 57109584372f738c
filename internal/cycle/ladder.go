package cycle

import (
	"sort"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/outbox"
)

// Step is one rung of the reminder ladder of a meeting.
type Step struct {
	Kind string    // outbox.KindStatusRequest, KindReminder, KindEscalation, KindSummary
	N    int       // the reminder's number (1, 2 …); 0 for the other kinds
	At   time.Time // the send instant: a working day at the send hour
}

// Ladder is the schedule of messages before the document deadline of m: the request, the
// reminders, the escalation and the summary, each on a working day (never a weekend or a
// Dutch public holiday) at the configured send hour, in time order.
func (s *Service) Ladder(m config.Meeting) []Step {
	cal := s.Config.Calendar()
	h, mi := s.Config.SendHourMinute()
	at := func(before int) time.Time { return cal.SendTime(cal.AddWorkdays(m.Deadline(), -before), h, mi) }
	l := s.Config.Ladder
	steps := []Step{{Kind: outbox.KindStatusRequest, At: at(l.Request)}}
	reminders := append([]int(nil), l.Reminders...)
	sort.Sort(sort.Reverse(sort.IntSlice(reminders)))
	for i, r := range reminders {
		steps = append(steps, Step{Kind: outbox.KindReminder, N: i + 1, At: at(r)})
	}
	steps = append(steps, Step{Kind: outbox.KindEscalation, At: at(l.Escalation)}, Step{Kind: outbox.KindSummary, At: at(l.Summary)})
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].At.Before(steps[j].At) })
	return steps
}

// active reports whether the round of m is under way at now: from its request until the end
// of the meeting day.
func (s *Service) active(m config.Meeting, steps []Step, now time.Time) bool {
	return !now.Before(steps[0].At) && !now.After(dayEnd(m.Day(), s.Config.Location()))
}
