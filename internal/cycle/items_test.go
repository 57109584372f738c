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
