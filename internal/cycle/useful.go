package cycle

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/store"
)

// UsefulUntil says until when a message is worth delivering: a message about a status
// request (a request, a reminder, their Slack and fallback rows) until the end of its round's
// document deadline day, after which an answer is no longer taken. For other messages it
// returns the zero time (the delivery worker's default applies). The worker retries
// temporary failures until then, so an outage of any length short of the deadline loses no
// request.
func (s *Service) UsefulUntil(ctx context.Context, m store.OutboxMessage) (time.Time, error) {
	if m.Ref == "" {
		return time.Time{}, nil
	}
	sr, err := s.Store.StatusRequest(ctx, m.Ref)
	if errors.Is(err, store.ErrNotFound) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("cycle: %w", err)
	}
	p, err := config.ParsePeriod(sr.Period)
	if err != nil {
		return time.Time{}, nil
	}
	meeting, ok := s.Config.MeetingFor(p)
	if !ok {
		return time.Time{}, nil
	}
	return dayEnd(meeting.Deadline(), s.Config.Location()), nil
}
