package report

import (
	"fmt"
	"strings"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/planner"
)

// Letter is the draft raadsinformatiebrief that accompanies a voortgangsrapportage to the
// municipal councils.
type Letter struct {
	Subject    string   `json:"subject"`
	Salutation string   `json:"salutation"`
	Paragraphs []string `json:"paragraphs"`
	// Changes are the status changes since the previous draft, one sentence each.
	Changes []string `json:"changes,omitempty"`
	// Delayed are the actions reported as delayed, one line each.
	Delayed []string `json:"delayed,omitempty"`
	Closing []string `json:"closing"`
}

// Raadsinformatiebrief drafts the short letter to the councils: what the report covers, the
// main changes since the previous draft (status changes against d.Changes), and what is
// delayed.
func Raadsinformatiebrief(d *Draft) *Letter {
	l := &Letter{
		Subject:    fmt.Sprintf("Voortgang %s, %s", d.Programme, d.PeriodLabel),
		Salutation: "Geachte leden van de gemeenteraad,",
	}
	about := fmt.Sprintf("Met deze brief informeren wij u over de voortgang van het %s van %s over de %s.",
		d.Programme, d.Organisation, periodPhrase(d.Period))
	if !d.Meeting.IsZero() {
		about += fmt.Sprintf(" De bijgevoegde voortgangsrapportage staat op de agenda van het portefeuillehoudersoverleg van %s.", date(d.Meeting))
	}
	l.Paragraphs = append(l.Paragraphs, about)
	var lines []string
	for _, ln := range d.Lines {
		lines = append(lines, ln.Title)
	}
	l.Paragraphs = append(l.Paragraphs, fmt.Sprintf(
		"De rapportage beschrijft per programmalijn (%s) de voortgang van de doelen en acties: de status volgens de trekkers, de bereikte mijlpalen, de contractgesprekken en de indicatoren.",
		joinDutch(lines)))
	if c := d.Counts; c.Actions > 0 {
		l.Paragraphs = append(l.Paragraphs, fmt.Sprintf("Over deze periode is over %s gerapporteerd: %s.",
			count(c.Actions, "actie", "acties"), c.summary()))
	}

	switch {
	case d.PreviousPeriod == "":
		l.Paragraphs = append(l.Paragraphs, "Dit is de eerste rapportage over dit uitvoeringsprogramma.")
	case len(d.Changes) == 0:
		l.Paragraphs = append(l.Paragraphs, fmt.Sprintf("Ten opzichte van de vorige rapportage (%s) is de status van geen enkele actie gewijzigd.", periodWords(d.PreviousPeriod)))
	default:
		l.Paragraphs = append(l.Paragraphs, fmt.Sprintf("Ten opzichte van de vorige rapportage (%s) zijn dit de belangrijkste wijzigingen:", periodWords(d.PreviousPeriod)))
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
					l.Changes = append(l.Changes, fmt.Sprintf("Actie %s (%s) is nu %s (was %s).", c.Ref, c.Text, c.ToText, c.FromText))
				}
			}
		}
	}

	for _, a := range leaves(d) {
		if a.Status == i18n.StatusDelayed {
			l.Delayed = append(l.Delayed, fmt.Sprintf("Actie %s: %s", a.Ref, planner.Shorten(a.Text, 100)))
		}
	}
	if len(l.Delayed) == 0 {
		l.Closing = append(l.Closing, "Er zijn in deze periode geen acties gemeld als vertraagd.")
	} else {
		l.Closing = append(l.Closing, fmt.Sprintf("%s vertraagd; de toelichting staat per actie in de rapportage.",
			capitalise(count(len(l.Delayed), "actie is", "acties zijn"))))
	}
	l.Closing = append(l.Closing,
		"De voortgang van de financiële middelen loopt via de Planning & Control-cyclus van de Regio en maakt geen deel uit van deze brief.",
		"Met vriendelijke groet,",
		"namens de portefeuillehouders, "+d.Organisation)
	return l
}

// Markdown renders the letter as Markdown.
func (l *Letter) Markdown() []byte {
	var b strings.Builder
	p := func(s string) { b.WriteString(s + "\n\n") }
	p("# Raadsinformatiebrief")
	p("**Onderwerp:** " + mdEscape(l.Subject))
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
		items := []string{"Vertraagde acties:", ""}
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
