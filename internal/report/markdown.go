package report

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

var entityStart = regexp.MustCompile(`&([#A-Za-z])`)

// Markdown renders the draft as Markdown (CommonMark with pipe tables, which pandoc reads as
// well). Text from answers is escaped so that it can never change the document's structure.
func Markdown(d *Draft, a Audience) []byte {
	r := &mdRenderer{a: a, base: 2}
	r.render(d)
	return []byte(r.b.String())
}

// mdRenderer writes Markdown. For the office formats the title goes into pandoc's metadata,
// headings start at level 1 (so pandoc's --toc and the Word heading styles line up) and the
// charts are images.
type mdRenderer struct {
	b      strings.Builder
	a      Audience
	lx     *lexicon          // set by render from the draft's language
	base   int               // heading level of the top sections
	office bool              // title in metadata, images for charts
	images map[string]string // indicator key → image path (office only)
}

func (r *mdRenderer) p(format string, args ...any) {
	fmt.Fprintf(&r.b, format, args...)
	r.b.WriteString("\n\n")
}

func (r *mdRenderer) heading(level int, text string) {
	r.p("%s %s", strings.Repeat("#", r.base+level), mdEscape(text))
}

func (r *mdRenderer) render(d *Draft) {
	lx := words(d.Lang)
	r.lx = lx
	if !r.office {
		r.p("# %s", mdEscape(d.Title))
	}
	r.p("%s", strings.Join(mdLines(titleFacts(lx, d)), "  \n"))

	r.heading(0, lx.introHeading)
	intro := introFor(d, r.a)
	for _, s := range intro.Paragraphs {
		r.p("%s", mdEscape(s))
	}
	var list []string
	for i, l := range intro.Lines {
		list = append(list, fmt.Sprintf("%d. %s", i+1, mdEscape(l)))
	}
	if len(list) > 0 {
		r.p("%s", strings.Join(list, "\n"))
	}
	for _, s := range closing(lx, d, r.a) {
		r.p("%s", mdEscape(s))
	}
	if d.PreviousPeriod != "" {
		r.p("%s", mdEscape(changesIntro(lx, d)))
		if len(d.Changes) > 0 {
			var items []string
			for _, c := range d.Changes {
				items = append(items, "- "+mdEscape(changeLine(lx, c)))
			}
			r.p("%s", strings.Join(items, "\n"))
		}
	}

	for _, s := range d.Sections {
		if s.Markdown == "" && r.a == Meeting {
			continue // the meeting reads no placeholders
		}
		r.heading(0, s.Title)
		if s.Markdown == "" {
			r.p("*%s*", mdEscape(lx.placeholder))
			continue
		}
		// The coordinator writes Markdown: it is used as written.
		r.p("%s", s.Markdown)
	}

	for _, l := range d.Lines {
		r.heading(0, lineHeading(lx, l))
		r.p("%s", mdEscape(lineIntroFor(l, r.a)))
		for _, g := range l.Goals {
			r.heading(1, goalHeading(lx, g))
			if len(g.Effects) > 0 {
				r.p("%s", lx.effects)
				var items []string
				for _, e := range g.Effects {
					items = append(items, "- "+mdEscape(e))
				}
				r.p("%s", strings.Join(items, "\n"))
			}
			r.actions(g.Actions, 2)
		}
	}

	r.heading(0, lx.overviewHeading)
	rows := [][]string{lx.overviewCols[:]}
	for _, o := range d.Overview {
		rows = append(rows, []string{o.Ref, o.Text, o.Lead, overviewStatus(lx, o, r.a)})
	}
	r.table(rows, nil)

	if r.a == Meeting {
		return // who has not answered is the coordinator's business, not the meeting's
	}
	r.heading(0, lx.missingHeading)
	if len(d.Missing) == 0 {
		r.p("%s", lx.allAnswered)
	} else {
		r.p("%s", mdEscape(missingIntro(lx, d)))
		rows := [][]string{lx.missingCols[:]}
		for _, m := range d.Missing {
			rows = append(rows, []string{m.Ref, m.Text, m.Owner, orUnknown(lx, m.Contact)})
		}
		r.table(rows, nil)
	}
}

