package main

import (
	"github.com/regiogv/voortgang/internal/check"
	"github.com/regiogv/voortgang/internal/clock"
)

// runCheck tries every configured connection and prints one line per item; the exit status
// is 1 when any failed.
func runCheck(e env, args []string) int {
	fs := newFlags(e, "check", "[--to ADRES] [--teams] [--config BESTAND]")
	cfgPath := fs.String("config", "", "configuratiebestand")
	to := fs.String("to", "", "stuur een testbericht naar dit adres (zonder: alleen verbinden en aanmelden)")
	postTeams := fs.Bool("teams", false, "post een testnotitie naar de Teams-webhook (zonder: alleen bereikbaarheid)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return flagError(err)
	}
	cfg, err := loadConfig(e, *cfgPath)
	if err != nil {
		return fail(e, 1, err)
	}
	results := check.Run(e.ctx, cfg, check.Options{To: *to, PostTeams: *postTeams, Clock: clock.Real()})
	check.Print(e.stdout, cfg.Language, results)
	if check.AnyFailed(results) {
		return 1
	}
	return 0
}
