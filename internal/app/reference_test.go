package app

import (
	"testing"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/inbox"
)

// Each office format gets the house style of its own kind: a .docx template never reaches
// the ODT writer, and the command line's Word template wins over the configured one.
func TestReferenceDocPerFormat(t *testing.T) {
	a := &App{cfg: &config.Config{Report: config.Report{ReferenceDocx: "huis.docx", ReferenceODT: "huis.odt"}}}
	if got := a.referenceDoc(FormatDOCX); got != "huis.docx" {
		t.Errorf("docx: %q", got)
	}
	if got := a.referenceDoc(FormatODT); got != "huis.odt" {
		t.Errorf("odt: %q", got)
	}
	a.opts.ReferenceDoc = "cli.docx"
	if got := a.referenceDoc(FormatDOCX); got != "cli.docx" {
		t.Errorf("docx with a command-line template: %q", got)
	}
	if got := a.referenceDoc(FormatODT); got != "huis.odt" {
		t.Errorf("odt with a command-line Word template: %q", got)
	}
}

// A delay warning is counted as such, not as an answer.
func TestInboxOutcomeOfADelayWarning(t *testing.T) {
	if got := inboxOutcome(inbox.Outcome{Kind: inbox.OutcomeProcessed, Mail: inbox.KindDelay}); got != "delay" {
		t.Errorf("outcome = %q, want delay", got)
	}
}
