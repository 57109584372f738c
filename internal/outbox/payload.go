package outbox

// Payloads: what an outbox message says, as data. The cycle fills them (who is asked about
// what, by when, with which answers so far); each channel renders its own message from them
// (package email its templates, slack its blocks, teams its card), so the cycle never formats
// a message and never imports a channel.

import "time"

// Item is one action a contact is asked about.
type Item struct {
	Ref string // "15a": doel number and action letter
	// Programme is the programme's key: with Goal it names the doel's place in the answer
	// form (GoalAnchor), where a mail links to.
	Programme string
	// ProgrammeTitle names the programme in the summary of a long list (Overview).
	ProgrammeTitle string
	Goal           int
	GoalTitle      string
	ActionText     string
	Role           string // "trekker" (lead) or "bijdrager" (contributor)
	Due            []Due
	Ongoing        bool // the action runs throughout the period, without a single date
	Overdue        bool
	LastAnswer     *Answer
	Indicators     []IndicatorField
}

// Due is one dated milestone of an item.
type Due struct {
	Phase   string // Plan, Do, Check, Act (or their codes) or "Contractgesprek"
	Title   string
	Date    time.Time
	Overdue bool
}

// Answer is a recorded response.
type Answer struct {
	Status string // a status code or word, see i18n.StatusLabel
	Text   string
	At     time.Time
	Source string // "formulier", "e-mail", "Slack", …
}

// IndicatorField is an indicator the contact reports a value for.
type IndicatorField struct {
	Key, Name, Unit string
	Target          float64
	Last            *float64
}

// RequestPayload is the view of a status request (uitvraag).
type RequestPayload struct {
	Contact      string // first name or full name, after "Beste"
	Period       string // "2026H2"
	Meeting      time.Time
	Deadline     time.Time
	Items        []Item
	FormURL      string
	ReplyAddress string
	Token        string
	Coordinator  string
	Lang         string
	// Overview summarises Items when there are more than email.MaxItems (the mail renderer
	// sets it and cuts Items to the first MaxItems, so the mail stays under its size cap).
	Overview *Overview
}

// ReminderPayload is the view of a reminder: the request again, with the items
// still unanswered.
type ReminderPayload struct {
	RequestPayload
	Number  int // 1 for the first reminder, 2 for the second …
	Missing []Item
	// MissingOverview summarises Missing when it is too long (see RequestPayload.Overview).
	MissingOverview *Overview
}

// MissingContact is a contact who has not answered (fully).
type MissingContact struct {
	Name          string
	Email         string
	Items         []Item
	RemindersSent int
	AwayUntil     *time.Time // from an out-of-office reply
	Overview      *Overview  // summarises Items when they are too long
}

// EscalationPayload is the view of the message to the coordinator about
// contacts who did not answer after the reminders.
type EscalationPayload struct {
	Coordinator string
	Period      string
	Deadline    time.Time
	Missing     []MissingContact
	MoreMissing int // missing contacts left out after MaxContacts
}

// SummaryPayload is the view of the coordinator's overview of a request round.
type SummaryPayload struct {
	Coordinator     string
	Period          string
	Deadline        time.Time
	Answered, Total int
	Missing         []MissingContact
	MoreMissing     int // missing contacts left out after MaxContacts
	BoardURL        string
}

// DigestPayload is the view of a contact's look-ahead: what is coming up and
// what is overdue.
type DigestPayload struct {
	Contact           string
	From, To          time.Time
	Upcoming          []Item
	Overdue           []Item
	BoardURL, FormURL string
	// UpcomingOverview and OverdueOverview summarise lists that are too long.
	UpcomingOverview, OverdueOverview *Overview
}

// ConfirmationPayload is the view of the receipt after an answer was recorded.
type ConfirmationPayload struct {
	Contact   string
	Period    string
	Recorded  []Item // with LastAnswer filled
	ChangeURL string
	Deadline  time.Time
	// RecordedOverview summarises Recorded when it is too long.
	RecordedOverview *Overview
}

// BouncePayload tells a coordinator that mail to a contact bounced: the contact gets no more mail
// until the address is fixed in the configuration.
type BouncePayload struct {
	Coordinator string
	Contact     string // the contact's name
	Address     string // the address that failed
	Received    time.Time
	BoardURL    string
}

// DraftPayload is the view of the announcement of a new report draft to a coordinator.
type DraftPayload struct {
	Coordinator string
	Period      string
	Meeting     time.Time
	Deadline    time.Time
	Version     int
	Missing     int // answers still missing
	Delayed     int // actions reported delayed
	DraftURL    string
}

// Overview summarises a list of items too long to show one by one.
type Overview struct {
	Total   int // the items of the list
	Overdue int // of which overdue
	Lines   []OverviewLine
	// PerProgramme is true when the lines are per programme (Goal is 0), because per doel
	// there were more than fit.
	PerProgramme bool
	More         int // programmes left out after the last line
}

// OverviewLine counts the items of one doel of one programme (or of one programme).
type OverviewLine struct {
	Programme      string // the programme's title; "" when the items do not say
	Goal           int
	GoalTitle      string
	Items, Overdue int
	// URL links to the doel in the answer form: set by the mail renderer for a mail with a
	// form link, on lines per doel.
	URL string
}

// ReplyItems are the items a reply to the message is about: every item of a
// request.
func (d RequestPayload) ReplyItems() []Item { return d.Items }

// ReplyOverview summarises ReplyItems when they are too many to list.
func (d RequestPayload) ReplyOverview() *Overview { return d.Overview }

// ItemCount is the number of items asked about, listed or summarised.
func (d RequestPayload) ItemCount() int {
	if d.Overview != nil {
		return d.Overview.Total
	}
	return len(d.Items)
}

// ReplyCount is the number of items a reply is about, listed or summarised.
func (d RequestPayload) ReplyCount() int { return d.ItemCount() }

// ReplyCount is the number of items a reply is about, listed or summarised.
func (d ReminderPayload) ReplyCount() int {
	if o := d.ReplyOverview(); o != nil {
		return o.Total
	}
	return len(d.ReplyItems())
}

// ReplyOverview summarises ReplyItems when they are too many to list.
func (d ReminderPayload) ReplyOverview() *Overview {
	if len(d.Missing) > 0 {
		return d.MissingOverview
	}
	return d.Overview
}

// MissingCount is the number of missing contacts, named or not.
func (d EscalationPayload) MissingCount() int { return len(d.Missing) + d.MoreMissing }

// MissingCount is the number of missing contacts, named or not.
func (d SummaryPayload) MissingCount() int { return len(d.Missing) + d.MoreMissing }

// ReplyItems are the items a reply to a reminder is about: the ones still
// missing (all items when Missing is empty).
func (d ReminderPayload) ReplyItems() []Item {
	if len(d.Missing) > 0 {
		return d.Missing
	}
	return d.Items
}
