package report

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// The page the office drafts are set on: A4 with the margins Word and LibreOffice use by
// default in the Netherlands (2,5 cm all round, header and footer at 1,25 cm).
const (
	a4WidthTwips    = 11906 // 210 mm
	a4HeightTwips   = 16838 // 297 mm
	marginTwips     = 1417  // 25 mm
	headerTwips     = 709   // 12,5 mm
	a4WidthCm       = 21.0
	a4HeightCm      = 29.7
	marginCm        = 2.5
	textColumnCm    = a4WidthCm - 2*marginCm
	emuPerCm        = 360000
	pointsPerCm     = 72 / 2.54
	defaultDocxName = "word/document.xml"
)

var (
	sectPrRe        = regexp.MustCompile(`(?s)<w:sectPr\s*/>|<w:sectPr[\s>].*?</w:sectPr>`)
	themeFontLangRe = regexp.MustCompile(`<w:themeFontLang\s+w:val="[^"]*"`)
	pageLayoutRe    = regexp.MustCompile(`<style:page-layout-properties\b[^>]*?/?>`)
	xmlAttrRe       = func(name string) *regexp.Regexp {
		return regexp.MustCompile(`\s` + regexp.QuoteMeta(name) + `="[^"]*"`)
	}
)

// a4Reference writes pandoc's default reference document for format, set on A4 with Dutch
// margins (and for DOCX the theme fonts' language lang), into dir and returns its path. pandoc takes the page setup of the output from it:
// the last w:sectPr of a .docx, the page layout in styles.xml of an .odt.
func a4Reference(ctx context.Context, bin, format, lang, dir string) (string, error) {
	ref, err := exec.CommandContext(ctx, bin, "--print-default-data-file", "reference."+format).Output()
	if err != nil {
		return "", fmt.Errorf("report: pandoc reference.%s: %w", format, err)
	}
	var edited []byte
	switch format {
	case "docx":
		edited, err = rewriteZip(ref, map[string]func([]byte) ([]byte, error){defaultDocxName: a4SectPr,
			// Word reads the theme fonts' language from here; pandoc's says en-US.
			"word/settings.xml": func(b []byte) ([]byte, error) {
				return themeFontLangRe.ReplaceAll(b, []byte(`<w:themeFontLang w:val="`+lang+`"`)), nil
			}})
	case "odt":
		edited, err = rewriteZip(ref, map[string]func([]byte) ([]byte, error){"styles.xml": a4PageLayout})
	}
	if err != nil {
		return "", fmt.Errorf("report: A4-sjabloon: %w", err)
	}
	path := filepath.Join(dir, "referentie-a4."+format)
	if err := os.WriteFile(path, edited, 0o600); err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	return path, nil
}

// a4SectPr sets the page size and margins in the body's section properties.
func a4SectPr(doc []byte) ([]byte, error) {
	sect := fmt.Sprintf(`<w:sectPr><w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/></w:sectPr>`,
		a4WidthTwips, a4HeightTwips, marginTwips, marginTwips, marginTwips, marginTwips, headerTwips, headerTwips)
	locs := sectPrRe.FindAllIndex(doc, -1)
	if len(locs) == 0 {
		i := bytes.LastIndex(doc, []byte("</w:body>"))
		if i < 0 {
			return nil, fmt.Errorf("%s heeft geen w:body", defaultDocxName)
		}
		return append(doc[:i:i], append([]byte(sect), doc[i:]...)...), nil
	}
	last := locs[len(locs)-1]
	return append(doc[:last[0]:last[0]], append([]byte(sect), doc[last[1]:]...)...), nil
}

// a4PageLayout sets every page layout of an ODF styles.xml to A4 portrait with Dutch margins.
func a4PageLayout(styles []byte) ([]byte, error) {
	if !pageLayoutRe.Match(styles) {
		return nil, fmt.Errorf("styles.xml heeft geen style:page-layout-properties")
	}
	set := map[string]string{
		"fo:page-width": cm(a4WidthCm), "fo:page-height": cm(a4HeightCm),
		"fo:margin-top": cm(marginCm), "fo:margin-bottom": cm(marginCm),
		"fo:margin-left": cm(marginCm), "fo:margin-right": cm(marginCm),
		"style:print-orientation": "portrait",
	}
	return pageLayoutRe.ReplaceAllFunc(styles, func(el []byte) []byte {
		closing := "/>"
		if !bytes.HasSuffix(el, []byte("/>")) {
			closing = ">"
		}
		s := strings.TrimSuffix(string(el), closing)
		for _, name := range []string{"fo:page-width", "fo:page-height", "fo:margin-top", "fo:margin-bottom", "fo:margin-left", "fo:margin-right", "style:print-orientation"} {
			s = xmlAttrRe(name).ReplaceAllString(s, "")
			s += " " + name + `="` + set[name] + `"`
		}
		return []byte(s + closing)
	}), nil
}

func cm(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "cm" }

