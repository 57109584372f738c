package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/timing"
)

// Error is one problem in an imported workbook, where a person finds it in Excel.
type Error struct {
	Sheet  string
	Row    int    // 1-based, as Excel numbers rows; 0 when the problem is the whole sheet
	Column string // the column heading
	Phrase string // the planning phrase, when the problem is one
	Msg    string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("blad " + e.Sheet)
	if e.Row > 0 {
		fmt.Fprintf(&b, ", rij %d", e.Row)
	}
	if e.Column != "" {
		b.WriteString(", kolom " + e.Column)
	}
	b.WriteString(": " + e.Msg)
	return b.String()
}

// Errors is every problem found in a workbook.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// table is one sheet read by its header row.
type table struct {
	name string
	f    *excelize.File
	cols map[string]int // heading → 0-based index
	rows [][]string
	errs *Errors
}

func (im *importer) table(name string, cols []column, required bool) *table {
	t := &table{name: name, f: im.f, cols: map[string]int{}, errs: &im.errs}
	idx, err := im.f.GetSheetIndex(name)
	if err != nil || idx < 0 {
		if required {
			im.errs = append(im.errs, &Error{Sheet: name, Msg: "dit blad ontbreekt"})
		}
		return t
	}
	rows, err := im.f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		im.errs = append(im.errs, &Error{Sheet: name, Msg: err.Error()})
		return t
	}
	if len(rows) == 0 {
		if required {
			im.errs = append(im.errs, &Error{Sheet: name, Row: 1, Msg: "de kopregel ontbreekt"})
		}
		return t
	}
	for i, h := range rows[0] {
		t.cols[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range cols {
		if _, ok := t.cols[strings.ToLower(c.name)]; !ok && c.name != "Opmerkingen" && c.name != "Toelichting" {
			im.errs = append(im.errs, &Error{Sheet: name, Row: 1, Column: c.name, Msg: "deze kolom ontbreekt in de kopregel"})
		}
	}
	t.rows = rows[1:]
	return t
}

// cell is the trimmed text of a column in data row i (0-based after the header).
func (t *table) cell(i int, col string) string {
	j, ok := t.cols[strings.ToLower(col)]
	if !ok || j >= len(t.rows[i]) {
		return ""
	}
	return strings.TrimSpace(t.rows[i][j])
}

func (t *table) fail(i int, col, phrase, format string, args ...any) {
	*t.errs = append(*t.errs, &Error{Sheet: t.name, Row: i + 2, Column: col, Phrase: phrase, Msg: fmt.Sprintf(format, args...)})
}

func (t *table) blank(i int) bool {
	for _, v := range t.rows[i] {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func (t *table) int(i int, col string, required bool) int {
	s := t.cell(i, col)
	if s == "" {
		if required {
			t.fail(i, col, "", "leeg; vul een getal in")
		}
		return 0
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil || f != math.Trunc(f) {
		t.fail(i, col, "", "%q is geen geheel getal", s)
		return 0
	}
	return int(f)
}

var dutchDateText = regexp.MustCompile(`^(\d{1,2}) ([a-z]+) (\d{4})$`)

// date reads a date cell: an Excel date (a serial number), 2026-01-01, 1-1-2026 or
// "1 januari 2026".
func (t *table) date(i int, col string) programme.Date {
	s := t.cell(i, col)
	if s == "" {
		return programme.Date{}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		tm, err := excelize.ExcelDateToTime(f, false)
		if err == nil {
			return programme.DateOf(tm.Year(), tm.Month(), tm.Day())
		}
	}
	for _, layout := range []string{time.DateOnly, "2-1-2006", "02-01-2006"} {
		if tm, err := time.Parse(layout, s); err == nil {
			return programme.Date{Time: tm}
		}
	}
	if m := dutchDateText.FindStringSubmatch(strings.ToLower(s)); m != nil {
		if mon, ok := i18n.MonthByName(m[2]); ok {
			d, _ := strconv.Atoi(m[1])
			y, _ := strconv.Atoi(m[3])
			if dt := programme.DateOf(y, mon, d); dt.Day() == d {
				return dt
			}
		}
	}
	t.fail(i, col, "", "%q is geen datum (bijvoorbeeld 1 januari 2026)", s)
	return programme.Date{}
}

func splitList(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' })
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

type importer struct {
	f    *excelize.File
	errs Errors
}

var subLetter = regexp.MustCompile(`^([a-z])(\d+)$`)

// Import reads a workbook in the shape Export writes. Every problem is returned at once as
// Errors, by sheet, row, column and phrase; the programme is validated as a workflow file
// would be (programme.Parse), so what imports also loads.
func Import(data []byte) (*programme.Programme, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, Errors{{Sheet: "?", Msg: "dit is geen Excel-werkmap (.xlsx): " + err.Error()}}
	}
	defer f.Close()
	im := &importer{f: f}
	p := &programme.Programme{Owners: map[string]programme.Owner{}}

	hdr := im.table(SheetProgramme, programmeCols, true)
	for i := range hdr.rows {
		switch strings.ToLower(hdr.cell(i, "Veld")) {
		case "sleutel":
			p.Key = hdr.cell(i, "Waarde")
		case "titel":
			p.Title = hdr.cell(i, "Waarde")
		case "organisatie":
			p.Organisation = hdr.cell(i, "Waarde")
		case "van":
			p.Period.From = hdr.date(i, "Waarde")
		case "tot":
			p.Period.To = hdr.date(i, "Waarde")
		case "bron":
			p.Source = hdr.cell(i, "Waarde")
		}
	}
	window := timing.Window{From: p.Period.From.Time, To: p.Period.To.Time}

	own := im.table(SheetOwners, ownerCols, true)
	for i := range own.rows {
		if own.blank(i) {
			continue
		}
		k := strings.ToLower(own.cell(i, "Sleutel"))
		if _, dup := p.Owners[k]; dup {
			own.fail(i, "Sleutel", "", "eigenaar %q staat er twee keer", k)
		}
		p.Owners[k] = programme.Owner{Name: own.cell(i, "Naam"), Members: splitList(own.cell(i, "Leden"))}
	}

	// Doelen give the lines and the doelen, in order.
	goalRow := map[int]int{} // doel → row index in the Doelen sheet
	gs := im.table(SheetGoals, goalCols, true)
	goals := map[int]*programme.Goal{}
	for i := range gs.rows {
		if gs.blank(i) {
			continue
		}
		ln, gn := gs.int(i, "Programmalijn", true), gs.int(i, "Doel", true)
		if ln == 0 || gn == 0 {
			continue
		}
		if len(p.Lines) == 0 || p.Lines[len(p.Lines)-1].Number != ln {
			p.Lines = append(p.Lines, programme.Line{Number: ln, Title: gs.cell(i, "Titel programmalijn")})
		}
		l := &p.Lines[len(p.Lines)-1]
		l.Goals = append(l.Goals, programme.Goal{Number: gn, Title: gs.cell(i, "Titel"), Intro: gs.cell(i, "Inleiding"),
			Effects: splitLines(gs.cell(i, "Effecten")), Notes: splitLines(gs.cell(i, "Opmerkingen"))})
		if l.Goals[len(l.Goals)-1].Effects == nil {
			l.Goals[len(l.Goals)-1].Effects = []string{}
		}
		goalRow[gn] = i
	}
	for li := range p.Lines {
		for gi := range p.Lines[li].Goals {
			g := &p.Lines[li].Goals[gi]
			goals[g.Number] = g
		}
	}

	// Acties: a letter row is an action, "g1" a sub-action of the "g" above it.
	type at struct {
		goal   int
		letter string
	}
	where := map[at]*programme.Action{}
	acts := im.table(SheetActions, actionCols, true)
	for i := range acts.rows {
		if acts.blank(i) {
			continue
		}
		gn := acts.int(i, "Doel", true)
		letter := strings.ToLower(acts.cell(i, "Actie"))
		g, ok := goals[gn]
		if !ok {
			if gn != 0 {
				acts.fail(i, "Doel", "", "doel %d staat niet op het blad %s", gn, SheetGoals)
			}
			continue
		}
		a := programme.Action{Letter: letter, Text: acts.cell(i, "Tekst"), Wie: acts.cell(i, "Wie"), Owners: splitList(acts.cell(i, "Eigenaren")),
			Plan: acts.cell(i, "Plan"), Do: acts.cell(i, "Do"), Check: acts.cell(i, "Check"), Act: acts.cell(i, "Act"),
			Notes: splitLines(acts.cell(i, "Voetnoten"))}
		for _, o := range a.Owners {
			if _, ok := p.Owners[o]; !ok {
				acts.fail(i, "Eigenaren", "", "eigenaar %q staat niet op het blad %s", o, SheetOwners)
			}
		}
		for _, ph := range programme.Phases {
			phrase := a.Phrase(ph)
			if phrase == "" {
				continue
			}
			if _, err := timing.Parse(phrase, window); err != nil {
				acts.fail(i, ph.Column(), phrase, "%s", err.Error())
			}
		}
		if m := subLetter.FindStringSubmatch(letter); m != nil {
			parent, ok := where[at{gn, m[1]}]
			if !ok {
				acts.fail(i, "Actie", "", "subactie %s staat niet onder actie %s", letter, m[1])
				continue
			}
			parent.SubActions = append(parent.SubActions, a)
			continue
		}
		g.Actions = append(g.Actions, a)
		where[at{gn, letter}] = &g.Actions[len(g.Actions)-1]
		// pointers into g.Actions move when it grows: re-point them all
		for k := range where {
			if k.goal == gn {
				for ai := range g.Actions {
					if g.Actions[ai].Letter == k.letter {
						where[k] = &g.Actions[ai]
					}
				}
			}
		}
	}
	findAction := func(t *table, i int) *programme.Action {
		gn := t.int(i, "Doel", true)
		letter := strings.ToLower(t.cell(i, "Actie"))
		if m := subLetter.FindStringSubmatch(letter); m != nil {
			if parent, ok := where[at{gn, m[1]}]; ok {
				for si := range parent.SubActions {
					if parent.SubActions[si].Letter == letter {
						return &parent.SubActions[si]
					}
				}
			}
		} else if a, ok := where[at{gn, letter}]; ok {
			return a
		}
		t.fail(i, "Actie", "", "actie %d%s staat niet op het blad %s", gn, letter, SheetActions)
		return nil
	}

	cs := im.table(SheetContracts, contractCols, false)
	for i := range cs.rows {
		if cs.blank(i) {
			continue
		}
		a := findAction(cs, i)
		c := &programme.Contract{Service: cs.cell(i, "Dienst"), Provider: cs.cell(i, "Aanbieder"), Start: cs.date(i, "Start"),
			Years: cs.int(i, "Looptijd (jaren)", false), Meetings: cs.cell(i, "Contractgesprekken"), Note: cs.cell(i, "Toelichting")}
		if c.Meetings != "" {
			if _, err := timing.Parse(c.Meetings, window); err != nil {
				cs.fail(i, "Contractgesprekken", c.Meetings, "%s", err.Error())
			}
		}
		if a != nil {
			a.Contract = c
		}
	}
	is := im.table(SheetIndicators, indicatorCols, false)
	for i := range is.rows {
		if is.blank(i) {
			continue
		}
		a := findAction(is, i)
		in := programme.Indicator{Key: is.cell(i, "Sleutel"), Name: is.cell(i, "Naam"), Unit: is.cell(i, "Eenheid"),
			Per: is.cell(i, "Per"), Note: is.cell(i, "Toelichting")}
		if s := is.cell(i, "Streefwaarde"); s != "" {
			v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
			if err != nil {
				is.fail(i, "Streefwaarde", "", "%q is geen getal", s)
			}
			in.Target = v
		}
		if a != nil {
			a.Indicators = append(a.Indicators, in)
		}
	}
	cd := im.table(SheetCadences, cadenceCols, false)
	for i := range cd.rows {
		if cd.blank(i) {
			continue
		}
		a := findAction(cd, i)
		c := programme.Cadence{Key: cd.cell(i, "Sleutel"), Name: cd.cell(i, "Naam"), Phrase: cd.cell(i, "Planning"),
			Phase: programme.Phase(strings.ToLower(cd.cell(i, "Fase"))), Owners: splitList(cd.cell(i, "Eigenaren")), Note: cd.cell(i, "Toelichting")}
		if _, err := timing.Parse(c.Phrase, window); err != nil {
			cd.fail(i, "Planning", c.Phrase, "%s", err.Error())
		}
		if a != nil {
			a.Cadences = append(a.Cadences, c)
		}
	}
	if len(im.errs) > 0 {
		return nil, im.errs
	}
	// Whatever else is wrong (a doel without actions, an undeclared member …) is found by the
	// workflow file's own validation; it is named by the doel and actie it is about.
	src, err := YAML(p)
	if err != nil {
		return nil, err
	}
	q, err := programme.Parse("werkmap", src)
	var pes programme.Errors
	if errors.As(err, &pes) {
		for _, pe := range pes {
			e := &Error{Sheet: SheetProgramme, Column: pe.Column, Phrase: pe.Phrase, Msg: pe.Msg}
			switch {
			case pe.Action != "":
				e.Sheet = SheetActions
				for i := range acts.rows {
					if acts.int(i, "Doel", false) == pe.Goal && strings.ToLower(acts.cell(i, "Actie")) == pe.Action {
						e.Row = i + 2
					}
				}
			case pe.Goal != 0:
				e.Sheet = SheetGoals
				if i, ok := goalRow[pe.Goal]; ok {
					e.Row = i + 2
				}
			case strings.HasPrefix(pe.Column, "owners"):
				e.Sheet = SheetOwners
			}
			im.errs = append(im.errs, e)
		}
		return nil, im.errs
	}
	if err != nil {
		return nil, err
	}
	return q, nil
}
