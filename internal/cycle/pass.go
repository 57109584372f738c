package cycle

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/links"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

// PassResult counts what one pass put in the outbox.
type PassResult struct {
	Requests, Reminders, Escalations, Summaries, Digests int
}

// Total is the number of messages enqueued.
func (r PassResult) Total() int {
	return r.Requests + r.Reminders + r.Escalations + r.Summaries + r.Digests
}

// Pass puts every message that is due at the clock's now and not yet in the outbox into the
// outbox. It is idempotent: every message has a deterministic key, so a second pass at the
// same instant (or a pass on another replica) enqueues nothing. A round whose steps were
// missed (the daemon was down) catches up with the request and only the latest reminder.
//
// A round is only worked out when one of its steps fell due since the previous pass, or after
// Invalidate (a new plan or configuration) and at the first pass of a process: so the
// minute-by-minute pass costs next to nothing between steps, whatever the size of the store.
func (s *Service) Pass(ctx context.Context) (PassResult, error) {
	now := s.Clock.Now()
	s.mu.Lock()
	since, full := s.lastPass, s.stale || s.lastPass.IsZero()
	s.mu.Unlock()
	var res PassResult
	for _, m := range s.Config.Meetings {
		steps := s.Ladder(m)
		if !s.active(m, steps, now) || !(full || stepBetween(steps, since, now)) {
			continue
		}
		if err := s.passRound(ctx, m, steps, now, &res); err != nil {
			return res, err
		}
	}
	n, err := s.passDigest(ctx, now, since, full)
	res.Digests = n
	if err == nil {
		s.mu.Lock()
		s.lastPass, s.stale = now, false
		s.mu.Unlock()
	}
	return res, err
}

// Invalidate makes the next pass work out every active round again (after a reconcile or a
// change of contacts), so that new tasks and new contacts are asked without waiting for the
// next step.
func (s *Service) Invalidate() {
	s.mu.Lock()
	s.stale, s.leafIndexes, s.ownerKeys = true, nil, nil
	s.mu.Unlock()
}

// stepBetween reports whether a step fell due in (since, now].
func stepBetween(steps []Step, since, now time.Time) bool {
	for _, st := range steps {
		if st.At.After(since) && !st.At.After(now) {
			return true
		}
	}
	return false
}

func (s *Service) passRound(ctx context.Context, m config.Meeting, steps []Step, now time.Time, res *PassResult) error {
	p := m.ReportingPeriod()
	contacts, err := s.storedContacts(ctx)
	if err != nil {
		return err
	}
	loc := s.Config.Location()
	open := !now.After(dayEnd(m.Deadline(), loc))

	var latestReminder *Step
	for i := range steps {
		st := steps[i]
		if st.At.After(now) {
			continue
		}
		switch st.Kind {
		case outbox.KindReminder:
			latestReminder = &steps[i]
		case outbox.KindEscalation:
			n, err := s.escalate(ctx, m, p, contacts)
			if err != nil {
				return err
			}
			res.Escalations += n
		case outbox.KindSummary:
			n, err := s.summarise(ctx, m, p, contacts)
			if err != nil {
				return err
			}
			res.Summaries += n
		}
	}
	if !open {
		return nil
	}
	// One contact at a time: the pass holds one contact's items, not the whole round.
	return s.eachContact(ctx, p, func(ck string, round *Round) error {
		c, ok := s.Config.Contact(ck)
		if !ok || !contacts[ck].BouncedAt.IsZero() {
			return nil // no address to write to; the board shows the bounce
		}
		sr, created, err := s.ensureRequest(ctx, ck, p, now)
		if err != nil {
			return err
		}
		data := s.requestData(c, sr, m, round.Items[ck])
		ok, err = s.enqueueAsk(ctx, outbox.RequestKey(p.String(), ck), outbox.KindStatusRequest, c, sr, data, now)
		if err != nil {
			return err
		}
		if ok {
			res.Requests++
		}
		if latestReminder == nil || created || !sr.CreatedAt.Before(latestReminder.At) {
			return nil // asked after this reminder was due: the request is the reminder
		}
		missing := round.Unanswered(ck)
		if len(missing) == 0 {
			return nil // answered everything: no more reminders
		}
		to := c
		if away := contacts[ck].AwayUntil; !away.IsZero() && away.After(now) {
			d, ok := s.Config.Deputy(c)
			if !ok {
				return nil // away without a deputy: the reminder waits until they are back
			}
			to = d
		}
		rd := outbox.ReminderPayload{RequestPayload: data, Number: latestReminder.N, Missing: emailItems(missing)}
		rd.Contact = to.FirstName()
		ok, err = s.enqueueAsk(ctx, outbox.ReminderKey(p.String(), ck, latestReminder.N), outbox.KindReminder, to, sr, rd, now)
		if err != nil {
			return err
		}
		if ok {
			res.Reminders++
		}
		return nil
	})
}

// ensureRequest returns the status request of contact for p, creating it with a fresh token.
func (s *Service) ensureRequest(ctx context.Context, contact string, p config.Period, now time.Time) (store.StatusRequest, bool, error) {
	sr, created, err := s.Store.EnsureStatusRequest(ctx, store.StatusRequest{
		Key: outbox.RequestKey(p.String(), contact), ContactKey: contact, Period: p.String(), Token: newToken(),
	}, now)
	if err != nil {
		return sr, false, fmt.Errorf("cycle: %w", err)
	}
	return sr, created, nil
}

