package report

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// coordinatorMarkdown renders the coordinator's sections. goldmark leaves raw HTML out and
// drops dangerous link targets unless told otherwise, which is what we want.
var coordinatorMarkdown = goldmark.New(goldmark.WithExtensions(extension.Table))

const css = `body{font-family:"Segoe UI",Arial,sans-serif;line-height:1.5;color:#1b1b1b;max-width:56rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.8rem;color:#1f3a5f}h2{font-size:1.45rem;color:#1f3a5f;border-bottom:2px solid #1f3a5f;padding-bottom:.2rem;margin-top:2.5rem}
h3{font-size:1.2rem;margin-top:2rem}h4{font-size:1.05rem;margin-bottom:.3rem}h5{font-size:1rem;font-style:italic}
.facts{list-style:none;padding:0;color:#333}.placeholder{font-style:italic;color:#555}
.status{display:inline-block;padding:0 .4rem;border-radius:.2rem;background:#e8e8e8;font-weight:600}
.status-on_track{background:#dcefe0}.status-delayed{background:#fbe0dc}.status-done{background:#d9e7f5}.status-none{background:#f3e9c6}
.trace{font-size:.85rem;color:#555;margin-top:-.5rem}.unapproved{font-style:italic;color:#8a4b00}
table{border-collapse:collapse;margin:1rem 0;width:100%}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}thead th{background:#eef2f7}
td.num{text-align:right}.chart{max-width:100%;height:auto}
@media print{body{margin:0;max-width:none}h2{break-before:page}}`

// HTML renders the draft as a standalone, accessible HTML page (lang of the draft, inline CSS, tables
// with header scopes, charts as inline SVG with a text alternative).
func HTML(d *Draft, a Audience) []byte {
	r := &htmlRenderer{a: a}
	r.render(d)
	return []byte(r.b.String())
}

type htmlRenderer struct {
	b           strings.Builder
	a           Audience
	lx          *lexicon // set by render from the draft's language
	periodLabel string
}

func (r *htmlRenderer) w(format string, args ...any) { fmt.Fprintf(&r.b, format, args...) }

func (r *htmlRenderer) para(text string) { r.w("<p>%s</p>\n", html.EscapeString(text)) }

