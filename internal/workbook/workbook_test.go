package workbook

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/timing"
)

func shipped(t *testing.T) *programme.Programme {
	t.Helper()
	progs, err := programme.LoadDir("../../workflows")
	if err != nil {
		t.Fatal(err)
	}
	return progs[0]
}

func taskKeys(t *testing.T, p *programme.Programme) []string {
	t.Helper()
	tasks, err := planner.Plan(p, timing.Window{From: p.Period.From.Time, To: p.Period.To.Time})
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, len(tasks))
	for i, tk := range tasks {
		keys[i] = tk.Key + " " + strings.Join(tk.Owners, ",") + " " + tk.Title
	}
	return keys
}

// The real programme, exported to .xlsx and imported back, plans the same tasks: the same
// keys, owners and titles, in the same order.
func TestRoundTripSamePlan(t *testing.T) {
	p := shipped(t)
	data, err := Export(p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := Import(data)
	if err != nil {
		t.Fatalf("import of the export: %v", err)
	}
	want, got := taskKeys(t, p), taskKeys(t, q)
	if len(want) < 500 || !slices.Equal(got, want) {
		t.Fatalf("round trip: %d tasks, want %d; first difference at %d", len(got), len(want), firstDiff(got, want))
	}
	if q.Key != p.Key || q.Title != p.Title || !q.Period.From.Equal(p.Period.From.Time) || len(q.Owners) != len(p.Owners) {
		t.Errorf("header after round trip: %+v", q)
	}
	// The workflow file written from the workbook loads as well.
	src, err := YAML(q)
	if err != nil {
		t.Fatal(err)
	}
	r, err := programme.Parse("x.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(taskKeys(t, r), want) {
		t.Error("the YAML written from the workbook plans other tasks")
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// The workbook has the shape the Regio keeps: frozen header rows, widths, dates as Dutch dates.
func TestExportShape(t *testing.T) {
	f := exported(t)
	if got := f.GetSheetList(); !slices.Equal(got, []string{SheetActions, SheetContracts, SheetIndicators, SheetCadences, SheetGoals, SheetOwners, SheetProgramme}) {
		t.Errorf("sheets = %v", got)
	}
	for _, sh := range f.GetSheetList() {
		panes, err := f.GetPanes(sh)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header row not frozen: %+v %v", sh, panes, err)
		}
	}
	if w, _ := f.GetColWidth(SheetActions, "C"); w != 70 {
		t.Errorf("width of Tekst = %v", w)
	}
	row, _ := f.GetRows(SheetActions)
	if !slices.Equal(row[0], []string{"Doel", "Actie", "Tekst", "Wie", "Eigenaren", "Plan", "Do", "Check", "Act", "Voetnoten"}) {
		t.Errorf("header = %v", row[0])
	}
	// 3a: plan "2025" stays text, not the number 2025.
	var found bool
	for _, r := range row {
		if len(r) > 5 && r[0] == "3" && r[1] == "a" {
			found = true
			if r[5] != "2025" {
				t.Errorf("3a Plan = %q", r[5])
			}
		}
	}
	if !found {
		t.Error("no row for 3a")
	}
	// Contract start dates are dates, shown in Dutch.
	if v, _ := f.GetCellValue(SheetContracts, "E2"); v != "1 januari 2024" {
		t.Errorf("start of the first contract shows as %q, want 1 januari 2024", v)
	}
	if v, _ := f.GetCellValue(SheetContracts, "E2", excelize.Options{RawCellValue: true}); v != "45292" {
		t.Errorf("start of the first contract is stored as %q, want the date serial 45292", v)
	}
}

// Problems are named by sheet, row, column and phrase.
func TestImportErrors(t *testing.T) {
	f, row9g := exportedRow(t, "9", "g")
	edit(t, f, SheetActions, "G"+itoa(row9g), "Q7 2026")          // Do
	edit(t, f, SheetActions, "E"+itoa(row9g), "regio, provincie") // Eigenaren
	edit(t, f, SheetActions, "I"+itoa(row9g), "")                 // Act empty
	edit(t, f, SheetContracts, "E2", "31 februari 2024")
	_, err := Import(saved(t, f))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("Import = %v, want Errors", err)
	}
	msg := err.Error()
	for _, want := range []string{
		"blad Acties, rij " + itoa(row9g) + `, kolom Do: "Q7 2026": kwartaal moet Q1..Q4 zijn`,
		"blad Acties, rij " + itoa(row9g) + `, kolom Eigenaren: eigenaar "provincie" staat niet op het blad Eigenaren`,
		`blad Contracten, rij 2, kolom Start: "31 februari 2024" is geen datum`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors lack\n%s\ngot\n%s", want, msg)
		}
	}
	if _, err := Import([]byte("geen werkmap")); err == nil || !strings.Contains(err.Error(), "geen Excel-werkmap") {
		t.Errorf("not a workbook: %v", err)
	}
}

