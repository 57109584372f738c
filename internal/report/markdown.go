package report

import (
	"fmt"
	"regexp"
	"strings"
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
	if !r.office {
		r.p("# %s", mdEscape(d.Title))
	}
	r.p("%s", strings.Join(mdLines(titleFacts(d)), "  \n"))

	r.heading(0, "Inleiding")
	for _, s := range d.Intro.Paragraphs {
		r.p("%s", mdEscape(s))
	}
	var list []string
	for i, l := range d.Intro.Lines {
		list = append(list, fmt.Sprintf("%d. %s", i+1, mdEscape(l)))
	}
	if len(list) > 0 {
		r.p("%s", strings.Join(list, "\n"))
	}
	for _, s := range d.Intro.Closing {
		r.p("%s", mdEscape(s))
	}
	if d.PreviousPeriod != "" {
		r.p("%s", mdEscape(changesIntro(d)))
		if len(d.Changes) > 0 {
			var items []string
			for _, c := range d.Changes {
				items = append(items, "- "+mdEscape(changeLine(c)))
			}
			r.p("%s", strings.Join(items, "\n"))
		}
	}

	for _, s := range d.Sections {
		r.heading(0, s.Title)
		if s.Markdown == "" {
			r.p("*%s*", mdEscape(Placeholder))
			continue
		}
		// The coordinator writes Markdown: it is used as written.
		r.p("%s", s.Markdown)
	}

	for _, l := range d.Lines {
		r.heading(0, lineHeading(l))
		r.p("%s", mdEscape(l.Intro))
		for _, g := range l.Goals {
			r.heading(1, goalHeading(g))
			if len(g.Effects) > 0 {
				r.p("Beoogde maatschappelijke effecten:")
				var items []string
				for _, e := range g.Effects {
					items = append(items, "- "+mdEscape(e))
				}
				r.p("%s", strings.Join(items, "\n"))
			}
			for _, ac := range g.Actions {
				r.action(ac, 2)
			}
		}
	}

	r.heading(0, "Overzicht van alle acties")
	rows := [][]string{{"Actie", "Omschrijving", "Trekker", "Status"}}
	for _, o := range d.Overview {
		rows = append(rows, []string{o.Ref, o.Text, o.Lead, o.StatusText})
	}
	r.table(rows, nil)

	r.heading(0, "Ontbrekende reacties")
	if len(d.Missing) == 0 {
		r.p("Alle gevraagde reacties zijn binnen.")
	} else {
		r.p("%s", mdEscape(missingIntro(d)))
		rows := [][]string{{"Actie", "Omschrijving", "Organisatie", "Contactpersoon"}}
		for _, m := range d.Missing {
			rows = append(rows, []string{m.Ref, m.Text, m.Owner, orUnknown(m.Contact)})
		}
		r.table(rows, nil)
	}
}

func (r *mdRenderer) action(a ActionReport, level int) {
	r.heading(level, "Actie "+a.Ref)
	text := mdEscape(a.Text)
	if a.Wie != "" {
		text += " *(wie: " + mdEscape(a.Wie) + ")*"
	}
	r.p("%s", text)
	if len(a.Subs) > 0 {
		for _, s := range a.Subs {
			r.action(s, level+1)
		}
		return
	}
	r.p("**Status:** %s", mdEscape(a.StatusText))
	r.milestones("Bereikte mijlpalen in deze periode:", a.Reached)
	r.milestones("Nog open in deze periode:", a.Open)
	r.milestones("Contractgesprekken in deze periode:", a.Meetings)
	labelled := answersLabelled(a)
	for _, ans := range a.Answers {
		if labelled {
			r.p("**%s** – %s", mdEscape(ans.Owner), mdEscape(ans.StatusText))
		}
		for i, para := range ans.Paragraphs {
			s := mdEscape(para)
			if i == len(ans.Paragraphs)-1 && !ans.Approved {
				s += " *(nog niet goedgekeurd)*"
			}
			r.p("%s", s)
		}
		if len(ans.Paragraphs) == 0 && !ans.Approved && labelled {
			r.p("*(nog niet goedgekeurd)*")
		}
		if r.a == Coordinator {
			r.p("*%s*", mdEscape(traceText(ans.Trace)))
		}
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
		items = append(items, "- "+mdEscape(m.Title)+" – "+date(m.Due))
	}
	r.p("%s", strings.Join(items, "\n"))
}

