package inbox

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Month names and abbreviations, Dutch and English (Go has no Dutch ones).
var monthNames = map[string]time.Month{
	"januari": time.January, "january": time.January, "jan": time.January,
	"februari": time.February, "february": time.February, "feb": time.February, "febr": time.February,
	"maart": time.March, "march": time.March, "mrt": time.March, "mar": time.March, "maa": time.March,
	"april": time.April, "apr": time.April,
	"mei": time.May, "may": time.May,
	"juni": time.June, "june": time.June, "jun": time.June,
	"juli": time.July, "july": time.July, "jul": time.July,
	"augustus": time.August, "august": time.August, "aug": time.August,
	"september": time.September, "sep": time.September, "sept": time.September,
	"oktober": time.October, "october": time.October, "okt": time.October, "oct": time.October,
	"november": time.November, "nov": time.November,
	"december": time.December, "dec": time.December,
}

var (
	monthAlt   = monthAlternation()
	dayMonthRe = regexp.MustCompile(`(?i)\b(\d{1,2})(?:e|ste|de|st|nd|rd|th)?\s+(?:of\s+)?(` + monthAlt + `)\b\.?(?:,?\s+(\d{4})\b)?`)
	monthDayRe = regexp.MustCompile(`(?i)\b(` + monthAlt + `)\b\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?`)
	numericRe  = regexp.MustCompile(`\b(\d{1,2})([-/.])(\d{1,2})(?:([-/.])(\d{4}|\d{2}))?\b`)
	isoDateRe  = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	// Ranges within one month: "July 10-31", "10-31 juli", "10 t/m 31 juli".
	// The range's last day is the last day away.
	rangeMonthDayRe = regexp.MustCompile(`(?i)\b(` + monthAlt + `)\b\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|to|through|until|till)\s*(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?`)
	rangeDayMonthRe = regexp.MustCompile(`(?i)\b(\d{1,2})(?:e|ste|de)?\s*(?:-|–|t/m|tot en met|tot)\s*(\d{1,2})(?:e|ste|de)?\s+(` + monthAlt + `)\b\.?(?:\s+(\d{4})\b)?`)

	// The last of these before a date says how to read it.
	awayKeywordRe = regexp.MustCompile(`(?i)\b(tot en met|t/m|tot|until|till|til|through|thru|up to and including|to and including|terug|weer|back|returning|return|returns|retour)\b`)
	// "vanaf 12-1-2027 weer aanwezig": a return word just after the date.
	returnAfterRe = regexp.MustCompile(`(?i)^\W*(\w+\W+){0,3}(weer|terug|back|again)\b`)
)

func monthAlternation() string {
	names := make([]string, 0, len(monthNames))
	for n := range monthNames {
		names = append(names, n)
	}
	// Longest first, so "januari" is not read as "jan" + "uari".
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) > len(names[j])
		}
		return names[i] < names[j]
	})
	return strings.Join(names, "|")
}

type dateMatch struct {
	start, end int
	rangeEnd   bool // the end of a range: the last day away
	year       int  // 0: not given
	month      time.Month
	day        int
}

// awayUntil finds the last day of absence an auto-reply announces, as
// YYYY-MM-DD, or "". The first date that a keyword explains wins:
//
//   - "tot en met X", "t/m X", "tot X", "until X", "through X": away until
//     X. For a bare "tot" this errs on the late side: one request too few is
//     better than one sent into a full mailbox.
//   - "weer aanwezig op X", "terug op X", "vanaf X weer", "back on X",
//     "returning X": back on X, so away until the day before X (calendar
//     day; "back on Monday" gives Sunday).
//
// Missing years are resolved against the message date: the first such day
// from 60 days before the message on (an out-of-office text a few weeks
// stale keeps its year). Without a message date a yearless date is
// skipped. Numeric dates are day-month-year ("12-1-2027").
func awayUntil(text string, sent time.Time) string {
	// Wrapped lines are one sentence; paragraphs are kept apart.
	// An out-of-office says it in its first lines.
	low := strings.ToLower(truncateText(normalizeText(text), 8<<10))
	low = strings.ReplaceAll(strings.ReplaceAll(low, "\n\n", "\x00"), "\n", " ")
	for _, m := range findDates(low) {
		back, ok := classifyDate(low, m)
		if !ok {
			continue
		}
		d, ok := resolveDate(m, sent)
		if !ok {
			continue
		}
		if back {
			d = d.AddDate(0, 0, -1)
		}
		return d.Format(time.DateOnly)
	}
	return ""
}

