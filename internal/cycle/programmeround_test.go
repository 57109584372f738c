package cycle_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport/national"
)

// TestProgrammeRoundIsThatProgrammesPartOfTheRound: with three programmes sharing their
// contacts, the round of one programme (the board's period page) holds exactly the items of
// that programme that the whole round holds, contact by contact, answers included.
func TestProgrammeRoundIsThatProgrammesPartOfTheRound(t *testing.T) {
	ctx := context.Background()
	_, workflows := national.Write(t, "../..", t.TempDir(), 3, national.Shared)
	sk, p, before := requestDayRound(t, func(c *config.Config) { c.Workflows = workflows })
	// An answer in each period to a second programme's action changes that item only.
	second := national.ProgrammeKey(1)
	answer := answerer(t, sk, before)
	for _, c := range before.Contacts() {
		for i, it := range before.Items[c] {
			if !strings.HasPrefix(it.ActionRef, second+"/") {
				continue
			}
			for _, period := range []string{"2026H1", "2026H2"} {
				answer(c, period, i, "op schema")
			}
			break
		}
	}
	whole, err := sk.Cycle.LoadRound(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		key := national.ProgrammeKey(i)
		got, err := sk.Cycle.LoadProgrammeRound(ctx, p, key)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]cycle.Item{}
		for c, items := range whole.Items {
			for _, it := range items {
				if strings.HasPrefix(it.ActionRef, key+"/") {
					want[c] = append(want[c], it)
				}
			}
		}
		if len(want) == 0 {
			t.Fatalf("%s: nobody is asked anything", key)
		}
		if !reflect.DeepEqual(got.Items, want) {
			t.Errorf("%s: the programme's round has %d contacts, the whole round %d for it", key, len(got.Items), len(want))
		}
		wantResp := map[string]store.Response{}
		for k, r := range whole.Responses {
			if strings.HasPrefix(r.Ref, key+"/") {
				wantResp[k] = r
			}
		}
		if !reflect.DeepEqual(got.Responses, wantResp) {
			t.Errorf("%s: the programme's round has %d answers, the whole round %d for it", key, len(got.Responses), len(wantResp))
		}
	}
	if r, err := sk.Cycle.LoadProgrammeRound(ctx, p, "elders"); err != nil || len(r.Items) != 0 {
		t.Errorf("an unknown programme: %d contacts, %v", len(r.Items), err)
	}
}
