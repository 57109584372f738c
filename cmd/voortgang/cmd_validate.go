package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
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
	// With --format json the problems are JSON on stdout too, one object each, so that a
	// script reads the errors the way it reads the summary.
	problem := func(err error) int {
		if *format == "json" {
			return writeProblems(e, err)
		}
		return fail(e, 1, err)
	}
	progs, err := loadProgrammes(e, *workflows)
	if err != nil {
		return problem(err)
	}
	// Warnings are differences the installation works with (a group's members in a workflow
	// file and in the configuration): printed, and the exit code stays 0.
	var warnings []config.GroupDifference
	if *cfgPath != "" || e.getenv("VOORTGANG_CONFIG") != "" {
		cfg, err := loadConfig(e, *cfgPath)
		if err != nil {
			return problem(err)
		}
		var problems []error
		for _, p := range progs {
			problems = append(problems, cfg.CheckOwners(p.OwnerKeys())...)
			warnings = append(warnings, cfg.CheckGroups(p.File, p.Groups())...)
		}
		if len(problems) > 0 {
			return problem(errors.Join(problems...))
		}
	}
	var out []programmeSummary
	for _, p := range progs {
		ts, err := planner.Plan(p, periodWindow(p))
		if err != nil {
			return problem(err)
		}
		c := p.Count()
		out = append(out, programmeSummary{Key: p.Key, Title: p.Title, Lines: c.Lines, Goals: c.Goals, Actions: c.Actions, Tasks: len(ts)})
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		doc := map[string]any{"programmes": out}
		if len(warnings) > 0 {
			doc["warnings"] = warningsJSON(warnings)
		}
		if err := enc.Encode(doc); err != nil {
			return fail(e, 1, err)
		}
		return 0
	}
	for i, s := range out {
		p := progs[i]
		fmt.Fprintf(e.stdout, "%s: %s — %d programmalijnen, %d doelen, %d acties, %d taken %d-%d\n",
			p.File, s.Title, s.Lines, s.Goals, s.Actions, s.Tasks, p.Period.From.Year(), p.Period.To.Year())
	}
	for _, w := range warnings {
		fmt.Fprintf(e.stderr, "voortgang: waarschuwing: %s\n", w.Error())
	}
	if len(warnings) > 0 {
		fmt.Fprintln(e.stderr, "voortgang: het rapport telt de leden in het programma; wie een uitvraag krijgt, volgt de groep in de configuratie (group, fan_out)")
	}
	return 0
}

// validationWarning is one warning as validate --format json writes it.
type validationWarning struct {
	File          string   `json:"file"`
	Group         string   `json:"group"`
	Key           string   `json:"key"`
	OnlyProgramme []string `json:"only_programme,omitempty"`
	OnlyConfig    []string `json:"only_config,omitempty"`
	Message       string   `json:"message"`
}

func warningsJSON(ws []config.GroupDifference) []validationWarning {
	out := make([]validationWarning, len(ws))
	for i, w := range ws {
		out[i] = validationWarning{File: w.File, Group: w.Group, Key: w.ConfigKey(),
			OnlyProgramme: w.OnlyProgramme, OnlyConfig: w.OnlyConfig, Message: w.Error()}
	}
	return out
}

// validationProblem is one problem as validate --format json writes it.
type validationProblem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Doel    int    `json:"doel,omitempty"`
	Actie   string `json:"actie,omitempty"`
	Column  string `json:"column,omitempty"`
	Phrase  string `json:"phrase,omitempty"`
	Message string `json:"message"`
}

// writeProblems writes {"errors": [...]} to stdout and returns the exit code of a failed
// validation.
func writeProblems(e env, err error) int {
	var out []validationProblem
	for _, one := range flatten(err) {
		var pe *programme.Error
		if errors.As(one, &pe) {
			out = append(out, validationProblem{File: pe.File, Line: pe.Line, Doel: pe.Goal, Actie: pe.Action,
				Column: pe.Column, Phrase: pe.Phrase, Message: pe.Msg})
			continue
		}
		out = append(out, validationProblem{Message: one.Error()})
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any{"errors": out}); err != nil {
		return fail(e, 1, err)
	}
	return 1
}

// flatten lists the errors inside joined errors.
func flatten(err error) []error {
	var pes programme.Errors
	if errors.As(err, &pes) {
		out := make([]error, len(pes))
		for i, pe := range pes {
			out[i] = pe
		}
		return out
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, one := range j.Unwrap() {
			out = append(out, flatten(one)...)
		}
		return out
	}
	return []error{err}
}
