package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/regiogv/voortgang/internal/store"
)

// TestBrowserEditCellProposeConfirm changes a PDCA cell of 9g in headless Chromium as a
// coordinator does: the meaning of the new phrase beside it, the proposal with its plan
// diff, the confirmation, and then the new task on the action page and in the calendar.
// Every page passes axe-core (WCAG 2.1 A/AA).
func TestBrowserEditCellProposeConfirm(t *testing.T) {
	axe := browserTest(t)
	e := setupEditable(t)
	ctx := startBrowser(t)
	base := e.srv.URL

	step(t, ctx, "sign in", chromedp.Navigate(base+"/acties/9g"), chromedp.WaitVisible(chromedp.CSS("#gebruiker")),
		chromedp.SendKeys(chromedp.CSS("#gebruiker"), coordKey), chromedp.SendKeys(chromedp.CSS("#wachtwoord"), coordPass),
		chromedp.Click(chromedp.CSS("form.inloggen button")), chromedp.WaitVisible(chromedp.CSS("#antwoorden")))
	checkAxe(t, ctx, axe, "actie 9g")
	step(t, ctx, "open the edit form", chromedp.Click(chromedp.CSS(`a[href="/acties/9g/wijzigen"]`)),
		chromedp.WaitVisible(chromedp.CSS("#cel-act")))
	if got := text(t, ctx, "#cel-act-betekenis"); got != "Betekenis: Eén keer: 1 oktober 2026 – 31 december 2026" {
		t.Errorf("meaning of Act as loaded = %q", got)
	}
	checkAxe(t, ctx, axe, "wijzigen")

	// A phrase that does not parse: its exact error beside the field, after "update meanings".
	step(t, ctx, "type a wrong phrase", chromedp.SetValue(chromedp.CSS("#cel-act"), "Q5 2027"),
		chromedp.Click(chromedp.CSS(`button[value="bekijken"]`)), chromedp.WaitVisible(chromedp.CSS("#cel-act-fout")))
	if got := text(t, ctx, "#cel-act-fout"); !strings.Contains(got, `"Q5 2027": kwartaal moet Q1..Q4 zijn`) {
		t.Errorf("error beside Act = %q", got)
	}
	checkAxe(t, ctx, axe, "wijzigen met fout")
	step(t, ctx, "type the right phrase", chromedp.SetValue(chromedp.CSS("#cel-act"), "Q1 2027"),
		chromedp.Click(chromedp.CSS(`button[value="bekijken"]`)), chromedp.WaitVisible(chromedp.CSS("#cel-act-betekenis")))
	if got := text(t, ctx, "#cel-act-betekenis"); got != "Betekenis: Eén keer: 1 januari 2027 – 31 maart 2027" {
		t.Errorf("meaning of the new Act = %q", got)
	}

	// With JavaScript the meaning follows the typing, without a button.
	// (SetValue fires the input event a keystroke fires.)
	step(t, ctx, "type a phrase", chromedp.SetValue(chromedp.CSS("#cel-check"), "Halfjaarlijks"))
	live, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const p = document.getElementById('cel-check-betekenis');
		return p && p.textContent.includes('2×') ? p.textContent : false; })()`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil || live != "Betekenis: 2× per jaar, 2026–2029: 30 juni, 31 december" {
		t.Errorf("live meaning = %q, %v", live, err)
	}
	// The keys go one by one, and each fires a check: wait for the whole phrase's error, not
	// the error of "Q3 2026 on" on the way.
	step(t, ctx, "type a wrong phrase live", chromedp.SetValue(chromedp.CSS("#cel-check"), "Q3 2026"), chromedp.SendKeys(chromedp.CSS("#cel-check"), " ongeveer"))
	live, err = chromedp.Run(ctx, chromedp.Poll[string](`(() => { const p = document.getElementById('cel-check-betekenis');
		return p && p.classList.contains('betekenis-fout') && p.textContent.includes('ongeveer') ? p.textContent : false; })()`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil || !strings.Contains(live, `"Q3 2026 ongeveer": onbekend woord "ongeveer"`) {
		t.Errorf("live error = %q, %v", live, err)
	}
	checkAxe(t, ctx, axe, "wijzigen met live betekenis")
	step(t, ctx, "back to the old Check", chromedp.SetValue(chromedp.CSS("#cel-check"), "Q3 2026"))

	step(t, ctx, "propose", chromedp.SetValue(chromedp.CSS("#reden"), "Act schuift een kwartaal op"),
		chromedp.Click(chromedp.CSS(`button[value="voorstellen"]`)), chromedp.WaitVisible(chromedp.CSS("#verschoven")))
	if got := text(t, ctx, "p.tellingen"); !strings.HasPrefix(got, "Taken erbij: 0 · verschoven: 1 · gewijzigd: 0 · vervallen: 0 ·") {
		t.Errorf("counts = %q", got)
	}
	if got := text(t, ctx, "#verschoven + .tabel-omhulsel tbody tr"); !strings.Contains(got, "1 oktober 2026 – 31 december 2026") ||
		!strings.Contains(got, "1 januari 2027 – 31 maart 2027") {
		t.Errorf("moved row = %q", got)
	}
	checkAxe(t, ctx, axe, "voorstel")

	step(t, ctx, "confirm", chromedp.Click(chromedp.CSS(`form[action$="/bevestigen"] button`)), chromedp.WaitVisible(chromedp.CSS(".bevestiging")))
	if got := text(t, ctx, ".bevestiging"); !strings.Contains(got, "De wijziging is doorgevoerd") {
		t.Errorf("after confirm: %q", got)
	}
	checkAxe(t, ctx, axe, "voorstel bevestigd")

	step(t, ctx, "the action's tasks", chromedp.Navigate(base+"/acties/9g"), chromedp.WaitVisible(chromedp.CSS("#taken")))
	if body := text(t, ctx, "main"); !strings.Contains(body, "31 maart 2027") || !strings.Contains(body, "Q1 2027") {
		t.Errorf("the action page lacks the new Act task (31 maart 2027)")
	}
	step(t, ctx, "the calendar", chromedp.Navigate(base+"/kalender"), chromedp.WaitVisible(chromedp.CSS("#maand-2027-03")))
	cal := text(t, ctx, `section[aria-labelledby="maand-2027-03"]`)
	if !strings.Contains(cal, "31 maart 2027") || !strings.Contains(cal, "Act 9g") {
		t.Errorf("the calendar of March 2027 lacks Act 9g:\n%s", cal)
	}
	// A proposal that obsoletes answered tasks shows them first, loudly, and passes axe too.
	if _, err := e.store.AddResponse(context.Background(), store.Response{RefKind: store.RefAction, Ref: prog2 + "/9h",
		ContactKey: contact, Period: period, Status: "op schema", Source: store.SourceWeb}, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "edit 9h", chromedp.Navigate(base+"/acties/9h/wijzigen"), chromedp.WaitVisible(chromedp.CSS("#cel-check")),
		chromedp.SetValue(chromedp.CSS("#cel-check"), "Gereed"), chromedp.SetValue(chromedp.CSS("#reden"), "Al klaar"),
		chromedp.Click(chromedp.CSS(`button[value="voorstellen"]`)), chromedp.WaitVisible(chromedp.CSS("#beantwoord")))
	if got := text(t, ctx, "#beantwoord-titel"); got != "Let op: een taak met antwoorden vervalt" {
		t.Errorf("answered heading = %q", got)
	}
	checkAxe(t, ctx, axe, "voorstel met beantwoorde taken")
	// Adding a rhythm with its own owners: its meaning is shown like any phrase; the page with
	// the remove checkboxes, the doel's page and the owners' page pass axe.
	step(t, ctx, "new rhythm on 9e", chromedp.Navigate(base+"/acties/9e/wijzigen"), chromedp.WaitVisible(chromedp.CSS("#nieuwe-cadans-ritme")),
		chromedp.SetValue(chromedp.CSS("#nieuwe-cadans-sleutel"), "overleg-huizen"), chromedp.SetValue(chromedp.CSS("#nieuwe-cadans-naam"), "Overleg Huizen"),
		chromedp.SetValue(chromedp.CSS("#nieuwe-cadans-ritme"), "Iedere 4 weken"), chromedp.SetValue(chromedp.CSS("#nieuwe-cadans-eigenaren"), "regio, huizen"),
		chromedp.Click(chromedp.CSS(`#cadans-wachtlijst-afstemming-uitvoeringsdiensten-verwijderen`)),
		chromedp.Click(chromedp.CSS(`button[value="bekijken"]`)), chromedp.WaitVisible(chromedp.CSS("#nieuwe-cadans-ritme-betekenis")))
	if got := text(t, ctx, "#nieuwe-cadans-ritme-betekenis"); !strings.HasPrefix(got, "Betekenis: ") || !strings.Contains(got, " keer, uiterlijk op ") {
		t.Errorf("meaning of the new rhythm = %q", got)
	}
	checkAxe(t, ctx, axe, "wijzigen met nieuw ritme")
	step(t, ctx, "doel form", chromedp.Navigate(base+"/doelen/9/wijzigen"), chromedp.WaitVisible(chromedp.CSS("#doel-titel")))
	checkAxe(t, ctx, axe, "doel wijzigen")
	step(t, ctx, "owners form", chromedp.Navigate(base+"/programma/"+prog2+"/eigenaren"), chromedp.WaitVisible(chromedp.CSS("#nieuwe-eigenaar-sleutel")))
	checkAxe(t, ctx, axe, "eigenaren")
	// A group left without members: the error in the summary and in the group's fieldset.
	var untick []chromedp.Action[chromedp.Void]
	for _, m := range municipalities {
		untick = append(untick, chromedp.Click(chromedp.CSS("#eigenaar-gemeenten-lid-"+m)))
	}
	step(t, ctx, "owners form without members", append(untick, chromedp.SetValue(chromedp.CSS("#reden"), "Geen leden"),
		chromedp.Click(chromedp.CSS(`button[value="voorstellen"]`)), chromedp.WaitVisible(chromedp.CSS("#eigenaar-gemeenten-leden-fout")))...)
	if got := text(t, ctx, "#eigenaar-gemeenten-leden-fout"); !strings.Contains(got, "Een groep heeft minstens één lid") {
		t.Errorf("members error = %q", got)
	}
	checkAxe(t, ctx, axe, "eigenaren met fout")
	step(t, ctx, "new action form", chromedp.Navigate(base+"/doelen/3/nieuwe-actie"), chromedp.WaitVisible(chromedp.CSS("#letter")))
	checkAxe(t, ctx, axe, "nieuwe actie")
	step(t, ctx, "new doel form", chromedp.Navigate(base+"/programma/"+prog2+"/nieuw-doel"), chromedp.WaitVisible(chromedp.CSS("#doel-titel")))
	checkAxe(t, ctx, axe, "nieuw doel")
	step(t, ctx, "import form", chromedp.Navigate(base+"/programma/"+prog2+"/importeren"), chromedp.WaitVisible(chromedp.CSS("#werkmap")))
	checkAxe(t, ctx, axe, "werkmap inlezen")
	step(t, ctx, "versions", chromedp.Navigate(base+"/programma/"+prog2+"/versies"), chromedp.WaitVisible(chromedp.CSS("table")))
	checkAxe(t, ctx, axe, "versies")
	step(t, ctx, "version 1", chromedp.Navigate(base+"/programma/"+prog2+"/versies/1"), chromedp.WaitVisible(chromedp.CSS("#bestand")))
	checkAxe(t, ctx, axe, "versie 1")
}
