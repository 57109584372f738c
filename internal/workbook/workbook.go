// Package workbook moves a programme in and out of Excel, in the shape such programmes are
// kept in at the Regio: one row per action with its doel, text, wie and the Plan, Do, Check
// and Act cells and its footnotes, and sheets for the contracts, the indicators, the extra
// rhythms (cadences), the doelen, the owners and the programme itself. Import reads such a
// workbook back into a programme, naming every problem by sheet, row, column and phrase, so a
// second uitvoeringsprogramma can be started without writing YAML; and it writes the status
// of a period (the latest answer per action and per municipality) as a second workbook.
//
// Workbooks are real .xlsx files (github.com/xuri/excelize/v2) with a frozen header row,
// column widths, wrapped long text and dates in Dutch ("1 januari 2026") that stay dates.
// The package is pure apart from excelize: it reads and writes bytes.
package workbook

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"gopkg.in/yaml.v3"

	"github.com/regiogv/voortgang/internal/programme"
)

// Sheet names, in Dutch because the people who open the workbook read them.
const (
	SheetProgramme  = "Programma"
	SheetOwners     = "Eigenaren"
	SheetGoals      = "Doelen"
	SheetActions    = "Acties"
	SheetContracts  = "Contracten"
	SheetIndicators = "Indicatoren"
	SheetCadences   = "Ritmes"
)

// dutchDate is Excel's number format for "1 januari 2026": [$-413] is the Dutch locale, so
// Excel and LibreOffice show Dutch month names while the cell stays a date.
const dutchDate = "[$-413]d mmmm yyyy"

type column struct {
	name  string
	width float64
	wrap  bool
	date  bool
}

var (
	programmeCols = []column{{name: "Veld", width: 18}, {name: "Waarde", width: 70, wrap: true}}
	ownerCols     = []column{{name: "Sleutel", width: 24}, {name: "Naam", width: 44}, {name: "Leden", width: 60, wrap: true}}
	goalCols      = []column{{name: "Programmalijn", width: 14}, {name: "Titel programmalijn", width: 36, wrap: true},
		{name: "Doel", width: 8}, {name: "Titel", width: 48, wrap: true}, {name: "Inleiding", width: 48, wrap: true},
		{name: "Effecten", width: 60, wrap: true}, {name: "Opmerkingen", width: 48, wrap: true}}
	actionCols = []column{{name: "Doel", width: 8}, {name: "Actie", width: 8}, {name: "Tekst", width: 70, wrap: true},
		{name: "Wie", width: 30, wrap: true}, {name: "Eigenaren", width: 30, wrap: true}, {name: "Plan", width: 16, wrap: true},
		{name: "Do", width: 16, wrap: true}, {name: "Check", width: 16, wrap: true}, {name: "Act", width: 16, wrap: true},
		{name: "Voetnoten", width: 70, wrap: true}}
	contractCols = []column{{name: "Doel", width: 8}, {name: "Actie", width: 8}, {name: "Dienst", width: 40, wrap: true},
		{name: "Aanbieder", width: 30, wrap: true}, {name: "Start", width: 18, date: true}, {name: "Looptijd (jaren)", width: 16},
		{name: "Contractgesprekken", width: 22, wrap: true}, {name: "Toelichting", width: 60, wrap: true}}
	indicatorCols = []column{{name: "Doel", width: 8}, {name: "Actie", width: 8}, {name: "Sleutel", width: 24},
		{name: "Naam", width: 40, wrap: true}, {name: "Eenheid", width: 14}, {name: "Streefwaarde", width: 14},
		{name: "Per", width: 10}, {name: "Toelichting", width: 48, wrap: true}}
	cadenceCols = []column{{name: "Doel", width: 8}, {name: "Actie", width: 8}, {name: "Sleutel", width: 36},
		{name: "Naam", width: 48, wrap: true}, {name: "Planning", width: 18}, {name: "Fase", width: 8},
		{name: "Eigenaren", width: 36, wrap: true}, {name: "Toelichting", width: 48, wrap: true}}
)

// writer builds one workbook with the house styles.
type writer struct {
	f                     *excelize.File
	header, wrap, dateFmt int
	err                   error
}

func newWriter() *writer {
	w := &writer{f: excelize.NewFile()}
	w.header, w.err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if w.err == nil {
		w.wrap, w.err = w.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	}
	if w.err == nil {
		f := dutchDate
		w.dateFmt, w.err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &f, Alignment: &excelize.Alignment{Vertical: "top"}})
	}
	return w
}

