package web

import (
	"testing"

	"github.com/regiogv/voortgang/internal/programme"
)

// TestChooserEscapesKeysAndTitles: the options are written by hand, so every value must be
// escaped as html/template would (a title from a workflow file is user input), exactly the
// chosen programme is selected, and a new programme list is not answered from the cache.
func TestChooserEscapesKeysAndTitles(t *testing.T) {
	progs := []*programme.Programme{
		{Key: "a-1", Title: `Zorg & "veiligheid" <script>alert(1)</script>`},
		{Key: `b"><img src=x>`, Title: "O'Neill"},
		{Key: "c-3", Title: "Opvang"},
	}
	var c chooserOptions
	got := c.chooser(progs, "c-3", "/periode/2026H2")
	want := `<option value="a-1">Zorg &amp; &#34;veiligheid&#34; &lt;script&gt;alert(1)&lt;/script&gt;</option>
<option value="b&#34;&gt;&lt;img src=x&gt;">O&#39;Neill</option>
<option value="c-3" selected>Opvang</option>
`
	if got.Action != "/periode/2026H2" || string(got.Options) != want {
		t.Errorf("chooser = %q, options:\n%s\nwant:\n%s", got.Action, got.Options, want)
	}
	again := c.chooser(progs, "a-1", "/")
	if want := `<option value="a-1" selected>Zorg`; string(again.Options[:len(want)]) != want {
		t.Errorf("second chooser starts %q, want %q", again.Options[:len(want)], want)
	}
	reloaded := []*programme.Programme{{Key: "a-1", Title: "Nieuwe titel"}, progs[2]}
	want = `<option value="a-1">Nieuwe titel</option>
<option value="c-3">Opvang</option>
`
	if got := c.chooser(reloaded, "", "/"); string(got.Options) != want {
		t.Errorf("after a reload:\n%s\nwant:\n%s", got.Options, want)
	}
}
