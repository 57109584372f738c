package web

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/proposal"
)

const (
	ownersPath = "/programma/" + prog2 + "/eigenaren"
	membersBox = "eigenaar-gemeenten-leden" // the name every member checkbox of gemeenten posts under
)

var municipalities = []string{"blaricum", "eemnes", "gooise-meren", "hilversum", "huizen", "laren", "wijdemeren"}

// reloadedMembers reads the workflow file on disk again with the programme loader and returns
// the members of group key.
func (e *editEnv) reloadedMembers(key string) []string {
	e.t.Helper()
	progs, err := programme.LoadDir(filepath.Dir(e.stack.File()))
	if err != nil {
		e.t.Fatalf("the workflow file no longer loads: %v", err)
	}
	for _, p := range progs {
		if p.Key == prog2 {
			return p.Owners[key].Members
		}
	}
	e.t.Fatalf("programme %s not in the workflows directory", prog2)
	return nil
}

// without is members with m left out.
func without(members []string, m string) []string {
	return slices.DeleteFunc(slices.Clone(members), func(k string) bool { return k == m })
}

// membersForm is the owners form as loaded, with gemeenten's boxes ticked as members and a reason.
func membersForm(t *testing.T, b *browser, members []string) url.Values {
	t.Helper()
	f := formOf(b.get(ownersPath).body)
	if got := f[membersBox]; !slices.Equal(got, municipalities) {
		t.Fatalf("the form as loaded has gemeenten's members %v, want %v", got, municipalities)
	}
	f[membersBox] = members
	f.Set("reden", "Huizen doet voortaan niet mee")
	return f
}

func TestEditGroupMembersOnTheBoard(t *testing.T) {
	ctx := context.Background()
	e := setupEditable(t)
	b := e.signedIn(coordKey, coordPass)
	original := e.workflowFile()

	// The group's members are checkboxes of the owners that are no group, ticked as in the file.
	r := b.get(ownersPath)
	mustContain(t, r.body,
		`<fieldset id="eigenaar-gemeenten-leden" class="leden" aria-describedby="eigenaar-gemeenten-leden-hint">`,
		"<legend>Leden van gemeenten</legend>",
		`<input type="checkbox" id="eigenaar-gemeenten-lid-huizen" name="eigenaar-gemeenten-leden" value="huizen" checked>`,
		`<label for="eigenaar-gemeenten-lid-huizen">Gemeente Huizen (huizen)</label>`,
		`<input type="checkbox" id="eigenaar-gemeenten-lid-ggd" name="eigenaar-gemeenten-leden" value="ggd">`)
	mustNotContain(t, r.body, `id="eigenaar-gemeenten-lid-gemeenten"`, `id="eigenaar-ggd-leden"`)

	// Unchanged boxes are no change.
	f := membersForm(t, b, municipalities)
	if r := b.post(ownersPath, f); r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Er is niets gewijzigd.") {
		t.Errorf("unchanged members = %d", r.code)
	}

	// Huizen leaves the group: a proposal, nothing written until it is confirmed.
	loc := b.propose(ownersPath, membersForm(t, b, without(municipalities, "huizen")))
	mustContain(t, b.get(loc).body, "eigenaren: leden van gemeenten (huizen eruit)", "Huizen doet voortaan niet mee")
	if e.workflowFile() != original {
		t.Fatal("the file changed before the proposal was confirmed")
	}
	confirmProposal(t, b, loc)
	mustContain(t, b.get(loc+"?melding=voorstel-toegepast").body, "De wijziging is doorgevoerd", "is versie 2 van het programma")
	file := e.workflowFile()
	mustContain(t, file, "  gemeenten:\n    name: Gemeenten\n    members: [blaricum, eemnes, gooise-meren, hilversum, laren, wijdemeren]\n",
		"  huizen: {name: Gemeente Huizen}\n")
	if got := e.reloadedMembers("gemeenten"); !slices.Equal(got, without(municipalities, "huizen")) {
		t.Errorf("members in the file = %v", got)
	}
	if got := strings.Replace(file, "hilversum, laren", "hilversum, huizen, laren", 1); got != original {
		t.Error("more than the members line changed in the file")
	}

	// The board shows the new members; the version and the audit log record who and why.
	r = b.get(ownersPath)
	mustContain(t, r.body, "Groep van: blaricum, eemnes, gooise-meren, hilversum, laren, wijdemeren",
		`<input type="checkbox" id="eigenaar-gemeenten-lid-huizen" name="eigenaar-gemeenten-leden" value="huizen">`,
		`<input type="checkbox" id="eigenaar-gemeenten-lid-laren" name="eigenaar-gemeenten-leden" value="laren" checked>`)
	// The configuration still asks Huizen: the page says so next to the group.
	mustContain(t, r.body,
		`<fieldset id="eigenaar-gemeenten-leden" class="leden" aria-describedby="eigenaar-gemeenten-leden-hint eigenaar-gemeenten-leden-configuratie">`,
		`<p class="melding" id="eigenaar-gemeenten-leden-configuratie">Let op: de groep in de configuratie (owners.gemeenten.group) heeft andere leden, en die bepaalt wie een uitvraag krijgt. Alleen in de configuratie: huizen. Vraag de beheerder de configuratie aan te passen.</p>`)
	mustContain(t, b.get("/programma/"+prog2+"/versies").body, `<a href="/programma/`+prog2+`/versies/2">2</a>`, "Huizen doet voortaan niet mee")
	audit, err := e.store.Audit(ctx, proposal.AuditEntity, prog2)
	if err != nil || len(audit) != 2 {
		t.Fatalf("audit = %+v, %v", audit, err)
	}
	for _, a := range audit {
		if a.Actor != coordKey {
			t.Errorf("audit entry by %q: %+v", a.Actor, a)
		}
	}

	// Huizen comes back: the sorted list stays sorted, and the file is as it was.
	f = formOf(b.get(ownersPath).body)
	f.Add(membersBox, "huizen")
	f.Set("reden", "Huizen doet toch mee")
	loc = b.propose(ownersPath, f)
	mustContain(t, b.get(loc).body, "eigenaren: leden van gemeenten (huizen erbij)")
	confirmProposal(t, b, loc)
	if e.workflowFile() != original {
		t.Errorf("huizen back in the group is not the original file (members now %v)", e.reloadedMembers("gemeenten"))
	}
	// File and configuration agree again: no notice.
	mustNotContain(t, b.get(ownersPath).body, "eigenaar-gemeenten-leden-configuratie", "Alleen in de configuratie")
}

