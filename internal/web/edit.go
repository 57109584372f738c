package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/timing"
)

// editHandler serves the form that changes one action: its text, wie, owners, PDCA cells,
// footnotes, the owners and rhythm of its cadences and its contract meetings. Every planning
// phrase is shown with what it means (or timing's exact error) beside it; the "update
// meanings" button re-renders the form without saving, so this works without JavaScript.
// Submitting makes a proposal (internal/proposal), never a change: the coordinator sees its
// plan diff next and confirms it there.
type editHandler struct{ s *Server }

type editField struct {
	ID, Name, Label, Value string
	Meaning                string
	OK                     bool   // the phrase parses
	Error                  string // what must be mended, shown with the field
	Hint                   string
}

// DescribedBy is the aria-describedby of the field's input.
func (f editField) DescribedBy() string {
	var ids []string
	if f.OK {
		ids = append(ids, f.ID+"-betekenis")
	}
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-fout")
	}
	return strings.Join(ids, " ")
}

type editIndicator struct {
	Key                     string
	Name, Unit, Target, Per editField
	Remove                  checkField
}

// parseFormDate reads a date field (yyyy-mm-dd, as <input type="date"> sends it).
func parseFormDate(s string) (programme.Date, bool) {
	var d programme.Date
	if err := d.UnmarshalText([]byte(strings.TrimSpace(s))); err != nil {
		return d, false
	}
	return d, true
}

type editCadence struct {
	Key, Name      string
	Phrase, Owners editField
	Remove         checkField
}

type editData struct {
	Page
	Ref, Base         string
	Text, Wie, Owners editField
	Notes             editField
	Cells             []editField
	Cadences          []editCadence
	Meetings          *editField
	Service           editField
	HasContract       bool
	RemoveContract    checkField
	NewIndicator      newIndicatorFields
	NewCadence        newCadenceFields
	GoalHref          string // the doel's own fields
	Provider          editField
	Start, Years      editField
	Indicators        []editIndicator
	editForm
	VersionsHref string
	AddHref      string // a new action in the same doel
}

func (h *editHandler) load(w http.ResponseWriter, r *http.Request) (actionInfo, bool) {
	a, ok := h.s.findAction(r.PathValue("ref"))
	if !ok || h.s.deps.Proposals == nil {
		h.s.notFound(w, r)
		return a, false
	}
	return a, true
}

func (h *editHandler) show(w http.ResponseWriter, r *http.Request) {
	a, ok := h.load(w, r)
	if !ok {
		return
	}
	h.s.render(w, r, http.StatusOK, "edit", h.form(r, a, loadedValues(a.Action)))
}

// loadedValues are the form's fields as the action stands in the file.
func loadedValues(act programme.Action) formValues {
	return formValues{loaded: true, text: act.Text, wie: act.Wie, owners: strings.Join(act.Owners, ", "),
		cells: map[programme.Phase]string{programme.Plan: act.Plan, programme.Do: act.Do, programme.Check: act.Check, programme.Act: act.Act},
		notes: strings.Join(act.Notes, "\n\n"), cadPhrase: map[string]string{}, cadOwners: map[string]string{}, meetings: meetingsOf(act),
		indicators: map[string][4]string{}}
}

func meetingsOf(a programme.Action) string {
	if a.Contract == nil {
		return ""
	}
	return a.Contract.Meetings
}

// formValues are the form's fields as typed, or as loaded from the file.
type formValues struct {
	loaded                                     bool // as in the file: the cadences, indicators and contract come from the action
	text, wie, owners, notes, reason, meetings string
	provider, start, years, service            string
	removeContract                             bool
	removeInd, removeCad                       map[string]bool
	newInd, newCad                             [5]string // key, name, unit/phrase, target/phase, per/owners
	cells                                      map[programme.Phase]string
	cadPhrase, cadOwners                       map[string]string
	indicators                                 map[string][4]string // name, unit, target, per
}

