package programme

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// The board changes a programme by editing the text of its workflow file, not by writing the
// model out again: yaml.v3 keeps comments when it re-encodes a node tree, but it loses blank
// lines and the wrapping of folded text, and the transcription's comments say how each source
// row was read. So an edit replaces the text of exactly the values that changed and leaves
// every other byte of the file, its comments and layout, as it was. The result is parsed and
// validated by the caller (Parse) like any other file.
//
// What is edited this way is block-style YAML (as the shipped workflow files are written). A
// value inside a flow mapping ({letter: b1, text: …}) is not edited in place: that mapping is
// rewritten in block style first, which keeps its values but not a comment inside the braces.

// ActionEdit is the new state of one action as a coordinator submits it: every field is the
// value it should have; fields equal to the current value are left untouched in the file.
type ActionEdit struct {
	Ref    string // "9g", "1g2"
	Text   string
	Wie    string
	Owners []string
	// Cells are the planning phrases by phase; ignored for an action with sub-actions.
	Cells map[Phase]string
	Notes []string
	// Contract is the contract's new state; nil leaves the contract (or its absence) alone.
	Contract *Contract
	// CadenceOwners sets the owners of the cadences by key (nil entries: the action's owners);
	// cadences not named are left alone.
	CadenceOwners map[string][]string
	// CadencePhrases sets the planning phrase of cadences by key.
	CadencePhrases map[string]string
	// Indicators sets name, unit, target and per of the indicators by key; indicators not
	// named are left alone.
	Indicators map[string]Indicator

	// RemoveContract takes the contract out (its contract-meeting tasks become obsolete).
	// A Contract on an action without one adds it.
	RemoveContract bool
	// AddIndicators and AddCadences are appended after the action's own; RemoveIndicators
	// and RemoveCadences name the keys to take out (removal comes before addition).
	AddIndicators    []Indicator
	RemoveIndicators []string
	AddCadences      []Cadence
	RemoveCadences   []string
}

// EditAction applies e to the workflow file data and returns the new file. It does not
// validate the result: parse it.
func EditAction(data []byte, e ActionEdit) ([]byte, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	d, a, _, err := actionDoc(data, e.Ref)
	if err != nil {
		return nil, err
	}
	steps, err := e.steps(a, d.parentOwners(e.Ref))
	if err != nil {
		return nil, err
	}
	out := data
	for _, s := range steps {
		if s.key == "contract" && len(s.path) == 0 && s.val == nil {
			continue // removed by applyParts, after the edits of indicators and cadences by index
		}
		if out, err = setAt(out, e.Ref, s.path, s.key, s.val); err != nil {
			return nil, err
		}
	}
	return applyParts(out, e)
}

// editStep is one key to set in the mapping at path below an action's node (path elements are
// keys or sequence indexes).
type editStep struct {
	path []string
	key  string
	val  any // string or []string; "" or nil removes the key
}

