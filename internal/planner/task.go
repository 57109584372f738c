// Package planner expands a programme and a window into tasks with stable keys. It is pure:
// the same programme and window give the same tasks, in the same order, with the same keys, on
// every run and machine, and editing one action changes only that action's tasks.
package planner

import (
	"strconv"
	"time"
)

// Kind says what a task is.
type Kind string

const (
	// Milestone is one occurrence of a PDCA cell (or of a footnote cadence) of an action.
	Milestone Kind = "milestone"
	// ContractMeeting is one occurrence of a contract's meeting cadence (contractgesprek).
	ContractMeeting Kind = "contractgesprek"
)

// Task is one dated occurrence: action × phase × period, or one contract meeting.
type Task struct {
	Key       string    `json:"key"`
	Programme string    `json:"programme"`
	Line      int       `json:"line"`
	Goal      int       `json:"doel"`
	Action    string    `json:"actie"` // letter: "a"; sub-actions "g1"
	Phase     string    `json:"phase"` // plan, do, check, act; empty for contract meetings
	Kind      Kind      `json:"kind"`
	Title     string    `json:"title"`
	Owners    []string  `json:"owners"`
	Start     time.Time `json:"start"` // inclusive date, midnight UTC
	Due       time.Time `json:"due"`   // inclusive date, midnight UTC
	Source    string    `json:"source"`
}

// Ref is the action's short reference as users write it: "15a", "1g2".
func (t Task) Ref() string { return strconv.Itoa(t.Goal) + t.Action }
