package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/timing"
)

func runTiming(e env, args []string) int {
	fs := newFlags(e, "timing", "[--from DATUM] [--to DATUM] [--format text|json] FRASE")
	from := fs.String("from", "2026-01-01", "begin van het venster voor terugkerende frasen (JJJJ-MM-DD)")
	to := fs.String("to", "2029-12-31", "einde van het venster (JJJJ-MM-DD)")
	format := fs.String("format", "text", "uitvoer: text of json")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) == 0 {
		fs.Usage()
		return exitUsage
	}
	w, err := window(*from, *to)
	if err != nil {
		return fail(e, exitUsage, err)
	}
	if *format != "text" && *format != "json" {
		return fail(e, exitUsage, fmt.Errorf("voortgang timing: onbekend formaat %q (text of json)", *format))
	}
	phrase := strings.Join(pos, " ")
	r, err := timing.Parse(phrase, w)
	if err != nil {
		return fail(e, exitUsage, err)
	}
	if *format == "json" {
		if r.Occurrences == nil {
			r.Occurrences = []timing.Occurrence{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			return fail(e, 1, err)
		}
		return 0
	}
	fmt.Fprintf(e.stdout, "%q: %s, %d keer\n", r.Expr, stateLabel(r.State), len(r.Occurrences))
	for _, o := range r.Occurrences {
		fmt.Fprintf(e.stdout, "  %s .. %s  (uiterlijk %s)\n", o.Start.Format(time.DateOnly), o.End.Format(time.DateOnly), o.Due.Format(time.DateOnly))
	}
	return 0
}

func stateLabel(s timing.State) string {
	switch s {
	case timing.Done:
		return "gereed"
	case timing.Ongoing:
		return "doorlopend"
	}
	return "gepland"
}

// window parses a --from/--to pair.
func window(from, to string) (timing.Window, error) {
	f, err := parseDate("--from", from)
	if err != nil {
		return timing.Window{}, err
	}
	t, err := parseDate("--to", to)
	if err != nil {
		return timing.Window{}, err
	}
	if t.Before(f) {
		return timing.Window{}, fmt.Errorf("voortgang: --to (%s) ligt vóór --from (%s)", to, from)
	}
	return timing.Window{From: f, To: t}, nil
}

func parseDate(name, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("voortgang: %s %q is geen datum (JJJJ-MM-DD)", name, s)
	}
	return t, nil
}
