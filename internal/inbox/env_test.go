package inbox

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport/stack"
)

// env is the real system around the inbox: the example configuration, the shipped
// programme planned into a SQLite store, the cycle service and a fake clock inside the
// 2026H2 round, after the pass that sent the status requests.
type env struct {
	cfg    *config.Config
	st     store.Store
	in     store.InboundStore
	cycle  *cycle.Service
	clk    *clock.Fake
	proc   *Processor
	period config.Period
}

// now is inside the 2026H2 round: after the request, before the first reminder.
var now = time.Date(2026, 12, 16, 10, 0, 0, 0, time.UTC)

func newEnv(t *testing.T) *env { t.Helper(); return newEnvWith(t, nil) }

// newEnvWith is newEnv with a changed configuration (another database).
func newEnvWith(t *testing.T, configure func(*config.Config)) *env {
	t.Helper()
	sk := stack.New(t, "../..", now, configure)
	if res, err := sk.Cycle.Pass(context.Background()); err != nil || res.Requests == 0 {
		t.Fatalf("Pass = %+v, %v; want status requests", res, err)
	}
	period, err := config.ParsePeriod("2026H2")
	if err != nil {
		t.Fatal(err)
	}
	return &env{cfg: sk.Config, st: sk.Store, in: sk.Store, cycle: sk.Cycle, clk: sk.Clock, period: period,
		proc: &Processor{Store: sk.Store, Cycle: sk.Cycle, Config: sk.Config, Refs: sk.Cycle.Refs, Clock: sk.Clock}}
}

// request returns the status request sent to contact and the outbox message that carried it.
func (e *env) request(t *testing.T, contact string) (store.StatusRequest, store.OutboxMessage) {
	t.Helper()
	ctx := context.Background()
	key := outbox.RequestKey(e.period.String(), contact)
	sr, err := e.st.StatusRequest(ctx, key)
	if err != nil {
		t.Fatalf("StatusRequest(%s): %v", key, err)
	}
	m, err := e.st.OutboxMessage(ctx, key)
	if err != nil {
		t.Fatalf("OutboxMessage(%s): %v", key, err)
	}
	if m.ReplyTo == "" || !strings.Contains(m.ReplyTo, "+"+sr.Token+"@") {
		t.Fatalf("request %s has reply address %q, want one with token %s", key, m.ReplyTo, sr.Token)
	}
	return sr, m
}

// responses returns the latest email responses of contact in the period.
func (e *env) responses(t *testing.T, contact string) []store.Response {
	t.Helper()
	rs, err := e.st.LatestResponses(context.Background(), e.period.String(), contact)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// confirmations counts the confirmation mails queued for contact (their key names the
// first response version they confirm).
func (e *env) confirmations(t *testing.T, contact string) int {
	t.Helper()
	n := 0
	for _, r := range e.responses(t, contact) {
		key := outbox.ConfirmationKey(e.period.String(), contact, r.ID)
		if _, err := e.st.OutboxMessage(context.Background(), key); err == nil {
			n++
		}
	}
	return n
}

// bounceOf is bounce_dsn.eml as a receiving server returns the status request to contact: it
// names the contact's address as failing, and the returned headers carry the request's keyed
// Message-ID and its token. replace changes more of it (see fixture).
func (e *env) bounceOf(t *testing.T, contact string, replace ...string) []byte {
	t.Helper()
	sr, m := e.request(t, contact)
	email := mustContact(t, e, contact).Email
	return fixture(t, "bounce_dsn.eml", append(slices.Clip(replace), "p.pietersen@weesp.nl", email, "P.Pietersen@weesp.nl", email,
		"uitvraag.20261124.Ui4Op7As1D@regio.example.org", strings.Trim(m.MessageID, "<>"), "Ui4Op7As1D", sr.Token)...)
}

// fixture reads testdata/name and replaces each old with its new value.
func fixture(t *testing.T, name string, replace ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(strings.NewReplacer(replace...).Replace(string(b)))
}