// steps lists the keys of action a that e changes; inherited are the owners a sub-action
// inherits from its action.
func (e ActionEdit) steps(a *Action, inherited []string) ([]editStep, error) {
	var steps []editStep
	str := func(path []string, key, cur, want string) {
		if cur != want {
			steps = append(steps, editStep{path, key, want})
		}
	}
	str(nil, "text", a.Text, strings.TrimSpace(e.Text))
	str(nil, "wie", a.Wie, strings.TrimSpace(e.Wie))
	if e.Owners != nil && !slices.Equal(a.Owners, e.Owners) && !(len(a.Owners) == 0 && slices.Equal(inherited, e.Owners)) {
		steps = append(steps, editStep{nil, "owners", e.Owners})
	}
	if len(a.SubActions) == 0 {
		for _, ph := range Phases {
			if v, ok := e.Cells[ph]; ok {
				str(nil, string(ph), a.Phrase(ph), strings.TrimSpace(v))
			}
		}
	}
	if e.Notes != nil && !slices.Equal(a.Notes, e.Notes) {
		steps = append(steps, editStep{nil, "notes", blockList(e.Notes)})
	}
	switch c := e.Contract; {
	case e.RemoveContract:
		if a.Contract == nil {
			return nil, fmt.Errorf("programme: actie %s heeft geen contract", e.Ref)
		}
		steps = append(steps, editStep{nil, "contract", nil})
	case c != nil && a.Contract == nil:
		steps = append(steps, editStep{nil, "contract", contractMapping(*c)})
	case c != nil:
		cur := *a.Contract
		p := []string{"contract"}
		str(p, "service", cur.Service, c.Service)
		str(p, "provider", cur.Provider, c.Provider)
		str(p, "start", cur.Start.String(), c.Start.String())
		if cur.Years != c.Years {
			steps = append(steps, editStep{p, "years", years(c.Years)})
		}
		str(p, "meetings", cur.Meetings, c.Meetings)
		str(p, "note", cur.Note, c.Note)
	}
	for i, cd := range a.Cadences {
		p := []string{"cadences", strconv.Itoa(i)}
		if v, ok := e.CadencePhrases[cd.Key]; ok {
			str(p, "phrase", cd.Phrase, strings.TrimSpace(v))
		}
		if v, ok := e.CadenceOwners[cd.Key]; ok && !slices.Equal(cd.Owners, v) {
			steps = append(steps, editStep{p, "owners", v})
		}
	}
	for i, in := range a.Indicators {
		v, ok := e.Indicators[in.Key]
		if !ok {
			continue
		}
		p := []string{"indicators", strconv.Itoa(i)}
		str(p, "name", in.Name, strings.TrimSpace(v.Name))
		str(p, "unit", in.Unit, strings.TrimSpace(v.Unit))
		str(p, "per", in.Per, strings.TrimSpace(v.Per))
		if in.Target != v.Target {
			steps = append(steps, editStep{p, "target", number(v.Target)})
		}
	}
	return steps, nil
}

// setAt gives key of the mapping at path below action ref the value val, on a fresh parse of
// data; a flow mapping there is rewritten in block style first.
func setAt(data []byte, ref string, path []string, key string, val any) ([]byte, error) {
	d, m, err := mappingAt(data, ref, path)
	if err != nil {
		return nil, err
	}
	if m.Style&yaml.FlowStyle != 0 {
		if data, err = d.blockify(m); err != nil {
			return nil, err
		}
		if d, m, err = mappingAt(data, ref, path); err != nil {
			return nil, err
		}
	}
	return d.set(m, key, val)
}

// mappingAt parses data and finds the mapping at path below action ref.
func mappingAt(data []byte, ref string, path []string) (*editDoc, *yaml.Node, error) {
	d, _, m, err := actionDoc(data, ref)
	if err != nil {
		return nil, nil, err
	}
	for _, k := range path {
		if i, err := strconv.Atoi(k); err == nil {
			m = item(m, i)
		} else {
			m = child(m, k)
		}
	}
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("programme: actie %s: %s niet gevonden", ref, strings.Join(path, "."))
	}
	return d, m, nil
}

// actionDoc parses data and finds action (or sub-action) ref in it.
func actionDoc(data []byte, ref string) (*editDoc, *Action, *yaml.Node, error) {
	d, err := newDoc(data)
	if err != nil {
		return nil, nil, nil, err
	}
	a, an, err := d.action(ref)
	if err != nil {
		return nil, nil, nil, err
	}
	return d, a, an, nil
}