// rewriteZip copies a zip archive, passing the named entries through their edit functions.
// Order and compression are kept, so an ODF "mimetype" entry stays first and stored.
func rewriteZip(src []byte, edits map[string]func([]byte) ([]byte, error)) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	done := map[string]bool{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if edit, ok := edits[f.Name]; ok {
			if data, err = edit(data); err != nil {
				return nil, err
			}
			done[f.Name] = true
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method, Modified: f.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	for name := range edits {
		if !done[name] {
			return nil, fmt.Errorf("%s ontbreekt", name)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

var chartImageRe = regexp.MustCompile(`!\[((?:[^\]\\]|\\.)*)\]\((grafiek-[^)\s]+\.png)\)`)

// chartAlts lists the alternative texts of the charts in the Markdown pandoc reads, in
// document order (Markdown escapes removed).
func chartAlts(md string) []string {
	var out []string
	for _, m := range chartImageRe.FindAllStringSubmatch(md, -1) {
		out = append(out, regexp.MustCompile(`\\(.)`).ReplaceAllString(m[1], "$1"))
	}
	return out
}

var (
	drawFrameRe = regexp.MustCompile(`(?s)<draw:frame\b([^>]*)>(.*?)</draw:frame>`)
	svgSizeRe   = regexp.MustCompile(`\ssvg:(width|height)="([0-9.]+)(in|cm|mm|pt|px)?"`)
)

// fixODTImages gives the n-th image frame of content.xml the n-th alternative text (as
// svg:title and svg:desc, which LibreOffice and screen readers read) and scales frames wider
// than the text column down to its width, keeping the aspect ratio.
func fixODTImages(odt []byte, alts []string) ([]byte, error) {
	column := textColumnCm
	zr, err := zip.NewReader(bytes.NewReader(odt), int64(len(odt)))
	if err != nil {
		return nil, fmt.Errorf("report: odt: %w", err)
	}
	for _, f := range zr.File {
		if f.Name != "styles.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("report: odt: %w", err)
		}
		styles, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("report: odt: styles.xml: %w", err)
		}
		if w := textWidthCm(styles); w > 0 {
			column = w
		}
	}
	edit := func(content []byte) ([]byte, error) {
		n := 0
		return drawFrameRe.ReplaceAllFunc(content, func(frame []byte) []byte {
			m := drawFrameRe.FindSubmatch(frame)
			attrs, inner := string(m[1]), string(m[2])
			if !strings.Contains(inner, "<draw:image") {
				return frame
			}
			attrs = fitWidth(attrs, column)
			if n < len(alts) && !strings.Contains(inner, "<svg:title") {
				var esc bytes.Buffer
				_ = xml.EscapeText(&esc, []byte(alts[n]))
				inner += "<svg:title>" + esc.String() + "</svg:title><svg:desc>" + esc.String() + "</svg:desc>"
			}
			n++
			return []byte("<draw:frame" + attrs + ">" + inner + "</draw:frame>")
		}), nil
	}
	out, err := rewriteZip(odt, map[string]func([]byte) ([]byte, error){"content.xml": edit})
	if err != nil {
		return nil, fmt.Errorf("report: odt: %w", err)
	}
	return out, nil
}

// fitWidth rewrites a frame's svg:width/svg:height so that the width is at most column cm.
func fitWidth(attrs string, column float64) string {
	var w, h float64
	for _, m := range svgSizeRe.FindAllStringSubmatch(attrs, -1) {
		v := toCm(m[2], m[3])
		if m[1] == "width" {
			w = v
		} else {
			h = v
		}
	}
	if w <= column || w == 0 {
		return attrs
	}
	h = h * column / w
	return svgSizeRe.ReplaceAllStringFunc(attrs, func(a string) string {
		if strings.Contains(a, "svg:width") {
			return ` svg:width="` + strconv.FormatFloat(column, 'f', 3, 64) + `cm"`
		}
		return ` svg:height="` + strconv.FormatFloat(h, 'f', 3, 64) + `cm"`
	})
}

// textWidthCm is the page width minus the side margins of the first page layout, in cm.
func textWidthCm(styles []byte) float64 {
	el := pageLayoutRe.Find(styles)
	if el == nil {
		return 0
	}
	get := func(name string) float64 {
		m := regexp.MustCompile(regexp.QuoteMeta(name) + `="([0-9.]+)(in|cm|mm|pt|px)?"`).FindSubmatch(el)
		if m == nil {
			return math.NaN()
		}
		return toCm(string(m[1]), string(m[2]))
	}
	w := get("fo:page-width") - get("fo:margin-left") - get("fo:margin-right")
	if math.IsNaN(w) || w <= 0 {
		return 0
	}
	return w
}

func toCm(v, unit string) float64 {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0
	}
	switch unit {
	case "in":
		return f * 2.54
	case "mm":
		return f / 10
	case "pt":
		return f / pointsPerCm
	case "px":
		return f / 96 * 2.54
	default:
		return f
	}
}
