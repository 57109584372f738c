package report

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from line %d:\n got: %q\nwant: %q\n(run with -update if the change is intended)", name, i+1, g, w)
			}
		}
	}
}

func TestGolden(t *testing.T) {
	f := setup(t)
	d := f.build(t)
	en := f.buildIn(t, "en")
	tests := []struct {
		name string
		got  []byte
	}{
		{"draft-coordinator.golden.md", Markdown(d, Coordinator)},
		{"draft-meeting.golden.md", Markdown(d, Meeting)},
		{"draft-coordinator.golden.html", HTML(d, Coordinator)},
		{"draft-meeting.golden.html", HTML(d, Meeting)},
		{"raadsinformatiebrief.golden.md", Raadsinformatiebrief(d).Markdown()},
		{"draft-coordinator.en.golden.md", Markdown(en, Coordinator)},
		{"draft-coordinator.en.golden.html", HTML(en, Coordinator)},
		{"raadsinformatiebrief.en.golden.md", Raadsinformatiebrief(en).Markdown()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { golden(t, tt.name, tt.got) })
	}
}

func TestTitleAndStructure(t *testing.T) {
	d := setup(t).build(t)
	if d.PeriodLabel != "eerste helft 2027" {
		t.Errorf("PeriodLabel = %q", d.PeriodLabel)
	}
	md := string(Markdown(d, Coordinator))
	for _, want := range []string{
		"## Inleiding", "## Landelijke ontwikkelingen", "## Uitkomsten inkoop",
		"## Programmalijn 1 – Preventie en perspectief",
		"## Programmalijn 3 – Een integrale benadering vanuit zorg en veiligheid",
		"### Doel 1: Continueren en doorontwikkelen Herstelnetwerk",
		"## Overzicht van alle acties", "## Ontbrekende reacties",
		"Portefeuillehoudersoverleg: 8 juli 2027",
		"De drie programmalijnen zijn:",
		"De programmalijn Preventie en perspectief bestaat uit vier doelen",
		"*Nog in te vullen door de coördinator.*",               // uitkomsten inkoop was not written
		"Het Nationaal Actieplan Dakloosheid *Eerst een Thuis*", // coordinator Markdown kept
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown mist %q", want)
		}
	}
}

func TestActionStatus(t *testing.T) {
	d := setup(t).build(t)
	tests := []struct {
		name, ref, want string
	}{
		{"trekker meldt gereed", "1a", "gereed"},
		{"laatste reactie van de trekker telt, ook ongoedgekeurd", "3a", "vertraagd"},
		{"gemeenten: de status die de meeste aandacht vraagt", "9i", "vertraagd"},
		{"antwoord op een taak geeft de status", "15a", "gereed"},
		{"trekker heeft niet gereageerd", "9a", "geen reactie"},
		{"niets gepland en niets gemeld", "1b", "geen mijlpaal in deze periode"},
		{"bijdrager telt niet als trekker", "2a", "op schema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := findAction(t, d, tt.ref).StatusText; got != tt.want {
				t.Errorf("actie %s: status %q, want %q", tt.ref, got, tt.want)
			}
		})
	}
}

func TestMunicipalitiesEachReported(t *testing.T) {
	d := setup(t).build(t)
	a := findAction(t, d, "9i")
	var owners []string
	for _, ans := range a.Answers {
		owners = append(owners, ans.Owner+"="+ans.StatusText)
	}
	want := "Gemeente Gooise Meren=op schema,Gemeente Hilversum=op schema,Gemeente Huizen=vertraagd"
	if got := strings.Join(owners, ","); got != want {
		t.Errorf("reacties 9i = %s, want %s", got, want)
	}
	md := string(Markdown(d, Coordinator))
	if !strings.Contains(md, "**Gemeente Huizen** – vertraagd") {
		t.Error("Markdown noemt niet wat Huizen meldde")
	}
	if md := string(Markdown(d, Meeting)); !strings.Contains(md, "Gemeente Huizen (vertraagd): Huizen: de scholing is naar het najaar verschoven.") {
		t.Error("PHO-versie noemt niet wat Huizen meldde")
	}
}

