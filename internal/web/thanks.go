package web

import (
	"fmt"
	"net/http"
	"sort"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/i18n"
)

// thanksHandler serves the page after a successful POST: what is recorded for this period and
// until when it can be changed. It only reads.
type thanksHandler struct{ s *Server }

// thanksData is the confirmation page.
type thanksData struct {
	Page
	Name        string
	PeriodLabel string
	Deadline    string
	Open        bool
	Unchanged   bool // the last post changed nothing
	FormURL     string
	Recorded    []recordedView
	Remaining   int // items not answered yet
}

type recordedView struct {
	Ref, ActionText string
	Answer          answerView
}

func (h *thanksHandler) show(w http.ResponseWriter, r *http.Request) {
	l, ok := h.s.openLink(w, r)
	if !ok {
		return
	}
	items, current, err := h.s.round(r.Context(), l)
	if err != nil {
		h.s.fail(w, r, "load round", err)
		return
	}
	lang := h.s.lang()
	d := thanksData{
		Page:        Page{Lang: lang},
		Name:        config.FirstName(l.ContactName),
		PeriodLabel: i18n.PeriodLabel(l.Period.String(), lang),
		Open:        l.Open,
		Unchanged:   r.URL.Query().Get("opgeslagen") == "0",
		FormURL:     "/antwoord/" + l.Token,
	}
	d.Title = fmt.Sprintf(label("thanks.title", lang), d.PeriodLabel)
	if l.HasMeeting {
		d.Deadline = i18n.FormatDate(l.Meeting.Deadline(), lang)
	}
	for _, it := range items {
		resp, ok := current[it.ActionRef]
		if !ok {
			d.Remaining++
			continue
		}
		a := answerView{Status: i18n.StatusLabel(resp.Status, lang), Text: resp.Toelichting, When: i18n.FormatDateTime(resp.CreatedAt, lang)}
		names := map[string]string{}
		for _, f := range it.Indicators {
			names[f.Key] = f.Name
			if f.Unit != "" {
				names[f.Key] += " (" + f.Unit + ")"
			}
		}
		keys := make([]string, 0, len(resp.Indicators))
		for k := range resp.Indicators {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name := names[k]
			if name == "" {
				name = k
			}
			a.Indicators = append(a.Indicators, indicatorValue{Name: name, Value: formatNumberString(resp.Indicators[k], lang)})
		}
		d.Recorded = append(d.Recorded, recordedView{Ref: it.Ref, ActionText: it.ActionText, Answer: a})
	}
	h.s.render(w, r, http.StatusOK, "thanks", d)
}
