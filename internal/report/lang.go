package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/store"
)

// A lexicon holds every word the builder and the renderers write themselves, in one language.
// The programme's own content (titles, action texts, owners' answers) is never translated: it
// stays as written. Sentences are format strings whose verbs come in the same order in every
// language; where grammar differs more than that, the lexicon holds a function.
type lexicon struct {
	lang     string // i18n.Dutch or i18n.English
	htmlLang string // the HTML lang attribute
	docLang  string // pandoc's lang metadata (BCP 47)
	tocTitle string

	numbers            []string // words for 0 up to twenty
	and                string   // joins the last two items of a list: "a, b en c"
	thousands, decimal string
	// periodPhrase turns a period label into running text: "eerste helft van 2027".
	periodPhrase func(label string) string

	// Nouns counted in sentences: {singular, plural}.
	goalNoun, actionNoun, subActionNoun, lineNoun, missingNoun, delayedNoun noun

	// Draft title and sections.
	draftTitle, introHeading, landelijk, inkoop, placeholder string
	overviewHeading, overviewCaption                         string
	overviewCols                                             [4]string
	missingHeading, allAnswered, missingIntro                string
	missingCols                                              [4]string
	noContact                                                string
	lineHeading, goalHeading, effects                        string

	// Title facts.
	periodFact, meetingFact, deadlineFact, createdFact string

	// Generated intro and line intros.
	introAbout, introMeeting, introStructure, introCounts string
	introMethod, introFinance                             string
	lineFacts, lineNoMilestone, lineReported              string
	noAnswerClause                                        string
	// notKnownClause says the same for readers outside the office (the PHO, the councils):
	// not who failed to answer, only that the progress is not known yet.
	notKnownClause string

	// Changes since the previous draft.
	changesNone, changesSome, changeLine string

	// Actions.
	actionHeading, who, statusLabel, noMilestone, noAnswer, unapproved string
	reached, open, meetings                                            string
	indicator, target                                                  string
	indicatorCols                                                      [3]string
	per                                                                map[string]string // indicator Per → phrase
	chartAlt                                                           string

	// The meeting's version: prose per action, quiet actions in one line, figures per
	// organisation with their source.
	statusSentence                              map[string]string // status code → sentence
	previousText, quietOne, quietMany           string
	noFigures, partsCaption, partsSource        string
	partsCols                                   [2]string
	meetingMethod, notReported, nothingToReport string

	// Traces: how an answer came in.
	sources     map[string]string
	otherSource string

	// The raadsinformatiebrief.
	letterHeading, letterSubjectLabel, letterSubject, salutation      string
	letterAbout, letterMeeting, letterCovers, letterCounts            string
	letterFirst, letterNoChanges, letterChanges, letterChange         string
	letterDelayedTitle, letterDelayedItem, letterNoDelayed            string
	letterDelayedTail, letterFinance, letterRegards, letterOnBehalfOf string
}

// noun is a counted noun: {singular, plural}.
type noun [2]string

