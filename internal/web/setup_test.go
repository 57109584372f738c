package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/links"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport/stack"
)

// The contact the tests answer as: the lead contact of the Regio, inside the 2026H2 round
// (deadline 14 januari 2027, PHO 4 februari 2027).
const (
	contact = "anna-devries"
	period  = "2026H2"
)

var inRound = time.Date(2026, 12, 15, 9, 0, 0, 0, time.UTC)

// env is everything a test drives: the server over real HTTP, its store and fake clock,
// and a valid answer link for the contact.
type env struct {
	t       *testing.T
	srv     *httptest.Server
	store   store.Store
	clock   *clock.Fake
	cycle   *cycle.Service
	signer  *links.Signer
	request store.StatusRequest
	token   string
	path    string // /antwoord/TOKEN
}

type option func(*config.Config, *Deps)

// withRateLimit sets the limit the server enforces (the tests otherwise get a large one so
// that no case trips over another's requests).
func withRateLimit(rl RateLimit) option { return func(_ *config.Config, d *Deps) { d.RateLimit = rl } }

func english() option { return func(c *config.Config, _ *Deps) { c.Language = "en" } }

// setup opens a SQLite store in a temporary directory, reconciles the shipped programme,
// syncs the contacts, creates the contact's status request for 2026H2 and serves the web
// handler over HTTP.
func setup(t *testing.T, opts ...option) *env {
	t.Helper()
	deps := Deps{RateLimit: RateLimit{PerMinute: 6000, Burst: 1000}}
	sk := stack.New(t, "../..", inRound, func(cfg *config.Config) {
		for _, o := range opts {
			o(cfg, &deps)
		}
	})
	st, clk, svc, signer := sk.Store, sk.Clock, sk.Cycle, sk.Signer
	log := deps.Log // an option may capture the log
	deps.Store, deps.Config, deps.Signer, deps.Clock, deps.Log, deps.Cycle = st, sk.Config, signer, clk, sk.Log, svc
	if log != nil {
		deps.Log = log
	}
	srv := httptest.NewServer(New(deps).Handler())
	t.Cleanup(srv.Close)
	e := &env{t: t, srv: srv, store: st, clock: clk, cycle: svc, signer: signer}
	e.request, e.token = e.link(contact)
	e.path = "/antwoord/" + e.token
	return e
}

// link creates the status request of a contact for the period, as the cycle does when it
// sends the uitvraag, and returns it with the token of its form link.
func (e *env) link(contactKey string) (store.StatusRequest, string) {
	e.t.Helper()
	p, err := config.ParsePeriod(period)
	if err != nil {
		e.t.Fatal(err)
	}
	sr, _, err := e.store.EnsureStatusRequest(context.Background(), store.StatusRequest{
		Key: "uitvraag/" + period + "/" + contactKey, ContactKey: contactKey, Period: period, Token: "tok-" + contactKey,
	}, e.clock.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	m, ok := e.cycle.Meeting(p)
	if !ok {
		e.t.Fatal("no meeting for", period)
	}
	formURL := e.cycle.FormURL(sr, m)
	return sr, formURL[strings.LastIndex(formURL, "/")+1:]
}

// response is a read HTTP response.
type response struct {
	code   int
	header http.Header
	body   string
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (e *env) do(req *http.Request) response {
	e.t.Helper()
	resp, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return response{code: resp.StatusCode, header: resp.Header, body: string(b)}
}

func (e *env) get(path string) response {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.do(req)
}

// post submits form as a browser on the same site would (Sec-Fetch-Site: same-origin).
func (e *env) post(path string, form url.Values, headers ...string) response {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", e.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return e.do(req)
}

// latest returns the contact's newest responses for the period by action reference.
func (e *env) latest() map[string]store.Response {
	e.t.Helper()
	rs, err := e.store.LatestResponses(context.Background(), period, contact)
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]store.Response{}
	for _, r := range rs {
		out[r.Ref] = r
	}
	return out
}
