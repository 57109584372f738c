package main

import "github.com/regiogv/voortgang/internal/programme"

// The text tables of the command line speak Dutch, as everything else a user reads; the JSON
// and CSV outputs keep the codes, which scripts read.
var (
	messageKinds = map[string]string{"statusrequest": "uitvraag", "reminder": "herinnering", "escalation": "escalatie",
		"summary": "overzicht", "digest": "vooruitblik", "confirmation": "bevestiging", "draft": "concept", "bounce": "onbestelbaar", "delay": "vertraagde aflevering"}
	taskKinds = map[string]string{"milestone": "mijlpaal", "contractgesprek": "contractgesprek"}
	mailKinds = map[string]string{"reply": "antwoord", "auto-reply": "automatisch antwoord", "bounce": "onbestelbaar", "delay": "vertraagde aflevering"}
	roles     = map[string]string{"coordinator": "coördinator", "viewer": "lezer"}
)

// dutch looks a code up in one of the tables; an unknown code is shown as it is.
func dutch(table map[string]string, code string) string {
	if s, ok := table[code]; ok {
		return s
	}
	return code
}

// phaseWord is a PDCA phase as the programme's columns name it (Plan, Do, Check, Act), or "-".
func phaseWord(phase string) string {
	if phase == "" {
		return "-"
	}
	return programme.Phase(phase).Column()
}