var dutch = &lexicon{
	lang:     i18n.Dutch,
	htmlLang: "nl",
	docLang:  "nl-NL",
	tocTitle: "Inhoud",

	numbers: []string{"nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
		"elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig"},
	and:       "en",
	thousands: ".",
	decimal:   ",",
	periodPhrase: func(s string) string {
		s = strings.Replace(s, "helft ", "helft van ", 1)
		return strings.Replace(s, "kwartaal ", "kwartaal van ", 1)
	},

	goalNoun:      noun{"doel", "doelen"},
	actionNoun:    noun{"actie", "acties"},
	subActionNoun: noun{"deelactie", "deelacties"},
	lineNoun:      noun{"programmalijn", "programmalijnen"},
	missingNoun:   noun{"reactie", "reacties"},
	delayedNoun:   noun{"actie is", "acties zijn"},

	draftTitle:      "Voortgangsrapportage %s",
	introHeading:    "Inleiding",
	landelijk:       "Landelijke ontwikkelingen",
	inkoop:          "Uitkomsten inkoop",
	placeholder:     Placeholder,
	overviewHeading: "Overzicht van alle acties",
	overviewCaption: "Status van alle acties in de %s",
	overviewCols:    [4]string{"Actie", "Omschrijving", "Trekker", "Status"},
	missingHeading:  "Ontbrekende reacties",
	allAnswered:     "Alle gevraagde reacties zijn binnen.",
	missingIntro:    "Op de datum van dit concept (%s) ontbreken nog %s.",
	missingCols:     [4]string{"Actie", "Omschrijving", "Organisatie", "Contactpersoon"},
	noContact:       "geen contactpersoon bekend",
	lineHeading:     "Programmalijn %d – %s",
	goalHeading:     "Doel %d: %s",
	effects:         "Beoogde maatschappelijke effecten:",

	periodFact:   "Rapportageperiode: %s (%s tot en met %s)",
	meetingFact:  "Portefeuillehoudersoverleg: %s",
	deadlineFact: "Aanleveren stukken: %s",
	createdFact:  "Datum concept: %s",

	introAbout:      "Deze voortgangsrapportage beschrijft de voortgang van het %s van %s over de %s (%s tot en met %s).",
	introMeeting:    " Zij is opgesteld voor het portefeuillehoudersoverleg van %s.",
	introStructure:  "De voortgang wordt gerapporteerd langs de %s en de onderliggende %s met samen %s. De %s zijn:",
	introCounts:     "In de %s werd over %s een reactie gevraagd of gegeven: %s.",
	introMethod:     "De doelen zijn genummerd en de acties per doel voorzien van een letter, zodat de structuur van het uitvoeringsprogramma in de rapportage herleidbaar te volgen is. Per actie staan de status volgens de trekker, de mijlpalen uit de PDCA-planning die in deze periode vielen, de contractgesprekken en de toelichting van de eigenaren.",
	introFinance:    "De rapportage voorziet niet in de voortgang van de financiële middelen; deze worden via de Planning & Control-cyclus van de Regio gerapporteerd (met de Kaderbrief, Regiobegroting, Bestuursrapportage en Jaarstukken).",
	lineFacts:       "De programmalijn %s bestaat uit %s met samen %s.",
	lineNoMilestone: " In de %s stond voor deze programmalijn geen mijlpaal gepland.",
	lineReported:    " Over de %s werd over %s gerapporteerd: %s.",
	noAnswerClause:  "van %s ontbreekt nog een reactie",
	notKnownClause:  "van %s is de voortgang nog niet bekend",

	changesNone: "Sinds de vorige rapportage (%s) is de status van geen enkele actie gewijzigd.",
	changesSome: "Sinds de vorige rapportage (%s) is de status van %s gewijzigd:",
	changeLine:  "actie %s (%s): van %s naar %s",

	actionHeading: "Actie %s",
	who:           "wie",
	statusLabel:   "Status",
	noMilestone:   "geen mijlpaal in deze periode",
	noAnswer:      "geen reactie",
	unapproved:    "(nog niet goedgekeurd)",
	reached:       "Bereikte mijlpalen in deze periode:",
	open:          "Nog open in deze periode:",
	meetings:      "Contractgesprekken in deze periode:",
	indicator:     "Indicator",
	target:        "streefwaarde %s",
	indicatorCols: [3]string{"Periode", "Waarde", "Streefwaarde"},
	per:           map[string]string{"jaar": " per jaar", "periode": " gedurende de looptijd", "totaal": " in totaal"},
	chartAlt:      "Staafdiagram %s per periode (%s); %s.",

	statusSentence: map[string]string{
		i18n.StatusOnTrack: "De actie ligt op schema.", i18n.StatusDelayed: "De actie is vertraagd.",
		i18n.StatusDone: "De actie is gereed.", i18n.StatusNotStarted: "De actie is nog niet gestart.",
		i18n.StatusCancelled: "De actie is vervallen.",
	},
	previousText:    "Zoals verwoord in de vorige voortgangsrapportage: %s",
	quietOne:        "Over actie %s is in deze periode niets te melden.",
	quietMany:       "Over de acties %s is in deze periode niets te melden.",
	noFigures:       "Voor deze indicator zijn nog geen cijfers gerapporteerd.",
	partsCaption:    "%s per organisatie, %s",
	partsSource:     "Bron: opgave van de organisaties, laatst bijgewerkt op %s.",
	partsCols:       [2]string{"Organisatie", "Waarde"},
	meetingMethod:   "De doelen zijn genummerd en de acties per doel voorzien van een letter, zodat de structuur van het uitvoeringsprogramma in de rapportage herleidbaar te volgen is. Per actie staat de voortgang zoals de eigenaren die hebben gemeld; acties waarover in deze periode niets te melden is, staan per doel in één regel.",
	notReported:     "nog niet gemeld",
	nothingToReport: "niets te melden",

	sources: map[string]string{
		store.SourceEmail: "via e-mail", store.SourceWeb: "via het webformulier",
		store.SourceSlack: "via Slack", store.SourceBoard: "ingevoerd op het bord",
	},
	otherSource: "via %s",

	letterHeading:      "Raadsinformatiebrief",
	letterSubjectLabel: "Onderwerp",
	letterSubject:      "Voortgang %s, %s",
	salutation:         "Geachte leden van de gemeenteraad,",
	letterAbout:        "Met deze brief informeren wij u over de voortgang van het %s van %s over de %s.",
	letterMeeting:      " De bijgevoegde voortgangsrapportage staat op de agenda van het portefeuillehoudersoverleg van %s.",
	letterCovers:       "De rapportage beschrijft per programmalijn (%s) de voortgang van de doelen en acties: de status volgens de trekkers, de bereikte mijlpalen, de contractgesprekken en de indicatoren.",
	letterCounts:       "Over deze periode is over %s gerapporteerd: %s.",
	letterFirst:        "Dit is de eerste rapportage over dit uitvoeringsprogramma.",
	letterNoChanges:    "Ten opzichte van de vorige rapportage (%s) is de status van geen enkele actie gewijzigd.",
	letterChanges:      "Ten opzichte van de vorige rapportage (%s) zijn dit de belangrijkste wijzigingen:",
	letterChange:       "Actie %s (%s) is nu %s (was %s).",
	letterDelayedTitle: "Vertraagde acties:",
	letterDelayedItem:  "Actie %s: %s",
	letterNoDelayed:    "Er zijn in deze periode geen acties gemeld als vertraagd.",
	letterDelayedTail:  " vertraagd; de toelichting staat per actie in de rapportage.",
	letterFinance:      "De voortgang van de financiële middelen loopt via de Planning & Control-cyclus van de Regio en maakt geen deel uit van deze brief.",
	letterRegards:      "Met vriendelijke groet,",
	letterOnBehalfOf:   "namens de portefeuillehouders, ",
}

