package m365_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/m365"
	"github.com/regiogv/voortgang/internal/m365/m365test"
)

func TestTokenCachedAndRenewedBeforeExpiry(t *testing.T) {
	srv := m365test.NewTokenServer(t, "app-1", "geheim", "box@regio.example.org")
	clk := clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	ts, err := m365.NewTokenSource(m365.Credentials{ClientID: "app-1", ClientSecret: "geheim", TokenURL: srv.URL}, m365.ScopeGraph, clk, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first, err := ts.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(54 * time.Minute)
	if again, _ := ts.Token(ctx); again != first || srv.Requests() != 1 {
		t.Errorf("within the lifetime: token %q (first %q), %d requests; want the cached one", again, first, srv.Requests())
	}
	// Five minutes before the hour is up, a new one.
	clk.Advance(time.Minute)
	renewed, err := ts.Token(ctx)
	if err != nil || renewed == first || srv.Requests() != 2 {
		t.Errorf("near expiry: token %q, %v, %d requests; want a new one", renewed, err, srv.Requests())
	}
	if !srv.Valid(renewed, m365.ScopeGraph) || srv.Valid(renewed, m365.ScopeOutlook) {
		t.Error("token not issued for the Graph scope")
	}
	ts.Invalidate()
	if _, err := ts.Token(ctx); err != nil || srv.Requests() != 3 {
		t.Errorf("after Invalidate: %v, %d requests; want a new one", err, srv.Requests())
	}
}

func TestTokenErrorsNameTheCodeNotTheSecret(t *testing.T) {
	srv := m365test.NewTokenServer(t, "app-1", "geheim", "box@regio.example.org")
	for _, c := range []struct {
		creds m365.Credentials
		code  string
	}{
		{m365.Credentials{ClientID: "app-1", ClientSecret: "verkeerd-geheim", TokenURL: srv.URL}, "invalid_client"},
		{m365.Credentials{ClientID: "app-2", ClientSecret: "verkeerd-geheim", TokenURL: srv.URL}, "unauthorized_client"},
	} {
		ts, _ := m365.NewTokenSource(c.creds, m365.ScopeOutlook, clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)), nil)
		_, err := ts.Token(context.Background())
		var te *m365.TokenError
		if !errors.As(err, &te) || te.Code != c.code || strings.Contains(err.Error(), "verkeerd-geheim") {
			t.Errorf("Token = %v, want %s without the secret", err, c.code)
		}
	}
	if _, err := m365.NewTokenSource(m365.Credentials{TenantID: "t", ClientID: "c"}, m365.ScopeGraph, clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)), nil); err == nil {
		t.Error("no error without a secret or certificate")
	}
	if got := (m365.Credentials{TenantID: "regio-tenant"}).Endpoint(); got != "https://login.microsoftonline.com/regio-tenant/oauth2/v2.0/token" {
		t.Errorf("Endpoint = %q", got)
	}
}

