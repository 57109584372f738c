package archtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// graph maps an import path of the module to the module packages it imports directly
// (non-test files only: tests may import what they need to drive a package).
type graph map[string][]string

// loadGraph asks the go command for the module's packages and their imports.
func loadGraph(t *testing.T) (module string, g graph) {
	t.Helper()
	out, err := exec.Command("go", "list", "-m").Output()
	if err != nil {
		t.Fatalf("go list -m: %v", exitErr(err))
	}
	module = strings.TrimSpace(string(out))
	out, err = exec.Command("go", "list", "-e", "-json=ImportPath,Imports,Error", module+"/...").Output()
	if err != nil {
		t.Fatalf("go list -json: %v", exitErr(err))
	}
	g = graph{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath string
			Imports    []string
			Error      *struct{ Err string }
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		if p.Error != nil {
			t.Fatalf("go list %s: %s", p.ImportPath, p.Error.Err)
		}
		var own []string
		for _, imp := range p.Imports {
			if imp == module || strings.HasPrefix(imp, module+"/") {
				own = append(own, imp)
			}
		}
		g[p.ImportPath] = own
	}
	if len(g) < 10 {
		t.Fatalf("go list found only %d packages in %s", len(g), module)
	}
	return module, g
}

func exitErr(err error) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return errors.New(err.Error() + ": " + string(ee.Stderr))
	}
	return err
}

// under reports whether pkg is dir or a package below it.
func under(pkg, dir string) bool { return pkg == dir || strings.HasPrefix(pkg, dir+"/") }

// path returns an import chain from one of the packages under from to a package under one of
// forbidden, avoiding the packages under each of avoid; nil when there is none. Breadth
// first, so the chain is a shortest one.
func (g graph) path(from string, forbidden, avoid []string) []string {
	blocked := func(p string) bool {
		return slices.ContainsFunc(avoid, func(a string) bool { return under(p, a) })
	}
	prev := map[string]string{}
	var queue []string
	for p := range g {
		if under(p, from) && !blocked(p) {
			prev[p] = ""
			queue = append(queue, p)
		}
	}
	slices.Sort(queue) // a stable report
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if slices.ContainsFunc(forbidden, func(f string) bool { return under(p, f) }) {
			var chain []string
			for q := p; q != ""; q = prev[q] {
				chain = append(chain, q)
			}
			slices.Reverse(chain)
			return chain
		}
		for _, imp := range g[p] {
			if _, seen := prev[imp]; !seen && !blocked(imp) {
				prev[imp] = p
				queue = append(queue, imp)
			}
		}
	}
	return nil
}

func short(module string, chain []string) string {
	out := make([]string, len(chain))
	for i, p := range chain {
		out[i] = strings.TrimPrefix(p, module+"/")
	}
	return strings.Join(out, " → ")
}

// The layering of ARCHITECTURE.md. Each rule forbids every path from the packages under
// From to a package under one of Forbidden.
func TestLayering(t *testing.T) {
	module, g := loadGraph(t)
	in := func(dirs ...string) []string {
		out := make([]string, len(dirs))
		for i, d := range dirs {
			out[i] = module + "/internal/" + d
		}
		return out
	}
	channels := in("notify") // notify and every channel package below it
	rules := []struct {
		from      string
		forbidden []string
		why       string
	}{
		// The pure packages: they turn files and phrases into tasks and know nothing of
		// where those go.
		{"programme", in("store", "web", "notify", "cycle", "outbox", "inbox", "report", "scheduler", "app"), "programme is pure"},
		{"timing", in("store", "web", "notify", "cycle", "outbox", "inbox", "report", "scheduler", "app"), "timing is pure"},
		{"planner", in("store", "web", "notify", "cycle", "outbox", "inbox", "report", "scheduler", "app"), "planner is pure"},
		// The store persists; it never calls the loops that use it.
		{"store", in("cycle", "outbox", "notify", "inbox", "web", "report", "scheduler", "app"), "store is left of every loop"},
		// Replies and the board never reach a channel: they write rows, the worker delivers.
		{"inbox", channels, "inbox hands work on through tables"},
		{"web", channels, "web hands work on through tables"},
		{"cycle", channels, "cycle decides and enqueues; each channel renders its own messages"},
	}
	for _, r := range rules {
		from := module + "/internal/" + r.from
		t.Run(r.from, func(t *testing.T) {
			if _, ok := g[from]; !ok {
				t.Fatalf("package %s not found", from)
			}
			if chain := g.path(from, r.forbidden, nil); chain != nil {
				t.Fatalf("%s, but %s", r.why, short(module, chain))
			}
		})
	}
}

// TestPathFinder: the graph search finds a chain, takes the shortest, honours the avoided
// packages and the directory prefixes, and finds nothing where there is nothing.
func TestPathFinder(t *testing.T) {
	g := graph{
		"m/a":       {"m/b", "m/c"},
		"m/b":       {"m/d/x"},
		"m/c":       {"m/e"},
		"m/e":       {"m/d"},
		"m/d":       nil,
		"m/d/x":     nil,
		"m/dd":      nil,
		"m/a/inner": {"m/dd"},
	}
	tests := []struct {
		from      string
		forbidden []string
		avoid     []string
		want      string
	}{
		{"m/a", []string{"m/d"}, nil, "m/a → m/b → m/d/x"},
		{"m/a", []string{"m/d"}, []string{"m/b"}, "m/a → m/c → m/e → m/d"},
		{"m/a", []string{"m/d"}, []string{"m/b", "m/c"}, ""},
		{"m/a", []string{"m/dd"}, nil, "m/a/inner → m/dd"}, // from covers sub-packages
		{"m/c", []string{"m/b"}, nil, ""},
		{"m/e", []string{"m/d"}, nil, "m/e → m/d"}, // m/dd is not under m/d
	}
	for _, tc := range tests {
		got := ""
		if chain := g.path(tc.from, tc.forbidden, tc.avoid); chain != nil {
			got = strings.Join(chain, " → ")
		}
		if got != tc.want {
			t.Errorf("path(%s, %v, avoid %v) = %q, want %q", tc.from, tc.forbidden, tc.avoid, got, tc.want)
		}
	}
}
