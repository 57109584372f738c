package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/regiogv/voortgang/internal/app"
	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/open"
	"github.com/regiogv/voortgang/internal/store/sqlite"
)

// loadConfig loads the configuration from --config, VOORTGANG_CONFIG or the example file.
func loadConfig(e env, flagValue string) (*config.Config, error) {
	path := flagValue
	if path == "" {
		path = config.PathFromEnv(e.getenv)
	}
	return config.Load(path, e.getenv)
}

// newLogger logs text on a terminal and JSON otherwise (a container, a service manager).
func newLogger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			return slog.New(slog.NewTextHandler(w, opts))
		}
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func runServe(e env, args []string) int {
	fs := newFlags(e, "serve", "[--config BESTAND] [--web-only]")
	cfgPath := fs.String("config", "", "configuratiebestand (standaard $VOORTGANG_CONFIG of config/voortgang.example.yaml)")
	webOnly := fs.Bool("web-only", false, "alleen de webserver, zonder planner en verzending (tweede webreplica, onderhoud)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return flagError(err)
	}
	cfg, err := loadConfig(e, *cfgPath)
	if err != nil {
		return fail(e, 1, err)
	}
	log := newLogger(e.stderr)
	log.Info("memory limit", e.memLimit.logAttrs()...)
	a, err := app.New(e.ctx, cfg, log, clock.Real(), app.Options{WebOnly: *webOnly})
	if err != nil {
		return fail(e, 1, err)
	}
	fitMemoryLimit(e, log)
	if err := a.Start(e.ctx); err != nil {
		a.Stop()
		return fail(e, 1, err)
	}
	<-e.ctx.Done()
	log.Info("stopping")
	a.Stop()
	return 0
}

// openStore loads the configuration and opens (and migrates) its database, for the commands
// that need the store but not the daemon.
func openStore(e env, cfgPath string) (*config.Config, store.Store, error) {
	cfg, err := loadConfig(e, cfgPath)
	if err != nil {
		return nil, nil, err
	}
	st, err := open.Open(e.ctx, cfg.Database, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return cfg, st, err
}

func runMigrate(e env, args []string) int {
	fs := newFlags(e, "migrate", "[--config BESTAND]")
	cfgPath := fs.String("config", "", "configuratiebestand")
	if _, err := parseInterleaved(fs, args); err != nil {
		return flagError(err)
	}
	_, st, err := openStore(e, *cfgPath)
	if err != nil {
		return fail(e, 1, err)
	}
	defer st.Close()
	v, err := st.SchemaVersion(e.ctx)
	if err != nil {
		return fail(e, 1, err)
	}
	fmt.Fprintf(e.stdout, "database (%s) is bijgewerkt tot schemaversie %d\n", st.Dialect(), v)
	return 0
}

func runBackup(e env, args []string) int {
	fs := newFlags(e, "backup", "--out BESTAND [--config BESTAND]")
	cfgPath := fs.String("config", "", "configuratiebestand")
	out := fs.String("out", "", "het reservekopiebestand (wordt nooit overschreven)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return flagError(err)
	}
	if *out == "" {
		fs.Usage()
		return exitUsage
	}
	_, st, err := openStore(e, *cfgPath)
	if err != nil {
		return fail(e, 1, err)
	}
	defer st.Close()
	if err := st.Backup(e.ctx, *out); errors.Is(err, store.ErrUnsupported) {
		return fail(e, 1, errors.New("voortgang backup: de database is PostgreSQL; maak een reservekopie met pg_dump (bijv. pg_dump -Fc -f voortgang.dump \"$VOORTGANG_DB\")"))
	} else if err != nil {
		return fail(e, 1, err)
	}
	fmt.Fprintf(e.stdout, "reservekopie geschreven naar %s\n", *out)
	return 0
}

func runRestore(e env, args []string) int {
	fs := newFlags(e, "restore", "--from BESTAND [--config BESTAND]")
	cfgPath := fs.String("config", "", "configuratiebestand")
	from := fs.String("from", "", "de reservekopie die de database vervangt")
	if _, err := parseInterleaved(fs, args); err != nil {
		return flagError(err)
	}
	if *from == "" {
		fs.Usage()
		return exitUsage
	}
	cfg, err := loadConfig(e, *cfgPath)
	if err != nil {
		return fail(e, 1, err)
	}
	if open.IsPostgres(cfg.Database) {
		return fail(e, 1, errors.New("voortgang restore: de database is PostgreSQL; zet een reservekopie terug met pg_restore"))
	}
	if err := sqlite.Restore(e.ctx, *from, cfg.Database); err != nil {
		return fail(e, 1, err)
	}
	fmt.Fprintf(e.stdout, "database %s teruggezet uit %s\n", cfg.Database, *from)
	return 0
}

func runConfig(e env, args []string) int {
	fs := newFlags(e, "config", "--dump [--config BESTAND]")
	cfgPath := fs.String("config", "", "configuratiebestand")
	dump := fs.Bool("dump", false, "toon de werkelijke instellingen (geheimen gemaskeerd)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return flagError(err)
	}
	cfg, err := loadConfig(e, *cfgPath)
	if err != nil {
		return fail(e, 1, err)
	}
	if !*dump {
		fmt.Fprintf(e.stdout, "configuratie %s is geldig\n", cfg.Path())
		return 0
	}
	fmt.Fprint(e.stdout, cfg.Dump())
	return 0
}

// runHealthcheck asks the local daemon's /healthz; the container's HEALTHCHECK uses it, so the
// image needs no curl.
func runHealthcheck(e env, args []string) int {
	fs := newFlags(e, "healthcheck", "[--config BESTAND]")
	cfgPath := fs.String("config", "", "configuratiebestand")
	if _, err := parseInterleaved(fs, args); err != nil {
		return flagError(err)
	}
	cfg, err := loadConfig(e, *cfgPath)
	if err != nil {
		return fail(e, 1, err)
	}
	host, port, err := net.SplitHostPort(cfg.Listen)
	if err != nil {
		return fail(e, 1, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	c := http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get("http://" + net.JoinHostPort(host, port) + "/healthz")
	if err != nil {
		return fail(e, 1, fmt.Errorf("voortgang healthcheck: %w", err))
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fail(e, 1, fmt.Errorf("voortgang healthcheck: %s", resp.Status))
	}
	return 0
}
