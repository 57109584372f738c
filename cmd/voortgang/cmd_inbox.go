package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/regiogv/voortgang/internal/inbox"
)

// runInbox groups the inbox commands; for now `voortgang inbox parse FILE.eml`.
func runInbox(e env, args []string) int {
	if len(args) == 0 || args[0] != "parse" {
		fmt.Fprintln(e.stderr, "Gebruik: voortgang inbox parse BESTAND.eml [--format text|json]")
		return exitUsage
	}
	fs := newFlags(e, "inbox parse", "BESTAND.eml [--format text|json]")
	format := fs.String("format", "text", "uitvoer: text of json")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return flagError(err)
	}
	if len(pos) != 1 {
		fs.Usage()
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		return fail(e, exitUsage, fmt.Errorf("voortgang inbox parse: onbekend formaat %q (text of json)", *format))
	}
	raw, err := os.ReadFile(pos[0])
	if err != nil {
		return fail(e, 1, err)
	}
	r, err := inbox.Parse(raw)
	if err != nil {
		return fail(e, 1, fmt.Errorf("voortgang inbox parse: %s: %w (zo'n bericht gaat in quarantaine)", pos[0], err))
	}
	if *format == "json" {
		b, err := r.JSON()
		if err != nil {
			return fail(e, 1, err)
		}
		e.stdout.Write(b)
		if len(b) > 0 && b[len(b)-1] != '\n' {
			fmt.Fprintln(e.stdout)
		}
		return 0
	}
	fmt.Fprintf(e.stdout, "soort:      %s\nvan:        %s\nmessage-id: %s\n", dutch(mailKinds, string(r.Kind)), r.From, r.MessageID)
	if r.Token != "" {
		fmt.Fprintf(e.stdout, "token:      %s\n", r.Token)
	}
	if r.InReplyTo != "" {
		fmt.Fprintf(e.stdout, "antwoord op: %s\n", r.InReplyTo)
	}
	if r.AwayUntil != "" {
		fmt.Fprintf(e.stdout, "afwezig tot en met: %s\n", r.AwayUntil)
	}
	if r.FailedRecipient != "" && r.Kind == inbox.KindDelay {
		fmt.Fprintf(e.stdout, "nog niet afgeleverd aan: %s (de server probeert het nog)\n", r.FailedRecipient)
	} else if r.FailedRecipient != "" {
		fmt.Fprintf(e.stdout, "onbestelbaar aan: %s\n", r.FailedRecipient)
	}
	for _, it := range r.Items {
		ref := it.Ref
		if ref == "" {
			ref = "(geen verwijzing)"
		}
		fmt.Fprintf(e.stdout, "\n[%s] %s\n%s\n", ref, it.Status, strings.TrimSpace(it.Text))
	}
	return 0
}