// check refuses text a workflow file cannot hold as typed: invalid UTF-8 and control
// characters other than line breaks and tabs.
func (e ActionEdit) check() error {
	all := []string{e.Text, e.Wie}
	all = append(all, e.Owners...)
	all = append(all, e.Notes...)
	for _, v := range e.Cells {
		all = append(all, v)
	}
	for _, v := range e.CadencePhrases {
		all = append(all, v)
	}
	for _, v := range e.CadenceOwners {
		all = append(all, v...)
	}
	for _, v := range e.Indicators {
		all = append(all, v.Name, v.Unit, v.Per)
	}
	if c := e.Contract; c != nil {
		all = append(all, c.Service, c.Provider, c.Meetings, c.Note)
	}
	for _, in := range e.AddIndicators {
		all = append(all, in.Key, in.Name, in.Unit, in.Per, in.Note)
	}
	for _, c := range e.AddCadences {
		all = append(all, c.Key, c.Name, c.Phrase, string(c.Phase), c.Note)
		all = append(all, c.Owners...)
	}
	for _, s := range all {
		if err := printable(s); err != nil {
			return err
		}
	}
	return nil
}

func printable(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("programme: %q is geen geldige UTF-8-tekst", s)
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
			return fmt.Errorf("programme: de tekst %q bevat een stuurteken (U+%04X)", s, r)
		}
	}
	return nil
}

// RetireAction removes an action (or sub-action) from the file, with the comment lines
// directly above it. Its tasks become obsolete when the change is applied; answered ones keep
// their answers.
func RetireAction(data []byte, ref string) ([]byte, error) {
	d, _, n, err := actionDoc(data, ref)
	if err != nil {
		return nil, err
	}
	from, to := d.itemRange(n)
	return d.splice(from, to, nil), nil
}

// MoveAction moves an action (or sub-action) one place up (delta -1) or down (+1) among its
// siblings, with the comment lines above it. The letters stay, so the plan's keys do.
func MoveAction(data []byte, ref string, delta int) ([]byte, error) {
	d, _, n, err := actionDoc(data, ref)
	if err != nil {
		return nil, err
	}
	seq := d.parentSeq(n)
	if seq == nil {
		return nil, fmt.Errorf("programme: actie %s niet gevonden", ref)
	}
	i := slices.Index(seq.Content, n)
	j := i + delta
	if i < 0 || j < 0 || j >= len(seq.Content) || delta*delta != 1 {
		return nil, fmt.Errorf("programme: actie %s kan niet verder %s", ref, map[int]string{-1: "omhoog", 1: "omlaag"}[delta])
	}
	first, second := seq.Content[min(i, j)], seq.Content[max(i, j)]
	aFrom, aTo := d.itemRange(first)
	bFrom, bTo := d.itemRange(second)
	out := make([]byte, 0, len(d.src))
	out = append(out, d.src[:aFrom]...)
	out = append(out, d.src[bFrom:bTo]...)
	out = append(out, d.src[aTo:bFrom]...)
	out = append(out, d.src[aFrom:aTo]...)
	return append(out, d.src[bTo:]...), nil
}

// parentSeq is the sequence node that holds item n.
func (d *editDoc) parentSeq(n *yaml.Node) *yaml.Node {
	var find func(x *yaml.Node) *yaml.Node
	find = func(x *yaml.Node) *yaml.Node {
		for _, c := range x.Content {
			if c == n && x.Kind == yaml.SequenceNode {
				return x
			}
			if f := find(c); f != nil {
				return f
			}
		}
		return nil
	}
	return find(d.root)
}

// SplitAction turns a leaf action into parts sub-actions (15a becomes 15a1, 15a2, …), each
// with the action's text and PDCA cells to be adjusted afterwards. The action's tasks become
// obsolete and the sub-actions' are added.
func SplitAction(data []byte, ref string, parts int) ([]byte, error) {
	if parts < 2 || parts > 9 {
		return nil, fmt.Errorf("programme: splitsen in %d delen kan niet (2 tot 9)", parts)
	}
	d, a, _, err := actionDoc(data, ref)
	if err != nil {
		return nil, err
	}
	if len(a.SubActions) > 0 || d.parentOwners(ref) != nil || len(a.Letter) != 1 {
		return nil, fmt.Errorf("programme: actie %s heeft al subacties of is er zelf een", ref)
	}
	subs := make(subBlock, parts)
	for i := range subs {
		subs[i] = Action{Letter: fmt.Sprintf("%s%d", a.Letter, i+1), Text: fmt.Sprintf("%s (deel %d)", strings.TrimSpace(a.Text), i+1),
			Plan: a.Plan, Do: a.Do, Check: a.Check, Act: a.Act}
	}
	out := data
	for _, k := range []string{"plan", "do", "check", "act"} {
		if out, err = setAt(out, ref, nil, k, ""); err != nil {
			return nil, err
		}
	}
	return setAt(out, ref, nil, "subactions", subs)
}

