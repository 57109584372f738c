package timing

import (
	"testing"
	"time"
)

// seedCells are the PDCA cells of seeds/002 (Uitvoeringsprogramma Bescherming & Opvang
// 2026-2029) as the PDF text extraction gives them: cells broken over lines, sometimes inside a
// word. Each maps to the phrase a careful reader reconstructs from it.
var seedCells = []struct{ extracted, phrase string }{
	{"Q2 \n\n2026 ", "Q2 2026"},
	{"Q3 \n\n2026 ", "Q3 2026"},
	{"Q4 \n\n2028 ", "Q4 2028"},
	{"Q1 \n\n2027 ", "Q1 2027"},
	{"Q4 \n\n2027 ", "Q4 2027"},
	{"Q1 \n\n2026 ", "Q1 2026"},
	{"Q2 \n\n2027 ", "Q2 2027"},
	{"Q3 \n\n2027 ", "Q3 2027"},
	{"Q3 \n2026 ", "Q3 2026"},
	{"Q4 \n2026 ", "Q4 2026"},
	{"Q2 \n2028 ", "Q2 2028"},
	{"2027 \n\nt/m \n\n2029 ", "2027 t/m 2029"},
	{"2026 \nt/m \n2029 ", "2026 t/m 2029"},
	{"Voorjaar \n2027 ", "Voorjaar 2027"},
	{"Voorjaar \n2026 ", "Voorjaar 2026"},
	{"2027/ \n2028 ", "2027/ 2028"},
	{"2028/ \n2029 ", "2028/ 2029"},
	{"Q3/Q4 \n2029 ", "Q3/Q4 2029"},
	{"Q3/Q4 \n2027 ", "Q3/Q4 2027"},
	{"Q1/Q2 \n2026 ", "Q1/Q2 2026"},
	{"Q3 Q4 \n2026 ", "Q3 Q4 2026"},
	{"Q3 Q4 \n2027 ", "Q3 Q4 2027"},
	{"Ieder \nkwartaal ", "Ieder kwartaal"},
	{"Ieder kwartaal \n(uitvoering) \ndan wel \nhalfjaarlijks \n(beleidsmatig) ", "Ieder kwartaal (uitvoering) dan wel halfjaarlijks (beleidsmatig)"},
	{"Q1 en \nQ3 \n2026 \nt/m \n2029 ", "Q1 en Q3 2026 t/m 2029"},
	{"2027 en \n2028 ", "2027 en 2028"},
	{"Q2 t/m \nQ4 2027 ", "Q2 t/m Q4 2027"},
	{"Q 2 2029 ", "Q 2 2029"},
}

