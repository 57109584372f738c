// Package national writes, for tests and benchmarks, a national-scale installation: n copies
// of the shipped programme, and a configuration for them. In the "own" shape every copy is a
// region with its own people: its owner keys carry a region suffix and the configuration has
// a copy of every owner with its own contacts, as a real installation would. In the "shared"
// shape every copy points at the example configuration's contacts, so each of them is asked
// about hundreds of programmes at once: a stress case, not an installation. It is imported by
// tests only.
package national

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// Shape is how the copies' people are configured.
type Shape int

const (
	// Own gives every copy its own owners and contacts.
	Own Shape = iota
	// Shared points every copy at the example configuration's contacts.
	Shared
)

func (s Shape) String() string {
	if s == Shared {
		return "gedeeld"
	}
	return "eigen"
}

// ProgrammeKey is the key of copy i.
func ProgrammeKey(i int) string { return fmt.Sprintf("regio-%03d-bo-2026-2029", i) }

// Suffix is what copy i appends to its owner and contact keys in the Own shape.
func Suffix(i int) string { return fmt.Sprintf("-r%03d", i) }

// Write writes n copies of the shipped programme to dir/workflows and the configuration to
// dir/voortgang.yaml (the example's, with the copies' owners in the Own shape). root is the
// path to the repository. It returns the configuration's path and the workflows directory;
// the configuration's database and workflows settings are the example's, so callers
// override them (VOORTGANG_DB, VOORTGANG_WORKFLOWS).
func Write(tb testing.TB, root, dir string, n int, shape Shape) (configPath, workflows string) {
	tb.Helper()
	src, err := os.ReadFile(filepath.Join(root, "workflows", "uitvoeringsprogramma-bescherming-opvang-2026-2029.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	cfgSrc, err := os.ReadFile(filepath.Join(root, "config", "voortgang.example.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	workflows = filepath.Join(dir, "workflows")
	if err := os.MkdirAll(workflows, 0o755); err != nil {
		tb.Fatal(err)
	}
	var prog yaml.Node
	if err := yaml.Unmarshal(src, &prog); err != nil {
		tb.Fatal(err)
	}
	var cfg yaml.Node
	if err := yaml.Unmarshal(cfgSrc, &cfg); err != nil {
		tb.Fatal(err)
	}
	cfgOwners := mapValue(cfg.Content[0], "owners")
	example := cloneNode(cfgOwners)
	if shape == Own {
		cfgOwners.Content = nil
	}
	for i := range n {
		p := cloneNode(&prog)
		root := p.Content[0]
		meta := mapValue(root, "programme")
		mapValue(meta, "key").Value = ProgrammeKey(i)
		t := mapValue(meta, "title")
		t.Value = fmt.Sprintf("%s (regio %03d)", t.Value, i)
		if shape == Own {
			suffixOwners(root, Suffix(i))
			cfgOwners.Content = append(cfgOwners.Content, ownersCopy(example, Suffix(i), i).Content...)
		}
		out, err := encode(p)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(workflows, fmt.Sprintf("p%03d.yaml", i)), out, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	out, err := encode(&cfg)
	if err != nil {
		tb.Fatal(err)
	}
	configPath = filepath.Join(dir, "voortgang.yaml")
	if err := os.WriteFile(configPath, out, 0o644); err != nil {
		tb.Fatal(err)
	}
	return configPath, workflows
}

func encode(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// mapValue is the value of key in mapping m (nil when missing).
func mapValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func cloneNode(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = cloneNode(k)
	}
	return &c
}

// suffixOwners renames every owner key of a programme: the keys of its owners map, their
// members, and every action's owners list.
func suffixOwners(root *yaml.Node, suf string) {
	if m := mapValue(root, "owners"); m != nil {
		for i := 0; i+1 < len(m.Content); i += 2 {
			m.Content[i].Value += suf
			if members := mapValue(m.Content[i+1], "members"); members != nil {
				suffixAll(members, suf)
			}
		}
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "owners" && n.Content[i+1].Kind == yaml.SequenceNode {
					suffixAll(n.Content[i+1], suf)
					continue
				}
				walk(n.Content[i+1])
			}
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(mapValue(root, "lines"))
}

func suffixAll(seq *yaml.Node, suf string) {
	for _, v := range seq.Content {
		v.Value += suf
	}
}

// ownersCopy is the example's owners for region i: keys, group members, contact keys and
// deputies suffixed, addresses made unique, and no Slack (the IDs are the example's people's).
func ownersCopy(example *yaml.Node, suf string, i int) *yaml.Node {
	m := cloneNode(example)
	for j := 0; j+1 < len(m.Content); j += 2 {
		m.Content[j].Value += suf
		o := m.Content[j+1]
		if g := mapValue(o, "group"); g != nil {
			suffixAll(g, suf)
		}
		if cs := mapValue(o, "contacts"); cs != nil {
			for _, c := range cs.Content {
				var keep []*yaml.Node
				for k := 0; k+1 < len(c.Content); k += 2 {
					key, val := c.Content[k], c.Content[k+1]
					switch key.Value {
					case "key", "deputy":
						val.Value += suf
					case "email":
						if at := strings.IndexByte(val.Value, '@'); at > 0 {
							val.Value = fmt.Sprintf("%s+r%03d%s", val.Value[:at], i, val.Value[at:])
						}
					case "slack", "prefer":
						continue
					}
					keep = append(keep, key, val)
				}
				c.Content = keep
			}
		}
	}
	return m
}
