package outbox

import "time"

// Outbox channels. An email row carries a rendered mail in its columns; the others carry
// what their channel needs as JSON in BodyText, so delivery never asks the cycle.
const (
	ChannelEmail = "email"
	// ChannelSlack is a direct message to an owner.
	ChannelSlack = "slack"
	// ChannelSlackChannel is a note in the coordinators' channel; Recipient is the channel id.
	ChannelSlackChannel = "slack-channel"
	// ChannelTeams is a note to the Teams webhook of the configuration. The webhook URL is a
	// secret and never stored in the outbox: Recipient is TeamsRecipient.
	ChannelTeams = "teams"
)

// TeamsRecipient is the Recipient of every ChannelTeams row.
const TeamsRecipient = "teams-webhook"

// Addressee is who a chat message goes to: the contact's Slack id (empty: looked up by
// Email) and address.
type Addressee struct {
	SlackID, Email string
}

// FallbackMail is a rendered mail carried in a Slack row, sent instead when Slack refuses the
// row for good.
type FallbackMail struct {
	To        string `json:"to"`
	Subject   string `json:"subject"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
	ReplyTo   string `json:"reply_to,omitempty"`
	MessageID string `json:"message_id"` // of the fallback row (key + SuffixEmailFallback)
}

// Kinds of coordinator notes (NotePayload.Kind; Dutch, as they travel in the Slack rows).
const (
	NoteEscalation = "escalatie"
	NoteSummary    = "samenvatting"
	NoteDraft      = "concept"
)

// NotePayload is a note for the coordinators' Slack channel and Teams webhook: who has not
// answered (an escalation), the state of a round on its deadline (a summary), or a new
// report draft. Each channel writes its own text from it.
type NotePayload struct {
	Kind     string // NoteEscalation, NoteSummary or NoteDraft
	Lang     string // "nl" or "en"
	Period   string // "2026H2"
	Deadline time.Time
	Link     string
	// Missing are the contacts who have not answered (escalation, summary).
	Missing []MissingContact
	// Answered of Total contacts have answered everything (summary).
	Answered, Total int
	// The draft: its version, the meeting day, the answers still missing and the actions
	// reported delayed.
	Version                 int
	Meeting                 time.Time
	MissingAnswers, Delayed int
}

// NoteKind is the outbox kind of a coordinator note: the kind of the mail it goes with.
func NoteKind(kind string) string {
	switch kind {
	case NoteEscalation:
		return KindEscalation
	case NoteSummary:
		return KindSummary
	case NoteDraft:
		return KindDraft
	}
	return kind
}
