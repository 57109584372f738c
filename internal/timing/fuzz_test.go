package timing

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzParse checks that Parse never panics and that what it returns keeps its promises. The
// seed corpus is every phrase of the programme, as reconstructed and as extracted from the PDF,
// plus the checked-in files in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, p := range seedPhrases {
		f.Add(p.phrase)
	}
	for _, c := range seedCells {
		f.Add(c.extracted)
	}
	for _, s := range []string{"2028/202\n9", "Q1 en Q3 2026 t/m 2029", "Winter", "Iedere 6 weken",
		"d.d. 30 november 2023", "Q2 t/m Q4 2027", "31 februari 2026", "(", ""} {
		f.Add(s)
	}
	w := DefaultWindow()
	f.Fuzz(func(t *testing.T, expr string) {
		res, err := Parse(expr, w)
		if err != nil {
			checkError(t, expr, err)
			return
		}
		checkResult(t, expr, res)

		// The normalised phrase means the same, and normalising is idempotent.
		norm := Normalize(expr)
		if again := Normalize(norm); again != norm {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", expr, norm, again)
		}
		res2, err := Parse(norm, w)
		if err != nil {
			t.Fatalf("Parse(%q) ok but Parse(Normalize = %q): %v", expr, norm, err)
		}
		if res2.State != res.State || !equalOcc(res.Occurrences, res2.Occurrences) {
			t.Fatalf("Parse(%q) and Parse(%q) differ", expr, norm)
		}
	})
}

func checkError(t *testing.T, expr string, err error) {
	t.Helper()
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("Parse(%q): error %T is not *Error", expr, err)
	}
	if pe.Expr != expr {
		t.Fatalf("Error.Expr = %q, want %q", pe.Expr, expr)
	}
	if pe.Msg == "" {
		t.Fatalf("Parse(%q): empty message", expr)
	}
	if pe.Word != "" && (pe.Pos < 0 || pe.Pos+len(pe.Word) > len(expr) || expr[pe.Pos:pe.Pos+len(pe.Word)] != pe.Word) {
		t.Fatalf("Parse(%q): Word %q not at Pos %d", expr, pe.Word, pe.Pos)
	}
	if !strings.HasPrefix(pe.Error(), `"`+collapseSpace(expr)+`": `) {
		t.Fatalf("Parse(%q): message %q does not quote the phrase", expr, pe.Error())
	}
}

func checkResult(t *testing.T, expr string, res Result) {
	t.Helper()
	if res.Expr != expr {
		t.Fatalf("Expr = %q, want %q", res.Expr, expr)
	}
	switch res.State {
	case Done, Ongoing:
		if len(res.Occurrences) != 0 {
			t.Fatalf("Parse(%q): state %s with %d occurrences", expr, res.State, len(res.Occurrences))
		}
		return
	case Scheduled:
		// In the four-year programme window every scheduled phrase happens at least once.
		if len(res.Occurrences) == 0 {
			t.Fatalf("Parse(%q): scheduled without occurrences in the default window", expr)
		}
	default:
		t.Fatalf("Parse(%q): unknown state %q", expr, res.State)
	}
	for i, o := range res.Occurrences {
		for _, d := range []time.Time{o.Start, o.End, o.Due} {
			if d.Location() != time.UTC || !d.Equal(d.Truncate(24*time.Hour)) {
				t.Fatalf("Parse(%q): %v is not midnight UTC", expr, d)
			}
		}
		if o.End.Before(o.Start) {
			t.Fatalf("Parse(%q): occurrence %d ends before it starts", expr, i)
		}
		if !o.Due.Equal(o.End) {
			t.Fatalf("Parse(%q): occurrence %d due %v, not its end %v", expr, i, o.Due, o.End)
		}
		if y := o.Start.Year(); y < 1899 || y > 2201 {
			t.Fatalf("Parse(%q): occurrence %d starts in %d", expr, i, y)
		}
		if i > 0 && !less(res.Occurrences[i-1], o) {
			t.Fatalf("Parse(%q): occurrences %d and %d not sorted or repeated", expr, i-1, i)
		}
	}
}