func readForm(r *http.Request, a programme.Action) formValues {
	v := formValues{text: r.PostFormValue("tekst"), wie: r.PostFormValue("wie"), owners: r.PostFormValue("eigenaren"),
		notes: r.PostFormValue("voetnoten"), reason: strings.TrimSpace(r.PostFormValue("reden")),
		meetings: strings.TrimSpace(r.PostFormValue("contractgesprekken")),
		provider: strings.TrimSpace(r.PostFormValue("contract-aanbieder")), start: strings.TrimSpace(r.PostFormValue("contract-start")),
		years: strings.TrimSpace(r.PostFormValue("contract-looptijd")), service: strings.TrimSpace(r.PostFormValue("contract-dienst")),
		removeContract: r.PostFormValue("contract-verwijderen") != "", removeInd: map[string]bool{}, removeCad: map[string]bool{},
		cells: map[programme.Phase]string{}, cadPhrase: map[string]string{}, cadOwners: map[string]string{}, indicators: map[string][4]string{}}
	for _, in := range a.Indicators {
		p := "indicator-" + in.Key + "-"
		v.indicators[in.Key] = [4]string{strings.TrimSpace(r.PostFormValue(p + "naam")), strings.TrimSpace(r.PostFormValue(p + "eenheid")),
			strings.TrimSpace(r.PostFormValue(p + "streefwaarde")), strings.TrimSpace(r.PostFormValue(p + "per"))}
		v.removeInd[in.Key] = r.PostFormValue(p+"verwijderen") != ""
	}
	for i, k := range []string{"sleutel", "naam", "eenheid", "streefwaarde", "per"} {
		v.newInd[i] = strings.TrimSpace(r.PostFormValue("nieuwe-indicator-" + k))
	}
	for i, k := range []string{"sleutel", "naam", "ritme", "fase", "eigenaren"} {
		v.newCad[i] = strings.TrimSpace(r.PostFormValue("nieuwe-cadans-" + k))
	}
	v.newInd[0], v.newCad[0] = strings.ToLower(v.newInd[0]), strings.ToLower(v.newCad[0])
	for _, ph := range programme.Phases {
		v.cells[ph] = strings.TrimSpace(r.PostFormValue("cel-" + string(ph)))
	}
	for _, c := range a.Cadences {
		v.cadPhrase[c.Key] = strings.TrimSpace(r.PostFormValue("cadans-" + c.Key))
		v.cadOwners[c.Key] = r.PostFormValue("cadans-" + c.Key + "-eigenaren")
		v.removeCad[c.Key] = r.PostFormValue("cadans-"+c.Key+"-verwijderen") != ""
	}
	return v
}

