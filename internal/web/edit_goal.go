package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/programme"
)

// goalHandler changes a doel's own fields (title, maatschappelijke effecten, notes) and the
// programme's owners (names, a group's members), as proposals like every other change.
// Neither changes the plan by itself: a doel keeps its number, an owner its key; removing an
// owner that an action or group still names is refused with the file's own error.
type goalHandler struct{ s *Server }

type goalData struct {
	Page
	GoalTitle, Effects, Notes editField
	editForm
}

func (h *goalHandler) goalPage(r *http.Request, p *programme.Programme, g *programme.Goal, title, effects, notes, reason string) goalData {
	lang := h.s.lang()
	d := goalData{Page: h.s.boardPage(r, "", fmt.Sprintf(label("goal.edit.title", lang), g.Number)),
		editForm: newEditForm(fmt.Sprintf("/doelen/%d/wijzigen", g.Number), reason, lang)}
	d.CrumbHref, d.CrumbText = "/programma/"+p.Key+"/versies", label("edit.versions.link", lang)
	d.GoalTitle = editField{ID: "doel-titel", Name: "doel-titel", Label: label("edit.goal.name", lang), Value: title}
	d.Effects = editField{ID: "effecten", Name: "effecten", Label: label("edit.goal.effects", lang), Value: effects, Hint: label("edit.goal.effects.hint", lang)}
	d.Notes = editField{ID: "doel-voetnoten", Name: "doel-voetnoten", Label: label("goal.edit.notes", lang), Value: notes, Hint: label("edit.notes.hint", lang)}
	return d
}

func (h *goalHandler) show(w http.ResponseWriter, r *http.Request) {
	p, g, ok := (&structureHandler{s: h.s}).goal(w, r)
	if !ok {
		return
	}
	h.s.render(w, r, http.StatusOK, "goal", h.goalPage(r, p, g, g.Title, strings.Join(g.Effects, "\n"), strings.Join(g.Notes, "\n\n"), ""))
}