// subBlock is a list of sub-actions written as a block sequence.
type subBlock []Action

// AddAction appends a new action to doel goal; a.Letter must be free (the caller validates
// the result by parsing it).
func AddAction(data []byte, goal int, a Action) ([]byte, error) {
	d, _, gn, err := goalDoc(data, goal)
	if err != nil {
		return nil, err
	}
	actions := child(gn, "actions")
	if actions == nil || len(actions.Content) == 0 {
		return nil, fmt.Errorf("programme: doel %d heeft geen acties", goal)
	}
	last := actions.Content[len(actions.Content)-1]
	_, to := d.itemRange(last)
	return d.splice(to, to, []byte(renderAction(a, max(last.Column-3, 0)))), nil
}

// renderAction writes a new action as a sequence item whose dash stands at column dash.
func renderAction(a Action, dash int) string {
	ind := strings.Repeat(" ", dash+2)
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", dash) + "- letter: " + a.Letter + "\n")
	for _, kv := range []struct {
		k string
		v any
	}{{"text", a.Text}, {"wie", a.Wie}, {"owners", a.Owners}, {"plan", a.Plan}, {"do", a.Do}, {"check", a.Check}, {"act", a.Act}, {"notes", blockList(a.Notes)}} {
		switch x := kv.v.(type) {
		case string:
			if x == "" {
				continue
			}
		case []string:
			if len(x) == 0 {
				continue
			}
		case blockList:
			if len(x) == 0 {
				continue
			}
		}
		b.WriteString(ind + kv.k + ":" + renderValue(kv.v, len(ind)) + "\n")
	}
	return b.String()
}

// AddGoal appends doel g (numbered after the last one, with its first action) to the last
// programmalijn: doelen are numbered through the whole programme, so a doel anywhere else
// would renumber every doel after it and with them their tasks.
func AddGoal(data []byte, g Goal) ([]byte, error) {
	d, err := newDoc(data)
	if err != nil {
		return nil, err
	}
	lines := child(doc(d.root), "lines")
	if lines == nil || len(lines.Content) == 0 || len(d.prog.Lines) == 0 {
		return nil, fmt.Errorf("programme: geen programmalijnen")
	}
	goals := child(lines.Content[len(lines.Content)-1], "goals")
	if goals == nil || len(goals.Content) == 0 {
		return nil, fmt.Errorf("programme: de laatste programmalijn heeft geen doelen")
	}
	last := goals.Content[len(goals.Content)-1]
	_, to := d.itemRange(last)
	dash := max(last.Column-3, 0)
	pad := strings.Repeat(" ", dash+2)
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", dash) + "- number: " + strconv.Itoa(g.Number) + "\n")
	b.WriteString(pad + "title:" + blockText(g.Title, len(pad)+2) + "\n")
	if len(g.Effects) == 0 {
		b.WriteString(pad + "effects: []\n")
	} else {
		b.WriteString(pad + "effects:" + renderValue(blockList(g.Effects), len(pad)+2) + "\n")
	}
	b.WriteString(pad + "actions:\n")
	for _, a := range g.Actions {
		b.WriteString(renderAction(a, dash+4))
	}
	return d.splice(to, to, []byte(b.String())), nil
}

