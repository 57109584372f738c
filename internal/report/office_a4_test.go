package report

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// zipFile reads one entry of a .docx/.odt.
func zipFile(t *testing.T, doc []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("%s not in the document", name)
	return ""
}

func officeDoc(t *testing.T, d *Draft, format, ref string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	doc, err := Office(ctx, d, Coordinator, format, ref)
	if err != nil {
		t.Fatalf("Office(%s): %v", format, err)
	}
	return doc
}

func wantAlts(t *testing.T, d *Draft) []string {
	t.Helper()
	var alts []string
	for _, ind := range indicators(d) {
		if ind.hasFigures() { // an indicator without figures has a sentence, no chart
			alts = append(alts, chartAlt(words(d.Lang), ind))
		}
	}
	if len(alts) == 0 {
		t.Fatal("the fixture has no indicators, so no charts to check")
	}
	return alts
}

// The Word document is A4 with 2,5 cm margins, declares its language and gives every chart
// its alternative text and a width inside the text column.
func TestOfficeDOCXIsA4WithLanguageAndAltText(t *testing.T) {
	needTool(t, "pandoc", "pandoc")
	for _, lang := range []string{"nl", "en"} {
		t.Run(lang, func(t *testing.T) {
			d := setup(t).buildIn(t, lang)
			doc := officeDoc(t, d, "docx", "")
			body := zipFile(t, doc, "word/document.xml")
			sect := regexp.MustCompile(`(?s)<w:sectPr>.*</w:sectPr>`).FindString(body)
			for _, want := range []*regexp.Regexp{
				regexp.MustCompile(`<w:pgSz\b[^>]*\bw:w="11906"`), regexp.MustCompile(`<w:pgSz\b[^>]*\bw:h="16838"`),
				regexp.MustCompile(`<w:pgMar\b[^>]*\bw:left="1417"`), regexp.MustCompile(`<w:pgMar\b[^>]*\bw:right="1417"`),
				regexp.MustCompile(`<w:pgMar\b[^>]*\bw:top="1417"`), regexp.MustCompile(`<w:pgMar\b[^>]*\bw:bottom="1417"`),
			} {
				if !want.MatchString(sect) {
					t.Errorf("section properties lack %s: %q", want, sect)
				}
			}
			wantLang := map[string]string{"nl": "nl-NL", "en": "en-GB"}[lang]
			if styles := zipFile(t, doc, "word/styles.xml"); !regexp.MustCompile(`<w:lang\b[^>]*w:val="` + wantLang + `"`).MatchString(styles) {
				t.Errorf("styles.xml does not declare %s", wantLang)
			}
			if settings := zipFile(t, doc, "word/settings.xml"); !strings.Contains(settings, `<w:themeFontLang w:val="`+wantLang+`"`) {
				t.Errorf("settings.xml does not give the theme fonts %s", wantLang)
			}
			alts := wantAlts(t, d)
			var got []string
			for _, m := range regexp.MustCompile(`<wp:docPr\b[^>]*\bdescr="([^"]*)"`).FindAllStringSubmatch(body, -1) {
				got = append(got, xmlUnescape(m[1]))
			}
			if strings.Join(got, "|") != strings.Join(alts, "|") {
				t.Errorf("chart alt texts:\n got %q\nwant %q", got, alts)
			}
			for _, m := range regexp.MustCompile(`<wp:extent cx="(\d+)"`).FindAllStringSubmatch(body, -1) {
				if cx, _ := strconv.Atoi(m[1]); cx > textColumnCm*emuPerCm {
					t.Errorf("chart %d EMU wide, the text column is %d", cx, int(textColumnCm*emuPerCm))
				}
			}
		})
	}
}

