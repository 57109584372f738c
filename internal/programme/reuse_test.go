package programme

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadDirReusing: a file whose bytes did not change comes back as the programme loaded
// before (the same pointer, not parsed again); a changed file is parsed anew and gets its
// new hash; a broken file is still an error, whatever was loaded before.
func TestLoadDirReusing(t *testing.T) {
	dir := t.TempDir()
	minimal := readMinimal(t)
	other := strings.Replace(minimal, "key: ", "key: b", 1)
	if other == minimal {
		t.Fatal("testdata/minimal.yaml has no key to change")
	}
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.yaml", minimal)
	write("b.yaml", other)
	first, err := LoadDir(dir)
	if err != nil || len(first) != 2 {
		t.Fatalf("%d programmes, %v", len(first), err)
	}
	again, err := LoadDirReusing(dir, first)
	if err != nil || len(again) != 2 {
		t.Fatalf("%d programmes, %v", len(again), err)
	}
	if again[0] != first[0] || again[1] != first[1] {
		t.Error("unchanged files were parsed again")
	}

	write("b.yaml", strings.Replace(other, "title: ", "title: Nieuw ", 1))
	changed, err := LoadDirReusing(dir, first)
	if err != nil {
		t.Fatal(err)
	}
	if changed[0] != first[0] {
		t.Error("the unchanged file was parsed again")
	}
	if changed[1] == first[1] || changed[1].Hash == first[1].Hash || !strings.HasPrefix(changed[1].Title, "Nieuw ") {
		t.Errorf("the changed file kept its old programme: %q, hash %s", changed[1].Title, changed[1].Hash)
	}
	if fresh, err := LoadDir(dir); err != nil || fresh[1].Hash != changed[1].Hash {
		t.Errorf("a reused load's hash %s differs from a fresh load's (%v)", changed[1].Hash, err)
	}

	write("b.yaml", "lines: [")
	if _, err := LoadDirReusing(dir, changed); err == nil {
		t.Error("a broken file loaded")
	}
}
