package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Office renders the draft as a Word (format "docx") or OpenDocument ("odt") document with
// pandoc: real heading styles, a table of contents, tables, and the indicator charts as
// images. referenceDoc, when not empty, is a .docx/.odt whose styles give the house style.
// It returns ErrNoPandoc when pandoc is not installed.
func Office(ctx context.Context, d *Draft, a Audience, format, referenceDoc string) ([]byte, error) {
	lx := words(d.Lang)
	r := &mdRenderer{a: a, base: 1, office: true, images: map[string]string{}}
	files := map[string][]byte{}
	for _, ind := range indicators(d) {
		if _, ok := r.images[ind.Key]; ok || !ind.hasFigures() {
			continue // an indicator without figures gets a sentence, not an empty chart
		}
		img, err := chartPNG(ind)
		if err != nil {
			return nil, err
		}
		name := "grafiek-" + slug(ind.Key) + ".png"
		files[name] = img
		r.images[ind.Key] = name
	}
	r.render(d)
	doc, err := pandoc(ctx, format, referenceDoc, lx.docLang, []byte(r.b.String()), files,
		"--toc", "--toc-depth=2",
		"--metadata=title:"+d.Title,
		"--metadata=subtitle:"+capitalise(d.PeriodLabel),
		"--metadata=date:"+lx.date(d.Created),
		"--metadata=toc-title:"+lx.tocTitle)
	if err != nil {
		return nil, err
	}
	if format == "odt" {
		// pandoc's ODT writer neither fits images to the text column nor writes their
		// alternative text (it does both for DOCX).
		if doc, err = fixODTImages(doc, chartAlts(r.b.String())); err != nil {
			return nil, err
		}
		return fillODTTOC(doc)
	}
	return fillTOC(doc)
}

// pandoc turns markdown into a "docx" or "odt" document in a temporary directory that also
// holds files (the images the Markdown names), in the house style of referenceDoc or,
// without one, on A4 with the Dutch margins (pandoc's own reference documents are US Letter
// with 1-inch margins). lang is the document's language (BCP 47); extra are further pandoc
// arguments. It returns ErrNoPandoc when pandoc is not installed. The draft and the letter
// both render through here.
func pandoc(ctx context.Context, format, referenceDoc, lang string, markdown []byte, files map[string][]byte, extra ...string) ([]byte, error) {
	if format != "docx" && format != "odt" {
		return nil, fmt.Errorf("report: onbekend documentformaat %q (docx of odt)", format)
	}
	bin, err := exec.LookPath("pandoc")
	if err != nil {
		return nil, ErrNoPandoc
	}
	dir, err := os.MkdirTemp("", "voortgang-pandoc-")
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	defer os.RemoveAll(dir)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	in, out := filepath.Join(dir, "tekst.md"), filepath.Join(dir, "document."+format)
	if err := os.WriteFile(in, markdown, 0o600); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	args := []string{
		// pandoc's Markdown minus the extensions whose syntax an answer could trigger by accident
		// (mdEscape escapes them too; this is the second line of defence).
		"--from=markdown-citations-tex_math_dollars-raw_html-raw_tex-raw_attribute",
		"--to=" + format,
		"--output=" + out,
		"--resource-path=" + dir,
		"--metadata=lang:" + lang,
	}
	ref, err := referenceFor(ctx, bin, format, lang, referenceDoc, dir)
	if err != nil {
		return nil, err
	}
	args = append(append(append(args, extra...), "--reference-doc="+ref), in)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("report: pandoc: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	doc, err := os.ReadFile(out)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return doc, nil
}

// referenceFor returns the absolute path of the reference document pandoc takes its styles
// from: referenceDoc, which must be an existing file of the format, or the A4 one written
// into dir.
func referenceFor(ctx context.Context, bin, format, lang, referenceDoc, dir string) (string, error) {
	if referenceDoc == "" {
		return a4Reference(ctx, bin, format, lang, dir)
	}
	if ext := strings.ToLower(filepath.Ext(referenceDoc)); ext != "."+format {
		return "", fmt.Errorf("report: sjabloon %s is geen .%s-bestand; een %s-document neemt zijn opmaak uit een .%s", referenceDoc, format, format, format)
	}
	abs, err := filepath.Abs(referenceDoc)
	if err != nil {
		return "", fmt.Errorf("report: sjabloon: %w", err)
	}
	if _, err := os.Stat(abs); err != nil {
		return "", fmt.Errorf("report: sjabloon: %w", err)
	}
	return abs, nil
}

// PDF converts a Word document to PDF with LibreOffice in headless mode. It returns
// ErrNoLibreOffice when neither libreoffice nor soffice is installed.
func PDF(ctx context.Context, docx []byte) ([]byte, error) {
	bin, err := exec.LookPath("libreoffice")
	if err != nil {
		if bin, err = exec.LookPath("soffice"); err != nil {
			return nil, ErrNoLibreOffice
		}
	}
	dir, err := os.MkdirTemp("", "voortgang-pdf-")
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "rapport.docx")
	if err := os.WriteFile(in, docx, 0o600); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	// A private profile: LibreOffice refuses to start a second instance on a shared one, and
	// the daemon's user may have no writable home.
	profile := "file://" + filepath.ToSlash(filepath.Join(dir, "profiel"))
	// With LibreOffice's Python bridge the contents list gets its page numbers; when the bridge
	// is missing or fails (a PDF without page numbers beats none), the plain conversion below
	// still shows the contents list fillTOC wrote.
	refreshed, refreshErr := refreshedPDF(ctx, bin, dir, profile, in, filepath.Join(dir, "rapport.pdf"))
	if refreshed && refreshErr == nil {
		return os.ReadFile(filepath.Join(dir, "rapport.pdf"))
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("report: libreoffice: %w", ctx.Err())
	}
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation="+profile, "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", dir, in)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		return nil, errors.Join(refreshErr, fmt.Errorf("report: libreoffice: %w: %s", err, strings.TrimSpace(output.String())))
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "rapport.pdf"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("report: libreoffice maakte geen pdf: %s", strings.TrimSpace(output.String()))
	}
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return pdf, nil
}

// indicators lists every indicator of the draft in document order.
func indicators(d *Draft) []IndicatorReport {
	var out []IndicatorReport
	for _, a := range leaves(d) {
		out = append(out, a.Indicators...)
	}
	return out
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