func TestMissingAnswersFanOutToMunicipalities(t *testing.T) {
	f := setup(t)
	// In 2026H2 only Hilversum answered for 9i (owner gemeenten).
	d, err := Build(context.Background(), Input{Store: f.store, Programme: f.p, Period: "2026H2", Now: previousNow})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range d.Missing {
		if m.Ref == "9i" {
			got[m.Owner] = m.Contact
		}
	}
	want := map[string]string{
		"Gemeente Blaricum": "Kees Visser", "Gemeente Eemnes": "", "Gemeente Gooise Meren": "Sanne Bakker",
		"Gemeente Huizen": "Fatima el Amrani", "Gemeente Laren": "", "Gemeente Wijdemeren": "",
	}
	if len(got) != len(want) {
		t.Fatalf("ontbrekend voor 9i: %v, want %v", got, want)
	}
	for k, v := range want {
		if c, ok := got[k]; !ok || c != v {
			t.Errorf("ontbrekend %s: %q (%v), want %q", k, c, ok, v)
		}
	}
	if findAction(t, d, "9i").StatusText != "op schema" {
		t.Errorf("9i in 2026H2: %q, want op schema (Hilversum)", findAction(t, d, "9i").StatusText)
	}
	html := string(HTML(d, Coordinator))
	if !strings.Contains(html, "<td>Gemeente Eemnes</td><td>geen contactpersoon bekend</td>") {
		t.Error("HTML noemt Eemnes niet als ontbrekend zonder contactpersoon")
	}
}

// The PHO version names no officials and carries no internal markers; it lists quiet actions
// in one line, carries the previous report's approved text over and shows figures per
// organisation with their source.
func TestMeetingVersionIsFitForThePHO(t *testing.T) {
	d := setup(t).build(t)
	names := []string{"Anna de Vries", "Pieter Jansen", "Fatima el Amrani", "Sanne Bakker", "Kees Visser",
		"Joost Mulder", "Lotte de Boer"}
	markers := []string{"nog niet goedgekeurd", "Nog in te vullen", "Ontbrekende reacties", "Contactpersoon",
		"(wie:", "Nog open in deze periode", "Bereikte mijlpalen", "geen reactie", "geen mijlpaal in deze periode",
		"ontbreekt nog een reactie"}
	for _, out := range []struct{ name, text string }{
		{"md", string(Markdown(d, Meeting))}, {"html", string(HTML(d, Meeting))},
	} {
		if out.name == "md" {
			// The letter to the councils speaks as the PHO version does.
			letter := string(Raadsinformatiebrief(d).Markdown())
			for _, bad := range append(names, "ontbreekt nog een reactie", "nog niet goedgekeurd") {
				if strings.Contains(letter, bad) {
					t.Errorf("raadsinformatiebrief bevat %q", bad)
				}
			}
		}
		t.Run(out.name, func(t *testing.T) {
			for _, bad := range append(names, markers...) {
				if strings.Contains(out.text, bad) {
					t.Errorf("PHO-versie bevat %q", bad)
				}
			}
			for _, want := range []string{
				"Over de acties 1b, 1c, 1d, 1e, 1f en 1g is in deze periode niets te melden.",
				"De actie is vertraagd. Zoals verwoord in de vorige voortgangsrapportage: Vijf nieuwe crisiskaarten verstrekt.",
				"De actie is gereed. Zoals verwoord in de vorige voortgangsrapportage: Het herstelteam is op sterkte.",
				"Bron: opgave van de organisaties, laatst bijgewerkt op 12 juni 2027.",
			} {
				if !strings.Contains(out.text, want) {
					t.Errorf("PHO-versie mist %q", want)
				}
			}
		})
	}
	if md := string(Markdown(d, Meeting)); !strings.Contains(md, "| Gemeente Huizen | 8 |") {
		t.Error("PHO-versie heeft geen tabel met cijfers per gemeente")
	}
	// The coordinator's version still has all of it.
	md := string(Markdown(d, Coordinator))
	for _, want := range []string{"Anna de Vries", "nog niet goedgekeurd", "Ontbrekende reacties", "Nog open in deze periode"} {
		if !strings.Contains(md, want) {
			t.Errorf("coördinatorversie mist %q", want)
		}
	}
}

