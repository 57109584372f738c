package workdays_test

import (
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/workdays"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func amsterdam(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestHoliday(t *testing.T) {
	c := workdays.New(workdays.Options{})
	tests := []struct {
		name string
		date string
		want string // "" = not a holiday
	}{
		{"Koningsdag 2026 op maandag 27 april", "2026-04-27", "Koningsdag"},
		{"Koningsdag 2025 op zaterdag 26 april want 27 april is zondag", "2025-04-26", "Koningsdag"},
		{"27 april 2025 zelf is geen Koningsdag", "2025-04-27", ""},
		{"Nieuwjaarsdag 2027", "2027-01-01", "Nieuwjaarsdag"},
		{"Eerste Paasdag 2027", "2027-03-28", "Eerste Paasdag"},
		{"Tweede Paasdag 2027", "2027-03-29", "Tweede Paasdag"},
		{"Hemelvaartsdag 2026", "2026-05-14", "Hemelvaartsdag"},
		{"Hemelvaartsdag 2028", "2028-05-25", "Hemelvaartsdag"},
		{"Eerste Pinksterdag 2028", "2028-06-04", "Eerste Pinksterdag"},
		{"Tweede Pinksterdag 2028", "2028-06-05", "Tweede Pinksterdag"},
		{"Eerste Kerstdag 2029", "2029-12-25", "Eerste Kerstdag"},
		{"Tweede Kerstdag 2029", "2029-12-26", "Tweede Kerstdag"},
		{"Goede Vrijdag 2026 standaard geen vrije dag", "2026-04-03", ""},
		{"Bevrijdingsdag 2026 standaard geen vrije dag", "2026-05-05", ""},
		{"een gewone dinsdag", "2026-11-24", ""},
		{"een zaterdag is geen feestdag", "2026-11-28", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := c.Holiday(date(tt.date))
			if ok != (tt.want != "") || got != tt.want {
				t.Fatalf("Holiday(%s) = %q, %v; want %q", tt.date, got, ok, tt.want)
			}
		})
	}
}

func TestIsWorkday(t *testing.T) {
	tests := []struct {
		name string
		opts workdays.Options
		date string
		want bool
	}{
		{"gewone maandag", workdays.Options{}, "2026-11-23", true},
		{"zaterdag", workdays.Options{}, "2026-11-28", false},
		{"zondag", workdays.Options{}, "2026-11-29", false},
		{"Koningsdag 2026 (maandag)", workdays.Options{}, "2026-04-27", false},
		{"dag voor Koningsdag 2026", workdays.Options{}, "2026-04-24", true},
		{"Eerste Kerstdag 2026 (vrijdag)", workdays.Options{}, "2026-12-25", false},
		{"Tweede Paasdag 2027", workdays.Options{}, "2027-03-29", false},
		{"Hemelvaartsdag 2028", workdays.Options{}, "2028-05-25", false},
		{"vrijdag na Hemelvaart 2028 is gewoon werkdag", workdays.Options{}, "2028-05-26", true},
		{"Goede Vrijdag 2026 standaard werkdag", workdays.Options{}, "2026-04-03", true},
		{"Goede Vrijdag 2026 als vrije dag", workdays.Options{GoodFriday: true}, "2026-04-03", false},
		{"Bevrijdingsdag 2026 standaard werkdag", workdays.Options{}, "2026-05-05", true},
		{"Bevrijdingsdag 2026 als vrije dag", workdays.Options{LiberationDay: true}, "2026-05-05", false},
		{"collectieve vrije dag", workdays.Options{ExtraClosed: []workdays.ClosedDay{{Date: date("2026-12-31")}}}, "2026-12-31", false},
		{"dag na collectieve vrije dag", workdays.Options{ExtraClosed: []workdays.ClosedDay{{Date: date("2026-12-30")}}}, "2026-12-31", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := workdays.New(tt.opts).IsWorkday(date(tt.date)); got != tt.want {
				t.Fatalf("IsWorkday(%s) = %v, want %v", tt.date, got, tt.want)
			}
		})
	}
}

func TestConfiguredHolidayNames(t *testing.T) {
	c := workdays.New(workdays.Options{
		GoodFriday:    true,
		LiberationDay: true,
		ExtraClosed: []workdays.ClosedDay{
			{Date: date("2027-05-07"), Name: "Brugdag"},
			{Date: date("2026-12-31")},
		},
	})
	for d, want := range map[string]string{
		"2026-04-03": "Goede Vrijdag",
		"2027-05-05": "Bevrijdingsdag",
		"2027-05-07": "Brugdag",
		"2026-12-31": "Extra vrije dag",
	} {
		if got, ok := c.Holiday(date(d)); !ok || got != want {
			t.Errorf("Holiday(%s) = %q, %v; want %q", d, got, ok, want)
		}
	}
}

