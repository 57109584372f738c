package slack

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/slack-go/slack"
)

// Action and callback ids. Slack wants action ids unique within a block, so
// each status button is "status:<code>"; the handler dispatches on the prefix.
const (
	actionStatusPrefix = "status"
	actionDetails      = "details"
	actionForm         = "form"
	callbackDetails    = "voortgang_details"

	blockStatus = "status"
	blockText   = "toelichting"
	blockIndPre = "ind:"
	actionInput = "value"
)

// Slack limits a message to 50 blocks; two blocks per item plus the frame
// leaves room for this many items. The rest are pointed to the web form.
const maxItems = 20

// Slack's limits on text sizes (section text 3000, button text 75, value
// 2000, modal title 24, private_metadata 3000); we stay below them.
const (
	maxLastText    = 300
	maxTitle       = 200
	maxButtonValue = 2000
)

// Indicator is a number the owner is asked for with an item ("aantal
// meldingen"), entered in the details modal.
type Indicator struct {
	Key   string // stable key the store knows it by
	Label string // Dutch label shown to the owner
	Last  string // previous value, shown as a hint; may be empty
}

// escape makes s safe inside mrkdwn: Slack only needs &, < and > escaped.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// truncate shortens s to at most n runes, ending in "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

// capitalise upper-cases the first letter: "op schema" → "Op schema".
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return strings.ToUpper(string(r)) + s[n:]
}

// statusValue encodes what a status button carries: token|ref|status.
func statusValue(token, ref, status string) string {
	return token + "|" + ref + "|" + status
}

// detailsValue encodes what the details button carries: token|ref, then the
// item's indicators as key=label=last&… (each part query-escaped), so the modal can be
// built without asking the store. Indicators that do not fit in Slack's 2000
// characters are left out; the web form still has them.
func detailsValue(token, ref string, inds []Indicator) string {
	v := token + "|" + ref
	if len(inds) == 0 {
		return v
	}
	q := ""
	for _, ind := range inds {
		part := url.QueryEscape(ind.Key) + "=" + url.QueryEscape(ind.Label)
		if ind.Last != "" {
			part += "=" + url.QueryEscape(ind.Last)
		}
		next := q
		if next != "" {
			next += "&"
		}
		next += part
		if len(v)+1+len(next) > maxButtonValue {
			break
		}
		q = next
	}
	if q == "" {
		return v
	}
	return v + "|" + q
}

// splitValue splits a button value or private_metadata into exactly n
// fields; the last field keeps any further separators.
func splitValue(s string, n int) ([]string, error) {
	parts := strings.SplitN(s, "|", n)
	if len(parts) < n {
		parts = append(parts, make([]string, n-len(parts))...)
	}
	if parts[0] == "" || parts[1] == "" {
		return nil, fmt.Errorf("malformed value %q", s)
	}
	return parts, nil
}

func parseIndicators(q string) []Indicator {
	if q == "" {
		return nil
	}
	var out []Indicator
	for _, kv := range strings.Split(q, "&") {
		f := strings.SplitN(kv, "=", 3)
		for len(f) < 3 {
			f = append(f, "")
		}
		key, err1 := url.QueryUnescape(f[0])
		label, err2 := url.QueryUnescape(f[1])
		last, err3 := url.QueryUnescape(f[2])
		if err1 != nil || err2 != nil || err3 != nil || key == "" {
			continue
		}
		if label == "" {
			label = key
		}
		out = append(out, Indicator{Key: key, Label: label, Last: last})
	}
	return out
}

// headerText is the header of a request: the period and, for a reminder,
// which one it is.
func headerText(r Request) string {
	period := r.PeriodLabel
	if period == "" {
		period = i18n.PeriodLabel(r.Period, i18n.Dutch)
	}
	switch {
	case r.Reminder == 1:
		return "Herinnering: stand van zaken " + period
	case r.Reminder > 1:
		return strconv.Itoa(r.Reminder) + "e herinnering: stand van zaken " + period
	}
	return "Stand van zaken " + period
}

// fallbackText is the notification text shown where blocks are not.
func fallbackText(r Request) string {
	t := headerText(r)
	if d := i18n.FormatDate(r.Deadline, i18n.Dutch); d != "" {
		t += ": graag uiterlijk " + d + " doorgeven."
	}
	return t
}

