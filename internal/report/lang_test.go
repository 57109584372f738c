package report

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// dutchOwnWords are words the report writes itself in Dutch; none may be left in an English
// draft. (The programme's texts and the answers stay Dutch, so only the report's own words
// can be checked.)
var dutchOwnWords = []string{
	dutch.introHeading, dutch.landelijk, dutch.inkoop, dutch.placeholder, dutch.overviewHeading,
	dutch.missingHeading, dutch.effects, dutch.reached, dutch.open, dutch.meetings, dutch.unapproved,
	dutch.noMilestone, "Rapportageperiode", "Portefeuillehoudersoverleg", "Datum concept", "tot en met",
	"Staafdiagram", "streefwaarde", "Programmalijn ", "Doel 1:", "Actie 1a", "(wie:", "geen reactie",
	"op schema", "via het webformulier", "via e-mail", "Contractgesprek ", "Voortgangsrapportage",
	"Geachte", "Raadsinformatiebrief", "Onderwerp", "Vertraagde acties", "helft",
	"Status van alle acties", "Periode", "Waarde",
}

func TestEnglishDraft(t *testing.T) {
	d := setup(t).buildIn(t, "en")
	if d.Lang != "en" || d.PeriodLabel != "first half of 2027" {
		t.Errorf("Lang = %q, PeriodLabel = %q", d.Lang, d.PeriodLabel)
	}
	md := string(Markdown(d, Coordinator))
	for _, want := range []string{
		"# Progress report on the Uitvoeringsprogramma Bescherming & Opvang 2026-2029",
		"## Introduction", "## National developments", "## Procurement outcomes",
		"## Programme line 1 – Preventie en perspectief",
		"### Goal 1: Continueren en doorontwikkelen Herstelnetwerk",
		"#### Action 1a", "*(who: Regio)*",
		"## Overview of all actions", "## Missing answers",
		"Portfolio holders' meeting: 8 July 2027",
		"Reporting period: first half of 2027 (1 January 2027 to 30 June 2027)",
		"The three programme lines are:",
		"Programme line Preventie en perspectief consists of four goals",
		"*To be written by the coordinator.*",
		"| Action | Description | Lead | Status |",
		"| Period | Value | Target |",
		"(target 25 kaarten per year)",
		"Contract meeting Beschermd wonen en beschermd thuis",
		"*— Anna de Vries, 2 June 2027, by email*",
		"*(not yet approved)*",
		// The programme's own content and the answers stay as written.
		"Het herstelteam is op sterkte en werkt regionaal.",
		"Het Nationaal Actieplan Dakloosheid *Eerst een Thuis*",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("English Markdown lacks %q", want)
		}
	}
	tests := []struct {
		name, ref, want string
	}{
		{"lead reports done", "1a", "done"},
		{"newest answer of the lead counts", "3a", "delayed"},
		{"lead did not answer", "9a", "no answer"},
		{"nothing planned, nothing reported", "1b", "no milestone in this period"},
		{"contributor does not count as lead", "2a", "on track"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := findAction(t, d, tt.ref).StatusText; got != tt.want {
				t.Errorf("action %s: status %q, want %q", tt.ref, got, tt.want)
			}
		})
	}

	outputs := map[string]string{
		"Markdown coordinator": md,
		"Markdown meeting":     string(Markdown(d, Meeting)),
		"HTML coordinator":     string(HTML(d, Coordinator)),
		"letter":               string(Raadsinformatiebrief(d).Markdown()),
	}
	for name, out := range outputs {
		for _, w := range dutchOwnWords {
			if strings.Contains(out, w) {
				t.Errorf("%s contains the Dutch %q", name, w)
			}
		}
	}
	if !strings.Contains(outputs["HTML coordinator"], `<html lang="en">`) {
		t.Error(`HTML lacks lang="en"`)
	}
	if !strings.Contains(outputs["HTML coordinator"], "Bar chart of Verstrekte crisiskaarten per period (first half of 2026: 10, second half of 2026: 12, first half of 2027: 14); target 25 kaarten per year.") {
		t.Error("HTML lacks the English chart description")
	}
}

func TestLangOfInput(t *testing.T) {
	f := setup(t)
	tests := []struct {
		name, lang, wantLang, wantTitle string
	}{
		{"geen taal opgegeven geeft Nederlands", "", "nl", "Voortgangsrapportage "},
		{"Nederlands", "nl", "nl", "Voortgangsrapportage "},
		{"English", "en", "en", "Progress report on the "},
		{"English with a region, any case", "EN-gb", "en", "Progress report on the "},
		{"an unsupported language falls back to Dutch", "fr", "nl", "Voortgangsrapportage "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Build(context.Background(), Input{Store: f.store, Programme: f.p, Period: "2026H2",
				Now: previousNow, Lang: tt.lang})
			if err != nil {
				t.Fatal(err)
			}
			if d.Lang != tt.wantLang || !strings.HasPrefix(d.Title, tt.wantTitle) {
				t.Errorf("Lang = %q, Title = %q; want %q, %q…", d.Lang, d.Title, tt.wantLang, tt.wantTitle)
			}
			if l := Raadsinformatiebrief(d); l.Lang != tt.wantLang {
				t.Errorf("letter Lang = %q, want %q", l.Lang, tt.wantLang)
			}
		})
	}
}

