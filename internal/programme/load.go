package programme

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/regiogv/voortgang/internal/timing"
)

// file is the document shape of one workflow file.
type file struct {
	Programme header           `yaml:"programme"`
	Owners    map[string]Owner `yaml:"owners"`
	Lines     []Line           `yaml:"lines"`
}

type header struct {
	Key          string `yaml:"key"`
	Title        string `yaml:"title"`
	Organisation string `yaml:"organisation"`
	Period       Period `yaml:"period"`
	Source       string `yaml:"source"`
}

// Error is one problem in a workflow file, located as precisely as the file allows.
type Error struct {
	File   string
	Line   int
	Goal   int    // 0 when the problem is not inside a doel
	Action string // "" when not inside an actie
	Column string // "Plan", "Do", "Check", "Act", "contractgesprekken", a cadence, or a field name
	Phrase string // the planning phrase, when the problem is one
	Msg    string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	var where []string
	if e.Goal > 0 {
		where = append(where, fmt.Sprintf("doel %d", e.Goal))
	}
	if e.Action != "" {
		where = append(where, "actie "+e.Action)
	}
	if e.Column != "" {
		where = append(where, "kolom "+e.Column)
	}
	if len(where) > 0 {
		b.WriteString(strings.Join(where, ", "))
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in one or more workflow files.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// LoadDir loads every *.yaml and *.yml file directly inside dir (or the single file when path
// is a file), in name order. It returns all problems of all files at once as Errors.
func LoadDir(path string) ([]*Programme, error) { return LoadDirReusing(path, nil) }

// LoadDirReusing is LoadDir that returns a programme of prev in place of a file with the
// same name and bytes (programmes are immutable once loaded), without parsing it again: a
// reload of hundreds of programmes with one changed file parses one and holds no second copy
// of the others while it runs.
func LoadDirReusing(path string, prev []*Programme) ([]*Programme, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("programme: %w", err)
	}
	var files []string
	if info.IsDir() {
		for _, pat := range []string{"*.yaml", "*.yml"} {
			m, _ := filepath.Glob(filepath.Join(path, pat))
			files = append(files, m...)
		}
		sort.Strings(files)
		if len(files) == 0 {
			return nil, fmt.Errorf("programme: geen workflowbestanden (*.yaml) in %s", path)
		}
	} else {
		files = []string{path}
	}
	var (
		progs  []*Programme
		all    Errors
		seen   = map[string]string{}
		loaded = make(map[string]*Programme, len(prev))
		strs   = interner{}
	)
	for _, p := range prev {
		loaded[p.File] = p
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("programme: %w", err)
		}
		sum := sha256.Sum256(data)
		hash := hex.EncodeToString(sum[:])
		p, ok := loaded[f]
		if !ok || p.Hash != hash {
			if p, err = Parse(f, data); err == nil {
				p.Hash = hash
				strs.programme(p)
			}
		}
		var es Errors
		if errors.As(err, &es) {
			all = append(all, es...)
			continue
		} else if err != nil {
			return nil, err
		}
		if other, dup := seen[p.Key]; dup {
			all = append(all, &Error{File: f, Msg: fmt.Sprintf("programma %q staat ook in %s", p.Key, other)})
			continue
		}
		seen[p.Key] = f
		progs = append(progs, p)
	}
	if len(all) > 0 {
		return nil, all
	}
	return progs, nil
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// Parse reads one workflow file. name is used in error messages only. Every problem found is
// returned at once, as Errors.
func Parse(name string, data []byte) (*Programme, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, yamlErrors(name, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlErrors(name, err)
	}
	p := &Programme{
		Key:          f.Programme.Key,
		Title:        f.Programme.Title,
		Organisation: f.Programme.Organisation,
		Period:       f.Programme.Period,
		Source:       f.Programme.Source,
		Owners:       f.Owners,
		Lines:        f.Lines,
		File:         name,
	}
	locate(p, &root)
	if es := validate(p, &root); len(es) > 0 {
		return nil, es
	}
	inheritOwners(p)
	return p, nil
}

// inheritOwners gives every sub-action without owners of its own those of its action, so
// that nobody downstream has to remember that 1g2 is owned by whoever owns 1g.
func inheritOwners(p *Programme) {
	for li := range p.Lines {
		for gi := range p.Lines[li].Goals {
			for ai := range p.Lines[li].Goals[gi].Actions {
				a := &p.Lines[li].Goals[gi].Actions[ai]
				for si := range a.SubActions {
					if len(a.SubActions[si].Owners) == 0 {
						a.SubActions[si].Owners = a.Owners
					}
				}
			}
		}
	}
}

// yamlErrors turns yaml.v3's messages ("line 12: field foo not found in type …") into Errors.
func yamlErrors(name string, err error) error {
	var te *yaml.TypeError
	var lines []string
	if errors.As(err, &te) {
		lines = te.Errors
	} else {
		lines = []string{err.Error()}
	}
	var es Errors
	for _, l := range lines {
		e := &Error{File: name, Msg: l}
		if m := yamlLine.FindStringSubmatch(l); m != nil {
			fmt.Sscan(m[1], &e.Line)
			e.Msg = translateYAML(m[2])
		}
		es = append(es, e)
	}
	return es
}

var notFound = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)

