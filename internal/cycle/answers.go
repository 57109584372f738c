package cycle

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/config"
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
	plan, err := s.PrepareAnswers(ctx, contact, p, answers, source, inboundMessageID)
	if err != nil {
		return nil, err
	}
	var stored []store.Response
	for _, r := range plan.Responses {
		got, err := s.Store.AddResponse(ctx, r, plan.At)
		if err != nil {
			return stored, fmt.Errorf("cycle: %w", err)
		}
		stored = append(stored, got)
	}
	msgs, err := plan.Confirm(stored)
	if err != nil {
		return stored, err
	}
	for _, m := range msgs {
		if _, err := s.Store.Enqueue(ctx, m, plan.At); err != nil {
			return stored, fmt.Errorf("cycle: %w", err)
		}
	}
	return stored, nil
}

// AnswerPlan is what recording a set of answers writes, checked as a whole before anything is
// written: the new response versions, and the confirmation to enqueue once they are stored.
type AnswerPlan struct {
	At        time.Time
	Responses []store.Response // the answers that differ from the latest version
	Unchanged int              // answers equal to the latest version, not stored again
	// Confirm returns the confirmation messages for the versions as stored (their IDs name
	// the confirmation); none when nothing was stored or the answers came from Slack.
	Confirm func(stored []store.Response) ([]store.OutboxMessage, error)
}

// PrepareAnswers validates every answer of contact for p and returns what recording them
// writes, without writing any of it (the inbox stores a mail's answers in one transaction
// with the mail itself). ErrClosed after the period's deadline.
func (s *Service) PrepareAnswers(ctx context.Context, contact string, p config.Period, answers []Answer, source, inboundMessageID string) (AnswerPlan, error) {
	now := s.Clock.Now()
	plan := AnswerPlan{At: now, Confirm: func([]store.Response) ([]store.OutboxMessage, error) { return nil, nil }}
	if !s.Open(p, now) {
		return plan, ErrClosed
	}
	round, err := s.LoadContactRound(ctx, p, contact)
	if err != nil {
		return plan, err
	}
	items := map[string]Item{}
	for _, it := range round.Items[contact] {
		items[it.ActionRef] = it
	}
	for _, a := range answers {
		if _, ok := items[a.Ref]; !ok {
			return plan, fmt.Errorf("cycle: %s wordt niet aan %s gevraagd in %s", a.Ref, contact, p)
		}
		if !ValidStatus(a.Status) {
			return plan, fmt.Errorf("cycle: onbekende status %q", a.Status)
		}
		a.Toelichting = strings.TrimSpace(a.Toelichting)
		if prev, ok := round.Responses[responseKey(contact, a.Ref)]; ok && prev.Status == a.Status &&
			prev.Toelichting == a.Toelichting && maps.Equal(nonEmpty(prev.Indicators), nonEmpty(a.Indicators)) {
			plan.Unchanged++
			continue
		}
		plan.Responses = append(plan.Responses, store.Response{
			RefKind: store.RefAction, Ref: a.Ref, ContactKey: contact, Period: p.String(),
			Status: a.Status, Toelichting: a.Toelichting, Indicators: nonEmpty(a.Indicators),
			Source: source, InboundMessageID: inboundMessageID, CreatedBy: contact,
		})
	}
	// A Slack answer is confirmed in its thread; the other channels get the confirmation mail.
	if len(plan.Responses) == 0 || source == store.SourceSlack {
		return plan, nil
	}
	c, ok := s.Config.Contact(contact)
	if !ok {
		return plan, nil
	}
	sr, _, err := s.ensureRequest(ctx, contact, p, now)
	if err != nil {
		return plan, err
	}
	plan.Confirm = func(stored []store.Response) ([]store.OutboxMessage, error) {
		if len(stored) == 0 {
			return nil, nil
		}
		m, err := s.confirmation(c, p, sr, stored, items)
		if err != nil {
			return nil, err
		}
		return []store.OutboxMessage{m}, nil
	}
	return plan, nil
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

// confirmation is the "we hebben genoteerd" message for the stored versions.
func (s *Service) confirmation(c config.Contact, p config.Period, sr store.StatusRequest, stored []store.Response, items map[string]Item) (store.OutboxMessage, error) {
	m, _ := s.Meeting(p)
	var recorded []outbox.Item
	for _, r := range stored {
		it := items[r.Ref].Item
		it.LastAnswer = answerOf(r)
		recorded = append(recorded, it)
	}
	data := outbox.ConfirmationPayload{Contact: c.FirstName(), Period: p.String(), Recorded: recorded,
		ChangeURL: s.FormURL(sr, m), Deadline: m.Deadline()}
	return s.renderMail(outbox.ConfirmationKey(p.String(), c.Key, stored[0].ID), outbox.KindConfirmation, c.Email, sr.Key, sr.Token, data)
}
