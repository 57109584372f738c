// Package programme is the uitvoeringsprogramma as data: the model of a workflow file
// (programmalijnen, doelen, acties with their wie and PDCA cells, contracts, indicators) and
// its loading and validation. It is pure: it reads bytes and returns values or errors, and it
// never looks at the clock, the store or the network.
package programme

import (
	"maps"
	"slices"
	"strconv"
	"time"
)

// Phase is one column of the PDCA table.
type Phase string

const (
	Plan  Phase = "plan"
	Do    Phase = "do"
	Check Phase = "check"
	Act   Phase = "act"
)

// Phases lists the PDCA columns in table order.
var Phases = []Phase{Plan, Do, Check, Act}

// Column is the column heading a user sees for the phase ("Plan", "Do", "Check", "Act").
func (p Phase) Column() string {
	switch p {
	case Plan:
		return "Plan"
	case Do:
		return "Do"
	case Check:
		return "Check"
	case Act:
		return "Act"
	}
	return string(p)
}

// Programme is one uitvoeringsprogramma, as read from one workflow file.
type Programme struct {
	Key          string           `yaml:"key" json:"key"`
	Title        string           `yaml:"title" json:"title"`
	Organisation string           `yaml:"organisation" json:"organisation"`
	Period       Period           `yaml:"period" json:"period"`
	Source       string           `yaml:"source" json:"source"`
	Owners       map[string]Owner `yaml:"owners" json:"owners"`
	Lines        []Line           `yaml:"lines" json:"lines"`

	// File is the path the programme was loaded from (set by the loader, not in YAML).
	File string `yaml:"-" json:"file"`
	// Hash is the SHA-256 of the file's bytes, hex (set by LoadDir): a start whose files
	// have the hashes of the last reconcile can skip planning them into the store again.
	Hash string `yaml:"-" json:"-"`
}

// Period is an inclusive range of calendar dates.
type Period struct {
	From Date `yaml:"from" json:"from"`
	To   Date `yaml:"to" json:"to"`
}

// Owner is an organisation that can be named in an action's wie.
type Owner struct {
	Name string `yaml:"name" json:"name"`
	// Members makes the owner a group (gemeenten: the seven municipalities). Members are
	// owner keys declared in the same file.
	Members []string `yaml:"members,omitempty" json:"members,omitempty"`
}

// Line is a programmalijn.
type Line struct {
	Number int    `yaml:"number" json:"number"`
	Title  string `yaml:"title" json:"title"`
	Goals  []Goal `yaml:"goals" json:"goals"`
}

// Goal is a doel, numbered 1..21 across the lines.
type Goal struct {
	Number int    `yaml:"number" json:"number"`
	Title  string `yaml:"title" json:"title"`
	// Intro is text that stands between the doel's title and its table in the source.
	Intro string `yaml:"intro,omitempty" json:"intro,omitempty"`
	// Effects are the maatschappelijke effecten.
	Effects []string `yaml:"effects" json:"effects"`
	Actions []Action `yaml:"actions" json:"actions"`
	// Notes are footnotes or remarks that belong to the doel as a whole.
	Notes []string `yaml:"notes,omitempty" json:"notes,omitempty"`
}

// Action is an actie. An action with sub-actions (1g) has no PDCA cells of its own; each
// sub-action has its own.
type Action struct {
	Letter string `yaml:"letter" json:"letter"`
	Text   string `yaml:"text" json:"text"`
	// Wie is the owners column exactly as the source writes it.
	Wie string `yaml:"wie,omitempty" json:"wie,omitempty"`
	// Owners are normalised owner keys; the first one is the lead who answers for the action.
	Owners []string `yaml:"owners,omitempty" json:"owners,omitempty"`

	Plan  string `yaml:"plan,omitempty" json:"plan,omitempty"`
	Do    string `yaml:"do,omitempty" json:"do,omitempty"`
	Check string `yaml:"check,omitempty" json:"check,omitempty"`
	Act   string `yaml:"act,omitempty" json:"act,omitempty"`

	Notes      []string    `yaml:"notes,omitempty" json:"notes,omitempty"`
	Contract   *Contract   `yaml:"contract,omitempty" json:"contract,omitempty"`
	Indicators []Indicator `yaml:"indicators,omitempty" json:"indicators,omitempty"`
	Cadences   []Cadence   `yaml:"cadences,omitempty" json:"cadences,omitempty"`
	SubActions []Action    `yaml:"subactions,omitempty" json:"subactions,omitempty"`

	// Line is the YAML line of the action's mapping (set by the loader).
	Line  int        `yaml:"-" json:"-"`
	Cells PhaseCells `yaml:"-" json:"-"`
}

// Cell is where one PDCA phrase stands in its file, for error messages; zero when the
// action has no such cell. int32, not int: every loaded action keeps four of them.
type Cell struct {
	Line, Column int32
}

// PhaseCells are where an action's PDCA phrases stand, in the order of Phases. An array, not
// a map: every loaded action has one, and at national scale the maps cost a quarter of a
// programme's memory.
type PhaseCells [4]Cell

// At is the cell of phase ph (zero when ph is not a PDCA phase).
func (c *PhaseCells) At(ph Phase) Cell {
	if i := slices.Index(Phases, ph); i >= 0 {
		return c[i]
	}
	return Cell{}
}

// Phrase returns the planning phrase of one PDCA cell.
func (a Action) Phrase(p Phase) string {
	switch p {
	case Plan:
		return a.Plan
	case Do:
		return a.Do
	case Check:
		return a.Check
	case Act:
		return a.Act
	}
	return ""
}