func (h *goalHandler) submit(w http.ResponseWriter, r *http.Request) {
	s := h.s
	p, g, ok := (&structureHandler{s: s}).goal(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	lang := s.lang()
	title := strings.Join(strings.Fields(r.PostFormValue("doel-titel")), " ")
	d := h.goalPage(r, p, g, title, r.PostFormValue("effecten"), r.PostFormValue("doel-voetnoten"), strings.TrimSpace(r.PostFormValue("reden")))
	if title == "" {
		d.fail(&d.GoalTitle, label("edit.goal.error.title", lang))
	}
	d.requireReason(lang)
	refuse := func() {
		d.HasErrors = true
		s.render(w, r, http.StatusUnprocessableEntity, "goal", d)
	}
	if len(d.Errors) > 0 {
		refuse()
		return
	}
	src, ok := s.current(w, r, p.Key)
	if !ok {
		return
	}
	e := programme.GoalEdit{Number: g.Number, Title: title, Effects: splitParagraphs(d.Effects.Value), Notes: noteList(d.Notes.Value)}
	if title == strings.Join(strings.Fields(g.Title), " ") {
		e.Title = g.Title // only its line breaks differ
	}
	out, err := programme.EditGoal(src, e)
	if err != nil {
		d.fail(&d.GoalTitle, changeError(err))
		refuse()
		return
	}
	if string(out) == string(src) {
		d.Errors = append(d.Errors, errorLink{Href: "#doel-titel", Text: label("edit.error.nochange", lang)})
		refuse()
		return
	}
	var changed []string
	if e.Title != g.Title {
		changed = append(changed, "titel")
	}
	if !slices.Equal(e.Effects, g.Effects) {
		changed = append(changed, "effecten")
	}
	if !slices.Equal(e.Notes, g.Notes) {
		changed = append(changed, "voetnoten")
	}
	s.propose(w, r, p.Key, out, fmt.Sprintf("doel %d: %s", g.Number, strings.Join(changed, ", ")), d.Reason.Value, func(es programme.Errors) {
		d.Errors = append(d.Errors, errorLink{Href: "#doel-titel", Text: joinErrors(es)})
		refuse()
	})
}

type ownerRow struct {
	Key    string
	Name   editField
	Remove checkField
	Group  string // the members of a group as the file has them; "" for an owner that is no group
	// Members is a group's fieldset of member checkboxes (its legend and error), Choices its
	// boxes: every owner that is no group, and any member the file already has.
	Members editField
	Choices []memberChoice
	// Differs says, for a group whose members in the configuration differ from the file's,
	// that status requests follow the configuration and which members are on one side only.
	Differs string
}

// memberChoice is one checkbox of a group's members; all of a group's boxes post under the
// name of its Members field, each with an owner key as value.
type memberChoice struct {
	ID, Key, Label string
	Checked        bool
}

type ownersData struct {
	Page
	Owners          []ownerRow
	NewKey, NewName editField
	editForm
}

func (h *goalHandler) programme(w http.ResponseWriter, r *http.Request) (*programme.Programme, bool) {
	for _, p := range h.s.programmes() {
		if p.Key == r.PathValue("key") && h.s.deps.Proposals != nil {
			return p, true
		}
	}
	h.s.notFound(w, r)
	return nil, false
}

func (h *goalHandler) ownersPage(r *http.Request, p *programme.Programme, post bool) ownersData {
	lang := h.s.lang()
	var reason string
	if post {
		reason = strings.TrimSpace(r.PostFormValue("reden"))
	}
	d := ownersData{Page: h.s.boardPage(r, "", fmt.Sprintf(label("owners.title", lang), p.Title)),
		editForm: newEditForm("/programma/"+p.Key+"/eigenaren", reason, lang)}
	d.CrumbHref, d.CrumbText, d.Intro = "/programma/"+p.Key+"/versies", label("edit.versions.link", lang), label("owners.intro", lang)
	differs := map[string]config.GroupDifference{}
	for _, g := range h.s.deps.Config.CheckGroups(p.File, p.Groups()) {
		differs[g.Group] = g
	}
	for _, k := range p.OwnerKeys() {
		o := p.Owners[k]
		name := o.Name
		if post {
			name = strings.TrimSpace(r.PostFormValue("eigenaar-" + k + "-naam"))
		}
		row := ownerRow{Key: k, Name: editField{ID: "eigenaar-" + k + "-naam", Name: "eigenaar-" + k + "-naam", Label: fmt.Sprintf(label("owners.name", lang), k), Value: name},
			Remove: checkField{ID: "eigenaar-" + k + "-verwijderen", Label: fmt.Sprintf(label("owners.remove", lang), k), Checked: post && r.PostFormValue("eigenaar-"+k+"-verwijderen") != ""}}
		if len(o.Members) > 0 {
			row.Group = fmt.Sprintf(label("owners.group", lang), strings.Join(o.Members, ", "))
			row.Name.Hint = row.Group
			row.Members, row.Choices = memberChoices(r, p, k, post, lang)
			if g, ok := differs[k]; ok {
				row.Differs = groupNotice(g, lang)
			}
		}
		d.Owners = append(d.Owners, row)
	}
	var nk, nn string
	if post {
		nk, nn = strings.ToLower(strings.TrimSpace(r.PostFormValue("nieuwe-eigenaar-sleutel"))), strings.TrimSpace(r.PostFormValue("nieuwe-eigenaar-naam"))
	}
	d.NewKey = editField{ID: "nieuwe-eigenaar-sleutel", Name: "nieuwe-eigenaar-sleutel", Label: label("owners.new.key", lang), Value: nk, Hint: label("edit.new.key.hint", lang)}
	d.NewName = editField{ID: "nieuwe-eigenaar-naam", Name: "nieuwe-eigenaar-naam", Label: label("owners.new.name", lang), Value: nn}
	return d
}

// groupNotice tells the coordinator that the configuration's group g, which decides who is
// asked for status, has other members than the file.
func groupNotice(g config.GroupDifference, lang string) string {
	parts := []string{fmt.Sprintf(label("owners.config.differs", lang), g.ConfigKey())}
	if len(g.OnlyProgramme) > 0 {
		parts = append(parts, fmt.Sprintf(label("owners.config.file", lang), strings.Join(g.OnlyProgramme, ", ")))
	}
	if len(g.OnlyConfig) > 0 {
		parts = append(parts, fmt.Sprintf(label("owners.config.only", lang), strings.Join(g.OnlyConfig, ", ")))
	}
	return strings.Join(append(parts, label("owners.config.ask", lang)), " ")
}

// memberChoices are the fieldset and the checkboxes of group key's members: ticked as the
// file has them, or as posted.
func memberChoices(r *http.Request, p *programme.Programme, key string, post bool, lang string) (editField, []memberChoice) {
	f := editField{ID: "eigenaar-" + key + "-leden", Name: "eigenaar-" + key + "-leden", Label: fmt.Sprintf(label("owners.members", lang), key),
		Hint: label("owners.members.hint", lang)}
	current := p.Owners[key].Members
	var cs []memberChoice
	for _, m := range p.OwnerKeys() {
		if m == key || (len(p.Owners[m].Members) > 0 && !slices.Contains(current, m)) {
			continue
		}
		checked := slices.Contains(current, m)
		if post {
			checked = slices.Contains(r.PostForm[f.Name], m)
		}
		cs = append(cs, memberChoice{ID: "eigenaar-" + key + "-lid-" + m, Key: m, Label: p.Owners[m].Name + " (" + m + ")", Checked: checked})
	}
	return f, cs
}

// postedMembers checks the members posted for group o and returns them as the group's new
// list: the members it keeps in their order, then the new ones in the order of the boxes (all
// sorted when the file has them sorted). It marks the field and returns nil when a member is
// not a declared owner, is the group itself or another group, or when none is left. changed
// is false when the group keeps exactly its members.
func (d *ownersData) postedMembers(r *http.Request, p *programme.Programme, o *ownerRow, lang string) (members []string, changed bool) {
	posted := r.PostForm[o.Members.Name]
	current := p.Owners[o.Key].Members
	for _, m := range posted {
		owner, declared := p.Owners[m]
		switch {
		case m == o.Key:
			d.failMembers(o, label("owners.error.members.self", lang))
		case !declared:
			d.failMembers(o, fmt.Sprintf(label("edit.error.owner", lang), m))
		case len(owner.Members) > 0 && !slices.Contains(current, m):
			d.failMembers(o, fmt.Sprintf(label("owners.error.members.group", lang), m))
		default:
			continue
		}
		return nil, false
	}
	if len(posted) == 0 {
		d.failMembers(o, label("owners.error.members.empty", lang))
		return nil, false
	}
	for _, m := range current {
		if slices.Contains(posted, m) {
			members = append(members, m)
		}
	}
	for _, c := range o.Choices {
		if slices.Contains(posted, c.Key) && !slices.Contains(members, c.Key) {
			members = append(members, c.Key)
		}
	}
	if slices.IsSorted(current) {
		slices.Sort(members) // a list kept in order stays in order
	}
	return members, !slices.Equal(members, current)
}

// failMembers marks group o's members with msg; the summary links to its first box.
func (d *ownersData) failMembers(o *ownerRow, msg string) {
	d.fail(&o.Members, msg)
	if len(o.Choices) > 0 {
		d.Errors[len(d.Errors)-1].Href = "#" + o.Choices[0].ID
	}
}

// membersSummary says what changed in a group's members, for the proposal's summary.
func membersSummary(key string, old, now []string, lang string) string {
	var parts []string
	for _, m := range old {
		if !slices.Contains(now, m) {
			parts = append(parts, fmt.Sprintf(label("owners.summary.out", lang), m))
		}
	}
	for _, m := range now {
		if !slices.Contains(old, m) {
			parts = append(parts, fmt.Sprintf(label("owners.summary.in", lang), m))
		}
	}
	return fmt.Sprintf(label("owners.summary.members", lang), key) + " (" + strings.Join(parts, ", ") + ")"
}

func (h *goalHandler) owners(w http.ResponseWriter, r *http.Request) {
	p, ok := h.programme(w, r)
	if !ok {
		return
	}
	h.s.render(w, r, http.StatusOK, "owners", h.ownersPage(r, p, false))
}

func (h *goalHandler) submitOwners(w http.ResponseWriter, r *http.Request) {
	s := h.s
	p, ok := h.programme(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	lang := s.lang()
	d := h.ownersPage(r, p, true)
	refuse := func() {
		d.HasErrors = true
		s.render(w, r, http.StatusUnprocessableEntity, "owners", d)
	}
	members := map[string][]string{} // the groups whose members change
	for i := range d.Owners {
		o := &d.Owners[i]
		if o.Name.Value == "" && !o.Remove.Checked {
			d.fail(&o.Name, label("edit.error.name", lang))
		}
		if o.Group != "" && !o.Remove.Checked {
			if ms, changed := d.postedMembers(r, p, o, lang); changed {
				members[o.Key] = ms
			}
		}
	}
	if k := d.NewKey.Value; k != "" {
		if !partKey.MatchString(k) {
			d.fail(&d.NewKey, label("edit.error.key", lang))
		} else if _, taken := p.Owners[k]; taken {
			d.fail(&d.NewKey, fmt.Sprintf(label("owners.error.taken", lang), k))
		}
		if d.NewName.Value == "" {
			d.fail(&d.NewName, label("edit.error.name", lang))
		}
	}
	d.requireReason(lang)
	if len(d.Errors) > 0 {
		refuse()
		return
	}
	src, ok := s.current(w, r, p.Key)
	if !ok {
		return
	}
	out := src
	var err error
	var changed []string
	for i := range d.Owners {
		o := &d.Owners[i]
		if ms, ok := members[o.Key]; ok {
			if out, err = programme.SetMembers(out, o.Key, ms); err != nil {
				d.failMembers(o, changeError(err))
				refuse()
				return
			}
			changed = append(changed, membersSummary(o.Key, p.Owners[o.Key].Members, ms, lang))
		}
		switch {
		case o.Remove.Checked:
			out, err = programme.RemoveOwner(out, o.Key)
			changed = append(changed, o.Key+" weg")
		case o.Name.Value != p.Owners[o.Key].Name:
			out, err = programme.SetOwner(out, o.Key, o.Name.Value)
			changed = append(changed, o.Key)
		}
		if err != nil {
			d.fail(&o.Name, changeError(err))
			refuse()
			return
		}
	}
	if d.NewKey.Value != "" {
		if out, err = programme.SetOwner(out, d.NewKey.Value, d.NewName.Value); err != nil {
			d.fail(&d.NewName, changeError(err))
			refuse()
			return
		}
		changed = append(changed, d.NewKey.Value+" erbij")
	}
	if string(out) == string(src) {
		d.Errors = append(d.Errors, errorLink{Href: "#nieuwe-eigenaar-sleutel", Text: label("edit.error.nochange", lang)})
		refuse()
		return
	}
	s.propose(w, r, p.Key, out, label("owners.summary", lang)+": "+strings.Join(changed, ", "), d.Reason.Value, func(es programme.Errors) {
		d.Errors = append(d.Errors, errorLink{Href: "#eigenaren", Text: joinErrors(es)})
		refuse()
	})
}