// sheet writes a sheet: the header row frozen, the widths set, then the rows. A time.Time
// value becomes a date cell; everything else is written as text, so that a phrase such as
// "2027" stays the text it is.
func (w *writer) sheet(name string, cols []column, rows [][]any) {
	if w.err != nil {
		return
	}
	f := w.f
	if first := f.GetSheetList()[0]; first == "Sheet1" {
		w.err = f.SetSheetName(first, name)
	} else {
		_, w.err = f.NewSheet(name)
	}
	if w.err != nil {
		return
	}
	set := func(col, row int, v any) {
		if w.err != nil {
			return
		}
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			w.err = err
			return
		}
		switch x := v.(type) {
		case time.Time:
			if !x.IsZero() {
				w.err = f.SetCellValue(name, cell, x)
			}
		case int:
			w.err = f.SetCellInt(name, cell, int64(x))
		case float64:
			w.err = f.SetCellFloat(name, cell, x, -1, 64)
		case string:
			if x != "" {
				w.err = f.SetCellStr(name, cell, x)
			}
		default:
			w.err = f.SetCellStr(name, cell, fmt.Sprint(v))
		}
	}
	for i, c := range cols {
		set(i+1, 1, c.name)
		colName, _ := excelize.ColumnNumberToName(i + 1)
		if w.err == nil {
			w.err = f.SetColWidth(name, colName, colName, c.width)
		}
	}
	for r, row := range rows {
		for i, v := range row {
			set(i+1, r+2, v)
		}
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	if w.err == nil {
		w.err = f.SetCellStyle(name, "A1", last+"1", w.header)
	}
	for i, c := range cols {
		if len(rows) == 0 || w.err != nil {
			break
		}
		colName, _ := excelize.ColumnNumberToName(i + 1)
		style := 0
		switch {
		case c.date:
			style = w.dateFmt
		case c.wrap:
			style = w.wrap
		}
		if style != 0 {
			w.err = f.SetCellStyle(name, colName+"2", colName+strconv.Itoa(len(rows)+1), style)
		}
	}
	if w.err == nil {
		w.err = f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
}

func (w *writer) bytes() ([]byte, error) {
	if w.err != nil {
		return nil, fmt.Errorf("workbook: %w", w.err)
	}
	w.f.SetActiveSheet(0)
	buf, err := w.f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	return buf.Bytes(), nil
}

func lines(ss []string) string { return strings.Join(ss, "\n") }

// Export writes programme p as a workbook; the action sheet comes first.
func Export(p *programme.Programme) ([]byte, error) {
	w := newWriter()
	var actions, contracts, indicators, cadences, goals [][]any
	addAction := func(g int, a programme.Action) {
		actions = append(actions, []any{g, a.Letter, a.Text, a.Wie, strings.Join(a.Owners, ", "), a.Plan, a.Do, a.Check, a.Act, lines(a.Notes)})
		if c := a.Contract; c != nil {
			var years any = ""
			if c.Years != 0 {
				years = c.Years
			}
			contracts = append(contracts, []any{g, a.Letter, c.Service, c.Provider, c.Start.Time, years, c.Meetings, c.Note})
		}
		for _, in := range a.Indicators {
			indicators = append(indicators, []any{g, a.Letter, in.Key, in.Name, in.Unit, in.Target, in.Per, in.Note})
		}
		for _, c := range a.Cadences {
			cadences = append(cadences, []any{g, a.Letter, c.Key, c.Name, c.Phrase, string(c.Phase), strings.Join(c.Owners, ", "), c.Note})
		}
	}
	for _, l := range p.Lines {
		for _, g := range l.Goals {
			goals = append(goals, []any{l.Number, l.Title, g.Number, g.Title, g.Intro, lines(g.Effects), lines(g.Notes)})
			for _, a := range g.Actions {
				addAction(g.Number, a)
				for _, s := range a.SubActions {
					// a sub-action names no owners of its own when it has its action's
					if slicesEqual(s.Owners, a.Owners) {
						s.Owners = nil
					}
					addAction(g.Number, s)
				}
			}
		}
	}
	var owners [][]any
	for _, k := range p.OwnerKeys() {
		o := p.Owners[k]
		owners = append(owners, []any{k, o.Name, strings.Join(o.Members, ", ")})
	}
	w.sheet(SheetActions, actionCols, actions)
	w.sheet(SheetContracts, contractCols, contracts)
	w.sheet(SheetIndicators, indicatorCols, indicators)
	w.sheet(SheetCadences, cadenceCols, cadences)
	w.sheet(SheetGoals, goalCols, goals)
	w.sheet(SheetOwners, ownerCols, owners)
	w.sheet(SheetProgramme, programmeCols, [][]any{
		{"Sleutel", p.Key}, {"Titel", p.Title}, {"Organisatie", p.Organisation},
		{"Van", p.Period.From.Time}, {"Tot", p.Period.To.Time}, {"Bron", p.Source},
	})
	if w.err == nil {
		// the two dates of the programme sheet are dates too
		w.err = w.f.SetCellStyle(SheetProgramme, "B5", "B6", w.dateFmt)
	}
	return w.bytes()
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// YAML writes a programme as a workflow file. The file is new: it has none of the comments a
// transcription carries (the caller says so where that matters).
func YAML(p *programme.Programme) ([]byte, error) {
	type header struct {
		Key          string           `yaml:"key"`
		Title        string           `yaml:"title"`
		Organisation string           `yaml:"organisation"`
		Period       programme.Period `yaml:"period"`
		Source       string           `yaml:"source"`
	}
	doc := struct {
		Programme header                     `yaml:"programme"`
		Owners    map[string]programme.Owner `yaml:"owners"`
		Lines     []programme.Line           `yaml:"lines"`
	}{header{p.Key, p.Title, p.Organisation, p.Period, p.Source}, p.Owners, p.Lines}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# %s\n#\n# Gemaakt uit een Excel-werkmap door voortgang; de planningscellen staan er letterlijk in.\n", p.Title)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("workbook: yaml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("workbook: yaml: %w", err)
	}
	return buf.Bytes(), nil
}
