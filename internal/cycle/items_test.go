package cycle

import (
	"reflect"
	"sort"
	"testing"
)

func TestPhaseRankFollowsThePDCATable(t *testing.T) {
	got := []string{"Act", "Contractgesprek", "Check", "Plan", "Do"}
	sort.SliceStable(got, func(i, j int) bool { return phaseRank(got[i]) < phaseRank(got[j]) })
	if want := []string{"Plan", "Do", "Check", "Act", "Contractgesprek"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestWithLead(t *testing.T) {
	as := []askee{{"anna", RoleLead}, {"hilversum", RoleLead}, {"ggd", RoleContributor}}
	if got := withLead(as, ""); !reflect.DeepEqual(got, as) {
		t.Errorf("no choice: %v", got)
	}
	want := []askee{{"pieter", RoleLead}, {"ggd", RoleContributor}}
	if got := withLead(as, "pieter"); !reflect.DeepEqual(got, want) {
		t.Errorf("pieter chosen: %v, want %v", got, want)
	}
	want = []askee{{"ggd", RoleLead}}
	if got := withLead(as, "ggd"); !reflect.DeepEqual(got, want) {
		t.Errorf("a contributor chosen: %v, want %v", got, want)
	}
}