// actions writes a list of actions: every one for the coordinator; for the meeting those with
// something to report, and the others in one line.
func (r *mdRenderer) actions(list []ActionReport, level int) {
	shown, quiet := quietActions(r.a, list)
	for _, a := range shown {
		r.action(a, level)
	}
	if len(quiet) > 0 {
		r.p("%s", mdEscape(r.lx.quiet(quiet)))
	}
}

// quietActions splits list into the actions a writes out and the references of those it
// names in one line: for the meeting, those with nothing to report.
func quietActions(a Audience, list []ActionReport) (shown []ActionReport, quiet []string) {
	for _, act := range list {
		if a == Meeting && !reported(act) {
			quiet = append(quiet, act.Ref)
			continue
		}
		shown = append(shown, act)
	}
	return shown, quiet
}

func (r *mdRenderer) action(a ActionReport, level int) {
	if r.a == Meeting {
		r.meetingAction(a, level)
		return
	}
	lx := r.lx
	r.heading(level, fmt.Sprintf(lx.actionHeading, a.Ref))
	text := mdEscape(a.Text)
	if a.Wie != "" {
		text += " *(" + lx.who + ": " + mdEscape(a.Wie) + ")*"
	}
	r.p("%s", text)
	if len(a.Subs) > 0 {
		r.actions(a.Subs, level+1)
		return
	}
	r.p("**%s:** %s", lx.statusLabel, mdEscape(a.StatusText))
	r.milestones(lx.reached, a.Reached)
	r.milestones(lx.open, a.Open)
	r.milestones(lx.meetings, a.Meetings)
	labelled := answersLabelled(a)
	for _, ans := range a.Answers {
		if labelled {
			r.p("**%s** – %s", mdEscape(ans.Owner), mdEscape(ans.StatusText))
		}
		for i, para := range ans.Paragraphs {
			s := mdEscape(para)
			if i == len(ans.Paragraphs)-1 && !ans.Approved {
				s += " *" + lx.unapproved + "*"
			}
			r.p("%s", s)
		}
		if len(ans.Paragraphs) == 0 && !ans.Approved && labelled {
			r.p("*%s*", lx.unapproved)
		}
		if r.a == Coordinator {
			r.p("*%s*", mdEscape(lx.trace(ans.Trace)))
		}
	}
	for _, ind := range a.Indicators {
		r.indicator(ind)
	}
}

// meetingAction writes an action as the meeting reads it: the action, then one paragraph that
// merges the status with the owners' text, the previous report's text first; no milestone
// lists, no names, no internal markers.
func (r *mdRenderer) meetingAction(a ActionReport, level int) {
	r.heading(level, fmt.Sprintf(r.lx.actionHeading, a.Ref))
	r.p("*%s*", mdEscape(a.Text))
	if len(a.Subs) > 0 {
		r.actions(a.Subs, level+1)
		return
	}
	for _, para := range prose(r.lx, a) {
		r.p("%s", mdEscape(para))
	}
	for _, ind := range a.Indicators {
		r.indicator(ind)
	}
}

func (r *mdRenderer) milestones(title string, ms []Milestone) {
	if len(ms) == 0 {
		return
	}
	items := []string{title, ""}
	for _, m := range ms {
		items = append(items, "- "+mdEscape(m.Title)+" – "+r.lx.date(m.Due))
	}
	r.p("%s", strings.Join(items, "\n"))
}

func (r *mdRenderer) indicator(ind IndicatorReport) {
	lx := r.lx
	r.p("**%s: %s** (%s)", lx.indicator, mdEscape(ind.Name), mdEscape(targetText(lx, ind)))
	if !ind.hasFigures() {
		r.p("%s", lx.noFigures)
		return
	}
	if r.a == Meeting && len(ind.Parts) > 0 {
		if len(ind.Parts) > 1 {
			rows := [][]string{lx.partsCols[:]}
			for _, p := range ind.Parts {
				rows = append(rows, []string{p.Owner, p.Value})
			}
			r.table(rows, []bool{false, true})
		}
	}
	rows := [][]string{lx.indicatorCols[:]}
	for _, v := range ind.Values {
		rows = append(rows, []string{v.Label, valueText(lx, v), lx.formatNumber(ind.Target)})
	}
	r.table(rows, []bool{false, true, true})
	if path, ok := r.images[ind.Key]; ok {
		r.p("![%s](%s)", mdEscape(chartAlt(lx, ind)), path)
	}
	if r.a == Meeting && len(ind.Parts) > 0 {
		// The source under the figures, as the seed's footnotes give it.
		r.p("*%s*", mdEscape(fmt.Sprintf(lx.partsSource, lx.date(lastReported(ind.Parts)))))
	}
}

