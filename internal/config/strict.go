package config

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Problem is one thing wrong with the configuration: the key it is about, the line in the
// file where that key stands (0 if unknown), and what is wrong, in Dutch.
type Problem struct {
	Key  string
	Line int
	Msg  string
}

func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.Key)
	if p.Line > 0 {
		fmt.Fprintf(&b, " (regel %d)", p.Line)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found at once; Load and Validate return it as their error.
type Problems []Problem

func (ps Problems) Error() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap lets errors.As find a single Problem.
func (ps Problems) Unwrap() []error {
	errs := make([]error, len(ps))
	for i, p := range ps {
		errs[i] = p
	}
	return errs
}

var typeOfConfig = reflect.TypeFor[Config]()

// keyIndex remembers where each key path stands in the file, and the text of scalar values,
// so that later problems can name the line and decode errors (which know only a line and a
// value) can name the key.
type keyIndex struct {
	lines  map[string]int
	values map[string]string
}

func newKeyIndex() *keyIndex {
	return &keyIndex{lines: map[string]int{}, values: map[string]string{}}
}

func (x *keyIndex) add(path string, line int, v *yaml.Node) {
	x.lines[path] = line
	if v.Kind == yaml.ScalarNode {
		x.values[path] = v.Value
	}
}

// keyAt finds the key on line whose value is value; failing that, the deepest key on line.
func (x *keyIndex) keyAt(line int, value string) string {
	best := ""
	for k, l := range x.lines {
		if l != line {
			continue
		}
		if v, ok := x.values[k]; ok && v == value {
			return k
		}
		if len(k) > len(best) {
			best = k
		}
	}
	return best
}

// checkKeys walks the YAML tree along the Go type, records the line of every key path and
// reports keys the type does not have, and secrets that belong in the environment only.
// It reports every unknown key, not only the first, so one run shows them all.
func checkKeys(n *yaml.Node, t reflect.Type, path string, idx *keyIndex, probs *Problems) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch {
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "<<" { // merge key: check what is merged in
				checkKeys(v, t, path, idx, probs)
				continue
			}
			child := joinKey(path, k.Value)
			idx.add(child, k.Line, v)
			f, ok := fields[k.Value]
			if !ok {
				*probs = append(*probs, Problem{Key: child, Line: k.Line, Msg: "onbekende sleutel" + suggest(k.Value, fields)})
				continue
			}
			if env := f.Tag.Get("envonly"); env != "" {
				*probs = append(*probs, Problem{Key: child, Line: k.Line, Msg: fmt.Sprintf(
					"geheimen horen niet in het configuratiebestand: zet %s of %s_FILE in de omgeving", env, env)})
				continue
			}
			checkKeys(v, f.Type, child, idx, probs)
		}
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Map:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			child := joinKey(path, k.Value)
			idx.add(child, k.Line, v)
			checkKeys(v, t.Elem(), child, idx, probs)
		}
	case n.Kind == yaml.SequenceNode && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
		for i, v := range n.Content {
			child := fmt.Sprintf("%s[%d]", path, i)
			idx.add(child, v.Line, v)
			checkKeys(v, t.Elem(), child, idx, probs)
		}
	}
}

func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// yamlFields maps the YAML names of t's exported fields to the fields.
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	fields := make(map[string]reflect.StructField, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fields[name] = f
	}
	return fields
}

// suggest names the known keys at this level, so a typo is quick to fix.
func suggest(key string, fields map[string]reflect.StructField) string {
	var known []string
	for name, f := range fields {
		if f.Tag.Get("envonly") == "" {
			known = append(known, name)
		}
	}
	sort.Strings(known)
	for _, k := range known {
		if strings.EqualFold(k, key) || strings.ReplaceAll(k, "_", "") == strings.ReplaceAll(strings.ToLower(key), "-", "") {
			return fmt.Sprintf(" (bedoelt u %s?)", k)
		}
	}
	return " (bekend op deze plek: " + strings.Join(known, ", ") + ")"
}
