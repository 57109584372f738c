package programme

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Adding and removing the parts of an action (its contract, indicators and cadences), editing
// a doel's own fields and the programme's owners, all in place like EditAction: the text of
// the file changes only where the change is, so comments and layout elsewhere stay.

// kv is one key of a mapping written by the board, in the order the shipped files use.
type kv struct {
	k string
	v any // string, rawScalar, []string, blockList; empty values are left out
}

// mapping is a block mapping written by the board (a new contract).
type mapping []kv

// mapList is a block sequence of mappings (new indicators or cadences).
type mapList []mapping

// emptyValue reports whether v is written as no key at all.
func emptyValue(v any) bool {
	switch x := v.(type) {
	case string:
		return x == ""
	case rawScalar:
		return x == ""
	case []string:
		return len(x) == 0
	case blockList:
		return len(x) == 0
	case subBlock:
		return len(x) == 0
	case mapping:
		return len(x) == 0
	case mapList:
		return len(x) == 0
	}
	return v == nil
}

// render writes the mapping as the value of a key whose values are indented by ind.
func (m mapping) render(ind int) string {
	var b strings.Builder
	pad := strings.Repeat(" ", ind)
	for _, e := range m {
		if !emptyValue(e.v) {
			b.WriteString("\n" + pad + e.k + ":" + renderValue(e.v, ind+2))
		}
	}
	return b.String()
}

// item writes the mapping as a sequence item whose dash stands at column dash.
func (m mapping) item(dash int) string {
	var b strings.Builder
	first := true
	for _, e := range m {
		if emptyValue(e.v) {
			continue
		}
		if first {
			b.WriteString("\n" + strings.Repeat(" ", dash) + "- ")
			first = false
		} else {
			b.WriteString("\n" + strings.Repeat(" ", dash+2))
		}
		b.WriteString(e.k + ":" + renderValue(e.v, dash+4))
	}
	return b.String()
}

func number(f float64) rawScalar { return rawScalar(strconv.FormatFloat(f, 'f', -1, 64)) }

// years is a contract's years as written: absent when zero.
func years(n int) rawScalar {
	if n == 0 {
		return ""
	}
	return rawScalar(strconv.Itoa(n))
}

func contractMapping(c Contract) mapping {
	start := rawScalar("")
	if !c.Start.IsZero() {
		start = rawScalar(c.Start.String())
	}
	return mapping{{"service", strings.TrimSpace(c.Service)}, {"provider", strings.TrimSpace(c.Provider)}, {"start", start},
		{"years", years(c.Years)}, {"meetings", strings.TrimSpace(c.Meetings)}, {"note", strings.TrimSpace(c.Note)}}
}

func indicatorMapping(in Indicator) mapping {
	return mapping{{"key", in.Key}, {"name", strings.TrimSpace(in.Name)}, {"unit", strings.TrimSpace(in.Unit)},
		{"target", number(in.Target)}, {"per", strings.TrimSpace(in.Per)}, {"note", strings.TrimSpace(in.Note)}}
}

func cadenceMapping(c Cadence) mapping {
	return mapping{{"key", c.Key}, {"name", strings.TrimSpace(c.Name)}, {"phrase", strings.TrimSpace(c.Phrase)},
		{"phase", string(c.Phase)}, {"owners", c.Owners}, {"note", strings.TrimSpace(c.Note)}}
}