func introText(r Request) string {
	var b strings.Builder
	if r.ContactName != "" {
		b.WriteString("Beste " + escape(r.ContactName) + ",\n\n")
	}
	period := r.PeriodLabel
	if period == "" {
		period = i18n.PeriodLabel(r.Period, i18n.Dutch)
	}
	deadline := i18n.FormatDate(r.Deadline, i18n.Dutch)
	if r.Reminder > 0 {
		b.WriteString("We hebben van de acties hieronder nog geen stand van zaken ontvangen over *" + escape(period) + "*.")
	} else {
		b.WriteString("Wil je de stand van zaken over *" + escape(period) + "* doorgeven van de acties hieronder?")
	}
	if deadline != "" {
		b.WriteString(" Graag uiterlijk *" + deadline + "*.")
	}
	b.WriteString("\nKies per actie een status. Met *Toelichting en cijfers* geef je ook een toelichting en de cijfers door.")
	return b.String()
}

// itemText is the section text of one item: ref, title, due, last answer
// and, once recorded in this message, what was noted.
func itemText(it Item, recorded string) string {
	var b strings.Builder
	b.WriteString("*" + escape(it.Ref) + "* – " + escape(truncate(it.Title, maxTitle)))
	if it.Due != "" {
		b.WriteString("\n_" + escape(it.Due) + "_")
	}
	if it.LastStatus != "" || it.LastText != "" {
		b.WriteString("\nVorige keer: ")
		if it.LastStatus != "" {
			b.WriteString(escape(i18n.StatusLabel(it.LastStatus, i18n.Dutch)))
		}
		if it.LastText != "" {
			if it.LastStatus != "" {
				b.WriteString(" – ")
			}
			b.WriteString("“" + escape(truncate(it.LastText, maxLastText)) + "”")
		}
	}
	if recorded != "" {
		b.WriteString("\n:white_check_mark: *Genoteerd:* " + escape(i18n.StatusLabel(recorded, i18n.Dutch)))
	}
	return b.String()
}

// itemBlocks are the section and the answer buttons of one item. The button
// of the recorded status is highlighted; all stay clickable so an owner can
// correct an answer.
func itemBlocks(token string, it Item, recorded string) []slack.Block {
	section := slack.NewSectionBlock(mrkdwn(itemText(it, recorded)), nil, nil, slack.SectionBlockOptionBlockID("item:"+it.Ref))
	var buttons []slack.BlockElement
	rec, _ := i18n.ParseStatus(recorded)
	for _, code := range i18n.Statuses {
		btn := slack.NewButtonBlockElement(actionStatusPrefix+":"+code, statusValue(token, it.Ref, code),
			plain(capitalise(i18n.StatusLabel(code, i18n.Dutch))))
		if code == rec {
			btn = btn.WithStyle(slack.StylePrimary)
		}
		buttons = append(buttons, btn)
	}
	buttons = append(buttons, slack.NewButtonBlockElement(actionDetails, detailsValue(token, it.Ref, it.Indicators), plain("Toelichting en cijfers")))
	return []slack.Block{section, slack.NewActionBlock("act:"+it.Ref, buttons...)}
}

// requestBlocks renders a status request, with what has been recorded so far
// (ref → status) marked.
func requestBlocks(r Request, recorded map[string]string) []slack.Block {
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain(truncate(headerText(r), 150))),
		slack.NewSectionBlock(mrkdwn(introText(r)), nil, nil, slack.SectionBlockOptionBlockID("intro")),
	}
	blocks = append(blocks, itemsBlocks(r, recorded)...)
	return append(blocks, formBlocks(r)...)
}

func itemsBlocks(r Request, recorded map[string]string) []slack.Block {
	var blocks []slack.Block
	for i, it := range r.Items {
		if i == maxItems {
			rest := len(r.Items) - maxItems
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(fmt.Sprintf(
				"Er staan nog %d andere acties open. Die vind je in het webformulier.", rest)), nil, nil,
				slack.SectionBlockOptionBlockID("more")))
			break
		}
		blocks = append(blocks, itemBlocks(r.Token, it, recorded[it.Ref])...)
	}
	return blocks
}

