package config

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Meeting is a portefeuillehoudersoverleg (PHO) that a half-year report goes to.
//
// The document deadline is either a date (deadline: 2027-01-14) or an offset before the
// meeting (deadline_offset: "15 werkdagen" or "21 dagen"); with neither it is 15 werkdagen.
// A deadline that falls on a weekend, holiday or closed day moves to the working day before.
type Meeting struct {
	Name           string `yaml:"name,omitempty"`            // "PHO Sociaal Domein"
	Date           string `yaml:"date"`                      // 2027-02-04
	Period         string `yaml:"period"`                    // 2026H2: the period the report is about
	DeadlineDate   string `yaml:"deadline,omitempty"`        // 2027-01-14
	DeadlineOffset string `yaml:"deadline_offset,omitempty"` // "15 werkdagen" | "21 dagen"

	day      time.Time
	period   Period
	deadline time.Time
}

// DefaultDeadlineOffset applies when a meeting gives neither deadline nor deadline_offset.
const DefaultDeadlineOffset = "15 werkdagen"

// Day is the meeting date, midnight UTC.
func (m Meeting) Day() time.Time { return m.day }

// ReportingPeriod is the half year the meeting's report is about.
func (m Meeting) ReportingPeriod() Period { return m.period }

// Deadline is the resolved document deadline (a working day), midnight UTC.
func (m Meeting) Deadline() time.Time { return m.deadline }

var offsetRE = regexp.MustCompile(`^(\d+)\s+(werkdagen|werkdag|dagen|dag)$`)

// resolveDeadline computes the deadline from the explicit date or the offset.
func resolveDeadline(m Meeting, cal interface {
	AddWorkdays(time.Time, int) time.Time
}) (time.Time, error) {
	if m.DeadlineDate != "" {
		d, err := parseDate(m.DeadlineDate)
		if err != nil {
			return time.Time{}, err
		}
		return cal.AddWorkdays(d, 0), nil
	}
	off := m.DeadlineOffset
	if off == "" {
		off = DefaultDeadlineOffset
	}
	n, workdays, err := parseOffset(off)
	if err != nil {
		return time.Time{}, err
	}
	if workdays {
		return cal.AddWorkdays(m.day, -n), nil
	}
	return cal.AddWorkdays(m.day.AddDate(0, 0, -n), 0), nil
}

// parseOffset reads "15 werkdagen" or "21 dagen": a count before the meeting.
func parseOffset(s string) (n int, workdays bool, err error) {
	m := offsetRE.FindStringSubmatch(s)
	if m == nil {
		if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
			return 0, false, fmt.Errorf("%q: schrijf het aantal zonder teken; de deadline ligt altijd vóór de vergadering (bijvoorbeeld \"15 werkdagen\")", s)
		}
		return 0, false, fmt.Errorf("%q is geen geldige termijn (verwacht bijvoorbeeld \"15 werkdagen\" of \"21 dagen\")", s)
	}
	n, err = strconv.Atoi(m[1])
	if err != nil || n < 1 || n > 365 {
		return 0, false, fmt.Errorf("%q: het aantal moet tussen 1 en 365 liggen", s)
	}
	return n, m[2] == "werkdagen" || m[2] == "werkdag", nil
}

func parseDate(s string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is geen geldige datum (verwacht JJJJ-MM-DD, bijvoorbeeld 2027-02-04)", s)
	}
	return d, nil
}

// MeetingFor returns the meeting that the report about p goes to.
func (c *Config) MeetingFor(p Period) (Meeting, bool) {
	for _, m := range c.Meetings {
		if m.period == p {
			return m, true
		}
	}
	return Meeting{}, false
}

// NextMeeting returns the first meeting on or after the calendar day of now (in the
// configured timezone).
func (c *Config) NextMeeting(now time.Time) (Meeting, bool) {
	today := c.cal.Date(now)
	var best Meeting
	found := false
	for _, m := range c.Meetings {
		if m.day.Before(today) {
			continue
		}
		if !found || m.day.Before(best.day) {
			best, found = m, true
		}
	}
	return best, found
}
