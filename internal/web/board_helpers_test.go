package web

import (
	"context"
	"github.com/regiogv/voortgang/internal/testsupport/national"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/store"
)

// The board's test accounts.
const (
	coordKey    = "sanne-bakker"
	coordPass   = "correct paard batterij nietje"
	viewerKey   = "lezer"
	viewerPass  = "alleen kijken, niet aankomen"
	coordEmail  = "sanne.bakker@regio.example.org"
	viewerEmail = "lezer@gemeente.example.org"
)

func withBuildDraft(f func(ctx context.Context, p config.Period, by string) (store.Draft, error)) option {
	return func(_ *config.Config, d *Deps) { d.BuildDraft = f }
}

func withBaseURL(u string) option { return func(c *config.Config, _ *Deps) { c.BaseURL = u } }

// setupBoard is setup with the coordinator and the viewer of addUsers.
func setupBoard(t *testing.T, opts ...option) *env {
	t.Helper()
	e := setup(t, opts...)
	e.addUsers()
	return e
}

// addUsers creates a coordinator and a viewer with passwords.
func (e *env) addUsers() {
	e.t.Helper()
	for _, u := range []struct{ key, name, email, role, pw string }{
		{coordKey, "Sanne Bakker", coordEmail, store.RoleCoordinator, coordPass},
		{viewerKey, "Lies Lezer", viewerEmail, store.RoleViewer, viewerPass},
	} {
		h, err := HashPassword(u.pw)
		if err != nil {
			e.t.Fatal(err)
		}
		if err := e.store.AddUser(context.Background(), store.User{Key: u.key, Name: u.name, Email: u.email, Role: u.role, PasswordHash: h}, e.clock.Now()); err != nil {
			e.t.Fatal(err)
		}
	}
}

// browser is a signed-in (or not) client: it keeps the session cookie and sends the headers
// a same-site browser sends.
type browser struct {
	e      *env
	cookie *http.Cookie
	device *http.Cookie // the known-device cookie, sent only to /inloggen as a browser would
	header http.Header  // extra request headers (X-Forwarded-For …)
}

func (e *env) browser() *browser { return &browser{e: e} }

func (b *browser) send(method, path string, form url.Values) response {
	b.e.t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, b.e.srv.URL+path, body)
	if err != nil {
		b.e.t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", b.e.srv.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	if b.cookie != nil {
		req.AddCookie(b.cookie)
	}
	if b.device != nil && strings.HasPrefix(path, "/inloggen") {
		req.AddCookie(b.device)
	}
	for k, v := range b.header {
		req.Header[k] = v
	}
	r := b.e.do(req)
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == deviceCookie {
			b.device = c
		}
		if c.Name == sessionCookie {
			if c.MaxAge < 0 || c.Value == "" {
				b.cookie = nil
			} else {
				b.cookie = c
			}
		}
	}
	return r
}

func (b *browser) get(path string) response { b.e.t.Helper(); return b.send(http.MethodGet, path, nil) }

func (b *browser) post(path string, form url.Values) response {
	b.e.t.Helper()
	return b.send(http.MethodPost, path, form)
}

func (b *browser) signIn(user, password string) response {
	b.e.t.Helper()
	return b.post("/inloggen", url.Values{"gebruiker": {user}, "wachtwoord": {password}, "terug": {"/"}})
}

// signedIn returns a browser signed in as user.
func (e *env) signedIn(user, password string) *browser {
	e.t.Helper()
	b := e.browser()
	if r := b.signIn(user, password); r.code != http.StatusSeeOther || b.cookie == nil {
		e.t.Fatalf("sign in as %s = %d\n%s", user, r.code, r.body)
	}
	return b
}

// withProgrammes serves n copies of the shipped programme (keys national.ProgrammeKey(i)),
// all pointing at the example configuration's contacts.
func withProgrammes(t *testing.T, n int) option {
	_, wf := national.Write(t, "../..", t.TempDir(), n, national.Shared)
	return func(c *config.Config, _ *Deps) { c.Workflows = wf }
}
