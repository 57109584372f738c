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
	"github.com/regiogv/voortgang/internal/store"
)

// runReport writes one document of a stored version of the report draft (the newest unless
// --version says otherwise). It builds a new version, which also tells the coordinators, only
// when asked to with --build: writing a document of a draft that exists changes nothing.
func runReport(e env, args []string) int {
	fs := newFlags(e, "report", "--period 2026H2 [--meeting DATUM] [--build] [--version N] [--document rapport|raadsinformatiebrief] [--format md|html|docx|odt|pdf] [--audience coordinator|meeting] --out BESTAND")
	cfgPath := fs.String("config", "", "configuratiebestand")
	period := fs.String("period", "", "de rapportageperiode, bijv. 2026H2")
	meeting := fs.String("meeting", "", "de datum van het portefeuillehoudersoverleg (JJJJ-MM-DD); kiest de periode die dat overleg krijgt")
	build := fs.Bool("build", false, "maak eerst een nieuwe versie van het concept (en meld die aan de coördinatoren)")
	version := fs.Int("version", 0, "de versie van het concept (standaard de nieuwste)")
	document := fs.String("document", "rapport", "rapport (de voortgangsrapportage) of raadsinformatiebrief")
	format := fs.String("format", "md", "md, html, docx, odt of pdf (pdf via LibreOffice); de raadsinformatiebrief: md, docx, odt of pdf")
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
	name := *format
	switch *document {
	case "rapport":
		if *audience == "meeting" {
			name = app.FormatMeetingPrefix + name
		}
	case "raadsinformatiebrief":
		if *format == "html" {
			return fail(e, exitUsage, errors.New("voortgang report: de raadsinformatiebrief is er als md, docx, odt of pdf, niet als html"))
		}
		name = "raadsinformatiebrief." + name
	default:
		return fail(e, exitUsage, fmt.Errorf("voortgang report: --document is rapport of raadsinformatiebrief, niet %q", *document))
	}
	if *build && *version != 0 {
		return fail(e, exitUsage, errors.New("voortgang report: --build maakt een nieuwe versie; --version kiest een bestaande, niet allebei"))
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
	if *build {
		d, err := a.BuildDraft(e.ctx, p, "cli")
		if err != nil {
			return fail(e, 1, err)
		}
		fmt.Fprintf(e.stderr, "nieuwe versie %d van het concept %s gemaakt\n", d.Version, p)
	}
	d, doc, err := a.DraftDocument(e.ctx, p, *version, name)
	switch {
	case errors.Is(err, app.ErrNoDraft) && *version != 0:
		return fail(e, 1, fmt.Errorf("voortgang report: periode %s heeft geen versie %d van het concept", p, *version))
	case errors.Is(err, app.ErrNoDraft):
		return fail(e, 1, fmt.Errorf("voortgang report: periode %s heeft nog geen concept; maak er een met --build (of op het bord)", p))
	case errors.Is(err, report.ErrNoLibreOffice):
		return fail(e, 1, errors.New("voortgang report: voor pdf is LibreOffice nodig (Debian: libreoffice-writer-nogui)"))
	case errors.Is(err, store.ErrNotFound):
		return fail(e, 1, fmt.Errorf("voortgang report: versie %d van het concept %s heeft geen %s (was pandoc geïnstalleerd toen de versie werd gemaakt?)", d.Version, p, *format))
	case err != nil:
		return fail(e, 1, err)
	}
	if *out == "-" {
		e.stdout.Write(doc)
		return 0
	}
	if err := os.WriteFile(*out, doc, 0o644); err != nil {
		return fail(e, 1, fmt.Errorf("voortgang report: %w", err))
	}
	fmt.Fprintf(e.stderr, "concept %s versie %d geschreven naar %s\n", p, d.Version, *out)
	return 0
}
