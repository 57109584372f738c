// Package workdays is the working-day calendar of the Regio: which days messages may go out
// on, and how "N werkdagen voor de deadline" is counted. A working day is a Monday to Friday
// that is not a Dutch public holiday (from github.com/rickar/cal/v2/nl) and not one of the
// configured extra closed days. All calendar logic runs in one location, Europe/Amsterdam by
// default.
//
// Dates and instants. Every function that takes a "date" reads the calendar day of that value
// in the calendar's location, so a date at midnight UTC (the convention of the timing and
// planner packages) reads as the same day, and an instant (clock.Now()) reads as the day it
// is in Amsterdam. Dates returned are midnight UTC; instants returned are UTC.
//
// Defaults, and why. Goede Vrijdag and Bevrijdingsdag (5 mei) are working days unless
// configured otherwise: both are national holidays on paper, but whether they are a day off
// depends on the employer's collective agreement and, for 5 mei, on the year. The always-off
// days are Nieuwjaarsdag, Eerste en Tweede Paasdag, Koningsdag (27 april, or 26 april when
// the 27th is a Sunday), Hemelvaartsdag, Eerste en Tweede Pinksterdag and Eerste en Tweede
// Kerstdag.
//
// This package only answers questions about days; it never reads the clock.
package workdays

import (
	"sync"
	"time"
	_ "time/tzdata" // Europe/Amsterdam must load in a slim container too

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/aa"
	"github.com/rickar/cal/v2/nl"
)

// DefaultTimezone is where the Regio's calendar runs.
const DefaultTimezone = "Europe/Amsterdam"

// Options configure a Calendar. The zero value is the default Dutch working week in
// Europe/Amsterdam with Goede Vrijdag and Bevrijdingsdag as working days.
type Options struct {
	// Location is where days start and end; nil means Europe/Amsterdam.
	Location *time.Location
	// GoodFriday makes Goede Vrijdag a day off.
	GoodFriday bool
	// LiberationDay makes Bevrijdingsdag (5 mei) a day off every year.
	LiberationDay bool
	// ExtraClosed are further days off, such as the Regio's collective days off.
	ExtraClosed []ClosedDay
}

// ClosedDay is one extra day off. An empty Name reads as "Extra vrije dag".
type ClosedDay struct {
	Date time.Time
	Name string
}

// extraClosedName is the name Holiday gives an extra closed day without a name of its own.
const extraClosedName = "Extra vrije dag"

// Calendar answers working-day questions. It is safe for concurrent use.
type Calendar struct {
	loc      *time.Location
	holidays []*cal.Holiday
	extra    map[day]string

	mu    sync.Mutex
	years map[int]map[day]string // holidays per year, computed on first use
}

// day is a calendar date without a location.
type day struct {
	y int
	m time.Month
	d int
}

func (d day) utc() time.Time { return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, time.UTC) }

func (d day) add(n int) day {
	y, m, dd := d.utc().AddDate(0, 0, n).Date()
	return day{y, m, dd}
}

// Fixed holidays that are always days off. The Sundays (Eerste Paasdag, Eerste Pinksterdag)
// are listed only so that Holiday can name them.
var (
	eerstePaasdag      = aa.Easter.Clone(&cal.Holiday{Name: "Eerste Paasdag", Type: cal.ObservancePublic})
	eerstePinksterdag  = aa.Pentecost.Clone(&cal.Holiday{Name: "Eerste Pinksterdag", Type: cal.ObservancePublic})
	alwaysClosed       = []*cal.Holiday{nl.Nieuwjaar, eerstePaasdag, nl.TweedePaasdag, nl.Koningsdag, nl.Hemelvaart, eerstePinksterdag, nl.TweedePinksterDag, nl.EersteKerstdag, nl.TweedeKerstdag}
	defaultLocation, _ = time.LoadLocation(DefaultTimezone)
)

