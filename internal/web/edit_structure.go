package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/timing"
)

// structureRoutes: retiring an action and adding one to a doel, both as proposals.
func (s *Server) structureRoutes(mux *http.ServeMux, edit func(http.HandlerFunc) http.Handler) {
	h := &structureHandler{s: s}
	mux.Handle("POST /acties/{ref}/intrekken", edit(h.retire))
	mux.Handle("POST /acties/{ref}/verplaatsen", edit(h.move))
	mux.Handle("POST /acties/{ref}/splitsen", edit(h.split))
	mux.Handle("GET /doelen/{goal}/nieuwe-actie", edit(h.addForm))
	mux.Handle("POST /doelen/{goal}/nieuwe-actie", edit(h.add))
	mux.Handle("GET /programma/{key}/nieuw-doel", edit(h.goalForm))
	mux.Handle("POST /programma/{key}/nieuw-doel", edit(h.addGoal))
	g := &goalHandler{s: s}
	mux.Handle("GET /doelen/{goal}/wijzigen", edit(g.show))
	mux.Handle("POST /doelen/{goal}/wijzigen", edit(g.submit))
	mux.Handle("GET /programma/{key}/eigenaren", edit(g.owners))
	mux.Handle("POST /programma/{key}/eigenaren", edit(g.submitOwners))
}

type structureHandler struct{ s *Server }

// retire proposes to take an action (or sub-action) out of the programme; its tasks become
// obsolete, answered ones keep their answers.
func (h *structureHandler) retire(w http.ResponseWriter, r *http.Request) {
	h.structural(w, r, "edit.retire.summary", true, func(src []byte, ref string) ([]byte, error) {
		return programme.RetireAction(src, ref)
	})
}

// move proposes to put an action one place up or down; its letter, and so its tasks, stay.
func (h *structureHandler) move(w http.ResponseWriter, r *http.Request) {
	delta, summary := 1, "edit.move.down.summary"
	if r.PostFormValue("richting") == "omhoog" {
		delta, summary = -1, "edit.move.up.summary"
	}
	h.structural(w, r, summary, false, func(src []byte, ref string) ([]byte, error) {
		return programme.MoveAction(src, ref, delta)
	})
}

// split proposes to turn an action into sub-actions (15a → 15a1, 15a2) with its text and
// cells, to be adjusted on their own pages afterwards.
func (h *structureHandler) split(w http.ResponseWriter, r *http.Request) {
	parts, err := strconv.Atoi(r.PostFormValue("delen"))
	if err != nil {
		parts = 2
	}
	h.structural(w, r, "edit.split.summary", true, func(src []byte, ref string) ([]byte, error) {
		return programme.SplitAction(src, ref, parts)
	})
}

