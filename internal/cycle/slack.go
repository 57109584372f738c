package cycle

// Slack and Teams: status requests and reminders as a Slack direct message for the contacts
// who prefer it, answers given in Slack, the /voortgang listing, and the coordinators' notes
// for their Slack channel and Teams webhook. Everything goes through the outbox like mail.

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

// ChatRenderer writes the chat channels' rows from their payloads (package notify implements
// it; the app injects it): the cycle decides who gets which request and note, the channel
// says it in its own format.
type ChatRenderer interface {
	// SlackRequest is the BodyText of the Slack direct-message row with key for a request or
	// reminder payload (outbox.RequestPayload, outbox.ReminderPayload) to to; fallback, when
	// not nil, is the mail to send instead when Slack refuses the row for good.
	SlackRequest(key string, to outbox.Addressee, payload any, fallback *outbox.FallbackMail) (body string, err error)
	// SlackNote and TeamsNote are the subject and BodyText of a coordinators' note in their
	// Slack channel and for the Teams webhook.
	SlackNote(n outbox.NotePayload) (title, body string, err error)
	TeamsNote(n outbox.NotePayload) (title, body string, err error)
}

// Kinds of coordinator notes; package outbox defines them.
const (
	NoteEscalation = outbox.NoteEscalation
	NoteSummary    = outbox.NoteSummary
	NoteDraft      = outbox.NoteDraft
)

var (
	// ErrTokenInvalid is wrapped by an answer given in a chat whose token is unknown,
	// revoked or closed, or whose user is not the contact's (nor the deputy's).
	ErrTokenInvalid = errors.New("cycle: request token unknown, expired or not this user's")
	// ErrUnknownChatUser is wrapped when a chat user is not linked to a contact.
	ErrUnknownChatUser = errors.New("cycle: chat user not linked to a contact")
)

// enqueueAsk puts a status request or reminder (kind, data as for enqueueMail) for to in the
// outbox over the channels to prefers: by mail under key, as a Slack direct message under
// key + "/slack", or both. Without Slack (disabled, no bot token, no Slack id) it is mail.
// It reports whether anything was enqueued now.
func (s *Service) enqueueAsk(ctx context.Context, key, kind string, to config.Contact, sr store.StatusRequest, data any, now time.Time) (bool, error) {
	if !s.Config.Slack.Ready() || !to.PrefersSlack() {
		return s.enqueueMail(ctx, key, kind, to.Email, sr.Key, sr.Token, data, now)
	}
	created := false
	if to.PrefersEmail() {
		ok, err := s.enqueueMail(ctx, key, kind, to.Email, sr.Key, sr.Token, data, now)
		if err != nil {
			return false, err
		}
		created = ok
	}
	ok, err := s.enqueueSlack(ctx, key, kind, to, sr, data, !to.PrefersEmail(), now)
	return created || ok, err
}

// enqueueSlack puts the Slack version of a request or reminder in the outbox under key +
// "/slack". With withMail, the row carries the rendered mail too, which the worker sends
// under key + "/email-fallback" when Slack refuses the message for good.
func (s *Service) enqueueSlack(ctx context.Context, key, kind string, to config.Contact, sr store.StatusRequest, data any, withMail bool, now time.Time) (bool, error) {
	s.init()
	skey := key + outbox.SuffixSlack
	if exists, err := s.Store.OutboxExists(ctx, skey); err != nil {
		return false, fmt.Errorf("cycle: %w", err)
	} else if exists {
		return false, nil
	}
	if s.Chat == nil {
		return false, fmt.Errorf("cycle: %s: geen Slack-opmaak (Service.Chat)", skey)
	}
	// The row's subject is the mail's, for the board and the delivery log.
	subject, text, html, err := s.Templates.Render(kind, s.lang(), data)
	if err != nil {
		return false, fmt.Errorf("cycle: %s: %w", skey, err)
	}
	var fallback *outbox.FallbackMail
	if withMail {
		msgID, err := s.messageID(skey + outbox.SuffixEmailFallback)
		if err != nil {
			return false, fmt.Errorf("cycle: %w", err)
		}
		fallback = &outbox.FallbackMail{To: to.Email, Subject: subject, Text: text, HTML: html,
			ReplyTo: s.replyAddress(sr.Token), MessageID: msgID}
	}
	js, err := s.Chat.SlackRequest(skey, outbox.Addressee{SlackID: to.Slack, Email: to.Email}, data, fallback)
	if err != nil {
		return false, fmt.Errorf("cycle: %w", err)
	}
	recipient := to.Slack
	if recipient == "" {
		recipient = to.Email
	}
	created, err := s.Store.Enqueue(ctx, store.OutboxMessage{Key: skey, Kind: kind, Channel: outbox.ChannelSlack,
		Recipient: recipient, Subject: subject, BodyText: js, Ref: sr.Key}, now)
	if err != nil {
		return false, fmt.Errorf("cycle: %w", err)
	}
	return created, nil
}

