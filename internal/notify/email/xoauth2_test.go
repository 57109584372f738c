package email

import (
	"context"
	"crypto/tls"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/m365"
	"github.com/regiogv/voortgang/internal/m365/m365test"
)

const sharedMailbox = "voortgang@regiogv.nl"

// xoauth2Setup is an SMTP server requiring XOAUTH2 over STARTTLS with tokens from a loopback
// token endpoint, and a sender for it whose token cache runs on clk.
func xoauth2Setup(t *testing.T, clk clock.Clock) (*SMTPSender, *testBackend, *m365test.TokenServer) {
	t.Helper()
	tokens := m365test.NewTokenServer(t, "app-1", "client-geheim", sharedMailbox)
	be := &testBackend{}
	be.xoauth2 = func(user, token string) error {
		if user != sharedMailbox {
			return errors.New("wrong mailbox " + user)
		}
		if !tokens.Valid(token, m365.ScopeOutlook) {
			return errors.New("invalid token")
		}
		return nil
	}
	srvTLS, pool := selfSigned(t)
	ts, err := m365.NewTokenSource(m365.Credentials{ClientID: "app-1", ClientSecret: "client-geheim", TokenURL: tokens.URL}, m365.ScopeOutlook, clk, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := setupSMTP(t, be, "smtp+xoauth2://voortgang%40regiogv.nl@ADDR", serverOptions{startTLS: srvTLS},
		WithTLSConfig(&tls.Config{RootCAs: pool}), WithTokenSource(ts), WithIdle(time.Hour, time.Hour))
	return s, be, tokens
}

func TestSMTPSenderXOAUTH2(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	s, be, tokens := xoauth2Setup(t, clk)
	m := testMessage("uitvraag/2026H2/anna", "Uitvraag [vg:AbC123]")
	if err := s.Send(context.Background(), m, mustCompose(t, m)); err != nil {
		t.Fatalf("Send: %v (token endpoint: %v)", err, tokens.Failures())
	}
	// A second connection (the first one closed) authenticates with the cached token.
	s.Close()
	if err := s.Send(context.Background(), m, mustCompose(t, m)); err != nil {
		t.Fatalf("second Send: %v", err)
	}
	got := be.messages()
	if len(got) != 2 || got[0].AuthAs != sharedMailbox || !got[0].TLS {
		t.Fatalf("server got %+v", got)
	}
	if n := tokens.Requests(); n != 1 {
		t.Errorf("two sends made %d token requests, want 1 (cached)", n)
	}

	// An hour later the token has expired: the next connection gets a new one.
	s.Close()
	clk.Advance(56 * time.Minute)
	if err := s.Send(context.Background(), m, mustCompose(t, m)); err != nil {
		t.Fatalf("Send after expiry: %v", err)
	}
	if n := tokens.Requests(); n != 2 {
		t.Errorf("after expiry: %d token requests, want 2", n)
	}
}

func TestSMTPSenderXOAUTH2RefusedTokenIsTemporaryAndRenewed(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	s, be, tokens := xoauth2Setup(t, clk)
	m := testMessage("uitvraag/2026H2/anna", "Uitvraag [vg:AbC123]")
	if err := s.Send(context.Background(), m, mustCompose(t, m)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	tokens.RevokeAll() // the server no longer accepts the cached token
	err := s.Send(context.Background(), m, mustCompose(t, m))
	var se *SendError
	if !errors.As(err, &se) || !se.Temporary || se.Stage != "auth" {
		t.Fatalf("Send with a refused token = %v, want a temporary auth failure", err)
	}
	if strings.Contains(err.Error(), "token-1") {
		t.Errorf("error shows the token: %v", err)
	}
	// The refused token was dropped: the retry gets a new one and goes through.
	if err := s.Send(context.Background(), m, mustCompose(t, m)); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if n, msgs := tokens.Requests(), len(be.messages()); n != 2 || msgs != 2 {
		t.Errorf("token requests %d, messages %d; want 2 and 2", n, msgs)
	}
}

func TestSMTPSenderXOAUTH2WrongSecret(t *testing.T) {
	tokens := m365test.NewTokenServer(t, "app-1", "client-geheim", sharedMailbox)
	be := &testBackend{xoauth2: func(string, string) error { return nil }}
	ts, _ := m365.NewTokenSource(m365.Credentials{ClientID: "app-1", ClientSecret: "verkeerd-geheim", TokenURL: tokens.URL}, m365.ScopeOutlook, clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)), nil)
	s, _ := setupSMTP(t, be, "smtp+xoauth2://voortgang%40regiogv.nl@ADDR", serverOptions{insecure: true}, WithTokenSource(ts))
	m := testMessage("k", "Onderwerp")
	err := s.Send(context.Background(), m, mustCompose(t, m))
	var se *SendError
	if !errors.As(err, &se) || !se.Temporary || se.Stage != "auth" || !strings.Contains(err.Error(), "invalid_client") {
		t.Fatalf("Send = %v, want a temporary auth failure naming invalid_client", err)
	}
	if strings.Contains(err.Error(), "verkeerd-geheim") {
		t.Errorf("error shows the secret: %v", err)
	}
	if len(be.messages()) != 0 {
		t.Error("message delivered without a token")
	}
}

func TestNewSMTPSenderXOAUTH2NeedsTokens(t *testing.T) {
	if _, err := NewSMTPSender("smtp+xoauth2://box@smtp.office365.com:587"); err == nil {
		t.Error("no error without a token source")
	}
	ts, _ := m365.NewTokenSource(m365.Credentials{TenantID: "t", ClientID: "c", ClientSecret: "s"}, m365.ScopeOutlook, clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)), nil)
	if _, err := NewSMTPSender("smtp+xoauth2://box:pw@smtp.office365.com:587", WithTokenSource(ts)); err == nil {
		t.Error("no error for a password in an xoauth2 URL")
	}
	if _, err := NewSMTPSender("smtp+xoauth2://smtp.office365.com:587", WithTokenSource(ts)); err == nil {
		t.Error("no error without the mailbox")
	}
}
