package workbook

import (
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// StatusRow is one line of a period's status: the latest answer about one action from one
// owner (a municipality, the Regio, a partner), or the lack of one.
type StatusRow struct {
	Goal                int
	Ref, Text           string
	Owner, Contact      string
	Status, Toelichting string
	Indicators          string // "crisiskaarten: 12"
	Answered            time.Time
	Source, ApprovedBy  string
}

// SheetStatus is the status workbook's one sheet.
const SheetStatus = "Status"

var statusCols = []column{{name: "Doel", width: 8}, {name: "Actie", width: 8}, {name: "Tekst", width: 50, wrap: true},
	{name: "Eigenaar", width: 28, wrap: true}, {name: "Contactpersoon", width: 26}, {name: "Status", width: 16},
	{name: "Toelichting", width: 70, wrap: true}, {name: "Indicatoren", width: 28, wrap: true},
	{name: "Beantwoord op", width: 20, date: true}, {name: "Via", width: 10}, {name: "Goedgekeurd door", width: 22}}

// Status writes the status of a period: one row per action and owner, in programme order,
// answered or not, with a title row saying which programme and period it is.
func Status(title string, rows []StatusRow) ([]byte, error) {
	w := newWriter()
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = []any{r.Goal, strings.TrimPrefix(r.Ref, itoaGoal(r.Goal)), r.Text, r.Owner, r.Contact, r.Status, r.Toelichting,
			r.Indicators, dateOnly(r.Answered), r.Source, r.ApprovedBy}
	}
	w.sheet(SheetStatus, statusCols, out)
	if w.err == nil {
		w.err = w.f.SetDocProps(docProps(title))
	}
	return w.bytes()
}

func dateOnly(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func docProps(title string) *excelize.DocProperties {
	return &excelize.DocProperties{Title: title, Creator: "voortgang", Language: "nl-NL"}
}

func itoaGoal(g int) string { return strconv.Itoa(g) }