// form builds the page for values v, with each phrase's meaning; d.Errors is filled with the
// phrases that do not parse and the owners that do not exist.
func (h *editHandler) form(r *http.Request, a actionInfo, v formValues) editData {
	s := h.s
	lang := s.lang()
	p := a.Programme
	win := timing.Window{From: p.Period.From.Time, To: p.Period.To.Time}
	d := editData{Page: s.boardPage(r, "", fmt.Sprintf(label("edit.title", lang), a.Ref)), Ref: a.Ref,
		Base: "/acties/" + a.Ref, editForm: newEditForm("/acties/"+a.Ref+"/wijzigen", v.reason, lang), VersionsHref: "/programma/" + p.Key + "/versies",
		AddHref: fmt.Sprintf("/doelen/%d/nieuwe-actie", a.Goal.Number), GoalHref: fmt.Sprintf("/doelen/%d/wijzigen", a.Goal.Number)}
	d.CrumbHref, d.CrumbText = d.Base, fmt.Sprintf(label("proposal.back", lang), a.Ref)
	d.MeaningHref, d.Preview = meaningHref(p.Key), true
	d.Text = editField{ID: "tekst", Name: "tekst", Label: label("edit.text", lang), Value: v.text}
	d.Wie = editField{ID: "wie", Name: "wie", Label: label("edit.wie", lang), Value: v.wie}
	d.Owners = editField{ID: "eigenaren", Name: "eigenaren", Label: label("edit.owners", lang), Value: v.owners,
		Hint: fmt.Sprintf(label("edit.owners.hint", lang), strings.Join(p.OwnerKeys(), ", "))}
	d.Notes = editField{ID: "voetnoten", Name: "voetnoten", Label: label("edit.notes", lang), Value: v.notes, Hint: label("edit.notes.hint", lang)}
	phrase := func(id, name, lbl, value string) editField {
		f := editField{ID: id, Name: name, Label: lbl, Value: value}
		f.Meaning, f.OK = phraseMeaning(value, win, lang)
		return f
	}
	if len(a.Action.SubActions) == 0 {
		for _, ph := range programme.Phases {
			f := phrase("cel-"+string(ph), "cel-"+string(ph), fmt.Sprintf(label("edit.cell", lang), ph.Column()), v.cells[ph])
			if !f.OK {
				d.fail(&f, f.Meaning)
			}
			d.Cells = append(d.Cells, f)
		}
	}
	for _, c := range a.Action.Cadences {
		ph, ok := v.cadPhrase[c.Key]
		if !ok || v.loaded {
			ph = c.Phrase
		}
		ow, ok := v.cadOwners[c.Key]
		if !ok || v.loaded {
			ow = strings.Join(c.Owners, ", ")
		}
		ec := editCadence{Key: c.Key, Name: c.Name,
			Phrase: phrase("cadans-"+c.Key, "cadans-"+c.Key, fmt.Sprintf(label("edit.cadence.phrase", lang), c.Name), ph),
			Owners: editField{ID: "cadans-" + c.Key + "-eigenaren", Name: "cadans-" + c.Key + "-eigenaren",
				Label: fmt.Sprintf(label("edit.cadence.owners", lang), c.Name), Value: ow}}
		ec.Remove = checkField{ID: "cadans-" + c.Key + "-verwijderen", Label: fmt.Sprintf(label("edit.cadence.remove", lang), c.Name), Checked: v.removeCad[c.Key]}
		if !ec.Phrase.OK && !v.removeCad[c.Key] {
			d.fail(&ec.Phrase, ec.Phrase.Meaning)
		}
		for _, o := range ownerList(ow) {
			if _, ok := p.Owners[o]; !ok {
				d.fail(&ec.Owners, fmt.Sprintf(label("edit.error.owner", lang), o))
			}
		}
		d.Cadences = append(d.Cadences, ec)
	}
	d.HasContract = a.Action.Contract != nil
	d.RemoveContract = checkField{ID: "contract-verwijderen", Label: label("edit.contract.remove", lang), Checked: v.removeContract}
	d.Service = editField{ID: "contract-dienst", Name: "contract-dienst", Label: label("edit.service", lang), Value: v.service}
	if !d.HasContract {
		d.Service.Hint = label("edit.service.hint", lang)
	}
	{
		f := editField{ID: "contractgesprekken", Name: "contractgesprekken", Label: label("edit.meetings", lang), Value: v.meetings,
			Hint: label("edit.meetings.hint", lang), OK: true}
		if v.meetings != "" {
			f = phrase(f.ID, f.Name, f.Label, v.meetings)
			f.Hint = label("edit.meetings.hint", lang)
			if !f.OK && !v.removeContract {
				d.fail(&f, f.Meaning)
			}
		} else {
			f.Meaning = label("edit.meaning.none", lang)
		}
		d.Meetings = &f
		c := a.Action.Contract
		prov, start, years := v.provider, v.start, v.years
		if c != nil && (v.loaded || v.service == "") {
			d.Service.Value = c.Service
		}
		if c != nil && v.loaded {
			prov, start, years = c.Provider, c.Start.String(), ""
			if c.Years != 0 {
				years = strconv.Itoa(c.Years)
			}
		}
		// Without a contract the fields are empty until a service is named: that adds one.
		adding := c == nil && (v.service != "" || prov != "" || start != "" || years != "" || v.meetings != "")
		if adding && v.service == "" {
			d.fail(&d.Service, label("edit.error.service", lang))
		}
		d.Provider = editField{ID: "contract-aanbieder", Name: "contract-aanbieder", Label: label("edit.provider", lang), Value: prov}
		d.Start = editField{ID: "contract-start", Name: "contract-start", Label: label("edit.start", lang), Value: start, Hint: label("edit.start.hint", lang)}
		d.Years = editField{ID: "contract-looptijd", Name: "contract-looptijd", Label: label("edit.years", lang), Value: years, Hint: label("edit.years.hint", lang)}
		if _, ok := parseFormDate(start); !ok && (c != nil || adding) && !v.removeContract {
			d.fail(&d.Start, label("edit.error.date", lang))
		}
		if n, err := strconv.Atoi(years); years != "" && (err != nil || n < 0) && !v.removeContract {
			d.fail(&d.Years, label("edit.error.years", lang))
		}
	}
	for _, in := range a.Action.Indicators {
		vals, ok := v.indicators[in.Key]
		if !ok || v.loaded {
			vals = [4]string{in.Name, in.Unit, formatNumber(in.Target, lang), in.Per}
		}
		p := "indicator-" + in.Key + "-"
		ei := editIndicator{Key: in.Key,
			Name:   editField{ID: p + "naam", Name: p + "naam", Label: fmt.Sprintf(label("edit.indicator.name", lang), in.Key), Value: vals[0]},
			Unit:   editField{ID: p + "eenheid", Name: p + "eenheid", Label: fmt.Sprintf(label("edit.indicator.unit", lang), in.Key), Value: vals[1]},
			Target: editField{ID: p + "streefwaarde", Name: p + "streefwaarde", Label: fmt.Sprintf(label("edit.indicator.target", lang), in.Key), Value: vals[2]},
			Per:    editField{ID: p + "per", Name: p + "per", Label: fmt.Sprintf(label("edit.indicator.per", lang), in.Key), Value: vals[3], Hint: label("edit.indicator.per.hint", lang)}}
		ei.Remove = checkField{ID: p + "verwijderen", Label: fmt.Sprintf(label("edit.indicator.remove", lang), in.Key), Checked: v.removeInd[in.Key]}
		if _, ok := parseNumber(vals[2]); !ok && !v.removeInd[in.Key] {
			d.fail(&ei.Target, label("edit.error.number", lang))
		}
		d.Indicators = append(d.Indicators, ei)
	}
	d.NewIndicator, d.NewCadence = newParts(p, v, win, lang, d.fail)
	for _, o := range ownerList(v.owners) {
		if _, ok := p.Owners[o]; !ok {
			d.fail(&d.Owners, fmt.Sprintf(label("edit.error.owner", lang), o))
		}
	}
	return d
}

