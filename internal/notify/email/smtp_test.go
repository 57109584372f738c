package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-smtp"
)

// testMessage is a small status request to anna, copied to the coordinator.
func testMessage(key, subject string) Message {
	return Message{
		Key:       key,
		MessageID: testMessageID(key),
		From:      "Regio Gooi en Vechtstreek <voortgang@regiogv.nl>",
		ReplyTo:   "voortgang+AbC123@regiogv.nl",
		To:        []string{"Anna de Vries <anna@hilversum.nl>"},
		Cc:        []string{"Jeroen Bakker <j.bakker@regiogv.nl>"},
		Subject:   subject,
		Text:      "Beste Anna,\n\nHé, één vraag over actie [15a].\n\nMet vriendelijke groet,\nJeroen",
		HTML:      "<p>Beste Anna,</p><p>Hé, één vraag over actie [15a].</p>",
	}
}

func mustCompose(t testing.TB, m Message) []byte {
	t.Helper()
	raw, err := Compose(m, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// setupSMTP starts a server with be and returns a sender for it.
func setupSMTP(t *testing.T, be *testBackend, url string, o serverOptions, opts ...SMTPOption) (*SMTPSender, *countingListener) {
	t.Helper()
	addr, l := startServer(t, be, o)
	s, err := NewSMTPSender(strings.ReplaceAll(url, "ADDR", addr), append([]SMTPOption{WithTimeouts(5*time.Second, 5*time.Second, 5*time.Second)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, l
}

func TestSMTPSenderDeliversMessageIntact(t *testing.T) {
	be := &testBackend{}
	s, _ := setupSMTP(t, be, "smtp://ADDR", serverOptions{})
	m := testMessage("uitvraag/2026H2/anna", "Uitvraag voortgang tweede helft 2026 – graag vóór 1 februari 2027 [vg:AbC123]")
	if err := s.Send(context.Background(), m, mustCompose(t, m)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := be.messages()
	if len(got) != 1 {
		t.Fatalf("server got %d messages, want 1", len(got))
	}
	if got[0].From != "voortgang@regiogv.nl" {
		t.Errorf("envelope from = %q", got[0].From)
	}
	if want := []string{"anna@hilversum.nl", "j.bakker@regiogv.nl"}; fmt.Sprint(got[0].To) != fmt.Sprint(want) {
		t.Errorf("envelope to = %v, want %v", got[0].To, want)
	}

	mr, err := mail.CreateReader(bytes.NewReader(got[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if subj, _ := mr.Header.Subject(); subj != m.Subject {
		t.Errorf("subject = %q, want %q", subj, m.Subject)
	}
	wantID := m.MessageID
	if id, _ := mr.Header.MessageID(); id != wantID {
		t.Errorf("Message-ID = %q, want %q", id, wantID)
	}
	parts := map[string]string{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ct, _, _ := p.Header.(*mail.InlineHeader).ContentType()
		b, _ := io.ReadAll(p.Body)
		parts[ct] = string(b)
	}
	if !strings.Contains(parts["text/plain"], "Hé, één vraag over actie [15a].") {
		t.Errorf("text part = %q", parts["text/plain"])
	}
	if !strings.Contains(parts["text/html"], "<p>Hé, één vraag over actie [15a].</p>") {
		t.Errorf("html part = %q", parts["text/html"])
	}
}

func TestSMTPSenderReusesOneConnection(t *testing.T) {
	be := &testBackend{}
	s, l := setupSMTP(t, be, "smtp://ADDR", serverOptions{})
	for i := range 5 {
		m := testMessage(fmt.Sprintf("herinnering/%d", i), fmt.Sprintf("Herinnering %d", i))
		if err := s.Send(context.Background(), m, mustCompose(t, m)); err != nil {
			t.Fatalf("Send %d: %v", i, err)
		}
	}
	if n := len(be.messages()); n != 5 {
		t.Errorf("server got %d messages, want 5", n)
	}
	if n := l.n.Load(); n != 1 {
		t.Errorf("%d connections for 5 messages, want 1", n)
	}
	if s.dials != 1 {
		t.Errorf("sender dialled %d times, want 1", s.dials)
	}
}

func TestSMTPSenderStartTLSWithAuth(t *testing.T) {
	serverTLS, pool := selfSigned(t)
	be := &testBackend{user: "voortgang", pass: "geheim wachtwoord"}
	s, l := setupSMTP(t, be, "smtp://voortgang:geheim%20wachtwoord@ADDR", serverOptions{startTLS: serverTLS},
		WithTLSConfig(&tls.Config{RootCAs: pool}))
	for i := range 2 {
		m := testMessage(fmt.Sprintf("tls/%d", i), "Over TLS")
		if err := s.Send(context.Background(), m, mustCompose(t, m)); err != nil {
			t.Fatalf("Send: %v", err)
		}
	}
	got := be.messages()
	if len(got) != 2 {
		t.Fatalf("server got %d messages, want 2", len(got))
	}
	for _, r := range got {
		if !r.TLS {
			t.Error("message arrived without TLS")
		}
		if r.AuthAs != "voortgang" {
			t.Errorf("authenticated as %q", r.AuthAs)
		}
	}
	if n := l.n.Load(); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
}

func TestSMTPSenderRejectsUntrustedCertificate(t *testing.T) {
	serverTLS, _ := selfSigned(t)
	be := &testBackend{}
	s, _ := setupSMTP(t, be, "smtp://ADDR", serverOptions{startTLS: serverTLS})
	m := testMessage("tls/untrusted", "Onbetrouwbaar certificaat")
	err := s.Send(context.Background(), m, mustCompose(t, m))
	if err == nil {
		t.Fatal("Send succeeded with an untrusted certificate")
	}
	if !IsTemporary(err) {
		t.Errorf("certificate failure should be temporary (a configuration problem), got %v", err)
	}
	if n := len(be.messages()); n != 0 {
		t.Errorf("server got %d messages", n)
	}
}

func TestSMTPSenderImplicitTLS(t *testing.T) {
	serverTLS, pool := selfSigned(t)
	be := &testBackend{user: "voortgang", pass: "geheim"}
	s, _ := setupSMTP(t, be, "smtps://voortgang:geheim@ADDR", serverOptions{implicitTLS: serverTLS},
		WithTLSConfig(&tls.Config{RootCAs: pool}))
	m := testMessage("smtps/1", "Via smtps")
	if err := s.Send(context.Background(), m, mustCompose(t, m)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := be.messages(); len(got) != 1 || got[0].AuthAs != "voortgang" {
		t.Fatalf("got %+v", got)
	}
}

func TestSMTPSenderWrongPasswordIsTemporary(t *testing.T) {
	be := &testBackend{user: "voortgang", pass: "juist"}
	s, _ := setupSMTP(t, be, "smtp://voortgang:fout@ADDR", serverOptions{insecure: true})
	m := testMessage("auth/fout", "Fout wachtwoord")
	err := s.Send(context.Background(), m, mustCompose(t, m))
	var se *SendError
	if !errors.As(err, &se) || se.Stage != "auth" {
		t.Fatalf("err = %v, want an auth SendError", err)
	}
	if !se.Temporary {
		t.Errorf("a wrong password is fixed in the configuration, not the message: want temporary, got %v", err)
	}
}

func TestSMTPSenderRefusesPasswordOverPlainConnection(t *testing.T) {
	be := &testBackend{user: "voortgang", pass: "geheim"}
	s, _ := setupSMTP(t, be, "smtp://voortgang:geheim@ADDR", serverOptions{insecure: true})
	s.plainAuthOK = false // as for a remote host
	m := testMessage("auth/plain", "Geen TLS")
	err := s.Send(context.Background(), m, mustCompose(t, m))
	var se *SendError
	if !errors.As(err, &se) || se.Stage != "auth" || !strings.Contains(err.Error(), "unencrypted") {
		t.Fatalf("err = %v, want a refusal to authenticate without TLS", err)
	}
	be.mu.Lock()
	attempts := be.authAttempts
	be.mu.Unlock()
	if attempts != 0 {
		t.Errorf("the password was offered %d times over plain text", attempts)
	}
}

func TestSMTPSenderClassifiesRejections(t *testing.T) {
	tests := []struct {
		name      string
		be        *testBackend
		to        string
		temporary bool
		code      int
		stage     string
	}{
		{
			name: "550 onbekende ontvanger is permanent",
			be:   &testBackend{rejectRcpt: map[string]*smtp.SMTPError{"vertrokken@hilversum.nl": {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "User unknown"}}},
			to:   "vertrokken@hilversum.nl",
			code: 550, stage: "rcpt",
		},
		{
			name: "451 greylisting is tijdelijk",
			be: &testBackend{rejectData: func([]byte) error {
				return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Greylisted, try again later"}
			}},
			to:        "anna@hilversum.nl",
			temporary: true, code: 451, stage: "deliver",
		},
		{
			name: "554 inhoud geweigerd is permanent",
			be: &testBackend{rejectData: func([]byte) error {
				return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "Content rejected"}
			}},
			to:   "anna@hilversum.nl",
			code: 554, stage: "deliver",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, l := setupSMTP(t, tt.be, "smtp://ADDR", serverOptions{})
			m := testMessage("weigering", "Wordt geweigerd")
			m.To, m.Cc = []string{tt.to}, nil
			err := s.Send(context.Background(), m, mustCompose(t, m))
			var se *SendError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want *SendError", err)
			}
			if se.Temporary != tt.temporary || IsTemporary(err) != tt.temporary {
				t.Errorf("temporary = %v, want %v (%v)", se.Temporary, tt.temporary, err)
			}
			if se.Code != tt.code || se.Stage != tt.stage {
				t.Errorf("code %d at %s, want %d at %s", se.Code, se.Stage, tt.code, tt.stage)
			}

			// The session survives a rejection: the next message goes out
			// on the same connection after RSET.
			tt.be.mu.Lock()
			tt.be.rejectData, tt.be.rejectRcpt = nil, nil
			tt.be.mu.Unlock()
			ok := testMessage("daarna", "Daarna")
			if err := s.Send(context.Background(), ok, mustCompose(t, ok)); err != nil {
				t.Fatalf("Send after rejection: %v", err)
			}
			if n := l.n.Load(); n != 1 {
				t.Errorf("%d connections, want 1", n)
			}
		})
	}
}

func TestSMTPSenderDroppedConnectionIsTemporaryAndRedials(t *testing.T) {
	be := &testBackend{dropOnData: func(data []byte) bool { return hasSubject(data, "Subject: Ophangen") }}
	s, l := setupSMTP(t, be, "smtp://ADDR", serverOptions{})

	m := testMessage("ophangen", "Ophangen")
	err := s.Send(context.Background(), m, mustCompose(t, m))
	if err == nil {
		t.Fatal("Send succeeded although the server hung up")
	}
	if !IsTemporary(err) {
		t.Errorf("dropped connection should be temporary: %v", err)
	}
	var se *SendError
	if errors.As(err, &se) && se.Stage != "deliver" {
		t.Errorf("stage = %q, want deliver (the server may have the message)", se.Stage)
	}

	next := testMessage("volgende", "Volgende")
	if err := s.Send(context.Background(), next, mustCompose(t, next)); err != nil {
		t.Fatalf("Send after hang-up: %v", err)
	}
	if n := l.n.Load(); n != 2 {
		t.Errorf("%d connections, want 2 (a redial)", n)
	}
	if got := be.messages(); len(got) != 1 || !hasSubject(got[0].Data, "Subject: Volgende") {
		t.Errorf("server kept %d messages", len(got))
	}
}

func TestSMTPSenderRecoversFromServerClosingIdleConnection(t *testing.T) {
	be := &testBackend{}
	s, l := setupSMTP(t, be, "smtp://ADDR", serverOptions{})
	first := testMessage("eerste", "Eerste")
	if err := s.Send(context.Background(), first, mustCompose(t, first)); err != nil {
		t.Fatal(err)
	}
	l.hangUpAll() // the server drops the idle session

	second := testMessage("tweede", "Tweede")
	if err := s.Send(context.Background(), second, mustCompose(t, second)); err != nil {
		t.Fatalf("Send on a connection the server closed: %v", err)
	}
	if n := l.n.Load(); n != 2 {
		t.Errorf("%d connections, want 2", n)
	}
	if n := len(be.messages()); n != 2 {
		t.Errorf("server got %d messages, want 2", n)
	}
}

func TestSMTPSenderIdleConnections(t *testing.T) {
	tests := []struct {
		name      string
		idle      time.Duration
		wantConns int64
	}{
		{"kort na elkaar: zelfde verbinding", time.Second, 1},
		{"na een pauze: NOOP en zelfde verbinding", 30 * time.Second, 1},
		{"na lange stilte: nieuwe verbinding", 10 * time.Minute, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC)
			be := &testBackend{}
			s, l := setupSMTP(t, be, "smtp://ADDR", serverOptions{},
				WithIdle(10*time.Second, 2*time.Minute), WithNow(func() time.Time { return now }))
			m := testMessage("a", "A")
			if err := s.Send(context.Background(), m, mustCompose(t, m)); err != nil {
				t.Fatal(err)
			}
			now = now.Add(tt.idle)
			m = testMessage("b", "B")
			if err := s.Send(context.Background(), m, mustCompose(t, m)); err != nil {
				t.Fatal(err)
			}
			if n := l.n.Load(); n != tt.wantConns {
				t.Errorf("%d connections, want %d", n, tt.wantConns)
			}
		})
	}
}

func TestSMTPSenderCancelledContext(t *testing.T) {
	be := &testBackend{}
	s, _ := setupSMTP(t, be, "smtp://ADDR", serverOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := testMessage("afgebroken", "Afgebroken")
	err := s.Send(ctx, m, mustCompose(t, m))
	if !IsTemporary(err) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want temporary context.Canceled", err)
	}
}

func TestSMTPSenderUnreachableServerIsTemporary(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there any more
	s, err := NewSMTPSender("smtp://"+addr, WithTimeouts(time.Second, time.Second, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	m := testMessage("onbereikbaar", "Onbereikbaar")
	err = s.Send(context.Background(), m, mustCompose(t, m))
	var se *SendError
	if !errors.As(err, &se) || !se.Temporary || se.Stage != "connect" {
		t.Fatalf("err = %v, want temporary connect failure", err)
	}
}

func TestNewSMTPSender(t *testing.T) {
	tests := []struct {
		name     string
		url      string
		wantAddr string
		wantTLS  bool
		wantErr  string
	}{
		{"submission standaardpoort", "smtp://mail.regiogv.nl", "mail.regiogv.nl:587", false, ""},
		{"smtps standaardpoort", "smtps://u:p@mail.regiogv.nl", "mail.regiogv.nl:465", true, ""},
		{"eigen poort", "smtp://localhost:2525", "localhost:2525", false, ""},
		{"onbekend schema", "http://mail.regiogv.nl", "", false, "scheme"},
		{"geen host", "smtp://", "", false, "no host"},
		{"ongeldige poort", "smtp://mail.regiogv.nl:99999", "", false, "port"},
		{"pad", "smtp://mail.regiogv.nl/x", "", false, "path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSMTPSender(tt.url)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one about %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Addr() != tt.wantAddr || s.implicitTLS != tt.wantTLS {
				t.Errorf("addr %s tls %v, want %s %v", s.Addr(), s.implicitTLS, tt.wantAddr, tt.wantTLS)
			}
		})
	}
	// A password in a malformed URL must not end up in the error.
	_, err := NewSMTPSender("smtp://u:s3cret@host:port%zz")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("err = %v, want an error without the password", err)
	}
}

func TestIsTemporary(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"geen fout", nil, false},
		{"SMTP 451", &smtp.SMTPError{Code: 451}, true},
		{"SMTP 550", &smtp.SMTPError{Code: 550}, false},
		{"ingepakte 421", fmt.Errorf("x: %w", &smtp.SMTPError{Code: 421}), true},
		{"netwerkfout", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, true},
		{"verbinding verbroken", io.EOF, true},
		{"deadline", context.DeadlineExceeded, true},
		{"SendError permanent", &SendError{Temporary: false, Code: 550}, false},
		{"SendError tijdelijk", &SendError{Temporary: true}, true},
		{"onbekende fout", errors.New("kapot"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsTemporary(tt.err); got != tt.want {
				t.Errorf("IsTemporary(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
