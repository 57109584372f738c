package cycle

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

// Answer is what an owner says about one action.
type Answer struct {
	Ref         string // the action reference: programme/15a
	Status      string
	Toelichting string
	Indicators  map[string]string
}

// ErrClosed is an answer after the document deadline of its period.
var ErrClosed = errors.New("cycle: de termijn voor deze periode is verstreken")

// Meeting is the meeting that receives period p.
func (s *Service) Meeting(p config.Period) (config.Meeting, bool) { return s.Config.MeetingFor(p) }

// Open reports whether answers for p are still accepted at now: until the end of the document
// deadline's day.
func (s *Service) Open(p config.Period, now time.Time) bool {
	m, ok := s.Meeting(p)
	return ok && !now.After(dayEnd(m.Deadline(), s.Config.Location()))
}

// RecordAnswers stores the answers of contact for period p as new versions (never overwriting
// an older one) and, when anything changed, puts a confirmation in the outbox. An answer equal
// to the latest version is not stored again. It returns the versions it stored.
func (s *Service) RecordAnswers(ctx context.Context, contact string, p config.Period, answers []Answer, source, inboundMessageID string) ([]store.Response, error) {
	now := s.Clock.Now()
	if !s.Open(p, now) {
		return nil, ErrClosed
	}
	round, err := s.LoadRound(ctx, p)
	if err != nil {
		return nil, err
	}
	items := map[string]Item{}
	for _, it := range round.Items[contact] {
		items[it.ActionRef] = it
	}
	var stored []store.Response
	for _, a := range answers {
		if _, ok := items[a.Ref]; !ok {
			return stored, fmt.Errorf("cycle: %s wordt niet aan %s gevraagd in %s", a.Ref, contact, p)
		}
		if !ValidStatus(a.Status) {
			return stored, fmt.Errorf("cycle: onbekende status %q", a.Status)
		}
		a.Toelichting = strings.TrimSpace(a.Toelichting)
		if prev, ok := round.Responses[responseKey(contact, a.Ref)]; ok && prev.Status == a.Status &&
			prev.Toelichting == a.Toelichting && maps.Equal(nonEmpty(prev.Indicators), nonEmpty(a.Indicators)) {
			continue
		}
		r, err := s.Store.AddResponse(ctx, store.Response{
			RefKind: store.RefAction, Ref: a.Ref, ContactKey: contact, Period: p.String(),
			Status: a.Status, Toelichting: a.Toelichting, Indicators: nonEmpty(a.Indicators),
			Source: source, InboundMessageID: inboundMessageID, CreatedBy: contact,
		}, now)
		if err != nil {
			return stored, fmt.Errorf("cycle: %w", err)
		}
		stored = append(stored, r)
	}
	// A Slack answer is confirmed in its thread; the other channels get the confirmation mail.
	if len(stored) > 0 && source != store.SourceSlack {
		if err := s.confirm(ctx, contact, p, stored, items, now); err != nil {
			return stored, err
		}
	}
	return stored, nil
}

func nonEmpty(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		if v = strings.TrimSpace(v); v != "" {
			out[k] = v
		}
	}
	return out
}

// confirm puts the "we hebben genoteerd" message in the outbox.
func (s *Service) confirm(ctx context.Context, contact string, p config.Period, stored []store.Response, items map[string]Item, now time.Time) error {
	c, ok := s.Config.Contact(contact)
	if !ok {
		return nil
	}
	m, _ := s.Meeting(p)
	sr, _, err := s.ensureRequest(ctx, contact, p, now)
	if err != nil {
		return err
	}
	var recorded []email.Item
	for _, r := range stored {
		it := items[r.Ref].Item
		it.LastAnswer = answerOf(r)
		recorded = append(recorded, it)
	}
	data := email.ConfirmationData{Contact: c.FirstName(), Period: p.String(), Recorded: recorded,
		ChangeURL: s.FormURL(sr, m), Deadline: m.Deadline()}
	key := outbox.ConfirmationKey(p.String(), contact, stored[0].ID)
	_, err = s.enqueueMail(ctx, key, email.KindConfirmation, c.Email, sr.Key, sr.Token, data, now)
	return err
}
