package main

import (
	"strings"
	"testing"
)

// inbox parse tells a delay warning from a bounce.
func TestInboxParseDelayWarning(t *testing.T) {
	code, out, errs := runCmd(t, nil, "inbox", "parse", "../../internal/inbox/testdata/delay_dsn_gmail.eml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "soort:      vertraagde aflevering") || !strings.Contains(out, "nog niet afgeleverd aan: k.deboer@wijdemeren.nl") || strings.Contains(out, "onbestelbaar") {
		t.Errorf("output:\n%s", out)
	}
}
