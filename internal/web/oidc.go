package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"github.com/regiogv/voortgang/internal/config"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/regiogv/voortgang/internal/links"
	"github.com/regiogv/voortgang/internal/store"
)

// OIDC configures sign-in through an OpenID Connect provider (Microsoft Entra ID at the
// municipalities). A verified email address is mapped to a board user with that email; the
// provider never creates users.
type OIDC struct {
	Issuer       string // https://login.microsoftonline.com/TENANT/v2.0
	ClientID     string
	ClientSecret string
	// HTTPClient talks to the provider (tests); nil means http.DefaultClient.
	HTTPClient *http.Client
}

// OIDCFrom turns the configuration's OpenID Connect settings into the web's; nil when no
// issuer is configured (local accounts only).
func OIDCFrom(c config.OIDC) *OIDC {
	if strings.TrimSpace(c.Issuer) == "" {
		return nil
	}
	return &OIDC{Issuer: strings.TrimSpace(c.Issuer), ClientID: c.ClientID, ClientSecret: c.ClientSecret}
}

const oidcCookie = "voortgang_oidc"

// oidcLogin is the provider, discovered on first use (so a provider that is down does not
// stop the daemon from starting; the next sign-in tries again).
type oidcLogin struct {
	s   *Server
	cfg OIDC

	mu       sync.Mutex
	provider *oidc.Provider
}

func (o *oidcLogin) ctx(ctx context.Context) context.Context {
	if o.cfg.HTTPClient != nil {
		return oidc.ClientContext(ctx, o.cfg.HTTPClient)
	}
	return ctx
}

func (o *oidcLogin) oauth(ctx context.Context) (*oauth2.Config, *oidc.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider == nil {
		p, err := oidc.NewProvider(o.ctx(ctx), o.cfg.Issuer)
		if err != nil {
			return nil, nil, fmt.Errorf("web: oidc discovery: %w", err)
		}
		o.provider = p
	}
	return &oauth2.Config{
		ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, Endpoint: o.provider.Endpoint(),
		RedirectURL: strings.TrimRight(o.s.deps.Config.BaseURL, "/") + "/inloggen/oidc/terug",
		Scopes:      []string{oidc.ScopeOpenID, "profile", "email"},
	}, o.provider, nil
}

func randomString() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// start sends the browser to the provider with a fresh state, nonce and PKCE verifier, kept
// in a short-lived signed cookie.
func (o *oidcLogin) start(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	conf, _, err := o.oauth(r.Context())
	if err != nil {
		o.s.fail(w, r, "oidc", err)
		return
	}
	state, nonce, verifier := randomString(), randomString(), oauth2.GenerateVerifier()
	now := o.s.now()
	tok := o.s.deps.Signer.Sign(links.Claims{Purpose: "oidc-login", Subject: state, Request: nonce, Period: verifier,
		Expires: now.Add(10 * time.Minute)})
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: tok, Path: "/inloggen/oidc", HttpOnly: true, Secure: o.s.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: 600})
	http.Redirect(w, r, conf.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

// errOIDC is a sign-in the provider or the callback refused; the user sees the login page
// with a message, the log says why.
var errOIDC = errors.New("web: oidc")

// callback checks the state, exchanges the code with the PKCE verifier, verifies the ID
// token (signature, issuer, audience, expiry) and its nonce, and signs in the user whose
// email the token verifies.
func (o *oidcLogin) callback(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	u, err := o.verify(r)
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/inloggen/oidc", MaxAge: -1, HttpOnly: true, Secure: o.s.secure})
	if err != nil {
		o.s.log.Warn("web: oidc sign-in refused", "err", err)
		lang := o.s.lang()
		d := loginData{Page: Page{Lang: lang, Title: label("login.title", lang), HasErrors: true, Board: true}, Back: "/", OIDC: true,
			Error: label("login.oidc_failed", lang)}
		o.s.render(w, r, http.StatusUnauthorized, "login", d)
		return
	}
	if err := o.s.startSession(w, r, u); err != nil {
		o.s.fail(w, r, "start session", err)
		return
	}
	o.s.log.Info("web: signed in", "user", u.Key, "method", "oidc")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (o *oidcLogin) verify(r *http.Request) (store.User, error) {
	ctx := r.Context()
	c, err := r.Cookie(oidcCookie)
	if err != nil {
		return store.User{}, fmt.Errorf("%w: no state cookie", errOIDC)
	}
	claims, err := o.s.deps.Signer.Verify(c.Value, "oidc-login", o.s.now())
	if err != nil {
		return store.User{}, fmt.Errorf("%w: state cookie: %v", errOIDC, err)
	}
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return store.User{}, fmt.Errorf("%w: provider: %s %s", errOIDC, e, q.Get("error_description"))
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(claims.Subject)) != 1 {
		return store.User{}, fmt.Errorf("%w: state does not match", errOIDC)
	}
	conf, provider, err := o.oauth(ctx)
	if err != nil {
		return store.User{}, err
	}
	tok, err := conf.Exchange(o.ctx(ctx), q.Get("code"), oauth2.VerifierOption(claims.Period))
	if err != nil {
		return store.User{}, fmt.Errorf("%w: exchange: %v", errOIDC, err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return store.User{}, fmt.Errorf("%w: no id_token", errOIDC)
	}
	verifier := provider.VerifierContext(o.ctx(ctx), &oidc.Config{ClientID: o.cfg.ClientID, Now: o.s.now})
	idt, err := verifier.Verify(o.ctx(ctx), raw)
	if err != nil {
		return store.User{}, fmt.Errorf("%w: id token: %v", errOIDC, err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(claims.Request)) != 1 {
		return store.User{}, fmt.Errorf("%w: nonce does not match", errOIDC)
	}
	var cl struct {
		Email             string `json:"email"`
		EmailVerified     *bool  `json:"email_verified"`
		PreferredUsername string `json:"preferred_username"`
	}
	if err := idt.Claims(&cl); err != nil {
		return store.User{}, fmt.Errorf("%w: claims: %v", errOIDC, err)
	}
	if cl.EmailVerified != nil && !*cl.EmailVerified {
		return store.User{}, fmt.Errorf("%w: email %q not verified", errOIDC, cl.Email)
	}
	email := cl.Email
	if email == "" && strings.Contains(cl.PreferredUsername, "@") {
		email = cl.PreferredUsername // Entra ID without the optional email claim
	}
	u, err := o.s.deps.Store.UserByEmail(ctx, email)
	if err != nil {
		return store.User{}, fmt.Errorf("%w: no user for %q: %v", errOIDC, email, err)
	}
	if u.Disabled() {
		return store.User{}, fmt.Errorf("%w: user %s is disabled", errOIDC, u.Key)
	}
	return u, nil
}