var english = &lexicon{
	lang:     i18n.English,
	htmlLang: "en",
	docLang:  "en-GB",
	tocTitle: "Contents",

	numbers: []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"},
	and:          "and",
	thousands:    ",",
	decimal:      ".",
	periodPhrase: func(s string) string { return s }, // i18n already writes "first half of 2027"

	goalNoun:      noun{"goal", "goals"},
	actionNoun:    noun{"action", "actions"},
	subActionNoun: noun{"sub-action", "sub-actions"},
	lineNoun:      noun{"programme line", "programme lines"},
	missingNoun:   noun{"answer is", "answers are"},
	delayedNoun:   noun{"action is", "actions are"},

	draftTitle:      "Progress report on the %s",
	introHeading:    "Introduction",
	landelijk:       "National developments",
	inkoop:          "Procurement outcomes",
	placeholder:     "To be written by the coordinator.",
	overviewHeading: "Overview of all actions",
	overviewCaption: "Status of all actions in the %s",
	overviewCols:    [4]string{"Action", "Description", "Lead", "Status"},
	missingHeading:  "Missing answers",
	allAnswered:     "All requested answers have come in.",
	missingIntro:    "On the date of this draft (%s), %s still missing.",
	missingCols:     [4]string{"Action", "Description", "Organisation", "Contact"},
	noContact:       "no contact known",
	lineHeading:     "Programme line %d – %s",
	goalHeading:     "Goal %d: %s",
	effects:         "Intended societal effects:",

	periodFact:   "Reporting period: %s (%s to %s)",
	meetingFact:  "Portfolio holders' meeting: %s",
	deadlineFact: "Documents due: %s",
	createdFact:  "Draft date: %s",

	introAbout:      "This progress report describes the progress of the %s of %s in the %s (%s to %s).",
	introMeeting:    " It was prepared for the portfolio holders' meeting of %s.",
	introStructure:  "Progress is reported along the %s and the underlying %s, with %s in all. The %s are:",
	introCounts:     "In the %s, an answer was requested or given for %s: %s.",
	introMethod:     "The goals are numbered and the actions of each goal lettered, so that the structure of the implementation programme can be traced in the report. For each action the report gives the status according to the lead, the milestones of the PDCA planning that fell in this period, the contract meetings and the owners' explanations.",
	introFinance:    "The report does not cover the progress of the financial resources; these are reported through the Region's Planning & Control cycle (with the Kaderbrief, Regiobegroting, Bestuursrapportage and Jaarstukken).",
	lineFacts:       "Programme line %s consists of %s with %s in all.",
	lineNoMilestone: " No milestone was planned for this programme line in the %s.",
	lineReported:    " In the %s, progress was reported on %s: %s.",
	noAnswerClause:  "%s still without an answer",
	notKnownClause:  "%s without news yet",

	changesNone: "Since the previous report (%s), the status of no action has changed.",
	changesSome: "Since the previous report (%s), the status of %s has changed:",
	changeLine:  "action %s (%s): from %s to %s",

	actionHeading: "Action %s",
	who:           "who",
	statusLabel:   "Status",
	noMilestone:   "no milestone in this period",
	noAnswer:      "no answer",
	unapproved:    "(not yet approved)",
	reached:       "Milestones reached in this period:",
	open:          "Still open in this period:",
	meetings:      "Contract meetings in this period:",
	indicator:     "Indicator",
	target:        "target %s",
	indicatorCols: [3]string{"Period", "Value", "Target"},
	per:           map[string]string{"jaar": " per year", "periode": " over the programme period", "totaal": " in total"},
	chartAlt:      "Bar chart of %s per period (%s); %s.",

	statusSentence: map[string]string{
		i18n.StatusOnTrack: "The action is on track.", i18n.StatusDelayed: "The action is delayed.",
		i18n.StatusDone: "The action is done.", i18n.StatusNotStarted: "The action has not started yet.",
		i18n.StatusCancelled: "The action has been cancelled.",
	},
	previousText:    "As stated in the previous progress report: %s",
	quietOne:        "There is nothing to report on action %s in this period.",
	quietMany:       "There is nothing to report on actions %s in this period.",
	noFigures:       "No figures have been reported for this indicator yet.",
	partsCaption:    "%s per organisation, %s",
	partsSource:     "Source: figures reported by the organisations, last updated on %s.",
	partsCols:       [2]string{"Organisation", "Value"},
	meetingMethod:   "The goals are numbered and the actions of each goal lettered, so that the structure of the implementation programme can be traced in the report. For each action the report gives the progress as the owners reported it; actions with nothing to report in this period are listed in one line per goal.",
	notReported:     "not yet reported",
	nothingToReport: "nothing to report",

	sources: map[string]string{
		store.SourceEmail: "by email", store.SourceWeb: "via the web form",
		store.SourceSlack: "via Slack", store.SourceBoard: "entered on the board",
	},
	otherSource: "via %s",

	letterHeading:      "Council information letter",
	letterSubjectLabel: "Subject",
	letterSubject:      "Progress of the %s, %s",
	salutation:         "Dear members of the municipal council,",
	letterAbout:        "With this letter we inform you of the progress of the %s of %s in the %s.",
	letterMeeting:      " The attached progress report is on the agenda of the portfolio holders' meeting of %s.",
	letterCovers:       "For each programme line (%s), the report describes the progress of the goals and actions: the status according to the leads, the milestones reached, the contract meetings and the indicators.",
	letterCounts:       "In this period, progress was reported on %s: %s.",
	letterFirst:        "This is the first report on this implementation programme.",
	letterNoChanges:    "Since the previous report (%s), the status of no action has changed.",
	letterChanges:      "Since the previous report (%s), these are the main changes:",
	letterChange:       "Action %s (%s) is now %s (was %s).",
	letterDelayedTitle: "Delayed actions:",
	letterDelayedItem:  "Action %s: %s",
	letterNoDelayed:    "No actions were reported as delayed in this period.",
	letterDelayedTail:  " delayed; the explanation is given for each action in the report.",
	letterFinance:      "The progress of the financial resources runs through the Region's Planning & Control cycle and is not part of this letter.",
	letterRegards:      "Kind regards,",
	letterOnBehalfOf:   "on behalf of the portfolio holders, ",
}

