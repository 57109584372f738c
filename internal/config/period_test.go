package config_test

import (
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/config"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in      string
		want    config.Period
		start   string
		end     string
		wantErr string
	}{
		{in: "2026H2", want: config.Period{Year: 2026, Half: 2}, start: "2026-07-01", end: "2026-12-31"},
		{in: "2027H1", want: config.Period{Year: 2027, Half: 1}, start: "2027-01-01", end: "2027-06-30"},
		{in: "2028h1", want: config.Period{Year: 2028, Half: 1}, start: "2028-01-01", end: "2028-06-30"},
		{in: " 2029H2 ", want: config.Period{Year: 2029, Half: 2}, start: "2029-07-01", end: "2029-12-31"},
		{in: "2026H3", wantErr: `"2026H3" is geen geldige periode (verwacht 2026H1 of 2026H2)`},
		{in: "2026H0", wantErr: "verwacht 2026H1 of 2026H2"},
		{in: "H2 2026", wantErr: "verwacht bijvoorbeeld 2026H1 of 2026H2"},
		{in: "2026-H2", wantErr: "geen geldige periode"},
		{in: "", wantErr: "geen geldige periode"},
		{in: "1850H1", wantErr: "tussen 1900 en 2200"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := config.ParsePeriod(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParsePeriod(%q) error = %v, want %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParsePeriod(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			if s := got.Start().Format("2006-01-02"); s != tt.start {
				t.Errorf("Start = %s, want %s", s, tt.start)
			}
			if e := got.End().Format("2006-01-02"); e != tt.end {
				t.Errorf("End = %s, want %s", e, tt.end)
			}
			if !got.Contains(got.Start()) || !got.Contains(got.End()) || got.Contains(got.End().AddDate(0, 0, 1)) || got.Contains(got.Start().AddDate(0, 0, -1)) {
				t.Errorf("Contains is wrong at the edges of %v", got)
			}
		})
	}
}

func TestPeriodSequence(t *testing.T) {
	p := config.Period{Year: 2026, Half: 2}
	if got := p.String(); got != "2026H2" {
		t.Errorf("String = %q", got)
	}
	if got := p.Next(); got != (config.Period{Year: 2027, Half: 1}) {
		t.Errorf("Next = %v", got)
	}
	if got := p.Next().Next(); got.String() != "2027H2" {
		t.Errorf("Next.Next = %v", got)
	}
	if got := p.Prev(); got.String() != "2026H1" {
		t.Errorf("Prev = %v", got)
	}
	if got := p.Next().Prev(); got != p {
		t.Errorf("Next.Prev = %v", got)
	}
	if got := config.PeriodOf(date("2027-06-30")); got.String() != "2027H1" {
		t.Errorf("PeriodOf(2027-06-30) = %v", got)
	}
	if got := config.PeriodOf(date("2027-07-01")); got.String() != "2027H2" {
		t.Errorf("PeriodOf(2027-07-01) = %v", got)
	}
	if !(config.Period{}).IsZero() || p.IsZero() {
		t.Error("IsZero is wrong")
	}
}

func TestPeriodText(t *testing.T) {
	var p config.Period
	if err := p.UnmarshalText([]byte("2028H1")); err != nil || p.String() != "2028H1" {
		t.Fatalf("UnmarshalText = %v, %v", p, err)
	}
	if err := p.UnmarshalText([]byte("2028H5")); err == nil {
		t.Fatal("UnmarshalText accepted 2028H5")
	}
	b, _ := config.Period{Year: 2029, Half: 2}.MarshalText()
	if string(b) != "2029H2" {
		t.Fatalf("MarshalText = %q", b)
	}
}
