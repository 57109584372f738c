// Package report builds the half-year voortgangsrapportage (progress report) of a programme
// from what the store holds, and renders it for two audiences: the coordinator, who sees where
// every sentence came from, and the portefeuillehoudersoverleg (PHO), who reads the clean text.
//
// Build reads the store and returns a typed Draft; it never writes. The renderers (Markdown,
// HTML, Office, PDF) are pure functions of a Draft, apart from Office and PDF, which run the
// external programs pandoc and LibreOffice. Storing and scheduling drafts is not done here.
//
// A draft is written in Dutch by default or in English (Input.Lang); every word the package
// writes itself comes from the lexicons in lang.go, while the programme's texts and the
// owners' answers stay as written.
package report

import (
	"errors"
	"time"

	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
)

// Audience says for whom a draft is rendered.
type Audience int

const (
	// Coordinator shows the trace of every paragraph that comes from an answer.
	Coordinator Audience = iota
	// Meeting leaves the traces out: the text as the PHO reads it.
	Meeting
)

func (a Audience) String() string {
	if a == Meeting {
		return "meeting"
	}
	return "coordinator"
}

// Keys of the sections the coordinator writes per period.
const (
	SectionLandelijk = "landelijke-ontwikkelingen"
	SectionInkoop    = "uitkomsten-inkoop"
)

// Placeholder stands where a coordinator section has not been written yet (in a Dutch draft;
// an English one has its own words).
const Placeholder = "Nog in te vullen door de coördinator."

// ErrNoLibreOffice is returned by PDF when no LibreOffice binary is installed.
var ErrNoLibreOffice = errors.New("report: LibreOffice is niet geïnstalleerd (pakket libreoffice-writer-nogui)")

// ErrNoPandoc is returned by Office when pandoc is not installed.
var ErrNoPandoc = errors.New("report: pandoc is niet geïnstalleerd (pakket pandoc)")

// Input is everything Build needs.
type Input struct {
	Store     store.Store
	Programme *programme.Programme
	// Period is the reporting period, "2026H2".
	Period string
	// Meeting is the date of the PHO the draft is for; Deadline the date its documents are due.
	Meeting  time.Time
	Deadline time.Time
	// Now is the date of the draft; milestones due before it count as past.
	Now time.Time
	// Contacts maps contact keys to display names; optional (the store's names are used).
	Contacts map[string]string
	// Sections are the coordinator's texts for this period in Markdown, keyed by
	// SectionLandelijk and SectionInkoop.
	Sections map[string]string
	// Previous is the draft of the previous period, for the changes since then; optional.
	Previous *Draft
	// Lang is the language the draft is written in: "nl" (the default, also for "") or "en".
	// Only the report's own words are translated; the programme's texts and the owners'
	// answers stay as written.
	Lang string
}

// Draft is a voortgangsrapportage as a typed document. It is JSON-serialisable so that a
// stored draft can serve as the Previous of the next one.
type Draft struct {
	// Lang is the language of the draft's own words, "nl" or "en"; a stored draft without it
	// is Dutch.
	Lang         string    `json:"lang"`
	Title        string    `json:"title"`
	Programme    string    `json:"programme"`
	ProgrammeKey string    `json:"programme_key"`
	Organisation string    `json:"organisation"`
	Period       string    `json:"period"`
	PeriodLabel  string    `json:"period_label"`
	PeriodFrom   time.Time `json:"period_from"`
	PeriodTo     time.Time `json:"period_to"`
	Meeting      time.Time `json:"meeting"`
	Deadline     time.Time `json:"deadline"`
	Created      time.Time `json:"created"`

	Intro Intro `json:"intro"`
	// MeetingIntro is the Inleiding as the PHO reads it (no talk of missing answers); a draft
	// stored before it existed renders Intro.
	MeetingIntro *Intro          `json:"meeting_intro,omitempty"`
	Sections     []Section       `json:"sections"`
	Lines        []LineReport    `json:"lines"`
	Overview     []OverviewRow   `json:"overview"`
	Missing      []MissingAnswer `json:"missing"`
	Counts       StatusCounts    `json:"counts"`
	// PreviousPeriod is the period of the draft the changes were computed against, or "".
	PreviousPeriod string   `json:"previous_period,omitempty"`
	Changes        []Change `json:"changes,omitempty"`
}

// Intro is the generated Inleiding: paragraphs, the programmalijnen as a numbered list, and
// closing paragraphs.
type Intro struct {
	Paragraphs []string `json:"paragraphs"`
	Lines      []string `json:"lines"`
	Closing    []string `json:"closing"`
}

// Section is a text the coordinator writes for the period (Markdown). Empty sections render
// the Placeholder.
type Section struct {
	Key      string `json:"key"`
	Title    string `json:"title"`
	Markdown string `json:"markdown"`
}

// LineReport is one programmalijn.
type LineReport struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
	Intro  string `json:"intro"`
	// MeetingIntro is Intro as the PHO reads it; "" in drafts stored before it existed.
	MeetingIntro string       `json:"meeting_intro,omitempty"`
	Goals        []GoalReport `json:"goals"`
}

