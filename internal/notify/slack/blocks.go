package slack

import (
	"fmt"
	"net/url"
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
	Label string // label shown to the owner, as configured
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

// periodText is the period of a request in words, in its language.
func periodText(r Request) string {
	if r.PeriodLabel != "" {
		return r.PeriodLabel
	}
	return i18n.PeriodLabel(r.Period, r.Lang)
}

// headerText is the header of a request: the period and, for a reminder,
// which one it is.
func headerText(r Request) string {
	l := labelsFor(r.Lang)
	period := periodText(r)
	switch {
	case r.Reminder == 1:
		return l.reminderHeader + period
	case r.Reminder > 1:
		return ordinal(r.Reminder, r.Lang) + l.nthReminderHeader + period
	}
	return l.header + period
}

// fallbackText is the notification text shown where blocks are not.
func fallbackText(r Request) string {
	t := headerText(r)
	if d := i18n.FormatDate(r.Deadline, r.Lang); d != "" {
		t += fmt.Sprintf(labelsFor(r.Lang).fallbackDeadlineF, d)
	}
	return t
}

func introText(r Request) string {
	l := labelsFor(r.Lang)
	var b strings.Builder
	if r.ContactName != "" {
		fmt.Fprintf(&b, l.greetingF, escape(r.ContactName))
	}
	period := escape(periodText(r))
	if r.Reminder > 0 {
		fmt.Fprintf(&b, l.askReminderF, period)
	} else {
		fmt.Fprintf(&b, l.askF, period)
	}
	if deadline := i18n.FormatDate(r.Deadline, r.Lang); deadline != "" {
		fmt.Fprintf(&b, l.deadlineF, deadline)
	}
	b.WriteString(l.howTo)
	return b.String()
}

// itemText is the section text of one item: ref, title, due, last answer
// and, once recorded in this message, what was noted.
func itemText(it Item, recorded, lang string) string {
	l := labelsFor(lang)
	var b strings.Builder
	b.WriteString("*" + escape(it.Ref) + "* – " + escape(truncate(it.Title, maxTitle)))
	if it.Due != "" {
		b.WriteString("\n_" + escape(it.Due) + "_")
	}
	if it.LastStatus != "" || it.LastText != "" {
		b.WriteString("\n" + l.previous)
		if it.LastStatus != "" {
			b.WriteString(escape(i18n.StatusLabel(it.LastStatus, lang)))
		}
		if it.LastText != "" {
			if it.LastStatus != "" {
				b.WriteString(" – ")
			}
			b.WriteString("“" + escape(truncate(it.LastText, maxLastText)) + "”")
		}
	}
	if recorded != "" {
		b.WriteString("\n" + l.recorded + escape(i18n.StatusLabel(recorded, lang)))
	}
	return b.String()
}

// itemBlocks are the section and the answer buttons of one item. The button
// of the recorded status is highlighted; all stay clickable so an owner can
// correct an answer.
func itemBlocks(token string, it Item, recorded, lang string) []slack.Block {
	section := slack.NewSectionBlock(mrkdwn(itemText(it, recorded, lang)), nil, nil, slack.SectionBlockOptionBlockID("item:"+it.Ref))
	var buttons []slack.BlockElement
	rec, _ := i18n.ParseStatus(recorded)
	for _, code := range i18n.Statuses {
		btn := slack.NewButtonBlockElement(actionStatusPrefix+":"+code, statusValue(token, it.Ref, code),
			plain(capitalise(i18n.StatusLabel(code, lang))))
		if code == rec {
			btn = btn.WithStyle(slack.StylePrimary)
		}
		buttons = append(buttons, btn)
	}
	buttons = append(buttons, slack.NewButtonBlockElement(actionDetails, detailsValue(token, it.Ref, it.Indicators),
		plain(labelsFor(lang).detailsButton)))
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
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(fmt.Sprintf(labelsFor(r.Lang).moreItemsF, rest)), nil, nil,
				slack.SectionBlockOptionBlockID("more")))
			break
		}
		blocks = append(blocks, itemBlocks(r.Token, it, recorded[it.Ref], r.Lang)...)
	}
	return blocks
}

