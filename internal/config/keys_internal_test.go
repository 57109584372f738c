package config

import (
	"path/filepath"
	"testing"
)

// TestLoadForgetsTheKeyLines: after loading, the configuration keeps no line per key path
// (a national configuration has about 100,000), only each owner's own line, which
// CheckOwners names.
func TestLoadForgetsTheKeyLines(t *testing.T) {
	c, err := Load(filepath.Join("..", "..", "config", "voortgang.example.yaml"), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.keys != nil {
		t.Errorf("%d key lines kept after loading", len(c.keys.lines))
	}
	for k, o := range c.Owners {
		if o.line == 0 {
			t.Errorf("owner %s has no line", k)
		}
	}
	// Validate again, as after changing fields: the owners keep their lines.
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	for k, o := range c.Owners {
		if o.line == 0 {
			t.Errorf("owner %s lost its line in a second Validate", k)
		}
	}
}
