package email

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func loadTemplates(t *testing.T) *Templates {
	t.Helper()
	tp, err := LoadTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

func TestTemplatesGolden(t *testing.T) {
	tp := loadTemplates(t)
	for _, kind := range Kinds {
		for _, lang := range Languages {
			subject, text, html, err := tp.Render(kind, lang, SampleData(kind))
			if err != nil {
				t.Fatalf("%s/%s: %v", lang, kind, err)
			}
			for part, got := range map[string]string{"subject": subject + "\n", "text": text, "html": html} {
				t.Run(kind+"/"+lang+"/"+part, func(t *testing.T) {
					golden := filepath.Join("testdata", kind+"."+lang+"."+part+".golden")
					if *update {
						if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					want, err := os.ReadFile(golden)
					if err != nil {
						t.Fatalf("%v (run go test -update)", err)
					}
					if got != string(want) {
						t.Errorf("%s differs from the rendered %s; run go test -update and review the diff\n--- got ---\n%s", golden, part, got)
					}
				})
			}
		}
	}
}

func TestStatusRequestSubjectCarriesToken(t *testing.T) {
	tp := loadTemplates(t)
	subject, text, _, err := tp.Render(KindStatusRequest, "nl", SampleData(KindStatusRequest))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Uitvraag voortgang tweede helft 2026 – graag vóór 1 februari 2027 [vg:AbC123]"; subject != want {
		t.Errorf("subject = %q, want %q", subject, want)
	}
	// The reply instructions name the references and every status word.
	for _, want := range []string{"[15a] op schema", "[15b] vertraagd", "op schema, vertraagd, gereed, niet gestart of vervallen", "https://voortgang.regiogv.nl/antwoord/AbC123", "Beste Anna,", "Met vriendelijke groet,"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func TestReminderSubjects(t *testing.T) {
	tp := loadTemplates(t)
	tests := []struct {
		number int
		lang   string
		prefix string
	}{
		{1, "nl", "Herinnering: uitvraag voortgang tweede helft 2026"},
		{2, "nl", "Tweede herinnering: uitvraag voortgang"},
		{3, "nl", "Derde herinnering:"},
		{1, "en", "Reminder: progress update second half of 2026"},
		{2, "en", "Second reminder:"},
	}
	for _, tt := range tests {
		d := SampleData(KindReminder).(ReminderData)
		d.Number = tt.number
		subject, _, _, err := tp.Render(KindReminder, tt.lang, &d)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(subject, tt.prefix) || !strings.HasSuffix(subject, "[vg:AbC123]") {
			t.Errorf("reminder %d (%s): subject %q, want prefix %q and the token", tt.number, tt.lang, subject, tt.prefix)
		}
	}
}

func TestRenderEscapesUserTextInHTML(t *testing.T) {
	tp := loadTemplates(t)
	evil := `<script>alert("x")</script>`
	d := SampleData(KindConfirmation).(ConfirmationData)
	d.Contact = "Anna <b>"
	d.Recorded = append([]Item(nil), d.Recorded...)
	d.Recorded[0].ActionText = evil
	d.Recorded[0].LastAnswer = &Answer{Status: i18n.StatusDone, Text: "Klaar.\n" + evil, At: time.Now()}
	d.ChangeURL = `javascript:alert(1)`
	_, text, html, err := tp.Render(KindConfirmation, "nl", d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, "<script>") || strings.Contains(html, "<b>") {
		t.Errorf("user text reached the HTML unescaped:\n%s", html)
	}
	if !strings.Contains(html, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Errorf("escaped script text missing from HTML")
	}
	if strings.Contains(html, `href="javascript:`) {
		t.Errorf("a javascript: URL became a link")
	}
	if !strings.Contains(text, evil) {
		t.Errorf("the text part should carry the answer as written")
	}
}

func TestRenderChecksData(t *testing.T) {
	tp := loadTemplates(t)
	if _, _, _, err := tp.Render(KindStatusRequest, "nl", ReminderData{}); err == nil {
		t.Error("rendering a status request with reminder data succeeded")
	}
	if _, _, _, err := tp.Render("nieuwsbrief", "nl", RequestData{}); err == nil {
		t.Error("an unknown kind rendered")
	}
	d := SampleData(KindSummary).(SummaryData)
	if _, _, _, err := tp.Render(KindSummary, "en-GB", &d); err != nil {
		t.Errorf("pointer data: %v", err)
	}
}

func TestRenderWithoutOptionalParts(t *testing.T) {
	tp := loadTemplates(t)
	d := DigestData{Contact: "Mark", From: time.Date(2027, 3, 1, 0, 0, 0, 0, i18n.Amsterdam()), To: time.Date(2027, 3, 31, 0, 0, 0, 0, i18n.Amsterdam())}
	_, text, _, err := tp.Render(KindDigest, "nl", d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "In deze periode staat er niets voor u gepland.") || strings.Contains(text, "formulier") {
		t.Errorf("empty digest:\n%s", text)
	}
	s := SampleData(KindSummary).(SummaryData)
	s.Missing, s.Answered = nil, s.Total
	_, text, _, err = tp.Render(KindSummary, "nl", s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Iedereen heeft gereageerd.") {
		t.Errorf("complete summary:\n%s", text)
	}
}

func TestLoadTemplatesOverride(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("nl/statusrequest.subject.tmpl", "Graag uw voortgang over de {{period .Period}} {{tag .Token}}\n")
	tp, err := LoadTemplates(dir)
	if err != nil {
		t.Fatal(err)
	}
	subject, _, _, err := tp.Render(KindStatusRequest, "nl", SampleData(KindStatusRequest))
	if err != nil {
		t.Fatal(err)
	}
	if subject != "Graag uw voortgang over de tweede helft 2026 [vg:AbC123]" {
		t.Errorf("override not used: %q", subject)
	}
	if subject, _, _, _ := tp.Render(KindStatusRequest, "en", SampleData(KindStatusRequest)); !strings.HasPrefix(subject, "Progress update") {
		t.Errorf("English subject changed too: %q", subject)
	}

	tests := []struct {
		name, file, body, want string
	}{
		{"syntaxfout", "nl/reminder.text.tmpl", "Beste {{.Contact}", "reminder.text.tmpl"},
		{"onbekend veld", "en/digest.html.tmpl", "<p>{{.Nope}}</p>", "Nope"},
		{"kapotte gedeelde blok", "nl/_item.text.tmpl", `{{define "item"}}{{.Ref}`, "_item.text.tmpl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir = t.TempDir()
			write(tt.file, tt.body)
			_, err := LoadTemplates(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one naming %q", err, tt.want)
			}
		})
	}
	if _, err := LoadTemplates(filepath.Join(dir, "bestaat-niet")); err == nil {
		t.Error("a missing override directory was accepted")
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v      any
		nl, en string
	}{
		{2.0, "2", "2"},
		{1250.5, "1.250,5", "1,250.5"},
		{-1234567.0, "-1.234.567", "-1,234,567"},
		{0.25, "0,25", "0.25"},
		{12, "12", "12"},
		{(*float64)(nil), "", ""},
	}
	for _, tt := range tests {
		if got := formatNumber(tt.v, "nl"); got != tt.nl {
			t.Errorf("nl %v = %q, want %q", tt.v, got, tt.nl)
		}
		if got := formatNumber(tt.v, "en"); got != tt.en {
			t.Errorf("en %v = %q, want %q", tt.v, got, tt.en)
		}
	}
}
