package web

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/regiogv/voortgang/internal/testsupport/national"
)

// TestPeriodPagePagedByProgramme: with several programmes the period page shows one
// programme's round (who is asked what in it, and what they answered), with the chooser of
// the overview; the other periods' links keep the programme.
func TestPeriodPagePagedByProgramme(t *testing.T) {
	e := setup(t, withProgrammes(t, 3))
	e.addUsers()
	per := map[string]int{}
	form := url.Values{}
	second := national.ProgrammeKey(1)
	for _, it := range e.itemsOf(contact) {
		per[it.Programme]++
		if it.Programme == second {
			form.Set("status:"+it.ActionRef, "op schema")
			form.Set("toelichting:"+it.ActionRef, "Loopt.")
		}
	}
	if per[second] == 0 || per[national.ProgrammeKey(0)] == 0 {
		t.Fatalf("the contact's items per programme: %v", per)
	}
	if r := e.post(e.path, form); r.code != http.StatusSeeOther {
		t.Fatalf("answer = %d\n%s", r.code, r.body)
	}
	b := e.signedIn(coordKey, coordPass)
	first := b.get("/periode/2026H2")
	mustContain(t, first.body, `<select id="programma" name="programma">`,
		fmt.Sprintf(`<option value="%s" selected>`, national.ProgrammeKey(0)),
		fmt.Sprintf("Nog niets beantwoord</span> (0/%d)", per[national.ProgrammeKey(0)]),
		`href="/periode/2027H1?programma=`+national.ProgrammeKey(0)+`"`)
	page := b.get("/periode/2026H2?programma=" + second)
	mustContain(t, page.body, fmt.Sprintf(`<option value="%s" selected>`, second),
		fmt.Sprintf("</span> (%d/%d)", per[second], per[second]))
	total := per[second] + per[national.ProgrammeKey(0)] + per[national.ProgrammeKey(2)]
	mustNotContain(t, page.body, fmt.Sprintf("(%d/%d)", per[second], total)) // the whole round's count
	if r := b.get("/periode/2026H2?programma=elders"); r.code != http.StatusNotFound {
		t.Errorf("an unknown programme = %d, want 404", r.code)
	}
}