func TestTracesOnlyForCoordinator(t *testing.T) {
	d := setup(t).build(t)
	trace := "— Anna de Vries, 2 juni 2027, via e-mail"
	for _, tt := range []struct {
		name  string
		out   string
		shown bool
	}{
		{"Markdown coördinator", string(Markdown(d, Coordinator)), true},
		{"HTML coördinator", string(HTML(d, Coordinator)), true},
		{"Markdown PHO", string(Markdown(d, Meeting)), false},
		{"HTML PHO", string(HTML(d, Meeting)), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Contains(tt.out, trace); got != tt.shown {
				t.Errorf("spoor getoond = %v, want %v", got, tt.shown)
			}
			if got := strings.Contains(tt.out, "ingevoerd op het bord"); got != tt.shown {
				t.Errorf("bron bord getoond = %v, want %v", got, tt.shown)
			}
		})
	}
}

func TestUnapprovedMarked(t *testing.T) {
	d := setup(t).build(t)
	md := string(Markdown(d, Coordinator))
	if !strings.Contains(md, "minder kaarten verstrekt dan gepland. *(nog niet goedgekeurd)*") {
		t.Error("ongoedgekeurde toelichting 3a niet gemarkeerd")
	}
	if strings.Contains(md, "op sterkte en werkt regionaal. *(nog niet goedgekeurd)*") {
		t.Error("goedgekeurde toelichting 1a ten onrechte gemarkeerd")
	}
}

func TestIndicatorsOverPeriods(t *testing.T) {
	d := setup(t).build(t)
	tests := []struct {
		name, ref, key string
		want           []string
	}{
		{"één aanleverancier over drie perioden", "3a", "crisiskaarten", []string{"10", "12", "14"}},
		{"gemeenten opgeteld, tekst apart", "19c", "handle-with-care-scholen", []string{"60", "65", "78; nog niet bekend"}},
		{"antwoord op een taak telt mee", "15a", "bozv-overleggen", []string{"–", "1", "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := findAction(t, d, tt.ref)
			if len(a.Indicators) != 1 || a.Indicators[0].Key != tt.key {
				t.Fatalf("indicatoren %s: %+v", tt.ref, a.Indicators)
			}
			var got []string
			for _, v := range a.Indicators[0].Values {
				got = append(got, valueText(dutch, v))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("waarden %v, want %v", got, tt.want)
			}
		})
	}
	html := string(HTML(d, Meeting))
	for _, want := range []string{`<svg class="chart" role="img" aria-labelledby="grafiek-crisiskaarten-t grafiek-crisiskaarten-d"`,
		`<desc id="grafiek-crisiskaarten-d">Staafdiagram Verstrekte crisiskaarten per periode (eerste helft 2026: 10, tweede helft 2026: 12, eerste helft 2027: 14); streefwaarde 25 kaarten per jaar.</desc>`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML mist %q", want)
		}
	}
}

func TestMilestonesAndMeetings(t *testing.T) {
	d := setup(t).build(t)
	a := findAction(t, d, "15a")
	if len(a.Reached) == 0 {
		t.Errorf("15a: mijlpaal met antwoord gereed niet bereikt: open %+v", a.Open)
	}
	a = findAction(t, d, "9a")
	if len(a.Meetings) != 1 || !strings.HasPrefix(a.Meetings[0].Title, "Contractgesprek") {
		t.Errorf("9a contractgesprekken: %+v", a.Meetings)
	}
	if len(a.Reached) != 0 || len(a.Open) == 0 {
		t.Errorf("9a zonder reactie: bereikt %d, open %d", len(a.Reached), len(a.Open))
	}
}