// LastGoal is the number of the programme's last doel.
func (p *Programme) LastGoal() int {
	n := 0
	for _, l := range p.Lines {
		for _, g := range l.Goals {
			n = max(n, g.Number)
		}
	}
	return n
}

// editDoc is a workflow file as lines plus its node tree.
type editDoc struct {
	src   []byte
	lines []int // byte offset of the start of each line (0-based line index)
	root  *yaml.Node
	prog  *file
}

func newDoc(data []byte) (*editDoc, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlErrors("", err)
	}
	var f file
	if err := root.Decode(&f); err != nil {
		return nil, yamlErrors("", err)
	}
	d := &editDoc{src: data, root: &root, prog: &f, lines: []int{0}}
	for i, c := range data {
		if c == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	return d, nil
}

// line returns line n (1-based) without its newline.
func (d *editDoc) line(n int) string {
	if n < 1 || n > len(d.lines) {
		return ""
	}
	start := d.lines[n-1]
	end := len(d.src)
	if n < len(d.lines) {
		end = d.lines[n] - 1
	}
	return string(d.src[start:end])
}

// offset is the byte offset of (line, column), both 1-based, the column in characters.
func (d *editDoc) offset(line, col int) int {
	l := d.line(line)
	b := 0
	for i := 1; i < col && b < len(l); i++ {
		_, size := utf8.DecodeRuneInString(l[b:])
		b += size
	}
	return d.lines[line-1] + b
}

func (d *editDoc) lineEnd(line int) int {
	if line < len(d.lines) {
		return d.lines[line] - 1
	}
	return len(d.src)
}

func (d *editDoc) splice(from, to int, repl []byte) []byte {
	out := make([]byte, 0, len(d.src)-(to-from)+len(repl))
	out = append(out, d.src[:from]...)
	out = append(out, repl...)
	return append(out, d.src[to:]...)
}

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

func blankOrComment(s string) bool {
	t := strings.TrimSpace(s)
	return t == "" || strings.HasPrefix(t, "#")
}

// eachGoal calls f with every doel of the model and its mapping node, in file order, until f
// returns true.
func (d *editDoc) eachGoal(f func(g *Goal, gn *yaml.Node) bool) {
	lines := child(doc(d.root), "lines")
	for li := range d.prog.Lines {
		goals := child(item(lines, li), "goals")
		for gi := range d.prog.Lines[li].Goals {
			if f(&d.prog.Lines[li].Goals[gi], item(goals, gi)) {
				return
			}
		}
	}
}

// eachAction calls f with every action and sub-action of the model, its ref, its mapping node
// and (for a sub-action) its parent action, until f returns true.
func (d *editDoc) eachAction(f func(ref string, a *Action, an *yaml.Node, parent *Action) bool) {
	d.eachGoal(func(g *Goal, gn *yaml.Node) bool {
		actions := child(gn, "actions")
		for ai := range g.Actions {
			a := &g.Actions[ai]
			an := item(actions, ai)
			if f(strconv.Itoa(g.Number)+a.Letter, a, an, nil) {
				return true
			}
			subs := child(an, "subactions")
			for si := range a.SubActions {
				if f(strconv.Itoa(g.Number)+a.SubActions[si].Letter, &a.SubActions[si], item(subs, si), a) {
					return true
				}
			}
		}
		return false
	})
}

// action finds the action or sub-action ref in the model and its mapping node.
func (d *editDoc) action(ref string) (a *Action, an *yaml.Node, err error) {
	d.eachAction(func(r string, x *Action, xn *yaml.Node, _ *Action) bool {
		if r == ref {
			a, an = x, xn
		}
		return a != nil
	})
	if a == nil {
		return nil, nil, fmt.Errorf("programme: actie %s niet gevonden", ref)
	}
	return a, an, nil
}

// parentOwners are the owners a sub-action inherits from its action; nil for an action.
func (d *editDoc) parentOwners(ref string) (owners []string) {
	d.eachAction(func(r string, _ *Action, _ *yaml.Node, parent *Action) bool {
		if r == ref && parent != nil {
			owners = parent.Owners
		}
		return r == ref
	})
	return owners
}

