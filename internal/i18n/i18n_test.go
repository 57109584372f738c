package i18n

import (
	"testing"
	"time"
)

func TestFormatDate(t *testing.T) {
	ams := Amsterdam()
	tests := []struct {
		name string
		t    time.Time
		lang string
		want string
	}{
		{"deadline uitvraag in het Nederlands", time.Date(2027, 2, 1, 9, 0, 0, 0, ams), "nl", "1 februari 2027"},
		{"deadline uitvraag in het Engels", time.Date(2027, 2, 1, 9, 0, 0, 0, ams), "en", "1 February 2027"},
		{"onbekende taal valt terug op Nederlands", time.Date(2026, 3, 15, 0, 0, 0, 0, ams), "de", "15 maart 2026"},
		{"lege taal is Nederlands", time.Date(2026, 12, 31, 0, 0, 0, 0, ams), "", "31 december 2026"},
		{"en-GB is Engels", time.Date(2026, 12, 31, 0, 0, 0, 0, ams), "en-GB", "31 December 2026"},
		{"UTC-avond is in Amsterdam al de volgende dag", time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC), "nl", "1 juli 2026"},
		{"nultijd geeft niets", time.Time{}, "nl", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatDate(tt.t, tt.lang); got != tt.want {
				t.Errorf("FormatDate = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormatDateTime(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		lang string
		want string
	}{
		{"ochtend in de winter", time.Date(2027, 2, 1, 8, 0, 0, 0, time.UTC), "nl", "1 februari 2027 om 09:00"},
		{"zomertijd", time.Date(2026, 7, 1, 7, 5, 0, 0, time.UTC), "nl", "1 juli 2026 om 09:05"},
		{"Engels", time.Date(2027, 2, 1, 8, 0, 0, 0, time.UTC), "en", "1 February 2027 at 09:00"},
		{"middag 24-uursklok", time.Date(2026, 11, 3, 14, 30, 0, 0, Amsterdam()), "nl", "3 november 2026 om 14:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatDateTime(tt.t, tt.lang); got != tt.want {
				t.Errorf("FormatDateTime = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormatDayDate(t *testing.T) {
	d := time.Date(2027, 2, 1, 12, 0, 0, 0, Amsterdam())
	if got, want := FormatDayDate(d, "nl"), "maandag 1 februari 2027"; got != want {
		t.Errorf("nl: %q, want %q", got, want)
	}
	if got, want := FormatDayDate(d, "en"), "Monday 1 February 2027"; got != want {
		t.Errorf("en: %q, want %q", got, want)
	}
}

func TestWeekday(t *testing.T) {
	want := []string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}
	for d, w := range want {
		if got := Weekday(time.Weekday(d), "nl"); got != w {
			t.Errorf("Weekday(%d) = %q, want %q", d, got, w)
		}
	}
	if got := Weekday(time.Wednesday, "en"); got != "Wednesday" {
		t.Errorf("English Wednesday = %q", got)
	}
	if got := Weekday(time.Weekday(9), "nl"); got != "" {
		t.Errorf("out of range = %q, want empty", got)
	}
}

func TestMonthName(t *testing.T) {
	want := []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}
	for i, w := range want {
		m := time.Month(i + 1)
		if got := MonthName(m, "nl"); got != w {
			t.Errorf("MonthName(%v) = %q, want %q", m, got, w)
		}
		// Every full Dutch name must parse back to its month.
		if back, ok := MonthByName(w); !ok || back != m {
			t.Errorf("MonthByName(%q) = %v, %v", w, back, ok)
		}
	}
	if got := MonthName(time.March, "en"); got != "March" {
		t.Errorf("English March = %q", got)
	}
	if got := MonthName(0, "nl"); got != "" {
		t.Errorf("month 0 = %q, want empty", got)
	}
}

func TestMonthByName(t *testing.T) {
	tests := []struct {
		in   string
		want time.Month
		ok   bool
	}{
		{"jan", time.January, true},
		{"feb", time.February, true},
		{"mrt", time.March, true},
		{"apr", time.April, true},
		{"mei", time.May, true},
		{"jun", time.June, true},
		{"jul", time.July, true},
		{"aug", time.August, true},
		{"sep", time.September, true},
		{"sept", time.September, true},
		{"okt", time.October, true},
		{"nov", time.November, true},
		{"dec", time.December, true},
		{"Okt.", time.October, true},
		{" Maart ", time.March, true},
		{"OKTOBER", time.October, true},
		{"October", time.October, true},
		{"maandag", 0, false},
		{"", 0, false},
		{"Q3", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := MonthByName(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("MonthByName(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestPeriodLabel(t *testing.T) {
	tests := []struct {
		period, lang, want string
	}{
		{"2026H2", "nl", "tweede helft 2026"},
		{"2026H2", "en", "second half of 2026"},
		{"2027H1", "nl", "eerste helft 2027"},
		{"2027H1", "en", "first half of 2027"},
		{"2026h2", "nl", "tweede helft 2026"},
		{"2026Q3", "nl", "derde kwartaal 2026"},
		{"2026Q4", "en", "fourth quarter of 2026"},
		{"2028", "nl", "2028"},
		{"2026H3", "nl", "2026H3"},
		{"najaar", "nl", "najaar"},
		{"", "nl", ""},
	}
	for _, tt := range tests {
		t.Run(tt.period+"/"+tt.lang, func(t *testing.T) {
			if got := PeriodLabel(tt.period, tt.lang); got != tt.want {
				t.Errorf("PeriodLabel(%q, %q) = %q, want %q", tt.period, tt.lang, got, tt.want)
			}
		})
	}
}

func TestStatusLabel(t *testing.T) {
	tests := []struct {
		in, nl, en string
	}{
		{StatusOnTrack, "op schema", "on track"},
		{StatusDelayed, "vertraagd", "delayed"},
		{StatusDone, "gereed", "done"},
		{StatusNotStarted, "niet gestart", "not started"},
		{StatusCancelled, "vervallen", "cancelled"},
		{"Vertraagd", "vertraagd", "delayed"},
		{"on track", "op schema", "on track"},
		{"onbekend", "onbekend", "onbekend"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := StatusLabel(tt.in, "nl"); got != tt.nl {
				t.Errorf("nl = %q, want %q", got, tt.nl)
			}
			if got := StatusLabel(tt.in, "en"); got != tt.en {
				t.Errorf("en = %q, want %q", got, tt.en)
			}
		})
	}
	for _, code := range Statuses {
		if _, ok := statusLabels[code]; !ok {
			t.Errorf("status %q has no label", code)
		}
	}
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"op schema", StatusOnTrack, true},
		{"Op  Schema.", StatusOnTrack, true},
		{"vertraagd", StatusDelayed, true},
		{"gereed!", StatusDone, true},
		{"afgerond", StatusDone, true},
		{"niet gestart", StatusNotStarted, true},
		{"nog niet gestart", StatusNotStarted, true},
		{"vervallen", StatusCancelled, true},
		{"delayed", StatusDelayed, true},
		{"not started", StatusNotStarted, true},
		{"het loopt prima", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseStatus(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ParseStatus(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestPhaseLabel(t *testing.T) {
	tests := []struct {
		in, nl, en string
	}{
		{"plan", "Plan", "Plan"},
		{"Do", "Do", "Do"},
		{"check", "Check", "Check"},
		{"ACT", "Act", "Act"},
		{"contract", "Contractgesprek", "Contract meeting"},
		{"", "Contractgesprek", "Contract meeting"},
		{"Contractgesprek", "Contractgesprek", "Contract meeting"},
		{"evaluatie", "evaluatie", "evaluatie"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := PhaseLabel(tt.in, "nl"); got != tt.nl {
				t.Errorf("nl = %q, want %q", got, tt.nl)
			}
			if got := PhaseLabel(tt.in, "en"); got != tt.en {
				t.Errorf("en = %q, want %q", got, tt.en)
			}
		})
	}
}

func TestRoleLabel(t *testing.T) {
	if got := RoleLabel("trekker", "en"); got != "lead" {
		t.Errorf("trekker en = %q", got)
	}
	if got := RoleLabel("bijdrager", "nl"); got != "bijdrager" {
		t.Errorf("bijdrager nl = %q", got)
	}
	if got := RoleLabel("lead", "nl"); got != "trekker" {
		t.Errorf("lead nl = %q", got)
	}
}

func TestAmsterdam(t *testing.T) {
	loc := Amsterdam()
	if loc.String() != "Europe/Amsterdam" {
		t.Fatalf("location = %q", loc)
	}
	winter := time.Date(2027, 1, 15, 12, 0, 0, 0, loc)
	summer := time.Date(2026, 7, 15, 12, 0, 0, 0, loc)
	if _, off := winter.Zone(); off != 3600 {
		t.Errorf("winter offset = %d, want 3600", off)
	}
	if _, off := summer.Zone(); off != 7200 {
		t.Errorf("summer offset = %d, want 7200", off)
	}
}
