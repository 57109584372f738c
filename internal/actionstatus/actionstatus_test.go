package actionstatus

import (
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/i18n"
)

func TestOf(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2027, 6, d, 10, 0, 0, 0, time.UTC) }
	regio := []string{"regio"}
	gemeenten := []string{"hilversum", "huizen", "laren"}
	for _, tc := range []struct {
		name    string
		lead    []string
		answers []Answer
		want    Result
	}{
		{"nobody", regio, nil, Result{}},
		{"lead answers", regio, []Answer{{"anna", []string{"regio"}, "op schema", at(1)}},
			Result{Code: i18n.StatusOnTrack, ByLead: true, LeadAnswered: []string{"regio"}}},
		{"lead outranks a worse contributor", regio, []Answer{
			{"anna", []string{"regio"}, "op schema", at(1)},
			{"pieter", []string{"hilversum"}, "vertraagd", at(2)}},
			Result{Code: i18n.StatusOnTrack, ByLead: true, LeadAnswered: []string{"regio"}}},
		{"silent lead: the worst contributor", regio, []Answer{
			{"pieter", []string{"hilversum"}, "op schema", at(1)},
			{"fatima", []string{"huizen"}, "vertraagd", at(2)}},
			Result{Code: i18n.StatusDelayed}},
		{"newest answer of a contact counts", regio, []Answer{
			{"anna", []string{"regio"}, "gereed", at(3)},
			{"anna", []string{"regio"}, "vertraagd", at(1)}},
			Result{Code: i18n.StatusDone, ByLead: true, LeadAnswered: []string{"regio"}}},
		{"municipalities combine to the worst", gemeenten, []Answer{
			{"pieter", []string{"hilversum"}, "op schema", at(1)},
			{"fatima", []string{"huizen"}, "niet gestart", at(2)}},
			Result{Code: i18n.StatusNotStarted, ByLead: true, LeadAnswered: []string{"hilversum", "huizen"}}},
		{"a lead answer without status falls back", regio, []Answer{
			{"anna", []string{"regio"}, "", at(1)},
			{"pieter", []string{"hilversum"}, "vertraagd", at(2)}},
			Result{Code: i18n.StatusDelayed, LeadAnswered: []string{"regio"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Of(tc.lead, tc.answers)
			if got.Code != tc.want.Code || got.ByLead != tc.want.ByLead || len(got.LeadAnswered) != len(tc.want.LeadAnswered) {
				t.Fatalf("Of = %+v, want %+v", got, tc.want)
			}
			for i := range got.LeadAnswered {
				if got.LeadAnswered[i] != tc.want.LeadAnswered[i] {
					t.Fatalf("LeadAnswered = %v, want %v", got.LeadAnswered, tc.want.LeadAnswered)
				}
			}
		})
	}
}

func TestWorst(t *testing.T) {
	if got := Worst("", i18n.StatusDone, i18n.StatusOnTrack); got != i18n.StatusOnTrack {
		t.Errorf("Worst = %q", got)
	}
	if got := Worst(); got != "" {
		t.Errorf("Worst() = %q", got)
	}
}
