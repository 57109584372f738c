package config

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Period is a reporting period (rapportageperiode): one half year, written "2026H2". The
// zero Period is "no period".
type Period struct {
	Year int
	Half int // 1: januari t/m juni, 2: juli t/m december
}

var periodRE = regexp.MustCompile(`^(\d{4})H([0-9])$`)

// ParsePeriod reads "2026H1" or "2026H2" (the H may be lower case).
func ParsePeriod(s string) (Period, error) {
	m := periodRE.FindStringSubmatch(strings.ToUpper(strings.TrimSpace(s)))
	if m == nil {
		return Period{}, fmt.Errorf("%q is geen geldige periode (verwacht bijvoorbeeld 2026H1 of 2026H2)", s)
	}
	year, _ := strconv.Atoi(m[1])
	half, _ := strconv.Atoi(m[2])
	if half != 1 && half != 2 {
		return Period{}, fmt.Errorf("%q is geen geldige periode (verwacht %dH1 of %dH2)", s, year, year)
	}
	if year < 1900 || year > 2200 {
		return Period{}, fmt.Errorf("%q is geen geldige periode (jaar moet tussen 1900 en 2200 liggen)", s)
	}
	return Period{Year: year, Half: half}, nil
}

// PeriodOf is the period that contains the calendar day of date (read as written, so pass a
// date at midnight UTC or convert an instant with workdays.Calendar.Date first).
func PeriodOf(date time.Time) Period {
	half := 1
	if date.Month() > time.June {
		half = 2
	}
	return Period{Year: date.Year(), Half: half}
}

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p == Period{} }

// String gives "2026H2".
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	return fmt.Sprintf("%dH%d", p.Year, p.Half)
}

// Start is the first day of the period, midnight UTC.
func (p Period) Start() time.Time {
	return time.Date(p.Year, time.Month(6*(p.Half-1)+1), 1, 0, 0, 0, 0, time.UTC)
}

// End is the last day of the period (inclusive), midnight UTC.
func (p Period) End() time.Time {
	return p.Next().Start().AddDate(0, 0, -1)
}

// Next is the half year after p.
func (p Period) Next() Period {
	if p.Half == 1 {
		return Period{Year: p.Year, Half: 2}
	}
	return Period{Year: p.Year + 1, Half: 1}
}

// Prev is the half year before p.
func (p Period) Prev() Period {
	if p.Half == 2 {
		return Period{Year: p.Year, Half: 1}
	}
	return Period{Year: p.Year - 1, Half: 2}
}

// Contains reports whether the calendar day of date (read as written) lies in p.
func (p Period) Contains(date time.Time) bool {
	return PeriodOf(date) == p
}

// MarshalText writes "2026H2".
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads "2026H2"; an empty text gives the zero Period.
func (p *Period) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = Period{}
		return nil
	}
	v, err := ParsePeriod(string(b))
	if err != nil {
		return errors.New("config: " + err.Error())
	}
	*p = v
	return nil
}