func translateYAML(msg string) string {
	if m := notFound.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("onbekend veld %q (in %s)", m[1], strings.TrimPrefix(m[2], "programme."))
	}
	return msg
}

// child returns the value node of key in a mapping node, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func item(n *yaml.Node, i int) *yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode || i >= len(n.Content) {
		return nil
	}
	return n.Content[i]
}

func doc(root *yaml.Node) *yaml.Node {
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		return root.Content[0]
	}
	return root
}

// locate records where each action, cell, contract and cadence stands in the file.
func locate(p *Programme, root *yaml.Node) {
	lines := child(doc(root), "lines")
	for li := range p.Lines {
		goals := child(item(lines, li), "goals")
		for gi := range p.Lines[li].Goals {
			actions := child(item(goals, gi), "actions")
			for ai := range p.Lines[li].Goals[gi].Actions {
				a := &p.Lines[li].Goals[gi].Actions[ai]
				an := item(actions, ai)
				locateAction(a, an)
				subs := child(an, "subactions")
				for si := range a.SubActions {
					locateAction(&a.SubActions[si], item(subs, si))
				}
			}
		}
	}
}

func locateAction(a *Action, n *yaml.Node) {
	if n == nil {
		return
	}
	a.Line = n.Line
	for i, ph := range Phases {
		if c := child(n, string(ph)); c != nil {
			a.Cells[i] = Cell{Line: int32(c.Line), Column: int32(c.Column)}
		}
	}
	if a.Contract != nil {
		if c := child(n, "contract"); c != nil {
			a.Contract.Line = c.Line
			if m := child(c, "meetings"); m != nil {
				a.Contract.Line = m.Line
			}
		}
	}
	cads := child(n, "cadences")
	for i := range a.Cadences {
		if c := child(item(cads, i), "phrase"); c != nil {
			a.Cadences[i].Line, a.Cadences[i].Column = c.Line, c.Column
		}
	}
}

var (
	keyPattern    = regexp.MustCompile(`^[a-z0-9]+(?:[-_][a-z0-9]+)*$`)
	letterPattern = regexp.MustCompile(`^[a-z]$`)
)