func TestAddWorkdays(t *testing.T) {
	c := workdays.New(workdays.Options{})
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"nul op een werkdag is dezelfde dag", "2026-11-24", 0, "2026-11-24"},
		{"deadline op zaterdag schuift naar vrijdag", "2026-11-28", 0, "2026-11-27"},
		{"deadline op zondag schuift naar vrijdag", "2026-11-29", 0, "2026-11-27"},
		{"deadline op Koningsdag 2026 schuift naar vrijdag 24 april", "2026-04-27", 0, "2026-04-24"},
		{"deadline op Tweede Paasdag 2027 schuift naar donderdag (Goede Vrijdag werkdag)", "2027-03-29", 0, "2027-03-26"},
		{"deadline op Tweede Kerstdag 2026 (zaterdag) schuift naar 24 december", "2026-12-26", 0, "2026-12-24"},
		{"één werkdag na vrijdag is maandag", "2026-11-27", 1, "2026-11-30"},
		{"één werkdag na zaterdag is maandag", "2026-11-28", 1, "2026-11-30"},
		{"twee werkdagen voor een zondag-deadline", "2026-11-29", -2, "2026-11-25"},
		{"twee werkdagen voor maandag is donderdag", "2026-11-30", -2, "2026-11-26"},
		{"over Hemelvaart 2028 heen", "2028-05-24", 1, "2028-05-26"},
		{"over Pasen 2027 heen terug", "2027-03-30", -1, "2027-03-26"},
		{"20 werkdagen over Kerst en Nieuwjaar", "2026-12-14", 20, "2027-01-13"},
		{"20 werkdagen terug over Kerst en Nieuwjaar", "2027-01-13", -20, "2026-12-14"},
		{"10 werkdagen over Koningsdag 2026", "2026-04-24", 10, "2026-05-11"},
		{"5 werkdagen over Hemelvaart 2026", "2026-05-11", 5, "2026-05-19"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.AddWorkdays(date(tt.from), tt.n)
			if want := date(tt.want); !got.Equal(want) {
				t.Fatalf("AddWorkdays(%s, %d) = %s, want %s", tt.from, tt.n, got.Format(time.DateOnly), tt.want)
			}
			if got.Location() != time.UTC || got.Hour() != 0 {
				t.Fatalf("AddWorkdays returned %v, want midnight UTC", got)
			}
		})
	}
}

func TestAddWorkdaysWithClosedDays(t *testing.T) {
	c := workdays.New(workdays.Options{GoodFriday: true, ExtraClosed: []workdays.ClosedDay{{Date: date("2026-12-31")}}})
	if got, want := c.AddWorkdays(date("2027-03-29"), 0), date("2027-03-25"); !got.Equal(want) {
		t.Errorf("deadline op Tweede Paasdag met Goede Vrijdag vrij = %s, want %s", got.Format(time.DateOnly), want.Format(time.DateOnly))
	}
	// 2026-12-14 + 20 working days, now also skipping 31 December.
	if got, want := c.AddWorkdays(date("2026-12-14"), 20), date("2027-01-14"); !got.Equal(want) {
		t.Errorf("20 werkdagen met collectieve vrije dag = %s, want %s", got.Format(time.DateOnly), want.Format(time.DateOnly))
	}
}

func TestDatesReadInAmsterdam(t *testing.T) {
	c := workdays.New(workdays.Options{})
	// 23:30 UTC on Friday 27 November 2026 is already Saturday in Amsterdam.
	lateFriday := time.Date(2026, 11, 27, 23, 30, 0, 0, time.UTC)
	if c.IsWorkday(lateFriday) {
		t.Errorf("IsWorkday(%v) = true, want false: it is Saturday in Amsterdam", lateFriday)
	}
	if got, want := c.Date(lateFriday), date("2026-11-28"); !got.Equal(want) {
		t.Errorf("Date(%v) = %v, want %v", lateFriday, got, want)
	}
	// Midnight Amsterdam time reads as the same day.
	mondayAMS := time.Date(2026, 4, 27, 0, 0, 0, 0, amsterdam(t))
	if c.IsWorkday(mondayAMS) {
		t.Errorf("IsWorkday(Koningsdag 00:00 Amsterdam) = true")
	}
}