func findDates(s string) []dateMatch {
	var all []dateMatch
	for _, m := range rangeMonthDayRe.FindAllStringSubmatchIndex(s, -1) {
		all = append(all, dateMatch{start: m[0], end: m[1], rangeEnd: true, month: monthNames[s[m[2]:m[3]]],
			day: atoi(s, m[6], m[7]), year: atoi(s, m[8], m[9])})
	}
	for _, m := range rangeDayMonthRe.FindAllStringSubmatchIndex(s, -1) {
		all = append(all, dateMatch{start: m[0], end: m[1], rangeEnd: true, day: atoi(s, m[4], m[5]),
			month: monthNames[s[m[6]:m[7]]], year: atoi(s, m[8], m[9])})
	}
	for _, m := range dayMonthRe.FindAllStringSubmatchIndex(s, -1) {
		all = append(all, dateMatch{start: m[0], end: m[1], day: atoi(s, m[2], m[3]),
			month: monthNames[s[m[4]:m[5]]], year: atoi(s, m[6], m[7])})
	}
	for _, m := range monthDayRe.FindAllStringSubmatchIndex(s, -1) {
		all = append(all, dateMatch{start: m[0], end: m[1], month: monthNames[s[m[2]:m[3]]],
			day: atoi(s, m[4], m[5]), year: atoi(s, m[6], m[7])})
	}
	for _, m := range isoDateRe.FindAllStringSubmatchIndex(s, -1) {
		all = append(all, dateMatch{start: m[0], end: m[1], year: atoi(s, m[2], m[3]),
			month: time.Month(atoi(s, m[4], m[5])), day: atoi(s, m[6], m[7])})
	}
	for _, m := range numericRe.FindAllStringSubmatchIndex(s, -1) {
		sep := s[m[4]:m[5]]
		if m[8] >= 0 && s[m[8]:m[9]] != sep {
			continue // "5-1/2027" is no date
		}
		if sep == "." && m[10] < 0 {
			continue // "10.12" is a time or a number
		}
		if m[0] > 0 && (s[m[0]-1] == ':' || s[m[0]-1] == '.' || s[m[0]-1] == ',') {
			continue
		}
		if m[1] < len(s) && (s[m[1]] == ':' || m[1]+1 < len(s) && (s[m[1]] == '-' || s[m[1]] == '/') && isDigit(s[m[1]+1])) {
			continue
		}
		year := atoi(s, m[10], m[11])
		if year > 0 && year < 100 {
			year += 2000
		}
		all = append(all, dateMatch{start: m[0], end: m[1], day: atoi(s, m[2], m[3]),
			month: time.Month(atoi(s, m[6], m[7])), year: year})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].start != all[j].start {
			return all[i].start < all[j].start
		}
		return all[i].end > all[j].end
	})
	var out []dateMatch
	end := -1
	for _, d := range all {
		if d.start < end {
			continue // overlaps a longer, earlier match
		}
		out = append(out, d)
		end = d.end
	}
	return out
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func atoi(s string, from, to int) int {
	if from < 0 {
		return 0
	}
	n, _ := strconv.Atoi(s[from:to])
	return n
}

// classifyDate reports whether the date at m is a return date (true) or
// the last day away (false); ok is false when no keyword explains it.
func classifyDate(s string, m dateMatch) (back, ok bool) {
	if m.rangeEnd {
		return false, true
	}
	before := s[max(0, m.start-80):m.start]
	if i := strings.LastIndexByte(before, 0); i >= 0 {
		before = before[i+1:]
	}
	if kws := awayKeywordRe.FindAllStringSubmatchIndex(before, -1); len(kws) > 0 {
		kw := kws[len(kws)-1]
		between := before[kw[1]:]
		if len(strings.Fields(between)) <= 6 && !strings.ContainsAny(between, "0123456789") {
			switch before[kw[2]:kw[3]] {
			case "terug", "weer", "back", "returning", "return", "returns", "retour":
				return true, true
			default:
				return false, true
			}
		}
	}
	after := s[m.end:min(len(s), m.end+40)]
	if i := strings.IndexByte(after, 0); i >= 0 {
		after = after[:i]
	}
	if returnAfterRe.MatchString(after) {
		return true, true
	}
	return false, false
}

func resolveDate(m dateMatch, sent time.Time) (time.Time, bool) {
	if m.month < 1 || m.month > 12 || m.day < 1 || m.day > 31 {
		return time.Time{}, false
	}
	year := m.year
	if year == 0 {
		if sent.IsZero() {
			return time.Time{}, false
		}
		year = sent.Year()
		earliest := time.Date(sent.Year(), sent.Month(), sent.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -60)
		if time.Date(year, m.month, m.day, 0, 0, 0, 0, time.UTC).Before(earliest) {
			year++
		}
	}
	d := time.Date(year, m.month, m.day, 0, 0, 0, 0, time.UTC)
	if d.Day() != m.day { // 31 november
		return time.Time{}, false
	}
	return d, true
}
