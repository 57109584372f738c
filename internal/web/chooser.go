package web

import (
	"html/template"
	"slices"
	"strings"
	"sync"

	"github.com/regiogv/voortgang/internal/programme"
)

// programmeChooser is the programme chooser of the overview and the Periode page
// (partials/programmechooser.html), shown when there are several programmes.
type programmeChooser struct {
	Action  string        // where it goes: the page itself
	Options template.HTML // the <option> elements, escaped by chooserOptions
}

// chooserOptions keeps the escaped <option> elements of the programmes last loaded. They
// are written here, not by the template: at national scale there are 500 of them, and
// html/template, which escapes every value through reflection, spent a third of the
// overview's CPU time on them. Every key and title is escaped with
// template.HTMLEscapeString, which is safe in text and in a quoted attribute. The list is
// built again when the programmes change (a reload gives new *Programme values).
type chooserOptions struct {
	mu      sync.Mutex
	progs   []*programme.Programme
	options []string // per programme: `<option value="key"` and `>title</option>` + "\n"
	size    int
}

// chooser lists progs with the programme keyed selected chosen ("" for none).
func (c *chooserOptions) chooser(progs []*programme.Programme, selected, action string) *programmeChooser {
	c.mu.Lock()
	if !slices.Equal(c.progs, progs) {
		c.progs, c.options, c.size = slices.Clone(progs), make([]string, 0, 2*len(progs)), 0
		for _, p := range progs {
			open := `<option value="` + template.HTMLEscapeString(p.Key) + `"`
			rest := ">" + template.HTMLEscapeString(p.Title) + "</option>\n"
			c.options = append(c.options, open, rest)
			c.size += len(open) + len(rest)
		}
	}
	options, size := c.options, c.size
	c.mu.Unlock()

	var b strings.Builder
	b.Grow(size + len(" selected"))
	for i, p := range progs {
		b.WriteString(options[2*i])
		if p.Key == selected {
			b.WriteString(" selected")
		}
		b.WriteString(options[2*i+1])
	}
	return &programmeChooser{Action: action, Options: template.HTML(b.String())}
}