// An empty Act cell is found by the workflow validation and still named by its row.
func TestImportEmptyCellNamedByRow(t *testing.T) {
	f, row := exportedRow(t, "9", "h")
	edit(t, f, SheetActions, "I"+itoa(row), "")
	_, err := Import(saved(t, f))
	if err == nil || !strings.Contains(err.Error(), "blad Acties, rij "+itoa(row)+", kolom Act: cel ontbreekt") {
		t.Errorf("empty Act: %v", err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// exported is the workbook of the shipped programme.
func exported(t *testing.T) *excelize.File {
	t.Helper()
	data, err := Export(shipped(t))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// exportedRow is the workbook of the shipped programme, with the row (1-based) of action
// goal+letter on the Acties sheet.
func exportedRow(t *testing.T, goal, letter string) (*excelize.File, int) {
	t.Helper()
	f := exported(t)
	rows, err := f.GetRows(SheetActions)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 1 && r[0] == goal && r[1] == letter {
			return f, i + 1
		}
	}
	t.Fatalf("no row for action %s%s on %s", goal, letter, SheetActions)
	return nil, 0
}

// edit sets a cell of the workbook to text.
func edit(t *testing.T, f *excelize.File, sheet, cell, text string) {
	t.Helper()
	if err := f.SetCellStr(sheet, cell, text); err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
}

// saved is the workbook as a file's bytes.
func saved(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A workbook with changed values is written into the existing file in place: comments stay,
// only the changed lines change. One with another structure cannot be.
func TestPatchKeepsComments(t *testing.T) {
	p := shipped(t)
	src, err := os.ReadFile(p.File)
	if err != nil {
		t.Fatal(err)
	}
	data, err := Export(p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := Import(data)
	if err != nil {
		t.Fatal(err)
	}
	out, ok := Patch(src, q)
	if !ok || string(out) != string(src) {
		t.Fatalf("an unchanged workbook did not patch to the same file (ok %v)", ok)
	}
	q.Lines[1].Goals[0].Actions[6].Act = "Q2 2027" // 9g
	q.Lines[0].Goals[2].Actions[0].Indicators[0].Target = 30
	out, ok = Patch(src, q)
	if !ok {
		t.Fatal("a changed cell and target did not patch")
	}
	if n := strings.Count(string(out), "\n#"); n != strings.Count(string(src), "\n#") {
		t.Errorf("comments lost: %d, want %d", n, strings.Count(string(src), "\n#"))
	}
	diff := 0
	ol, sl := strings.Split(string(out), "\n"), strings.Split(string(src), "\n")
	for i := range min(len(ol), len(sl)) {
		if ol[i] != sl[i] {
			diff++
		}
	}
	if diff != 2 || len(ol) != len(sl) {
		t.Errorf("%d lines changed, want 2", diff)
	}
	q.Lines[1].Goals[0].Actions = q.Lines[1].Goals[0].Actions[:6] // 9g and later gone
	if _, ok := Patch(src, q); ok {
		t.Error("removing actions patched in place")
	}
}
