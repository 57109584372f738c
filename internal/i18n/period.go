package i18n

import (
	"strconv"
	"strings"
)

// PeriodLabel turns a reporting-period key into words:
//
//	"2026H2" → "tweede helft 2026" / "second half of 2026"
//	"2027H1" → "eerste helft 2027" / "first half of 2027"
//	"2026Q3" → "derde kwartaal 2026" / "third quarter of 2026"
//	"2026"   → "2026"
//
// A key it does not understand is returned unchanged, so a message still
// reads sensibly when a new period kind appears.
func PeriodLabel(period, lang string) string {
	p := strings.ToUpper(strings.TrimSpace(period))
	en := Lang(lang) == English
	if len(p) == 4 {
		if _, err := strconv.Atoi(p); err == nil {
			return p
		}
	}
	if len(p) != 6 {
		return period
	}
	year, kind, n := p[:4], p[4], int(p[5]-'0')
	if _, err := strconv.Atoi(year); err != nil {
		return period
	}
	switch {
	case kind == 'H' && (n == 1 || n == 2):
		if en {
			return [...]string{"first", "second"}[n-1] + " half of " + year
		}
		return [...]string{"eerste", "tweede"}[n-1] + " helft " + year
	case kind == 'Q' && n >= 1 && n <= 4:
		if en {
			return [...]string{"first", "second", "third", "fourth"}[n-1] + " quarter of " + year
		}
		return [...]string{"eerste", "tweede", "derde", "vierde"}[n-1] + " kwartaal " + year
	}
	return period
}