// GoalReport is one doel.
type GoalReport struct {
	Number  int            `json:"number"`
	Title   string         `json:"title"`
	Effects []string       `json:"effects,omitempty"`
	Actions []ActionReport `json:"actions"`
}

// ActionReport is one actie (or sub-actie) with what happened to it in the period.
type ActionReport struct {
	Ref    string   `json:"ref"` // "15a", "17c3"
	Text   string   `json:"text"`
	Wie    string   `json:"wie,omitempty"`
	Owners []string `json:"owners"` // display names, lead first
	Lead   string   `json:"lead"`   // display name of the lead owner
	// Status is a status code (i18n.Status*) or "" when the lead has not answered.
	Status string `json:"status"`
	// StatusText is what the reader sees: "op schema", "geen reactie".
	StatusText string `json:"status_text"`
	// Expected is true when the action has tasks due in the period, so an answer is asked.
	Expected   bool              `json:"expected"`
	Reached    []Milestone       `json:"reached,omitempty"`
	Open       []Milestone       `json:"open,omitempty"`
	Meetings   []Milestone       `json:"meetings,omitempty"`
	Answers    []Answer          `json:"answers,omitempty"`
	Indicators []IndicatorReport `json:"indicators,omitempty"`
	// Previous is the approved text about the action in the previous draft, carried over as
	// the starting point of this period's text (the meeting's version shows it).
	Previous []string `json:"previous,omitempty"`
	// Subs are the sub-actions; an action with sub-actions has no status of its own.
	Subs []ActionReport `json:"subs,omitempty"`
}

// Milestone is one task of the period: a PDCA milestone or a contract meeting.
type Milestone struct {
	Title   string    `json:"title"`
	Phase   string    `json:"phase,omitempty"`
	Due     time.Time `json:"due"`
	Reached bool      `json:"reached"`
}

// Answer is what one contact reported about an action.
type Answer struct {
	Owner      string   `json:"owner"` // organisation the contact answers for
	Status     string   `json:"status"`
	StatusText string   `json:"status_text"`
	Paragraphs []string `json:"paragraphs"`
	Approved   bool     `json:"approved"`
	Trace      Trace    `json:"trace"`
}

// Trace says where a paragraph comes from; only the Coordinator audience sees it.
type Trace struct {
	Contact string    `json:"contact"`
	At      time.Time `json:"at"`
	Source  string    `json:"source"`
}

// IndicatorReport is an indicator's values over every period of the programme so far.
type IndicatorReport struct {
	Key    string           `json:"key"`
	Name   string           `json:"name"`
	Unit   string           `json:"unit"`
	Target float64          `json:"target"`
	Per    string           `json:"per,omitempty"`
	Note   string           `json:"note,omitempty"`
	Values []IndicatorValue `json:"values"`
	// Parts are the figures of the draft's own period per organisation, with the date each
	// was reported: the table with its source in the meeting's version.
	Parts []IndicatorPart `json:"parts,omitempty"`
}

// IndicatorPart is one organisation's figure for an indicator in the draft's period.
type IndicatorPart struct {
	Owner string    `json:"owner"`
	Value string    `json:"value"`
	At    time.Time `json:"at"`
}

// hasFigures reports whether anything was reported for the indicator in any period; an
// indicator without figures gets a sentence instead of an empty table and chart.
func (ir IndicatorReport) hasFigures() bool {
	for _, v := range ir.Values {
		if v.Known || len(v.Texts) > 0 {
			return true
		}
	}
	return false
}

// IndicatorValue is the value of one indicator in one period: the sum over the contacts that
// reported a number, or the reported texts when they are not numbers.
type IndicatorValue struct {
	Period string   `json:"period"`
	Label  string   `json:"label"`
	Value  float64  `json:"value"`
	Known  bool     `json:"known"` // at least one number was reported
	Texts  []string `json:"texts,omitempty"`
}

// OverviewRow is one line of the "Overzicht van alle acties".
type OverviewRow struct {
	Ref        string `json:"ref"`
	Text       string `json:"text"`
	Lead       string `json:"lead"`
	Status     string `json:"status"`
	StatusText string `json:"status_text"`
}

// MissingAnswer is an answer that was asked for and has not come.
type MissingAnswer struct {
	Ref     string `json:"ref"`
	Text    string `json:"text"`
	Owner   string `json:"owner"`
	Contact string `json:"contact"` // "" when no contact is known for the owner
}

// StatusCounts counts the actions (and sub-actions) per status in the period.
type StatusCounts struct {
	Actions    int `json:"actions"`
	OnTrack    int `json:"on_track"`
	Delayed    int `json:"delayed"`
	Done       int `json:"done"`
	NotStarted int `json:"not_started"`
	Cancelled  int `json:"cancelled"`
	NoAnswer   int `json:"no_answer"`
}

// Change is a status change of an action since the previous draft.
type Change struct {
	Ref      string `json:"ref"`
	Text     string `json:"text"`
	From     string `json:"from"`
	To       string `json:"to"`
	FromText string `json:"from_text"`
	ToText   string `json:"to_text"`
}
