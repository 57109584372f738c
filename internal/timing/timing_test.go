package timing

import (
	"encoding/json"
	"testing"
	"time"
)

// TestParseContract has one row for every example of shared/design/timing.md, in the order
// of its tables, evaluated in the default window (2026-01-01 .. 2029-12-31).
func TestParseContract(t *testing.T) {
	quarters := every(3, 2026, time.January, 16)
	halves := every(6, 2026, time.January, 8)
	months := every(1, 2026, time.January, 48)
	years := every(12, 2026, time.January, 4)
	cases := []struct {
		expr  string
		state State
		want  []Occurrence
	}{
		// quarter
		{"Q2 2026", Scheduled, occ("2026-04-01..2026-06-30")},
		{"Q 2 2026", Scheduled, occ("2026-04-01..2026-06-30")},
		{"tweede kwartaal (van) 2026", Scheduled, occ("2026-04-01..2026-06-30")},
		{"tweede kwartaal van 2026", Scheduled, occ("2026-04-01..2026-06-30")},
		{"tweede kwartaal 2026", Scheduled, occ("2026-04-01..2026-06-30")},
		// quarter span
		{"Q3/Q4 2029", Scheduled, occ("2029-07-01..2029-12-31")},
		{"Q1/2 2024", Scheduled, occ("2024-01-01..2024-06-30")},
		{"Q3 Q4 2026", Scheduled, occ("2026-07-01..2026-12-31")},
		{"Q2 t/m Q4 2027", Scheduled, occ("2027-04-01..2027-12-31")},
		// quarter list, also over years
		{"Q1 en Q3 2026", Scheduled, occ("2026-01-01..2026-03-31", "2026-07-01..2026-09-30")},
		{"Q1 en Q3 2026 t/m 2029", Scheduled, occ(
			"2026-01-01..2026-03-31", "2026-07-01..2026-09-30",
			"2027-01-01..2027-03-31", "2027-07-01..2027-09-30",
			"2028-01-01..2028-03-31", "2028-07-01..2028-09-30",
			"2029-01-01..2029-03-31", "2029-07-01..2029-09-30")},
		// year, year span, year list
		{"2027", Scheduled, occ("2027-01-01..2027-12-31")},
		{"2028/2029", Scheduled, occ("2028-01-01..2029-12-31")},
		{"2027 t/m 2029", Scheduled, occ("2027-01-01..2029-12-31")},
		{"2026-2029", Scheduled, occ("2026-01-01..2029-12-31")},
		{"2027 en 2028", Scheduled, occ("2027-01-01..2027-12-31", "2028-01-01..2028-12-31")},
		{"2026, 2027 en 2029", Scheduled, occ("2026-01-01..2026-12-31", "2027-01-01..2027-12-31", "2029-01-01..2029-12-31")},
		// half year
		{"H1 2026", Scheduled, occ("2026-01-01..2026-06-30")},
		{"H2 2026", Scheduled, occ("2026-07-01..2026-12-31")},
		{"eerste helft (van) 2026", Scheduled, occ("2026-01-01..2026-06-30")},
		{"eerste helft van 2026", Scheduled, occ("2026-01-01..2026-06-30")},
		{"tweede helft 2023", Scheduled, occ("2023-07-01..2023-12-31")},
		// season
		{"Voorjaar 2027", Scheduled, occ("2027-03-01..2027-05-31")},
		{"Zomer 2027", Scheduled, occ("2027-06-01..2027-08-31")},
		{"Najaar 2027", Scheduled, occ("2027-09-01..2027-11-30")},
		{"Winter 2027", Scheduled, occ("2027-12-01..2028-02-29")},
		{"Zomer", Scheduled, occ("2026-06-01..2026-08-31", "2027-06-01..2027-08-31", "2028-06-01..2028-08-31", "2029-06-01..2029-08-31")},
		{"Najaar", Scheduled, occ("2026-09-01..2026-11-30", "2027-09-01..2027-11-30", "2028-09-01..2028-11-30", "2029-09-01..2029-11-30")},
		{"Winter", Scheduled, occ("2025-12-01..2026-02-28", "2026-12-01..2027-02-28", "2027-12-01..2028-02-29", "2028-12-01..2029-02-28")},
		// begin / medio / eind of a year
		{"begin 2024", Scheduled, occ("2024-01-01..2024-03-31")},
		{"medio 2023", Scheduled, occ("2023-06-01..2023-07-31")},
		{"eind 2024", Scheduled, occ("2024-10-01..2024-12-31")},
		// month
		{"januari 2027", Scheduled, occ("2027-01-01..2027-01-31")},
		{"sept 2026", Scheduled, occ("2026-09-01..2026-09-30")},
		{"mrt 2027", Scheduled, occ("2027-03-01..2027-03-31")},
		{"jan 2027", Scheduled, occ("2027-01-01..2027-01-31")},
		{"feb 2028", Scheduled, occ("2028-02-01..2028-02-29")},
		{"apr 2027", Scheduled, occ("2027-04-01..2027-04-30")},
		{"mei 2027", Scheduled, occ("2027-05-01..2027-05-31")},
		{"jun 2027", Scheduled, occ("2027-06-01..2027-06-30")},
		{"jul 2027", Scheduled, occ("2027-07-01..2027-07-31")},
		{"aug 2027", Scheduled, occ("2027-08-01..2027-08-31")},
		{"sep 2027", Scheduled, occ("2027-09-01..2027-09-30")},
		{"okt 2027", Scheduled, occ("2027-10-01..2027-10-31")},
		{"nov 2027", Scheduled, occ("2027-11-01..2027-11-30")},
		{"dec 2027", Scheduled, occ("2027-12-01..2027-12-31")},
		// begin / medio / eind of a month
		{"medio januari 2024", Scheduled, occ("2024-01-15")},
		{"begin januari 2024", Scheduled, occ("2024-01-01..2024-01-10")},
		{"eind februari 2024", Scheduled, occ("2024-02-21..2024-02-29")},
		{"eind februari 2026", Scheduled, occ("2026-02-21..2026-02-28")},
		// date
		{"1 februari 2024", Scheduled, occ("2024-02-01")},
		{"d.d. 30 november 2023", Scheduled, occ("2023-11-30")},
		{"01-02-2024", Scheduled, occ("2024-02-01")},
		{"1-2-2024", Scheduled, occ("2024-02-01")},
		{"2024-02-01", Scheduled, occ("2024-02-01")},
		{"29 februari 2028", Scheduled, occ("2028-02-29")},
		// yearly
		{"Jaarlijks", Scheduled, years},
		{"Ieder jaar", Scheduled, years},
		{"Elk jaar", Scheduled, years},
		{"1 x per jaar", Scheduled, years},
		// half-yearly
		{"Halfjaarlijks", Scheduled, halves},
		{"Ieder half jaar", Scheduled, halves},
		{"2 x per jaar", Scheduled, halves},
		// quarterly
		{"Ieder kwartaal", Scheduled, quarters},
		{"Elk kwartaal", Scheduled, quarters},
		{"Per kwartaal", Scheduled, quarters},
		{"1 x per kwartaal", Scheduled, quarters},
		{"Driemaandelijks", Scheduled, quarters},
		// monthly
		{"Maandelijks", Scheduled, months},
		{"Iedere maand", Scheduled, months},
		{"Elke maand", Scheduled, months},
		{"1 x per maand", Scheduled, months},
		// every two months, every two years, every N weeks
		{"Tweemaandelijks", Scheduled, every(2, 2026, time.January, 24)},
		{"Eenmaal per twee maanden", Scheduled, every(2, 2026, time.January, 24)},
		{"Iedere twee maanden", Scheduled, every(2, 2026, time.January, 24)},
		{"Om de maand", Scheduled, every(2, 2026, time.January, 24)},
		{"Tweejaarlijks", Scheduled, occ("2026-01-01..2027-12-31", "2028-01-01..2029-12-31")},
		{"Iedere 6 weken", Scheduled, weeks(day("2026-01-01"), 6, 34)},
		{"Elke 8 weken", Scheduled, weeks(day("2026-01-01"), 8, 26)},
		{"Om de 2 weken", Scheduled, weeks(day("2026-01-01"), 2, 104)},
		{"1 x per 6 weken", Scheduled, weeks(day("2026-01-01"), 6, 34)},
		// recurring, limited
		{"Jaarlijks 2027 t/m 2029", Scheduled, every(12, 2027, time.January, 3)},
		{"Ieder kwartaal 2027", Scheduled, every(3, 2027, time.January, 4)},
		// either / both
		{"Ieder kwartaal (uitvoering) dan wel halfjaarlijks (beleidsmatig)", Scheduled, merge(quarters, halves)},
		{"Maandelijks en jaarlijks", Scheduled, merge(months, years)},
		// done, ongoing
		{"Gereed", Done, occ()},
		{"Gaande", Ongoing, occ()},
		{"Doorlopend", Ongoing, occ()},
		{"Lopend", Ongoing, occ()},
		{"Continu", Ongoing, occ()},
		// normalisation: case, white space, ranges, remarks
		{"q2 2026", Scheduled, occ("2026-04-01..2026-06-30")},
		{"GEREED", Done, occ()},
		{"Q1 \n 2026", Scheduled, occ("2026-01-01..2026-03-31")},
		{"  Q1\t\t2026  ", Scheduled, occ("2026-01-01..2026-03-31")},
		{"2027 tot en met 2029", Scheduled, occ("2027-01-01..2029-12-31")},
		{"2027 - 2029", Scheduled, occ("2027-01-01..2029-12-31")},
		{"2027–2029", Scheduled, occ("2027-01-01..2029-12-31")},
		{"2027 – 2029", Scheduled, occ("2027-01-01..2029-12-31")},
		{"2027 t / m 2029", Scheduled, occ("2027-01-01..2029-12-31")},
		{"2027/ 2028", Scheduled, occ("2027-01-01..2028-12-31")},
		{"2027 /2028", Scheduled, occ("2027-01-01..2028-12-31")},
		{"Q2 - Q4 2027", Scheduled, occ("2027-04-01..2027-12-31")},
		{"Q2 tot en met Q4 2027", Scheduled, occ("2027-04-01..2027-12-31")},
		{"Q1 2026 t/m Q3 2027", Scheduled, occ("2026-01-01..2027-09-30")},
		{"Ieder kwartaal (uitvoering)", Scheduled, quarters},
		{"Q2 (onder voorbehoud) 2026", Scheduled, occ("2026-04-01..2026-06-30")},
	}
	for _, tc := range cases {
		t.Run(tc.expr, func(t *testing.T) {
			assertResult(t, tc.expr, DefaultWindow(), tc.state, tc.want)
		})
	}
}