// words returns the lexicon of a language; anything but English gives Dutch, so a draft stored
// before drafts had a language reads as it always did.
func words(lang string) *lexicon {
	if i18n.Lang(lang) == i18n.English {
		return english
	}
	return dutch
}

// number writes numbers up to twenty as words, as reports do ("acht doelen", "eight goals"),
// and larger numbers as digits.
func (lx *lexicon) number(n int) string {
	if n >= 0 && n < len(lx.numbers) {
		return lx.numbers[n]
	}
	return strconv.Itoa(n)
}

// count writes "één doel" / "acht doelen", "one goal" / "eight goals".
func (lx *lexicon) count(n int, nn noun) string {
	if n == 1 {
		return lx.number(1) + " " + nn[0]
	}
	return lx.number(n) + " " + nn[1]
}

// join joins "a", "b" and "c" as "a, b en c" / "a, b and c".
func (lx *lexicon) join(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + lx.and + " " + items[len(items)-1]
}

// formatNumber writes a number with the language's separators: 1.250 and 12,5 in Dutch,
// 1,250 and 12.5 in English.
func (lx *lexicon) formatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		s := strconv.FormatInt(int64(math.Abs(v)), 10)
		var b strings.Builder
		if v < 0 {
			b.WriteByte('-')
		}
		for i, r := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteString(lx.thousands)
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", lx.decimal, 1)
}

