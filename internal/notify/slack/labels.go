package slack

import (
	"strconv"

	"github.com/regiogv/voortgang/internal/i18n"
)

// labels are the fixed texts of voortgang's Slack messages in one language.
// Fields ending in "F" are fmt formats; their verbs are noted per field.
type labels struct {
	header            string // "Stand van zaken " + period
	reminderHeader    string // first reminder, + period
	nthReminderHeader string // after the ordinal ("2e"), + period
	fallbackDeadlineF string // %s: deadline
	greetingF         string // %s: contact name
	askF              string // %s: period
	askReminderF      string // %s: period
	deadlineF         string // %s: deadline
	howTo             string
	previous          string // before the previous answer
	recorded          string // before the status recorded in this message
	detailsButton     string
	moreItemsF        string // %d: items left out
	formButton        string
	footer            string
	slashNoneF        string // %s: period suffix
	slashIntroF       string // %s: period suffix, %d: number of items
	slashDeadlineF    string // %s: deadline
	periodSuffixF     string // %s: period
	slashTextF        string // %d: number of items
	thanksF           string // %s: ref, %s: status

	modalTitle  string // at most 24 characters
	modalSubmit string
	modalClose  string
	status      string
	chooseState string
	comments    string
	commentHint string

	headingEscalation string
	headingSummary    string
	headingDraft      string
	headingOther      string
	openLink          string

	saveFailed   string
	tokenInvalid string
	unknownUser  string
	listFailed   string
	statusNeeded string
	notANumber   string
}

// Dutch texts users read when something goes wrong, kept as constants for
// the tests that compare against them.
const (
	msgSaveFailed   = "Het opslaan van je antwoord is niet gelukt. Probeer het over een paar minuten opnieuw, of gebruik het webformulier."
	msgTokenInvalid = "Deze uitvraag is verlopen, al afgesloten of niet aan jou gericht. Gebruik de link in de meest recente e-mail, of vraag de coördinator om een nieuwe."
	msgUnknownUser  = "We kunnen je Slack-account niet aan een contactpersoon koppelen. Vraag de programmacoördinator om je Slack-account toe te voegen, of gebruik het webformulier uit de e-mail."
	msgListFailed   = "Het ophalen van je open acties is niet gelukt. Probeer het over een paar minuten opnieuw."
	errStatusNeeded = "Kies een status."
	errNotANumber   = "Vul een getal in, bijvoorbeeld 12 of 3,5."
)

var labelsNL = labels{
	header:            "Stand van zaken ",
	reminderHeader:    "Herinnering: stand van zaken ",
	nthReminderHeader: " herinnering: stand van zaken ",
	fallbackDeadlineF: ": graag uiterlijk %s doorgeven.",
	greetingF:         "Beste %s,\n\n",
	askF:              "Wil je de stand van zaken over *%s* doorgeven van de acties hieronder?",
	askReminderF:      "We hebben van de acties hieronder nog geen stand van zaken ontvangen over *%s*.",
	deadlineF:         " Graag uiterlijk *%s*.",
	howTo:             "\nKies per actie een status. Met *Toelichting en cijfers* geef je ook een toelichting en de cijfers door.",
	previous:          "Vorige keer: ",
	recorded:          ":white_check_mark: *Genoteerd:* ",
	detailsButton:     "Toelichting en cijfers",
	moreItemsF:        "Er staan nog %d andere acties open. Die vind je in het webformulier.",
	formButton:        "Naar het webformulier",
	footer:            "Je kunt ook antwoorden via het webformulier of door de e-mail te beantwoorden; alles komt op dezelfde plek terecht.",
	slashNoneF:        "Je hebt op dit moment geen open acties%s. Dank je wel!",
	slashIntroF:       "Je open acties%s: %d.",
	slashDeadlineF:    " Graag uiterlijk *%s* doorgeven.",
	periodSuffixF:     " voor *%s*",
	slashTextF:        "Je open acties: %d",
	thanksF:           "Dank je wel, we hebben genoteerd: %s %s.",

	modalTitle:  "Toelichting en cijfers",
	modalSubmit: "Opslaan",
	modalClose:  "Annuleren",
	status:      "Status",
	chooseState: "Kies een status",
	comments:    "Toelichting",
	commentHint: "Wat is er gedaan, wat loopt anders dan gepland, wat is er nodig?",

	headingEscalation: "Escalatie",
	headingSummary:    "Samenvatting",
	headingDraft:      "Conceptrapportage klaar",
	headingOther:      "Voortgang",
	openLink:          "Openen in voortgang",

	saveFailed:   msgSaveFailed,
	tokenInvalid: msgTokenInvalid,
	unknownUser:  msgUnknownUser,
	listFailed:   msgListFailed,
	statusNeeded: errStatusNeeded,
	notANumber:   errNotANumber,
}

