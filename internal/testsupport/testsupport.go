// Package testsupport holds the real servers that tests of several packages share: an
// in-process SMTP server (emersion/go-smtp) that records what it receives and can be told to
// refuse, and a fresh PostgreSQL schema per test. It is imported by tests only.
package testsupport

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"net"
	"net/url"
	"os"
	"sync"
	"testing"

	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/regiogv/voortgang/internal/m365/m365test"
)

// EnvPostgres names the PostgreSQL server the tests use.
const EnvPostgres = "VOORTGANG_TEST_POSTGRES"

// PostgresURL returns a URL whose search_path selects an empty schema made for this test and
// dropped after it. Without VOORTGANG_TEST_POSTGRES the test is skipped loudly, except in CI
// (CI set), where it fails: a skipped driver would hide a broken one.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv("CI") != "" {
			tb.Fatalf("CI is set but %s is not: the PostgreSQL tests must run in CI", EnvPostgres)
		}
		tb.Skip("PostgreSQL tests SKIPPED: set " + EnvPostgres + "=postgres://voortgang:voortgang@127.0.0.1:5432/voortgang_test?sslmode=disable")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Mail is one message as the SMTP server received it.
type Mail struct {
	From string
	To   []string
	Data []byte
}

// SMTPServer is an in-process SMTP server on loopback.
type SMTPServer struct {
	Addr    string
	xoauth2 func(user, token string) error

	mu     sync.Mutex
	mails  []Mail
	refuse *smtp.SMTPError
	conns  int
	hold   *Hold
}

// Hold is a slow mail server's next transaction: it stops at RCPT TO until released, so a
// test decides exactly how long the send is in flight without sleeping.
type Hold struct {
	// InFlight receives the recipient once the held transaction has reached the server.
	InFlight chan string
	release  chan struct{}
	once     sync.Once
}

// Release lets the held transaction go on (if its client is still there); calling it again
// does nothing.
func (h *Hold) Release() { h.once.Do(func() { close(h.release) }) }

// HoldNext makes the next transaction wait at RCPT TO until the returned Hold is released;
// the test's cleanup releases it.
func (s *SMTPServer) HoldNext(tb testing.TB) *Hold {
	h := &Hold{InFlight: make(chan string, 1), release: make(chan struct{})}
	s.mu.Lock()
	s.hold = h
	s.mu.Unlock()
	tb.Cleanup(h.Release)
	return h
}

// NewSMTPServer starts a server that accepts every message until told otherwise.
func NewSMTPServer(tb testing.TB) *SMTPServer {
	tb.Helper()
	s := &SMTPServer{}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	go srv.Serve(ln)
	tb.Cleanup(func() { srv.Close() })
	return s
}

// URL is the smtp:// URL of the server.
func (s *SMTPServer) URL() string { return "smtp://" + s.Addr }

// Refuse makes the server answer every message with err (nil accepts again), e.g.
// &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}.
func (s *SMTPServer) Refuse(err *smtp.SMTPError) {
	s.mu.Lock()
	s.refuse = err
	s.mu.Unlock()
}

// RequireXOAUTH2 makes the server offer and require AUTH XOAUTH2 from the next session on,
// verifying the bearer token with verify (Exchange Online's way).
func (s *SMTPServer) RequireXOAUTH2(verify func(user, token string) error) {
	s.mu.Lock()
	s.xoauth2 = verify
	s.mu.Unlock()
}

// Mails returns what was received so far.
func (s *SMTPServer) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

// Connections counts the SMTP sessions opened.
func (s *SMTPServer) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// NewSession implements smtp.Backend.
func (s *SMTPServer) NewSession(*smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	s.conns++
	verify := s.xoauth2
	s.mu.Unlock()
	if verify != nil {
		return &oauthSession{session: session{s: s}, verify: verify}, nil
	}
	return &session{s: s}, nil
}

// oauthSession is a session that needs XOAUTH2 first.
type oauthSession struct {
	session
	verify func(user, token string) error
	authed bool
}

func (x *oauthSession) AuthMechanisms() []string { return []string{"XOAUTH2"} }

func (x *oauthSession) Auth(string) (sasl.Server, error) {
	return m365test.NewXOAUTH2Server(func(user, token string) error {
		if err := x.verify(user, token); err != nil {
			return err
		}
		x.authed = true
		return nil
	}), nil
}

func (x *oauthSession) Mail(from string, o *smtp.MailOptions) error {
	if !x.authed {
		return smtp.ErrAuthRequired
	}
	return x.session.Mail(from, o)
}

type session struct {
	s    *SMTPServer
	from string
	to   []string
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error { x.from = from; return nil }
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	h := x.s.hold
	x.s.hold = nil
	x.s.mu.Unlock()
	if h != nil {
		h.InFlight <- to
		<-h.release
	}
	x.to = append(x.to, to)
	return nil
}
func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

func (x *session) Data(r io.Reader) error {
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		return err
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.refuse != nil {
		return x.s.refuse
	}
	x.s.mails = append(x.s.mails, Mail{From: x.from, To: append([]string(nil), x.to...), Data: b.Bytes()})
	return nil
}

// TextPart returns the decoded text/plain part of a raw message.
func TextPart(raw []byte) (string, error) {
	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		return "", err
	}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		if h, ok := p.Header.(*gomail.InlineHeader); ok {
			if ct, _, _ := h.ContentType(); ct == "text/plain" {
				b, err := io.ReadAll(p.Body)
				return string(b), err
			}
		}
	}
}
