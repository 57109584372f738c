package cycle

// Slack and Teams: status requests and reminders as a Slack direct message for the contacts
// who prefer it, answers given in Slack, the /voortgang listing, and the coordinators' notes
// for their Slack channel and Teams webhook. Everything goes through the outbox like mail.

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/notify"
	"github.com/regiogv/voortgang/internal/notify/slack"
	"github.com/regiogv/voortgang/internal/notify/teams"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

// The Service answers Slack interactions.
var (
	_ slack.Recorder = (*Service)(nil)
	_ slack.Lister   = (*Service)(nil)
)

// Kinds of coordinator notes (slack.CoordinatorNote.Kind).
const (
	NoteEscalation = "escalatie"
	NoteSummary    = "samenvatting"
	NoteDraft      = "concept"
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
	skey := key + notify.SuffixSlack
	if exists, err := s.Store.OutboxExists(ctx, skey); err != nil {
		return false, fmt.Errorf("cycle: %w", err)
	} else if exists {
		return false, nil
	}
	subject, text, html, err := s.Templates.Render(kind, s.lang(), data)
	if err != nil {
		return false, fmt.Errorf("cycle: %s: %w", skey, err)
	}
	req, ok := slackRequest(skey, to, data)
	if !ok {
		return false, fmt.Errorf("cycle: %s: %T is geen uitvraag of herinnering", skey, data)
	}
	body := notify.SlackMessage{Request: req}
	if withMail {
		msgID, err := s.messageID(skey + notify.SuffixEmailFallback)
		if err != nil {
			return false, fmt.Errorf("cycle: %w", err)
		}
		body.Fallback = &notify.FallbackMail{To: to.Email, Subject: subject, Text: text, HTML: html,
			ReplyTo: s.replyAddress(sr.Token), MessageID: msgID}
	}
	js, err := notify.EncodeBody(body)
	if err != nil {
		return false, fmt.Errorf("cycle: %w", err)
	}
	recipient := to.Slack
	if recipient == "" {
		recipient = to.Email
	}
	created, err := s.Store.Enqueue(ctx, store.OutboxMessage{Key: skey, Kind: kind, Channel: notify.ChannelSlack,
		Recipient: recipient, Subject: subject, BodyText: js, Ref: sr.Key}, now)
	if err != nil {
		return false, fmt.Errorf("cycle: %w", err)
	}
	return created, nil
}

// askedBefore reports whether a message under the mail key was enqueued over any channel.
func (s *Service) askedBefore(ctx context.Context, key string) (bool, error) {
	for _, k := range []string{key, key + notify.SuffixSlack} {
		if exists, err := s.Store.OutboxExists(ctx, k); err != nil {
			return false, fmt.Errorf("cycle: %w", err)
		} else if exists {
			return true, nil
		}
	}
	return false, nil
}

// slackRequest turns the view of a request or reminder mail into the Slack message.
func slackRequest(key string, to config.Contact, data any) (slack.Request, bool) {
	var d outbox.RequestPayload
	var items []outbox.Item
	reminder := 0
	switch v := data.(type) {
	case outbox.RequestPayload:
		d, items = v, v.Items
	case outbox.ReminderPayload:
		d, items, reminder = v.RequestPayload, v.Missing, v.Number
	default:
		return slack.Request{}, false
	}
	lang := i18n.Lang(d.Lang)
	r := slack.Request{Key: key, Token: d.Token, ContactName: d.Contact, SlackUserID: to.Slack, Email: to.Email,
		Period: d.Period, PeriodLabel: i18n.PeriodLabel(d.Period, lang), Deadline: d.Deadline,
		FormURL: d.FormURL, Reminder: reminder, Lang: lang}
	for _, it := range items {
		r.Items = append(r.Items, slackItem(it, lang))
	}
	return r, true
}

func slackItem(it outbox.Item, lang string) slack.Item {
	l := chatLabelsFor(lang)
	out := slack.Item{Ref: it.Ref, Title: it.ActionText}
	var due []string
	for _, d := range it.Due {
		t := i18n.PhaseLabel(d.Phase, lang) + ": " + i18n.FormatDate(d.Date, lang)
		if d.Overdue {
			t += l.overdue
		}
		due = append(due, t)
	}
	if len(due) == 0 && it.Ongoing {
		due = append(due, l.ongoing)
	}
	out.Due = strings.Join(due, "; ")
	if a := it.LastAnswer; a != nil {
		out.LastStatus, out.LastText = a.Status, a.Text
	}
	for _, f := range it.Indicators {
		ind := slack.Indicator{Key: f.Key, Label: f.Name}
		if f.Unit != "" {
			ind.Label += " (" + f.Unit + ")"
		}
		if f.Last != nil {
			ind.Last = strconv.FormatFloat(*f.Last, 'f', -1, 64)
			if lang == i18n.Dutch {
				ind.Last = strings.Replace(ind.Last, ".", ",", 1)
			}
		}
		out.Indicators = append(out.Indicators, ind)
	}
	return out
}