func validate(p *Programme, root *yaml.Node) Errors {
	var es Errors
	add := func(line, goal int, action, column, phrase, format string, args ...any) {
		es = append(es, &Error{File: p.File, Line: line, Goal: goal, Action: action, Column: column, Phrase: phrase, Msg: fmt.Sprintf(format, args...)})
	}
	top := doc(root)
	lineOf := func(n *yaml.Node) int {
		if n == nil {
			return 0
		}
		return n.Line
	}
	hdr := child(top, "programme")
	if hdr == nil {
		add(1, 0, "", "", "", "programme ontbreekt")
	}
	if !keyPattern.MatchString(p.Key) {
		add(lineOf(hdr), 0, "", "programme.key", "", "sleutel %q moet uit kleine letters, cijfers en streepjes bestaan", p.Key)
	}
	if strings.TrimSpace(p.Title) == "" {
		add(lineOf(hdr), 0, "", "programme.title", "", "titel ontbreekt")
	}
	if p.Period.From.IsZero() || p.Period.To.IsZero() || p.Period.To.Before(p.Period.From.Time) {
		add(lineOf(child(hdr, "period")), 0, "", "programme.period", "", "periode moet een begin (from) en een einde (to) hebben, met from vóór to")
	}
	window := timing.Window{From: p.Period.From.Time, To: p.Period.To.Time}

	ownersNode := child(top, "owners")
	if len(p.Owners) == 0 {
		add(lineOf(ownersNode), 0, "", "owners", "", "er zijn geen eigenaren (owners) gedeclareerd")
	}
	for _, k := range slices.Sorted(maps.Keys(p.Owners)) {
		o := p.Owners[k]
		n := child(ownersNode, k)
		if !keyPattern.MatchString(k) {
			add(lineOf(n), 0, "", "owners", "", "eigenaarsleutel %q moet uit kleine letters, cijfers en streepjes bestaan", k)
		}
		if strings.TrimSpace(o.Name) == "" {
			add(lineOf(n), 0, "", "owners."+k, "", "naam ontbreekt")
		}
		for _, m := range o.Members {
			if _, ok := p.Owners[m]; !ok || m == k {
				add(lineOf(n), 0, "", "owners."+k, "", "lid %q is geen gedeclareerde eigenaar", m)
			}
		}
	}

	linesNode := child(top, "lines")
	if len(p.Lines) == 0 {
		add(lineOf(linesNode), 0, "", "lines", "", "er zijn geen programmalijnen")
	}
	goalSeen := map[int]bool{}
	indicatorSeen := map[string]bool{}
	nextGoal := 1
	for li, l := range p.Lines {
		ln := item(linesNode, li)
		if l.Number != li+1 {
			add(lineOf(ln), 0, "", "programmalijn", "", "programmalijn %d staat op plaats %d", l.Number, li+1)
		}
		if strings.TrimSpace(l.Title) == "" {
			add(lineOf(ln), 0, "", "programmalijn", "", "programmalijn %d heeft geen titel", l.Number)
		}
		goalsNode := child(ln, "goals")
		for gi, g := range l.Goals {
			gn := item(goalsNode, gi)
			if goalSeen[g.Number] {
				add(lineOf(gn), g.Number, "", "", "", "doel %d komt twee keer voor", g.Number)
			}
			goalSeen[g.Number] = true
			if g.Number != nextGoal {
				add(lineOf(gn), g.Number, "", "", "", "verwacht doel %d, niet %d (doelen zijn doorlopend genummerd)", nextGoal, g.Number)
			}
			nextGoal = g.Number + 1
			if strings.TrimSpace(g.Title) == "" {
				add(lineOf(gn), g.Number, "", "", "", "titel ontbreekt")
			}
			if len(g.Actions) == 0 {
				add(lineOf(gn), g.Number, "", "", "", "doel heeft geen acties")
			}
			letters := map[string]bool{}
			for _, a := range g.Actions {
				if !letterPattern.MatchString(a.Letter) {
					add(a.Line, g.Number, a.Letter, "letter", "", "letter %q moet één kleine letter zijn", a.Letter)
				}
				if letters[a.Letter] {
					add(a.Line, g.Number, a.Letter, "letter", "", "letter %q komt twee keer voor in dit doel", a.Letter)
				}
				letters[a.Letter] = true
				validateAction(add, p, g.Number, a, nil, window, indicatorSeen)
				subLetters := map[string]bool{}
				for i, s := range a.SubActions {
					want := fmt.Sprintf("%s%d", a.Letter, i+1)
					if s.Letter != want {
						add(s.Line, g.Number, s.Letter, "letter", "", "subactie %d van actie %s moet letter %q hebben", i+1, a.Letter, want)
					}
					if subLetters[s.Letter] {
						add(s.Line, g.Number, s.Letter, "letter", "", "letter %q komt twee keer voor", s.Letter)
					}
					subLetters[s.Letter] = true
					validateAction(add, p, g.Number, s, &a, window, indicatorSeen)
				}
			}
		}
	}
	return es
}