func TestChangesSincePreviousDraft(t *testing.T) {
	d := setup(t).build(t)
	got := map[string]string{}
	for _, c := range d.Changes {
		got[c.Ref] = c.FromText + "→" + c.ToText
	}
	want := map[string]string{"1a": "op schema→gereed", "3a": "op schema→vertraagd", "9i": "op schema→vertraagd", "15a": "op schema→gereed"}
	if len(got) != len(want) {
		t.Errorf("wijzigingen %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("wijziging %s = %q, want %q", k, got[k], v)
		}
	}
	l := Raadsinformatiebrief(d)
	if len(l.Delayed) != 2 || !strings.HasPrefix(l.Delayed[0], "Actie 3a") || !strings.HasPrefix(l.Delayed[1], "Actie 9i") {
		t.Errorf("vertraagd in brief: %v", l.Delayed)
	}
	if !strings.Contains(l.Changes[0], "is nu gereed") {
		t.Errorf("brief noemt afgeronde acties niet eerst: %v", l.Changes)
	}
}

func TestPreviousDraftRoundTripsAsJSON(t *testing.T) {
	f := setup(t)
	d := f.build(t)
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back Draft
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(Markdown(&back, Coordinator), Markdown(d, Coordinator)) {
		t.Error("een opgeslagen concept geeft na inlezen een andere tekst")
	}
}

func TestEscaping(t *testing.T) {
	d := setup(t).build(t)
	html := string(HTML(d, Coordinator))
	if strings.Contains(html, "<script") {
		t.Error("HTML bevat een script-element uit een antwoord")
	}
	if !strings.Contains(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") {
		t.Error("HTML toont de tekst van het antwoord niet letterlijk")
	}
	if strings.Contains(html, `href="javascript`) {
		t.Error("HTML bevat een javascript-link")
	}

	// The Markdown, read back by a CommonMark parser, must keep the answer as one paragraph:
	// no heading, list, table, emphasis, link or raw HTML from the answer.
	md := Markdown(d, Coordinator)
	var out bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.Table)).Convert(md, &out); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, bad := range []string{"<script", "<h1>geen kop", "<li>geen lijst", "<em>schuin", "<strong>vet", `<a href="javascript`} {
		if strings.Contains(s, bad) {
			t.Errorf("Markdown van het antwoord wordt opmaak: %q", bad)
		}
	}
	want := "<p>Voorlichting *vet* en _schuin_ aan 40% van de ouders &lt;script&gt;alert('x')&lt;/script&gt; # geen kop - geen lijst | geen tabel [link](javascript:alert(1)) &amp;amp; @citaat $x$</p>"
	if !strings.Contains(s, want) {
		t.Errorf("antwoord niet letterlijk terug uit de Markdown; zoek %q", want)
	}
	// The structure survives: as many level-2 headings as the draft has top sections.
	if got, want := strings.Count(s, "<h2>"), 3+len(d.Sections)+len(d.Lines); got != want {
		t.Errorf("%d kopjes van niveau 2, want %d", got, want)
	}
}