// certificate makes a self-signed certificate and returns it with the PEM of certificate
// and key, the way openssl writes them for an app registration.
func certificate(t *testing.T) (*x509.Certificate, string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "voortgang"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pk, _ := x509.MarshalPKCS8PrivateKey(key)
	return cert, string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pk})) +
		string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func TestTokenWithCertificate(t *testing.T) {
	srv := m365test.NewTokenServer(t, "app-1", "", "box@regio.example.org")
	cert, pemData := certificate(t)
	srv.Cert = cert
	ts, err := m365.NewTokenSource(m365.Credentials{ClientID: "app-1", CertificatePEM: pemData, TokenURL: srv.URL}, m365.ScopeOutlook, clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)), nil)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := ts.Token(context.Background())
	if err != nil || !srv.Valid(tok, m365.ScopeOutlook) {
		t.Fatalf("Token = %q, %v (endpoint: %v)", tok, err, srv.Failures())
	}

	// Another certificate is not the registered one.
	_, other := certificate(t)
	ts, _ = m365.NewTokenSource(m365.Credentials{ClientID: "app-1", CertificatePEM: other, TokenURL: srv.URL}, m365.ScopeOutlook, clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)), nil)
	var te *m365.TokenError
	if _, err := ts.Token(context.Background()); !errors.As(err, &te) || te.Code != "invalid_client" {
		t.Errorf("with another certificate: %v, want invalid_client", err)
	}

	for name, bad := range map[string]string{
		"no key":         pemData[strings.Index(pemData, "-----BEGIN CERTIFICATE"):],
		"no certificate": pemData[:strings.Index(pemData, "-----BEGIN CERTIFICATE")],
		"wrong key":      other[:strings.Index(other, "-----BEGIN CERTIFICATE")] + pemData[strings.Index(pemData, "-----BEGIN CERTIFICATE"):],
	} {
		if _, err := m365.NewTokenSource(m365.Credentials{ClientID: "app-1", CertificatePEM: bad, TokenURL: srv.URL}, m365.ScopeOutlook, clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)), nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestXOAUTH2Response(t *testing.T) {
	got := string(m365.XOAUTH2Response("box@regio.example.org", "tok"))
	if want := "user=box@regio.example.org\x01auth=Bearer tok\x01\x01"; got != want {
		t.Errorf("XOAUTH2Response = %q, want %q", got, want)
	}
}

func TestGraphErrorRetryAfter(t *testing.T) {
	srv := m365test.NewTokenServer(t, "app-1", "geheim", "box@regio.example.org")
	g := m365test.NewGraphServer(t, srv, "box@regio.example.org")
	ts, _ := m365.NewTokenSource(m365.Credentials{ClientID: "app-1", ClientSecret: "geheim", TokenURL: srv.URL}, m365.ScopeGraph, clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)), nil)
	c := &m365.Graph{BaseURL: g.URL, Mailbox: "box@regio.example.org", Tokens: ts, HTTP: http.DefaultClient}
	g.RetryAfter = 30
	g.FailNext(http.StatusServiceUnavailable)
	err := c.JSON(context.Background(), "GET", c.UserPath()+"/mailFolders?$filter=displayName%20eq%20'Verwerkt'", nil, &struct{}{})
	var ge *m365.GraphError
	if !errors.As(err, &ge) || !ge.Temporary() || ge.RetryAfter != 30*time.Second || ge.Code != "ApplicationThrottled" {
		t.Fatalf("err = %#v", err)
	}
	if th, after := m365.IsThrottled(err); !th || after != 30*time.Second {
		t.Errorf("IsThrottled = %v, %v", th, after)
	}
}

// A link to another host (a forged @odata.nextLink) never gets the token.
func TestGraphSendsTokenOnlyToGraph(t *testing.T) {
	srv := m365test.NewTokenServer(t, "app-1", "geheim", "box@regio.example.org")
	other := 0
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other++ }))
	defer elsewhere.Close()
	ts, _ := m365.NewTokenSource(m365.Credentials{ClientID: "app-1", ClientSecret: "geheim", TokenURL: srv.URL}, m365.ScopeGraph, clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)), nil)
	c := &m365.Graph{BaseURL: "http://127.0.0.1:1/v1.0", Mailbox: "box@regio.example.org", Tokens: ts}
	if err := c.JSON(context.Background(), "GET", elsewhere.URL+"/v1.0/users/box/messages?$skip=10", nil, &struct{}{}); err == nil || other != 0 {
		t.Errorf("JSON to another host = %v, %d requests there", err, other)
	}
}

func TestTokenSourceNeedsAClock(t *testing.T) {
	_, err := m365.NewTokenSource(m365.Credentials{ClientID: "app-1", ClientSecret: "geheim", TokenURL: "http://127.0.0.1:1"}, m365.ScopeGraph, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "zonder klok") {
		t.Fatalf("NewTokenSource without a clock: err = %v, want one naming the clock", err)
	}
}