type addFunc func(line, goal int, action, column, phrase, format string, args ...any)

func validateAction(add addFunc, p *Programme, goal int, a Action, parent *Action, w timing.Window, indicators map[string]bool) {
	if strings.TrimSpace(a.Text) == "" {
		add(a.Line, goal, a.Letter, "text", "", "tekst ontbreekt")
	}
	if parent == nil && len(a.Owners) == 0 {
		add(a.Line, goal, a.Letter, "wie", "", "geen eigenaren (owners) opgegeven")
	}
	for _, o := range a.Owners {
		if _, ok := p.Owners[o]; !ok {
			add(a.Line, goal, a.Letter, "wie", "", "eigenaar %q is niet gedeclareerd onder owners", o)
		}
	}
	if len(a.SubActions) > 0 {
		for _, ph := range Phases {
			if a.Phrase(ph) != "" {
				add(int(a.Cells.At(ph).Line), goal, a.Letter, ph.Column(), a.Phrase(ph), "een actie met subacties heeft zelf geen PDCA-cellen")
			}
		}
	} else {
		for _, ph := range Phases {
			phrase := a.Phrase(ph)
			if strings.TrimSpace(phrase) == "" {
				add(a.Line, goal, a.Letter, ph.Column(), "", "cel ontbreekt")
				continue
			}
			if _, err := timing.Parse(phrase, w); err != nil {
				add(int(a.Cells.At(ph).Line), goal, a.Letter, ph.Column(), phrase, "%s", err.Error())
			}
		}
	}
	if c := a.Contract; c != nil {
		if strings.TrimSpace(c.Service) == "" {
			add(c.Line, goal, a.Letter, "contract", "", "dienst (service) ontbreekt")
		}
		if c.Start.IsZero() {
			add(c.Line, goal, a.Letter, "contract", "", "startdatum ontbreekt")
		}
		if c.Years < 0 {
			add(c.Line, goal, a.Letter, "contract", "", "looptijd kan niet negatief zijn")
		}
		if c.Meetings != "" {
			if _, err := timing.Parse(c.Meetings, w); err != nil {
				add(c.Line, goal, a.Letter, "contractgesprekken", c.Meetings, "%s", err.Error())
			}
		}
	}
	cadKeys := map[string]bool{}
	for _, cd := range a.Cadences {
		if !keyPattern.MatchString(cd.Key) || cadKeys[cd.Key] {
			add(cd.Line, goal, a.Letter, "cadans", "", "cadans %q heeft geen unieke sleutel", cd.Key)
		}
		cadKeys[cd.Key] = true
		switch cd.Phase {
		case "", Plan, Do, Check, Act:
		default:
			add(cd.Line, goal, a.Letter, "cadans "+cd.Key, "", "fase %q is geen plan, do, check of act", cd.Phase)
		}
		if _, err := timing.Parse(cd.Phrase, w); err != nil {
			add(cd.Line, goal, a.Letter, "cadans "+cd.Key, cd.Phrase, "%s", err.Error())
		}
		for _, o := range cd.Owners {
			if _, ok := p.Owners[o]; !ok {
				add(cd.Line, goal, a.Letter, "cadans "+cd.Key, "", "eigenaar %q is niet gedeclareerd onder owners", o)
			}
		}
	}
	for _, in := range a.Indicators {
		if !keyPattern.MatchString(in.Key) {
			add(a.Line, goal, a.Letter, "indicator", "", "indicator %q heeft geen geldige sleutel", in.Key)
		} else if indicators[in.Key] {
			add(a.Line, goal, a.Letter, "indicator", "", "indicator %q komt twee keer voor in het programma", in.Key)
		}
		indicators[in.Key] = true
		if strings.TrimSpace(in.Name) == "" {
			add(a.Line, goal, a.Letter, "indicator", "", "indicator %q heeft geen naam", in.Key)
		}
	}
}