func (r *mdRenderer) indicator(ind IndicatorReport) {
	r.p("**Indicator: %s** (%s)", mdEscape(ind.Name), mdEscape(targetText(ind)))
	rows := [][]string{{"Periode", "Waarde", "Streefwaarde"}}
	for _, v := range ind.Values {
		rows = append(rows, []string{v.Label, valueText(v), formatNumber(ind.Target)})
	}
	r.table(rows, []bool{false, true, true})
	if path, ok := r.images[ind.Key]; ok {
		r.p("![%s](%s)", mdEscape(chartAlt(ind)), path)
	}
}

// table writes a pipe table; right marks right-aligned (numeric) columns.
func (r *mdRenderer) table(rows [][]string, right []bool) {
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
				if j < len(right) && right[j] {
					b.WriteString("---:|")
				} else {
					b.WriteString("---|")
				}
			}
			b.WriteString("\n")
		}
	}
	r.p("%s", strings.TrimSuffix(b.String(), "\n"))
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

func titleFacts(d *Draft) []string {
	facts := []string{d.Organisation,
		"Rapportageperiode: " + d.PeriodLabel + " (" + date(d.PeriodFrom) + " tot en met " + date(d.PeriodTo) + ")"}
	if !d.Meeting.IsZero() {
		facts = append(facts, "Portefeuillehoudersoverleg: "+date(d.Meeting))
	}
	if !d.Deadline.IsZero() {
		facts = append(facts, "Aanleveren stukken: "+date(d.Deadline))
	}
	return append(facts, "Datum concept: "+date(d.Created))
}

func lineHeading(l LineReport) string {
	return fmt.Sprintf("Programmalijn %d – %s", l.Number, l.Title)
}

func goalHeading(g GoalReport) string {
	return fmt.Sprintf("Doel %d: %s", g.Number, g.Title)
}

// answersLabelled: a lone answer of the lead needs no label; several answers (the
// municipalities of "gemeenten") are each labelled with their organisation.
func answersLabelled(a ActionReport) bool {
	return len(a.Answers) > 1 || (len(a.Answers) == 1 && a.Answers[0].Owner != a.Lead)
}

func targetText(ind IndicatorReport) string {
	s := "streefwaarde " + formatNumber(ind.Target)
	if ind.Unit != "" {
		s += " " + ind.Unit
	}
	switch ind.Per {
	case "jaar":
		s += " per jaar"
	case "periode":
		s += " gedurende de looptijd"
	case "totaal":
		s += " in totaal"
	}
	return s
}

func valueText(v IndicatorValue) string {
	var parts []string
	if v.Known {
		parts = append(parts, formatNumber(v.Value))
	}
	parts = append(parts, v.Texts...)
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, "; ")
}

func chartAlt(ind IndicatorReport) string {
	var parts []string
	for _, v := range ind.Values {
		parts = append(parts, v.Label+": "+valueText(v))
	}
	return fmt.Sprintf("Staafdiagram %s per periode (%s); %s.", ind.Name, strings.Join(parts, ", "), targetText(ind))
}

func changesIntro(d *Draft) string {
	prev := d.PreviousPeriod
	if len(d.Changes) == 0 {
		return "Sinds de vorige rapportage (" + periodWords(prev) + ") is de status van geen enkele actie gewijzigd."
	}
	return fmt.Sprintf("Sinds de vorige rapportage (%s) is de status van %s gewijzigd:", periodWords(prev),
		count(len(d.Changes), "actie", "acties"))
}

func changeLine(c Change) string {
	return fmt.Sprintf("actie %s (%s): van %s naar %s", c.Ref, c.Text, c.FromText, c.ToText)
}

func missingIntro(d *Draft) string {
	return fmt.Sprintf("Op de datum van dit concept (%s) ontbreken nog %s.", date(d.Created),
		count(len(d.Missing), "reactie", "reacties"))
}

func orUnknown(contact string) string {
	if contact == "" {
		return "geen contactpersoon bekend"
	}
	return contact
}
