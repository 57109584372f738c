package app

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
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/web"
)

// opsApp is an app (not started) over httptest with a coordinator and a viewer account.
type opsApp struct {
	t   *testing.T
	a   *App
	srv *httptest.Server
	clk *clock.Fake
}

func newOpsApp(t *testing.T, edit func(*config.Config)) *opsApp {
	t.Helper()
	cfg, _ := setup(t)
	cfg.Mail.CatcherDir = t.TempDir()
	if edit != nil {
		edit(cfg)
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	clk := clock.NewFake(time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC))
	a, err := New(context.Background(), cfg, quietLog(), clk, Options{WebOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Stop)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	for _, u := range []struct{ key, role string }{{"sanne", store.RoleCoordinator}, {"lezer", store.RoleViewer}} {
		h, err := web.HashPassword("wachtwoord van " + u.key)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Store().AddUser(context.Background(), store.User{Key: u.key, Name: u.key, Email: u.key + "@regio.example.org", Role: u.role, PasswordHash: h}, clk.Now()); err != nil {
			t.Fatal(err)
		}
	}
	return &opsApp{t: t, a: a, srv: srv, clk: clk}
}

var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// signIn returns the session cookie of user.
func (o *opsApp) signIn(user string) *http.Cookie {
	o.t.Helper()
	form := url.Values{"gebruiker": {user}, "wachtwoord": {"wachtwoord van " + user}}
	req, _ := http.NewRequest(http.MethodPost, o.srv.URL+"/inloggen", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := noFollow.Do(req)
	if err != nil {
		o.t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "voortgang_sessie" {
			return c
		}
	}
	o.t.Fatalf("sign in as %s = %d, no session", user, resp.StatusCode)
	return nil
}

func (o *opsApp) get(path string, cookie *http.Cookie, header ...string) (int, http.Header, string) {
	o.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, o.srv.URL+path, nil)
	if cookie != nil {
		req.AddCookie(cookie)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := noFollow.Do(req)
	if err != nil {
		o.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// The mail catcher holds working answer links: only a signed-in coordinator sees it, and it
// does not exist at all once a real transport is configured.
func TestMailCatcherIsForCoordinatorsOnly(t *testing.T) {
	o := newOpsApp(t, nil)
	// Put one status request in the catcher.
	o.clk.Set(time.Date(2026, 12, 15, 9, 0, 0, 0, time.UTC))
	if _, sent, _, err := o.a.RunOnce(context.Background()); err != nil || sent == 0 {
		t.Fatalf("run once: sent %d, %v", sent, err)
	}
	code, h, _ := o.get("/dev/mail/", nil)
	if code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/inloggen?terug=%2Fdev%2Fmail%2F") {
		t.Errorf("anonymous /dev/mail/ = %d %s, want a redirect to sign in", code, h.Get("Location"))
	}
	if code, _, _ := o.get("/dev/mail/", o.signIn("lezer")); code != http.StatusForbidden {
		t.Errorf("viewer /dev/mail/ = %d, want 403", code)
	}
	code, _, body := o.get("/dev/mail/", o.signIn("sanne"))
	if code != 200 || !strings.Contains(body, `href="m/`) {
		t.Errorf("coordinator /dev/mail/ = %d\n%s", code, body)
	}

	withSMTP := newOpsApp(t, func(c *config.Config) { c.Mail.SMTPURL = "smtp://voortgang:geheim@127.0.0.1:2525" })
	if code, _, _ := withSMTP.get("/dev/mail/", withSMTP.signIn("sanne")); code != http.StatusNotFound {
		t.Errorf("with SMTP configured /dev/mail/ = %d, want 404", code)
	}
}
