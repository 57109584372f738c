package timing

import (
	"testing"
	"time"
)

func window(from, to string) Window { return Window{From: day(from), To: day(to)} }

// TestWindow checks the window rule: a recurring phrase gives every occurrence whose due date
// lies in the window; fixed phrases and recurrences with a period of their own ignore it.
func TestWindow(t *testing.T) {
	cases := []struct {
		name string
		expr string
		w    Window
		want []Occurrence
	}{
		{"quarterly, due dates in the window only", "Ieder kwartaal", window("2026-03-31", "2026-12-30"),
			occ("2026-01-01..2026-03-31", "2026-04-01..2026-06-30", "2026-07-01..2026-09-30")},
		{"half-yearly in one year", "Halfjaarlijks", window("2027-01-01", "2027-12-31"),
			occ("2027-01-01..2027-06-30", "2027-07-01..2027-12-31")},
		{"yearly with a window starting mid-year", "Jaarlijks", window("2026-07-01", "2028-06-30"),
			occ("2026-01-01..2026-12-31", "2027-01-01..2027-12-31")},
		{"monthly across a year end", "Maandelijks", window("2026-11-15", "2027-02-27"),
			occ("2026-11-01..2026-11-30", "2026-12-01..2026-12-31", "2027-01-01..2027-01-31")},
		{"fixed quarter outside the window", "Q2 2031", window("2026-01-01", "2026-12-31"),
			occ("2031-04-01..2031-06-30")},
		{"fixed year before the window", "2025", DefaultWindow(), occ("2025-01-01..2025-12-31")},
		{"fixed list partly outside the window", "Q1 en Q3 2026 t/m 2029", window("2027-01-01", "2027-12-31"), occ(
			"2026-01-01..2026-03-31", "2026-07-01..2026-09-30",
			"2027-01-01..2027-03-31", "2027-07-01..2027-09-30",
			"2028-01-01..2028-03-31", "2028-07-01..2028-09-30",
			"2029-01-01..2029-03-31", "2029-07-01..2029-09-30")},
		{"limited recurrence ignores the window", "Jaarlijks 2031 t/m 2032", DefaultWindow(),
			occ("2031-01-01..2031-12-31", "2032-01-01..2032-12-31")},
		{"two-monthly from the window's first month", "Tweemaandelijks", window("2026-02-10", "2026-12-31"), occ(
			"2026-02-01..2026-03-31", "2026-04-01..2026-05-31", "2026-06-01..2026-07-31",
			"2026-08-01..2026-09-30", "2026-10-01..2026-11-30")},
		{"two-monthly limited to a year counts from its first month", "Tweemaandelijks 2027", window("2026-02-10", "2026-12-31"),
			every(2, 2027, time.January, 6)},
		{"every 6 weeks from the window's first day", "Iedere 6 weken", window("2026-03-02", "2026-06-30"),
			occ("2026-03-02..2026-04-12", "2026-04-13..2026-05-24")},
		{"every 8 weeks from the window's first day", "Elke 8 weken", window("2026-03-02", "2026-06-30"),
			occ("2026-03-02..2026-04-26", "2026-04-27..2026-06-21")},
		{"two-yearly from the window's first year", "Tweejaarlijks", window("2027-01-01", "2031-12-31"),
			occ("2027-01-01..2028-12-31", "2029-01-01..2030-12-31")},
		{"two-yearly from a window starting mid-year", "Tweejaarlijks", window("2027-06-01", "2029-12-31"),
			occ("2027-01-01..2028-12-31")},
		{"winter crosses the year end, leap years end on 29 February", "Winter", window("2027-01-01", "2028-12-31"),
			occ("2026-12-01..2027-02-28", "2027-12-01..2028-02-29")},
		{"winter due at the window's last day", "Winter", window("2099-03-01", "2100-02-28"),
			occ("2099-12-01..2100-02-28")},
		{"fixed winter in a leap year", "Winter 2027", window("2030-01-01", "2030-12-31"),
			occ("2027-12-01..2028-02-29")},
		{"fixed winter, 2100 is no leap year", "Winter 2099", DefaultWindow(),
			occ("2099-12-01..2100-02-28")},
		{"empty window", "Ieder kwartaal", window("2027-01-01", "2026-12-31"), occ()},
		{"window that catches no due date", "Jaarlijks", window("2027-03-01", "2027-04-30"), occ()},
		{"window times are read as dates", "Ieder kwartaal", Window{
			From: time.Date(2026, 3, 31, 23, 59, 0, 0, time.UTC),
			To:   time.Date(2026, 6, 30, 8, 0, 0, 0, time.UTC)},
			occ("2026-01-01..2026-03-31", "2026-04-01..2026-06-30")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertResult(t, tc.expr, tc.w, Scheduled, tc.want)
		})
	}
}

// TestWindowTooWide checks that an absurd window is refused instead of filling memory.
func TestWindowTooWide(t *testing.T) {
	w := Window{From: time.Time{}, To: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)}
	e := parseErrIn(t, "Wekelijks", w)
	if want := `"Wekelijks": te veel herhalingen in het venster`; e.Error() != want {
		t.Errorf("Error() = %q, want %q", e.Error(), want)
	}
	// A fixed phrase does not look at the window.
	assertResult(t, "Q2 2026", w, Scheduled, occ("2026-04-01..2026-06-30"))
}