// seedPhrases are the distinct PDCA phrases of seeds/002, reconstructed, with what they mean
// in the programme period.
var seedPhrases = []struct {
	phrase string
	state  State
	want   []Occurrence
}{
	{"Gereed", Done, occ()},
	{"Gaande", Ongoing, occ()},
	{"Doorlopend", Ongoing, occ()},
	{"Jaarlijks", Scheduled, every(12, 2026, time.January, 4)},
	{"Halfjaarlijks", Scheduled, every(6, 2026, time.January, 8)},
	{"Ieder kwartaal", Scheduled, every(3, 2026, time.January, 16)},
	{"Maandelijks", Scheduled, every(1, 2026, time.January, 48)},
	{"Ieder kwartaal (uitvoering) dan wel halfjaarlijks (beleidsmatig)", Scheduled,
		merge(every(3, 2026, time.January, 16), every(6, 2026, time.January, 8))},
	{"2025", Scheduled, occ("2025-01-01..2025-12-31")},
	{"2026", Scheduled, occ("2026-01-01..2026-12-31")},
	{"2027", Scheduled, occ("2027-01-01..2027-12-31")},
	{"2028", Scheduled, occ("2028-01-01..2028-12-31")},
	{"2029", Scheduled, occ("2029-01-01..2029-12-31")},
	{"2028/2029", Scheduled, occ("2028-01-01..2029-12-31")},
	{"2027/ 2028", Scheduled, occ("2027-01-01..2028-12-31")},
	{"2028/ 2029", Scheduled, occ("2028-01-01..2029-12-31")},
	{"2026/2029", Scheduled, occ("2026-01-01..2029-12-31")},
	{"2026/2027", Scheduled, occ("2026-01-01..2027-12-31")},
	{"2027 t/m 2029", Scheduled, occ("2027-01-01..2029-12-31")},
	{"2026 t/m 2029", Scheduled, occ("2026-01-01..2029-12-31")},
	{"2027 en 2028", Scheduled, occ("2027-01-01..2027-12-31", "2028-01-01..2028-12-31")},
	{"Q1 2026", Scheduled, occ("2026-01-01..2026-03-31")},
	{"Q2 2026", Scheduled, occ("2026-04-01..2026-06-30")},
	{"Q3 2026", Scheduled, occ("2026-07-01..2026-09-30")},
	{"Q4 2026", Scheduled, occ("2026-10-01..2026-12-31")},
	{"Q1 2027", Scheduled, occ("2027-01-01..2027-03-31")},
	{"Q2 2027", Scheduled, occ("2027-04-01..2027-06-30")},
	{"Q3 2027", Scheduled, occ("2027-07-01..2027-09-30")},
	{"Q4 2027", Scheduled, occ("2027-10-01..2027-12-31")},
	{"Q1 2028", Scheduled, occ("2028-01-01..2028-03-31")},
	{"Q2 2028", Scheduled, occ("2028-04-01..2028-06-30")},
	{"Q3 2028", Scheduled, occ("2028-07-01..2028-09-30")},
	{"Q4 2028", Scheduled, occ("2028-10-01..2028-12-31")},
	{"Q1 2029", Scheduled, occ("2029-01-01..2029-03-31")},
	{"Q2 2029", Scheduled, occ("2029-04-01..2029-06-30")},
	{"Q 2 2029", Scheduled, occ("2029-04-01..2029-06-30")},
	{"Q3/Q4 2029", Scheduled, occ("2029-07-01..2029-12-31")},
	{"Q3/Q4 2027", Scheduled, occ("2027-07-01..2027-12-31")},
	{"Q1/Q2 2026", Scheduled, occ("2026-01-01..2026-06-30")},
	{"Q3 Q4 2026", Scheduled, occ("2026-07-01..2026-12-31")},
	{"Q3 Q4 2027", Scheduled, occ("2027-07-01..2027-12-31")},
	{"Q2 t/m Q4 2027", Scheduled, occ("2027-04-01..2027-12-31")},
	{"Q1 en Q3 2026 t/m 2029", Scheduled, occ(
		"2026-01-01..2026-03-31", "2026-07-01..2026-09-30",
		"2027-01-01..2027-03-31", "2027-07-01..2027-09-30",
		"2028-01-01..2028-03-31", "2028-07-01..2028-09-30",
		"2029-01-01..2029-03-31", "2029-07-01..2029-09-30")},
	{"Voorjaar 2026", Scheduled, occ("2026-03-01..2026-05-31")},
	{"Voorjaar 2027", Scheduled, occ("2027-03-01..2027-05-31")},
}

func TestParseSeedPhrases(t *testing.T) {
	for _, tc := range seedPhrases {
		t.Run(tc.phrase, func(t *testing.T) {
			assertResult(t, tc.phrase, DefaultWindow(), tc.state, tc.want)
		})
	}
}

// TestParseSeedCellsAsExtracted checks that the cells, broken over lines as the PDF extraction
// gives them, mean the same as their reconstruction and normalise to the same phrase.
func TestParseSeedCellsAsExtracted(t *testing.T) {
	for _, tc := range seedCells {
		t.Run(tc.phrase, func(t *testing.T) {
			want, err := Parse(tc.phrase, DefaultWindow())
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.phrase, err)
			}
			assertResult(t, tc.extracted, DefaultWindow(), want.State, want.Occurrences)
			if a, b := Normalize(tc.extracted), Normalize(tc.phrase); a != b {
				t.Errorf("Normalize(%q) = %q, Normalize(%q) = %q; want equal", tc.extracted, a, tc.phrase, b)
			}
		})
	}
}

// TestParseSeedCellBrokenInsideYear documents a cell the extraction broke inside a year
// ("2028/202\n9"): the contract reads a line break as a space, so it is an error that names
// the broken year; the workflow files carry the reconstructed "2028/2029".
func TestParseSeedCellBrokenInsideYear(t *testing.T) {
	e := parseErr(t, "2028/202\n9")
	if e.Word != "202" {
		t.Errorf("Word = %q, want %q", e.Word, "202")
	}
	if got, want := e.Error(), `"2028/202 9": jaartal 202 moet tussen 1900 en 2200 liggen`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