// applyParts removes and adds an action's contract, indicators and cadences as e asks.
func applyParts(out []byte, e ActionEdit) ([]byte, error) {
	var err error
	if e.RemoveContract {
		if out, err = onAction(out, e.Ref, func(d *editDoc, _ *Action, an *yaml.Node) ([]byte, error) {
			return d.set(an, "contract", nil)
		}); err != nil {
			return nil, err
		}
	}
	type part struct {
		key    string
		word   string // the key in Dutch, for messages
		remove []string
		add    mapList
		keys   func(a *Action) []string
	}
	var ins mapList
	for _, in := range e.AddIndicators {
		ins = append(ins, indicatorMapping(in))
	}
	var cds mapList
	for _, c := range e.AddCadences {
		cds = append(cds, cadenceMapping(c))
	}
	parts := []part{
		{"indicators", "indicatoren", e.RemoveIndicators, ins, func(a *Action) []string {
			var ks []string
			for _, in := range a.Indicators {
				ks = append(ks, in.Key)
			}
			return ks
		}},
		{"cadences", "terugkerende momenten", e.RemoveCadences, cds, func(a *Action) []string {
			var ks []string
			for _, c := range a.Cadences {
				ks = append(ks, c.Key)
			}
			return ks
		}},
	}
	for _, p := range parts {
		for _, k := range p.remove {
			if out, err = onAction(out, e.Ref, func(d *editDoc, a *Action, an *yaml.Node) ([]byte, error) {
				keys := p.keys(a)
				i := slices.Index(keys, k)
				if i < 0 {
					return nil, fmt.Errorf("programme: actie %s heeft geen %s met sleutel %q", e.Ref, p.word, k)
				}
				if len(keys) == 1 {
					return d.set(an, p.key, nil)
				}
				seq := child(an, p.key)
				if seq.Style&yaml.FlowStyle != 0 {
					return nil, fmt.Errorf("programme: actie %s: de %s staan op één regel tussen [ ] en kunnen niet per stuk worden verwijderd", e.Ref, p.word)
				}
				from, to := d.itemRange(seq.Content[i])
				return d.splice(from, to, nil), nil
			}); err != nil {
				return nil, err
			}
		}
		if len(p.add) == 0 {
			continue
		}
		if out, err = onAction(out, e.Ref, func(d *editDoc, a *Action, an *yaml.Node) ([]byte, error) {
			seq := child(an, p.key)
			if seq == nil || len(seq.Content) == 0 {
				return d.set(an, p.key, p.add)
			}
			if seq.Style&yaml.FlowStyle != 0 {
				return nil, fmt.Errorf("programme: actie %s: de %s staan op één regel tussen [ ] en kunnen niet worden aangevuld", e.Ref, p.word)
			}
			last := seq.Content[len(seq.Content)-1]
			_, to := d.itemRange(last)
			text := strings.TrimPrefix(renderValue(p.add, last.Column-3), "\n") + "\n"
			if to == len(d.src) && !strings.HasSuffix(string(d.src), "\n") {
				text = "\n" + strings.TrimSuffix(text, "\n")
			}
			return d.splice(to, to, []byte(text)), nil
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// onAction runs f on a fresh parse of data with action ref found.
func onAction(data []byte, ref string, f func(d *editDoc, a *Action, an *yaml.Node) ([]byte, error)) ([]byte, error) {
	d, a, an, err := actionDoc(data, ref)
	if err != nil {
		return nil, err
	}
	if an.Style&yaml.FlowStyle != 0 {
		return nil, fmt.Errorf("programme: actie %s (regel %d) staat op één regel tussen { } en kan zo niet worden bewerkt", ref, an.Line)
	}
	return f(d, a, an)
}

// GoalEdit is the new state of a doel's own fields; its actions are edited one by one.
type GoalEdit struct {
	Number  int
	Title   string
	Effects []string
	Notes   []string
}

// EditGoal changes the title, maatschappelijke effecten and notes of doel e.Number in place.
// Its number stays (doelen are numbered through the programme and the number is in every task
// key), so the plan does not change.
func EditGoal(data []byte, e GoalEdit) ([]byte, error) {
	all := append([]string{e.Title}, e.Effects...)
	for _, s := range append(all, e.Notes...) {
		if err := printable(s); err != nil {
			return nil, err
		}
	}
	_, g, _, err := goalDoc(data, e.Number)
	if err != nil {
		return nil, err
	}
	var steps []kv
	if t := strings.TrimSpace(e.Title); t != g.Title {
		steps = append(steps, kv{"title", t})
	}
	if !slices.Equal(g.Effects, e.Effects) && len(g.Effects)+len(e.Effects) > 0 {
		if len(e.Effects) == 0 {
			steps = append(steps, kv{"effects", rawScalar("[]")})
		} else {
			steps = append(steps, kv{"effects", blockList(e.Effects)})
		}
	}
	if !slices.Equal(g.Notes, e.Notes) && len(g.Notes)+len(e.Notes) > 0 {
		steps = append(steps, kv{"notes", blockList(e.Notes)})
	}
	out := data
	for _, s := range steps {
		d, _, gn, err := goalDoc(out, e.Number)
		if err != nil {
			return nil, err
		}
		if gn.Style&yaml.FlowStyle != 0 {
			return nil, fmt.Errorf("programme: doel %d (regel %d) staat op één regel tussen { } en kan zo niet worden bewerkt", e.Number, gn.Line)
		}
		if s.k == "effects" && child(gn, "effects") == nil {
			// a missing effects key goes after the title, where the shipped files have it
			if out, err = d.insertAfter(gn, "title", s.k, s.v); err != nil {
				return nil, err
			}
			continue
		}
		if out, err = d.set(gn, s.k, s.v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// insertAfter puts key k with value v directly after key after of mapping m.
func (d *editDoc) insertAfter(m *yaml.Node, after, k string, v any) ([]byte, error) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == after {
			_, to, ind := d.valueRange(m, i)
			return d.splice(to, to, []byte("\n"+strings.Repeat(" ", ind)+k+":"+renderValue(v, ind+2))), nil
		}
	}
	return d.set(m, k, v)
}

// goalDoc parses data and finds doel n in it.
func goalDoc(data []byte, n int) (*editDoc, *Goal, *yaml.Node, error) {
	d, err := newDoc(data)
	if err != nil {
		return nil, nil, nil, err
	}
	g, gn, err := d.goal(n)
	if err != nil {
		return nil, nil, nil, err
	}
	return d, g, gn, nil
}

// goal finds doel n in the model and its mapping node.
func (d *editDoc) goal(n int) (g *Goal, gn *yaml.Node, err error) {
	d.eachGoal(func(x *Goal, xn *yaml.Node) bool {
		if x.Number == n {
			g, gn = x, xn
		}
		return g != nil
	})
	if g == nil {
		return nil, nil, fmt.Errorf("programme: doel %d niet gevonden", n)
	}
	return g, gn, nil
}

// SetOwner gives owner key the name name, adding the owner after the last one when it is
// new. An owner written in flow style ({name: …}) stays so; a group keeps its members.
func SetOwner(data []byte, key, name string) ([]byte, error) {
	name = strings.TrimSpace(name)
	if err := printable(name); err != nil {
		return nil, err
	}
	if name == "" {
		return nil, fmt.Errorf("programme: eigenaar %q heeft geen naam", key)
	}
	d, owners, err := ownersBlock(data)
	if err != nil {
		return nil, err
	}
	flow := rawScalar("{name: " + scalar(name) + "}")
	o := child(owners, key)
	switch {
	case o == nil:
		return d.set(owners, key, flow)
	case o.Kind != yaml.MappingNode:
		return nil, fmt.Errorf("programme: eigenaar %q (regel %d) heeft geen naam en leden als blok", key, o.Line)
	case child(o, "name") != nil && child(o, "name").Value == name:
		return data, nil
	case o.Style&yaml.FlowStyle != 0 && child(o, "members") == nil:
		return d.set(owners, key, flow)
	case o.Style&yaml.FlowStyle != 0:
		// a group in flow style is written as a block (blockify would leave "key: name: …")
		return d.set(owners, key, mapping{{"name", name}, {"members", d.prog.Owners[key].Members}})
	}
	return d.set(o, "name", name)
}

// SetMembers makes members (owner keys of the same file, in this order) the members of group
// key, in place; an owner written in flow style is written as a block. A group needs a
// member, and names each once; parsing the result refuses a member that is not a declared
// owner.
func SetMembers(data []byte, key string, members []string) ([]byte, error) {
	if len(members) == 0 {
		return nil, fmt.Errorf("programme: groep %q heeft geen leden", key)
	}
	for i, m := range members {
		if err := printable(m); err != nil {
			return nil, err
		}
		if slices.Contains(members[:i], m) {
			return nil, fmt.Errorf("programme: %q staat twee keer in de leden van %q", m, key)
		}
	}
	d, owners, err := ownersBlock(data)
	if err != nil {
		return nil, err
	}
	o := child(owners, key)
	switch {
	case o == nil:
		return nil, fmt.Errorf("programme: eigenaar %q niet gevonden", key)
	case o.Kind != yaml.MappingNode:
		return nil, fmt.Errorf("programme: eigenaar %q (regel %d) heeft geen naam en leden als blok", key, o.Line)
	case slices.Equal(d.prog.Owners[key].Members, members):
		return data, nil
	case o.Style&yaml.FlowStyle != 0:
		return d.set(owners, key, mapping{{"name", d.prog.Owners[key].Name}, {"members", members}})
	}
	return d.set(o, "members", members)
}

// RemoveOwner takes owner key out of the programme's owners. Parsing the result refuses it
// while an action, cadence or group still names the owner.
func RemoveOwner(data []byte, key string) ([]byte, error) {
	d, err := newDoc(data)
	if err != nil {
		return nil, err
	}
	owners := child(doc(d.root), "owners")
	if owners == nil || child(owners, key) == nil {
		return nil, fmt.Errorf("programme: eigenaar %q niet gevonden", key)
	}
	if owners.Style&yaml.FlowStyle != 0 {
		return nil, fmt.Errorf("programme: de eigenaren staan niet als blok in het bestand")
	}
	return d.set(owners, key, nil)
}

// ownersBlock parses data for an in-place edit of its owners: the document and its owners
// mapping, which must be written as a block.
func ownersBlock(data []byte) (*editDoc, *yaml.Node, error) {
	d, err := newDoc(data)
	if err != nil {
		return nil, nil, err
	}
	owners := child(doc(d.root), "owners")
	if owners == nil || owners.Kind != yaml.MappingNode || owners.Style&yaml.FlowStyle != 0 {
		return nil, nil, fmt.Errorf("programme: de eigenaren staan niet als blok in het bestand")
	}
	return d, owners, nil
}
