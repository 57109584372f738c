package notify

// Rendering for the chat channels: the Slack direct message of a status request or reminder,
// the coordinators' notes for their Slack channel and the Teams webhook, and the Slack
// receipt of an answer, each written from the outbox payload the cycle filled. The cycle
// takes this through interfaces it declares (cycle.MailRenderer, cycle.ChatRenderer); the app
// injects a Renderer.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/notify/slack"
	"github.com/regiogv/voortgang/internal/notify/teams"
	"github.com/regiogv/voortgang/internal/outbox"
)

// Renderer renders every channel's message from its outbox payload: mail through the
// templates, Slack and Teams here.
type Renderer struct {
	Templates *email.Templates
}

// Render renders the mail of kind in lang for payload (see email.Templates.Render).
func (r Renderer) Render(kind, lang string, payload any) (subject, text, html string, err error) {
	if r.Templates == nil {
		return "", "", "", fmt.Errorf("notify: geen mailsjablonen (Renderer.Templates)")
	}
	return r.Templates.Render(kind, lang, payload)
}

// SlackRequest is the BodyText (a SlackMessage) of the Slack row with key for a request or
// reminder payload (outbox.RequestPayload or outbox.ReminderPayload) to to; fallback, when not
// nil, is the mail the worker sends instead when Slack refuses the row for good.
func (Renderer) SlackRequest(key string, to outbox.Addressee, payload any, fallback *outbox.FallbackMail) (string, error) {
	req, ok := SlackRequestFrom(key, to, payload)
	if !ok {
		return "", fmt.Errorf("notify: %s: %T is geen uitvraag of herinnering", key, payload)
	}
	return EncodeBody(SlackMessage{Request: req, Fallback: fallback})
}

// SlackNote is the subject and BodyText (a slack.CoordinatorNote) of a coordinators' note in
// their Slack channel.
func (Renderer) SlackNote(n outbox.NotePayload) (title, body string, err error) {
	note := SlackNoteFrom(n)
	body, err = EncodeBody(note)
	return noteTitle(n.Kind, note.Lang), body, err
}

// TeamsNote is the subject and BodyText (a teams.Note) of a coordinators' note for the Teams
// webhook.
func (Renderer) TeamsNote(n outbox.NotePayload) (title, body string, err error) {
	tn := TeamsNoteFrom(n)
	body, err = EncodeBody(tn)
	return tn.Title, body, err
}

// SlackRequestFrom turns the payload of a request or reminder into the Slack message.
func SlackRequestFrom(key string, to outbox.Addressee, payload any) (slack.Request, bool) {
	var d outbox.RequestPayload
	var items []outbox.Item
	reminder := 0
	switch v := payload.(type) {
	case outbox.RequestPayload:
		d, items = v, v.Items
	case outbox.ReminderPayload:
		d, items, reminder = v.RequestPayload, v.Missing, v.Number
	default:
		return slack.Request{}, false
	}
	lang := i18n.Lang(d.Lang)
	r := slack.Request{Key: key, Token: d.Token, ContactName: d.Contact, SlackUserID: to.SlackID, Email: to.Email,
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

// SlackReceipt is the summary a contact reads in Slack after answering ref with status (a
// status word): "Dank je wel, we hebben genoteerd: 15a vertraagd." (before: it was recorded
// already), and how much of period is still open.
func SlackReceipt(lang, ref, status string, before bool, open int, period string) string {
	l := chatLabelsFor(lang)
	summary := l.recorded
	if before {
		summary = l.recordedBefore
	}
	summary += ref + " " + i18n.StatusLabel(status, lang) + "."
	if open == 0 {
		summary += fmt.Sprintf(l.allAnsweredF, i18n.PeriodLabel(period, lang))
	} else if open == 1 {
		summary += l.oneOpen
	} else {
		summary += fmt.Sprintf(l.nOpenF, open)
	}
	return summary
}

// SlackNoteFrom is the coordinators' Slack note of n.
func SlackNoteFrom(n outbox.NotePayload) slack.CoordinatorNote {
	lang := i18n.Lang(n.Lang)
	l := chatLabelsFor(lang)
	period := i18n.PeriodLabel(n.Period, lang)
	var text string
	switch n.Kind {
	case outbox.NoteEscalation:
		text = fmt.Sprintf(l.escalationF, period, people(len(n.Missing), lang), i18n.FormatDate(n.Deadline, lang), missingLines(n.Missing, lang))
	case outbox.NoteSummary:
		text = fmt.Sprintf(l.summaryF, i18n.FormatDate(n.Deadline, lang), period, n.Answered, n.Total)
		if len(n.Missing) > 0 {
			text += l.incomplete + missingLines(n.Missing, lang)
		}
	case outbox.NoteDraft:
		text = draftText(n, lang)
	}
	return slack.CoordinatorNote{Kind: n.Kind, Text: text, Link: n.Link, Lang: lang}
}

// TeamsNoteFrom is the Teams card of n.
func TeamsNoteFrom(n outbox.NotePayload) teams.Note {
	lang := i18n.Lang(n.Lang)
	l := chatLabelsFor(lang)
	period := i18n.PeriodLabel(n.Period, lang)
	tn := teams.Note{LinkURL: n.Link, Lang: lang}
	switch n.Kind {
	case outbox.NoteEscalation:
		tn.Title = noteTitle(n.Kind, lang) + " – " + period
		tn.Text = fmt.Sprintf(l.escalationTeamsF, people(len(n.Missing), lang), i18n.FormatDate(n.Deadline, lang))
		tn.Facts = missingFacts(n.Missing, lang)
	case outbox.NoteSummary:
		tn.Title = noteTitle(n.Kind, lang) + " – " + period
		tn.Text = fmt.Sprintf(l.summaryTeamsF, n.Answered, n.Total)
		tn.Facts = missingFacts(n.Missing, lang)
	default:
		tn.Title = noteTitle(n.Kind, lang)
		tn.Text = draftText(n, lang)
	}
	return tn
}

// draftText says that a version of the draft is ready for the meeting, with the counts the
// mail gives.
func draftText(n outbox.NotePayload, lang string) string {
	l := chatLabelsFor(lang)
	text := fmt.Sprintf(l.draftF, n.Version, i18n.PeriodLabel(n.Period, lang), i18n.FormatDate(n.Meeting, lang))
	if n.MissingAnswers > 0 {
		text += fmt.Sprintf(l.draftMissingF, n.MissingAnswers)
	}
	if n.Delayed > 0 {
		text += fmt.Sprintf(l.draftDelayedF, actions(n.Delayed, lang))
	}
	return text
}

// noteTitle is the title of a coordinator note of kind in lang.
func noteTitle(kind, lang string) string {
	l := chatLabelsFor(lang)
	switch kind {
	case outbox.NoteEscalation:
		return l.titleEscalation
	case outbox.NoteSummary:
		return l.titleSummary
	case outbox.NoteDraft:
		return l.titleDraft
	}
	return l.titleOther
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

// chatLabels are the texts written for Slack and Teams, in one language. Fields
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
