package teams

import "github.com/regiogv/voortgang/internal/i18n"

// The JSON shapes Teams Workflows expect: a message with one Adaptive Card
// attachment. Only the elements voortgang uses are modelled.

// Message is the webhook payload.
type Message struct {
	Type        string       `json:"type"`
	Attachments []Attachment `json:"attachments"`
}

// Attachment carries the card.
type Attachment struct {
	ContentType string `json:"contentType"`
	ContentURL  any    `json:"contentUrl"` // null, as Teams' examples send
	Content     Card   `json:"content"`
}

// Card is an Adaptive Card 1.4 (the newest version Teams renders everywhere).
type Card struct {
	Schema  string    `json:"$schema"`
	Type    string    `json:"type"`
	Version string    `json:"version"`
	Body    []Element `json:"body"`
	Actions []Action  `json:"actions,omitempty"`
	MSTeams *MSTeams  `json:"msteams,omitempty"`
}

// MSTeams holds Teams-specific card options.
type MSTeams struct {
	Width string `json:"width,omitempty"`
}

// Element is a TextBlock or a FactSet.
type Element struct {
	Type   string `json:"type"`
	Text   string `json:"text,omitempty"`
	Size   string `json:"size,omitempty"`
	Weight string `json:"weight,omitempty"`
	Wrap   bool   `json:"wrap,omitempty"`
	Facts  []Fact `json:"facts,omitempty"`
}

// Fact is one line of a FactSet.
type Fact struct {
	Title string `json:"title"`
	Value string `json:"value"`
}

// Action is an Action.OpenUrl button.
type Action struct {
	Type  string `json:"type"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

const (
	contentTypeCard = "application/vnd.microsoft.card.adaptive"
	cardSchema      = "http://adaptivecards.io/schemas/adaptive-card.json"
	cardVersion     = "1.4"
)

// cardLabels are the card's own texts (the rest comes with the Note), by
// language.
type cardLabels struct {
	linkText string // the button's text when the Note gives none
}

var labelsByLang = map[string]cardLabels{
	i18n.Dutch:   {linkText: "Openen in voortgang"},
	i18n.English: {linkText: "Open in voortgang"},
}

// labelsFor returns the card texts of lang; anything but English gets Dutch.
func labelsFor(lang string) cardLabels { return labelsByLang[i18n.Lang(lang)] }

// Payload builds the webhook message for n: the title as a large bold
// TextBlock, the text as a wrapping TextBlock, the facts as a FactSet, and
// the link as an Action.OpenUrl. Empty parts are left out.
func Payload(n Note) Message {
	body := []Element{} // Teams rejects a card whose body is null
	if n.Title != "" {
		body = append(body, Element{Type: "TextBlock", Text: n.Title, Size: "Large", Weight: "Bolder", Wrap: true})
	}
	if n.Text != "" {
		body = append(body, Element{Type: "TextBlock", Text: n.Text, Wrap: true})
	}
	var facts []Fact
	for _, f := range n.Facts {
		if f[0] == "" && f[1] == "" {
			continue
		}
		facts = append(facts, Fact{Title: f[0], Value: f[1]})
	}
	if len(facts) > 0 {
		body = append(body, Element{Type: "FactSet", Facts: facts})
	}
	card := Card{Schema: cardSchema, Type: "AdaptiveCard", Version: cardVersion, Body: body, MSTeams: &MSTeams{Width: "Full"}}
	if n.LinkURL != "" {
		text := n.LinkText
		if text == "" {
			text = labelsFor(n.Lang).linkText
		}
		card.Actions = []Action{{Type: "Action.OpenUrl", Title: text, URL: n.LinkURL}}
	}
	return Message{Type: "message", Attachments: []Attachment{{ContentType: contentTypeCard, Content: card}}}
}
