package report

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/actionstatus"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
)

// Build reads the tasks, contacts and answers of in.Period from the store and assembles the
// draft. It only reads.
func Build(ctx context.Context, in Input) (*Draft, error) {
	if in.Store == nil || in.Programme == nil {
		return nil, errors.New("report: store en programma zijn verplicht")
	}
	period, err := config.ParsePeriod(in.Period)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	from, to := period.Start(), period.End()
	p := in.Programme
	b := &builder{in: in, p: p, lx: words(in.Lang), from: from, to: to,
		tasks:     map[string][]store.TaskRow{},
		responses: map[string][]store.Response{},
		byTask:    map[string][]store.Response{},
		contacts:  map[string]store.Contact{},
		byOwner:   map[string][]store.Contact{},
		indicator: map[string]map[string]map[string]store.Response{},
	}
	tasks, err := in.Store.Tasks(ctx, store.TaskFilter{Programme: p.Key, DueFrom: from, DueTo: to})
	if err != nil {
		return nil, fmt.Errorf("report: taken: %w", err)
	}
	for _, t := range tasks {
		b.tasks[t.Ref()] = append(b.tasks[t.Ref()], t)
	}
	contacts, err := in.Store.Contacts(ctx)
	if err != nil {
		return nil, fmt.Errorf("report: contactpersonen: %w", err)
	}
	for _, c := range contacts {
		b.contacts[c.Key] = c
		for _, o := range c.Owners {
			b.byOwner[o] = append(b.byOwner[o], c)
		}
	}
	b.periods = halfYears(p.Period.From.Time, period)
	if !containsString(b.periods, in.Period) {
		b.periods = append(b.periods, in.Period)
	}
	for _, period := range b.periods {
		rs, err := in.Store.LatestResponses(ctx, period, "")
		if err != nil {
			return nil, fmt.Errorf("report: reacties %s: %w", period, err)
		}
		b.collectIndicators(period, rs)
		if period != in.Period {
			continue
		}
		for _, r := range rs {
			ref, ok := b.actionRef(r)
			if !ok {
				continue
			}
			b.responses[ref] = append(b.responses[ref], r)
			if r.RefKind == store.RefTask {
				b.byTask[r.Ref] = append(b.byTask[r.Ref], r)
			}
		}
	}
	for _, rs := range b.responses {
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].CreatedAt.Before(rs[j].CreatedAt) })
	}
	return b.draft(), nil
}

type builder struct {
	in       Input
	p        *programme.Programme
	lx       *lexicon
	from, to time.Time
	periods  []string

	tasks     map[string][]store.TaskRow  // action ref → tasks due in the period
	responses map[string][]store.Response // action ref → answers in the period, oldest first
	byTask    map[string][]store.Response // task key → answers
	contacts  map[string]store.Contact
	byOwner   map[string][]store.Contact
	// indicator: period → indicator key → contact → newest answer carrying the key.
	indicator map[string]map[string]map[string]store.Response

	overview []OverviewRow
	missing  []MissingAnswer
}

// actionRef finds the action an answer is about: an action answer's Ref is
// "<programme>/<ref>" (or just "<ref>"), a task answer's Ref is the task key
// "<programme>/<ref>/<phase>/<dates>".
func (b *builder) actionRef(r store.Response) (string, bool) {
	parts := strings.Split(r.Ref, "/")
	switch r.RefKind {
	case store.RefAction:
		if len(parts) == 1 {
			return parts[0], parts[0] != ""
		}
		return parts[len(parts)-1], parts[0] == b.p.Key
	case store.RefTask:
		if len(parts) >= 2 && parts[0] == b.p.Key {
			return parts[1], true
		}
	}
	return "", false
}

func (b *builder) collectIndicators(period string, rs []store.Response) {
	m := map[string]map[string]store.Response{}
	for _, r := range rs {
		if r.RefKind == store.RefTask || r.RefKind == store.RefAction {
			if _, ok := b.actionRef(r); !ok {
				continue
			}
		}
		for k, v := range r.Indicators {
			if strings.TrimSpace(v) == "" {
				continue
			}
			if m[k] == nil {
				m[k] = map[string]store.Response{}
			}
			if old, ok := m[k][r.ContactKey]; !ok || r.CreatedAt.After(old.CreatedAt) {
				m[k][r.ContactKey] = r
			}
		}
	}
	b.indicator[period] = m
}