// ownerList reads "regio, gemeenten" (commas or spaces) into keys.
func ownerList(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\n' || r == '\r' || r == '\t' })
}

// noteList reads footnotes separated by empty lines.
func noteList(s string) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p := strings.Join(strings.Fields(para), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (h *editHandler) submit(w http.ResponseWriter, r *http.Request) {
	s := h.s
	a, ok := h.load(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	lang := s.lang()
	v := readForm(r, a.Action)
	d := h.form(r, a, v)
	if r.PostFormValue("knop") != "voorstellen" {
		d.Errors = nil // a preview shows the meanings (and errors beside the fields) only
		s.render(w, r, http.StatusOK, "edit", d)
		return
	}
	refuse := func() {
		d.HasErrors = true
		s.render(w, r, http.StatusUnprocessableEntity, "edit", d)
	}
	d.requireReason(lang)
	if len(d.Errors) > 0 {
		refuse()
		return
	}
	src, ok := s.current(w, r, a.Programme.Key)
	if !ok {
		return
	}
	e := programme.ActionEdit{Ref: a.Ref, Text: strings.Join(strings.Fields(v.text), " "), Wie: v.wie, Owners: ownerList(v.owners),
		Cells: v.cells, Notes: noteList(v.notes), CadencePhrases: v.cadPhrase, CadenceOwners: map[string][]string{}}
	if e.Notes == nil {
		e.Notes = []string{}
	}
	for k, o := range v.cadOwners {
		e.CadenceOwners[k] = ownerList(o)
	}

	switch c := a.Action.Contract; {
	case c != nil && v.removeContract:
		e.RemoveContract = true
	case c != nil || v.service != "":
		var nc programme.Contract
		if c != nil {
			nc = *c
		}
		if v.service != "" {
			nc.Service = v.service
		}
		nc.Meetings, nc.Provider = v.meetings, v.provider
		nc.Start, _ = parseFormDate(v.start)
		nc.Years, _ = strconv.Atoi(v.years)
		e.Contract = &nc
	}
	addParts(&e, a.Action, v)
	if len(a.Action.Indicators) > 0 {
		e.Indicators = map[string]programme.Indicator{}
		for _, in := range a.Action.Indicators {
			f := v.indicators[in.Key]
			target, _ := parseNumber(f[2])
			e.Indicators[in.Key] = programme.Indicator{Key: in.Key, Name: f[0], Unit: f[1], Target: target, Per: f[3]}
		}
	}
	// The text as loaded is folded to one line; keep it when only its line breaks differ.
	if strings.Join(strings.Fields(a.Action.Text), " ") == e.Text {
		e.Text = a.Action.Text
	}
	out, err := programme.EditAction(src, e)
	if err != nil {
		s.fail(w, r, "edit: apply edit", err)
		return
	}
	if string(out) == string(src) {
		d.Errors = append(d.Errors, errorLink{Href: "#tekst", Text: label("edit.error.nochange", lang)})
		refuse()
		return
	}
	s.propose(w, r, a.Programme.Key, out, a.Ref+": "+strings.Join(changedFields(a.Action, e), ", "), v.reason, func(es programme.Errors) {
		d.Errors = append(d.Errors, fileErrors(es)...)
		refuse()
	})
}

// fieldFor is the form field a programme.Error's column points at.
func fieldFor(column string) string {
	switch column {
	case "Plan", "Do", "Check", "Act":
		return "cel-" + strings.ToLower(column)
	case "wie":
		return "eigenaren"
	case "text":
		return "tekst"
	case "contractgesprekken":
		return "contractgesprekken"
	}
	if k, ok := strings.CutPrefix(column, "cadans "); ok {
		return "cadans-" + k
	}
	return "tekst"
}

// changedFields names what an edit changes, for the proposal's summary.
func changedFields(a programme.Action, e programme.ActionEdit) []string {
	var out []string
	if strings.Join(strings.Fields(a.Text), " ") != strings.Join(strings.Fields(e.Text), " ") {
		out = append(out, "tekst")
	}
	if a.Wie != strings.TrimSpace(e.Wie) {
		out = append(out, "wie")
	}
	if !slices.Equal(a.Owners, e.Owners) {
		out = append(out, "eigenaren")
	}
	for _, ph := range programme.Phases {
		if v, ok := e.Cells[ph]; ok && len(a.SubActions) == 0 && v != a.Phrase(ph) {
			out = append(out, ph.Column())
		}
	}
	if !slices.Equal(a.Notes, e.Notes) && !(len(a.Notes) == 0 && len(e.Notes) == 0) {
		out = append(out, "voetnoten")
	}
	for _, c := range a.Cadences {
		if slices.Contains(e.RemoveCadences, c.Key) {
			continue
		}
		if e.CadencePhrases[c.Key] != c.Phrase || !slices.Equal(e.CadenceOwners[c.Key], c.Owners) && len(e.CadenceOwners[c.Key])+len(c.Owners) > 0 {
			out = append(out, "cadans "+c.Key)
		}
	}
	switch {
	case e.RemoveContract:
		out = append(out, "contract weg")
	case a.Contract == nil && e.Contract != nil:
		out = append(out, "contract erbij")
	case a.Contract != nil && e.Contract != nil && *a.Contract != *e.Contract:
		out = append(out, "contract")
	}
	for _, k := range e.RemoveIndicators {
		out = append(out, "indicator "+k+" weg")
	}
	for _, in := range e.AddIndicators {
		out = append(out, "indicator "+in.Key+" erbij")
	}
	for _, k := range e.RemoveCadences {
		out = append(out, "cadans "+k+" weg")
	}
	for _, c := range e.AddCadences {
		out = append(out, "cadans "+c.Key+" erbij")
	}
	for _, in := range a.Indicators {
		if v, ok := e.Indicators[in.Key]; ok && !slices.Contains(e.RemoveIndicators, in.Key) && (v.Name != in.Name || v.Unit != in.Unit || v.Target != in.Target || v.Per != in.Per) {
			out = append(out, "indicator "+in.Key)
		}
	}
	if len(out) == 0 {
		out = append(out, "opmaak")
	}
	return out
}

func meaningHref(key string) string { return "/planning/betekenis?programma=" + url.QueryEscape(key) }

// meaning answers edit.js: what a phrase means inside the programme's period, as JSON.
func (h *editHandler) meaning(w http.ResponseWriter, r *http.Request) {
	s := h.s
	var p *programme.Programme
	for _, q := range s.programmes() {
		if q.Key == r.URL.Query().Get("programma") {
			p = q
		}
	}
	if p == nil || s.deps.Proposals == nil {
		s.notFound(w, r)
		return
	}
	lang := s.lang()
	text, ok := phraseMeaning(r.URL.Query().Get("frase"), timing.Window{From: p.Period.From.Time, To: p.Period.To.Time}, lang)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(map[string]any{"ok": ok, "text": text, "label": label("edit.meaning.label", lang)})
}

// fieldView is what the editfield template gets: one field, how to draw it, and the labels
// it needs in the page's language.
type fieldView struct {
	F            editField
	Rows         int  // > 0: a textarea
	Phrase       bool // show the meaning beside it
	Date         bool // a date field (yyyy-mm-dd)
	MeaningLabel string
	ErrorLabel   string // "Fout:" before the error, for screen readers
}

func newFieldView(f editField, p Page) fieldView {
	return fieldView{F: f, ErrorLabel: label("layout.error_prefix", p.Lang)}
}

func init() {
	templateFuncs["fieldInput"] = newFieldView
	templateFuncs["fieldDate"] = func(f editField, p Page) fieldView {
		v := newFieldView(f, p)
		v.Date = true
		return v
	}
	templateFuncs["fieldArea"] = func(f editField, rows int, p Page) fieldView {
		v := newFieldView(f, p)
		v.Rows = rows
		return v
	}
	templateFuncs["fieldPhrase"] = func(f editField, p Page) fieldView {
		v := newFieldView(f, p)
		v.Phrase, v.MeaningLabel = true, label("edit.meaning.label", p.Lang)
		return v
	}
}
