package email

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
	type goalKey struct {
		programme, title string // the programme's key and title
		goal             int
	}
	perGoal := map[goalKey]int{} // programme + doel → line
	var goals []OverviewLine
	perProg := map[goalKey]int{} // programme → line
	var progs []OverviewLine
	for _, it := range items {
		overdue := 0
		if it.Overdue {
			overdue = 1
		}
		o.Overdue += overdue
		gk := goalKey{it.Programme, it.ProgrammeTitle, it.Goal}
		i, ok := perGoal[gk]
		if !ok {
			i = len(goals)
			perGoal[gk] = i
			goals = append(goals, OverviewLine{Programme: it.ProgrammeTitle, Goal: it.Goal, GoalTitle: it.GoalTitle,
				URL: goalURL(formURL, it.Programme, it.Goal)})
		}
		goals[i].Items++
		goals[i].Overdue += overdue
		pk := goalKey{programme: it.Programme, title: it.ProgrammeTitle}
		j, ok := perProg[pk]
		if !ok {
			j = len(progs)
			perProg[pk] = j
			progs = append(progs, OverviewLine{Programme: it.ProgrammeTitle})
		}
		progs[j].Items++
		progs[j].Overdue += overdue
	}
	if len(goals) <= maxLines {
		o.Lines = goals
		return o
	}
	o.PerProgramme = true
	if len(progs) > maxLines {
		o.More = len(progs) - maxLines
		progs = progs[:maxLines]
	}
	o.Lines = progs
	return o
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
func capped(data any) any {
	switch d := data.(type) {
	case *RequestData:
		return capped(*d)
	case RequestData:
		d.Items, d.Overview = capItems(d.Items, d.FormURL)
		return d
	case *ReminderData:
		return capped(*d)
	case ReminderData:
		d.RequestPayload = capped(d.RequestPayload).(RequestData)
		d.Missing, d.MissingOverview = capItems(d.Missing, d.FormURL)
		return d
	case *DigestData:
		return capped(*d)
	case DigestData:
		d.Upcoming, d.UpcomingOverview = capItems(d.Upcoming, d.FormURL)
		d.Overdue, d.OverdueOverview = capItems(d.Overdue, d.FormURL)
		return d
	case *EscalationData:
		return capped(*d)
	case EscalationData:
		d.Missing, d.MoreMissing = capMissing(d.Missing)
		return d
	case *SummaryData:
		return capped(*d)
	case SummaryData:
		d.Missing, d.MoreMissing = capMissing(d.Missing)
		return d
	case *ConfirmationData:
		return capped(*d)
	case ConfirmationData:
		d.Recorded, d.RecordedOverview = capItems(d.Recorded, d.ChangeURL)
		return d
	}
	return data
}
