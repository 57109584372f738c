package i18n

import "strings"

// Status codes of a response (reactie). These are the values stored and passed
// between packages; StatusLabel gives the words people read and type.
const (
	StatusOnTrack    = "on_track"
	StatusDelayed    = "delayed"
	StatusDone       = "done"
	StatusNotStarted = "not_started"
	StatusCancelled  = "cancelled"
)

// Statuses lists the status codes in the order forms and mails offer them.
var Statuses = []string{StatusOnTrack, StatusDelayed, StatusDone, StatusNotStarted, StatusCancelled}

var statusLabels = map[string][2]string{ // code → {nl, en}
	StatusOnTrack:    {"op schema", "on track"},
	StatusDelayed:    {"vertraagd", "delayed"},
	StatusDone:       {"gereed", "done"},
	StatusNotStarted: {"niet gestart", "not started"},
	StatusCancelled:  {"vervallen", "cancelled"},
}

// statusWords maps what people write (either language, a few common
// variants) to the status code.
var statusWords = func() map[string]string {
	m := map[string]string{}
	for code, l := range statusLabels {
		m[code] = code
		m[l[0]] = code
		m[l[1]] = code
	}
	for w, code := range map[string]string{
		"op koers":   StatusOnTrack,
		"vertraging": StatusDelayed, "achter op schema": StatusDelayed,
		"klaar": StatusDone, "afgerond": StatusDone, "voltooid": StatusDone, "completed": StatusDone,
		"nog niet gestart": StatusNotStarted, "niet begonnen": StatusNotStarted,
		"nog niet begonnen": StatusNotStarted, "not_started": StatusNotStarted,
		"geschrapt": StatusCancelled, "komt te vervallen": StatusCancelled, "canceled": StatusCancelled,
	} {
		m[w] = code
	}
	return m
}()

// StatusLabel returns the words for a status in the given language: "op
// schema" / "on track". It accepts a code or a word in either language, so a
// stored Dutch word renders in English too. Unknown input is returned as is.
func StatusLabel(status, lang string) string {
	code, ok := ParseStatus(status)
	if !ok {
		return status
	}
	l := statusLabels[code]
	if Lang(lang) == English {
		return l[1]
	}
	return l[0]
}

// ParseStatus recognises a status word in Dutch or English ("Op schema",
// "vertraagd.", "gereed!", "not started") or a status code, and returns the
// code. Surrounding space, case and trailing punctuation are ignored.
func ParseStatus(word string) (code string, ok bool) {
	w := strings.ToLower(strings.TrimSpace(word))
	w = strings.TrimRight(w, ".,:;!-– ")
	w = strings.Join(strings.Fields(w), " ")
	code, ok = statusWords[w]
	return code, ok
}

// PDCA phases as stored ("plan", "do", "check", "act"), plus the contract
// meeting, which is a task without a phase.
const (
	PhasePlan     = "plan"
	PhaseDo       = "do"
	PhaseCheck    = "check"
	PhaseAct      = "act"
	PhaseContract = "contract"
)

var phaseLabels = map[string][2]string{ // code → {nl, en}
	PhasePlan:     {"Plan", "Plan"},
	PhaseDo:       {"Do", "Do"},
	PhaseCheck:    {"Check", "Check"},
	PhaseAct:      {"Act", "Act"},
	PhaseContract: {"Contractgesprek", "Contract meeting"},
}

// PhaseLabel returns the column heading of a phase: "Plan", "Do", "Check",
// "Act", or "Contractgesprek" / "Contract meeting" for a contract meeting
// (code "contract", or "" as the planner writes it). It accepts codes and
// labels in any case; unknown input is returned as is.
func PhaseLabel(phase, lang string) string {
	p := strings.ToLower(strings.TrimSpace(phase))
	switch p {
	case "", "contractgesprek", "contract meeting":
		p = PhaseContract
	}
	l, ok := phaseLabels[p]
	if !ok {
		return phase
	}
	if Lang(lang) == English {
		return l[1]
	}
	return l[0]
}

// RoleLabel returns the words for an owner's role on an action: "trekker" /
// "lead" and "bijdrager" / "contributor". Unknown input is returned as is.
func RoleLabel(role, lang string) string {
	en := Lang(lang) == English
	switch strings.ToLower(strings.TrimSpace(role)) {
	case "trekker", "lead":
		if en {
			return "lead"
		}
		return "trekker"
	case "bijdrager", "contributor":
		if en {
			return "contributor"
		}
		return "bijdrager"
	}
	return role
}