// table writes a pipe table; right marks right-aligned (numeric) columns.
//
// pandoc sizes the columns of a wide pipe table by the dashes under each heading; they are
// counted from the content, so that a column is never narrower than its longest word (no word
// broken in two in Word or the PDF) and the descriptions get the room.
func (r *mdRenderer) table(rows [][]string, right []bool) {
	widths := columnWidths(rows)
	var b strings.Builder
	for i, row := range rows {
		b.WriteString("|")
		for _, c := range row {
			b.WriteString(" " + mdEscape(c) + " |")
		}
		b.WriteString("\n")
		if i == 0 {
			b.WriteString("|")
			for j := range row {
				dashes := strings.Repeat("-", widths[j])
				if j < len(right) && right[j] {
					b.WriteString(dashes[1:] + ":|")
				} else {
					b.WriteString(dashes + "|")
				}
			}
			b.WriteString("\n")
		}
	}
	r.p("%s", strings.TrimSuffix(b.String(), "\n"))
}

// columnWidths weighs each column by its content: the longest word, or the longest cell up to
// 36 characters when that is more, plus room for the cell's margins (which count most in a
// narrow column).
func columnWidths(rows [][]string) []int {
	if len(rows) == 0 {
		return nil
	}
	w := make([]int, len(rows[0]))
	for _, row := range rows {
		for j, c := range row {
			if j >= len(w) {
				break
			}
			n := min(utf8.RuneCountInString(c), 36)
			for _, word := range strings.Fields(c) {
				n = max(n, utf8.RuneCountInString(word))
			}
			w[j] = max(w[j], n+5)
		}
	}
	return w
}

// mdLines escapes each line.
func mdLines(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = mdEscape(l)
	}
	return out
}

// mdEscape makes text inert in Markdown (CommonMark and pandoc's dialect): every character
// that can start markup is backslash-escaped, and so is anything that could start a block at
// the beginning of a line. Newlines become spaces, so a text stays one paragraph or cell.
func mdEscape(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '$', '^', '@', '{', '}', '#':
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	// An ampersand only matters when it could start an entity (&amp; &#60;).
	out := entityStart.ReplaceAllString(b.String(), `\&$1`)
	// Block markers at the start: list items, numbered lists, setext underlines.
	if out != "" {
		switch out[0] {
		case '-', '+', '=', ':', '%':
			out = "\\" + out
		}
		i := 0
		for i < len(out) && out[i] >= '0' && out[i] <= '9' {
			i++
		}
		if i > 0 && i < len(out) && (out[i] == '.' || out[i] == ')') {
			out = out[:i] + "\\" + out[i:]
		}
	}
	return out
}

// Shared wording of the renderers.

func titleFacts(lx *lexicon, d *Draft) []string {
	facts := []string{d.Organisation,
		fmt.Sprintf(lx.periodFact, d.PeriodLabel, lx.date(d.PeriodFrom), lx.date(d.PeriodTo))}
	if !d.Meeting.IsZero() {
		facts = append(facts, fmt.Sprintf(lx.meetingFact, lx.date(d.Meeting)))
	}
	if !d.Deadline.IsZero() {
		facts = append(facts, fmt.Sprintf(lx.deadlineFact, lx.date(d.Deadline)))
	}
	return append(facts, fmt.Sprintf(lx.createdFact, lx.date(d.Created)))
}

func lineHeading(lx *lexicon, l LineReport) string {
	return fmt.Sprintf(lx.lineHeading, l.Number, l.Title)
}

func goalHeading(lx *lexicon, g GoalReport) string {
	return fmt.Sprintf(lx.goalHeading, g.Number, g.Title)
}

// answersLabelled: a lone answer of the lead needs no label; several answers (the
// municipalities of "gemeenten") are each labelled with their organisation.
func answersLabelled(a ActionReport) bool {
	return len(a.Answers) > 1 || (len(a.Answers) == 1 && a.Answers[0].Owner != a.Lead)
}

