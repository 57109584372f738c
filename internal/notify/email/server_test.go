package email

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/regiogv/voortgang/internal/m365/m365test"
)

// received is one message as the test server saw it.
type received struct {
	From   string
	To     []string
	Data   []byte
	TLS    bool
	AuthAs string
}

// testBackend is an in-process SMTP server that records what it receives
// and can be told to refuse or to hang up.
type testBackend struct {
	user, pass string // when set, AUTH PLAIN is offered and required
	// xoauth2, when set, offers and requires AUTH XOAUTH2 and verifies the token with it.
	xoauth2      func(user, token string) error
	discard      bool // keep nothing (benchmark sink)
	rejectRcpt   map[string]*smtp.SMTPError
	rejectData   func(data []byte) error
	dropOnData   func(data []byte) bool
	mu           sync.Mutex
	msgs         []received
	authAttempts int
}

func (b *testBackend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &testSession{b: b, c: c, tls: isTLS}, nil
}

func (b *testBackend) messages() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]received(nil), b.msgs...)
}

type testSession struct {
	b      *testBackend
	c      *smtp.Conn
	tls    bool
	authAs string
	from   string
	to     []string
}

func (s *testSession) AuthMechanisms() []string {
	if s.b.xoauth2 != nil {
		return []string{"XOAUTH2"}
	}
	if s.b.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *testSession) Auth(mech string) (sasl.Server, error) {
	s.b.mu.Lock()
	s.b.authAttempts++
	s.b.mu.Unlock()
	if s.b.xoauth2 != nil {
		return m365test.NewXOAUTH2Server(func(user, token string) error {
			if err := s.b.xoauth2(user, token); err != nil {
				return err
			}
			s.authAs = user
			return nil
		}), nil
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.b.user || password != s.b.pass {
			return errors.New("invalid credentials")
		}
		s.authAs = username
		return nil
	}), nil
}

func (s *testSession) Mail(from string, _ *smtp.MailOptions) error {
	if (s.b.user != "" || s.b.xoauth2 != nil) && s.authAs == "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *testSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.b.mu.Lock()
	err, ok := s.b.rejectRcpt[to]
	s.b.mu.Unlock()
	if ok {
		return err
	}
	s.to = append(s.to, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	if s.b.discard {
		_, err := io.Copy(io.Discard, r)
		return err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.b.dropOnData != nil && s.b.dropOnData(data) {
		s.c.Conn().Close()
		return errors.New("hung up")
	}
	s.b.mu.Lock()
	reject := s.b.rejectData
	s.b.mu.Unlock()
	if reject != nil {
		if err := reject(data); err != nil {
			return err
		}
	}
	s.b.mu.Lock()
	s.b.msgs = append(s.b.msgs, received{From: s.from, To: s.to, Data: data, TLS: s.tls, AuthAs: s.authAs})
	s.b.mu.Unlock()
	return nil
}

func (s *testSession) Reset()        { s.from, s.to = "", nil }
func (s *testSession) Logout() error { return nil }

// countingListener counts connections and keeps them so a test can hang up
// on the client like a server that drops idle sessions.
type countingListener struct {
	net.Listener
	n     atomic.Int64
	mu    sync.Mutex
	conns []net.Conn
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
		l.mu.Lock()
		l.conns = append(l.conns, c)
		l.mu.Unlock()
	}
	return c, err
}

func (l *countingListener) hangUpAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range l.conns {
		c.Close()
	}
}

type serverOptions struct {
	startTLS    *tls.Config // offered as STARTTLS
	implicitTLS *tls.Config // the listener speaks TLS from the start
	insecure    bool        // allow AUTH without TLS
}

// startServer runs be on 127.0.0.1:0 until the test ends.
func startServer(t testing.TB, be *testBackend, o serverOptions) (addr string, l *countingListener) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if o.implicitTLS != nil {
		ln = tls.NewListener(ln, o.implicitTLS)
	}
	l = &countingListener{Listener: ln}
	s := smtp.NewServer(be)
	s.Domain = "localhost"
	s.AllowInsecureAuth = o.insecure
	s.TLSConfig = o.startTLS
	s.ReadTimeout = 10 * time.Second
	s.WriteTimeout = 10 * time.Second
	s.ErrorLog = log.New(io.Discard, "", 0)
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	return ln.Addr().String(), l
}

// selfSigned makes a certificate for 127.0.0.1 and localhost and a pool
// that trusts it.
func selfSigned(t testing.TB) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "voortgang test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

func hasSubject(data []byte, s string) bool { return bytes.Contains(data, []byte(s)) }
