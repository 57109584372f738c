package report

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// needTool skips when a program is missing, except in CI (env CI set), where .ci/run installs
// it and a missing program is a failure.
func needTool(t *testing.T, pkg string, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err == nil {
			return
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s niet gevonden; in CI moet het Debian-pakket %s geïnstalleerd zijn", strings.Join(names, "/"), pkg)
	}
	t.Skipf("%s niet geïnstalleerd (Debian-pakket %s); test overgeslagen", strings.Join(names, "/"), pkg)
}

// docxParts reads a .docx: the paragraph styles and the count of tables in word/document.xml,
// and the names of the media files.
func docxParts(t *testing.T, doc []byte) (styles map[string]bool, tables int, media []string, text string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatalf("docx is geen zip: %v", err)
	}
	styles = map[string]bool{}
	var body strings.Builder
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "word/media/") {
			media = append(media, f.Name)
		}
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(rc)
		for {
			tok, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("document.xml: %v", err)
			}
			switch el := tok.(type) {
			case xml.StartElement:
				switch el.Name.Local {
				case "pStyle":
					for _, a := range el.Attr {
						if a.Name.Local == "val" {
							styles[a.Value] = true
						}
					}
				case "tbl":
					tables++
				}
			case xml.CharData:
				body.Write(el)
			}
		}
		rc.Close()
	}
	return styles, tables, media, body.String()
}

