package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/regiogv/voortgang/internal/app"
	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/timing"
)

const defaultWorkflows = "workflows"

// loadProgrammes loads the workflow files named by --workflows or VOORTGANG_WORKFLOWS.
func loadProgrammes(e env, flagValue string) ([]*programme.Programme, error) {
	return programme.LoadDir(setting(e, flagValue, "VOORTGANG_WORKFLOWS", defaultWorkflows))
}

// planAll plans every programme over its own period.
func planAll(progs []*programme.Programme) ([]planner.Task, error) {
	var all []planner.Task
	for _, p := range progs {
		ts, err := planner.Plan(p, periodWindow(p))
		if err != nil {
			return nil, err
		}
		all = append(all, ts...)
	}
	return all, nil
}

func periodWindow(p *programme.Programme) timing.Window {
	return timing.Window{From: p.Period.From.Time, To: p.Period.To.Time}
}

// taskJSON is the shape `voortgang plan --format json` promises.
type taskJSON struct {
	Key    string   `json:"key"`
	Doel   int      `json:"doel"`
	Actie  string   `json:"actie"`
	Phase  string   `json:"phase"`
	Kind   string   `json:"kind"`
	Title  string   `json:"title"`
	Owners []string `json:"owners"`
	Start  string   `json:"start"`
	Due    string   `json:"due"`
	Source string   `json:"source"`
}

func runPlan(e env, args []string) int {
	if len(args) > 0 && args[0] == "accept" {
		return runPlanAccept(e, args[1:])
	}
	if len(args) > 0 && args[0] == "diff" {
		return runPlanDiff(e, args[1:])
	}
	fs := newFlags(e, "plan", "--from DATUM --to DATUM [--owner SLEUTEL] [--doel N] [--format table|json|csv] [--workflows MAP]  |  plan accept [--programme SLEUTEL] [--by NAAM]  |  plan diff OUD NIEUW")
	from := fs.String("from", "", "eerste vervaldatum (JJJJ-MM-DD), standaard vandaag")
	to := fs.String("to", "", "laatste vervaldatum (JJJJ-MM-DD), standaard drie maanden na --from")
	owner := fs.String("owner", "", "alleen taken van deze eigenaar (sleutel, bijv. regio of hilversum)")
	goal := fs.Int("doel", 0, "alleen taken van dit doel")
	format := fs.String("format", "table", "uitvoer: table, json of csv")
	workflows := fs.String("workflows", "", "map of bestand met workflows (standaard $VOORTGANG_WORKFLOWS of workflows)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return flagError(err)
	}
	switch *format {
	case "table", "json", "csv":
	default:
		return fail(e, exitUsage, fmt.Errorf("voortgang plan: onbekend formaat %q (table, json of csv)", *format))
	}
	if *from == "" {
		*from = time.Now().In(amsterdam()).Format(time.DateOnly)
	}
	if *to == "" {
		f, err := parseDate("--from", *from)
		if err != nil {
			return fail(e, exitUsage, err)
		}
		*to = f.AddDate(0, 3, -1).Format(time.DateOnly)
	}
	w, err := window(*from, *to)
	if err != nil {
		return fail(e, exitUsage, err)
	}
	progs, err := loadProgrammes(e, *workflows)
	if err != nil {
		return fail(e, 1, err)
	}
	tasks, err := planAll(progs)
	if err != nil {
		return fail(e, 1, err)
	}
	tasks = planner.Select(tasks, planner.Filter{From: w.From, To: w.To, Owner: *owner, Goal: *goal}, planner.Groups(progs...))

	rows := make([]taskJSON, len(tasks))
	for i, t := range tasks {
		rows[i] = taskJSON{Key: t.Key, Doel: t.Goal, Actie: t.Action, Phase: t.Phase, Kind: string(t.Kind), Title: t.Title,
			Owners: t.Owners, Start: t.Start.Format(time.DateOnly), Due: t.Due.Format(time.DateOnly), Source: t.Source}
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rows); err != nil {
			return fail(e, 1, err)
		}
	case "csv":
		cw := csv.NewWriter(e.stdout)
		cw.Write([]string{"key", "doel", "actie", "phase", "kind", "title", "owners", "start", "due", "source"})
		for _, r := range rows {
			cw.Write([]string{r.Key, fmt.Sprint(r.Doel), r.Actie, r.Phase, r.Kind, r.Title, strings.Join(r.Owners, " "), r.Start, r.Due, r.Source})
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fail(e, 1, err)
		}
	default:
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "UITERLIJK\tACTIE\tFASE\tSOORT\tEIGENAREN\tTAAK")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%d%s\t%s\t%s\t%s\t%s\n", r.Due, r.Doel, r.Actie, phaseWord(r.Phase), dutch(taskKinds, r.Kind), strings.Join(r.Owners, ","), r.Title)
		}
		tw.Flush()
		noun := "taken"
		if len(rows) == 1 {
			noun = "taak"
		}
		fmt.Fprintf(e.stdout, "%d %s met een vervaldatum van %s tot en met %s\n", len(rows), noun, *from, *to)
	}
	return 0
}

// amsterdam is the calendar every date of the programme is read in.
func amsterdam() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return loc
}

// runPlanAccept applies the reconciles that were held because they would obsolete too many
// open tasks (voortgang plan accept). It reads the workflow files as they are now: a hold
// whose files changed since is held anew (and accepted only if it is the same set of
// tasks), so what is accepted is what the files say at this moment.
func runPlanAccept(e env, args []string) int {
	fs := newFlags(e, "plan accept", "[--programme SLEUTEL] [--by NAAM] [--config BESTAND]")
	cfgPath := fs.String("config", "", "configuratiebestand")
	only := fs.String("programme", "", "alleen het aangehouden plan van dit programma")
	by := fs.String("by", "", "wie accepteert (voor het auditlog), standaard $USER")
	if _, err := parseInterleaved(fs, args); err != nil {
		return flagError(err)
	}
	who := strings.TrimSpace(*by)
	if who == "" {
		who = strings.TrimSpace(e.getenv("USER"))
	}
	if who == "" {
		return fail(e, exitUsage, fmt.Errorf("voortgang plan accept: geef met --by aan wie accepteert"))
	}
	cfg, err := loadConfig(e, *cfgPath)
	if err != nil {
		return fail(e, 1, err)
	}
	a, err := app.New(e.ctx, cfg, newLogger(e.stderr), clock.Real(), app.Options{WebOnly: true})
	if err != nil {
		return fail(e, 1, err)
	}
	defer a.Stop()
	holds, err := a.PlanHolds(e.ctx)
	if err != nil {
		return fail(e, 1, err)
	}
	n := 0
	for _, h := range holds {
		if *only != "" && h.Programme != *only {
			continue
		}
		if _, err := a.AcceptPlan(e.ctx, h.Programme, h.Fingerprint, "cli:"+who); err != nil {
			return fail(e, 1, err)
		}
		fmt.Fprintf(e.stdout, "%s: nieuwe versie toegepast, %d van de %d open taken vervallen\n", h.Programme, h.Obsolete, h.OpenTasks)
		n++
	}
	if n == 0 {
		fmt.Fprintln(e.stdout, "geen aangehouden plan")
	}
	return 0
}