func (b *builder) contactName(key string) string {
	if n := b.in.Contacts[key]; n != "" {
		return n
	}
	if c, ok := b.contacts[key]; ok && c.Name != "" {
		return c.Name
	}
	return key
}

func (b *builder) ownerName(key string) string {
	if o, ok := b.p.Owners[key]; ok && o.Name != "" {
		return o.Name
	}
	return key
}

// expand returns the owner itself, or the members of a group owner (gemeenten).
func (b *builder) expand(owner string) []string {
	if o, ok := b.p.Owners[owner]; ok && len(o.Members) > 0 {
		return o.Members
	}
	return []string{owner}
}

// answersFor reports the owner of the action a contact answers for, or "".
func (b *builder) answersFor(contact string, owners []string) string {
	c, ok := b.contacts[contact]
	if !ok {
		return ""
	}
	for _, o := range owners {
		for _, m := range b.expand(o) {
			if containsString(c.Owners, m) {
				return m
			}
		}
	}
	return ""
}

func (b *builder) draft() *Draft {
	p, in, lx := b.p, b.in, b.lx
	d := &Draft{
		Lang:         lx.lang,
		Title:        fmt.Sprintf(lx.draftTitle, p.Title),
		Programme:    p.Title,
		ProgrammeKey: p.Key,
		Organisation: p.Organisation,
		Period:       in.Period,
		PeriodLabel:  lx.periodWords(in.Period),
		PeriodFrom:   b.from,
		PeriodTo:     b.to,
		Meeting:      in.Meeting,
		Deadline:     in.Deadline,
		Created:      in.Now,
	}
	for _, l := range p.Lines {
		lr := LineReport{Number: l.Number, Title: l.Title}
		var lc StatusCounts
		actions := 0
		for _, g := range l.Goals {
			gr := GoalReport{Number: g.Number, Title: g.Title, Effects: g.Effects}
			for _, a := range g.Actions {
				actions++
				var ar ActionReport
				if len(a.SubActions) == 0 {
					ar = b.leaf(g.Number, a, a.Owners, &lc)
				} else {
					ar = ActionReport{Ref: strconv.Itoa(g.Number) + a.Letter, Text: a.Text, Wie: a.Wie,
						Owners: b.ownerNames(a.Owners)}
					if len(a.Owners) > 0 {
						ar.Lead = b.ownerName(a.Owners[0])
					}
					for _, s := range a.SubActions {
						ar.Subs = append(ar.Subs, b.leaf(g.Number, s, s.Owners, &lc))
					}
				}
				gr.Actions = append(gr.Actions, ar)
			}
			lr.Goals = append(lr.Goals, gr)
		}
		lr.Intro = lx.lineIntro(l, actions, lc, lx.period(in.Period), lx.summary)
		lr.MeetingIntro = lx.lineIntro(l, actions, lc, lx.period(in.Period), lx.outsideSummary)
		d.Counts.add(lc)
		d.Lines = append(d.Lines, lr)
	}
	d.Overview, d.Missing = b.overview, b.missing
	d.Intro = b.intro(d, lx.summary)
	mi := b.intro(d, lx.outsideSummary)
	d.MeetingIntro = &mi
	d.Sections = []Section{
		{Key: SectionLandelijk, Title: lx.landelijk, Markdown: strings.TrimSpace(in.Sections[SectionLandelijk])},
		{Key: SectionInkoop, Title: lx.inkoop, Markdown: strings.TrimSpace(in.Sections[SectionInkoop])},
	}
	if in.Previous != nil {
		d.PreviousPeriod = in.Previous.Period
		d.Changes = changes(lx, in.Previous, d)
		carryOver(in.Previous, d)
	}
	return d
}

func (b *builder) ownerNames(keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, b.ownerName(k))
	}
	return out
}

