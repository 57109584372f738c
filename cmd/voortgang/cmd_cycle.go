package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"
	"time"

	"github.com/regiogv/voortgang/internal/app"
	"github.com/regiogv/voortgang/internal/clock"
)

// runRunOnce performs one pass of all due work as of --at, then exits.
func runRunOnce(e env, args []string) int {
	fs := newFlags(e, "run-once", "--at RFC3339 [--config BESTAND]")
	cfgPath := fs.String("config", "", "configuratiebestand")
	at := fs.String("at", "", "het moment waarop de ronde draait, bijv. 2026-12-10T09:00:00+01:00 (standaard nu)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return flagError(err)
	}
	now := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return fail(e, exitUsage, fmt.Errorf("voortgang run-once: --at %q is geen RFC 3339-tijdstip (bijv. 2026-12-10T09:00:00+01:00)", *at))
		}
		now = t
	}
	cfg, err := loadConfig(e, *cfgPath)
	if err != nil {
		return fail(e, 1, err)
	}
	log := newLogger(e.stderr)
	log.Info("memory limit", e.memLimit.logAttrs()...)
	a, err := app.New(e.ctx, cfg, log, clock.NewFake(now), app.Options{})
	if err != nil {
		return fail(e, 1, err)
	}
	defer a.Stop()
	fitMemoryLimit(e, log)
	res, sent, failed, err := a.RunOnce(e.ctx)
	if err != nil {
		return fail(e, 1, err)
	}
	fmt.Fprintf(e.stdout, "%s: %d uitvragen, %d herinneringen, %d escalaties, %d samenvattingen, %d overzichten in de wachtrij; %d verzonden, %d mislukt\n",
		now.Format(time.RFC3339), res.Requests, res.Reminders, res.Escalations, res.Summaries, res.Digests, sent, failed)
	if failed > 0 {
		return 1
	}
	return 0
}

// runPreview lists what will be sent when, without sending.
func runPreview(e env, args []string) int {
	fs := newFlags(e, "preview", "--from DATUM --to DATUM [--format table|json] [--config BESTAND]")
	cfgPath := fs.String("config", "", "configuratiebestand")
	from := fs.String("from", "", "eerste dag (JJJJ-MM-DD), standaard vandaag")
	to := fs.String("to", "", "laatste dag (JJJJ-MM-DD), standaard drie maanden na --from")
	format := fs.String("format", "table", "uitvoer: table of json")
	if _, err := parseInterleaved(fs, args); err != nil {
		return flagError(err)
	}
	if *format != "table" && *format != "json" {
		return fail(e, exitUsage, fmt.Errorf("voortgang preview: onbekend formaat %q (table of json)", *format))
	}
	cfg, err := loadConfig(e, *cfgPath)
	if err != nil {
		return fail(e, 1, err)
	}
	loc := cfg.Location()
	if *from == "" {
		*from = time.Now().In(loc).Format(time.DateOnly)
	}
	f, err := parseDate("--from", *from)
	if err != nil {
		return fail(e, exitUsage, err)
	}
	if *to == "" {
		*to = f.AddDate(0, 3, -1).Format(time.DateOnly)
	}
	t, err := parseDate("--to", *to)
	if err != nil {
		return fail(e, exitUsage, err)
	}
	start := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc)
	end := time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 0, loc)
	a, err := app.New(e.ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), clock.Real(), app.Options{})
	if err != nil {
		return fail(e, 1, err)
	}
	defer a.Stop()
	planned, err := a.Cycle().Preview(e.ctx, start, end)
	if err != nil {
		return fail(e, 1, err)
	}
	if *format == "json" {
		type row struct {
			At     string `json:"at"`
			Kind   string `json:"kind"`
			To     string `json:"to"`
			Period string `json:"period"`
		}
		rows := make([]row, len(planned))
		for i, p := range planned {
			rows[i] = row{p.At.In(loc).Format(time.RFC3339), p.Kind, p.To, p.Period}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rows); err != nil {
			return fail(e, 1, err)
		}
		return 0
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "WANNEER\tSOORT\tAAN\tPERIODE")
	for _, p := range planned {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.At.In(loc).Format("2006-01-02 15:04"), dutch(messageKinds, p.Kind), p.To, p.Period)
	}
	tw.Flush()
	noun := "berichten"
	if len(planned) == 1 {
		noun = "bericht"
	}
	fmt.Fprintf(e.stdout, "%d %s van %s tot en met %s\n", len(planned), noun, *from, *to)
	return 0
}
