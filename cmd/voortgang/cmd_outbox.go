package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/i18n"
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
		// The attempts that ended after another instance had taken their message over: few,
		// so all of them, oldest first.
		late, err := st.LateAttempts(e.ctx, 0)
		if err != nil {
			return fail(e, 1, err)
		}
		slices.Reverse(late)
		lateOf := map[string][]store.LateAttempt{}
		for _, a := range late {
			lateOf[a.OutboxKey] = append(lateOf[a.OutboxKey], a)
		}
		if *format == "json" {
			type lateRow struct {
				Owner   string `json:"owner"`
				At      string `json:"at"`
				Outcome string `json:"outcome"`
				Error   string `json:"error"`
			}
			type row struct {
				Key       string    `json:"key"`
				Channel   string    `json:"channel"`
				Recipient string    `json:"recipient"`
				Status    string    `json:"status"`
				Attempts  int       `json:"attempts"`
				LastError string    `json:"last_error"`
				Created   string    `json:"created_at"`
				Late      []lateRow `json:"late_attempts,omitempty"`
			}
			out := []row{}
			for _, m := range msgs {
				r := row{m.Key, m.Channel, m.Recipient, m.Status, m.Attempts, m.LastError, m.CreatedAt.UTC().Format(time.RFC3339), nil}
				for _, a := range lateOf[m.Key] {
					r.Late = append(r.Late, lateRow{a.Owner, a.AttemptedAt.UTC().Format(time.RFC3339), a.Outcome, a.Error})
				}
				out = append(out, r)
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
		printLate(e, msgs, late, lateOf)
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

// printLate lists the late attempts of the listed messages, after the table (a line without
// columns inside it would break its alignment), and counts those of messages with another
// status, which this listing does not show.
func printLate(e env, msgs []store.OutboxMessage, late []store.LateAttempt, lateOf map[string][]store.LateAttempt) {
	listed := map[string]bool{}
	for _, m := range msgs {
		listed[m.Key] = true
	}
	here := false
	other := map[string]bool{}
	var statuses []string
	for _, a := range late {
		if listed[a.OutboxKey] {
			here = true
		} else if a.Outcome == store.OutcomeSent {
			other[a.OutboxKey] = true
			if !slices.Contains(statuses, a.Status) {
				statuses = append(statuses, a.Status)
			}
		}
	}
	slices.Sort(statuses)
	if here {
		fmt.Fprintln(e.stdout, "\nLet op: pogingen die eindigden nadat een andere instantie het bericht had overgenomen:")
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		for _, m := range msgs {
			for _, a := range lateOf[m.Key] {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", a.OutboxKey, lateWords(a), a.Owner, i18n.FormatDateTime(a.AttemptedAt, "nl"))
			}
		}
		tw.Flush()
	}
	if len(other) > 0 {
		fmt.Fprintf(e.stdout, "\nLet op: nog %d bericht(en), met status %s, zijn verzonden nadat een andere instantie ze had overgenomen en kunnen dubbel zijn aangekomen (voortgang outbox list --status …).\n",
			len(other), strings.Join(statuses, ", "))
	}
}

// lateWords says what a late attempt did, in the words of the board.
func lateWords(a store.LateAttempt) string {
	if a.Outcome == store.OutcomeSent {
		return "verzonden nadat een andere instantie het bericht had overgenomen: kan dubbel zijn aangekomen"
	}
	return "mislukt nadat een andere instantie het bericht had overgenomen (" + oneLine(a.Error) + ")"
}

// oneLine keeps a table row on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