// askedBefore reports whether a message under the mail key was enqueued over any channel.
func (s *Service) askedBefore(ctx context.Context, key string) (bool, error) {
	for _, k := range []string{key, key + outbox.SuffixSlack} {
		if exists, err := s.Store.OutboxExists(ctx, k); err != nil {
			return false, fmt.Errorf("cycle: %w", err)
		} else if exists {
			return true, nil
		}
	}
	return false, nil
}

// ChatAnswer is an answer given in a chat (a Slack status button or the details modal).
type ChatAnswer struct {
	Token      string // of the status request the message was for
	UserID     string // the chat user who answered
	Ref        string // the action: programme/15a or 15a
	Status     string // a status code or word, in either language
	Text       string
	Indicators map[string]string // nil for a status button
}

// ChatReceipt is what the cycle reports back after recording a chat answer, for the channel
// to confirm it in its own words.
type ChatReceipt struct {
	ContactName string
	Ref         string            // the short reference of the answered action ("15a")
	Status      string            // the status recorded (a Dutch status word)
	Before      bool              // the same answer had been recorded before
	Open        int               // actions of the request still unanswered
	Period      string            // "2026H2"
	Lang        string            // the cycle's language
	Recorded    map[string]string // short ref → status code recorded so far in this request
	// Request is the request as it now stands (every item), to re-render the message.
	Request outbox.RequestPayload
	To      outbox.Addressee
}

// RecordChatAnswer records an answer given in Slack (a status button or the details modal)
// like one from the form, with source slack. The token names the status request, and so the
// contact and the period; the chat user must be that contact or their deputy (a contact
// without a configured Slack id was written to by their email address, and the token is the
// proof). A status button keeps the toelichting and figures already given in the period.
// Refusals for the token or the user wrap ErrTokenInvalid.
func (s *Service) RecordChatAnswer(ctx context.Context, a ChatAnswer) (ChatReceipt, error) {
	sr, err := s.Store.StatusRequestByToken(ctx, strings.TrimSpace(a.Token))
	if errors.Is(err, store.ErrNotFound) || (err == nil && !sr.RevokedAt.IsZero()) {
		return ChatReceipt{}, ErrTokenInvalid
	}
	if err != nil {
		return ChatReceipt{}, fmt.Errorf("cycle: %w", err)
	}
	c, ok := s.Config.Contact(sr.ContactKey)
	if !ok {
		return ChatReceipt{}, fmt.Errorf("contact %s: %w", sr.ContactKey, ErrTokenInvalid)
	}
	who, ok := s.slackAnswerer(c, a.UserID)
	if !ok {
		return ChatReceipt{}, fmt.Errorf("%s is niet %s: %w", a.UserID, c.Key, ErrTokenInvalid)
	}
	p, err := config.ParsePeriod(sr.Period)
	if err != nil {
		return ChatReceipt{}, fmt.Errorf("cycle: %w", err)
	}
	status := i18n.StatusLabel(a.Status, i18n.Dutch)
	if !ValidStatus(status) {
		return ChatReceipt{}, fmt.Errorf("cycle: onbekende status %q", a.Status)
	}
	round, err := s.LoadContactRound(ctx, p, c.Key)
	if err != nil {
		return ChatReceipt{}, err
	}
	it, ok := findItem(round.Items[c.Key], a.Ref)
	if !ok {
		return ChatReceipt{}, fmt.Errorf("cycle: %s wordt niet aan %s gevraagd in %s", a.Ref, c.Key, p)
	}
	ans := Answer{Ref: it.ActionRef, Status: status, Toelichting: a.Text, Indicators: a.Indicators}
	if a.Indicators == nil { // a status button: keep what the contact said before in this period
		if prev, ok := round.Responses[responseKey(c.Key, it.ActionRef)]; ok {
			ans.Toelichting, ans.Indicators = prev.Toelichting, prev.Indicators
		}
	}
	stored, err := s.RecordAnswers(ctx, c.Key, p, []Answer{ans}, store.SourceSlack, "")
	if errors.Is(err, ErrClosed) {
		return ChatReceipt{}, fmt.Errorf("%w: %w", ErrTokenInvalid, err)
	}
	if err != nil {
		return ChatReceipt{}, err
	}

	after, err := s.LoadContactRound(ctx, p, c.Key)
	if err != nil {
		return ChatReceipt{}, err
	}
	recorded := map[string]string{}
	for _, x := range after.Items[c.Key] {
		if resp, ok := after.Responses[responseKey(c.Key, x.ActionRef)]; ok {
			code, _ := i18n.ParseStatus(resp.Status)
			recorded[x.Ref] = code
		}
	}
	m, _ := s.Meeting(p)
	return ChatReceipt{ContactName: c.Name, Ref: it.Ref, Status: status, Before: len(stored) == 0,
		Open: len(after.Unanswered(c.Key)), Period: p.String(), Lang: s.lang(), Recorded: recorded,
		Request: s.chatRequestFor(who, sr, m, after.Items[c.Key]), To: outbox.Addressee{SlackID: who.Slack, Email: who.Email}}, nil
}

