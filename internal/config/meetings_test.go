package config_test

import (
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/config"
)

func TestMeetingDeadline(t *testing.T) {
	tests := []struct {
		name     string
		meeting  string
		holidays string
		want     string
	}{
		{"vaste deadline op een werkdag", "{date: 2027-02-04, period: 2026H2, deadline: 2027-01-14}", "", "2027-01-14"},
		{"vaste deadline op zaterdag schuift naar vrijdag", "{date: 2027-02-04, period: 2026H2, deadline: 2027-01-16}", "", "2027-01-15"},
		{"vaste deadline op Koningsdag 2028 schuift naar 26 april", "{date: 2028-05-11, period: 2028H1, deadline: 2028-04-27}", "", "2028-04-26"},
		{"15 werkdagen voor 1 juli 2027", "{date: 2027-07-01, period: 2027H1, deadline_offset: 15 werkdagen}", "", "2027-06-10"},
		{"zonder deadline geldt 15 werkdagen", "{date: 2027-07-01, period: 2027H1}", "", "2027-06-10"},
		{"10 werkdagen over Nieuwjaar heen", "{date: 2027-01-14, period: 2026H2, deadline_offset: 10 werkdagen}", "", "2026-12-30"},
		{"10 werkdagen over Nieuwjaar met collectieve vrije dag", "{date: 2027-01-14, period: 2026H2, deadline_offset: 10 werkdagen}", "holidays: {extra_closed_days: [2026-12-31, 2026-12-30]}\n", "2026-12-28"},
		{"5 werkdagen over Tweede Pinksterdag 2028", "{date: 2028-06-08, period: 2028H1, deadline_offset: 5 werkdagen}", "", "2028-05-31"},
		{"1 werkdag", "{date: 2028-06-06, period: 2028H1, deadline_offset: 1 werkdag}", "", "2028-06-02"},
		{"21 dagen landt op Tweede Paasdag 2027: vrijdag ervoor", "{date: 2027-04-19, period: 2027H1, deadline_offset: 21 dagen}", "", "2027-03-26"},
		{"21 dagen landt op Tweede Paasdag 2027, Goede Vrijdag vrij: donderdag", "{date: 2027-04-19, period: 2027H1, deadline_offset: 21 dagen}", "holidays: {goede_vrijdag: true}\n", "2027-03-25"},
		{"Bevrijdingsdag 2028 als vrije dag", "{date: 2028-05-12, period: 2028H1, deadline: 2028-05-05}", "holidays: {bevrijdingsdag: true}\n", "2028-05-04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sections := map[string]string{"meetings": "meetings:\n  - " + tt.meeting + "\n"}
			if tt.holidays != "" {
				sections["holidays"] = tt.holidays
			}
			c := mustParse(t, yamlWith(sections), nil)
			got := c.Meetings[0].Deadline()
			if !got.Equal(date(tt.want)) {
				t.Fatalf("Deadline = %s (%s), want %s", got.Format(time.DateOnly), got.Weekday(), tt.want)
			}
			if !c.Calendar().IsWorkday(got) {
				t.Fatalf("Deadline %s is not a working day", got.Format(time.DateOnly))
			}
		})
	}
}

func TestMeetingFor(t *testing.T) {
	c := mustParse(t, yamlWith(nil), nil)
	m, ok := c.MeetingFor(config.Period{Year: 2027, Half: 1})
	if !ok || !m.Day().Equal(date("2027-07-01")) || m.ReportingPeriod().String() != "2027H1" {
		t.Fatalf("MeetingFor(2027H1) = %+v, %v", m, ok)
	}
	if _, ok := c.MeetingFor(config.Period{Year: 2029, Half: 1}); ok {
		t.Fatal("MeetingFor(2029H1) found a meeting that is not configured")
	}
}

func TestNextMeeting(t *testing.T) {
	c := mustParse(t, yamlWith(nil), nil)
	ams := c.Location()
	tests := []struct {
		name string
		now  time.Time
		want string // "" = none
	}{
		{"ruim ervoor", time.Date(2026, 11, 23, 10, 0, 0, 0, ams), "2027-02-04"},
		{"op de vergaderdag zelf", time.Date(2027, 2, 4, 8, 0, 0, 0, ams), "2027-02-04"},
		{"de avond na de vergadering (UTC-tijdstip, al 5 februari in Amsterdam)", time.Date(2027, 2, 4, 23, 30, 0, 0, time.UTC), "2027-07-01"},
		{"na de laatste vergadering", time.Date(2027, 7, 2, 9, 0, 0, 0, ams), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := c.NextMeeting(tt.now)
			if tt.want == "" {
				if ok {
					t.Fatalf("NextMeeting = %s, want none", m.Date)
				}
				return
			}
			if !ok || !m.Day().Equal(date(tt.want)) {
				t.Fatalf("NextMeeting = %s, %v; want %s", m.Date, ok, tt.want)
			}
		})
	}
}