// weeks builds count spans of n weeks from first.
func weeks(first time.Time, n, count int) []Occurrence {
	out := []Occurrence{}
	for i := range count {
		s := first.AddDate(0, 0, 7*n*i)
		e := s.AddDate(0, 0, 7*n-1)
		out = append(out, Occurrence{Start: s, End: e, Due: e})
	}
	return out
}

// TestParseExtensions covers spellings the contract implies without listing them; they are
// reported to the lead as such.
func TestParseExtensions(t *testing.T) {
	cases := []struct {
		expr string
		want []Occurrence
	}{
		{"Iedere kwartaal", every(3, 2026, time.January, 16)},
		{"Ieder jaar 2027", every(12, 2027, time.January, 1)},
		{"2 keer per jaar", every(6, 2026, time.January, 8)},
		{"Tweemaal per jaar", every(6, 2026, time.January, 8)},
		{"4 x per jaar", every(3, 2026, time.January, 16)},
		{"12x per jaar", every(1, 2026, time.January, 48)},
		{"Iedere 3 maanden", every(3, 2026, time.January, 16)},
		{"Om het jaar", occ("2026-01-01..2027-12-31", "2028-01-01..2029-12-31")},
		{"Iedere week 2027", weeks(day("2027-01-01"), 1, 52)},
		{"Tweewekelijks 2027", weeks(day("2027-01-01"), 2, 26)},
		{"eerste halfjaar 2027", occ("2027-01-01..2027-06-30")},
		{"begin van 2027", occ("2027-01-01..2027-03-31")},
		{"einde 2027", occ("2027-10-01..2027-12-31")},
		{"jan/feb 2027", occ("2027-01-01..2027-02-28")},
		{"sept. 2027", occ("2027-09-01..2027-09-30")},
		{"H1/H2 2027", occ("2027-01-01..2027-12-31")},
		{"Q1/Q2/Q3 2027", occ("2027-01-01..2027-09-30")},
		{"Q4 2026/Q1 2027", occ("2026-10-01..2027-03-31")},
		{"Zomer en winter", merge(
			occ("2026-06-01..2026-08-31", "2027-06-01..2027-08-31", "2028-06-01..2028-08-31", "2029-06-01..2029-08-31"),
			occ("2025-12-01..2026-02-28", "2026-12-01..2027-02-28", "2027-12-01..2028-02-29", "2028-12-01..2029-02-28"))},
		{"Zomer en jaarlijks", merge(
			occ("2026-06-01..2026-08-31", "2027-06-01..2027-08-31", "2028-06-01..2028-08-31", "2029-06-01..2029-08-31"),
			every(12, 2026, time.January, 4))},
		{"Voorjaar t/m zomer", occ("2026-03-01..2026-08-31", "2027-03-01..2027-08-31", "2028-03-01..2028-08-31", "2029-03-01..2029-08-31")},
		{"Voorjaar en najaar 2027", occ("2027-03-01..2027-05-31", "2027-09-01..2027-11-30")},
		{"1 februari t/m 30 november 2024", occ("2024-02-01..2024-11-30")},
		{"Maandelijks Q1 2027", every(1, 2027, time.January, 3)},
		{"Q1 2026 en Q3 2027", occ("2026-01-01..2026-03-31", "2027-07-01..2027-09-30")},
		{"Q2 2026, Q4 2026 en/of Q2 2027", occ("2026-04-01..2026-06-30", "2026-10-01..2026-12-31", "2027-04-01..2027-06-30")},
		{"Maandelijks dan wel maandelijks", every(1, 2026, time.January, 48)},
		{"Q2 2026 en Q2 2026", occ("2026-04-01..2026-06-30")},
		{"Halfjaarlijks en Q2 2031", merge(every(6, 2026, time.January, 8), occ("2031-04-01..2031-06-30"))},
	}
	for _, tc := range cases {
		t.Run(tc.expr, func(t *testing.T) {
			assertResult(t, tc.expr, DefaultWindow(), Scheduled, tc.want)
		})
	}
}