func formBlocks(r Request) []slack.Block {
	l := labelsFor(r.Lang)
	var blocks []slack.Block
	if r.FormURL != "" {
		blocks = append(blocks, slack.NewActionBlock("form",
			slack.NewButtonBlockElement(actionForm, "", plain(l.formButton)).WithURL(r.FormURL)))
	}
	return append(blocks, slack.NewContextBlock("footer", mrkdwn(l.footer)))
}

// slashBlocks renders the /voortgang answer: the caller's open items.
func slashBlocks(r Request, recorded map[string]string) []slack.Block {
	l := labelsFor(r.Lang)
	suffix := periodSuffix(periodText(r), r.Lang)
	if len(r.Items) == 0 {
		return []slack.Block{slack.NewSectionBlock(mrkdwn(fmt.Sprintf(l.slashNoneF, suffix)), nil, nil)}
	}
	intro := fmt.Sprintf(l.slashIntroF, suffix, len(r.Items))
	if d := i18n.FormatDate(r.Deadline, r.Lang); d != "" {
		intro += fmt.Sprintf(l.slashDeadlineF, d)
	}
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(intro), nil, nil, slack.SectionBlockOptionBlockID("intro"))}
	blocks = append(blocks, itemsBlocks(r, recorded)...)
	return append(blocks, formBlocks(r)...)
}

func periodSuffix(period, lang string) string {
	if period == "" {
		return ""
	}
	return fmt.Sprintf(labelsFor(lang).periodSuffixF, escape(period))
}

// detailsModal is the modal behind "Toelichting en cijfers", in lang.
// Everything the submission needs travels in private_metadata
// (token|ref|channel|ts, then |lang when not Dutch) and in the block ids
// (one per indicator key).
// heading is the item's first line in mrkdwn, taken from the message the
// button was in; empty gives just the ref.
func detailsModal(token, ref, heading, channel, ts string, inds []Indicator, lang string) slack.ModalViewRequest {
	l := labelsFor(lang)
	var opts []*slack.OptionBlockObject
	for _, code := range i18n.Statuses {
		opts = append(opts, slack.NewOptionBlockObject(code, plain(capitalise(i18n.StatusLabel(code, lang))), nil))
	}
	if heading == "" {
		heading = "*" + escape(ref) + "*"
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(heading), nil, nil, slack.SectionBlockOptionBlockID("item")),
		slack.NewInputBlock(blockStatus, plain(l.status), nil,
			slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(l.chooseState), actionInput, opts...)),
		slack.NewInputBlock(blockText, plain(l.comments), plain(l.commentHint),
			&slack.PlainTextInputBlockElement{Type: slack.METPlainTextInput, ActionID: actionInput, Multiline: true, MaxLength: 3000}).
			WithOptional(true),
	}
	for _, ind := range inds {
		in := slack.NewInputBlock(blockIndPre+ind.Key, plain(truncate(ind.Label, 2000)), nil,
			slack.NewNumberInputBlockElement(nil, actionInput, true)).WithOptional(true)
		if ind.Last != "" {
			in.Hint = plain(l.previous + ind.Last)
		}
		blocks = append(blocks, in)
	}
	meta := []string{token, ref, channel, ts}
	if i18n.Lang(lang) != i18n.Dutch {
		meta = append(meta, i18n.Lang(lang))
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackDetails,
		Title:           plain(l.modalTitle),
		Submit:          plain(l.modalSubmit),
		Close:           plain(l.modalClose),
		Blocks:          slack.Blocks{BlockSet: blocks},
		PrivateMetadata: strings.Join(meta, "|"),
	}
}

// coordinatorHeading names the kind of a coordinator note in lang.
func coordinatorHeading(kind, lang string) string {
	l := labelsFor(lang)
	switch strings.ToLower(kind) {
	case "escalatie":
		return l.headingEscalation
	case "samenvatting":
		return l.headingSummary
	case "concept":
		return l.headingDraft
	}
	return l.headingOther
}

func coordinatorBlocks(n CoordinatorNote) []slack.Block {
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain(coordinatorHeading(n.Kind, n.Lang))),
		slack.NewSectionBlock(mrkdwn(escape(truncate(n.Text, 2900))), nil, nil, slack.SectionBlockOptionBlockID("text")),
	}
	if n.Link != "" {
		blocks = append(blocks, slack.NewActionBlock("link",
			slack.NewButtonBlockElement(actionForm, "", plain(labelsFor(n.Lang).openLink)).WithURL(n.Link)))
	}
	return blocks
}
