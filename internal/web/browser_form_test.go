package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAnswerOneGoalOfALongForm: a municipal contact asked about 39 actions answers the
// actions of one doel, folded contributions included, saves that doel with its own button
// and is back at that doel with the progress counted, in the contents list too.
func TestBrowserAnswerOneGoalOfALongForm(t *testing.T) {
	axe := browserTest(t)
	e := setup(t)
	const who = "eva-dekker"
	if n := len(e.itemsOf(who)); n != 39 {
		t.Fatalf("%s is asked about %d actions, the test wants the 39 of a municipality", who, n)
	}
	_, token := e.link(who)
	ctx := startBrowser(t)
	step(t, ctx, "open form", chromedp.Navigate(e.srv.URL+"/antwoord/"+token), chromedp.WaitVisible(chromedp.CSS("nav.inhoud")))
	if got := text(t, ctx, "#inhoud-titel"); !strings.Contains(got, "0 van 39 ingevuld") {
		t.Fatalf("contents title = %q", got)
	}
	checkAxe(t, ctx, axe, "lang formulier")

	// The first doel of the contents list, and the radio buttons "op schema" of its actions.
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('nav.inhoud a').getAttribute('href')`))
	if err != nil {
		t.Fatal(err)
	}
	goal := strings.TrimPrefix(href, "#")
	section := fmt.Sprintf(`section.doel[aria-labelledby=%q]`, goal)
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(
		`Array.from(document.querySelectorAll('%s input[type=radio][value="op schema"]')).map(i => i.id)`, section)))
	if err != nil || len(ids) == 0 {
		t.Fatalf("no status fields in %s: %v", goal, err)
	}
	step(t, ctx, "follow the contents link", chromedp.Click(chromedp.CSS(`nav.inhoud a[href="`+href+`"]`)))
	if !strings.HasSuffix(location(t, ctx), href) {
		t.Errorf("contents link went to %s", location(t, ctx))
	}
	hasOthers, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector('%s details.bijdragen') !== null`, section)))
	if err != nil {
		t.Fatal(err)
	}
	if hasOthers {
		step(t, ctx, "unfold the contributions", chromedp.Click(chromedp.CSS(section+` details.bijdragen > summary`)))
	}
	for _, id := range ids {
		step(t, ctx, "choose op schema", chromedp.Click(chromedp.CSS(`label[for="`+id+`"]`)))
	}
	step(t, ctx, "save the doel", chromedp.Click(chromedp.CSS(section+` button[name=opslaan]`)), chromedp.WaitVisible(chromedp.CSS(".bevestiging")))

	n := len(ids)
	if u := location(t, ctx); !strings.HasSuffix(u, href) || !strings.Contains(u, fmt.Sprintf("opgeslagen=%d&", n)) {
		t.Errorf("after saving: %s", u)
	}
	want := fmt.Sprintf("%d van %d ingevuld", n, n)
	if got := text(t, ctx, "#"+goal+"-voortgang"); got != want {
		t.Errorf("progress of the doel = %q, want %q", got, want)
	}
	if got := text(t, ctx, "#inhoud-titel"); !strings.Contains(got, fmt.Sprintf("%d van 39 ingevuld", n)) {
		t.Errorf("progress of the form = %q", got)
	}
	if got := text(t, ctx, `nav.inhoud li:first-child .voortgang.klaar`); got != want {
		t.Errorf("contents entry = %q", got)
	}
	// The confirmation stands in the saved doel, where the page returned to.
	if got := text(t, ctx, section+" .bevestiging"); !strings.Contains(got, "antwoorden opgeslagen") && !strings.Contains(got, "Eén antwoord opgeslagen") {
		t.Errorf("confirmation = %q", got)
	}
	checkAxe(t, ctx, axe, "lang formulier na opslaan")

	rs, err := e.store.LatestResponses(context.Background(), period, who)
	if err != nil || len(rs) != n {
		t.Errorf("stored %d answers (%v), want %d", len(rs), err, n)
	}
}