func targetText(lx *lexicon, ind IndicatorReport) string {
	s := fmt.Sprintf(lx.target, lx.formatNumber(ind.Target))
	if ind.Unit != "" {
		s += " " + ind.Unit
	}
	return s + lx.per[ind.Per]
}

func valueText(lx *lexicon, v IndicatorValue) string {
	var parts []string
	if v.Known {
		parts = append(parts, lx.formatNumber(v.Value))
	}
	parts = append(parts, v.Texts...)
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, "; ")
}

func chartAlt(lx *lexicon, ind IndicatorReport) string {
	var parts []string
	for _, v := range ind.Values {
		parts = append(parts, v.Label+": "+valueText(lx, v))
	}
	return fmt.Sprintf(lx.chartAlt, ind.Name, strings.Join(parts, ", "), targetText(lx, ind))
}

func changesIntro(lx *lexicon, d *Draft) string {
	prev := lx.periodWords(d.PreviousPeriod)
	if len(d.Changes) == 0 {
		return fmt.Sprintf(lx.changesNone, prev)
	}
	return fmt.Sprintf(lx.changesSome, prev, lx.count(len(d.Changes), lx.actionNoun))
}

func changeLine(lx *lexicon, c Change) string {
	return fmt.Sprintf(lx.changeLine, c.Ref, c.Text, c.FromText, c.ToText)
}

func missingIntro(lx *lexicon, d *Draft) string {
	return fmt.Sprintf(lx.missingIntro, lx.date(d.Created), lx.count(len(d.Missing), lx.missingNoun))
}

// closing is the intro's closing paragraphs for the audience: the meeting's version explains
// its own method.
func closing(lx *lexicon, d *Draft, a Audience) []string {
	if a != Meeting {
		return d.Intro.Closing
	}
	in := introFor(d, a)
	out := make([]string, len(in.Closing))
	for i, s := range in.Closing {
		if s == lx.introMethod {
			s = lx.meetingMethod
		}
		out[i] = s
	}
	return out
}

// introFor is the Inleiding for the audience: the meeting's own when the draft has one.
func introFor(d *Draft, a Audience) Intro {
	if a == Meeting && d.MeetingIntro != nil {
		return *d.MeetingIntro
	}
	return d.Intro
}

// lineIntroFor is a programmalijn's paragraph for the audience.
func lineIntroFor(l LineReport, a Audience) string {
	if a == Meeting && l.MeetingIntro != "" {
		return l.MeetingIntro
	}
	return l.Intro
}

// overviewStatus is an action's status in the overview table; the meeting does not read "geen
// reactie".
func overviewStatus(lx *lexicon, o OverviewRow, a Audience) string {
	if a == Meeting && o.Status == "" {
		if o.StatusText == lx.noAnswer {
			return lx.notReported
		}
		return lx.nothingToReport
	}
	return o.StatusText
}

// prose merges an action's status and its owners' texts into the paragraphs a
// beleidsadviseur would write: the status sentence opens the first paragraph, the previous
// report's text comes first as the starting point, and several owners each get their
// organisation's name before their text. Unapproved text is not marked: the meeting's version
// is a draft the coordinator finishes.
func prose(lx *lexicon, a ActionReport) []string {
	var out []string
	lead := lx.statusSentence[a.Status]
	add := func(s string) {
		if lead != "" {
			s = lead + " " + s
			lead = ""
		}
		out = append(out, s)
	}
	if len(a.Previous) > 0 {
		add(fmt.Sprintf(lx.previousText, strings.Join(a.Previous, " ")))
	}
	labelled := answersLabelled(a)
	for _, ans := range a.Answers {
		for i, para := range ans.Paragraphs {
			if labelled && i == 0 {
				who := ans.Owner
				if ans.StatusText != "" {
					who += " (" + ans.StatusText + ")"
				}
				para = who + ": " + para
			}
			add(para)
		}
	}
	if lead != "" {
		out = append(out, lead)
	}
	return out
}

func orUnknown(lx *lexicon, contact string) string {
	if contact == "" {
		return lx.noContact
	}
	return contact
}
