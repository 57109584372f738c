package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/regiogv/voortgang/internal/planner"
)

type programmeSummary struct {
	Key     string `json:"key"`
	Title   string `json:"title"`
	Lines   int    `json:"lines"`
	Goals   int    `json:"goals"`
	Actions int    `json:"actions"`
	Tasks   int    `json:"tasks"`
}

func runValidate(e env, args []string) int {
	fs := newFlags(e, "validate", "[--workflows MAP] [--config BESTAND] [--format text|json]")
	workflows := fs.String("workflows", "", "map of bestand met workflows (standaard $VOORTGANG_WORKFLOWS of workflows)")
	format := fs.String("format", "text", "uitvoer: text of json")
	cfgPath := fs.String("config", "", "controleer ook dit configuratiebestand tegen de workflows (standaard alleen als --config of $VOORTGANG_CONFIG is gegeven)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return flagError(err)
	}
	if *format != "text" && *format != "json" {
		return fail(e, exitUsage, fmt.Errorf("voortgang validate: onbekend formaat %q (text of json)", *format))
	}
	progs, err := loadProgrammes(e, *workflows)
	if err != nil {
		return fail(e, 1, err)
	}
	if *cfgPath != "" || e.getenv("VOORTGANG_CONFIG") != "" {
		cfg, err := loadConfig(e, *cfgPath)
		if err != nil {
			return fail(e, 1, err)
		}
		var problems []error
		for _, p := range progs {
			problems = append(problems, cfg.CheckOwners(p.OwnerKeys())...)
		}
		if len(problems) > 0 {
			return fail(e, 1, errors.Join(problems...))
		}
	}
	var out []programmeSummary
	for _, p := range progs {
		ts, err := planner.Plan(p, periodWindow(p))
		if err != nil {
			return fail(e, 1, err)
		}
		c := p.Count()
		out = append(out, programmeSummary{Key: p.Key, Title: p.Title, Lines: c.Lines, Goals: c.Goals, Actions: c.Actions, Tasks: len(ts)})
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(map[string]any{"programmes": out}); err != nil {
			return fail(e, 1, err)
		}
		return 0
	}
	for i, s := range out {
		p := progs[i]
		fmt.Fprintf(e.stdout, "%s: %s — %d programmalijnen, %d doelen, %d acties, %d taken %d-%d\n",
			p.File, s.Title, s.Lines, s.Goals, s.Actions, s.Tasks, p.Period.From.Year(), p.Period.To.Year())
	}
	return 0
}