func formBlocks(r Request) []slack.Block {
	var blocks []slack.Block
	if r.FormURL != "" {
		blocks = append(blocks, slack.NewActionBlock("form",
			slack.NewButtonBlockElement(actionForm, "", plain("Naar het webformulier")).WithURL(r.FormURL)))
	}
	return append(blocks, slack.NewContextBlock("footer",
		mrkdwn("Je kunt ook antwoorden via het webformulier of door de e-mail te beantwoorden; alles komt op dezelfde plek terecht.")))
}

// slashBlocks renders the /voortgang answer: the caller's open items.
func slashBlocks(r Request, recorded map[string]string) []slack.Block {
	period := r.PeriodLabel
	if period == "" {
		period = i18n.PeriodLabel(r.Period, i18n.Dutch)
	}
	if len(r.Items) == 0 {
		return []slack.Block{slack.NewSectionBlock(mrkdwn(
			"Je hebt op dit moment geen open acties"+periodSuffix(period)+". Dank je wel!"), nil, nil)}
	}
	intro := fmt.Sprintf("Je open acties%s: %d.", periodSuffix(period), len(r.Items))
	if d := i18n.FormatDate(r.Deadline, i18n.Dutch); d != "" {
		intro += " Graag uiterlijk *" + d + "* doorgeven."
	}
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(intro), nil, nil, slack.SectionBlockOptionBlockID("intro"))}
	blocks = append(blocks, itemsBlocks(r, recorded)...)
	return append(blocks, formBlocks(r)...)
}

func periodSuffix(period string) string {
	if period == "" {
		return ""
	}
	return " voor *" + escape(period) + "*"
}

// detailsModal is the modal behind "Toelichting en cijfers". Everything the
// submission needs travels in private_metadata (token|ref|channel|ts) and in
// the block ids (one per indicator key).
// heading is the item's first line in mrkdwn, taken from the message the
// button was in; empty gives just the ref.
func detailsModal(token, ref, heading, channel, ts string, inds []Indicator) slack.ModalViewRequest {
	var opts []*slack.OptionBlockObject
	for _, code := range i18n.Statuses {
		opts = append(opts, slack.NewOptionBlockObject(code, plain(capitalise(i18n.StatusLabel(code, i18n.Dutch))), nil))
	}
	if heading == "" {
		heading = "*" + escape(ref) + "*"
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(heading), nil, nil, slack.SectionBlockOptionBlockID("item")),
		slack.NewInputBlock(blockStatus, plain("Status"), nil,
			slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Kies een status"), actionInput, opts...)),
		slack.NewInputBlock(blockText, plain("Toelichting"), plain("Wat is er gedaan, wat loopt anders dan gepland, wat is er nodig?"),
			&slack.PlainTextInputBlockElement{Type: slack.METPlainTextInput, ActionID: actionInput, Multiline: true, MaxLength: 3000}).
			WithOptional(true),
	}
	for _, ind := range inds {
		in := slack.NewInputBlock(blockIndPre+ind.Key, plain(truncate(ind.Label, 2000)), nil,
			slack.NewNumberInputBlockElement(nil, actionInput, true)).WithOptional(true)
		if ind.Last != "" {
			in.Hint = plain("Vorige keer: " + ind.Last)
		}
		blocks = append(blocks, in)
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackDetails,
		Title:           plain("Toelichting en cijfers"),
		Submit:          plain("Opslaan"),
		Close:           plain("Annuleren"),
		Blocks:          slack.Blocks{BlockSet: blocks},
		PrivateMetadata: strings.Join([]string{token, ref, channel, ts}, "|"),
	}
}

// coordinatorHeading names the kind of a coordinator note in Dutch.
func coordinatorHeading(kind string) string {
	switch strings.ToLower(kind) {
	case "escalatie":
		return "Escalatie"
	case "samenvatting":
		return "Samenvatting"
	case "concept":
		return "Conceptrapportage klaar"
	}
	return "Voortgang"
}

func coordinatorBlocks(n CoordinatorNote) []slack.Block {
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain(coordinatorHeading(n.Kind))),
		slack.NewSectionBlock(mrkdwn(escape(truncate(n.Text, 2900))), nil, nil, slack.SectionBlockOptionBlockID("text")),
	}
	if n.Link != "" {
		blocks = append(blocks, slack.NewActionBlock("link",
			slack.NewButtonBlockElement(actionForm, "", plain("Openen in voortgang")).WithURL(n.Link)))
	}
	return blocks
}
