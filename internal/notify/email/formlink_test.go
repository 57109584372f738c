package email_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/testsupport/national"
	"github.com/regiogv/voortgang/internal/testsupport/stack"
	"github.com/regiogv/voortgang/internal/web"
)

var (
	htmlGoalLink = regexp.MustCompile(`href="([^"#]+)#([^"]+)"`)
	textGoalLink = regexp.MustCompile(`(https?://[^\s#]+)#(\S+)`)
)

// TestGoalLinksOpenTheirDoelInTheForm: with two programmes whose doelen have the same numbers,
// every status request links each doel of each programme it asks about once, in the text and
// in the HTML, listed (up to 40 actions) or summarised per programme and doel (more than 40),
// and every link's anchor is the id of that doel's heading in the answer form the real web
// server renders for the link, also for the second programme (which has no old "doel-0-N"
// alias).
func TestGoalLinksOpenTheirDoelInTheForm(t *testing.T) {
	ctx := context.Background()
	const root = "../../.."
	_, workflows := national.Write(t, root, t.TempDir(), 2, national.Shared)
	sk := stack.New(t, root, time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), func(c *config.Config) { c.Workflows = workflows })
	if len(sk.Programmes) != 2 {
		t.Fatalf("%d programmes loaded, want 2", len(sk.Programmes))
	}
	srv := httptest.NewServer(web.New(web.Deps{Cycle: sk.Cycle, Store: sk.Store, Config: sk.Config, Signer: sk.Signer,
		Clock: sk.Clock, Log: sk.Log, RateLimit: web.RateLimit{PerMinute: 6000, Burst: 1000}}).Handler())
	t.Cleanup(srv.Close)

	p, err := config.ParsePeriod("2026H2")
	if err != nil {
		t.Fatal(err)
	}
	m, ok := sk.Cycle.Meeting(p)
	if !ok {
		t.Fatal("no meeting reports on 2026H2")
	}
	round, err := sk.Cycle.LoadRound(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range sk.Cycle.Ladder(m) {
		if st.Kind == outbox.KindStatusRequest {
			sk.Clock.Set(st.At.Add(time.Minute))
			break
		}
	}
	if res, err := sk.Cycle.Pass(ctx); err != nil || res.Requests == 0 {
		t.Fatalf("pass on the request day: %+v, %v", res, err)
	}

	second := national.ProgrammeKey(1)
	var listed, summarised, secondLinked int
	for _, ck := range round.Contacts() {
		row, err := sk.Store.OutboxMessage(ctx, outbox.RequestKey(p.String(), ck))
		if err != nil {
			t.Fatalf("%s: %v", ck, err)
		}
		var want []string
		for _, it := range round.Items[ck] {
			want = append(want, outbox.GoalAnchor(it.Programme, it.Goal))
		}
		slices.Sort(want)
		want = slices.Compact(want)
		form, html := linkedAnchors(t, ck+" (HTML)", htmlGoalLink, row.BodyHTML)
		formText, text := linkedAnchors(t, ck+" (text)", textGoalLink, row.BodyText)
		if form != formText {
			t.Errorf("%s: the HTML links into %s, the text into %s", ck, form, formText)
		}
		for name, got := range map[string][]string{"HTML": html, "text": text} {
			if !slices.Equal(got, want) {
				t.Errorf("%s: the %s links the doelen\n %v\nwant one link to each doel asked about\n %v", ck, name, got, want)
			}
		}
		if strings.Contains(row.BodyText, "één voor één") {
			summarised++
		} else {
			listed++
		}
		page := get(t, srv.URL+strings.TrimPrefix(form, sk.Config.BaseURL))
		for _, a := range html {
			if !strings.Contains(page, `id="`+a+`"`) {
				t.Errorf("%s: the mail links to #%s, which the form has no element for", ck, a)
			}
			if strings.HasPrefix(a, "doel-"+second+"-") {
				secondLinked++
			}
		}
	}
	// Both ways of showing the actions, and the second programme's doelen, must have been
	// checked, or the test proves little.
	if listed == 0 || summarised == 0 || secondLinked == 0 {
		t.Fatalf("checked %d listed and %d summarised requests, %d links into the second programme", listed, summarised, secondLinked)
	}
}

// linkedAnchors returns the form a body links to and the anchors of its links, sorted; every
// link with an anchor must go to the same form.
func linkedAnchors(t *testing.T, name string, re *regexp.Regexp, body string) (form string, anchors []string) {
	t.Helper()
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		if form != "" && m[1] != form {
			t.Errorf("%s: links to %s and to %s", name, form, m[1])
		}
		form = m[1]
		anchors = append(anchors, m[2])
	}
	if form == "" {
		t.Fatalf("%s: no link to a doel in\n%s", name, body)
	}
	slices.Sort(anchors)
	return form, anchors
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", url, resp.Status, b)
	}
	return string(b)
}
