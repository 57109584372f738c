package cycle

import (
	"context"
	"sort"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/outbox"
)

// Planned is one message the cycle will send, as `voortgang preview` shows it.
type Planned struct {
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"` // statusrequest, reminder, escalation, summary, digest
	To     string    `json:"to"`
	Period string    `json:"period"`
}

// Preview lists what will be sent between from and to (inclusive instants), as the store stands
// now: it assumes nobody answers in the meantime and sends nothing.
func (s *Service) Preview(ctx context.Context, from, to time.Time) ([]Planned, error) {
	var out []Planned
	for _, m := range s.Config.Meetings {
		steps := s.Ladder(m)
		inRange := false
		for _, st := range steps {
			if !st.At.Before(from) && !st.At.After(to) {
				inRange = true
			}
		}
		if !inRange {
			continue
		}
		round, err := s.LoadRound(ctx, m.ReportingPeriod())
		if err != nil {
			return nil, err
		}
		p := m.ReportingPeriod().String()
		var missing []string
		for _, ck := range round.Contacts() {
			if len(round.Unanswered(ck)) > 0 {
				missing = append(missing, ck)
			}
		}
		for _, st := range steps {
			if st.At.Before(from) || st.At.After(to) {
				continue
			}
			switch st.Kind {
			case outbox.KindStatusRequest, outbox.KindReminder:
				list := round.Contacts()
				if st.Kind == outbox.KindReminder {
					list = missing
				}
				for _, ck := range list {
					if c, ok := s.Config.Contact(ck); ok {
						out = append(out, Planned{st.At, st.Kind, c.Email, p})
					}
				}
			case outbox.KindEscalation:
				if len(missing) == 0 {
					continue
				}
				fallthrough
			case outbox.KindSummary:
				for _, c := range s.Config.Coordinators {
					out = append(out, Planned{st.At, st.Kind, c.Email, p})
				}
			}
		}
	}
	sched, err := cron.ParseStandard(s.Config.Digest)
	if err != nil {
		return nil, err
	}
	for t := sched.Next(from.Add(-time.Second).In(s.Config.Location())); !t.IsZero() && !t.After(to); t = sched.Next(t) {
		msgs, err := s.digests(ctx, t)
		if err != nil {
			return nil, err
		}
		at := s.digestSendAt(t)
		for _, d := range msgs {
			out = append(out, Planned{at, outbox.KindDigest, d.contact.Email, config.PeriodOf(d.data.From).String()})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}
