package programme

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unsafe"
)

// TestLoadDirSharesTexts: two programmes of one load that repeat each other's texts share
// them (one copy of each string), a loaded programme equals its file parsed on its own, and
// the cells of an action still say where its phrases stand.
func TestLoadDirSharesTexts(t *testing.T) {
	data, err := os.ReadFile("../../workflows/uitvoeringsprogramma-bescherming-opvang-2026-2029.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyOf := bytes.Replace(data, []byte("\n  key: "), []byte("\n  key: kopie-"), 1)
	if bytes.Equal(copyOf, data) {
		t.Fatal("no programme key to change")
	}
	for name, d := range map[string][]byte{"a.yaml": data, "b.yaml": copyOf} {
		if err := os.WriteFile(filepath.Join(dir, name), d, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	progs, err := LoadDir(dir)
	if err != nil || len(progs) != 2 {
		t.Fatalf("%d programmes, %v", len(progs), err)
	}
	a, b := progs[0], progs[1]
	parsed, err := Parse(a.File, data)
	if err != nil {
		t.Fatal(err)
	}
	parsed.Hash = a.Hash
	if !reflect.DeepEqual(a, parsed) {
		t.Fatal("the loaded programme differs from the parsed file")
	}
	la, lb := a.Leaves(), b.Leaves()
	if len(la) < 50 || len(la) != len(lb) {
		t.Fatalf("%d and %d leaves", len(la), len(lb))
	}
	shared := func(what, x, y string) {
		t.Helper()
		if x == "" || unsafe.StringData(x) != unsafe.StringData(y) {
			t.Errorf("%s %q is not shared", what, x)
		}
	}
	shared("a title", a.Title, b.Title)
	if a.Key == b.Key {
		t.Fatal("the copy has the same key")
	}
	shared("an action's text", la[0].Action.Text, lb[0].Action.Text)
	shared("an owner key", la[0].Action.Owners[0], lb[0].Action.Owners[0])
	for k, o := range a.Owners {
		shared("an owner's name", o.Name, b.Owners[k].Name)
		break
	}
	withCells := 0
	for _, lf := range la {
		for _, ph := range Phases {
			if c := lf.Action.Cells.At(ph); lf.Action.Phrase(ph) != "" {
				if c.Line == 0 || c.Column == 0 {
					t.Fatalf("%s %s: phrase %q has no cell", lf.Ref, ph, lf.Action.Phrase(ph))
				}
				withCells++
			}
		}
	}
	if withCells == 0 {
		t.Error("no action has a located cell")
	}
}
