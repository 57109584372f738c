package cycle

import (
	"context"
	"time"

	"github.com/regiogv/voortgang/internal/outbox"
)

// NotifyBounce tells the coordinators that mail to contact bounced. The key comes from the
// bounce's own Message-ID, so processing the same bounce twice tells them once.
func (s *Service) NotifyBounce(ctx context.Context, contact, address, bounceMessageID string, received time.Time) error {
	name := contact
	if c, ok := s.Config.Contact(contact); ok {
		name = c.Name
	}
	for _, c := range s.Config.Coordinators {
		data := outbox.BouncePayload{Coordinator: c.FirstName(), Contact: name, Address: address, Received: received,
			BoardURL: s.Config.BaseURL + "/"}
		if _, err := s.enqueueMail(ctx, outbox.BounceKey(bounceMessageID, contact, c.ID()), outbox.KindBounce, c.Email, "", "", data, s.Clock.Now()); err != nil {
			return err
		}
	}
	return nil
}
