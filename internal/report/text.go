package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/i18n"
)

// periodBounds returns the first and last calendar day (midnight UTC) of a reporting period:
// "2026H2", "2026Q3" or "2026".
func periodBounds(period string) (from, to time.Time, err error) {
	p := strings.ToUpper(strings.TrimSpace(period))
	bad := fmt.Errorf("report: onbekende rapportageperiode %q (verwacht bijvoorbeeld 2026H2)", period)
	if len(p) < 4 {
		return from, to, bad
	}
	year, err := strconv.Atoi(p[:4])
	if err != nil || year < 1900 {
		return from, to, bad
	}
	first, months := time.January, 12
	switch {
	case len(p) == 4:
	case len(p) == 6 && p[4] == 'H' && (p[5] == '1' || p[5] == '2'):
		first, months = time.Month(1+6*int(p[5]-'1')), 6
	case len(p) == 6 && p[4] == 'Q' && p[5] >= '1' && p[5] <= '4':
		first, months = time.Month(1+3*int(p[5]-'1')), 3
	default:
		return from, to, bad
	}
	from = time.Date(year, first, 1, 0, 0, 0, 0, time.UTC)
	to = from.AddDate(0, months, -1)
	return from, to, nil
}

// halfYears lists the half-year periods from the one containing from up to and including last.
func halfYears(from time.Time, last string) []string {
	_, lastTo, err := periodBounds(last)
	if err != nil {
		return []string{last}
	}
	var out []string
	y, h := from.Year(), 1
	if from.Month() > time.June {
		h = 2
	}
	for i := 0; i < 100; i++ {
		p := fmt.Sprintf("%dH%d", y, h)
		pf, _, _ := periodBounds(p)
		if pf.After(lastTo) {
			break
		}
		out = append(out, p)
		if h == 2 {
			y, h = y+1, 1
		} else {
			h = 2
		}
	}
	if len(out) == 0 {
		out = []string{last}
	}
	return out
}

// parseNumber reads a number as owners type it: "12", "12,5", "1.250", "75%", "ca. 40".
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	s = strings.TrimPrefix(s, "ca.")
	s = strings.TrimPrefix(s, "circa")
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return 0, false
	}
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	} else if strings.Count(s, ".") == 1 && len(s)-strings.IndexByte(s, '.') == 4 {
		// "1.250" is a thousands separator in Dutch.
		s = strings.Replace(s, ".", "", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// statusCode normalises a stored status (a code or Dutch words) to an i18n status code.
func statusCode(s string) string {
	if c, ok := i18n.ParseStatus(s); ok {
		return c
	}
	return ""
}

// severity orders statuses from most to least in need of attention, for combining the answers
// of several municipalities into one status.
func severity(code string) int {
	switch code {
	case i18n.StatusDelayed:
		return 0
	case i18n.StatusNotStarted:
		return 1
	case i18n.StatusOnTrack:
		return 2
	case i18n.StatusDone:
		return 3
	case i18n.StatusCancelled:
		return 4
	}
	return 5
}

// paragraphs splits free text into paragraphs at blank lines and joins the lines inside one.
func paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []string
	for _, block := range strings.Split(text, "\n\n") {
		p := strings.Join(strings.Fields(block), " ")
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
