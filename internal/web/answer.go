package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

// answerHandler serves the answer form: GET shows it, POST records the answers.
type answerHandler struct{ s *Server }

// maxFormBytes bounds a posted form; a long toelichting for every item fits easily.
const maxFormBytes = 1 << 20

// maxToelichting is the longest toelichting accepted, in characters.
const maxToelichting = 5000

// answerData is the answer form page.
type answerData struct {
	Page
	Action      string // the form's action: the link's own path
	Name        string // the contact's name, for the greeting
	PeriodLabel string // "tweede helft 2026"
	Meeting     string // "PHO Sociaal Domein van 4 februari 2027", "" without a meeting
	Deadline    string // "14 januari 2027", "" without a meeting
	Open        bool   // false: read-only, the deadline has passed
	Coordinator *person
	Programmes  []programmeView
	Errors      []errorLink // the error summary at the top, each linking to its field
	NoItems     bool
	// Contents lists the doelen with their progress; Progress is the whole form's ("12 van
	// 39 ingevuld"); Saved confirms a save of one doel.
	Contents []tocEntry
	Progress string
	Saved    string
	// SavedGoal is the doel whose own button saved; the confirmation stands there, where the
	// page returns to.
	SavedGoal string
}

type tocEntry struct {
	Href, Label, Progress string
	Done                  bool
}

type person struct{ Name, Email string }

type programmeView struct {
	Title string
	Goals []goalView
}

// goalView is one doel of the form: the actions the contact leads first, the others folded
// away, its own progress count and save button.
type goalView struct {
	ID string // the heading's id, the contents list's anchor: outbox.GoalAnchor (the mails link to the same id)
	// OldID is the id links in mails sent before the anchors named their programme point
	// at ("doel-0-15"): the first programme's doelen keep it, on their section.
	OldID  string
	Number int
	Title  string
	Items  []itemView
	Lead   []itemView
	Others []itemView
	// OthersOpen unfolds the others when one of them has an error.
	OthersOpen    bool
	OthersSummary string
	Filled, Total int
	Progress      string
}

type errorLink struct{ Href, Text string }

type itemView struct {
	ID          string // prefix of the element ids of this item
	Ref         string // "15a"
	ActionText  string
	Role        string
	Due         []dueView
	Ongoing     bool
	Overdue     bool
	Last        *answerView
	Answered    bool // answered in this period
	StatusName  string
	Statuses    []statusOption
	StatusError string
	TextName    string
	Toelichting string
	TextError   string
	Indicators  []indicatorView
	// ids for aria-describedby: the hint and, when there is one, the error message
	StatusDescribedBy string
	TextDescribedBy   string
}

type dueView struct {
	Phase, Title, Date string
	Overdue            bool
}

type answerView struct {
	Status, Text, When, Source string
	Indicators                 []indicatorValue
}

type indicatorValue struct{ Name, Value string }

type statusOption struct {
	ID, Value, Label string
	Checked          bool
}

type indicatorView struct {
	ID, Field, Name, Label, Unit, Target, Last, Value, Error string
	DescribedBy                                              string
}

// answerForm is the posted form: per action reference what the contact typed, untrimmed, so
// the page can show it again exactly when something is wrong.
type answerForm map[string]itemInput

type itemInput struct {
	Status      string
	Toelichting string
	Indicators  map[string]string
}

// fieldErrors maps a field's element id to its message.
type fieldErrors map[string]string

// Form field names: the action reference identifies the item, so a round that changed between
// showing and posting the form cannot shift answers onto another action.
func statusField(ref string) string         { return "status:" + ref }
func textField(ref string) string           { return "toelichting:" + ref }
func indicatorField(ref, key string) string { return "indicator:" + ref + ":" + key }