// Contract is a purchased service (inkoop) with its term and contract-meeting cadence.
type Contract struct {
	Service  string `yaml:"service" json:"service"`
	Provider string `yaml:"provider,omitempty" json:"provider,omitempty"`
	Start    Date   `yaml:"start" json:"start"`
	// Years is the term (looptijd); zero when the source does not say.
	Years int `yaml:"years,omitempty" json:"years,omitempty"`
	// Meetings is the contract-meeting cadence as a planning phrase (Halfjaarlijks,
	// Jaarlijks); empty when the source asks for none.
	Meetings string `yaml:"meetings,omitempty" json:"meetings,omitempty"`
	Note     string `yaml:"note,omitempty" json:"note,omitempty"`

	Line int `yaml:"-" json:"-"`
}

// End is the last day of the contract term, or the zero Date when the term is unknown.
func (c Contract) End() Date {
	if c.Years == 0 {
		return Date{}
	}
	return Date{c.Start.AddDate(c.Years, 0, -1)}
}

// Indicator is a numeric target the status requests ask for and the reports chart.
type Indicator struct {
	Key    string  `yaml:"key" json:"key"`
	Name   string  `yaml:"name" json:"name"`
	Unit   string  `yaml:"unit" json:"unit"`
	Target float64 `yaml:"target" json:"target"`
	// Per says over what the target counts: "jaar", "periode", "totaal".
	Per  string `yaml:"per,omitempty" json:"per,omitempty"`
	Note string `yaml:"note,omitempty" json:"note,omitempty"`
}

// Cadence is an extra schedule that a footnote adds to an action (the 6- and 8-week
// wachtlijst rhythm of 9e), as a planning phrase.
type Cadence struct {
	Key    string `yaml:"key" json:"key"`
	Name   string `yaml:"name" json:"name"`
	Phrase string `yaml:"phrase" json:"phrase"`
	Phase  Phase  `yaml:"phase,omitempty" json:"phase,omitempty"`
	// Owners are who the cadence's meetings are with, when that is fewer than the action's
	// owners (9e meets Sociaal Plein Hilversum every six weeks and the other uitvoeringsdiensten
	// every eight); empty means the action's owners.
	Owners []string `yaml:"owners,omitempty" json:"owners,omitempty"`
	Note   string   `yaml:"note,omitempty" json:"note,omitempty"`

	Line, Column int `yaml:"-" json:"-"`
}

// OwnersOr returns the cadence's own owners, or the action's when it names none.
func (c Cadence) OwnersOr(action []string) []string {
	if len(c.Owners) > 0 {
		return c.Owners
	}
	return action
}

// Date is a calendar date (no time of day), written 2006-01-02 in YAML and JSON.
type Date struct{ time.Time }

// DateOf makes a Date at midnight UTC.
func DateOf(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// MarshalText writes 2006-01-02.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads 2006-01-02.
func (d *Date) UnmarshalText(b []byte) error {
	t, err := time.Parse(time.DateOnly, string(b))
	if err != nil {
		return err
	}
	d.Time = t
	return nil
}

// Leaf is an action that is planned and asked about: an action without sub-actions, or one
// sub-action (which has its action's owners when it names none of its own).
type Leaf struct {
	Line   *Line
	Goal   *Goal
	Action *Action
	Ref    string // doel number and letter: "15a", "1g2"
}

// Leaves lists the programme's leaf actions in programme order.
func (p *Programme) Leaves() []Leaf {
	n := 0
	for _, l := range p.Lines {
		for _, g := range l.Goals {
			for _, a := range g.Actions {
				n += max(1, len(a.SubActions))
			}
		}
	}
	out := make([]Leaf, 0, n) // exactly: 500 programmes keep their leaves
	for li := range p.Lines {
		l := &p.Lines[li]
		for gi := range l.Goals {
			g := &l.Goals[gi]
			for ai := range g.Actions {
				a := &g.Actions[ai]
				if len(a.SubActions) == 0 {
					out = append(out, Leaf{l, g, a, strconv.Itoa(g.Number) + a.Letter})
					continue
				}
				for si := range a.SubActions {
					s := &a.SubActions[si]
					out = append(out, Leaf{l, g, s, strconv.Itoa(g.Number) + s.Letter})
				}
			}
		}
	}
	return out
}

// Counts is the size of a programme, as `voortgang validate` reports it.
type Counts struct {
	Lines, Goals, Actions, SubActions int
}

// Count counts programmalijnen, doelen and acties; an action with sub-actions counts once as
// an action, and its sub-actions are counted apart.
func (p *Programme) Count() Counts {
	c := Counts{Lines: len(p.Lines)}
	for _, l := range p.Lines {
		c.Goals += len(l.Goals)
		for _, g := range l.Goals {
			c.Actions += len(g.Actions)
			for _, a := range g.Actions {
				c.SubActions += len(a.SubActions)
			}
		}
	}
	return c
}

// OwnerKeys lists every owner key declared by the programme, sorted.
func (p *Programme) OwnerKeys() []string { return slices.Sorted(maps.Keys(p.Owners)) }

// Groups maps every group owner (an owner with members) to its members, for comparing them
// with the configuration's groups (config.Config.CheckGroups).
func (p *Programme) Groups() map[string][]string {
	out := map[string][]string{}
	for k, o := range p.Owners {
		if len(o.Members) > 0 {
			out[k] = o.Members
		}
	}
	return out
}