func TestOfficeDOCX(t *testing.T) {
	needTool(t, "pandoc", "pandoc")
	d := setup(t).build(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	doc, err := Office(ctx, d, Meeting, "docx", "")
	if err != nil {
		t.Fatal(err)
	}
	styles, tables, media, text := docxParts(t, doc)
	for _, s := range []string{"Heading1", "Heading2", "Heading3"} {
		if !styles[s] {
			t.Errorf("geen alinea met stijl %s (stijlen: %v)", s, styles)
		}
	}
	if tables == 0 {
		t.Error("geen tabel (w:tbl) in het document")
	}
	if len(media) == 0 {
		t.Error("geen grafiek (word/media/…) in het document")
	}
	for _, want := range []string{"Programmalijn 1 – Preventie en perspectief", "Overzicht van alle acties", "<script>alert("} {
		if !strings.Contains(text, want) {
			t.Errorf("document mist de tekst %q", want)
		}
	}
	for _, bad := range []string{"Anna de Vries", "Ontbrekende reacties", "nog niet goedgekeurd", "Nog in te vullen"} {
		if strings.Contains(text, bad) {
			t.Errorf("PHO-versie bevat %q", bad)
		}
	}
}

func TestOfficeReferenceDocAndODT(t *testing.T) {
	needTool(t, "pandoc", "pandoc")
	d := setup(t).build(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// A reference document made by pandoc itself stands in for the Regio's Word template.
	ref, err := exec.CommandContext(ctx, "pandoc", "--print-default-data-file", "reference.docx").Output()
	if err != nil {
		t.Fatalf("pandoc reference.docx: %v", err)
	}
	path := t.TempDir() + "/huisstijl.docx"
	if err := os.WriteFile(path, ref, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Office(ctx, d, Coordinator, "docx", path); err != nil {
		t.Errorf("docx met sjabloon: %v", err)
	}
	odt, err := Office(ctx, d, Coordinator, "odt", "")
	if err != nil {
		t.Fatalf("odt: %v", err)
	}
	if !bytes.Contains(odt, []byte("application/vnd.oasis.opendocument.text")) {
		t.Error("odt heeft geen OpenDocument-mimetype")
	}
	if _, err := Office(ctx, d, Coordinator, "pdf", ""); err == nil {
		t.Error("onbekend formaat geeft geen fout")
	}
}

// draftPDF is the PDF LibreOffice makes of the Word document of the test draft for a.
func draftPDF(ctx context.Context, t *testing.T, a Audience) []byte {
	t.Helper()
	needTool(t, "pandoc", "pandoc")
	needTool(t, "libreoffice-writer-nogui", "libreoffice", "soffice")
	d := setup(t).build(t)
	doc, err := Office(ctx, d, a, "docx", "")
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := PDF(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

func TestPDF(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	pdf := draftPDF(ctx, t, Meeting)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 10_000 {
		t.Errorf("geen PDF: %d bytes, begint met %q", len(pdf), pdf[:min(8, len(pdf))])
	}

	// Read it back: the contents list is filled, with page numbers.
	needTool(t, "poppler-utils", "pdftotext")
	needUNO(t)
	path := t.TempDir() + "/rapport.pdf"
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(ctx, "pdftotext", "-layout", "-f", "1", "-l", "3", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	info, err := exec.CommandContext(ctx, "pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	if !regexp.MustCompile(`Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts \(A4\)`).Match(info) {
		t.Errorf("PDF is not A4:\n%s", info)
	}
	for _, entry := range []string{"Inleiding", "Programmalijn 1 – Preventie en perspectief", "Overzicht van alle acties"} {
		if !regexp.MustCompile(regexp.QuoteMeta(entry) + `[^\n]*\.{3,}\s*\d+`).MatchString(text) {
			t.Errorf("inhoudsopgave mist %q met paginanummer:\n%s", entry, text)
		}
	}
}

// needUNO skips (fails in CI) when LibreOffice's Python bridge is missing: without it the PDF's
// contents list has no page numbers.
func needUNO(t *testing.T) {
	t.Helper()
	if pythonWithUNO() != "" {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal("python3 met uno niet gevonden; in CI moet het Debian-pakket python3-uno geïnstalleerd zijn")
	}
	t.Skip("python3-uno niet geïnstalleerd; paginanummers in de inhoudsopgave niet getest")
}

// The .docx carries its contents list filled in (Word refreshes it, every other reader shows it
// as it is), one linked line per programmalijn and doel.
func TestDOCXContentsFilled(t *testing.T) {
	needTool(t, "pandoc", "pandoc")
	d := setup(t).build(t)
	doc, err := Office(context.Background(), d, Meeting, "docx", "")
	if err != nil {
		t.Fatal(err)
	}
	xml := docxFile(t, doc, "word/document.xml")
	begin := strings.Index(xml, `w:fldCharType="separate"`)
	end := strings.Index(xml, `w:fldCharType="end"`)
	if begin < 0 || end < begin {
		t.Fatal("geen TOC-veld in het document")
	}
	toc := xml[begin:end]
	for _, want := range []string{`<w:pStyle w:val="TOC1"/>`, `<w:pStyle w:val="TOC2"/>`, "Inleiding",
		"Programmalijn 3 – Een integrale benadering vanuit zorg en veiligheid", "Doel 15: Bestuurlijke afstemming"} {
		if !strings.Contains(toc, want) {
			t.Errorf("inhoudsopgave mist %q", want)
		}
	}
	if strings.Contains(toc, "Actie 1a") {
		t.Error("inhoudsopgave gaat dieper dan doelen")
	}
	if !strings.Contains(xml, `w:fldCharType="begin" w:dirty="true"`) {
		t.Error("TOC-veld niet meer als te vernieuwen gemarkeerd")
	}
}

func TestChartPNG(t *testing.T) {
	ind := IndicatorReport{Key: "crisiskaarten", Target: 25, Values: []IndicatorValue{
		{Period: "2026H1", Value: 10, Known: true}, {Period: "2026H2", Value: 30, Known: true}, {Period: "2027H1"}}}
	img, err := chartPNG(ind)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) {
		t.Error("geen PNG")
	}
	g := chartGeometry{w: 600, h: 280, left: 20, right: 20, top: 20, bottom: 20}
	_, _, hs := bars(ind, g)
	if !(hs[1] > hs[0] && hs[0] > 0 && hs[2] == 0) || hs[1] > g.plotH() {
		t.Errorf("staafhoogten %v passen niet bij de waarden", hs)
	}
	if ty := targetY(ind, g); ty <= g.top || ty >= g.top+g.plotH() {
		t.Errorf("streeflijn op %d buiten het vlak", ty)
	}
}

// The raadsinformatiebrief as Word, OpenDocument and PDF, read back.
func TestLetterOfficeAndPDF(t *testing.T) {
	needTool(t, "pandoc", "pandoc")
	d := setup(t).build(t)
	l := Raadsinformatiebrief(d)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	doc, err := l.Office(ctx, "docx", "")
	if err != nil {
		t.Fatal(err)
	}
	_, _, _, text := docxParts(t, doc)
	for _, want := range []string{"Raadsinformatiebrief", "Geachte leden van de gemeenteraad,", "Vertraagde acties:", "Actie 3a:"} {
		if !strings.Contains(text, want) {
			t.Errorf("brief (docx) mist %q", want)
		}
	}
	odt, err := l.Office(ctx, "odt", "")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(odt, []byte("application/vnd.oasis.opendocument.text")) {
		t.Error("brief (odt) heeft geen OpenDocument-mimetype")
	}
	needTool(t, "libreoffice-writer-nogui", "libreoffice", "soffice")
	needTool(t, "poppler-utils", "pdftotext")
	pdf, err := PDF(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/brief.pdf"
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(ctx, "pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if !strings.Contains(string(out), "Geachte leden van de gemeenteraad,") {
		t.Errorf("brief (pdf) mist de aanhef:\n%s", out)
	}
	if info, err := exec.CommandContext(ctx, "pdfinfo", path).Output(); err != nil || !bytes.Contains(info, []byte("(A4)")) {
		t.Errorf("brief (pdf) is not A4 (%v):\n%s", err, info)
	}
}
