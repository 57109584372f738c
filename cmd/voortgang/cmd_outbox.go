package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

// runOutbox shows the outbox and sends failed messages again: the command-line side of the
// board's "Mislukte berichten".
func runOutbox(e env, args []string) int {
	sub, args, ok := subcommand(e, args,
		"Gebruik: voortgang outbox list|retry [opties]",
		"  list   [--status failed|queued|sending|sent] [--format tekst|json]",
		"  retry  SLEUTEL... | --periode 2026H2 | --alle   (zet mislukte berichten terug in de wachtrij)")
	if !ok {
		return exitUsage
	}
	fs := newFlags(e, "outbox "+sub, "[opties]")
	cfgPath := fs.String("config", "", "configuratiebestand")
	status := fs.String("status", store.OutboxFailed, "list: welke berichten (failed, queued, sending, sent)")
	format := fs.String("format", "tekst", "list: tekst of json")
	period := fs.String("periode", "", "retry: alle mislukte berichten van de ronde van deze periode")
	all := fs.Bool("alle", false, "retry: alle mislukte berichten")
	keys, err := parseInterleaved(fs, args)
	if err != nil {
		return flagError(err)
	}
	switch sub {
	case "list":
		switch *status {
		case store.OutboxFailed, store.OutboxQueued, store.OutboxSending, store.OutboxSent:
		default:
			return fail(e, exitUsage, fmt.Errorf("voortgang outbox list: --status is failed, queued, sending of sent, niet %q", *status))
		}
		if *format != "tekst" && *format != "json" {
			return fail(e, exitUsage, fmt.Errorf("voortgang outbox list: --format is tekst of json, niet %q", *format))
		}
	case "retry":
		chosen := 0
		for _, c := range []bool{len(keys) > 0, *period != "", *all} {
			if c {
				chosen++
			}
		}
		if chosen != 1 {
			return fail(e, exitUsage, errors.New("voortgang outbox retry: geef sleutels, --periode of --alle (precies één daarvan)"))
		}
	default:
		return fail(e, exitUsage, fmt.Errorf("voortgang outbox: onbekend subcommando %q (list of retry)", sub))
	}
	_, st, err := openStore(e, *cfgPath)
	if err != nil {
		return fail(e, 1, err)
	}
	defer st.Close()

	if sub == "list" {
		msgs, err := st.OutboxByStatus(e.ctx, *status, 0)
		if err != nil {
			return fail(e, 1, err)
		}
		if *format == "json" {
			type row struct {
				Key       string `json:"key"`
				Channel   string `json:"channel"`
				Recipient string `json:"recipient"`
				Status    string `json:"status"`
				Attempts  int    `json:"attempts"`
				LastError string `json:"last_error"`
				Created   string `json:"created_at"`
			}
			out := []row{}
			for _, m := range msgs {
				out = append(out, row{m.Key, m.Channel, m.Recipient, m.Status, m.Attempts, m.LastError, m.CreatedAt.UTC().Format(time.RFC3339)})
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(out); err != nil {
				return fail(e, 1, err)
			}
			return 0
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SLEUTEL\tKANAAL\tONTVANGER\tPOGINGEN\tLAATSTE FOUT")
		for _, m := range msgs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", m.Key, m.Channel, m.Recipient, m.Attempts, oneLine(m.LastError))
		}
		tw.Flush()
		fmt.Fprintf(e.stdout, "%d bericht(en) met status %s\n", len(msgs), *status)
		return 0
	}

	if len(keys) == 0 {
		failed, err := st.OutboxByStatus(e.ctx, store.OutboxFailed, 0)
		if err != nil {
			return fail(e, 1, err)
		}
		for _, m := range failed {
			if *all || outbox.RoundOf(m.Key) == *period {
				keys = append(keys, m.Key)
			}
		}
	}
	actor := "cli"
	if u := e.getenv("USER"); u != "" {
		actor = "cli:" + u
	}
	n, err := cycle.Resend(e.ctx, st, keys, actor, time.Now())
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fail(e, exitUsage, fmt.Errorf("voortgang outbox retry: %w", err))
		}
		return fail(e, 1, err)
	}
	fmt.Fprintf(e.stdout, "%d mislukt(e) bericht(en) terug in de wachtrij; de daemon verstuurt ze bij zijn volgende ronde.\n", n)
	if skipped := len(keys) - n; skipped > 0 {
		fmt.Fprintf(e.stdout, "%d bericht(en) overgeslagen: niet mislukt (al verstuurd of nog in de wachtrij).\n", skipped)
	}
	return 0
}

// oneLine keeps a table row on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