// slackAnswerer is who answers in Slack for c: c itself, or its deputy when the Slack user is
// the deputy's. A contact without a Slack id accepts any user holding the token.
func (s *Service) slackAnswerer(c config.Contact, slackUser string) (config.Contact, bool) {
	if c.Slack == "" || slackUser == c.Slack {
		return c, true
	}
	if d, ok := s.Config.Deputy(c); ok && d.Slack != "" && d.Slack == slackUser {
		return d, true
	}
	return config.Contact{}, false
}

// findItem finds an item by its action reference (programme/15a) or its short one (15a).
func findItem(items []Item, ref string) (Item, bool) {
	ref = strings.TrimSpace(ref)
	for _, it := range items {
		if it.ActionRef == ref {
			return it, true
		}
	}
	for _, it := range items {
		if it.Ref == ref {
			return it, true
		}
	}
	return Item{}, false
}

// chatRequestFor is the payload of a chat message of sr for to, with items.
func (s *Service) chatRequestFor(to config.Contact, sr store.StatusRequest, m config.Meeting, items []Item) outbox.RequestPayload {
	data := outbox.RequestPayload{Contact: to.FirstName(), Period: sr.Period, Deadline: m.Deadline(),
		Items: emailItems(items), Token: sr.Token, Lang: s.lang()}
	if !m.Day().IsZero() {
		data.FormURL = s.FormURL(sr, m)
	}
	return data
}

// ChatItems are a contact's open items for a chat listing.
type ChatItems struct {
	// Request holds the contact's name, the language and, in a round open for answers, its
	// period and deadline; with Open, also the open items and the request's token.
	Request outbox.RequestPayload
	Open    bool
	To      outbox.Addressee
}

// OpenItemsForChatUser lists the open (unanswered) items of the contact with this Slack id
// in the round still open for answers (the first meeting whose document deadline has not
// passed), with the token of their status request so the buttons record answers. An unknown
// user wraps ErrUnknownChatUser.
func (s *Service) OpenItemsForChatUser(ctx context.Context, userID string) (ChatItems, error) {
	c, ok := s.contactBySlack(userID)
	if !ok {
		return ChatItems{}, fmt.Errorf("%s: %w", userID, ErrUnknownChatUser)
	}
	now := s.Clock.Now()
	m, ok := s.openMeeting(now)
	if !ok {
		return ChatItems{Request: outbox.RequestPayload{Contact: c.FirstName(), Lang: s.lang()}}, nil
	}
	p := m.ReportingPeriod()
	round, err := s.LoadContactRound(ctx, p, c.Key)
	if err != nil {
		return ChatItems{}, err
	}
	open := round.Unanswered(c.Key)
	if len(open) == 0 {
		return ChatItems{Request: outbox.RequestPayload{Contact: c.FirstName(), Period: p.String(), Deadline: m.Deadline(), Lang: s.lang()}}, nil
	}
	sr, _, err := s.ensureRequest(ctx, c.Key, p, now)
	if err != nil {
		return ChatItems{}, err
	}
	return ChatItems{Request: s.chatRequestFor(c, sr, m, open), Open: true, To: outbox.Addressee{SlackID: c.Slack, Email: c.Email}}, nil
}

