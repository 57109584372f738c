// Command voortgang keeps an uitvoeringsprogramma on schedule: it plans the tasks of the
// programme, asks their owners for status, collects answers and drafts the progress report.
// This file only dispatches subcommands; the work lives in internal/.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"sort"
	"strings"
	"syscall"
)

// exitUsage is the exit code for a bad command line or input the command cannot parse.
const exitUsage = 2

// env is what a command reads from its surroundings, so tests can run commands in-process.
type env struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// memLimit is the soft memory limit main set, which the daemon logs at start.
	memLimit memoryLimit
}

type command struct {
	summary string
	run     func(e env, args []string) int
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"validate":    {"laadt en controleert de workflowbestanden (en de configuratie)", runValidate},
		"plan":        {"toont de taken met een vervaldatum in een periode", runPlan},
		"timing":      {"vertaalt één planningsfrase naar data", runTiming},
		"serve":       {"draait de daemon: planner, verzending en webserver", runServe},
		"migrate":     {"werkt het databaseschema bij", runMigrate},
		"backup":      {"maakt een reservekopie van de SQLite-database, ook terwijl de daemon draait", runBackup},
		"restore":     {"zet een SQLite-reservekopie terug (alleen als de daemon niet draait)", runRestore},
		"config":      {"controleert de configuratie; --dump toont de werkelijke instellingen", runConfig},
		"run-once":    {"voert één ronde uit van al het werk dat op --at klaar staat, en stopt", runRunOnce},
		"preview":     {"toont wat wanneer verstuurd gaat worden, zonder te versturen", runPreview},
		"report":      {"maakt een nieuwe versie van het concept van de voortgangsrapportage", runReport},
		"user":        {"beheert de accounts van het bord: add, passwd, disable, list", runUser},
		"outbox":      {"outbox list|retry: toont mislukte berichten en zet ze terug in de wachtrij", runOutbox},
		"inbox":       {"inbox parse BESTAND.eml: toont wat voortgang in een antwoordmail leest", runInbox},
		"healthcheck": {"vraagt /healthz van de lokale daemon (voor de container)", runHealthcheck},
		"check":       {"probeert elke ingestelde verbinding (database, mail, Slack, Teams, OIDC); --to ADRES stuurt een testbericht", runCheck},
		"workbook":    {"programma naar en van Excel: workbook export --out X.xlsx, workbook import X.xlsx --out Y.yaml", runWorkbook},
	}
}

func main() {
	// First, so loading the configuration and the programmes already runs under it.
	limit, err := applyMemoryLimit(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(exitUsage)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(env{ctx: ctx, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, memLimit: limit}, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(e env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "voortgang: onbekend commando %q\n\n", args[0])
		usage(e.stderr)
		return exitUsage
	}
	return cmd.run(e, args[1:])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Gebruik: voortgang <commando> [opties]")
	fmt.Fprintln(w)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Meer over een commando: voortgang <commando> --help")
}

// newFlags makes a flag set that reports to stderr and does not exit.
func newFlags(e env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(dutchFlagErrors{e.stderr})
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Gebruik: voortgang %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// dutchFlagErrors passes the flag package's output through, with its own error sentences
// (which are English) said in Dutch and with the voortgang prefix, like every other error.
type dutchFlagErrors struct{ w io.Writer }

var flagMessages = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`^flag provided but not defined: (\S+)\n$`), "voortgang: onbekende optie $1\n"},
	{regexp.MustCompile(`^flag needs an argument: (\S+)\n$`), "voortgang: optie $1 heeft een waarde nodig\n"},
	{regexp.MustCompile(`^invalid value "(.*)" for flag (\S+): .*\n$`), "voortgang: ongeldige waarde \"$1\" voor optie $2\n"},
	{regexp.MustCompile(`^invalid boolean value "(.*)" for (\S+): .*\n$`), "voortgang: optie $2 is aan of uit, niet \"$1\"\n"},
	{regexp.MustCompile(`^bad flag syntax: (.*)\n$`), "voortgang: onleesbare optie $1\n"},
}

func (d dutchFlagErrors) Write(p []byte) (int, error) {
	for _, m := range flagMessages {
		if m.re.Match(p) {
			if _, err := d.w.Write(m.re.ReplaceAll(p, []byte(m.with))); err != nil {
				return 0, err
			}
			return len(p), nil
		}
	}
	// PrintDefaults' own words.
	if _, err := d.w.Write(bytes.ReplaceAll(p, []byte("(default "), []byte("(standaard "))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// parseInterleaved parses flags that may stand before or after the positional arguments
// (`voortgang timing "Q2 2026" --format json`), and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// fail prints err to stderr the way every command does and returns code.
func fail(e env, code int, err error) int {
	msg := err.Error()
	// Every error the command line prints starts with voortgang, so it is clear which
	// program speaks; the packages' own prefixes ("report: …") follow.
	if !strings.HasPrefix(msg, "voortgang") {
		msg = "voortgang: " + msg
	}
	if !strings.HasSuffix(msg, "\n") {
		msg += "\n"
	}
	fmt.Fprint(e.stderr, msg)
	return code
}

// flagError turns a flag parse error into an exit code: --help is success.
func flagError(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return exitUsage
}

// setting returns the flag value when set, else the environment variable, else def.
func setting(e env, flagValue, envName, def string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := e.getenv(envName); v != "" {
		return v
	}
	return def
}