func TestNormalize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Q2 \n 2026", "q2 2026"},
		{"Q 2 2026", "q2 2026"},
		{"2027/ \n2028", "2027/2028"},
		{"2027 – 2029", "2027-2029"},
		{"2027 tot en met 2029", "2027 t/m 2029"},
		{"2027 t / m 2029", "2027 t/m 2029"},
		{"Ieder kwartaal (uitvoering) dan wel\nhalfjaarlijks (beleidsmatig)", "ieder kwartaal dan wel halfjaarlijks"},
		{"2026 , 2027 en 2029", "2026, 2027 en 2029"},
		{"d.d. 30 November 2023", "d.d. 30 november 2023"},
		{"  Gereed ", "gereed"},
		{"Q2 ?  2026", "q2 ? 2026"}, // not a phrase: only case and spaces
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			if got := Normalize(tc.in); got != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestOccurrenceJSON(t *testing.T) {
	r, err := Parse("Q2 2026", DefaultWindow())
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"expr":"Q2 2026","state":"scheduled","occurrences":[{"start":"2026-04-01","end":"2026-06-30","due":"2026-06-30"}]}`
	if string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
	r, _ = Parse("Gereed", DefaultWindow())
	b, _ = json.Marshal(r)
	if want := `{"expr":"Gereed","state":"done","occurrences":[]}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
}

func BenchmarkParse(b *testing.B) {
	w := DefaultWindow()
	for b.Loop() {
		for _, p := range seedPhrases {
			if _, err := Parse(p.phrase, w); err != nil {
				b.Fatal(err)
			}
		}
	}
}