// blockEnd is the byte offset where the block that starts on line start with indentation ind
// ends: after the last line that is more indented (blank lines and comment lines at the very
// end excluded, as they belong to what follows).
func (d *editDoc) blockEnd(start, ind int, dashes bool) (endLine int) {
	endLine = start
	for n := start + 1; n <= len(d.lines); n++ {
		l := d.line(n)
		if strings.TrimSpace(l) == "" {
			continue
		}
		if indentOf(l) < ind || indentOf(l) == ind && !(dashes && strings.HasPrefix(l[ind:], "- ")) {
			break
		}
		if !blankOrComment(l) {
			endLine = n
		}
	}
	return endLine
}

// valueRange is the byte range of the value of key k in block mapping m, plus the key's
// indentation.
func (d *editDoc) valueRange(m *yaml.Node, i int) (from, to, ind int) {
	k, v := m.Content[i], m.Content[i+1]
	ind = k.Column - 1
	from = d.offset(k.Line, k.Column) + len(k.Value) + 1 // after "key:"
	// a block sequence may stand at the key's own indentation ("notes:\n- …")
	dashes := v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0
	end := d.blockEnd(k.Line, ind, dashes)
	to = d.lineEnd(end)
	if end == k.Line {
		l := d.line(end)
		if c := v.LineComment; c != "" {
			if j := strings.LastIndex(l, c); j > 0 {
				l = strings.TrimRight(l[:j], " ")
			}
		}
		to = d.lines[end-1] + len(l)
	}
	return from, to, ind
}

// set gives key k of block mapping m the value v (string or []string), inserting the key after
// the mapping's last one when missing; "" or an empty list removes the key.
func (d *editDoc) set(m *yaml.Node, k string, v any) ([]byte, error) {
	empty := emptyValue(v)
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != k {
			continue
		}
		from, to, ind := d.valueRange(m, i)
		if empty {
			kn := m.Content[i]
			return d.splice(d.lines[kn.Line-1], min(to+1, len(d.src)), nil), nil
		}
		return d.splice(from, to, []byte(renderValue(v, ind+2))), nil
	}
	if empty {
		return d.src, nil
	}
	if len(m.Content) == 0 {
		return nil, fmt.Errorf("programme: regel %d: een leeg blok kan niet worden aangevuld", m.Line)
	}
	first := m.Content[0]
	_, to, _ := d.valueRange(m, len(m.Content)-2)
	ind := first.Column - 1
	line := "\n" + strings.Repeat(" ", ind) + k + ":" + renderValue(v, ind+2)
	return d.splice(to, to, []byte(line)), nil
}

// itemRange is the byte range of a sequence item (with its "- " and the comment lines
// directly above it), from the start of its first line to after its last line's newline.
func (d *editDoc) itemRange(n *yaml.Node) (from, to int) {
	dash := n.Column - 3
	first := n.Line
	for first > 1 {
		l := d.line(first - 1)
		if strings.HasPrefix(strings.TrimSpace(l), "#") && indentOf(l) == dash {
			first--
			continue
		}
		break
	}
	end := d.blockEnd(n.Line, dash, false)
	to = d.lineEnd(end) + 1
	return d.lines[first-1], min(to, len(d.src))
}

// blockify rewrites a flow mapping ({a: 1, b: 2}) in block style, in place.
func (d *editDoc) blockify(m *yaml.Node) ([]byte, error) {
	from := d.offset(m.Line, m.Column)
	to := flowEnd(d.src, from)
	if to < 0 {
		return nil, fmt.Errorf("programme: regel %d, kolom %d: de { wordt niet gesloten met }", m.Line, m.Column)
	}
	ind := m.Column - 1
	c := *m
	c.Style = 0
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&c); err != nil {
		return nil, fmt.Errorf("programme: regel %d: %w", m.Line, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("programme: regel %d: %w", m.Line, err)
	}
	body := strings.TrimRight(buf.String(), "\n")
	lines := strings.Split(body, "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = strings.Repeat(" ", ind) + lines[i]
	}
	return d.splice(from, to, []byte(strings.Join(lines, "\n"))), nil
}

