package web

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"

	"github.com/regiogv/voortgang/internal/config"
)

// fakeIdP is a tiny OpenID provider: oidctest serves discovery and keys, and /token answers
// the code exchange with an ID token carrying the nonce and email the test chooses. It
// checks the PKCE verifier against the challenge of the authorization request.
type fakeIdP struct {
	t         *testing.T
	srv       *httptest.Server
	key       *rsa.PrivateKey
	email     string
	verified  bool
	nonce     string
	challenge string
	audience  string
	now       func() time.Time // the board's clock: the token must be valid at its now
}

func newFakeIdP(t *testing.T) *fakeIdP {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &fakeIdP{t: t, key: key, verified: true, audience: "voortgang", now: time.Now}
	ts := &oidctest.Server{PublicKeys: []oidctest.PublicKey{{PublicKey: key.Public(), KeyID: "k1", Algorithm: oidc.RS256}}}
	mux := http.NewServeMux()
	mux.Handle("/", ts)
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if oauthS256(r.PostForm.Get("code_verifier")) != p.challenge {
			http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
			return
		}
		claims := fmt.Sprintf(`{"iss":%q,"aud":%q,"sub":"entra-123","exp":%d,"iat":%d,"nonce":%q,"email":%q,"email_verified":%t}`,
			p.srv.URL, p.audience, p.now().Add(time.Hour).Unix(), p.now().Unix(), p.nonce, p.email, p.verified)
		tok := oidctest.SignIDToken(key, "k1", oidc.RS256, claims)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600, "id_token": tok})
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	ts.SetIssuer(p.srv.URL)
	return p
}

// authorize plays the provider's login page: it reads the authorization request and
// returns the redirect back to the board with a code.
func (p *fakeIdP) authorize(loc string) string {
	p.t.Helper()
	u, err := url.Parse(loc)
	if err != nil || !strings.HasPrefix(loc, p.srv.URL+"/auth") {
		p.t.Fatalf("not sent to the provider: %s", loc)
	}
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("nonce") == "" || q.Get("state") == "" || q.Get("client_id") != "voortgang" {
		p.t.Fatalf("authorization request lacks PKCE, nonce or state: %s", loc)
	}
	p.nonce, p.challenge = q.Get("nonce"), q.Get("code_challenge")
	return "/inloggen/oidc/terug?code=abc&state=" + url.QueryEscape(q.Get("state"))
}

func withOIDC(p *fakeIdP) option {
	return func(_ *config.Config, d *Deps) {
		d.OIDC = &OIDC{Issuer: p.srv.URL, ClientID: "voortgang", ClientSecret: "geheim"}
	}
}

func TestOIDCSignInMapsTheVerifiedEmailToAUser(t *testing.T) {
	idp := newFakeIdP(t)
	e := setup(t, withOIDC(idp))
	idp.now = e.clock.Now
	e.addUsers()
	tests := []struct {
		name     string
		email    string
		verified bool
		tamper   func(back string) string
		audience string
		ok       bool
	}{
		{"geverifieerd adres van een gebruiker", coordEmail, true, nil, "voortgang", true},
		{"adres zonder gebruiker", "onbekend@gemeente.example.org", true, nil, "voortgang", false},
		{"adres niet geverifieerd", coordEmail, false, nil, "voortgang", false},
		{"state gewijzigd", coordEmail, true, func(b string) string { return strings.Replace(b, "state=", "state=x", 1) }, "voortgang", false},
		{"token voor een andere client", coordEmail, true, nil, "andere-app", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := e.browser()
			start := b.get("/inloggen/oidc")
			if start.code != http.StatusFound {
				t.Fatalf("start = %d", start.code)
			}
			var state *http.Cookie
			for _, c := range (&http.Response{Header: start.header}).Cookies() {
				if c.Name == oidcCookie {
					state = c
				}
			}
			if state == nil || !state.HttpOnly {
				t.Fatalf("no state cookie: %v", start.header)
			}
			idp.email, idp.verified, idp.audience = tc.email, tc.verified, tc.audience
			back := idp.authorize(start.header.Get("Location"))
			if tc.tamper != nil {
				back = tc.tamper(back)
			}
			req, _ := http.NewRequest(http.MethodGet, e.srv.URL+back, nil)
			req.AddCookie(state)
			r := e.do(req)
			got := false
			for _, c := range (&http.Response{Header: r.header}).Cookies() {
				if c.Name == sessionCookie && c.Value != "" {
					got = true
				}
			}
			if got != tc.ok || (tc.ok && r.code != http.StatusSeeOther) || (!tc.ok && r.code != http.StatusUnauthorized) {
				t.Fatalf("callback = %d, session %v, want ok=%v\n%s", r.code, got, tc.ok, r.body)
			}
			if !tc.ok {
				mustContain(t, r.body, "Inloggen via uw organisatie is niet gelukt")
			}
		})
	}
	// Without the state cookie (another browser) the callback is refused.
	r := e.browser().get("/inloggen/oidc/terug?code=abc&state=x")
	if r.code != http.StatusUnauthorized {
		t.Errorf("callback without cookie = %d", r.code)
	}
	mustContain(t, e.browser().get("/inloggen").body, `href="/inloggen/oidc"`, "Inloggen met uw organisatie-account")
}

// oauthS256 is the PKCE S256 challenge of a verifier.
func oauthS256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
