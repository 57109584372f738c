// Package m365 talks to Microsoft 365 (Exchange Online) the way an app registration in
// Entra ID does: it gets access tokens with the OAuth 2.0 client-credentials grant (a client
// secret or a certificate), keeps them until shortly before they expire, and offers them as
// XOAUTH2 for IMAP and SMTP and as bearer tokens for Microsoft Graph.
//
// Basic authentication is gone in Exchange Online, so this is the only way a daemon without
// a signed-in user reads and sends the shared mailbox. The package holds no mail logic: the
// SMTP sender, the Graph sender and the mailbox readers use it.
//
// Tokens and secrets are never part of an error or a log line: errors carry the token
// endpoint's error code and description only.
package m365

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/regiogv/voortgang/internal/clock"
)

// Scopes of the two kinds of access: IMAP and SMTP (Exchange Online) and Microsoft Graph.
// The client-credentials grant takes a resource's ".default" scope: the application
// permissions granted to the app registration.
const (
	ScopeOutlook = "https://outlook.office365.com/.default"
	ScopeGraph   = "https://graph.microsoft.com/.default"
)

// renewBefore is how long before its expiry a token is replaced: a token handed to an IMAP
// login or a Graph request must not run out while in use. Entra ID issues tokens for 60 to
// 90 minutes.
const renewBefore = 5 * time.Minute

// defaultLifetime is assumed when the token endpoint gives no expires_in.
const defaultLifetime = 30 * time.Minute

// Credentials are an app registration: tenant, client id, and either a client secret or a
// certificate (PEM with the certificate and its RSA private key).
type Credentials struct {
	TenantID     string
	ClientID     string
	ClientSecret string
	// CertificatePEM holds the certificate and its unencrypted private key; with it the
	// client authenticates with a signed assertion (RFC 7523) instead of a secret.
	CertificatePEM string
	// TokenURL overrides https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token
	// (national clouds, tests).
	TokenURL string
}

// Endpoint is the token URL the credentials use.
func (c Credentials) Endpoint() string {
	if c.TokenURL != "" {
		return c.TokenURL
	}
	return "https://login.microsoftonline.com/" + c.TenantID + "/oauth2/v2.0/token"
}

// TokenSource gets tokens for one scope and caches them until renewBefore their expiry, as
// measured on its clock (so tests can move past an expiry without waiting). It is safe for
// concurrent use; concurrent callers wait for one request.
type TokenSource struct {
	creds Credentials
	scope string
	clock clock.Clock
	http  *http.Client

	signer   crypto.Signer // certificate authentication
	x5t      string        // SHA-1 thumbprint, base64url
	x5tS256  string        // SHA-256 thumbprint, base64url
	mu       sync.Mutex
	token    *oauth2.Token
	renewAt  time.Time
	requests int
}

// NewTokenSource checks the credentials and returns a source for scope. Nothing is
// requested until the first Token. httpClient nil means http.DefaultClient.
func NewTokenSource(creds Credentials, scope string, clk clock.Clock, httpClient *http.Client) (*TokenSource, error) {
	if creds.ClientID == "" {
		return nil, errors.New("m365: geen client id (VOORTGANG_M365_CLIENT_ID)")
	}
	if creds.TenantID == "" && creds.TokenURL == "" {
		return nil, errors.New("m365: geen tenant id (VOORTGANG_M365_TENANT_ID)")
	}
	if clk == nil {
		// The token's renewal is planned on the caller's clock; a silent wall-clock
		// fallback would renew on a different time than the rest of the process.
		return nil, errors.New("m365: NewTokenSource zonder klok")
	}
	ts := &TokenSource{creds: creds, scope: scope, clock: clk, http: httpClient}
	switch {
	case creds.CertificatePEM != "":
		signer, cert, err := parseCertificate(creds.CertificatePEM)
		if err != nil {
			return nil, err
		}
		ts.signer = signer
		s1 := sha1.Sum(cert.Raw)
		s256 := sha256.Sum256(cert.Raw)
		ts.x5t = base64.RawURLEncoding.EncodeToString(s1[:])
		ts.x5tS256 = base64.RawURLEncoding.EncodeToString(s256[:])
	case creds.ClientSecret == "":
		return nil, errors.New("m365: geen client secret (VOORTGANG_M365_CLIENT_SECRET) en geen certificaat (VOORTGANG_M365_CERTIFICATE_FILE)")
	}
	return ts, nil
}

// Scope is the scope tokens are requested for.
func (ts *TokenSource) Scope() string { return ts.scope }

// Requests is how many tokens have been requested from the endpoint (tests, `check`).
func (ts *TokenSource) Requests() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.requests
}

// Token returns a valid access token, requesting a new one when there is none or the
// cached one expires within renewBefore.
func (ts *TokenSource) Token(ctx context.Context) (string, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	now := ts.clock.Now()
	if ts.token != nil && now.Before(ts.renewAt) {
		return ts.token.AccessToken, nil
	}
	tok, err := ts.fetch(ctx, now)
	if err != nil {
		return "", err
	}
	// oauth2 measures Expiry on the real clock; carry the lifetime over to ours.
	life := defaultLifetime
	if !tok.Expiry.IsZero() {
		life = time.Until(tok.Expiry)
	}
	ts.token = tok
	ts.renewAt = now.Add(life - renewBefore)
	if life <= 2*renewBefore { // a very short-lived token: use it for half its life
		ts.renewAt = now.Add(life / 2)
	}
	return tok.AccessToken, nil
}

