package cycle_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport/national"
	"github.com/regiogv/voortgang/internal/testsupport/stack"
)

var months = map[string]time.Month{"januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
	"augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12}

var overdueLine = regexp.MustCompile(`(?m)^\s*- .*, (\d+) ([a-z]+) (\d{4}) \(datum verstreken\)$`)

// The Vooruitblik names each doel with its title and each action by its text (not "Check 1a:
// …" twice), lists as overdue only what passed in the last six weeks, and goes to the owners'
// contacts, as the configuration says, not to the coordinators.
func TestDigestContentAndRecipients(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	fired := time.Date(2027, 3, 1, 8, 0, 0, 0, loc) // the example's digest: 08:00 on the 1st
	sk := stack.New(t, "../..", fired, nil)
	ctx := context.Background()
	if _, err := sk.Cycle.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	m, err := sk.Store.OutboxMessage(ctx, "digest/2027-03-01/anna-devries")
	if err != nil {
		t.Fatalf("no digest for anna-devries: %v", err)
	}
	body := m.BodyText
	if !strings.HasPrefix(m.Subject, "Vooruitblik") {
		t.Errorf("subject = %q", m.Subject)
	}
	p := sk.Programmes[0]
	for _, lf := range p.Leaves() {
		ref := "[" + lf.Ref + "]"
		if !strings.Contains(body, ref) {
			continue
		}
		if !strings.Contains(body, ref+" Doel "+strconv.Itoa(lf.Goal.Number)+": "+lf.Goal.Title) {
			t.Errorf("%s without its doel's title", ref)
		}
		if !strings.Contains(body, "Actie: "+lf.Action.Text) {
			t.Errorf("%s without its action text", ref)
		}
	}
	if regexp.MustCompile(`(Plan|Do|Check|Act): (Plan|Do|Check|Act) \d+[a-z]`).MatchString(body) {
		t.Error("a milestone repeats its phase and reference")
	}
	oldest := fired.AddDate(0, 0, -42)
	n := 0
	for _, mm := range overdueLine.FindAllStringSubmatch(body, -1) {
		n++
		d, _ := strconv.Atoi(mm[1])
		y, _ := strconv.Atoi(mm[3])
		if due := time.Date(y, months[mm[2]], d, 23, 0, 0, 0, loc); due.Before(oldest) {
			t.Errorf("overdue since %s %s %s, longer than six weeks", mm[1], mm[2], mm[3])
		}
	}
	t.Logf("%d overdue lines, %d bytes", n, len(body))
	for _, c := range sk.Config.Coordinators {
		if ok, _ := sk.Store.OutboxExists(ctx, "digest/2027-03-01/"+c.ID()); ok {
			t.Errorf("coordinator %s got a digest", c.ID())
		}
	}
}

// A Vooruitblik too long to list is summarised per programme and doel: with eight programmes
// whose doelen have the same numbers, each programme's doelen are counted on lines of their
// own.
func TestDigestSummaryPerProgrammeAndDoel(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	fired := time.Date(2027, 3, 1, 8, 0, 0, 0, loc)
	_, workflows := national.Write(t, "../..", t.TempDir(), 8, national.Shared)
	sk := stack.New(t, "../..", fired, func(c *config.Config) { c.Workflows = workflows })
	ctx := context.Background()
	if _, err := sk.Cycle.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := sk.Store.OutboxByStatus(ctx, store.OutboxQueued, 0)
	if err != nil {
		t.Fatal(err)
	}
	summarised := 0
	for _, m := range rows {
		if !strings.HasPrefix(m.Key, "digest/2027-03-01/") {
			continue
		}
		if !strings.Contains(m.BodyText, "één voor één") {
			continue
		}
		summarised++
		for _, p := range sk.Programmes {
			if !strings.Contains(m.BodyText, "\n- "+p.Title+", doel ") {
				t.Errorf("%s: the summary has no line per doel of %s:\n%s", m.Key, p.Title, m.BodyText)
			}
		}
	}
	if summarised == 0 {
		t.Fatal("no digest was long enough to be summarised: the test proves nothing")
	}
}
