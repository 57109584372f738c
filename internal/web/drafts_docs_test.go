package web

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/report"
	"github.com/regiogv/voortgang/internal/store"
)

// The board previews the meeting's version in the browser (sandboxed) and offers the
// raadsinformatiebrief as Word, OpenDocument and PDF; the PDF is made from the stored Word
// document when asked for.
func TestDraftPreviewAndLetterDocuments(t *testing.T) {
	if _, err := exec.LookPath("pandoc"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pandoc ontbreekt")
		}
		t.Skip("pandoc niet geïnstalleerd")
	}
	e := setupBoard(t)
	ctx := context.Background()
	d, err := report.Build(ctx, report.Input{Store: e.store, Programme: e.cycle.Programmes()[0], Period: period, Now: e.clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	letter := report.Raadsinformatiebrief(d)
	docx, err := letter.Office(ctx, "docx", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.AddDraft(ctx, store.Draft{Period: period, Markdown: "# x", CreatedBy: "voortgang"}, map[string][]byte{
		"vergadering-html": report.HTML(d, report.Meeting), "raadsinformatiebrief.md": letter.Markdown(),
		"raadsinformatiebrief.docx": docx,
	}, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	v := e.signedIn(viewerKey, viewerPass)
	page := v.get("/concepten/2026H2")
	mustContain(t, page.body, `href="/concepten/2026H2/1/bekijken"`, "Bekijk de versie voor het PHO in de browser",
		`href="/concepten/2026H2/1/raadsinformatiebrief.docx"`, `href="/concepten/2026H2/1/raadsinformatiebrief.pdf"`,
		"Raadsinformatiebrief (PDF)")
	mustNotContain(t, page.body, `raadsinformatiebrief.odt"`) // not stored, not offered

	pv := v.get("/concepten/2026H2/1/bekijken")
	if pv.code != 200 || !strings.HasPrefix(pv.header.Get("Content-Type"), "text/html") || pv.header.Get("Content-Disposition") != "" ||
		!strings.HasPrefix(pv.header.Get("Content-Security-Policy"), "sandbox") || !strings.Contains(pv.body, "Voortgangsrapportage") {
		t.Errorf("preview = %d %v", pv.code, pv.header)
	}
	if r := v.get("/concepten/2026H2/9/bekijken"); r.code != 404 {
		t.Errorf("preview of a missing version = %d", r.code)
	}

	if _, err := exec.LookPath("soffice"); err != nil && os.Getenv("CI") == "" {
		t.Skip("LibreOffice niet geïnstalleerd")
	}
	pdf := v.get("/concepten/2026H2/1/raadsinformatiebrief.pdf")
	if pdf.code != 200 || !strings.HasPrefix(pdf.body, "%PDF-") || pdf.header.Get("Content-Type") != "application/pdf" ||
		!strings.Contains(pdf.header.Get("Content-Disposition"), "raadsinformatiebrief-2026H2-v1.pdf") {
		t.Errorf("letter pdf = %d %v", pdf.code, pdf.header)
	}
}

// The board names people, not keys: a draft by a coordinator is "door Sanne Bakker", one built
// on the deadline "door voortgang (automatisch)".
func TestDraftsNamePeople(t *testing.T) {
	e := setupBoard(t)
	ctx := context.Background()
	for _, by := range []string{"voortgang", coordKey} {
		if _, err := e.store.AddDraft(ctx, store.Draft{Period: period, Markdown: "# x", CreatedBy: by}, map[string][]byte{"md": []byte("# x")}, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	page := e.signedIn(coordKey, coordPass).get("/concepten/2026H2")
	mustContain(t, page.body, "door Sanne Bakker.", "door voortgang (automatisch).")
	mustNotContain(t, page.body, "door "+coordKey+".")
}