func TestStoredDraftKeepsItsLanguage(t *testing.T) {
	f := setup(t)
	t.Run("English draft round-trips", func(t *testing.T) {
		d := f.buildIn(t, "en")
		raw, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(raw, []byte(`"lang":"en"`)) {
			t.Error(`JSON lacks "lang":"en"`)
		}
		var back Draft
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(HTML(&back, Coordinator), HTML(d, Coordinator)) {
			t.Error("a stored English draft reads back differently")
		}
	})
	t.Run("draft stored before drafts had a language is Dutch", func(t *testing.T) {
		d := f.build(t)
		raw, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "lang")
		old, _ := json.Marshal(m)
		var back Draft
		if err := json.Unmarshal(old, &back); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(Markdown(&back, Coordinator), Markdown(d, Coordinator)) {
			t.Error("an old draft without lang no longer renders as before")
		}
	})
}

var verb = regexp.MustCompile(`%[a-z]`)

// TestLexiconsMatch guards the label table: every word has an English counterpart, and every
// sentence takes the same arguments in the same order in both languages.
func TestLexiconsMatch(t *testing.T) {
	nl, en := reflect.ValueOf(*dutch), reflect.ValueOf(*english)
	typ := nl.Type()
	for i := 0; i < typ.NumField(); i++ {
		name := typ.Field(i).Name
		a, b := nl.Field(i), en.Field(i)
		switch a.Kind() {
		case reflect.String:
			if b.String() == "" && a.String() != "" {
				t.Errorf("%s: no English", name)
			}
			if va, vb := verb.FindAllString(a.String(), -1), verb.FindAllString(b.String(), -1); !reflect.DeepEqual(va, vb) {
				t.Errorf("%s: verbs %v in Dutch, %v in English", name, va, vb)
			}
		case reflect.Slice, reflect.Array:
			if a.Len() != b.Len() {
				t.Errorf("%s: %d Dutch, %d English", name, a.Len(), b.Len())
			}
			for j := 0; j < b.Len() && b.Index(j).Kind() == reflect.String; j++ {
				if b.Index(j).String() == "" {
					t.Errorf("%s[%d]: no English", name, j)
				}
			}
		case reflect.Map:
			for _, k := range a.MapKeys() {
				if !b.MapIndex(k).IsValid() {
					t.Errorf("%s[%v]: no English", name, k)
				}
			}
		case reflect.Func:
			if b.IsNil() {
				t.Errorf("%s: no English", name)
			}
		}
	}
}

func TestEnglishWords(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"twenty in words", english.number(20), "twenty"},
		{"above twenty in digits", english.number(21), "21"},
		{"one goal", english.count(1, english.goalNoun), "one goal"},
		{"eight goals", english.count(8, english.goalNoun), "eight goals"},
		{"list", english.join([]string{"a", "b", "c"}), "a, b and c"},
		{"date", english.date(time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)), "1 February 2027"},
		{"period in running text", english.period("2027H1"), "first half of 2027"},
		{"Dutch period in running text", dutch.period("2027H1"), "eerste helft van 2027"},
		{"summary", english.summary(StatusCounts{Actions: 6, OnTrack: 2, Delayed: 1, NoAnswer: 3}),
			"two on track, one delayed and three still without an answer"},
		{"unknown source", english.source("teams"), "via teams"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestOfficeDOCXEnglish(t *testing.T) {
	needTool(t, "pandoc", "pandoc")
	d := setup(t).buildIn(t, "en")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	doc, err := Office(ctx, d, Coordinator, "docx", "")
	if err != nil {
		t.Fatal(err)
	}
	styles, _, _, text := docxParts(t, doc)
	if !styles["Heading1"] || !styles["Heading2"] {
		t.Errorf("no heading styles (styles: %v)", styles)
	}
	for _, want := range []string{"Introduction", "National developments", "Procurement outcomes",
		"Programme line 1 – Preventie en perspectief", "Goal 1: Continueren en doorontwikkelen Herstelnetwerk",
		"Overview of all actions", "Missing answers", "To be written by the coordinator."} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q", want)
		}
	}
	for _, w := range []string{"Inleiding", "Programmalijn 1", "Ontbrekende reacties", "Overzicht van alle acties"} {
		if strings.Contains(text, w) {
			t.Errorf("English document contains the Dutch %q", w)
		}
	}
	if got := docxFile(t, doc, "docProps/core.xml"); !strings.Contains(got, "Progress report on the") {
		t.Errorf("document title is not English: %s", got)
	}
	if got := docxFile(t, doc, "word/styles.xml"); !strings.Contains(got, `w:val="en-GB"`) {
		t.Error("document language is not en-GB")
	}
}

// docxFile returns one file of a .docx as text.
func docxFile(t *testing.T, doc []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatalf("docx is geen zip: %v", err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