// leaf builds the report of an action without sub-actions (or of one sub-action).
func (b *builder) leaf(goal int, a programme.Action, owners []string, lc *StatusCounts) ActionReport {
	ref := strconv.Itoa(goal) + a.Letter
	ar := ActionReport{Ref: ref, Text: a.Text, Wie: a.Wie, Owners: b.ownerNames(owners)}
	var leadOwners []string
	if len(owners) > 0 {
		ar.Lead = b.ownerName(owners[0])
		leadOwners = b.expand(owners[0])
	}
	tasks := append([]store.TaskRow(nil), b.tasks[ref]...)
	ar.Expected = len(tasks) > 0
	rs := b.responses[ref]

	// The one status rule of the programme (package actionstatus): the lead's answer, else
	// the worst of the contributors'.
	var given []actionstatus.Answer
	for _, r := range rs {
		given = append(given, actionstatus.Answer{Contact: r.ContactKey, Owners: b.contacts[r.ContactKey].Owners,
			Status: r.Status, At: r.CreatedAt})
	}
	st := actionstatus.Of(leadOwners, given)
	ar.Status = st.Code
	answeredOwner := map[string]bool{}
	for _, o := range st.LeadAnswered {
		answeredOwner[o] = true
	}
	ar.StatusText = b.lx.status(ar.Status)
	if ar.Status == "" && !ar.Expected {
		ar.StatusText = b.lx.noMilestone
	}

	sort.SliceStable(tasks, func(i, j int) bool {
		di, dj := tasks[i].EffectiveDue(), tasks[j].EffectiveDue()
		if !di.Equal(dj) {
			return di.Before(dj)
		}
		return phaseOrder(tasks[i].Phase) < phaseOrder(tasks[j].Phase)
	})
	for _, t := range tasks {
		m := Milestone{Due: t.EffectiveDue(), Phase: t.Phase}
		if t.Kind == planner.ContractMeeting {
			m.Title = t.Title
			// The planner names a meeting "Contractgesprek <service>"; the service is content.
			if service, ok := strings.CutPrefix(t.Title, i18n.PhaseLabel(i18n.PhaseContract, i18n.Dutch)+" "); ok {
				m.Title = i18n.PhaseLabel(i18n.PhaseContract, b.lx.lang) + " " + service
			}
			m.Reached = !m.Due.After(b.in.Now)
			ar.Meetings = append(ar.Meetings, m)
			continue
		}
		m.Title = i18n.PhaseLabel(t.Phase, b.lx.lang)
		if parts := strings.Split(t.Key, "/"); len(parts) > 2 && strings.HasPrefix(parts[2], "cadans-") {
			if _, name, ok := strings.Cut(t.Title, ": "); ok {
				m.Title += " (" + name + ")"
			}
		}
		m.Reached = b.reached(t, ar.Status)
		if m.Reached {
			ar.Reached = append(ar.Reached, m)
		} else {
			ar.Open = append(ar.Open, m)
		}
	}

	for _, r := range rs {
		code := statusCode(r.Status)
		ans := Answer{
			Owner:      b.ownerName(b.answersFor(r.ContactKey, owners)),
			Status:     code,
			StatusText: b.lx.status(code),
			Paragraphs: paragraphs(r.Toelichting),
			Approved:   r.Approved,
			Trace:      Trace{Contact: b.contactName(r.ContactKey), At: r.CreatedAt, Source: r.Source},
		}
		if code == "" {
			ans.StatusText = strings.TrimSpace(r.Status)
		}
		if ans.Owner == "" {
			ans.Owner = ans.Trace.Contact
		}
		if len(ans.Paragraphs) == 0 && ans.StatusText == "" {
			continue
		}
		ar.Answers = append(ar.Answers, ans)
	}
	leadName := ar.Lead
	sort.SliceStable(ar.Answers, func(i, j int) bool {
		ai, aj := ar.Answers[i], ar.Answers[j]
		if (ai.Owner == leadName) != (aj.Owner == leadName) {
			return ai.Owner == leadName
		}
		if ai.Owner != aj.Owner {
			return ai.Owner < aj.Owner
		}
		return ai.Trace.At.Before(aj.Trace.At)
	})

	for _, ind := range a.Indicators {
		ar.Indicators = append(ar.Indicators, b.indicatorReport(ind))
	}

	// Counts, overview and missing answers.
	if ar.Expected || ar.Status != "" {
		lc.count(ar.Status)
	}
	b.overview = append(b.overview, OverviewRow{Ref: ref, Text: planner.Shorten(a.Text, 90), Lead: ar.Lead,
		Status: ar.Status, StatusText: ar.StatusText})
	if ar.Expected {
		for _, o := range leadOwners {
			if answeredOwner[o] {
				continue
			}
			var names []string
			for _, c := range b.byOwner[o] {
				names = append(names, b.contactName(c.Key))
			}
			b.missing = append(b.missing, MissingAnswer{Ref: ref, Text: planner.Shorten(a.Text, 70),
				Owner: b.ownerName(o), Contact: b.lx.join(names)})
		}
	}
	return ar
}