// structural makes a proposal of a change to the programme's structure around one action.
// Mistakes (no reason, a move past the end, a split of a sub-action) are shown on the
// action's edit form.
func (h *structureHandler) structural(w http.ResponseWriter, r *http.Request, summaryKey string, needReason bool,
	change func(src []byte, ref string) ([]byte, error)) {
	s := h.s
	ed := &editHandler{s: s}
	a, ok := ed.load(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	lang := s.lang()
	reason := strings.TrimSpace(r.PostFormValue("reden"))
	// A refusal shows the action's form as it stands in the file; what was refused links to
	// the structure buttons.
	d := ed.form(r, a, loadedValues(a.Action))
	d.Errors = nil
	refuse := func(msgs ...string) {
		for _, m := range msgs {
			d.Errors = append(d.Errors, errorLink{Href: "#structuur", Text: m})
		}
		d.HasErrors = true
		s.render(w, r, http.StatusUnprocessableEntity, "edit", d)
	}
	if needReason && reason == "" {
		refuse(label("edit.structure.reason", lang))
		return
	}
	if reason == "" {
		reason = label(summaryKey, lang)
	}
	src, ok := s.current(w, r, a.Programme.Key)
	if !ok {
		return
	}
	out, err := change(src, a.Ref)
	if err != nil {
		refuse(changeError(err))
		return
	}
	s.propose(w, r, a.Programme.Key, out, a.Ref+": "+label(summaryKey, lang), reason, func(es programme.Errors) {
		msgs := make([]string, len(es))
		for i, e := range es {
			msgs[i] = e.Msg
		}
		refuse(msgs...)
	})
}

type addData struct {
	Page
	Letter, Text, Wie editField
	Owners            editField
	Cells             []editField
	editForm
	// NewGoal: the form adds a doel (after the last one) with this first action
	NewGoal            bool
	GoalTitle, Effects editField
}

func (h *structureHandler) goal(w http.ResponseWriter, r *http.Request) (*programme.Programme, *programme.Goal, bool) {
	n, err := strconv.Atoi(r.PathValue("goal"))
	if err == nil && h.s.deps.Proposals != nil {
		for _, p := range h.s.programmes() {
			for li := range p.Lines {
				for gi := range p.Lines[li].Goals {
					if g := &p.Lines[li].Goals[gi]; g.Number == n {
						return p, g, true
					}
				}
			}
		}
	}
	h.s.notFound(w, r)
	return nil, nil, false
}

// nextLetter is the first letter after the doel's last action.
func nextLetter(g *programme.Goal) string {
	last := byte('a' - 1)
	for _, a := range g.Actions {
		if len(a.Letter) == 1 && a.Letter[0] > last {
			last = a.Letter[0]
		}
	}
	if last >= 'z' {
		return ""
	}
	return string(last + 1)
}

func (h *structureHandler) addPage(r *http.Request, p *programme.Programme, g *programme.Goal, v map[string]string) addData {
	s := h.s
	lang := s.lang()
	win := timing.Window{From: p.Period.From.Time, To: p.Period.To.Time}
	d := addData{Page: s.boardPage(r, "", fmt.Sprintf(label("edit.add.title", lang), g.Number, g.Title)),
		editForm: newEditForm(fmt.Sprintf("/doelen/%d/nieuwe-actie", g.Number), v["reden"], lang)}
	d.MeaningHref, d.Preview = meaningHref(p.Key), true
	d.Letter = editField{ID: "letter", Name: "letter", Label: label("edit.add.letter", lang), Value: v["letter"]}
	d.Text = editField{ID: "tekst", Name: "tekst", Label: label("edit.text", lang), Value: v["tekst"]}
	d.Wie = editField{ID: "wie", Name: "wie", Label: label("edit.wie", lang), Value: v["wie"]}
	d.Owners = editField{ID: "eigenaren", Name: "eigenaren", Label: label("edit.owners", lang), Value: v["eigenaren"],
		Hint: fmt.Sprintf(label("edit.owners.hint", lang), strings.Join(p.OwnerKeys(), ", "))}
	if len(g.Actions) == 0 {
		d.NewGoal = true
		d.Page = s.boardPage(r, "", fmt.Sprintf(label("edit.goal.title", lang), g.Number, p.Title))
		d.Action = "/programma/" + p.Key + "/nieuw-doel"
		d.GoalTitle = editField{ID: "doel-titel", Name: "doel-titel", Label: label("edit.goal.name", lang), Value: v["doel-titel"]}
		d.Effects = editField{ID: "effecten", Name: "effecten", Label: label("edit.goal.effects", lang), Value: v["effecten"], Hint: label("edit.goal.effects.hint", lang)}
		if r.Method == http.MethodPost && strings.TrimSpace(v["doel-titel"]) == "" {
			d.fail(&d.GoalTitle, label("edit.goal.error.title", lang))
		}
	}
	for _, ph := range programme.Phases {
		id := "cel-" + string(ph)
		f := editField{ID: id, Name: id, Label: fmt.Sprintf(label("edit.cell", lang), ph.Column()), Value: v[id]}
		f.Meaning, f.OK = phraseMeaning(f.Value, win, lang)
		if !f.OK && r.Method == http.MethodPost {
			d.fail(&f, f.Meaning)
		}
		d.Cells = append(d.Cells, f)
	}
	if r.Method == http.MethodPost {
		if len(d.Letter.Value) != 1 || d.Letter.Value[0] < 'a' || d.Letter.Value[0] > 'z' {
			d.fail(&d.Letter, label("edit.add.error.letter", lang))
		}
		for _, a := range g.Actions {
			if a.Letter == d.Letter.Value {
				d.fail(&d.Letter, fmt.Sprintf(label("edit.add.error.taken", lang), g.Number, a.Letter))
			}
		}
		if strings.TrimSpace(d.Text.Value) == "" {
			d.fail(&d.Text, label("edit.add.error.text", lang))
		}
		owners := ownerList(d.Owners.Value)
		if len(owners) == 0 {
			d.fail(&d.Owners, label("edit.add.error.owners", lang))
		}
		for _, o := range owners {
			if _, ok := p.Owners[o]; !ok {
				d.fail(&d.Owners, fmt.Sprintf(label("edit.error.owner", lang), o))
			}
		}
		d.requireReason(lang)
	}
	return d
}

func (h *structureHandler) addForm(w http.ResponseWriter, r *http.Request) {
	p, g, ok := h.goal(w, r)
	if !ok {
		return
	}
	h.s.render(w, r, http.StatusOK, "add", h.addPage(r, p, g, map[string]string{"letter": nextLetter(g)}))
}

func (h *structureHandler) add(w http.ResponseWriter, r *http.Request) {
	s := h.s
	p, g, ok := h.goal(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	h.propose(w, r, p, g)
}

// newGoalOf is the doel a new-doel form adds: numbered after the last one, no actions yet.
func (h *structureHandler) newGoalOf(w http.ResponseWriter, r *http.Request) (*programme.Programme, *programme.Goal, bool) {
	for _, p := range h.s.programmes() {
		if p.Key == r.PathValue("key") && h.s.deps.Proposals != nil {
			return p, &programme.Goal{Number: p.LastGoal() + 1}, true
		}
	}
	h.s.notFound(w, r)
	return nil, nil, false
}

func (h *structureHandler) goalForm(w http.ResponseWriter, r *http.Request) {
	p, g, ok := h.newGoalOf(w, r)
	if !ok {
		return
	}
	h.s.render(w, r, http.StatusOK, "add", h.addPage(r, p, g, map[string]string{"letter": "a"}))
}

func (h *structureHandler) addGoal(w http.ResponseWriter, r *http.Request) {
	p, g, ok := h.newGoalOf(w, r)
	if !ok || !h.s.parseForm(w, r) {
		return
	}
	h.propose(w, r, p, g)
}

// propose reads the new-action (or new-doel) form and makes its proposal.
func (h *structureHandler) propose(w http.ResponseWriter, r *http.Request, p *programme.Programme, g *programme.Goal) {
	s := h.s
	v := map[string]string{}
	for _, k := range []string{"letter", "tekst", "wie", "eigenaren", "reden", "cel-plan", "cel-do", "cel-check", "cel-act", "doel-titel", "effecten"} {
		v[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	v["letter"] = strings.ToLower(v["letter"])
	d := h.addPage(r, p, g, v)
	if r.PostFormValue("knop") != "voorstellen" {
		d.Errors = nil
		for i := range d.Cells {
			if !d.Cells[i].OK {
				d.Cells[i].Error = d.Cells[i].Meaning
			}
		}
		d.Letter.Error, d.Text.Error, d.Owners.Error, d.Reason.Error = "", "", "", ""
		s.render(w, r, http.StatusOK, "add", d)
		return
	}
	refuse := func() {
		d.HasErrors = true
		s.render(w, r, http.StatusUnprocessableEntity, "add", d)
	}
	if len(d.Errors) > 0 {
		refuse()
		return
	}
	src, ok := s.current(w, r, p.Key)
	if !ok {
		return
	}
	act := programme.Action{Letter: v["letter"], Text: strings.Join(strings.Fields(v["tekst"]), " "),
		Wie: v["wie"], Owners: ownerList(v["eigenaren"]), Plan: v["cel-plan"], Do: v["cel-do"], Check: v["cel-check"], Act: v["cel-act"]}
	ref := strconv.Itoa(g.Number) + v["letter"]
	summary := ref + ": " + label("edit.add.summary", s.lang())
	var out []byte
	var err error
	if d.NewGoal {
		out, err = programme.AddGoal(src, programme.Goal{Number: g.Number, Title: strings.Join(strings.Fields(v["doel-titel"]), " "),
			Effects: splitParagraphs(v["effecten"]), Actions: []programme.Action{act}})
		summary = fmt.Sprintf(label("edit.goal.summary", s.lang()), g.Number)
	} else {
		out, err = programme.AddAction(src, g.Number, act)
	}
	if err != nil {
		s.fail(w, r, "add", err)
		return
	}
	s.propose(w, r, p.Key, out, summary, v["reden"], func(es programme.Errors) {
		d.Errors = append(d.Errors, fileErrors(es)...)
		refuse()
	})
}

// splitParagraphs reads one effect per line.
func splitParagraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