func TestEditGroupMembersRefusesBadMembers(t *testing.T) {
	e := setupEditable(t)
	b := e.signedIn(coordKey, coordPass)
	original := e.workflowFile()
	for _, tc := range []struct {
		name    string
		members []string
		want    string
	}{
		{"een lid dat geen eigenaar is", []string{"blaricum", "naarden"}, "Eigenaar &#34;naarden&#34; bestaat niet in dit programma."},
		{"een groep zonder leden", nil, "Een groep heeft minstens één lid: kies een lid, of verwijder de groep."},
		{"een groep die zichzelf bevat", []string{"gemeenten", "laren"}, "Een groep kan zichzelf niet bevatten."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := membersForm(t, b, tc.members)
			f.Set("eigenaar-gemeenten-naam", "Gemeenten in de regio")
			r := b.post(ownersPath, f)
			if r.code != http.StatusUnprocessableEntity {
				t.Fatalf("POST = %d %s", r.code, r.header.Get("Location"))
			}
			// The error is in the summary, linked to the first box, and in the group's fieldset.
			mustContain(t, r.body, `<h2 id="foutoverzicht-titel">Het voorstel is nog niet gemaakt</h2>`,
				`<li><a href="#eigenaar-gemeenten-lid-aanbieders">Leden van gemeenten: `+tc.want+`</a></li>`,
				`<fieldset id="eigenaar-gemeenten-leden" class="leden veld-fout" aria-describedby="eigenaar-gemeenten-leden-hint eigenaar-gemeenten-leden-fout">`,
				`<p class="fout" id="eigenaar-gemeenten-leden-fout"><span class="verborgen">Fout:</span> `+tc.want+`</p>`)
			// Nothing typed is lost: the new name and the boxes as posted.
			mustContain(t, r.body, `name="eigenaar-gemeenten-naam" value="Gemeenten in de regio"`, `name="reden" value="Huizen doet voortaan niet mee"`)
			for _, m := range municipalities {
				box := `<input type="checkbox" id="eigenaar-gemeenten-lid-` + m + `" name="eigenaar-gemeenten-leden" value="` + m + `"`
				if slices.Contains(tc.members, m) {
					mustContain(t, r.body, box+" checked>")
				} else {
					mustContain(t, r.body, box+">")
				}
			}
			if e.workflowFile() != original {
				t.Error("the file changed")
			}
		})
	}
	// The reason is still required.
	f := membersForm(t, b, without(municipalities, "huizen"))
	f.Set("reden", "")
	mustContain(t, b.post(ownersPath, f).body, `<a href="#reden">`)

	// A group is offered no other group as a member, and one posted anyway is refused.
	src := []byte(original)
	out, err := programme.SetMembers(src, "partners", []string{"ggd", "vtgv"})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.stack.File(), out, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := e.stack.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := b.get(ownersPath)
	mustContain(t, r.body, "<legend>Leden van partners</legend>", `id="eigenaar-partners-lid-ggd" name="eigenaar-partners-leden" value="ggd" checked>`)
	mustNotContain(t, r.body, `id="eigenaar-gemeenten-lid-partners"`, `id="eigenaar-partners-lid-gemeenten"`)
	f = formOf(r.body)
	f.Add(membersBox, "partners")
	f.Set("reden", "Partners erbij")
	r = b.post(ownersPath, f)
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("a group in a group = %d", r.code)
	}
	mustContain(t, r.body, "Leden van gemeenten: &#34;partners&#34; is zelf een groep; groepen in groepen worden niet ondersteund.")
	if e.workflowFile() != string(out) {
		t.Error("the file changed")
	}

	// A member that leaves the group is removed in the same proposal: the group no longer
	// names it, so only the rhythm that still does stops it, with the file's own error.
	f = formOf(b.get(ownersPath).body)
	f[membersBox] = without(municipalities, "huizen")
	f.Set("eigenaar-huizen-verwijderen", "ja")
	f.Set("reden", "Huizen weg")
	r = b.post(ownersPath, f)
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("removing a member still named by a rhythm = %d", r.code)
	}
	mustContain(t, r.body, `<li><a href="#eigenaren">cadans wachtlijst-afstemming-uitvoeringsdiensten: eigenaar &#34;huizen&#34; is niet gedeclareerd onder owners</a></li>`)
	mustNotContain(t, r.body, `lid &#34;huizen&#34; is geen gedeclareerde eigenaar`, `id="eigenaar-gemeenten-leden-fout"`)
	if e.workflowFile() != string(out) {
		t.Error("the file changed")
	}
}