var labelsEN = labels{
	header:            "Progress update ",
	reminderHeader:    "Reminder: progress update ",
	nthReminderHeader: " reminder: progress update ",
	fallbackDeadlineF: ": please reply by %s.",
	greetingF:         "Dear %s,\n\n",
	askF:              "Could you tell us how the actions below are progressing, for the report on the *%s*?",
	askReminderF:      "We have not yet received a progress update on the actions below for the report on the *%s*.",
	deadlineF:         " Please reply by *%s*.",
	howTo:             "\nChoose a status for each action. With *Comments and figures* you can also add an explanation and the figures.",
	previous:          "Last time: ",
	recorded:          ":white_check_mark: *Recorded:* ",
	detailsButton:     "Comments and figures",
	moreItemsF:        "%d more actions are open. You will find them in the web form.",
	formButton:        "Open the web form",
	footer:            "You can also answer in the web form or by replying to the email; everything ends up in the same place.",
	slashNoneF:        "You have no open actions%s at the moment. Thank you!",
	slashIntroF:       "Your open actions%s: %d.",
	slashDeadlineF:    " Please reply by *%s*.",
	periodSuffixF:     " for the *%s*",
	slashTextF:        "Your open actions: %d",
	thanksF:           "Thank you, we have recorded: %s %s.",

	modalTitle:  "Comments and figures",
	modalSubmit: "Save",
	modalClose:  "Cancel",
	status:      "Status",
	chooseState: "Choose a status",
	comments:    "Comments",
	commentHint: "What has been done, what is going differently than planned, what is needed?",

	headingEscalation: "Escalation",
	headingSummary:    "Summary",
	headingDraft:      "Draft report ready",
	headingOther:      "Progress",
	openLink:          "Open in voortgang",

	saveFailed:   "Your answer could not be saved. Please try again in a few minutes, or use the web form.",
	tokenInvalid: "This request has expired, been closed or was not meant for you. Use the link in the most recent email, or ask the coordinator for a new one.",
	unknownUser:  "We cannot link your Slack account to a contact. Ask the programme coordinator to add your Slack account, or use the web form from the email.",
	listFailed:   "Your open actions could not be retrieved. Please try again in a few minutes.",
	statusNeeded: "Choose a status.",
	notANumber:   "Enter a number, for example 12 or 3.5.",
}

// labelsFor returns the texts of lang; anything but English gets Dutch.
func labelsFor(lang string) *labels {
	if i18n.Lang(lang) == i18n.English {
		return &labelsEN
	}
	return &labelsNL
}

// ordinal writes n as an ordinal the short way: "2e" in Dutch, "2nd" in
// English.
func ordinal(n int, lang string) string {
	s := strconv.Itoa(n)
	if i18n.Lang(lang) != i18n.English {
		return s + "e"
	}
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return s + "th"
	case n%10 == 1:
		return s + "st"
	case n%10 == 2:
		return s + "nd"
	case n%10 == 3:
		return s + "rd"
	}
	return s + "th"
}

// langOfButton tells the language of a message from the text of a button
// clicked in it (the details button or a status button), so an answer is
// given in the language the message was sent in. ok is false when the text
// is no button label of ours.
func langOfButton(text string) (lang string, ok bool) {
	if text == "" {
		return "", false
	}
	for _, l := range []string{i18n.Dutch, i18n.English} {
		if text == labelsFor(l).detailsButton {
			return l, true
		}
		for _, code := range i18n.Statuses {
			if text == capitalise(i18n.StatusLabel(code, l)) {
				return l, true
			}
		}
	}
	return "", false
}
