// Package i18n holds the few language facts voortgang needs to speak Dutch and
// English to people: month and weekday names, date formats, reporting-period
// labels, and the labels of statuses and PDCA phases.
//
// It is deliberately a small table and no framework: Go has no Dutch month
// names, and everything here is looked up, never translated at run time. It
// must not know about the store, templates or channels.
package i18n

import (
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Amsterdam must load in a slim container.
)

// Supported languages. Anything else falls back to Dutch, the users' language.
const (
	Dutch   = "nl"
	English = "en"
)

// Lang normalises a language tag to one of the supported languages:
// "en", "en-GB", "EN" give English; everything else, including "", gives Dutch.
func Lang(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	if l == English || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") {
		return English
	}
	return Dutch
}

var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		// Cannot happen with time/tzdata embedded; fail loudly rather than
		// silently computing deadlines in UTC.
		panic("i18n: load Europe/Amsterdam: " + err.Error())
	}
	return loc
}()

// Amsterdam returns the Europe/Amsterdam location, in which all calendar logic
// and all dates shown to people are expressed.
func Amsterdam() *time.Location { return amsterdam }

var monthsNL = [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

var weekdaysNL = [7]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}

// MonthName returns the full month name: "februari" in Dutch (lower case, as
// Dutch writes it), "February" in English.
func MonthName(m time.Month, lang string) string {
	if m < time.January || m > time.December {
		return ""
	}
	if Lang(lang) == English {
		return m.String()
	}
	return monthsNL[m-1]
}

// Weekday returns the weekday name: "maandag" in Dutch, "Monday" in English.
func Weekday(d time.Weekday, lang string) string {
	if d < time.Sunday || d > time.Saturday {
		return ""
	}
	if Lang(lang) == English {
		return d.String()
	}
	return weekdaysNL[d]
}

// monthNames maps every accepted spelling (lower case, without a trailing
// dot) to its month: Dutch full names and the abbreviations Dutch documents
// use, and the English names as a courtesy.
var monthNames = func() map[string]time.Month {
	m := map[string]time.Month{}
	for i, n := range monthsNL {
		m[n] = time.Month(i + 1)
		m[strings.ToLower(time.Month(i+1).String())] = time.Month(i + 1)
	}
	abbrev := map[string]time.Month{
		"jan": time.January, "feb": time.February, "febr": time.February,
		"mrt": time.March, "mar": time.March, "maa": time.March,
		"apr": time.April, "mei": time.May, "may": time.May,
		"jun": time.June, "jul": time.July, "aug": time.August,
		"sep": time.September, "sept": time.September,
		"okt": time.October, "oct": time.October,
		"nov": time.November, "dec": time.December,
	}
	for k, v := range abbrev {
		m[k] = v
	}
	return m
}()

// MonthByName accepts a Dutch month name or abbreviation ("februari", "feb",
// "mrt", "sept", "okt."), case-insensitively, and returns the month. English
// names are accepted too. ok is false for anything else.
func MonthByName(name string) (m time.Month, ok bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimSuffix(n, ".")
	m, ok = monthNames[n]
	return m, ok
}

// FormatDate formats the calendar date of t in Europe/Amsterdam:
// "1 februari 2027" in Dutch, "1 February 2027" in English.
// The zero time gives "".
func FormatDate(t time.Time, lang string) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(amsterdam)
	return strconv.Itoa(t.Day()) + " " + MonthName(t.Month(), lang) + " " + strconv.Itoa(t.Year())
}

// FormatDayDate is FormatDate with the weekday in front:
// "maandag 1 februari 2027", "Monday 1 February 2027".
func FormatDayDate(t time.Time, lang string) string {
	if t.IsZero() {
		return ""
	}
	return Weekday(t.In(amsterdam).Weekday(), lang) + " " + FormatDate(t, lang)
}

// FormatDateTime formats t in Europe/Amsterdam with a 24-hour clock:
// "1 februari 2027 om 09:00", "1 February 2027 at 09:00".
func FormatDateTime(t time.Time, lang string) string {
	if t.IsZero() {
		return ""
	}
	word := " om "
	if Lang(lang) == English {
		word = " at "
	}
	return FormatDate(t, lang) + word + t.In(amsterdam).Format("15:04")
}
