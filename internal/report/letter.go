package report

import (
	"context"
	"fmt"
	"strings"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/planner"
)

// Letter is the draft raadsinformatiebrief that accompanies a voortgangsrapportage to the
// municipal councils.
type Letter struct {
	// Lang is the language of the letter, the draft's: "nl" or "en".
	Lang       string   `json:"lang"`
	Subject    string   `json:"subject"`
	Salutation string   `json:"salutation"`
	Paragraphs []string `json:"paragraphs"`
	// Changes are the status changes since the previous draft, one sentence each.
	Changes []string `json:"changes,omitempty"`
	// Delayed are the actions reported as delayed, one line each.
	Delayed []string `json:"delayed,omitempty"`
	Closing []string `json:"closing"`
}

// Raadsinformatiebrief drafts the short letter to the councils, in the draft's language: what
// the report covers, the main changes since the previous draft (status changes against
// d.Changes), and what is delayed.
func Raadsinformatiebrief(d *Draft) *Letter {
	lx := words(d.Lang)
	l := &Letter{
		Lang:       lx.lang,
		Subject:    fmt.Sprintf(lx.letterSubject, d.Programme, d.PeriodLabel),
		Salutation: lx.salutation,
	}
	about := fmt.Sprintf(lx.letterAbout, d.Programme, d.Organisation, lx.period(d.Period))
	if !d.Meeting.IsZero() {
		about += fmt.Sprintf(lx.letterMeeting, lx.date(d.Meeting))
	}
	l.Paragraphs = append(l.Paragraphs, about)
	var lines []string
	for _, ln := range d.Lines {
		lines = append(lines, ln.Title)
	}
	l.Paragraphs = append(l.Paragraphs, fmt.Sprintf(lx.letterCovers, lx.join(lines)))
	if c := d.Counts; c.Actions > 0 {
		l.Paragraphs = append(l.Paragraphs, fmt.Sprintf(lx.letterCounts, lx.count(c.Actions, lx.actionNoun), lx.outsideSummary(c)))
	}

	switch {
	case d.PreviousPeriod == "":
		l.Paragraphs = append(l.Paragraphs, lx.letterFirst)
	case len(d.Changes) == 0:
		l.Paragraphs = append(l.Paragraphs, fmt.Sprintf(lx.letterNoChanges, lx.periodWords(d.PreviousPeriod)))
	default:
		l.Paragraphs = append(l.Paragraphs, fmt.Sprintf(lx.letterChanges, lx.periodWords(d.PreviousPeriod)))
		// Completed and newly delayed actions first: those are what a council wants to know.
		rank := func(c Change) int {
			switch c.To {
			case i18n.StatusDone:
				return 0
			case i18n.StatusDelayed:
				return 1
			}
			return 2
		}
		for pass := 0; pass < 3; pass++ {
			for _, c := range d.Changes {
				if rank(c) == pass {
					l.Changes = append(l.Changes, fmt.Sprintf(lx.letterChange, c.Ref, c.Text, c.ToText, c.FromText))
				}
			}
		}
	}

	for _, a := range leaves(d) {
		if a.Status == i18n.StatusDelayed {
			l.Delayed = append(l.Delayed, fmt.Sprintf(lx.letterDelayedItem, a.Ref, planner.Shorten(a.Text, 100)))
		}
	}
	if len(l.Delayed) == 0 {
		l.Closing = append(l.Closing, lx.letterNoDelayed)
	} else {
		l.Closing = append(l.Closing, capitalise(lx.count(len(l.Delayed), lx.delayedNoun))+lx.letterDelayedTail)
	}
	l.Closing = append(l.Closing, lx.letterFinance, lx.letterRegards, lx.letterOnBehalfOf+d.Organisation)
	return l
}

// Markdown renders the letter as Markdown.
func (l *Letter) Markdown() []byte {
	lx := words(l.Lang)
	var b strings.Builder
	p := func(s string) { b.WriteString(s + "\n\n") }
	p("# " + lx.letterHeading)
	p("**" + lx.letterSubjectLabel + ":** " + mdEscape(l.Subject))
	p(mdEscape(l.Salutation))
	for _, s := range l.Paragraphs {
		p(mdEscape(s))
	}
	if len(l.Changes) > 0 {
		var items []string
		for _, c := range l.Changes {
			items = append(items, "- "+mdEscape(c))
		}
		p(strings.Join(items, "\n"))
	}
	if len(l.Delayed) > 0 {
		items := []string{lx.letterDelayedTitle, ""}
		for _, c := range l.Delayed {
			items = append(items, "- "+mdEscape(c))
		}
		p(strings.Join(items, "\n"))
	}
	for _, s := range l.Closing {
		p(mdEscape(s))
	}
	return []byte(b.String())
}

// Office renders the letter as a Word ("docx") or OpenDocument ("odt") document with pandoc,
// in the house style of referenceDoc when it is not empty. Like Office for the draft it
// returns ErrNoPandoc when pandoc is not installed; PDF turns the .docx into a PDF.
func (l *Letter) Office(ctx context.Context, format, referenceDoc string) ([]byte, error) {
	return pandoc(ctx, format, referenceDoc, words(l.Lang).docLang, l.Markdown(), nil, "--metadata=title-meta:"+l.Subject)
}
