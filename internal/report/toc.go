package report

import (
	"archive/zip"
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// pandoc writes the table of contents of a .docx as an empty TOC field marked dirty: Word
// fills it when the document is opened (and asks to), but every other reader, the preview of
// a mail client and LibreOffice's PDF export show an empty "Inhoud". fillTOC writes the
// field's result itself: one linked line per heading of the levels the field asks for, so
// the contents list is there in any reader. The field stays dirty, so Word still refreshes
// it with page numbers.

var (
	// The empty result of pandoc's TOC field.
	emptyTOC = regexp.MustCompile(`(<w:instrText xml:space="preserve">TOC \\o &quot;1-(\d)&quot;[^<]*</w:instrText><w:fldChar w:fldCharType="separate" ?/>)(<w:fldChar w:fldCharType="end" ?/></w:r></w:p>)`)
	// A heading as pandoc writes it: its bookmark, then the paragraph with a HeadingN style.
	tocHeading = regexp.MustCompile(`<w:bookmarkStart w:id="\d+" w:name="([^"]+)" ?/><w:p><w:pPr><w:pStyle w:val="Heading(\d)" ?/>(?:.*?)</w:p>`)
	wText      = regexp.MustCompile(`<w:t(?: [^>]*)?>([^<]*)</w:t>`)
)

// fillTOC returns the .docx with its table of contents filled in; a document without
// pandoc's TOC field is returned unchanged.
func fillTOC(docx []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		return nil, fmt.Errorf("report: docx: %w", err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("report: docx: %w", err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("report: docx: %w", err)
		}
		if f.Name == "word/document.xml" {
			b = fillTOCXML(b)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method, Modified: f.Modified})
		if err != nil {
			return nil, fmt.Errorf("report: docx: %w", err)
		}
		if _, err := w.Write(b); err != nil {
			return nil, fmt.Errorf("report: docx: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("report: docx: %w", err)
	}
	return out.Bytes(), nil
}

func fillTOCXML(doc []byte) []byte {
	m := emptyTOC.FindSubmatchIndex(doc)
	if m == nil {
		return doc
	}
	depth := int(doc[m[4]] - '0')
	var entries strings.Builder
	for _, h := range tocHeading.FindAllSubmatch(doc[m[1]:], -1) {
		level := int(h[2][0] - '0')
		if level < 1 || level > depth {
			continue
		}
		var text strings.Builder
		for _, t := range wText.FindAllSubmatch(h[0], -1) {
			text.Write(t[1]) // already XML-escaped
		}
		fmt.Fprintf(&entries, `<w:p><w:pPr><w:pStyle w:val="TOC%d"/><w:ind w:left="%d"/></w:pPr>`+
			`<w:hyperlink w:anchor="%s" w:history="1"><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:hyperlink></w:p>`,
			level, (level-1)*440, h[1], text.String())
	}
	if entries.Len() == 0 {
		return doc
	}
	var b bytes.Buffer
	b.Write(doc[:m[3]]) // up to and including the separator
	b.WriteString("</w:r></w:p>")
	b.WriteString(entries.String())
	b.WriteString("<w:p><w:r>")
	b.Write(doc[m[6]:]) // the end of the field, and the rest
	return b.Bytes()
}

// refreshScript converts to PDF through LibreOffice's UNO bridge after refreshing the
// document's indexes, so that the contents list carries page numbers.
//
//go:embed refresh.py
var refreshScript []byte

var (
	unoOnce   sync.Once
	unoPython string
)

// pythonWithUNO finds a Python that can import LibreOffice's uno module (Debian package
// python3-uno), or "".
func pythonWithUNO() string {
	unoOnce.Do(func() {
		for _, cand := range []string{"/usr/bin/python3", "python3"} {
			bin, err := exec.LookPath(cand)
			if err != nil {
				continue
			}
			if exec.Command(bin, "-c", "import uno").Run() == nil {
				unoPython = bin
				return
			}
		}
	})
	return unoPython
}

// refreshedPDF converts in (a .docx in dir) to out with the indexes refreshed. It reports
// false, and does nothing, when no Python with uno is installed; PDF then converts without
// the refresh (the contents list fillTOC wrote, without page numbers).
func refreshedPDF(ctx context.Context, soffice, dir, profile, in, out string) (bool, error) {
	py := pythonWithUNO()
	if py == "" {
		return false, nil
	}
	script := filepath.Join(dir, "refresh.py")
	if err := os.WriteFile(script, refreshScript, 0o600); err != nil {
		return true, fmt.Errorf("report: %w", err)
	}
	cmd := exec.CommandContext(ctx, py, script, soffice, profile, in, out)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		return true, fmt.Errorf("report: libreoffice (inhoudsopgave bijwerken): %w: %s", err, strings.TrimSpace(output.String()))
	}
	return true, nil
}
