package timing

import "time"

// span is an inclusive range of dates at midnight UTC.
type span struct{ start, end time.Time }

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// lastDay is the last day of month m of year y.
func lastDay(y int, m time.Month) int { return date(y, m+1, 0).Day() }

// monthsSpan is the span of n whole months starting at month m of year y.
func monthsSpan(y int, m time.Month, n int) span {
	s := date(y, m, 1)
	return span{s, s.AddDate(0, n, -1)}
}

// periodKind says which part of a year a period is.
type periodKind uint8

const (
	pQuarter   periodKind = iota + 1 // n = 1..4
	pHalf                            // n = 1..2
	pSeason                          // n = seasonVoorjaar..seasonWinter
	pMonth                           // m = month
	pYearPart                        // n = markBegin..markEind of the year
	pMonthPart                       // n = markBegin..markEind of month m
	pDay                             // day n of month m
)

const (
	seasonVoorjaar = iota + 1
	seasonZomer
	seasonNajaar
	seasonWinter
)

const (
	markBegin = iota + 1
	markMedio
	markEind
)

// period is a part of a year that still needs its year: "Q2", "voorjaar", "medio januari",
// "1 februari".
type period struct {
	kind periodKind
	n    int
	m    time.Month
}

// order ranks periods of one kind, so that "Q3/Q1" can be seen to run backwards.
func (p period) order() int { return int(p.m)*100 + p.n }

// span gives the period in year y; false when the date does not exist (31 februari).
func (p period) span(y int) (span, bool) {
	switch p.kind {
	case pQuarter:
		return monthsSpan(y, time.Month(3*p.n-2), 3), true
	case pHalf:
		return monthsSpan(y, time.Month(6*p.n-5), 6), true
	case pSeason:
		if p.n == seasonWinter {
			return span{date(y, time.December, 1), date(y+1, time.March, 0)}, true
		}
		return monthsSpan(y, time.Month(3*p.n), 3), true
	case pMonth:
		return monthsSpan(y, p.m, 1), true
	case pYearPart:
		switch p.n {
		case markBegin:
			return monthsSpan(y, time.January, 3), true
		case markMedio:
			return monthsSpan(y, time.June, 2), true
		default:
			return monthsSpan(y, time.October, 3), true
		}
	case pMonthPart:
		switch p.n {
		case markBegin:
			return span{date(y, p.m, 1), date(y, p.m, 10)}, true
		case markMedio:
			return span{date(y, p.m, 15), date(y, p.m, 15)}, true
		default:
			return span{date(y, p.m, 21), date(y, p.m, lastDay(y, p.m))}, true
		}
	case pDay:
		if p.n < 1 || p.n > lastDay(y, p.m) {
			return span{}, false
		}
		d := date(y, p.m, p.n)
		return span{d, d}, true
	}
	return span{}, false
}

// headRange is a period or a range of periods without a year: "Q2", "Q3/Q4", "Q2 t/m Q4".
// pos and end locate it in the phrase.
type headRange struct {
	first, last period
	pos, end    int
}

// span gives the range in year y. It reports a date that does not exist, or a range that
// runs backwards, as an error message.
func (h headRange) span(y int) (span, string) {
	a, ok := h.first.span(y)
	if !ok {
		return span{}, "bestaat niet"
	}
	b, ok := h.last.span(y)
	if !ok {
		return span{}, "bestaat niet"
	}
	if b.start.Before(a.start) || b.end.Before(a.end) {
		return span{}, "loopt achteruit"
	}
	return span{a.start, b.end}, ""
}

func (h headRange) seasonal() bool { return h.first.kind == pSeason && h.last.kind == pSeason }

// recurrence is a repeating phrase. Exactly one of months, weeks and yearly is set.
type recurrence struct {
	months int        // 1, 3, 6, 12: calendar months, quarters, halves, years; 2, 24: counted
	weeks  int        // every so many weeks, counted from the first day
	yearly *headRange // a season (or range of seasons) every year
}

// maxOccurrences stops a recurrence over an absurdly wide window from eating all memory.
const maxOccurrences = 100_000

// spans gives every occurrence whose end (its due date) lies in [lo, hi]. Counted recurrences
// (every two months, every two years, every N weeks) start at lo's month, year or day. It
// returns false when there would be more than maxOccurrences.
func (r recurrence) spans(lo, hi time.Time) ([]span, bool) {
	var out []span
	add := func(s span) bool {
		if !s.end.Before(lo) && !s.end.After(hi) {
			out = append(out, s)
		}
		return len(out) <= maxOccurrences
	}
	if hi.Before(lo) {
		return nil, true
	}
	switch {
	case r.yearly != nil:
		for y := lo.Year() - 1; y <= hi.Year(); y++ {
			s, _ := r.yearly.span(y) // seasons always exist and run forwards
			if !add(s) {
				return nil, false
			}
		}
	case r.weeks > 0:
		for s := lo; !s.After(hi); s = s.AddDate(0, 0, 7*r.weeks) {
			if !add(span{s, s.AddDate(0, 0, 7*r.weeks-1)}) {
				return nil, false
			}
		}
	case r.months > 0:
		var s time.Time
		switch r.months {
		case 2:
			s = date(lo.Year(), lo.Month(), 1)
		case 24:
			s = date(lo.Year(), time.January, 1)
		default:
			m := (int(lo.Month())-1)/r.months*r.months + 1
			s = date(lo.Year(), time.Month(m), 1)
		}
		for ; !s.After(hi); s = s.AddDate(0, r.months, 0) {
			if !add(span{s, s.AddDate(0, r.months, -1)}) {
				return nil, false
			}
		}
	}
	return out, true
}