func TestMdEscape(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"gewone zin", "Het loopt volgens plan.", "Het loopt volgens plan."},
		{"opsomming aan het begin", "- punt", `\- punt`},
		{"genummerd aan het begin", "12. punt", `12\. punt`},
		{"kop", "# kop", `\# kop`},
		{"nadruk en link", "*a* [b](c)", `\*a\* \[b\](c)`},
		{"html", "<b>", `\<b\>`},
		{"ampersand als entiteit", "&amp; & co", `\&amp; & co`},
		{"regels worden één alinea", "a\n\nb", "a b"},
		{"pandoc: citaat, wiskunde, superscript", "@x $y$ ^z^ ~s~", `\@x \$y\$ \^z\^ \~s\~`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mdEscape(tt.in); got != tt.want {
				t.Errorf("mdEscape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestReportingPeriods(t *testing.T) {
	// Build refuses what is not a half year, before it reads anything.
	for _, bad := range []string{"2026H3", "najaar", ""} {
		if _, err := Build(context.Background(), Input{Store: nilStore{}, Programme: &programme.Programme{}, Period: bad}); err == nil ||
			!strings.Contains(err.Error(), "geen geldige periode") {
			t.Errorf("Build(%q) = %v, want a clear refusal", bad, err)
		}
	}
	last, _ := config.ParsePeriod("2027H1")
	if got := halfYears(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), last); strings.Join(got, ",") != "2026H1,2026H2,2027H1" {
		t.Errorf("halfYears = %v", got)
	}
	if got := halfYears(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), last); strings.Join(got, ",") != "2026H2,2027H1" {
		t.Errorf("halfYears from the second half = %v", got)
	}
}

// nilStore stands in where Build must fail before it touches the store.
type nilStore struct{ store.Store }

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"12", 12, true}, {"12,5", 12.5, true}, {"1.250", 1250, true}, {"75%", 75, true},
		{"ca. 40", 40, true}, {"nog niet bekend", 0, false}, {"", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseNumber(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		name string
		lx   *lexicon
		in   float64
		want string
	}{
		{"Nederlands duizendtal", dutch, 1250, "1.250"},
		{"Nederlandse decimale komma", dutch, 12.5, "12,5"},
		{"Nederlands negatief miljoen", dutch, -1250000, "-1.250.000"},
		{"English thousands", english, 1250, "1,250"},
		{"English decimal point", english, 12.5, "12.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.lx.formatNumber(tt.in); got != tt.want {
				t.Errorf("formatNumber(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFullRealPeriod(t *testing.T) {
	p := loadProgramme(t)
	s := openStore(t, p)
	d, err := Build(context.Background(), Input{Store: s, Programme: p, Period: "2026H2",
		Now: time.Date(2027, 1, 20, 9, 0, 0, 0, ams), Meeting: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	goals := 0
	for _, l := range d.Lines {
		goals += len(l.Goals)
	}
	if len(d.Lines) != 3 || goals != 21 {
		t.Errorf("%d programmalijnen, %d doelen; want 3 en 21", len(d.Lines), goals)
	}
	if !strings.Contains(string(Markdown(d, Meeting)), "1 februari 2027") {
		t.Error("vergaderdatum ontbreekt")
	}
	// Nobody answered, so every expected action is missing and none has a status.
	if d.Counts.NoAnswer != d.Counts.Actions || len(d.Missing) == 0 {
		t.Errorf("tellingen zonder reacties: %+v, %d ontbrekend", d.Counts, len(d.Missing))
	}
	if !strings.Contains(d.Intro.Paragraphs[1], "21 doelen") {
		t.Errorf("inleiding noemt de 21 doelen niet: %q", d.Intro.Paragraphs[1])
	}
}

func TestBuildRejectsBadInput(t *testing.T) {
	f := setup(t)
	for _, tt := range []struct {
		name string
		in   Input
	}{
		{"onbekende periode", Input{Store: f.store, Programme: f.p, Period: "najaar"}},
		{"geen store", Input{Programme: f.p, Period: "2026H2"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Build(context.Background(), tt.in); err == nil {
				t.Error("geen fout")
			}
		})
	}
}

// Columns are weighed by their content: never narrower than the longest word.
func TestColumnWidths(t *testing.T) {
	got := columnWidths([][]string{
		{"Actie", "Omschrijving", "Trekker", "Status"},
		{"1a", "Continueren regionaal inzetbaar team met ervaringsdeskundigen vanuit GGz", "Convenantpartners", "op schema"},
	})
	want := []int{10, 41, 22, 14}
	if !slices.Equal(got, want) {
		t.Errorf("columnWidths = %v, want %v", got, want)
	}
}
