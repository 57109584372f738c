package cycle

import (
	"context"
	"errors"
	"fmt"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/outbox"
)

// ErrNothingToRemind: the contact has nothing unanswered in the period (or no address).
var ErrNothingToRemind = errors.New("cycle: er is niets om aan te herinneren")

// RemindNow puts a reminder to contact (or, with toDeputy, to the contact's deputy) about
// the unanswered items of period p in the outbox now, outside the ladder: a coordinator asked
// for it on the board. key must be unique per click (herinnering/P/contact/bord-N); a second
// call with the same key enqueues nothing and returns created false. The reminder uses the
// contact's status request, which is created when the ladder has not sent it yet.
func (s *Service) RemindNow(ctx context.Context, contact string, p config.Period, toDeputy bool, key string) (to string, created bool, err error) {
	m, ok := s.Meeting(p)
	if !ok {
		return "", false, fmt.Errorf("cycle: geen vergadering voor periode %s", p)
	}
	c, ok := s.Config.Contact(contact)
	if !ok {
		return "", false, fmt.Errorf("cycle: onbekend contact %q", contact)
	}
	round, err := s.LoadContactRound(ctx, p, contact)
	if err != nil {
		return "", false, err
	}
	missing := round.Unanswered(contact)
	if len(missing) == 0 {
		return "", false, ErrNothingToRemind
	}
	target := c
	if toDeputy {
		d, ok := s.Config.Deputy(c)
		if !ok {
			return "", false, fmt.Errorf("cycle: %s heeft geen vervanger", c.Name)
		}
		target = d
	}
	if target.Email == "" {
		return "", false, ErrNothingToRemind
	}
	now := s.Clock.Now()
	sr, _, err := s.ensureRequest(ctx, contact, p, now)
	if err != nil {
		return "", false, err
	}
	data := s.requestData(c, sr, m, round.Items[contact])
	rd := outbox.ReminderPayload{RequestPayload: data, Number: 0, Missing: emailItems(missing)}
	rd.Contact = target.FirstName()
	created, err = s.enqueueMail(ctx, key, outbox.KindReminder, target.Email, sr.Key, sr.Token, rd, now)
	return target.Email, created, err
}