func TestSendTimeAcrossDST(t *testing.T) {
	c := workdays.New(workdays.Options{})
	ams := amsterdam(t)
	tests := []struct {
		name    string
		date    string
		wantUTC string
	}{
		{"winter: 09:00 is 08:00 UTC", "2026-03-27", "2026-03-27T08:00:00Z"},
		{"na de lente-overgang (29 maart 2026): 09:00 is 07:00 UTC", "2026-03-30", "2026-03-30T07:00:00Z"},
		{"zomer tot de herfst-overgang", "2026-10-23", "2026-10-23T07:00:00Z"},
		{"na de herfst-overgang (25 oktober 2026): weer 08:00 UTC", "2026-10-26", "2026-10-26T08:00:00Z"},
		{"dag van de lente-overgang 2027 zelf", "2027-03-28", "2027-03-28T07:00:00Z"},
		{"dag van de herfst-overgang 2027 zelf", "2027-10-31", "2027-10-31T08:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.SendTime(date(tt.date), 9, 0)
			if got.Format(time.RFC3339) != tt.wantUTC {
				t.Fatalf("SendTime(%s, 09:00) = %s, want %s", tt.date, got.Format(time.RFC3339), tt.wantUTC)
			}
			if local := got.In(ams); local.Hour() != 9 || local.Minute() != 0 {
				t.Fatalf("SendTime(%s, 09:00) is %s local", tt.date, local)
			}
		})
	}
}

func TestNextSendTime(t *testing.T) {
	c := workdays.New(workdays.Options{})
	ams := amsterdam(t)
	tests := []struct {
		name  string
		after time.Time
		want  time.Time
	}{
		{"voor 09:00 op een werkdag: vandaag", time.Date(2026, 11, 24, 8, 59, 0, 0, ams), time.Date(2026, 11, 24, 9, 0, 0, 0, ams)},
		{"precies 09:00: de volgende werkdag", time.Date(2026, 11, 24, 9, 0, 0, 0, ams), time.Date(2026, 11, 25, 9, 0, 0, 0, ams)},
		{"vrijdagmiddag: maandag", time.Date(2026, 11, 27, 14, 0, 0, 0, ams), time.Date(2026, 11, 30, 9, 0, 0, 0, ams)},
		{"Kerstavond 2026 middag: maandag 28 december", time.Date(2026, 12, 24, 12, 0, 0, 0, ams), time.Date(2026, 12, 28, 9, 0, 0, 0, ams)},
		{"oudjaarsavond 2026: maandag 4 januari 2027", time.Date(2026, 12, 31, 18, 0, 0, 0, ams), time.Date(2027, 1, 4, 9, 0, 0, 0, ams)},
		{"over de lente-overgang 2026 heen", time.Date(2026, 3, 27, 10, 0, 0, 0, ams), time.Date(2026, 3, 30, 9, 0, 0, 0, ams)},
		{"over de herfst-overgang 2026 heen", time.Date(2026, 10, 23, 10, 0, 0, 0, ams), time.Date(2026, 10, 26, 9, 0, 0, 0, ams)},
		{"UTC-tijdstip laat op donderdag 23 april 2026: vrijdag 24 april", time.Date(2026, 4, 23, 22, 30, 0, 0, time.UTC), time.Date(2026, 4, 24, 9, 0, 0, 0, ams)},
		{"vrijdag 24 april 2026 na 09:00: dinsdag na Koningsdag", time.Date(2026, 4, 24, 9, 30, 0, 0, ams), time.Date(2026, 4, 28, 9, 0, 0, 0, ams)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.NextSendTime(tt.after, 9, 0)
			if !got.Equal(tt.want) {
				t.Fatalf("NextSendTime(%s) = %s, want %s", tt.after, got.In(ams), tt.want)
			}
			if got.Location() != time.UTC {
				t.Fatalf("NextSendTime returned location %v, want UTC", got.Location())
			}
		})
	}
}

func TestOtherLocation(t *testing.T) {
	utc := workdays.New(workdays.Options{Location: time.UTC})
	if got := utc.SendTime(date("2026-07-01"), 9, 0); got.Hour() != 9 {
		t.Fatalf("SendTime in UTC calendar = %v, want 09:00 UTC", got)
	}
	if utc.Location() != time.UTC {
		t.Fatalf("Location() = %v", utc.Location())
	}
	if def := workdays.New(workdays.Options{}).Location().String(); def != "Europe/Amsterdam" {
		t.Fatalf("default Location() = %s", def)
	}
}