func (h *answerHandler) show(w http.ResponseWriter, r *http.Request) {
	l, ok := h.s.openLink(w, r)
	if !ok {
		return
	}
	items, current, err := h.s.round(r.Context(), l)
	if err != nil {
		h.s.fail(w, r, "load round", err)
		return
	}
	d := h.s.answerPage(l, items, prefill(items, current, h.s.lang()), nil)
	if n, err := strconv.Atoi(r.URL.Query().Get("opgeslagen")); err == nil && n >= 0 {
		d.Saved = savedText(n, h.s.lang())
		if g := r.URL.Query().Get("doel"); goalAnchor.MatchString(g) {
			d.SavedGoal = g
		}
	}
	h.s.render(w, r, http.StatusOK, "answer", d)
}

func (h *answerHandler) submit(w http.ResponseWriter, r *http.Request) {
	l, ok := h.s.openLink(w, r)
	if !ok {
		return
	}
	items, current, err := h.s.round(r.Context(), l)
	if err != nil {
		h.s.fail(w, r, "load round", err)
		return
	}
	if !l.Open {
		h.s.render(w, r, http.StatusConflict, "answer", h.s.answerPage(l, items, prefill(items, current, h.s.lang()), nil))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.s.errorPage(w, r, http.StatusRequestEntityTooLarge, errBadForm)
			return
		}
		h.s.errorPage(w, r, http.StatusBadRequest, errBadForm)
		return
	}
	form := parseAnswerForm(r, items)
	answers, errs := form.validate(items, h.s.lang())
	if len(errs) > 0 {
		h.s.render(w, r, http.StatusUnprocessableEntity, "answer", h.s.answerPage(l, items, form, errs))
		return
	}
	stored, err := h.s.deps.Cycle.RecordAnswers(r.Context(), l.ContactKey, l.Period, answers, store.SourceWeb, "")
	if errors.Is(err, cycle.ErrClosed) {
		l.Open = false
		h.s.render(w, r, http.StatusConflict, "answer", h.s.answerPage(l, items, form, nil))
		return
	}
	if err != nil {
		h.s.fail(w, r, "record answers", err)
		return
	}
	h.s.log.Info("web: answers recorded", "contact", l.ContactKey, "period", l.Period.String(),
		"answers", len(answers), "stored", len(stored))
	// A doel's own save button returns to the form at that doel, with its progress updated;
	// the button at the bottom ends at the thank-you page.
	if g := r.PostForm.Get("opslaan"); goalAnchor.MatchString(g) {
		http.Redirect(w, r, fmt.Sprintf("/antwoord/%s?opgeslagen=%d&doel=%s#%s", l.Token, len(stored), g, g), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/antwoord/%s/bedankt?opgeslagen=%d", l.Token, len(stored)), http.StatusSeeOther)
}

// prefill is the form as the current answers of this period fill it.
func prefill(items []cycle.Item, current map[string]store.Response, lang string) answerForm {
	f := answerForm{}
	for _, it := range items {
		resp, ok := current[it.ActionRef]
		if !ok {
			continue
		}
		in := itemInput{Status: resp.Status, Toelichting: resp.Toelichting, Indicators: map[string]string{}}
		for k, v := range resp.Indicators {
			in.Indicators[k] = formatNumberString(v, lang)
		}
		f[it.ActionRef] = in
	}
	return f
}

// parseAnswerForm reads the fields of the items the contact is asked about; fields of other
// references are ignored.
func parseAnswerForm(r *http.Request, items []cycle.Item) answerForm {
	f := answerForm{}
	for _, it := range items {
		in := itemInput{
			Status:      r.PostForm.Get(statusField(it.ActionRef)),
			Toelichting: r.PostForm.Get(textField(it.ActionRef)),
			Indicators:  map[string]string{},
		}
		for _, ind := range it.Indicators {
			if v := r.PostForm.Get(indicatorField(it.ActionRef, ind.Key)); v != "" {
				in.Indicators[ind.Key] = v
			}
		}
		f[it.ActionRef] = in
	}
	return f
}

// validate turns the form into answers. An item without a status is skipped (not answered
// yet) unless something else was typed for it; a status that is not one of cycle.Statuses or
// an indicator that is not a number is an error on that field.
func (f answerForm) validate(items []cycle.Item, lang string) ([]cycle.Answer, fieldErrors) {
	var answers []cycle.Answer
	errs := fieldErrors{}
	for _, it := range items {
		in := f[it.ActionRef]
		id := itemID(it.ActionRef)
		status := strings.TrimSpace(in.Status)
		a := cycle.Answer{Ref: it.ActionRef, Status: status, Toelichting: strings.TrimSpace(in.Toelichting), Indicators: map[string]string{}}
		typed := a.Toelichting != ""
		for _, ind := range it.Indicators {
			raw := strings.TrimSpace(in.Indicators[ind.Key])
			if raw == "" {
				continue
			}
			typed = true
			n, ok := parseNumber(raw)
			if !ok {
				errs[indicatorID(id, ind.Key)] = label("error.number", lang)
				continue
			}
			a.Indicators[ind.Key] = strconv.FormatFloat(n, 'f', -1, 64)
		}
		if utf8.RuneCountInString(a.Toelichting) > maxToelichting {
			errs[id+"-toelichting"] = fmt.Sprintf(label("error.toolong", lang), maxToelichting)
		}
		switch {
		case status == "" && typed:
			errs[id+"-status"] = label("error.status_missing", lang)
		case status == "":
			continue
		case !cycle.ValidStatus(status):
			errs[id+"-status"] = label("error.status_unknown", lang)
		}
		answers = append(answers, a)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return answers, nil
}

// parseNumber reads a number as people type it: "12", "12,5", "12.5", "-3", "1 250". Both a
// comma and a point are taken as the decimal separator, but a separator followed by exactly
// three digits ("1.250", "1,250") is refused rather than guessed: in Dutch it is a thousands
// separator, in English a decimal one would rarely be written that way either.
func parseNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if strings.Count(s, ",")+strings.Count(s, ".") > 1 {
		return 0, false
	}
	s = strings.Replace(s, ",", ".", 1)
	if !numberRE.MatchString(s) || thousandsRE.MatchString(s) {
		return 0, false
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
		return 0, false
	}
	return n, true
}

var (
	numberRE    = regexp.MustCompile(`^[-+]?(\d+\.?\d*|\.\d+)$`)
	thousandsRE = regexp.MustCompile(`^[-+]?[1-9]\d{0,2}\.\d{3}$`)
)

var idUnsafe = regexp.MustCompile(`[^a-zA-Z0-9_-]+`)

// itemID is a valid, stable HTML id for an action reference.
func itemID(ref string) string { return "actie-" + idUnsafe.ReplaceAllString(ref, "-") }

func indicatorID(item, key string) string {
	return item + "-indicator-" + idUnsafe.ReplaceAllString(key, "-")
}

// answerPage builds the page data from the items, what the form holds and its errors.
func (s *Server) answerPage(l answerLink, items []cycle.Item, form answerForm, errs fieldErrors) answerData {
	lang := s.lang()
	d := answerData{
		Page:        Page{Lang: lang, HasErrors: len(errs) > 0},
		Action:      "/antwoord/" + l.Token,
		Name:        config.FirstName(l.ContactName),
		PeriodLabel: i18n.PeriodLabel(l.Period.String(), lang),
		Open:        l.Open,
		NoItems:     len(items) == 0,
	}
	d.Title = fmt.Sprintf(label("answer.title", lang), d.PeriodLabel)
	if l.HasMeeting {
		d.Deadline = i18n.FormatDate(l.Meeting.Deadline(), lang)
		d.Meeting = fmt.Sprintf(label("answer.meeting", lang), l.Meeting.Name, i18n.FormatDate(l.Meeting.Day(), lang))
	}
	if cs := s.deps.Config.Coordinators; len(cs) > 0 {
		d.Coordinator = &person{Name: cs[0].Name, Email: cs[0].Email}
	}
	titles := s.programmeTitles()
	filled := 0
	for _, it := range items {
		v := s.itemView(it, form[it.ActionRef], errs, lang)
		if n := len(d.Programmes); n == 0 || d.Programmes[n-1].Title != titles[it.Programme] {
			d.Programmes = append(d.Programmes, programmeView{Title: titles[it.Programme]})
		}
		pi := len(d.Programmes) - 1
		p := &d.Programmes[pi]
		if n := len(p.Goals); n == 0 || p.Goals[n-1].Number != it.Goal {
			gv := goalView{ID: outbox.GoalAnchor(it.Programme, it.Goal), Number: it.Goal, Title: it.GoalTitle}
			if pi == 0 {
				gv.OldID = fmt.Sprintf("doel-0-%d", it.Goal)
			}
			p.Goals = append(p.Goals, gv)
		}
		g := &p.Goals[len(p.Goals)-1]
		g.Total++
		if strings.TrimSpace(form[it.ActionRef].Status) != "" {
			g.Filled++
			filled++
		}
		hasError := v.StatusError != "" || v.TextError != ""
		for _, ind := range v.Indicators {
			hasError = hasError || ind.Error != ""
		}
		if it.Role == cycle.RoleLead {
			g.Lead = append(g.Lead, v)
		} else {
			g.Others = append(g.Others, v)
			g.OthersOpen = g.OthersOpen || hasError
		}
	}
	d.Progress = progressText(filled, len(items), lang)
	// The error summary lists the errors in page order: per doel the lead's actions, then the
	// others.
	for pi := range d.Programmes {
		for gi := range d.Programmes[pi].Goals {
			g := &d.Programmes[pi].Goals[gi]
			g.Items = append(append([]itemView(nil), g.Lead...), g.Others...)
			g.Progress = progressText(g.Filled, g.Total, lang)
			if len(g.Others) == 1 {
				g.OthersSummary = label("answer.others.one", lang)
			} else {
				g.OthersSummary = fmt.Sprintf(label("answer.others.many", lang), len(g.Others))
			}
			d.Contents = append(d.Contents, tocEntry{Href: "#" + g.ID, Label: fmt.Sprintf("%s %d: %s", label("answer.goal", lang), g.Number, g.Title),
				Progress: g.Progress, Done: g.Filled == g.Total})
			for _, v := range g.Items {
				if v.StatusError != "" {
					d.Errors = append(d.Errors, errorLink{Href: "#" + v.ID + "-status-0", Text: v.Ref + ": " + v.StatusError})
				}
				if v.TextError != "" {
					d.Errors = append(d.Errors, errorLink{Href: "#" + v.ID + "-toelichting", Text: v.Ref + ": " + v.TextError})
				}
				for _, ind := range v.Indicators {
					if ind.Error != "" {
						d.Errors = append(d.Errors, errorLink{Href: "#" + ind.ID, Text: v.Ref + ", " + ind.Name + ": " + ind.Error})
					}
				}
			}
		}
	}
	return d
}

// progressText is "12 van 39 ingevuld" / "12 of 39 answered".
func progressText(filled, total int, lang string) string {
	return fmt.Sprintf(label("answer.progress", lang), filled, total)
}

// savedText confirms the save of one doel: "5 antwoorden opgeslagen."
func savedText(n int, lang string) string {
	switch n {
	case 0:
		return label("answer.saved.none", lang)
	case 1:
		return label("answer.saved.one", lang)
	}
	return fmt.Sprintf(label("answer.saved.many", lang), n)
}

// goalAnchor is the value of a doel's save button: the id the page returns to.
var goalAnchor = regexp.MustCompile(`^doel-[a-z0-9_-]+-\d+$`)

// programmeTitles maps programme keys to titles.
func (s *Server) programmeTitles() map[string]string {
	out := map[string]string{}
	if s.deps.Cycle.Programmes == nil {
		return out
	}
	for _, p := range s.deps.Cycle.Programmes() {
		out[p.Key] = p.Title
	}
	return out
}

func (s *Server) itemView(it cycle.Item, in itemInput, errs fieldErrors, lang string) itemView {
	id := itemID(it.ActionRef)
	v := itemView{
		ID: id, Ref: it.Ref, ActionText: it.ActionText, Role: i18n.RoleLabel(it.Role, lang),
		Ongoing: it.Ongoing, Overdue: it.Overdue, Answered: it.Answered,
		StatusName: statusField(it.ActionRef), StatusError: errs[id+"-status"],
		TextName: textField(it.ActionRef), Toelichting: in.Toelichting, TextError: errs[id+"-toelichting"],
	}
	v.StatusDescribedBy = describedBy("", v.StatusError, id+"-status-fout")
	v.TextDescribedBy = describedBy(id+"-toelichting-hint", v.TextError, id+"-toelichting-fout")
	for _, d := range it.Due {
		v.Due = append(v.Due, dueView{Phase: i18n.PhaseLabel(d.Phase, lang), Title: dueTitle(d.Phase, it.Ref, d.Title),
			Date: i18n.FormatDate(d.Date, lang), Overdue: d.Overdue})
	}
	if a := it.LastAnswer; a != nil {
		v.Last = &answerView{Status: i18n.StatusLabel(a.Status, lang), Text: a.Text, When: i18n.FormatDate(a.At, lang), Source: sourceLabel(a.Source, lang)}
	}
	for i, st := range cycle.Statuses {
		v.Statuses = append(v.Statuses, statusOption{
			ID: fmt.Sprintf("%s-status-%d", id, i), Value: st, Label: i18n.StatusLabel(st, lang),
			Checked: strings.TrimSpace(in.Status) == st,
		})
	}
	for _, ind := range it.Indicators {
		iid := indicatorID(id, ind.Key)
		iv := indicatorView{
			ID: iid, Field: indicatorField(it.ActionRef, ind.Key), Name: ind.Name, Unit: ind.Unit,
			Value: in.Indicators[ind.Key], Error: errs[iid],
		}
		iv.Label = ind.Name
		if ind.Unit != "" {
			iv.Label += " (" + ind.Unit + ")"
		}
		if ind.Target != 0 {
			iv.Target = strings.TrimSpace(formatNumber(ind.Target, lang) + " " + ind.Unit)
		}
		if ind.Last != nil {
			iv.Last = strings.TrimSpace(formatNumber(*ind.Last, lang) + " " + ind.Unit)
		}
		hint := ""
		if iv.Target != "" || iv.Last != "" {
			hint = iid + "-hint"
		}
		iv.DescribedBy = describedBy(hint, iv.Error, iid+"-fout")
		v.Indicators = append(v.Indicators, iv)
	}
	return v
}

// dueTitle is what a milestone's title adds to its phase: nothing for "Check 15a: <action
// text>" (the page shows the action text already), the subject for "Contractgesprek <dienst>".
func dueTitle(phase, ref, title string) string {
	if strings.HasPrefix(title, phase+" "+ref+":") {
		return ""
	}
	return strings.TrimSpace(strings.TrimPrefix(title, phase+" "))
}

// describedBy is the aria-describedby value of a field: its hint, and its error message when
// it has one.
func describedBy(hintID, errText, errID string) string {
	ids := []string{}
	if hintID != "" {
		ids = append(ids, hintID)
	}
	if errText != "" {
		ids = append(ids, errID)
	}
	return strings.Join(ids, " ")
}

// formatNumber writes n without needless decimals, with a decimal comma in Dutch.
func formatNumber(n float64, lang string) string {
	s := strconv.FormatFloat(n, 'f', -1, 64)
	if i18n.Lang(lang) == i18n.Dutch {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// formatNumberString formats a stored indicator value for the form so that parseNumber reads
// it back unchanged (1.125 becomes "1,1250", not the ambiguous "1,125"); a value that is not
// a number is shown as stored.
func formatNumberString(v, lang string) string {
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	s := formatNumber(n, lang)
	if thousandsRE.MatchString(strings.Replace(s, ",", ".", 1)) {
		s += "0"
	}
	return s
}
