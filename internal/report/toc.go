package report

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
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
func fillTOC(docx []byte) ([]byte, error) { return editOne(docx, "word/document.xml", fillTOCXML) }

// fillODTTOC does the same for an OpenDocument text: pandoc writes the index's source (its
// templates) but no body, so LibreOffice shows an empty "Inhoud" until someone updates it.
func fillODTTOC(odt []byte) ([]byte, error) { return editOne(odt, "content.xml", fillODTTOCXML) }

// editOne rewrites one file of an office document with rewriteZip.
func editOne(doc []byte, name string, edit func([]byte) []byte) ([]byte, error) {
	out, err := rewriteZip(doc, map[string]func([]byte) ([]byte, error){name: func(b []byte) ([]byte, error) { return edit(b), nil }})
	if err != nil {
		return nil, fmt.Errorf("report: inhoudsopgave: %w", err)
	}
	return out, nil
}

var (
	odtTOCEnd   = []byte("</text:table-of-content>")
	odtTOCTitle = regexp.MustCompile(`<text:index-title-template[^>]*>([^<]*)</text:index-title-template>`)
	odtTOCLevel = regexp.MustCompile(`<text:table-of-content-source text:outline-level="(\d+)"`)
	odtHeading  = regexp.MustCompile(`<text:h [^>]*text:outline-level="(\d+)"[^>]*>(?:<text:bookmark-start text:name="([^"]+)" ?/>)?(.*?)</text:h>`)
	xmlTag      = regexp.MustCompile(`<[^>]+>`)
)

func fillODTTOCXML(doc []byte) []byte {
	end := bytes.Index(doc, odtTOCEnd)
	if end < 0 || bytes.Contains(doc[:end], []byte("<text:index-body>")) {
		return doc
	}
	depth := 2
	if m := odtTOCLevel.FindSubmatch(doc[:end]); m != nil {
		depth = min(int(m[1][0]-'0'), 2) // the draft's own --toc-depth
	}
	var body strings.Builder
	body.WriteString("<text:index-body>")
	if m := odtTOCTitle.FindSubmatch(doc[:end]); m != nil && len(m[1]) > 0 {
		fmt.Fprintf(&body, `<text:index-title text:name="Inhoud_Head"><text:p text:style-name="Contents_20_Heading">%s</text:p></text:index-title>`, m[1])
	}
	n := 0
	for _, h := range odtHeading.FindAllSubmatch(doc[end:], -1) {
		level := int(h[1][0] - '0')
		if level < 1 || level > depth {
			continue
		}
		text := xmlTag.ReplaceAll(h[3], nil) // already XML-escaped
		if len(h[2]) > 0 {
			fmt.Fprintf(&body, `<text:p text:style-name="Contents_20_%d"><text:a xlink:type="simple" xlink:href="#%s">%s</text:a></text:p>`, level, h[2], text)
		} else {
			fmt.Fprintf(&body, `<text:p text:style-name="Contents_20_%d">%s</text:p>`, level, text)
		}
		n++
	}
	if n == 0 {
		return doc
	}
	body.WriteString("</text:index-body>")
	var b bytes.Buffer
	b.Write(doc[:end])
	b.WriteString(body.String())
	b.Write(doc[end:])
	return b.Bytes()
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
