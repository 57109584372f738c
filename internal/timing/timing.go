// Package timing turns the Dutch planning phrases of the PDCA cells ("Q2 2026",
// "Halfjaarlijks", "Q1 en Q3 2026 t/m 2029") into dated occurrences. It implements the contract
// in shared/design/timing.md. It is pure: no clock, no I/O, and no panic on any input.
package timing

import (
	"encoding/json"
	"time"
)

// State says what a phrase means as a whole.
type State string

const (
	Scheduled State = "scheduled" // dated or recurring occurrences
	Ongoing   State = "ongoing"   // continuous work (Gaande, Doorlopend): no dated milestone
	Done      State = "done"      // Gereed
)

// Window bounds recurring phrases: a recurring phrase gives every occurrence whose Due lies
// inside [From, To]. Fixed phrases ignore it. Dates are midnight UTC.
type Window struct {
	From, To time.Time
}

// DefaultWindow is the programme period 2026-01-01 .. 2029-12-31.
func DefaultWindow() Window {
	return Window{
		From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		To:   time.Date(2029, 12, 31, 0, 0, 0, 0, time.UTC),
	}
}

// Occurrence is one dated span; Start, End and Due are inclusive dates at midnight UTC, and
// Due equals End.
type Occurrence struct {
	Start, End, Due time.Time
}

// MarshalJSON writes ISO dates: {"start":"2026-04-01","end":"2026-06-30","due":"2026-06-30"}.
func (o Occurrence) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Start string `json:"start"`
		End   string `json:"end"`
		Due   string `json:"due"`
	}{o.Start.Format(time.DateOnly), o.End.Format(time.DateOnly), o.Due.Format(time.DateOnly)})
}

// Result is a parsed phrase.
type Result struct {
	Expr        string       `json:"expr"`
	State       State        `json:"state"`
	Occurrences []Occurrence `json:"occurrences"`
}

// Error is a phrase that could not be parsed. Its message is Dutch, quotes the phrase and
// says what was expected at which word, e.g. `"Q7 2029": kwartaal moet Q1..Q4 zijn` or
// `"Q2 2026 ongeveer": onbekend woord "ongeveer"; ...`.
type Error struct {
	Expr string // the phrase as given
	Word string // the word at which parsing failed, if any
	Pos  int    // byte offset of Word in Expr, or -1
	Msg  string // what was expected, in Dutch; names Word where that helps the reader
}

// Error quotes the phrase with its white space collapsed (cells broken over lines read as one
// line) and adds the message.
func (e *Error) Error() string {
	return `"` + collapseSpace(e.Expr) + `": ` + e.Msg
}