// The OpenDocument text is A4 with 2,5 cm margins, declares its language, and every chart
// fits the text column and has alternative text.
func TestOfficeODTIsA4WithLanguageAndAltText(t *testing.T) {
	needTool(t, "pandoc", "pandoc")
	for _, lang := range []string{"nl", "en"} {
		t.Run(lang, func(t *testing.T) {
			d := setup(t).buildIn(t, lang)
			doc := officeDoc(t, d, "odt", "")
			if zr, _ := zip.NewReader(bytes.NewReader(doc), int64(len(doc))); zr.File[0].Name != "mimetype" || zr.File[0].Method != zip.Store {
				t.Error("mimetype is not the first, stored entry")
			}
			styles := zipFile(t, doc, "styles.xml")
			layout := pageLayoutRe.FindString(styles)
			for _, want := range []string{`fo:page-width="21cm"`, `fo:page-height="29.7cm"`, `fo:margin-left="2.5cm"`, `fo:margin-right="2.5cm"`, `fo:margin-top="2.5cm"`, `fo:margin-bottom="2.5cm"`} {
				if !strings.Contains(layout, want) {
					t.Errorf("page layout lacks %s: %s", want, layout)
				}
			}
			wantLang := map[string][2]string{"nl": {"nl", "NL"}, "en": {"en", "GB"}}[lang]
			if !strings.Contains(styles, `fo:language="`+wantLang[0]+`"`) || !strings.Contains(styles, `fo:country="`+wantLang[1]+`"`) {
				t.Errorf("styles.xml does not declare %s-%s", wantLang[0], wantLang[1])
			}
			content := zipFile(t, doc, "content.xml")
			alts := wantAlts(t, d)
			frames := drawFrameRe.FindAllStringSubmatch(content, -1)
			var got []string
			for _, f := range frames {
				if !strings.Contains(f[2], "<draw:image") {
					continue
				}
				for _, m := range svgSizeRe.FindAllStringSubmatch(f[1], -1) {
					if m[1] == "width" && toCm(m[2], m[3]) > textColumnCm+0.001 {
						t.Errorf("chart %s%s wide, the text column is %vcm", m[2], m[3], textColumnCm)
					}
				}
				title := regexp.MustCompile(`<svg:title>([^<]*)</svg:title>`).FindStringSubmatch(f[2])
				desc := regexp.MustCompile(`<svg:desc>([^<]*)</svg:desc>`).FindStringSubmatch(f[2])
				if title == nil || desc == nil {
					t.Errorf("chart frame without svg:title/svg:desc: %s", f[0])
					continue
				}
				got = append(got, xmlUnescape(desc[1]))
			}
			if strings.Join(got, "|") != strings.Join(alts, "|") {
				t.Errorf("chart alt texts:\n got %q\nwant %q", got, alts)
			}
		})
	}
}

// A coordinator's house style is what pandoc takes its styles (and page) from; a template of
// the wrong kind is refused with a clear error.
func TestOfficeHouseStyle(t *testing.T) {
	needTool(t, "pandoc", "pandoc")
	d := setup(t).build(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	for _, format := range []string{"docx", "odt"} {
		ref, err := exec.CommandContext(ctx, "pandoc", "--print-default-data-file", "reference."+format).Output()
		if err != nil {
			t.Fatal(err)
		}
		// The house style adds a style of its own, which must reach the output.
		file, marker := "word/styles.xml", `<w:style w:type="paragraph" w:customStyle="1" w:styleId="RegioHuisstijl"><w:name w:val="Regio Huisstijl"/></w:style></w:styles>`
		old := "</w:styles>"
		if format == "odt" {
			file, marker, old = "styles.xml", `<style:style style:name="RegioHuisstijl" style:family="paragraph"/></office:styles>`, "</office:styles>"
		}
		house, err := rewriteZip(ref, map[string]func([]byte) ([]byte, error){file: func(b []byte) ([]byte, error) {
			return bytes.Replace(b, []byte(old), []byte(marker), 1), nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "huisstijl."+format)
		if err := os.WriteFile(path, house, 0o600); err != nil {
			t.Fatal(err)
		}
		doc := officeDoc(t, d, format, path)
		if !strings.Contains(zipFile(t, doc, file), "RegioHuisstijl") {
			t.Errorf("%s: the house style's styles are not in the document", format)
		}
	}
	if _, err := Office(ctx, d, Coordinator, "odt", filepath.Join(dir, "huisstijl.docx")); err == nil || !strings.Contains(err.Error(), ".odt") {
		t.Errorf("a .docx template for an odt: err = %v", err)
	}
	if _, err := Office(ctx, d, Coordinator, "docx", filepath.Join(dir, "bestaat-niet.docx")); err == nil {
		t.Error("a missing template gives no error")
	}
}

// The PDF LibreOffice makes from the Word document is A4 too (595 × 842 pt).
func TestPDFIsA4(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	pdf := draftPDF(ctx, t, Coordinator)
	boxes := regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]`).FindAllSubmatch(pdf, -1)
	if len(boxes) == 0 {
		t.Fatal("no /MediaBox in the PDF")
	}
	for _, b := range boxes {
		w, _ := strconv.ParseFloat(string(b[1]), 64)
		h, _ := strconv.ParseFloat(string(b[2]), 64)
		if w < 594 || w > 596.5 || h < 841 || h > 843 {
			t.Errorf("page %v × %v pt, want A4 (595 × 842)", w, h)
		}
	}
}

func xmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#34;", `"`, "&#39;", "'", "&apos;", "'").Replace(s)
}