// contactBySlack finds the owners' contact with a Slack id (the first by key when several
// share it).
func (s *Service) contactBySlack(id string) (config.Contact, bool) {
	id = strings.TrimSpace(id)
	if id == "" {
		return config.Contact{}, false
	}
	var found []config.Contact
	for key := range s.Config.Owners {
		for _, c := range s.Config.ContactsFor(key) {
			if c.Slack == id && c.Key != "" {
				found = append(found, c)
			}
		}
	}
	if len(found) == 0 {
		return config.Contact{}, false
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Key < found[j].Key })
	return found[0], true
}

// openMeeting is the meeting with the earliest document deadline that still accepts answers.
func (s *Service) openMeeting(now time.Time) (config.Meeting, bool) {
	var best config.Meeting
	found := false
	for _, m := range s.Config.Meetings {
		if !s.Open(m.ReportingPeriod(), now) {
			continue
		}
		if !found || m.Deadline().Before(best.Deadline()) {
			best, found = m, true
		}
	}
	return best, found
}

// EnqueueCoordinatorNote puts a note for the coordinators in the outbox for their Slack
// channel (under key + "/slack", when Slack is on and slack.coordinators_channel is set) and
// for the Teams webhook (key + "/teams", when slack.teams_webhook is set), each written by
// its channel from the payload. key is the message's own key, without a coordinator: the
// channels get one note, not one per coordinator. Enqueueing the same key again is a no-op.
// A note without a language is taken to be in the cycle's (config language).
func (s *Service) EnqueueCoordinatorNote(ctx context.Context, key string, note outbox.NotePayload) error {
	if note.Lang == "" {
		note.Lang = s.lang()
	}
	now := s.Clock.Now()
	var rows []store.OutboxMessage
	slackOn := s.Config.Slack.Ready() && s.Config.Slack.CoordinatorsChannel != ""
	if (slackOn || s.Config.Slack.TeamsWebhook != "") && s.Chat == nil {
		return fmt.Errorf("cycle: %s: geen opmaak voor Slack en Teams (Service.Chat)", key)
	}
	if slackOn {
		title, js, err := s.Chat.SlackNote(note)
		if err != nil {
			return fmt.Errorf("cycle: %w", err)
		}
		rows = append(rows, store.OutboxMessage{Key: key + outbox.SuffixSlack, Kind: outbox.NoteKind(note.Kind),
			Channel: outbox.ChannelSlackChannel, Recipient: s.Config.Slack.CoordinatorsChannel, Subject: title, BodyText: js})
	}
	if s.Config.Slack.TeamsWebhook != "" {
		title, js, err := s.Chat.TeamsNote(note)
		if err != nil {
			return fmt.Errorf("cycle: %w", err)
		}
		rows = append(rows, store.OutboxMessage{Key: key + outbox.SuffixTeams, Kind: outbox.NoteKind(note.Kind),
			Channel: outbox.ChannelTeams, Recipient: outbox.TeamsRecipient, Subject: title, BodyText: js})
	}
	for _, r := range rows {
		if _, err := s.Store.Enqueue(ctx, r, now); err != nil {
			return fmt.Errorf("cycle: %w", err)
		}
	}
	return nil
}

// noteEscalation tells the coordinators' channels who has not answered, once per period.
func (s *Service) noteEscalation(ctx context.Context, m config.Meeting, p config.Period, miss []outbox.MissingContact) error {
	return s.EnqueueCoordinatorNote(ctx, outbox.EscalationPrefix(p.String()), outbox.NotePayload{Kind: NoteEscalation,
		Lang: s.lang(), Period: p.String(), Deadline: m.Deadline(), Missing: miss, Link: s.Config.BaseURL + "/"})
}

// noteSummary gives the coordinators' channels the state of the round on the deadline.
func (s *Service) noteSummary(ctx context.Context, m config.Meeting, p config.Period, miss []outbox.MissingContact, total int) error {
	return s.EnqueueCoordinatorNote(ctx, outbox.SummaryPrefix(p.String()), outbox.NotePayload{Kind: NoteSummary,
		Lang: s.lang(), Period: p.String(), Deadline: m.Deadline(), Missing: miss, Answered: total - len(miss), Total: total,
		Link: s.Config.BaseURL + "/"})
}

// DraftNoteIn is the coordinators' channel note, in lang ("nl" or "en", as
// config.Config.Language), that version of the draft of period is ready for the meeting on
// day, with the counts the mail gives.
func DraftNoteIn(lang, period string, version int, day time.Time, missing, delayed int, url string) outbox.NotePayload {
	return outbox.NotePayload{Kind: NoteDraft, Lang: i18n.Lang(lang), Period: period, Version: version, Meeting: day,
		MissingAnswers: missing, Delayed: delayed, Link: url}
}