// flowEnd finds the offset after the '}' that closes the flow mapping opened at from.
func flowEnd(src []byte, from int) int {
	depth := 0
	var quote byte
	for i := from; i < len(src); i++ {
		c := src[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '\\' && quote == '"' {
				i++
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// wrapWidth is how many characters of folded text go on one line, as in the shipped files.
const wrapWidth = 96

// blockList is a list written as a block sequence (notes), never in flow style.
type blockList []string

// rawScalar is written as it is (a number).
type rawScalar string

// renderValue writes v as the YAML text after "key:" (with its leading space or newline), for
// a key whose values are indented by ind spaces.
func renderValue(v any, ind int) string {
	switch x := v.(type) {
	case rawScalar:
		return " " + string(x)
	case mapping:
		return x.render(ind)
	case mapList:
		var b strings.Builder
		for _, m := range x {
			b.WriteString(m.item(ind))
		}
		return b.String()
	case subBlock:
		var b strings.Builder
		pad := strings.Repeat(" ", ind)
		for _, a := range x {
			b.WriteString("\n" + pad + "- letter: " + a.Letter)
			for _, kv := range [][2]string{{"text", a.Text}, {"plan", a.Plan}, {"do", a.Do}, {"check", a.Check}, {"act", a.Act}} {
				b.WriteString("\n" + pad + "  " + kv[0] + ":" + blockText(kv[1], ind+4))
			}
		}
		return b.String()
	case blockList:
		var b strings.Builder
		for _, s := range x {
			b.WriteString("\n" + strings.Repeat(" ", ind) + "-" + blockText(s, ind+2))
		}
		return b.String()
	case []string:
		items := make([]string, len(x))
		long := false
		for i, s := range x {
			items[i] = scalar(s)
			if strings.ContainsAny(items[i], "\n") || len(s) > 40 {
				long = true
			}
		}
		if !long {
			return " [" + strings.Join(items, ", ") + "]"
		}
		var b strings.Builder
		for _, s := range x {
			b.WriteString("\n" + strings.Repeat(" ", ind) + "-" + blockText(s, ind+2))
		}
		return b.String()
	case string:
		return blockText(x, ind)
	}
	return " " + fmt.Sprint(v)
}

// blockText is one string value: inline when short, folded (>-) and wrapped when long, literal
// (|-) when it has line breaks.
func blockText(s string, ind int) string {
	pad := strings.Repeat(" ", ind)
	if strings.Contains(s, "\n") {
		var b strings.Builder
		b.WriteString(" |-")
		for _, l := range strings.Split(s, "\n") {
			b.WriteString("\n")
			if l != "" {
				b.WriteString(pad + l)
			}
		}
		return b.String()
	}
	if ind+utf8.RuneCountInString(s) <= wrapWidth {
		return " " + scalar(s)
	}
	var b strings.Builder
	b.WriteString(" >-")
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > wrapWidth {
			b.WriteString("\n" + pad + line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		b.WriteString("\n" + pad + line)
	}
	return b.String()
}

// scalar is s as a one-line YAML scalar: plain when that reads back as the same string,
// double-quoted otherwise ("2027", "Ja: nee").
func scalar(s string) string {
	n := yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	out, err := yaml.Marshal(&n)
	if err != nil {
		return strconv.Quote(s)
	}
	r := strings.TrimSuffix(string(out), "\n")
	if strings.Contains(r, "\n") || strings.HasPrefix(r, "|") || strings.HasPrefix(r, ">") {
		return strconv.Quote(s)
	}
	return r
}
