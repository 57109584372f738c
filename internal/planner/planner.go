package planner

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/timing"
)

// Plan expands one programme into tasks. Recurring phrases are bounded by w (usually the
// programme period); fixed phrases give their occurrences whatever the window. Contract meetings
// are bounded by w and by the contract's term. Tasks come in programme order: line, doel, actie,
// phase, start.
//
// The programme is expected to be valid (programme.Parse validates it); a phrase that does not
// parse is still reported as an error rather than skipped.
func Plan(p *programme.Programme, w timing.Window) ([]Task, error) {
	var tasks []Task
	pl := &planning{p: p, parsed: map[parseKey]parsed{}}
	for _, lf := range p.Leaves() {
		ts, err := pl.action(lf.Line.Number, lf.Goal.Number, *lf.Action, lf.Action.Owners, w)
		if err != nil {
			return nil, err
		}
		tasks = append(tasks, ts...)
	}
	return tasks, nil
}

// planning holds what one Plan call shares between actions: most cells repeat a handful of
// phrases (Halfjaarlijks, Gereed, Jaarlijks), so each phrase is parsed once per window.
type planning struct {
	p      *programme.Programme
	parsed map[parseKey]parsed
}

type parseKey struct {
	phrase string
	w      timing.Window
}

type parsed struct {
	r   timing.Result
	err error
}

func (pl *planning) parse(phrase string, w timing.Window) (timing.Result, error) {
	k := parseKey{phrase, w}
	if v, ok := pl.parsed[k]; ok {
		return v.r, v.err
	}
	r, err := timing.Parse(phrase, w)
	pl.parsed[k] = parsed{r, err}
	return r, err
}

func (pl *planning) action(line, goal int, a programme.Action, owners []string, w timing.Window) ([]Task, error) {
	p := pl.p
	var tasks []Task
	ref := fmt.Sprintf("%d%s", goal, a.Letter)
	base := Task{Programme: p.Key, Line: line, Goal: goal, Action: a.Letter, Owners: owners}
	short := Shorten(a.Text, 80)
	emit := func(kind Kind, phase, slug, title, source string, owners []string, occs []timing.Occurrence) {
		for _, o := range occs {
			t := base
			t.Kind, t.Phase, t.Title, t.Source, t.Owners = kind, phase, title, source, owners
			t.Start, t.Due = o.Start, o.Due
			t.Key = key(p.Key, ref, slug, o)
			tasks = append(tasks, t)
		}
	}
	for _, ph := range programme.Phases {
		phrase := a.Phrase(ph)
		r, err := pl.parse(phrase, w)
		if err != nil {
			return nil, fmt.Errorf("planner: doel %d, actie %s, kolom %s: %w", goal, a.Letter, ph.Column(), err)
		}
		emit(Milestone, string(ph), string(ph), fmt.Sprintf("%s %s: %s", ph.Column(), ref, short), phrase, owners, r.Occurrences)
	}
	for _, c := range a.Cadences {
		r, err := pl.parse(c.Phrase, w)
		if err != nil {
			return nil, fmt.Errorf("planner: doel %d, actie %s, cadans %s: %w", goal, a.Letter, c.Key, err)
		}
		phase := c.Phase
		if phase == "" {
			phase = programme.Do
		}
		emit(Milestone, string(phase), "cadans-"+c.Key, fmt.Sprintf("%s %s: %s", phase.Column(), ref, c.Name), c.Phrase, c.OwnersOr(owners), r.Occurrences)
	}
	if c := a.Contract; c != nil && c.Meetings != "" {
		cw, ok := contractWindow(*c, w)
		if ok {
			r, err := pl.parse(c.Meetings, cw)
			if err != nil {
				return nil, fmt.Errorf("planner: doel %d, actie %s, contractgesprekken: %w", goal, a.Letter, err)
			}
			title := "Contractgesprek " + c.Service
			if c.Provider != "" {
				title += " (" + c.Provider + ")"
			}
			emit(ContractMeeting, "", string(ContractMeeting), title, c.Meetings, owners, inside(r.Occurrences, cw))
		}
	}
	return tasks, nil
}

// contractWindow is the part of w during which the contract runs.
func contractWindow(c programme.Contract, w timing.Window) (timing.Window, bool) {
	cw := w
	if c.Start.After(cw.From) {
		cw.From = c.Start.Time
	}
	if end := c.End(); !end.IsZero() && end.Before(cw.To) {
		cw.To = end.Time
	}
	return cw, !cw.To.Before(cw.From)
}

// inside keeps the occurrences due inside w; a fixed meeting phrase ("Q2 2027") ignores the
// window in timing, but a meeting after the contract ended is no meeting.
func inside(occs []timing.Occurrence, w timing.Window) []timing.Occurrence {
	var out []timing.Occurrence
	for _, o := range occs {
		if !o.Due.Before(w.From) && !o.Due.After(w.To) {
			out = append(out, o)
		}
	}
	return out
}

// key is stable: it depends only on the programme key, the action's reference, the phase (or
// cadence, or contract meeting) and the occurrence's dates, so editing one action changes only
// that action's keys.
func key(prog, ref, slug string, o timing.Occurrence) string {
	return prog + "/" + ref + "/" + slug + "/" + o.Start.Format(time.DateOnly) + ".." + o.Due.Format(time.DateOnly)
}

// Shorten cuts text to at most n runes at a word boundary, adding an ellipsis when it cut.
func Shorten(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)[:n]
	s := string(r)
	if i := strings.LastIndexByte(s, ' '); i > n/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ,;:.") + " …"
}