// reached decides whether a milestone of the period was reached: its own answer (or the
// coordinator) says gereed, or it is past and was answered with progress.
func (b *builder) reached(t store.TaskRow, actionStatus string) bool {
	if statusCode(t.StatusOverride) == i18n.StatusDone {
		return true
	}
	rs := b.byTask[t.Key]
	for _, r := range rs {
		if statusCode(r.Status) == i18n.StatusDone {
			return true
		}
	}
	if t.EffectiveDue().After(b.in.Now) {
		return false
	}
	progress := func(code string) bool { return code == i18n.StatusOnTrack || code == i18n.StatusDone }
	if len(rs) > 0 {
		return progress(statusCode(rs[len(rs)-1].Status))
	}
	return progress(actionStatus)
}

func (b *builder) indicatorReport(ind programme.Indicator) IndicatorReport {
	ir := IndicatorReport{Key: ind.Key, Name: ind.Name, Unit: ind.Unit, Target: ind.Target, Per: ind.Per, Note: ind.Note}
	for _, period := range b.periods {
		v := IndicatorValue{Period: period, Label: b.lx.periodWords(period)}
		byContact := b.indicator[period][ind.Key]
		keys := make([]string, 0, len(byContact))
		for k := range byContact {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			raw := strings.TrimSpace(byContact[k].Indicators[ind.Key])
			if n, ok := parseNumber(raw); ok {
				v.Value += n
				v.Known = true
			} else {
				v.Texts = append(v.Texts, raw)
			}
		}
		ir.Values = append(ir.Values, v)
		if period == b.in.Period {
			for _, k := range keys {
				r := byContact[k]
				owner := k
				if c, ok := b.contacts[k]; ok && len(c.Owners) > 0 {
					owner = b.ownerName(c.Owners[0])
				}
				ir.Parts = append(ir.Parts, IndicatorPart{Owner: owner, Value: strings.TrimSpace(r.Indicators[ind.Key]), At: r.CreatedAt})
			}
			sort.SliceStable(ir.Parts, func(i, j int) bool { return ir.Parts[i].Owner < ir.Parts[j].Owner })
		}
	}
	return ir
}

func (c *StatusCounts) count(code string) {
	c.Actions++
	switch code {
	case i18n.StatusOnTrack:
		c.OnTrack++
	case i18n.StatusDelayed:
		c.Delayed++
	case i18n.StatusDone:
		c.Done++
	case i18n.StatusNotStarted:
		c.NotStarted++
	case i18n.StatusCancelled:
		c.Cancelled++
	default:
		c.NoAnswer++
	}
}

func (c *StatusCounts) add(o StatusCounts) {
	c.Actions += o.Actions
	c.OnTrack += o.OnTrack
	c.Delayed += o.Delayed
	c.Done += o.Done
	c.NotStarted += o.NotStarted
	c.Cancelled += o.Cancelled
	c.NoAnswer += o.NoAnswer
}

// lineIntro is the paragraph under a programmalijn's heading.
func (lx *lexicon) lineIntro(l programme.Line, actions int, c StatusCounts, periodPhrase string, summary func(StatusCounts) string) string {
	s := fmt.Sprintf(lx.lineFacts, l.Title, lx.count(len(l.Goals), lx.goalNoun), lx.count(actions, lx.actionNoun))
	if c.Actions == 0 {
		return s + fmt.Sprintf(lx.lineNoMilestone, periodPhrase)
	}
	return s + fmt.Sprintf(lx.lineReported, periodPhrase, lx.count(c.Actions, lx.actionNoun), summary(c))
}

