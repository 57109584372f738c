package report

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/i18n"
)

// halfYears lists the half-year periods from the one containing from up to and including last.
func halfYears(from time.Time, last config.Period) []string {
	var out []string
	for p := config.PeriodOf(from); !p.Start().After(last.Start()); p = p.Next() {
		out = append(out, p.String())
	}
	if len(out) == 0 {
		out = []string{last.String()}
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