func TestEditGroupMembersOnlyCoordinatorsOnTheSameSite(t *testing.T) {
	e := setupEditable(t)
	original := e.workflowFile()
	coord := e.signedIn(coordKey, coordPass)
	f := membersForm(t, coord, without(municipalities, "huizen"))

	// The board has no per-form token: http.CrossOriginProtection refuses a cross-site POST
	// by its Sec-Fetch-Site or, from an older browser, its Origin, even with a session.
	for _, h := range []http.Header{
		{"Sec-Fetch-Site": {"cross-site"}},
		{"Sec-Fetch-Site": {""}, "Origin": {"https://evil.example"}},
	} {
		coord.header = h
		if r := coord.post(ownersPath, f); r.code != http.StatusForbidden {
			t.Errorf("cross-site POST with %v = %d", h, r.code)
		}
	}
	coord.header = nil

	// A viewer sees the board but cannot reach the owners' page; an owner has no session at
	// all (only the signed link of the answer form), and so is refused as signed out.
	viewer := e.signedIn(viewerKey, viewerPass)
	if r := viewer.get(ownersPath); r.code != http.StatusForbidden {
		t.Errorf("viewer GET = %d", r.code)
	}
	if r := viewer.post(ownersPath, f); r.code != http.StatusForbidden {
		t.Errorf("viewer POST = %d", r.code)
	}
	if r := e.browser().post(ownersPath, f); r.code != http.StatusUnauthorized {
		t.Errorf("POST without a session = %d", r.code)
	}
	if r := e.browser().get(ownersPath); r.code != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/inloggen") {
		t.Errorf("GET without a session = %d %s", r.code, r.header.Get("Location"))
	}
	if e.workflowFile() != original {
		t.Fatal("a refused POST changed the file")
	}
	// The same form from the coordinator on the board's own site is taken.
	coord.propose(ownersPath, f)
}