// RecordSlackAnswer records an answer given in Slack (a status button or the details modal)
// like one from the form, with source slack. The token names the status request, and so the
// contact and the period; the Slack user must be that contact or their deputy (a contact
// without a configured Slack id was written to by their email address, and the token is the
// proof). A status button keeps the toelichting and figures already given in the period.
// It implements slack.Recorder.
func (s *Service) RecordSlackAnswer(ctx context.Context, a slack.Answer) (slack.Confirmation, error) {
	sr, err := s.Store.StatusRequestByToken(ctx, strings.TrimSpace(a.Token))
	if errors.Is(err, store.ErrNotFound) || (err == nil && !sr.RevokedAt.IsZero()) {
		return slack.Confirmation{}, fmt.Errorf("cycle: %w", slack.ErrTokenInvalid)
	}
	if err != nil {
		return slack.Confirmation{}, fmt.Errorf("cycle: %w", err)
	}
	c, ok := s.Config.Contact(sr.ContactKey)
	if !ok {
		return slack.Confirmation{}, fmt.Errorf("cycle: contact %s: %w", sr.ContactKey, slack.ErrTokenInvalid)
	}
	who, ok := s.slackAnswerer(c, a.SlackUserID)
	if !ok {
		return slack.Confirmation{}, fmt.Errorf("cycle: %s is niet %s: %w", a.SlackUserID, c.Key, slack.ErrTokenInvalid)
	}
	p, err := config.ParsePeriod(sr.Period)
	if err != nil {
		return slack.Confirmation{}, fmt.Errorf("cycle: %w", err)
	}
	status := i18n.StatusLabel(a.Status, i18n.Dutch)
	if !ValidStatus(status) {
		return slack.Confirmation{}, fmt.Errorf("cycle: onbekende status %q", a.Status)
	}
	round, err := s.LoadContactRound(ctx, p, c.Key)
	if err != nil {
		return slack.Confirmation{}, err
	}
	it, ok := findItem(round.Items[c.Key], a.Ref)
	if !ok {
		return slack.Confirmation{}, fmt.Errorf("cycle: %s wordt niet aan %s gevraagd in %s", a.Ref, c.Key, p)
	}
	ans := Answer{Ref: it.ActionRef, Status: status, Toelichting: a.Text, Indicators: a.Indicators}
	if a.Indicators == nil { // a status button: keep what the contact said before in this period
		if prev, ok := round.Responses[responseKey(c.Key, it.ActionRef)]; ok {
			ans.Toelichting, ans.Indicators = prev.Toelichting, prev.Indicators
		}
	}
	stored, err := s.RecordAnswers(ctx, c.Key, p, []Answer{ans}, store.SourceSlack, "")
	if errors.Is(err, ErrClosed) {
		return slack.Confirmation{}, fmt.Errorf("%w: %w", slack.ErrTokenInvalid, err)
	}
	if err != nil {
		return slack.Confirmation{}, err
	}

	after, err := s.LoadContactRound(ctx, p, c.Key)
	if err != nil {
		return slack.Confirmation{}, err
	}
	recorded := map[string]string{}
	for _, x := range after.Items[c.Key] {
		if resp, ok := after.Responses[responseKey(c.Key, x.ActionRef)]; ok {
			code, _ := i18n.ParseStatus(resp.Status)
			recorded[x.Ref] = code
		}
	}
	m, _ := s.Meeting(p)
	req := s.slackRequestFor(who, sr, m, after.Items[c.Key])
	lang := s.lang()
	l := chatLabelsFor(lang)
	summary := l.recorded
	if len(stored) == 0 {
		summary = l.recordedBefore
	}
	summary += it.Ref + " " + i18n.StatusLabel(status, lang) + "."
	if n := len(after.Unanswered(c.Key)); n == 0 {
		summary += fmt.Sprintf(l.allAnsweredF, i18n.PeriodLabel(p.String(), lang))
	} else if n == 1 {
		summary += l.oneOpen
	} else {
		summary += fmt.Sprintf(l.nOpenF, n)
	}
	return slack.Confirmation{ContactName: c.Name, Summary: summary, Recorded: recorded, Request: req}, nil
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

// slackRequestFor is the Slack message of sr for to, with items.
func (s *Service) slackRequestFor(to config.Contact, sr store.StatusRequest, m config.Meeting, items []Item) slack.Request {
	data := outbox.RequestPayload{Contact: to.FirstName(), Period: sr.Period, Deadline: m.Deadline(),
		Items: emailItems(items), Token: sr.Token, Lang: s.lang()}
	if !m.Day().IsZero() {
		data.FormURL = s.FormURL(sr, m)
	}
	r, _ := slackRequest("", to, data)
	return r
}

// OpenItemsForSlackUser lists the open (unanswered) items of the contact with this Slack id
// in the round still open for answers (the first meeting whose document deadline has not
// passed), with the token of their status request so the buttons record answers. It
// implements slack.Lister.
func (s *Service) OpenItemsForSlackUser(ctx context.Context, slackUserID string) (slack.Request, error) {
	c, ok := s.contactBySlack(slackUserID)
	if !ok {
		return slack.Request{}, fmt.Errorf("cycle: %s: %w", slackUserID, slack.ErrUnknownUser)
	}
	now := s.Clock.Now()
	m, ok := s.openMeeting(now)
	if !ok {
		return slack.Request{ContactName: c.FirstName(), Lang: s.lang()}, nil
	}
	p := m.ReportingPeriod()
	round, err := s.LoadContactRound(ctx, p, c.Key)
	if err != nil {
		return slack.Request{}, err
	}
	open := round.Unanswered(c.Key)
	if len(open) == 0 {
		return slack.Request{ContactName: c.FirstName(), Period: p.String(), Deadline: m.Deadline(), Lang: s.lang()}, nil
	}
	sr, _, err := s.ensureRequest(ctx, c.Key, p, now)
	if err != nil {
		return slack.Request{}, err
	}
	return s.slackRequestFor(c, sr, m, open), nil
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
// for the Teams webhook (key + "/teams", when slack.teams_webhook is set). key is the
// message's own key, without a coordinator: the channels get one note, not one per
// coordinator. Enqueueing the same key again is a no-op. A note without a language is taken to
// be in the cycle's (config language); its text must be written in it.
func (s *Service) EnqueueCoordinatorNote(ctx context.Context, key string, note slack.CoordinatorNote) error {
	if note.Lang == "" {
		note.Lang = s.lang()
	}
	return s.enqueueNote(ctx, key, note, teams.Note{Title: noteTitle(note.Kind, note.Lang), Text: note.Text,
		LinkURL: note.Link, Lang: note.Lang})
}

func (s *Service) enqueueNote(ctx context.Context, key string, note slack.CoordinatorNote, tn teams.Note) error {
	now := s.Clock.Now()
	var rows []store.OutboxMessage
	if ch := s.Config.Slack.CoordinatorsChannel; s.Config.Slack.Ready() && ch != "" {
		js, err := notify.EncodeBody(note)
		if err != nil {
			return fmt.Errorf("cycle: %w", err)
		}
		rows = append(rows, store.OutboxMessage{Key: key + notify.SuffixSlack, Kind: noteKind(note.Kind),
			Channel: notify.ChannelSlackChannel, Recipient: ch, Subject: noteTitle(note.Kind, note.Lang), BodyText: js})
	}
	if s.Config.Slack.TeamsWebhook != "" {
		js, err := notify.EncodeBody(tn)
		if err != nil {
			return fmt.Errorf("cycle: %w", err)
		}
		rows = append(rows, store.OutboxMessage{Key: key + notify.SuffixTeams, Kind: noteKind(note.Kind),
			Channel: notify.ChannelTeams, Recipient: notify.TeamsRecipient, Subject: tn.Title, BodyText: js})
	}
	for _, r := range rows {
		if _, err := s.Store.Enqueue(ctx, r, now); err != nil {
			return fmt.Errorf("cycle: %w", err)
		}
	}
	return nil
}

// noteKind is the outbox kind of a coordinator note: the kind of the mail it goes with.
func noteKind(kind string) string {
	switch kind {
	case NoteEscalation:
		return outbox.KindEscalation
	case NoteSummary:
		return outbox.KindSummary
	case NoteDraft:
		return outbox.KindDraft
	}
	return kind
}

// noteTitle is the title of a coordinator note of kind in lang.
func noteTitle(kind, lang string) string {
	l := chatLabelsFor(lang)
	switch kind {
	case NoteEscalation:
		return l.titleEscalation
	case NoteSummary:
		return l.titleSummary
	case NoteDraft:
		return l.titleDraft
	}
	return l.titleOther
}

// noteEscalation tells the coordinators' channels who has not answered, once per period.
func (s *Service) noteEscalation(ctx context.Context, m config.Meeting, p config.Period, miss []outbox.MissingContact) error {
	lang := s.lang()
	l := chatLabelsFor(lang)
	period := i18n.PeriodLabel(p.String(), lang)
	deadline := i18n.FormatDate(m.Deadline(), lang)
	text := fmt.Sprintf(l.escalationF, period, people(len(miss), lang), deadline, missingLines(miss, lang))
	note := slack.CoordinatorNote{Kind: NoteEscalation, Text: text, Link: s.Config.BaseURL + "/", Lang: lang}
	tn := teams.Note{Title: noteTitle(NoteEscalation, lang) + " – " + period,
		Text:  fmt.Sprintf(l.escalationTeamsF, people(len(miss), lang), deadline),
		Facts: missingFacts(miss, lang), LinkURL: note.Link, Lang: lang}
	return s.enqueueNote(ctx, outbox.EscalationPrefix(p.String()), note, tn)
}

// noteSummary gives the coordinators' channels the state of the round on the deadline.
func (s *Service) noteSummary(ctx context.Context, m config.Meeting, p config.Period, miss []outbox.MissingContact, total int) error {
	lang := s.lang()
	l := chatLabelsFor(lang)
	period := i18n.PeriodLabel(p.String(), lang)
	answered := total - len(miss)
	text := fmt.Sprintf(l.summaryF, i18n.FormatDate(m.Deadline(), lang), period, answered, total)
	if len(miss) > 0 {
		text += l.incomplete + missingLines(miss, lang)
	}
	note := slack.CoordinatorNote{Kind: NoteSummary, Text: text, Link: s.Config.BaseURL + "/", Lang: lang}
	tn := teams.Note{Title: noteTitle(NoteSummary, lang) + " – " + period,
		Text:  fmt.Sprintf(l.summaryTeamsF, answered, total),
		Facts: missingFacts(miss, lang), LinkURL: note.Link, Lang: lang}
	return s.enqueueNote(ctx, outbox.SummaryPrefix(p.String()), note, tn)
}

func people(n int, lang string) string {
	l := chatLabelsFor(lang)
	if n == 1 {
		return l.onePerson
	}
	return fmt.Sprintf(l.nPeopleF, n)
}

func actions(n int, lang string) string {
	l := chatLabelsFor(lang)
	if n == 1 {
		return l.oneAction
	}
	return fmt.Sprintf(l.nActionsF, n)
}

func missingLines(miss []outbox.MissingContact, lang string) string {
	var b strings.Builder
	for _, mc := range miss {
		fmt.Fprintf(&b, "• %s: %s", mc.Name, actions(len(mc.Items), lang))
		if mc.AwayUntil != nil {
			b.WriteString(chatLabelsFor(lang).awayUntil + i18n.FormatDate(*mc.AwayUntil, lang))
		}
		b.WriteString("\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func missingFacts(miss []outbox.MissingContact, lang string) [][2]string {
	var out [][2]string
	for _, mc := range miss {
		v := actions(len(mc.Items), lang)
		if mc.RemindersSent > 0 {
			v += fmt.Sprintf(chatLabelsFor(lang).remindersF, mc.RemindersSent)
		}
		out = append(out, [2]string{mc.Name, v})
	}
	return out
}

// DraftNoteIn is the coordinators' channel note, in lang ("nl" or "en", as
// config.Config.Language), that version of the draft of period is ready for the meeting on
// day, with the counts the mail gives.
func DraftNoteIn(lang, period string, version int, day time.Time, missing, delayed int, url string) slack.CoordinatorNote {
	lang = i18n.Lang(lang)
	l := chatLabelsFor(lang)
	text := fmt.Sprintf(l.draftF, version, i18n.PeriodLabel(period, lang), i18n.FormatDate(day, lang))
	if missing > 0 {
		text += fmt.Sprintf(l.draftMissingF, missing)
	}
	if delayed > 0 {
		text += fmt.Sprintf(l.draftDelayedF, actions(delayed, lang))
	}
	return slack.CoordinatorNote{Kind: NoteDraft, Text: text, Link: url, Lang: lang}
}

// chatLabels are the texts the cycle writes for Slack and Teams, in one language. Fields
// ending in "F" are fmt formats.
type chatLabels struct {
	overdue, ongoing              string // after a due date; for continuous work
	recorded, recordedBefore      string // before "15a vertraagd."
	allAnsweredF                  string // %s: period
	oneOpen, nOpenF               string // %d: open actions
	titleEscalation, titleSummary string
	titleDraft, titleOther        string
	escalationF                   string // %s: period, people, deadline, lines
	escalationTeamsF              string // %s: people, deadline
	summaryF                      string // %s: deadline, period; %d: answered, total
	incomplete                    string // before the lines of who is not complete
	summaryTeamsF                 string // %d: answered, total
	onePerson, nPeopleF           string // %d: contacts
	oneAction, nActionsF          string // %d: actions
	awayUntil                     string // before a date
	remindersF                    string // %d: reminders sent
	draftF                        string // %d: version; %s: period, meeting day
	draftMissingF, draftDelayedF  string // %d: answers missing; %s: actions delayed
}

var chatLabelsByLang = map[string]chatLabels{
	i18n.Dutch: {
		overdue: " (te laat)", ongoing: "Doorlopend",
		recorded: "Dank je wel, we hebben genoteerd: ", recordedBefore: "Dit hadden we al genoteerd: ",
		allAnsweredF: " Je hebt nu alles doorgegeven voor de %s.",
		oneOpen:      " Er staat nog 1 actie open.", nOpenF: " Er staan nog %d acties open.",
		titleEscalation: "Escalatie: antwoorden ontbreken", titleSummary: "Samenvatting op de deadline",
		titleDraft: "Conceptrapportage klaar", titleOther: "Voortgang",
		escalationF:      "Voor de %s ontbreken nog antwoorden van %s (deadline %s):\n%s",
		escalationTeamsF: "Nog geen antwoord van %s; de deadline is %s.",
		summaryF:         "Stand op de deadline (%s) voor de %s: %d van %d contactpersonen hebben alles doorgegeven.",
		incomplete:       "\nNog niet compleet:\n",
		summaryTeamsF:    "%d van %d contactpersonen hebben alles doorgegeven.",
		onePerson:        "1 contactpersoon", nPeopleF: "%d contactpersonen",
		oneAction: "1 actie", nActionsF: "%d acties",
		awayUntil:     ", afwezig tot ",
		remindersF:    ", %d herinnering(en)",
		draftF:        "Versie %d van de voortgangsrapportage over de %s staat klaar voor het PHO van %s.",
		draftMissingF: " Er ontbreken nog %d antwoorden.", draftDelayedF: " Vertraagd gemeld: %s.",
	},
	i18n.English: {
		overdue: " (overdue)", ongoing: "Ongoing",
		recorded: "Thank you, we have recorded: ", recordedBefore: "We had already recorded this: ",
		allAnsweredF: " You have now answered everything for the %s.",
		oneOpen:      " 1 action is still open.", nOpenF: " %d actions are still open.",
		titleEscalation: "Escalation: answers missing", titleSummary: "Summary at the deadline",
		titleDraft: "Draft report ready", titleOther: "Progress",
		escalationF:      "For the %s, answers are still missing from %s (deadline %s):\n%s",
		escalationTeamsF: "No answer yet from %s; the deadline is %s.",
		summaryF:         "State at the deadline (%s) for the %s: %d of %d contacts have answered everything.",
		incomplete:       "\nNot yet complete:\n",
		summaryTeamsF:    "%d of %d contacts have answered everything.",
		onePerson:        "1 contact", nPeopleF: "%d contacts",
		oneAction: "1 action", nActionsF: "%d actions",
		awayUntil:     ", away until ",
		remindersF:    ", %d reminder(s)",
		draftF:        "Version %d of the progress report on the %s is ready for the portfolio holders' meeting of %s.",
		draftMissingF: " %d answers are still missing.", draftDelayedF: " Reported delayed: %s.",
	},
}

// chatLabelsFor returns the texts of lang; anything but English gets Dutch.
func chatLabelsFor(lang string) chatLabels { return chatLabelsByLang[i18n.Lang(lang)] }