func (r *htmlRenderer) render(d *Draft) {
	e := html.EscapeString
	lx := words(d.Lang)
	r.lx = lx
	r.periodLabel = d.PeriodLabel
	r.w("<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", lx.htmlLang)
	r.w("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	r.w("<title>%s – %s</title>\n<style>\n%s\n</style>\n</head>\n<body>\n", e(d.Title), e(d.PeriodLabel), css)
	r.w("<header>\n<h1>%s</h1>\n<ul class=\"facts\">\n", e(d.Title))
	for _, f := range titleFacts(lx, d) {
		r.w("<li>%s</li>\n", e(f))
	}
	r.w("</ul>\n</header>\n<main>\n")

	r.w("<section>\n<h2>%s</h2>\n", e(lx.introHeading))
	intro := introFor(d, r.a)
	for _, p := range intro.Paragraphs {
		r.para(p)
	}
	if len(intro.Lines) > 0 {
		r.w("<ol>\n")
		for _, l := range intro.Lines {
			r.w("<li>%s</li>\n", e(l))
		}
		r.w("</ol>\n")
	}
	for _, p := range closing(lx, d, r.a) {
		r.para(p)
	}
	if d.PreviousPeriod != "" {
		r.para(changesIntro(lx, d))
		if len(d.Changes) > 0 {
			r.w("<ul>\n")
			for _, c := range d.Changes {
				r.w("<li>%s</li>\n", e(changeLine(lx, c)))
			}
			r.w("</ul>\n")
		}
	}
	r.w("</section>\n")

	for _, s := range d.Sections {
		if s.Markdown == "" && r.a == Meeting {
			continue // the meeting reads no placeholders
		}
		r.w("<section>\n<h2>%s</h2>\n", e(s.Title))
		if s.Markdown == "" {
			r.w("<p class=\"placeholder\"><em>%s</em></p>\n", e(lx.placeholder))
		} else {
			var buf bytes.Buffer
			if err := coordinatorMarkdown.Convert([]byte(s.Markdown), &buf); err != nil {
				r.para(s.Markdown) // goldmark does not fail on text; keep the words anyway
			} else {
				r.b.Write(buf.Bytes())
			}
		}
		r.w("</section>\n")
	}

	for _, l := range d.Lines {
		r.w("<section>\n<h2>%s</h2>\n", e(lineHeading(lx, l)))
		r.para(lineIntroFor(l, r.a))
		for _, g := range l.Goals {
			r.w("<section>\n<h3>%s</h3>\n", e(goalHeading(lx, g)))
			if len(g.Effects) > 0 {
				r.w("<p>%s</p>\n<ul>\n", e(lx.effects))
				for _, ef := range g.Effects {
					r.w("<li>%s</li>\n", e(ef))
				}
				r.w("</ul>\n")
			}
			r.actions(g.Actions, 4)
			r.w("</section>\n")
		}
		r.w("</section>\n")
	}

	r.w("<section>\n<h2>%s</h2>\n", e(lx.overviewHeading))
	r.w("<table>\n<caption>%s</caption>\n", e(fmt.Sprintf(lx.overviewCaption, d.PeriodLabel)))
	r.colHeads(lx.overviewCols[:])
	for _, o := range d.Overview {
		r.w("<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td></tr>\n", e(o.Ref), e(o.Text), e(o.Lead), e(overviewStatus(lx, o, r.a)))
	}
	r.w("</tbody>\n</table>\n</section>\n")
	if r.a == Meeting {
		r.w("</main>\n</body>\n</html>\n")
		return
	}

	r.w("<section>\n<h2>%s</h2>\n", e(lx.missingHeading))
	if len(d.Missing) == 0 {
		r.para(lx.allAnswered)
	} else {
		r.para(missingIntro(lx, d))
		r.w("<table>\n<caption>%s</caption>\n", e(lx.missingHeading))
		r.colHeads(lx.missingCols[:])
		for _, m := range d.Missing {
			r.w("<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td></tr>\n", e(m.Ref), e(m.Text), e(m.Owner), e(orUnknown(lx, m.Contact)))
		}
		r.w("</tbody>\n</table>\n")
	}
	r.w("</section>\n</main>\n</body>\n</html>\n")
}

// colHeads writes a table's head row and opens its body.
func (r *htmlRenderer) colHeads(cols []string) {
	r.w("<thead><tr>")
	for _, c := range cols {
		r.w("<th scope=\"col\">%s</th>", html.EscapeString(c))
	}
	r.w("</tr></thead>\n<tbody>\n")
}

func statusClass(a ActionReport) string {
	switch {
	case a.Status != "":
		return "status status-" + a.Status
	case a.Expected:
		return "status status-none" // asked, not answered
	}
	return "status"
}

// actions writes a list of actions: every one for the coordinator; for the meeting those with
// something to report, and the others in one line.
func (r *htmlRenderer) actions(list []ActionReport, level int) {
	shown, quiet := quietActions(r.a, list)
	for _, a := range shown {
		r.action(a, level)
	}
	if len(quiet) > 0 {
		r.w("<p class=\"quiet\">%s</p>\n", html.EscapeString(r.lx.quiet(quiet)))
	}
}

func (r *htmlRenderer) action(a ActionReport, level int) {
	e, lx := html.EscapeString, r.lx
	if level > 6 {
		level = 6
	}
	if r.a == Meeting {
		r.w("<article>\n<h%d>%s</h%d>\n<p><em>%s</em></p>\n", level, e(fmt.Sprintf(lx.actionHeading, a.Ref)), level, e(a.Text))
		if len(a.Subs) > 0 {
			r.actions(a.Subs, level+1)
		} else {
			for _, p := range prose(lx, a) {
				r.para(p)
			}
			for _, ind := range a.Indicators {
				r.indicator(ind)
			}
		}
		r.w("</article>\n")
		return
	}
	r.w("<article>\n<h%d>%s</h%d>\n", level, e(fmt.Sprintf(lx.actionHeading, a.Ref)), level)
	r.w("<p>%s", e(a.Text))
	if a.Wie != "" {
		r.w(" <em>(%s: %s)</em>", e(lx.who), e(a.Wie))
	}
	r.w("</p>\n")
	if len(a.Subs) > 0 {
		r.actions(a.Subs, level+1)
		r.w("</article>\n")
		return
	}
	r.w("<p><strong>%s:</strong> <span class=\"%s\">%s</span></p>\n", e(lx.statusLabel), statusClass(a), e(a.StatusText))
	r.milestones(lx.reached, a.Reached)
	r.milestones(lx.open, a.Open)
	r.milestones(lx.meetings, a.Meetings)
	labelled := answersLabelled(a)
	for _, ans := range a.Answers {
		if labelled {
			r.w("<p><strong>%s</strong> – %s</p>\n", e(ans.Owner), e(ans.StatusText))
		}
		for i, p := range ans.Paragraphs {
			r.w("<p>%s", e(p))
			if i == len(ans.Paragraphs)-1 && !ans.Approved {
				r.w(" <span class=\"unapproved\">%s</span>", e(lx.unapproved))
			}
			r.w("</p>\n")
		}
		if len(ans.Paragraphs) == 0 && !ans.Approved && labelled {
			r.w("<p class=\"unapproved\">%s</p>\n", e(lx.unapproved))
		}
		if r.a == Coordinator {
			r.w("<p class=\"trace\"><small>%s</small></p>\n", e(lx.trace(ans.Trace)))
		}
	}
	for _, ind := range a.Indicators {
		r.indicator(ind)
	}
	r.w("</article>\n")
}

func (r *htmlRenderer) milestones(title string, ms []Milestone) {
	if len(ms) == 0 {
		return
	}
	r.w("<p>%s</p>\n<ul>\n", html.EscapeString(title))
	for _, m := range ms {
		r.w("<li>%s – <time datetime=\"%s\">%s</time></li>\n", html.EscapeString(m.Title), m.Due.Format("2006-01-02"), r.lx.date(m.Due))
	}
	r.w("</ul>\n")
}

func (r *htmlRenderer) indicator(ind IndicatorReport) {
	e, lx := html.EscapeString, r.lx
	if !ind.hasFigures() {
		r.w("<p><strong>%s: %s</strong> (%s)</p>\n<p>%s</p>\n", e(lx.indicator), e(ind.Name), e(targetText(lx, ind)), e(lx.noFigures))
		return
	}
	r.w("<figure>\n<table>\n<caption>%s: %s (%s)</caption>\n", e(lx.indicator), e(ind.Name), e(targetText(lx, ind)))
	r.colHeads(lx.indicatorCols[:])
	for _, v := range ind.Values {
		r.w("<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n", e(v.Label), e(valueText(lx, v)), e(lx.formatNumber(ind.Target)))
	}
	r.w("</tbody>\n</table>\n%s\n</figure>\n", chartSVG(lx, ind))
	if r.a == Meeting && len(ind.Parts) > 1 {
		r.w("<table>\n<caption>%s</caption>\n", e(fmt.Sprintf(lx.partsCaption, ind.Name, r.periodLabel)))
		r.colHeads(lx.partsCols[:])
		for _, p := range ind.Parts {
			r.w("<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td></tr>\n", e(p.Owner), e(p.Value))
		}
		r.w("</tbody>\n</table>\n")
	}
	if r.a == Meeting && len(ind.Parts) > 0 {
		r.w("<p class=\"source\"><small>%s</small></p>\n", e(fmt.Sprintf(lx.partsSource, lx.date(lastReported(ind.Parts)))))
	}
}