// date formats a date: "1 februari 2027" / "1 February 2027". Calendar dates are stored at
// midnight UTC, so they are formatted as they are, not shifted to Amsterdam.
func (lx *lexicon) date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Location() == time.UTC {
		return strconv.Itoa(t.Day()) + " " + i18n.MonthName(t.Month(), lx.lang) + " " + strconv.Itoa(t.Year())
	}
	return i18n.FormatDate(t, lx.lang)
}

// status is a status code as the report prints it: "op schema" / "on track", or "geen
// reactie" / "no answer" for "".
func (lx *lexicon) status(code string) string {
	if code == "" {
		return lx.noAnswer
	}
	return i18n.StatusLabel(code, lx.lang)
}

// periodWords is a period key in words: "tweede helft 2026" / "second half of 2026".
func (lx *lexicon) periodWords(period string) string { return i18n.PeriodLabel(period, lx.lang) }

// period is a period as running text writes it: "eerste helft van 2027".
func (lx *lexicon) period(period string) string { return lx.periodPhrase(lx.periodWords(period)) }

// source is how a trace names the channel an answer came in by.
func (lx *lexicon) source(source string) string {
	if source == "" {
		return ""
	}
	if s, ok := lx.sources[source]; ok {
		return s
	}
	return fmt.Sprintf(lx.otherSource, source)
}

// trace is the note under a paragraph: "— Anna de Vries, 12 januari 2027, via e-mail".
func (lx *lexicon) trace(t Trace) string {
	parts := []string{t.Contact}
	if d := i18n.FormatDate(t.At, lx.lang); d != "" {
		parts = append(parts, d)
	}
	if s := lx.source(t.Source); s != "" {
		parts = append(parts, s)
	}
	return "— " + strings.Join(parts, ", ")
}

// summary writes the counts as a clause: "zeven op schema, twee vertraagd en van drie
// ontbreekt nog een reactie" / "seven on track, two delayed and three still without an answer".
func (lx *lexicon) summary(c StatusCounts) string { return lx.summaryAs(c, lx.noAnswerClause) }

// outsideSummary is summary for the PHO and the councils: "… en van drie is de voortgang nog
// niet bekend".
func (lx *lexicon) outsideSummary(c StatusCounts) string { return lx.summaryAs(c, lx.notKnownClause) }

func (lx *lexicon) summaryAs(c StatusCounts, noAnswer string) string {
	var parts []string
	for _, s := range []struct {
		n    int
		code string
	}{
		{c.OnTrack, i18n.StatusOnTrack}, {c.Done, i18n.StatusDone}, {c.Delayed, i18n.StatusDelayed},
		{c.NotStarted, i18n.StatusNotStarted}, {c.Cancelled, i18n.StatusCancelled},
	} {
		if s.n > 0 {
			parts = append(parts, lx.number(s.n)+" "+lx.status(s.code))
		}
	}
	if c.NoAnswer > 0 {
		parts = append(parts, fmt.Sprintf(noAnswer, lx.number(c.NoAnswer)))
	}
	return lx.join(parts)
}

// quiet is the one line that lists a doel's actions with nothing to report.
func (lx *lexicon) quiet(refs []string) string {
	if len(refs) == 1 {
		return fmt.Sprintf(lx.quietOne, refs[0])
	}
	return fmt.Sprintf(lx.quietMany, lx.join(refs))
}

// lastReported is the date of the newest figure among parts.
func lastReported(parts []IndicatorPart) time.Time {
	var t time.Time
	for _, p := range parts {
		if p.At.After(t) {
			t = p.At
		}
	}
	return t
}
