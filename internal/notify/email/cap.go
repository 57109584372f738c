package email

import "reflect"

// Mail size. A contact of many programmes (a national installation) can be asked about
// thousands of actions at once; listing each made one digest 32 MB. Above MaxItems a list is
// summarised per programme and doel (per programme when that is still too long) with the
// link to the form or the board, and a coordinator's mail names at most MaxContacts missing
// contacts. Render applies the caps to the data before any template runs, so a template that
// knows nothing of them (an older customised copy) still gets at most MaxItems items per list
// and stays small; the shipped templates show the summary instead.
const (
	// MaxItems is the most items a mail lists one by one.
	MaxItems = 40
	// MaxContacts is the most missing contacts an escalation or summary names.
	MaxContacts = 100
	// MaxBody is the size no rendered body may exceed; Render refuses a bigger one.
	MaxBody = 1 << 20
	// maxLines bounds a summary: per doel up to maxLines lines, else per programme, of which
	// the first maxLines are named.
	maxLines = 200
)

// Summarise returns the overview of items, or nil when there are no more than MaxItems. With
// a formURL, each line per doel links to that doel in the form (goalURL).
func Summarise(items []Item, formURL string) *Overview {
	if len(items) <= MaxItems {
		return nil
	}
	o := &Overview{Total: len(items)}
	var goals, progs overviewLines
	for _, it := range items {
		overdue := 0
		if it.Overdue {
			overdue = 1
		}
		o.Overdue += overdue
		if l, first := goals.add(lineKey{it.Programme, it.ProgrammeTitle, it.Goal}, overdue); first {
			l.Programme, l.Goal, l.GoalTitle, l.URL = it.ProgrammeTitle, it.Goal, it.GoalTitle, goalURL(formURL, it.Programme, it.Goal)
		}
		if l, first := progs.add(lineKey{it.Programme, it.ProgrammeTitle, 0}, overdue); first {
			l.Programme = it.ProgrammeTitle
		}
	}
	if len(goals.list) <= maxLines {
		o.Lines = goals.list
		return o
	}
	o.PerProgramme = true
	o.Lines = progs.list
	if len(o.Lines) > maxLines {
		o.More = len(o.Lines) - maxLines
		o.Lines = o.Lines[:maxLines]
	}
	return o
}

// lineKey names the line of an overview: a programme (its key and title) and a doel, or 0
// for the line of the whole programme.
type lineKey struct {
	programme, title string
	goal             int
}

// overviewLines counts items into lines, one per key, in the order of their first item.
type overviewLines struct {
	at   map[lineKey]int
	list []OverviewLine
}

// add counts one item (overdue is 1 or 0) on the line of k and returns that line; first is
// true when the line is new, for the caller to fill in.
func (ls *overviewLines) add(k lineKey, overdue int) (l *OverviewLine, first bool) {
	i, ok := ls.at[k]
	if !ok {
		if ls.at == nil {
			ls.at = map[lineKey]int{}
		}
		i = len(ls.list)
		ls.at[k] = i
		ls.list = append(ls.list, OverviewLine{})
	}
	l = &ls.list[i]
	l.Items++
	l.Overdue += overdue
	return l, !ok
}

// capItems is items cut to MaxItems with the overview of all of them (nil when they fit),
// whose lines link into the form at formURL.
func capItems(items []Item, formURL string) ([]Item, *Overview) {
	o := Summarise(items, formURL)
	if o == nil {
		return items, nil
	}
	return items[:MaxItems:MaxItems], o
}

// capMissing caps the missing contacts and each one's items (a coordinator's mail: no form).
func capMissing(ms []MissingContact) ([]MissingContact, int) {
	more := 0
	if len(ms) > MaxContacts {
		more = len(ms) - MaxContacts
		ms = ms[:MaxContacts]
	}
	out := make([]MissingContact, len(ms))
	for i, m := range ms {
		m.Items, m.Overview = capItems(m.Items, "")
		out[i] = m
	}
	return out, more
}

// capped returns data with every list capped (a copy: the caller's value is not changed).
// data is a view value or a pointer to one.
func capped(data any) any {
	if v := reflect.ValueOf(data); v.Kind() == reflect.Pointer && !v.IsNil() {
		data = v.Elem().Interface()
	}
	switch d := data.(type) {
	case RequestData:
		d.Items, d.Overview = capItems(d.Items, d.FormURL)
		return d
	case ReminderData:
		d.RequestPayload = capped(d.RequestPayload).(RequestData)
		d.Missing, d.MissingOverview = capItems(d.Missing, d.FormURL)
		return d
	case DigestData:
		d.Upcoming, d.UpcomingOverview = capItems(d.Upcoming, d.FormURL)
		d.Overdue, d.OverdueOverview = capItems(d.Overdue, d.FormURL)
		return d
	case EscalationData:
		d.Missing, d.MoreMissing = capMissing(d.Missing)
		return d
	case SummaryData:
		d.Missing, d.MoreMissing = capMissing(d.Missing)
		return d
	case ConfirmationData:
		d.Recorded, d.RecordedOverview = capItems(d.Recorded, d.ChangeURL)
		return d
	}
	return data
}