// New returns a Calendar for opts.
func New(opts Options) *Calendar {
	c := &Calendar{
		loc:      opts.Location,
		holidays: append([]*cal.Holiday(nil), alwaysClosed...),
		extra:    make(map[day]string, len(opts.ExtraClosed)),
		years:    make(map[int]map[day]string),
	}
	if c.loc == nil {
		c.loc = defaultLocation
	}
	if opts.GoodFriday {
		c.holidays = append(c.holidays, nl.GoedeVrijdag)
	}
	if opts.LiberationDay {
		c.holidays = append(c.holidays, nl.BevrijdingsDag)
	}
	for _, cd := range opts.ExtraClosed {
		name := cd.Name
		if name == "" {
			name = extraClosedName
		}
		c.extra[c.dayOf(cd.Date)] = name
	}
	return c
}

// Location is where the calendar's days start and end.
func (c *Calendar) Location() *time.Location { return c.loc }

func (c *Calendar) dayOf(t time.Time) day {
	y, m, d := t.In(c.loc).Date()
	return day{y, m, d}
}

// Date returns the calendar day of t in the calendar's location, as midnight UTC.
func (c *Calendar) Date(t time.Time) time.Time { return c.dayOf(t).utc() }

// yearHolidays returns the (observed) holidays of year y, by day.
func (c *Calendar) yearHolidays(y int) map[day]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.years[y]; ok {
		return m
	}
	m := make(map[day]string, len(c.holidays))
	for _, h := range c.holidays {
		_, observed := h.Calc(y)
		if observed.IsZero() {
			continue
		}
		oy, om, od := observed.Date()
		m[day{oy, om, od}] = h.Name
	}
	c.years[y] = m
	return m
}

func (c *Calendar) closed(d day) (string, bool) {
	if name, ok := c.yearHolidays(d.y)[d]; ok {
		return name, true
	}
	name, ok := c.extra[d]
	return name, ok
}

func (c *Calendar) isWorkday(d day) bool {
	switch d.utc().Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	_, closed := c.closed(d)
	return !closed
}

// Holiday names the day off that date is: a public holiday that the calendar observes
// ("Koningsdag", "Tweede Kerstdag") or an extra closed day. Weekends are not holidays, and
// Goede Vrijdag and Bevrijdingsdag are only reported when they are configured as days off.
// Koningsdag is reported on the day it is celebrated (26 april when the 27th is a Sunday).
func (c *Calendar) Holiday(date time.Time) (name string, ok bool) {
	return c.closed(c.dayOf(date))
}

// IsWorkday reports whether date is a working day.
func (c *Calendar) IsWorkday(date time.Time) bool { return c.isWorkday(c.dayOf(date)) }

// AddWorkdays counts n working days from date and returns that day as midnight UTC.
//
// A date that is not a working day is first moved to the previous working day: a deadline
// that falls on a weekend or holiday is due on the working day before it. So AddWorkdays(d, 0)
// is d itself when d is a working day, else the working day before d; AddWorkdays(d, -2) is
// two working days before that; AddWorkdays(d, 3) is the third working day after it.
func (c *Calendar) AddWorkdays(date time.Time, n int) time.Time {
	d := c.dayOf(date)
	for !c.isWorkday(d) {
		d = d.add(-1)
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.add(step)
		if c.isWorkday(d) {
			n--
		}
	}
	return d.utc()
}

// SendTime is the instant at hour:minute local time on the calendar day of date, in UTC.
// The wall-clock time stays the same across daylight-saving changes: 09:00 is 08:00 UTC in
// winter and 07:00 UTC in summer. It does not check that date is a working day.
func (c *Calendar) SendTime(date time.Time, hour, minute int) time.Time {
	d := c.dayOf(date)
	return time.Date(d.y, d.m, d.d, hour, minute, 0, 0, c.loc).UTC()
}

// NextSendTime is the first instant strictly after after that is hour:minute local time on
// a working day, in UTC.
func (c *Calendar) NextSendTime(after time.Time, hour, minute int) time.Time {
	d := c.dayOf(after)
	for {
		if c.isWorkday(d) {
			if t := time.Date(d.y, d.m, d.d, hour, minute, 0, 0, c.loc); t.After(after) {
				return t.UTC()
			}
		}
		d = d.add(1)
	}
}