// FormURL is the signed link to the answer form of a request; it expires at the end of the
// meeting day.
func (s *Service) FormURL(sr store.StatusRequest, m config.Meeting) string {
	tok := s.Signer.Sign(links.Claims{Purpose: links.Answer, Subject: sr.ContactKey, Period: sr.Period, Request: sr.Key,
		Expires: dayEnd(m.Day(), s.Config.Location())})
	return s.Config.BaseURL + "/antwoord/" + tok
}

func (s *Service) requestData(c config.Contact, sr store.StatusRequest, m config.Meeting, items []Item) outbox.RequestPayload {
	coord := ""
	if len(s.Config.Coordinators) > 0 {
		coord = s.Config.Coordinators[0].Name
	}
	return outbox.RequestPayload{
		Contact: c.FirstName(), Period: sr.Period, Meeting: m.Day(), Deadline: m.Deadline(),
		Items: emailItems(items), FormURL: s.FormURL(sr, m), ReplyAddress: s.replyAddress(sr.Token),
		Token: sr.Token, Coordinator: coord, Lang: s.lang(),
	}
}

// enqueueMail renders kind for data and puts it in the outbox under key, unless a message with
// that key is there already (then it renders nothing and returns false).
func (s *Service) enqueueMail(ctx context.Context, key, kind, to, ref, token string, data any, now time.Time) (bool, error) {
	s.init()
	if exists, err := s.Store.OutboxExists(ctx, key); err != nil {
		return false, fmt.Errorf("cycle: %w", err)
	} else if exists {
		return false, nil
	}
	m, err := s.renderMail(key, kind, to, ref, token, data)
	if err != nil {
		return false, err
	}
	created, err := s.Store.Enqueue(ctx, m, now)
	if err != nil {
		return false, fmt.Errorf("cycle: %w", err)
	}
	return created, nil
}

// renderMail renders kind for data as the outbox row with key, with its keyed Message-ID
// and, for a request's mail, the reply address with the token.
func (s *Service) renderMail(key, kind, to, ref, token string, data any) (store.OutboxMessage, error) {
	s.init()
	subject, text, html, err := s.Templates.Render(kind, s.lang(), data)
	if err != nil {
		return store.OutboxMessage{}, fmt.Errorf("cycle: %s: %w", key, err)
	}
	msgID, err := s.messageID(key)
	if err != nil {
		return store.OutboxMessage{}, err
	}
	m := store.OutboxMessage{Key: key, Kind: kind, Channel: "email", Recipient: to, Subject: subject,
		BodyText: text, BodyHTML: html, MessageID: msgID, Ref: ref}
	if token != "" {
		m.ReplyTo = s.replyAddress(token)
	}
	return m, nil
}

// EnqueueMail renders kind for data and puts it in the outbox under key for to, unless a
// message with that key is there already. For messages the cycle does not make itself (the
// announcement of a report draft).
func (s *Service) EnqueueMail(ctx context.Context, key, kind, to string, data any) error {
	_, err := s.enqueueMail(ctx, key, kind, to, "", "", data, s.Clock.Now())
	return err
}

// contactState is what the pass needs of a stored contact: whether it is away or its mail
// bounced.
type contactState struct {
	AwayUntil, BouncedAt time.Time
}

// storedContacts returns the store's view of the contacts that are away or bounced, by key;
// a contact that is neither is not in the map (its zero contactState says so). At national
// scale the whole contact rows were 8 MB held through the pass.
func (s *Service) storedContacts(ctx context.Context) (map[string]contactState, error) {
	cs, err := s.Store.Contacts(ctx)
	if err != nil {
		return nil, fmt.Errorf("cycle: %w", err)
	}
	m := map[string]contactState{}
	for _, c := range cs {
		if !c.AwayUntil.IsZero() || !c.BouncedAt.IsZero() {
			m[c.Key] = contactState{AwayUntil: c.AwayUntil, BouncedAt: c.BouncedAt}
		}
	}
	return m, nil
}

// SyncContacts writes the configured contacts to the store, so answers, requests and the board
// can name them and inbound mail can record absences and bounces against them.
func (s *Service) SyncContacts(ctx context.Context) error {
	now := s.Clock.Now()
	owners := map[string][]string{}
	for key, o := range s.Config.Owners {
		if o == nil {
			continue
		}
		for _, c := range o.Own {
			owners[c.Key] = append(owners[c.Key], key)
		}
	}
	for key := range s.Config.Owners {
		for _, c := range s.Config.ContactsFor(key) {
			if err := s.Store.UpsertContact(ctx, store.Contact{Key: c.Key, Name: c.Name, Email: c.Email, SlackID: c.Slack, Deputy: c.Deputy, Owners: owners[c.Key]}, now); err != nil {
				return fmt.Errorf("cycle: %w", err)
			}
		}
	}
	return nil
}

func emailItems(items []Item) []outbox.Item {
	out := make([]outbox.Item, len(items))
	for i, it := range items {
		out[i] = it.Item
	}
	return out
}

// newToken is the secret that links a reply mail to its request: 20 characters from a
// lower-case alphabet, because mail systems may lower-case the local part of an address.
func newToken() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 20)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
