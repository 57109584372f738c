// Package m365test has the Microsoft 365 stand-ins the tests of several packages share: a
// token endpoint speaking the OAuth 2.0 client-credentials grant on loopback (which also
// answers a userinfo request so that Dovecot's oauth2 passdb can verify a bearer token), a
// XOAUTH2 SASL server for the in-process SMTP server, and a Dovecot started from a
// temporary directory.
//
// Everything here checks what it receives the way the real service does, so a client that
// sends the wrong grant, scope or token fails the test instead of passing against a mock
// that accepts anything.
package m365test

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TokenServer is a client-credentials token endpoint for one app registration.
type TokenServer struct {
	URL string // the token endpoint (…/oauth2/v2.0/token)
	// UserinfoURL answers GET with Authorization: Bearer TOKEN: {"mail": MAILBOX} for a token
	// it issued, 401 otherwise (Dovecot's introspection_mode = auth).
	UserinfoURL string

	ClientID, ClientSecret string
	// Cert, when set, is the certificate a client assertion must be signed with (and the
	// secret is not accepted).
	Cert *x509.Certificate
	// Mailbox is the address userinfo reports for a valid token.
	Mailbox string
	// ExpiresIn is the lifetime the endpoint gives its tokens, in seconds (default 3600).
	ExpiresIn int

	mu       sync.Mutex
	issued   map[string]string // token → scope
	requests int
	revoked  map[string]bool
	failures []string
}

// NewTokenServer starts the endpoint; it stops when the test ends.
func NewTokenServer(t testing.TB, clientID, clientSecret, mailbox string) *TokenServer {
	t.Helper()
	ts := &TokenServer{ClientID: clientID, ClientSecret: clientSecret, Mailbox: mailbox, ExpiresIn: 3600,
		issued: map[string]string{}, revoked: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /tenant-1/oauth2/v2.0/token", ts.token)
	mux.HandleFunc("GET /userinfo", ts.userinfo)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	ts.URL = srv.URL + "/tenant-1/oauth2/v2.0/token"
	ts.UserinfoURL = srv.URL + "/userinfo"
	return ts
}

// Requests is how many token requests were answered with a token.
func (ts *TokenServer) Requests() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.requests
}

// Failures are the reasons the endpoint refused requests, for a test's error message.
func (ts *TokenServer) Failures() []string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]string(nil), ts.failures...)
}

// Valid reports whether token was issued by this endpoint for scope (and not revoked).
func (ts *TokenServer) Valid(token, scope string) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	s, ok := ts.issued[token]
	return ok && !ts.revoked[token] && (scope == "" || s == scope)
}

// RevokeAll makes every token issued so far invalid (a permission was withdrawn).
func (ts *TokenServer) RevokeAll() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	for tok := range ts.issued {
		ts.revoked[tok] = true
	}
}

func (ts *TokenServer) refuse(w http.ResponseWriter, status int, code, desc string) {
	ts.mu.Lock()
	ts.failures = append(ts.failures, code+": "+desc)
	ts.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
}

func (ts *TokenServer) token(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		ts.refuse(w, 400, "invalid_request", "content type "+ct)
		return
	}
	if err := r.ParseForm(); err != nil {
		ts.refuse(w, 400, "invalid_request", err.Error())
		return
	}
	f := r.PostForm
	if g := f.Get("grant_type"); g != "client_credentials" {
		ts.refuse(w, 400, "unsupported_grant_type", "grant_type "+g)
		return
	}
	if f.Get("client_id") != ts.ClientID {
		ts.refuse(w, 400, "unauthorized_client", "AADSTS700016: unknown client "+f.Get("client_id"))
		return
	}
	scope := f.Get("scope")
	if scope != "https://outlook.office365.com/.default" && scope != "https://graph.microsoft.com/.default" {
		ts.refuse(w, 400, "invalid_scope", "AADSTS1002012: scope "+scope)
		return
	}
	if ts.Cert != nil {
		if f.Get("client_secret") != "" {
			ts.refuse(w, 401, "invalid_client", "secret given, certificate expected")
			return
		}
		if f.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
			ts.refuse(w, 401, "invalid_client", "client_assertion_type "+f.Get("client_assertion_type"))
			return
		}
		if err := ts.checkAssertion(f.Get("client_assertion")); err != nil {
			ts.refuse(w, 401, "invalid_client", "AADSTS700027: "+err.Error())
			return
		}
	} else if f.Get("client_secret") != ts.ClientSecret {
		ts.refuse(w, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided.")
		return
	}
	ts.mu.Lock()
	ts.requests++
	tok := fmt.Sprintf("token-%d-%s", ts.requests, strings.TrimPrefix(strings.TrimSuffix(scope, "/.default"), "https://"))
	ts.issued[tok] = scope
	exp := ts.ExpiresIn
	ts.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"token_type": "Bearer", "expires_in": exp, "ext_expires_in": exp, "access_token": tok})
}

// checkAssertion verifies the client assertion as Entra ID does: RS256 signed with the
// registered certificate's key, its thumbprint in the header, audience the token endpoint,
// issuer and subject the client id.
func (ts *TokenServer) checkAssertion(jwt string) error {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return fmt.Errorf("assertion is not a JWT")
	}
	var header struct {
		Alg     string `json:"alg"`
		X5tS256 string `json:"x5t#S256"`
	}
	var claims struct {
		Aud, Iss, Sub, Jti string
		Exp, Nbf           int64
	}
	if err := decodePart(parts[0], &header); err != nil {
		return err
	}
	if err := decodePart(parts[1], &claims); err != nil {
		return err
	}
	sum := sha256.Sum256(ts.Cert.Raw)
	if header.Alg != "RS256" || header.X5tS256 != base64.RawURLEncoding.EncodeToString(sum[:]) {
		return fmt.Errorf("header %+v does not name the certificate", header)
	}
	if claims.Aud != ts.URL || claims.Iss != ts.ClientID || claims.Sub != ts.ClientID || claims.Jti == "" || claims.Exp <= claims.Nbf {
		return fmt.Errorf("claims %+v", claims)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return err
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	return rsa.VerifyPKCS1v15(ts.Cert.PublicKey.(*rsa.PublicKey), crypto.SHA256, digest[:], sig)
}

func decodePart(s string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func (ts *TokenServer) userinfo(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	w.Header().Set("Content-Type", "application/json")
	if !ok || !ts.Valid(tok, "https://outlook.office365.com/.default") {
		w.WriteHeader(http.StatusUnauthorized)
		json.NewEncoder(w).Encode(map[string]string{"error": "invalid_token"})
		return
	}
	json.NewEncoder(w).Encode(map[string]string{"mail": ts.Mailbox})
}
