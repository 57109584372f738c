package web

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/timing"
)

// phraseMeaning says in words what a planning phrase plans inside window w, as the edit form
// shows it beside the field: "2× per jaar, 2026–2029: 30 juni, 31 december". ok is false
// when the phrase does not parse; the text is then timing's exact error.
func phraseMeaning(phrase string, w timing.Window, lang string) (text string, ok bool) {
	if strings.TrimSpace(phrase) == "" {
		return label("edit.meaning.empty", lang), false
	}
	r, err := timing.Parse(phrase, w)
	if err != nil {
		return err.Error(), false
	}
	switch r.State {
	case timing.Done:
		return label("edit.meaning.done", lang), true
	case timing.Ongoing:
		return label("edit.meaning.ongoing", lang), true
	}
	occ := r.Occurrences
	if len(occ) == 0 {
		return label("edit.meaning.none", lang), true
	}
	if s, ok := yearly(occ, lang); ok {
		return s, true
	}
	if len(occ) == 1 {
		return fmt.Sprintf(label("edit.meaning.once", lang), dueText(occ[0], lang)), true
	}
	dates := make([]string, 0, len(occ))
	for _, o := range occ {
		dates = append(dates, i18n.FormatDate(o.Due, lang))
	}
	if len(dates) > 6 {
		return fmt.Sprintf(label("edit.meaning.many", lang), len(dates), dates[0], dates[1], dates[len(dates)-1]), true
	}
	return fmt.Sprintf(label("edit.meaning.times", lang), len(dates), strings.Join(dates, ", ")), true
}

// dueText is one occurrence: its due date, with its start when it spans more than a day.
func dueText(o timing.Occurrence, lang string) string {
	due := i18n.FormatDate(o.Due, lang)
	if o.Start.IsZero() || o.Start.Equal(o.Due) {
		return due
	}
	return i18n.FormatDate(o.Start, lang) + " – " + due
}

// yearly describes occurrences that fall on the same days of every year of a run of years
// ("2× per jaar, 2026–2029: 30 juni, 31 december").
func yearly(occ []timing.Occurrence, lang string) (string, bool) {
	byYear := map[int][]string{}
	var years []int
	for _, o := range occ {
		y := o.Due.Year()
		if _, seen := byYear[y]; !seen {
			years = append(years, y)
		}
		byYear[y] = append(byYear[y], dayMonth(o.Due, lang))
	}
	if len(years) < 2 {
		return "", false
	}
	first := byYear[years[0]]
	for i, y := range years {
		if i > 0 && y != years[i-1]+1 || !slices.Equal(byYear[y], first) {
			return "", false
		}
	}
	span := strconv.Itoa(years[0]) + "–" + strconv.Itoa(years[len(years)-1])
	return fmt.Sprintf(label("edit.meaning.yearly", lang), len(first), span, strings.Join(first, ", ")), true
}

func dayMonth(t time.Time, lang string) string {
	if lang == "en" {
		return fmt.Sprintf("%s %d", i18n.MonthName(t.Month(), lang), t.Day())
	}
	return fmt.Sprintf("%d %s", t.Day(), i18n.MonthName(t.Month(), lang))
}
