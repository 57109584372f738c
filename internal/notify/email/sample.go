package email

import (
	"time"

	"github.com/regiogv/voortgang/internal/i18n"
)

// SampleData returns realistic view data for a kind, taken from the
// Uitvoeringsprogramma Bescherming & Opvang 2026-2029. LoadTemplates renders
// every template with it to catch broken templates at start; it also suits a
// preview page for coordinators who edit the templates, and the golden tests.
// It returns nil for an unknown kind.
func SampleData(kind string) any {
	ams := i18n.Amsterdam()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, ams) }
	one, guests := 1.0, 18.0
	items := []Item{
		{
			Ref:        "15a",
			Goal:       15,
			GoalTitle:  "Bestuurlijke afstemming zorg en veiligheid voortzetten en verstevigen",
			ActionText: "Minstens tweemaal per jaar het Bestuurlijk Overleg Zorg en Veiligheid (BOZV) organiseren waar burgemeesters en wethouders van de regiogemeenten aanwezig zijn.",
			Role:       "trekker",
			Due: []Due{
				{Phase: "do", Title: "BOZV najaar 2026", Date: day(2026, time.September, 30), Overdue: true},
				{Phase: "check", Title: "Evaluatie opkomst en agenda", Date: day(2026, time.December, 31)},
			},
			Overdue: true,
			LastAnswer: &Answer{
				Status: i18n.StatusOnTrack,
				Text:   "Het BOZV van maart is gehouden; het najaarsoverleg is in voorbereiding.",
				At:     time.Date(2026, time.June, 12, 10, 15, 0, 0, ams),
				Source: "formulier",
			},
			Indicators: []IndicatorField{
				{Key: "bozv-bijeenkomsten", Name: "Aantal BOZV-bijeenkomsten", Unit: "bijeenkomsten", Target: 2, Last: &one},
			},
		},
		{
			Ref:        "15b",
			Goal:       15,
			GoalTitle:  "Bestuurlijke afstemming zorg en veiligheid voortzetten en verstevigen",
			ActionText: "Gemeenten zetten in op periodieke evaluaties van hun zorg- en veiligheidsbeleid; in regionaal verband worden data over detentie en terugkeer, de PGA-L, WvGGz en de aanpak van mensenhandel verzameld, gedeeld en geanalyseerd.",
			Role:       "bijdrager",
			Ongoing:    true,
		},
		{
			Ref:        "4a",
			Goal:       4,
			GoalTitle:  "Continueren respijtvoorziening Retrovo",
			ActionText: "Continueren respijtvoorziening (ingekocht voor 8 jaar, vanaf 1-1-2023), halfjaarlijkse contractgesprekken voeren.",
			Role:       "trekker",
			Due: []Due{
				{Phase: "Contractgesprek", Title: "Halfjaarlijks contractgesprek Retrovo", Date: day(2026, time.November, 17)},
			},
			Indicators: []IndicatorField{
				{Key: "respijt-gasten", Name: "Aantal gasten respijtvoorziening", Unit: "personen", Target: 1250.5, Last: &guests},
			},
		},
	}
	for i := range items {
		items[i].Programme, items[i].ProgrammeTitle = "bescherming-opvang-2026-2029", "Uitvoeringsprogramma Bescherming & Opvang 2026-2029"
	}
	request := RequestData{
		Contact:      "Anna",
		Period:       "2026H2",
		Meeting:      day(2027, time.February, 18),
		Deadline:     day(2027, time.February, 1),
		Items:        items,
		FormURL:      "https://voortgang.regiogv.nl/antwoord/AbC123",
		ReplyAddress: "voortgang+AbC123@regiogv.nl",
		Token:        "AbC123",
		Coordinator:  "Jeroen Bakker",
		Lang:         i18n.Dutch,
	}
	away := day(2027, time.February, 8)
	missing := []MissingContact{
		{Name: "Anna de Vries", Email: "a.devries@hilversum.nl", Items: items[:2], RemindersSent: 2, AwayUntil: &away},
		{Name: "Mark Jansen", Email: "m.jansen@ggdgv.nl", Items: items[2:], RemindersSent: 1},
	}
	switch kind {
	case KindStatusRequest:
		return request
	case KindReminder:
		return ReminderData{RequestPayload: request, Number: 2, Missing: items[:2]}
	case KindEscalation:
		return EscalationData{Coordinator: "Jeroen", Period: "2026H2", Deadline: request.Deadline, Missing: missing}
	case KindSummary:
		return SummaryData{Coordinator: "Jeroen", Period: "2026H2", Deadline: request.Deadline, Answered: 23, Total: 25, Missing: missing, BoardURL: "https://voortgang.regiogv.nl/bord?periode=2026H2"}
	case KindDigest:
		return DigestData{Contact: "Anna", From: day(2026, time.November, 1), To: day(2026, time.November, 30),
			Upcoming: items[2:], Overdue: items[:1],
			BoardURL: "https://voortgang.regiogv.nl/bord", FormURL: request.FormURL}
	case KindBounce:
		return BounceData{Coordinator: "Jeroen", Contact: "Anna de Vries", Address: "anna.devries@regio.example.org",
			Received: time.Date(2026, time.December, 16, 10, 12, 0, 0, ams), BoardURL: "https://voortgang.regiogv.nl/periode/2026H2"}
	case KindDraft:
		return DraftData{Coordinator: "Jeroen", Period: "2026H2", Meeting: request.Meeting, Deadline: request.Deadline, Version: 2,
			Missing: 3, Delayed: 4, DraftURL: "https://voortgang.regiogv.nl/concepten/2026H2"}
	case KindConfirmation:
		recorded := []Item{items[0], items[1]}
		recorded[1].LastAnswer = &Answer{
			Status: i18n.StatusDelayed,
			Text:   "De data over detentie en terugkeer komen later binnen.\nAnalyse volgt in januari.",
			At:     time.Date(2027, time.January, 20, 14, 3, 0, 0, ams),
			Source: "e-mail",
		}
		return ConfirmationData{Contact: "Anna", Period: "2026H2", Recorded: recorded, ChangeURL: request.FormURL, Deadline: request.Deadline}
	}
	return nil
}