func TestEditGroupMembersInEnglish(t *testing.T) {
	e := setupEditable(t, english())
	b := e.signedIn(coordKey, coordPass)
	mustContain(t, b.get(ownersPath).body, "<legend>Members of gemeenten</legend>", "who receives a status request is set by the group in the configuration")
	f := membersForm(t, b, nil)
	mustContain(t, b.post(ownersPath, f).body, "Members of gemeenten: A group has at least one member: choose a member, or remove the group.")
}

// groupsApart is the example configuration with huizen out of gemeenten's group and weesp, an
// owner the programme does not know, in it: the file and the configuration differ both ways.
func groupsApart() option {
	return func(c *config.Config, _ *Deps) {
		g, ok := c.Owner("gemeenten")
		if !ok {
			panic("the example configuration has no gemeenten")
		}
		c.Owners["weesp"] = &config.Owner{Key: "weesp", Name: "Gemeente Weesp"}
		g.Group = append(without(g.Group, "huizen"), "weesp")
	}
}

func TestGroupNoticeInEnglish(t *testing.T) {
	e := setupEditable(t, english(), groupsApart())
	b := e.signedIn(coordKey, coordPass)
	mustContain(t, b.get(ownersPath).body,
		`<p class="melding" id="eigenaar-gemeenten-leden-configuratie">Note: the group in the configuration (owners.gemeenten.group) has other members, and it decides who receives a status request. Only in the programme: huizen. Only in the configuration: weesp. Ask the operator to change the configuration.</p>`)
}

// TestOwnersConfigNoticeGolden pins gemeenten's fieldset when the configuration's group
// differs from the file's: the notice after the hint, named by the fieldset. A refused POST
// keeps it.
func TestOwnersConfigNoticeGolden(t *testing.T) {
	e := setupEditable(t, groupsApart())
	b := e.signedIn(coordKey, coordPass)
	got := between(t, b.get(ownersPath).body, `<fieldset id="eigenaar-gemeenten-leden"`, "</fieldset>\n")
	checkGolden(t, "owners-config.golden.html", got)
	r := b.post(ownersPath, membersForm(t, b, nil))
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("POST = %d", r.code)
	}
	mustContain(t, r.body, "Alleen in het programma: huizen. Alleen in de configuratie: weesp.",
		`aria-describedby="eigenaar-gemeenten-leden-hint eigenaar-gemeenten-leden-configuratie eigenaar-gemeenten-leden-fout"`)
}

// TestOwnersFormGolden pins the rendered members of gemeenten refused: the boxes as posted
// (only blaricum; naarden is no owner), the error in the summary and in the fieldset.
func TestOwnersFormGolden(t *testing.T) {
	e := setupEditable(t)
	b := e.signedIn(coordKey, coordPass)
	f := membersForm(t, b, []string{"naarden", "blaricum"})
	r := b.post(ownersPath, f)
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("POST = %d", r.code)
	}
	// The error summary and the group's fieldset; the rest of the form is the other owners'.
	got := between(t, r.body, `<div class="foutoverzicht"`, "</div>\n") + between(t, r.body, `<fieldset id="eigenaar-gemeenten-leden"`, "</fieldset>\n")
	checkGolden(t, "owners.golden.html", got)
}

// between is body from the first from up to and including the first to after it.
func between(t *testing.T, body, from, to string) string {
	t.Helper()
	i := strings.Index(body, from)
	if i < 0 {
		t.Fatalf("page lacks %q", from)
	}
	j := strings.Index(body[i:], to)
	if j < 0 {
		t.Fatalf("page lacks %q after %q", to, from)
	}
	return body[i : i+j+len(to)]
}
