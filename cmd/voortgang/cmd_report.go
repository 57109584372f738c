package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/regiogv/voortgang/internal/app"
	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/report"
)

// runReport builds a new version of the report draft for a period, stores it, and writes one
// of its documents.
func runReport(e env, args []string) int {
	fs := newFlags(e, "report", "--period 2026H2 [--meeting DATUM] [--format md|html|docx|odt|pdf] [--audience coordinator|meeting] --out BESTAND")
	cfgPath := fs.String("config", "", "configuratiebestand")
	period := fs.String("period", "", "de rapportageperiode, bijv. 2026H2")
	meeting := fs.String("meeting", "", "de datum van het portefeuillehoudersoverleg (JJJJ-MM-DD); kiest de periode die dat overleg krijgt")
	format := fs.String("format", "md", "md, html, docx, odt of pdf (pdf via LibreOffice)")
	audience := fs.String("audience", "coordinator", "coordinator (met herkomst van elke reactie) of meeting (versie voor het overleg)")
	out := fs.String("out", "", "het bestand om te schrijven (- voor standaarduitvoer)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return flagError(err)
	}
	if *out == "" || (*period == "" && *meeting == "") {
		fs.Usage()
		return exitUsage
	}
	switch *format {
	case "md", "html", "docx", "odt", "pdf":
	default:
		return fail(e, exitUsage, fmt.Errorf("voortgang report: onbekend formaat %q (md, html, docx, odt of pdf)", *format))
	}
	if *audience != "coordinator" && *audience != "meeting" {
		return fail(e, exitUsage, fmt.Errorf("voortgang report: --audience is coordinator of meeting, niet %q", *audience))
	}
	cfg, err := loadConfig(e, *cfgPath)
	if err != nil {
		return fail(e, 1, err)
	}
	var p config.Period
	if *period != "" {
		if p, err = config.ParsePeriod(*period); err != nil {
			return fail(e, exitUsage, fmt.Errorf("voortgang report: %w", err))
		}
	}
	if *meeting != "" {
		day, err := parseDate("--meeting", *meeting)
		if err != nil {
			return fail(e, exitUsage, err)
		}
		found := false
		for _, m := range cfg.Meetings {
			if m.Day().Format(time.DateOnly) == day.Format(time.DateOnly) {
				if !p.IsZero() && p != m.ReportingPeriod() {
					return fail(e, exitUsage, fmt.Errorf("voortgang report: het overleg van %s krijgt periode %s, niet %s", *meeting, m.ReportingPeriod(), p))
				}
				p, found = m.ReportingPeriod(), true
			}
		}
		if !found {
			return fail(e, exitUsage, fmt.Errorf("voortgang report: geen overleg op %s in de configuratie", *meeting))
		}
	}
	a, err := app.New(e.ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), clock.Real(), app.Options{})
	if err != nil {
		return fail(e, 1, err)
	}
	defer a.Stop()
	d, err := a.BuildDraft(e.ctx, p, "cli")
	if err != nil {
		return fail(e, 1, err)
	}
	name := *format
	if name == "pdf" {
		name = "docx"
	}
	if *audience == "meeting" {
		name = app.FormatMeetingPrefix + name
	}
	doc, err := a.Store().DraftDocument(e.ctx, d.Key, name)
	if err != nil {
		return fail(e, 1, fmt.Errorf("voortgang report: %s is niet gemaakt (is pandoc geïnstalleerd?): %w", *format, err))
	}
	if *format == "pdf" {
		doc, err = report.PDF(e.ctx, doc)
		if errors.Is(err, report.ErrNoLibreOffice) {
			return fail(e, 1, errors.New("voortgang report: voor pdf is LibreOffice nodig (Debian: libreoffice-writer-nogui)"))
		}
		if err != nil {
			return fail(e, 1, err)
		}
	}
	if *out == "-" {
		e.stdout.Write(doc)
		return 0
	}
	if err := os.WriteFile(*out, doc, 0o644); err != nil {
		return fail(e, 1, err)
	}
	fmt.Fprintf(e.stderr, "concept %s versie %d geschreven naar %s\n", p, d.Version, *out)
	return 0
}
