package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/open"
	"github.com/regiogv/voortgang/internal/web"
)

// runUser manages the board's local accounts: add, passwd, disable, list.
func runUser(e env, args []string) int {
	sub, args, ok := subcommand(e, args,
		"Gebruik: voortgang user add|passwd|disable|list [opties]",
		"  add      --key K --name N --email E --role coordinator|viewer [--password-file F]",
		"  passwd   --key K [--password-file F]",
		"  disable  --key K",
		"  list",
		"Zonder --password-file wordt het wachtwoord van standaardinvoer gelezen (eerste regel).")
	if !ok {
		return exitUsage
	}
	fs := newFlags(e, "user "+sub, "[opties]")
	cfgPath := fs.String("config", "", "configuratiebestand")
	key := fs.String("key", "", "gebruikersnaam (kleine letters, cijfers en -)")
	name := fs.String("name", "", "volledige naam")
	email := fs.String("email", "", "e-mailadres (ook voor inloggen via de organisatie)")
	role := fs.String("role", "", "coordinator of viewer")
	pwFile := fs.String("password-file", "", "bestand met het wachtwoord (eerste regel)")
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	switch sub {
	case "add", "passwd", "disable", "list":
	default:
		return fail(e, exitUsage, fmt.Errorf("voortgang user: onbekend subcommando %q (add, passwd, disable of list)", sub))
	}
	if sub != "list" && !validUserKey(*key) {
		return fail(e, exitUsage, errors.New("voortgang user: --key is verplicht: kleine letters, cijfers en -"))
	}
	if sub == "add" && *role != store.RoleCoordinator && *role != store.RoleViewer {
		return fail(e, exitUsage, fmt.Errorf("voortgang user: --role is coordinator of viewer, niet %q", *role))
	}
	cfg, err := loadConfig(e, *cfgPath)
	if err != nil {
		return fail(e, 1, err)
	}
	st, err := open.Open(e.ctx, cfg.Database, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return fail(e, 1, err)
	}
	defer st.Close()
	users, ok := st.(store.BoardStore)
	if !ok {
		return fail(e, 1, errors.New("voortgang user: deze database ondersteunt geen gebruikers"))
	}
	now := time.Now()
	switch sub {
	case "list":
		list, err := users.Users(e.ctx)
		if err != nil {
			return fail(e, 1, err)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "GEBRUIKER\tNAAM\tE-MAIL\tROL\tWACHTWOORD\tSTATUS")
		for _, u := range list {
			status, pw := "actief", "ja"
			if u.Disabled() {
				status = "uitgeschakeld sinds " + u.DisabledAt.Local().Format("2006-01-02")
			}
			if u.PasswordHash == "" {
				pw = "nee"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Key, u.Name, u.Email, dutch(roles, u.Role), pw, status)
		}
		tw.Flush()
		return 0
	case "disable":
		if err := users.DisableUser(e.ctx, *key, now); err != nil {
			return fail(e, 1, err)
		}
		fmt.Fprintf(e.stdout, "Gebruiker %s is uitgeschakeld.\n", *key)
		return 0
	}
	pw, err := readPassword(*pwFile)
	if err != nil {
		return fail(e, 1, err)
	}
	hash, err := web.HashPassword(pw)
	if err != nil {
		return fail(e, exitUsage, fmt.Errorf("voortgang user: %w", err))
	}
	if sub == "passwd" {
		if err := users.SetPassword(e.ctx, *key, hash); err != nil {
			return fail(e, 1, err)
		}
		fmt.Fprintf(e.stdout, "Wachtwoord van %s is gewijzigd.\n", *key)
		return 0
	}
	if err := users.AddUser(e.ctx, store.User{Key: *key, Name: *name, Email: strings.TrimSpace(*email), Role: *role, PasswordHash: hash}, now); err != nil {
		return fail(e, 1, err)
	}
	fmt.Fprintf(e.stdout, "Gebruiker %s (%s) is toegevoegd.\n", *key, *role)
	return 0
}

func validUserKey(k string) bool {
	if k == "" || len(k) > 64 {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}

// readPassword reads the first line of the file, or of standard input when path is "".
func readPassword(path string) (string, error) {
	var r io.Reader = os.Stdin
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("voortgang user: %w", err)
		}
		defer f.Close()
		r = f
	} else if fi, err := os.Stdin.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		fmt.Fprint(os.Stderr, "Wachtwoord (wordt getoond; gebruik liever --password-file): ")
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("voortgang user: wachtwoord lezen: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