func (b *builder) intro(d *Draft, summary func(StatusCounts) string) Intro {
	p, lx := b.p, b.lx
	n := p.Count()
	var in Intro
	in.Paragraphs = append(in.Paragraphs,
		fmt.Sprintf(lx.introAbout, p.Title, p.Organisation, lx.period(d.Period), lx.date(b.from), lx.date(b.to)))
	if !d.Meeting.IsZero() {
		in.Paragraphs[0] += fmt.Sprintf(lx.introMeeting, lx.date(d.Meeting))
	}
	in.Paragraphs = append(in.Paragraphs, fmt.Sprintf(lx.introStructure,
		lx.count(len(p.Lines), lx.lineNoun), lx.count(n.Goals, lx.goalNoun), lx.actionCount(n),
		lx.number(len(p.Lines))+" "+lx.lineNoun[1]))
	for _, l := range p.Lines {
		in.Lines = append(in.Lines, l.Title)
	}
	in.Closing = append(in.Closing, lx.introMethod)
	c := d.Counts
	if c.Actions > 0 {
		in.Closing = append(in.Closing, fmt.Sprintf(lx.introCounts, lx.period(d.Period),
			lx.count(c.Actions, lx.actionNoun), summary(c)))
	}
	in.Closing = append(in.Closing, lx.introFinance)
	return in
}

func (lx *lexicon) actionCount(n programme.Counts) string {
	s := lx.count(n.Actions, lx.actionNoun)
	if n.SubActions > 0 {
		s += " " + lx.and + " " + lx.count(n.SubActions, lx.subActionNoun)
	}
	return s
}

// changes lists the actions whose status differs from the previous draft.
func changes(lx *lexicon, prev, cur *Draft) []Change {
	before := map[string]string{}
	for _, a := range leaves(prev) {
		before[a.Ref] = a.Status
	}
	var out []Change
	for _, a := range leaves(cur) {
		old, ok := before[a.Ref]
		// A first answer is not a change: only a status that moved from one value to another.
		if !ok || old == "" || a.Status == "" || a.Status == old {
			continue
		}
		out = append(out, Change{Ref: a.Ref, Text: planner.Shorten(a.Text, 90), From: old, To: a.Status,
			FromText: lx.status(old), ToText: lx.status(a.Status)})
	}
	return out
}

// carryOver puts the approved text of each action in the previous draft into the new one, as
// the starting point the seed's reports use ("zoals verwoord in de vorige
// voortgangsrapportage").
func carryOver(prev, cur *Draft) {
	text := map[string][]string{}
	for _, a := range leaves(prev) {
		for _, ans := range a.Answers {
			if ans.Approved {
				text[a.Ref] = append(text[a.Ref], ans.Paragraphs...)
			}
		}
	}
	for li := range cur.Lines {
		for gi := range cur.Lines[li].Goals {
			acts := cur.Lines[li].Goals[gi].Actions
			for ai := range acts {
				acts[ai].Previous = text[acts[ai].Ref]
				for si := range acts[ai].Subs {
					acts[ai].Subs[si].Previous = text[acts[ai].Subs[si].Ref]
				}
			}
		}
	}
}

// reported tells whether the action (or one of its sub-actions) has something to report in
// the period: a status or an answer. The meeting's version lists the others in one line.
func reported(a ActionReport) bool {
	if len(a.Subs) > 0 {
		for _, s := range a.Subs {
			if reported(s) {
				return true
			}
		}
		return false
	}
	return a.Status != "" || len(a.Answers) > 0
}

// leaves lists the actions that carry a status: actions without sub-actions, and sub-actions.
func leaves(d *Draft) []ActionReport {
	var out []ActionReport
	for _, l := range d.Lines {
		for _, g := range l.Goals {
			for _, a := range g.Actions {
				if len(a.Subs) == 0 {
					out = append(out, a)
				}
				out = append(out, a.Subs...)
			}
		}
	}
	return out
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// phaseOrder sorts milestones of one day in PDCA order.
func phaseOrder(phase string) int {
	for i, p := range programme.Phases {
		if string(p) == phase {
			return i
		}
	}
	return len(programme.Phases)
}
