package timing

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// day parses an ISO date as midnight UTC.
func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// occ builds occurrences from "start..end" or "date" strings.
func occ(spans ...string) []Occurrence {
	out := []Occurrence{}
	for _, s := range spans {
		a, b, ok := strings.Cut(s, "..")
		if !ok {
			b = a
		}
		out = append(out, Occurrence{Start: day(a), End: day(b), Due: day(b)})
	}
	return out
}

// every builds consecutive spans of n months from year/month for count spans.
func every(n, year int, month time.Month, count int) []Occurrence {
	out := []Occurrence{}
	s := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	for range count {
		e := s.AddDate(0, n, -1)
		out = append(out, Occurrence{Start: s, End: e, Due: e})
		s = s.AddDate(0, n, 0)
	}
	return out
}

// merge joins occurrence lists and sorts them like Parse does.
func merge(lists ...[]Occurrence) []Occurrence {
	out := []Occurrence{}
	for _, l := range lists {
		out = append(out, l...)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && less(out[j], out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func less(a, b Occurrence) bool {
	if !a.Start.Equal(b.Start) {
		return a.Start.Before(b.Start)
	}
	return a.End.Before(b.End)
}

// format shows occurrences compactly in failure messages.
func format(os []Occurrence) string {
	var b strings.Builder
	for _, o := range os {
		fmt.Fprintf(&b, "\n  %s..%s due %s", o.Start.Format(time.DateOnly), o.End.Format(time.DateOnly), o.Due.Format(time.DateOnly))
	}
	return b.String()
}

// assertResult parses expr in w and compares the state and occurrences.
func assertResult(t *testing.T, expr string, w Window, state State, want []Occurrence) {
	t.Helper()
	got, err := Parse(expr, w)
	if err != nil {
		t.Fatalf("Parse(%q): %v", expr, err)
	}
	if got.Expr != expr {
		t.Errorf("Expr = %q, want %q", got.Expr, expr)
	}
	if got.State != state {
		t.Errorf("State = %s, want %s", got.State, state)
	}
	if !equalOcc(got.Occurrences, want) {
		t.Errorf("Parse(%q) occurrences:%s\nwant:%s", expr, format(got.Occurrences), format(want))
	}
}

func equalOcc(a, b []Occurrence) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Start.Equal(b[i].Start) || !a[i].End.Equal(b[i].End) || !a[i].Due.Equal(b[i].Due) {
			return false
		}
	}
	return true
}

// parseErr parses expr and returns its *Error, failing when there is none.
func parseErr(t *testing.T, expr string) *Error {
	t.Helper()
	return parseErrIn(t, expr, DefaultWindow())
}

// parseErrIn parses expr in w and returns its *Error, failing when there is none.
func parseErrIn(t *testing.T, expr string, w Window) *Error {
	t.Helper()
	_, err := Parse(expr, w)
	if err == nil {
		t.Fatalf("Parse(%q) succeeded, want an error", expr)
	}
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("Parse(%q) error %T is not *Error", expr, err)
	}
	return pe
}