// Invalidate forgets the cached token, so the next Token requests a new one (after the
// server rejected it, for example because permissions changed).
func (ts *TokenSource) Invalidate() {
	ts.mu.Lock()
	ts.token = nil
	ts.mu.Unlock()
}

func (ts *TokenSource) fetch(ctx context.Context, now time.Time) (*oauth2.Token, error) {
	conf := &clientcredentials.Config{
		ClientID:     ts.creds.ClientID,
		ClientSecret: ts.creds.ClientSecret,
		TokenURL:     ts.creds.Endpoint(),
		Scopes:       []string{ts.scope},
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	if ts.signer != nil {
		assertion, err := ts.assertion(now)
		if err != nil {
			return nil, err
		}
		conf.ClientSecret = ""
		conf.EndpointParams = map[string][]string{
			"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
			"client_assertion":      {assertion},
		}
	}
	if ts.http != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, ts.http)
	}
	ts.requests++
	tok, err := conf.Token(ctx)
	if err != nil {
		return nil, describe(err)
	}
	if tok.AccessToken == "" {
		return nil, errors.New("m365: het token-endpoint gaf geen access token")
	}
	return tok, nil
}

// describe turns a token endpoint error into one that names Entra ID's code and
// description, never the request (which holds the secret).
func describe(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		code := re.ErrorCode
		desc := re.ErrorDescription
		if code == "" && re.Response != nil {
			code = re.Response.Status
		}
		if i := strings.IndexAny(desc, "\r\n"); i >= 0 {
			desc = desc[:i]
		}
		return &TokenError{Code: code, Description: desc}
	}
	return fmt.Errorf("m365: token ophalen: %w", err)
}

// TokenError is a refusal by the token endpoint: "invalid_client" (wrong secret or
// certificate), "unauthorized_client", "invalid_scope", …
type TokenError struct {
	Code        string
	Description string
}

func (e *TokenError) Error() string {
	if e.Description == "" {
		return "m365: token geweigerd: " + e.Code
	}
	return "m365: token geweigerd: " + e.Code + ": " + e.Description
}

// assertion is the signed JWT with which a certificate authenticates the client: audience
// the token endpoint, issuer and subject the client id, valid for ten minutes.
func (ts *TokenSource) assertion(now time.Time) (string, error) {
	jti := make([]byte, 16)
	rand.Read(jti)
	header := map[string]string{"alg": "RS256", "typ": "JWT", "x5t": ts.x5t, "x5t#S256": ts.x5tS256}
	claims := map[string]any{
		"aud": ts.creds.Endpoint(),
		"iss": ts.creds.ClientID,
		"sub": ts.creds.ClientID,
		"jti": hex.EncodeToString(jti),
		"nbf": now.Add(-time.Minute).Unix(),
		"iat": now.Unix(),
		"exp": now.Add(10 * time.Minute).Unix(),
	}
	h, _ := json.Marshal(header)
	c, _ := json.Marshal(claims)
	signing := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	sum := sha256.Sum256([]byte(signing))
	sig, err := ts.signer.Sign(rand.Reader, sum[:], crypto.SHA256)
	if err != nil {
		return "", fmt.Errorf("m365: assertion ondertekenen: %w", err)
	}
	return signing + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// parseCertificate reads the certificate and its RSA key from PEM (in any order, as Entra
// ID's documentation and openssl write them).
func parseCertificate(data string) (crypto.Signer, *x509.Certificate, error) {
	var (
		cert *x509.Certificate
		key  crypto.Signer
		rest = []byte(data)
	)
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		switch b.Type {
		case "CERTIFICATE":
			if cert != nil {
				continue // the chain: the first one is the app's
			}
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil, nil, fmt.Errorf("m365: certificaat onleesbaar: %w", err)
			}
			cert = c
		case "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
			if err != nil {
				return nil, nil, fmt.Errorf("m365: sleutel onleesbaar: %w", err)
			}
			rk, ok := k.(*rsa.PrivateKey)
			if !ok {
				return nil, nil, errors.New("m365: de sleutel bij het certificaat moet een RSA-sleutel zijn")
			}
			key = rk
		case "RSA PRIVATE KEY":
			k, err := x509.ParsePKCS1PrivateKey(b.Bytes)
			if err != nil {
				return nil, nil, fmt.Errorf("m365: sleutel onleesbaar: %w", err)
			}
			key = k
		case "ENCRYPTED PRIVATE KEY":
			return nil, nil, errors.New("m365: de sleutel bij het certificaat is versleuteld; geef hem onversleuteld (het bestand zelf is het geheim)")
		}
	}
	switch {
	case cert == nil:
		return nil, nil, errors.New("m365: geen CERTIFICATE-blok in het certificaatbestand")
	case key == nil:
		return nil, nil, errors.New("m365: geen private key in het certificaatbestand (zet certificaat en sleutel samen in één PEM-bestand)")
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok || !pub.Equal(key.Public()) {
		return nil, nil, errors.New("m365: de sleutel hoort niet bij het certificaat")
	}
	return key, cert, nil
}
