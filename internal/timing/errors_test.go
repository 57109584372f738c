package timing

import (
	"strings"
	"testing"
)

// TestParseErrors checks every error kind of the contract: the message quotes the phrase, says
// what was expected, and Word names the offending word at Pos.
func TestParseErrors(t *testing.T) {
	cases := []struct {
		expr string
		word string
		msg  string // the whole message
	}{
		{"Q7 2029", "Q7", `"Q7 2029": kwartaal moet Q1..Q4 zijn`},
		{"Q5 2026", "Q5", `"Q5 2026": kwartaal moet Q1..Q4 zijn`},
		{"Q0 2026", "Q0", `"Q0 2026": kwartaal moet Q1..Q4 zijn`},
		{"Q3/5 2026", "5", `"Q3/5 2026": kwartaal moet Q1..Q4 zijn`},
		{"H3 2026", "H3", `"H3 2026": halfjaar moet H1 of H2 zijn`},
		{"derde helft 2026", "derde helft", `"derde helft 2026": helft moet "eerste" of "tweede" zijn`},
		{"31 februari 2026", "31 februari", `"31 februari 2026": datum "31 februari 2026" bestaat niet`},
		{"29 februari 2027", "29 februari", `"29 februari 2027": datum "29 februari 2027" bestaat niet`},
		{"31-02-2026", "31-02-2026", `"31-02-2026": datum "31-02-2026" bestaat niet`},
		{"2026-13-01", "2026-13-01", `"2026-13-01": datum "2026-13-01" bestaat niet`},
		{"32 januari 2026", "32 januari", `"32 januari 2026": datum "32 januari" bestaat niet`},
		{"2029 t/m 2026", "2026", `"2029 t/m 2026": bereik loopt achteruit: 2026 ligt vóór 2029`},
		{"Q4 t/m Q2 2027", "Q4 t/m Q2", `"Q4 t/m Q2 2027": bereik "Q4 t/m Q2" loopt achteruit`},
		{"Q4/Q1 2026", "Q4/Q1", `"Q4/Q1 2026": bereik "Q4/Q1" loopt achteruit of herhaalt zich`},
		{"Q3 2027 t/m Q1 2027", "Q1 2027", `"Q3 2027 t/m Q1 2027": bereik loopt achteruit: "Q1 2027" ligt vóór "Q3 2027"`},
		{"1899", "1899", `"1899": jaartal 1899 moet tussen 1900 en 2200 liggen`},
		{"Q2 2201", "2201", `"Q2 2201": jaartal 2201 moet tussen 1900 en 2200 liggen`},
		{"1-2-24", "24", `"1-2-24": jaartal 24 moet tussen 1900 en 2200 liggen`},
		{"", "", `"": lege cel; verwacht een planning zoals "Q2 2026", "Jaarlijks", "Gaande" of "Gereed"`},
		{" \n ", "", `"": lege cel; verwacht een planning zoals "Q2 2026", "Jaarlijks", "Gaande" of "Gereed"`},
		{"(n.v.t.)", "", `"(n.v.t.)": lege cel; verwacht een planning zoals "Q2 2026", "Jaarlijks", "Gaande" of "Gereed"`},
		{"Binnenkort", "Binnenkort", `"Binnenkort": onbekend woord "Binnenkort"; verwacht een periode ("Q2 2026", "voorjaar 2027", "2028"), een herhaling ("jaarlijks", "ieder kwartaal"), "gaande" of "gereed"`},
		{"Q2 2026 ongeveer", "ongeveer", `"Q2 2026 ongeveer": onbekend woord "ongeveer"; verwacht "en", ",", "t/m" of het einde van de cel`},
		{"Herfst 2027", "Herfst", `"Herfst 2027": onbekend woord "Herfst"; verwacht een periode ("Q2 2026", "voorjaar 2027", "2028"), een herhaling ("jaarlijks", "ieder kwartaal"), "gaande" of "gereed"`},
		{"Q2 van", "van", `"Q2 van": onverwacht "van"; verwacht "en", ",", "t/m" of het einde van de cel`},
		{"Q1", "Q1", `"Q1": jaartal verwacht na "Q1"`},
		{"januari", "januari", `"januari": jaartal verwacht na "januari"`},
		{"Q1 en Q3", "Q1", `"Q1 en Q3": jaartal verwacht na "Q1"`},
		{"Q1 en 2026", "Q1", `"Q1 en 2026": jaartal verwacht na "Q1"`},
		{"Zomer 2027 en winter", "winter", `"Zomer 2027 en winter": jaartal verwacht na "winter"`},
		{"Winter en 2027", "Winter", `"Winter en 2027": jaartal verwacht na "Winter"`},
		{"Q4/2029", "Q4", `"Q4/2029": jaartal verwacht na "Q4"`},
		{"Q1 2026 en 2027", "2027", `"Q1 2026 en 2027": onduidelijk welke periode bij "2027" hoort; herhaal de periode (bijv. "Q1 2026 en Q1 2027") of schrijf alleen jaartallen ("2026 en 2027")`},
		{"Q1 en", "en", `"Q1 en": na "en" verwacht een periode ("Q2 2026", "voorjaar 2027", "2028"), een herhaling ("jaarlijks", "ieder kwartaal"), "gaande" of "gereed"`},
		{"Q", "Q", `"Q": na "Q" verwacht een nummer ("Q2", "H1")`},
		{"Gereed 2026", "Gereed", `"Gereed 2026": "Gereed" staat alleen in een cel en kan niet met een andere planning gecombineerd worden`},
		{"Gaande en jaarlijks", "Gaande", `"Gaande en jaarlijks": "Gaande" staat alleen in een cel en kan niet met een andere planning gecombineerd worden`},
		{"Jaarlijks en gereed", "gereed", `"Jaarlijks en gereed": "gereed" staat alleen in een cel en kan niet met een andere planning gecombineerd worden`},
		{"Iedere", "Iedere", `"Iedere": na "Iedere" verwacht "jaar", "half jaar", "kwartaal", "maand(en)" of "weken"`},
		{"Iedere 5 maanden", "Iedere 5 maanden", `"Iedere 5 maanden": herhaling "Iedere 5 maanden" wordt niet ondersteund; gebruik bijv. maandelijks, tweemaandelijks, ieder kwartaal, halfjaarlijks, jaarlijks, tweejaarlijks of iedere 6 weken`},
		{"3 x per jaar", "3 x per jaar", `"3 x per jaar": herhaling "3 x per jaar" wordt niet ondersteund; gebruik bijv. maandelijks, tweemaandelijks, ieder kwartaal, halfjaarlijks, jaarlijks, tweejaarlijks of iedere 6 weken`},
		{"Jaarlijks Q1 2027", "Jaarlijks Q1 2027", `"Jaarlijks Q1 2027": "Jaarlijks" valt geen enkele keer binnen "Q1 2027"`},
		{"Jaarlijks Q1", "Q1", `"Jaarlijks Q1": jaartal verwacht na "Q1"`},
		{"Q2 2026!", "!", `"Q2 2026!": onverwacht teken "!"`},
		{"Q2 (2026", "(", `"Q2 (2026": haakje "(" wordt niet gesloten`},
		{"Q2 2026)", ")", `"Q2 2026)": haakje ")" zonder "(" ervoor`},
		{"Q2\n20\n26", "20", `"Q2 20 26": jaartal 20 moet tussen 1900 en 2200 liggen`},
	}
	for _, tc := range cases {
		t.Run(tc.expr, func(t *testing.T) {
			e := parseErr(t, tc.expr)
			if got := e.Error(); got != tc.msg {
				t.Errorf("Error() =\n  %s\nwant\n  %s", got, tc.msg)
			}
			if e.Expr != tc.expr {
				t.Errorf("Expr = %q, want the phrase as given %q", e.Expr, tc.expr)
			}
			if e.Word != tc.word {
				t.Errorf("Word = %q, want %q", e.Word, tc.word)
			}
			if e.Word != "" && (e.Pos < 0 || !strings.HasPrefix(tc.expr[e.Pos:], e.Word)) {
				t.Errorf("Pos = %d does not locate %q in %q", e.Pos, e.Word, tc.expr)
			}
			if !strings.HasPrefix(e.Error(), `"`+collapseSpace(tc.expr)+`": `) {
				t.Errorf("message %q does not start by quoting the phrase", e.Error())
			}
		})
	}
}

// TestParseErrorResult checks that a failed parse still reports the phrase.
func TestParseErrorResult(t *testing.T) {
	r, err := Parse("Q9 2026", DefaultWindow())
	if err == nil {
		t.Fatal("want an error")
	}
	if r.Expr != "Q9 2026" || len(r.Occurrences) != 0 {
		t.Errorf("result on error = %+v, want only Expr", r)
	}
}
