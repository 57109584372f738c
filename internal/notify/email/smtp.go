package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/regiogv/voortgang/internal/m365"
)

// SMTPSender delivers over SMTP submission and keeps its connection open
// between messages: a half-year's status requests go out in one session
// instead of one TCP and TLS handshake each.
//
// Before reusing the connection it sends RSET when the previous transaction
// failed half-way, and NOOP when the connection has been idle for a while;
// after IdleTimeout it redials instead. When a reused connection turns out to
// be dead before any of the message was sent, Send redials once by itself.
//
// It is meant for the one delivery goroutine of the notifier; a mutex makes
// concurrent use safe, but messages then go out one after the other.
type SMTPSender struct {
	host, port  string
	implicitTLS bool
	user, pass  string
	// tokens, for smtp+xoauth2://, authenticates with XOAUTH2 and an OAuth 2.0 token
	// instead of a password (Exchange Online).
	tokens    *m365.TokenSource
	xoauth2   bool
	tlsConfig *tls.Config
	helloName string
	// plainAuthOK allows AUTH without TLS: only for loopback hosts.
	plainAuthOK bool

	dialTimeout       time.Duration
	commandTimeout    time.Duration
	submissionTimeout time.Duration
	checkAfter        time.Duration
	idleTimeout       time.Duration
	now               func() time.Time

	mu       sync.Mutex
	client   *smtp.Client
	conn     net.Conn
	lastUsed time.Time
	dirty    bool // the last transaction failed half-way: RSET first
	dials    int
}

// SMTPOption configures an SMTPSender.
type SMTPOption func(*SMTPSender)

// WithTLSConfig sets the TLS configuration for STARTTLS and smtps, for
// example a private CA pool. It is the only way to weaken verification
// (InsecureSkipVerify): nothing in the URL can.
func WithTLSConfig(cfg *tls.Config) SMTPOption {
	return func(s *SMTPSender) { s.tlsConfig = cfg.Clone() }
}

// WithTimeouts sets the time allowed to connect, for each command, and for
// the server's answer after the whole message was sent. Zero keeps a default
// (30 s, 1 min, 5 min).
func WithTimeouts(dial, command, submission time.Duration) SMTPOption {
	return func(s *SMTPSender) {
		if dial > 0 {
			s.dialTimeout = dial
		}
		if command > 0 {
			s.commandTimeout = command
		}
		if submission > 0 {
			s.submissionTimeout = submission
		}
	}
}

// WithIdle sets after how long an idle connection is checked with NOOP before
// use (default 10 s) and after how long it is not trusted at all and redialled
// (default 2 min; servers commonly drop idle clients after a few minutes).
func WithIdle(checkAfter, idleTimeout time.Duration) SMTPOption {
	return func(s *SMTPSender) {
		s.checkAfter = checkAfter
		s.idleTimeout = idleTimeout
	}
}

// WithTokenSource gives the tokens for smtp+xoauth2:// (and smtps+xoauth2://).
func WithTokenSource(ts *m365.TokenSource) SMTPOption {
	return func(s *SMTPSender) { s.tokens = ts }
}

// WithNow replaces the clock used for idle bookkeeping.
func WithNow(now func() time.Time) SMTPOption {
	return func(s *SMTPSender) { s.now = now }
}

// NewSMTPSender configures a sender from a URL:
//
//	smtp://user:pass@host:port   submission, STARTTLS when the server offers it (default port 587)
//	smtps://user:pass@host:port  implicit TLS (default port 465)
//	smtp+xoauth2://mailbox@host:port, smtps+xoauth2://…
//	                             the same, authenticating with XOAUTH2 and a token from
//	                             WithTokenSource (Exchange Online: smtp.office365.com:587)
//
// User and password are optional and percent-encoded. The password is never
// sent over an unencrypted connection unless the host is loopback (a local
// relay or test server). Nothing is dialled until the first Send.
func NewSMTPSender(rawURL string, opts ...SMTPOption) (*SMTPSender, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("email: smtp url: %w", redactURLError(err))
	}
	s := &SMTPSender{
		dialTimeout:       30 * time.Second,
		commandTimeout:    time.Minute,
		submissionTimeout: 5 * time.Minute,
		checkAfter:        10 * time.Second,
		idleTimeout:       2 * time.Minute,
		// Idle bookkeeping measures a real TCP connection against the server's timeout, so
		// it runs on the wall clock even when the process's clock is fake (run-once --at).
		now: time.Now,
	}
	scheme, oauth := strings.CutSuffix(u.Scheme, "+xoauth2")
	s.xoauth2 = oauth
	switch scheme {
	case "smtp":
		s.port = "587"
	case "smtps":
		s.port, s.implicitTLS = "465", true
	default:
		return nil, fmt.Errorf("email: smtp url: scheme %q is not smtp, smtps, smtp+xoauth2 or smtps+xoauth2", u.Scheme)
	}
	s.host = u.Hostname()
	if s.host == "" {
		return nil, errors.New("email: smtp url: no host")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n <= 0 || n > 65535 {
			return nil, fmt.Errorf("email: smtp url: invalid port %q", p)
		}
		s.port = p
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	if u.Path != "" && u.Path != "/" {
		return nil, errors.New("email: smtp url: unexpected path")
	}
	for _, o := range opts {
		o(s)
	}
	if s.xoauth2 {
		if s.user == "" {
			return nil, errors.New("email: smtp url: " + u.Scheme + " needs the mailbox as user")
		}
		if s.pass != "" {
			return nil, errors.New("email: smtp url: " + u.Scheme + " takes no password")
		}
		if s.tokens == nil {
			return nil, errors.New("email: smtp url: " + u.Scheme + " needs the app registration (mail.oauth2)")
		}
	} else {
		s.tokens = nil
	}
	if s.helloName == "" {
		s.helloName = "localhost"
		if h, err := os.Hostname(); err == nil && strings.Contains(h, ".") {
			s.helloName = h
		}
	}
	s.plainAuthOK = isLoopback(s.host)
	if s.tlsConfig == nil {
		s.tlsConfig = &tls.Config{}
	}
	if s.tlsConfig.ServerName == "" {
		s.tlsConfig.ServerName = s.host
	}
	if s.tlsConfig.MinVersion == 0 {
		s.tlsConfig.MinVersion = tls.VersionTLS12
	}
	return s, nil
}

// redactURLError keeps a password out of logs: url.Error quotes the input.
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// Addr is host:port of the server, for logs.
func (s *SMTPSender) Addr() string { return net.JoinHostPort(s.host, s.port) }

// Send delivers one composed message to the envelope recipients of m (To
// and Cc). Errors are *SendError; see IsTemporary. A rejected recipient fails
// the whole message, so nobody gets a copy that the notifier records as
// failed.
func (s *SMTPSender) Send(ctx context.Context, m Message, raw []byte) error {
	from, rcpts, err := envelope(m)
	if err != nil {
		return &SendError{Stage: "message", Err: err}
	}
	if len(raw) == 0 {
		return &SendError{Stage: "message", Err: errors.New("email: empty message")}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return &SendError{Temporary: true, Stage: "connect", Err: err}
		}
		reused, err := s.ready(ctx)
		if err != nil {
			return err
		}
		sent, err := s.transaction(ctx, from, rcpts, raw)
		if err == nil {
			s.lastUsed = s.now()
			return nil
		}
		// A reused connection that died before the server saw the end of
		// the message: nothing was delivered, so one fresh try is safe.
		if reused && !sent && attempt == 0 && s.client == nil && ctx.Err() == nil {
			continue
		}
		return err
	}
}

// ready makes sure there is a usable, authenticated connection and says
// whether it is a reused one.
func (s *SMTPSender) ready(ctx context.Context) (reused bool, err error) {
	if s.client != nil {
		idle := s.now().Sub(s.lastUsed)
		switch {
		case s.idleTimeout > 0 && idle >= s.idleTimeout:
			s.drop(true)
		case s.dirty:
			if err := s.guard(ctx, s.client.Reset); err != nil {
				s.drop(false)
			} else {
				s.dirty = false
				return true, nil
			}
		case idle >= s.checkAfter:
			if err := s.guard(ctx, s.client.Noop); err != nil {
				s.drop(false)
			} else {
				return true, nil
			}
		default:
			return true, nil
		}
	}
	return false, s.dial(ctx)
}

// guard runs one client call with ctx able to interrupt it: cancelling closes
// the connection, which fails the blocked read or write at once.
func (s *SMTPSender) guard(ctx context.Context, f func() error) error {
	conn := s.conn
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	err := f()
	if !stop() {
		// ctx ended while f ran: the connection is closed.
		if err == nil {
			err = ctx.Err()
		}
		return fmt.Errorf("%w (%w)", ctx.Err(), err)
	}
	return err
}

func (s *SMTPSender) dial(ctx context.Context) error {
	addr := s.Addr()
	dialer := &net.Dialer{Timeout: s.dialTimeout, KeepAlive: 30 * time.Second}
	var conn net.Conn
	var err error
	if s.implicitTLS {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: s.tlsConfig}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return classify("connect", fmt.Errorf("dial %s: %w", addr, err))
	}
	s.dials++
	c := smtp.NewClient(conn)
	c.CommandTimeout = s.commandTimeout
	c.SubmissionTimeout = s.submissionTimeout
	s.client, s.conn = c, conn

	err = s.guard(ctx, func() error { return s.handshake(ctx) })
	if err != nil {
		s.drop(false)
		var se *SendError
		if errors.As(err, &se) {
			return se
		}
		return classify("connect", fmt.Errorf("%s: %w", addr, err))
	}
	s.lastUsed = s.now()
	s.dirty = false
	return nil
}

// handshake greets, upgrades to TLS when offered, and authenticates.
func (s *SMTPSender) handshake(ctx context.Context) error {
	c := s.client
	if err := c.Hello(s.helloName); err != nil {
		return err
	}
	if !s.implicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := s.startTLS(); err != nil {
				return err
			}
			c = s.client
		}
	}
	if s.user == "" {
		return nil
	}
	if _, encrypted := c.TLSConnectionState(); !encrypted && !s.plainAuthOK {
		return &SendError{Temporary: true, Stage: "auth", Err: fmt.Errorf(
			"email: refusing to send the SMTP password to %s over an unencrypted connection (server offers no STARTTLS; use smtps:// or a server with STARTTLS)", s.host)}
	}
	if s.xoauth2 {
		return s.authXOAUTH2(ctx, c)
	}
	var auth sasl.Client
	switch {
	case c.SupportsAuth("PLAIN"):
		auth = sasl.NewPlainClient("", s.user, s.pass)
	case c.SupportsAuth("LOGIN"):
		auth = sasl.NewLoginClient(s.user, s.pass)
	default:
		_, mechs := c.Extension("AUTH")
		return &SendError{Temporary: true, Stage: "auth", Err: fmt.Errorf(
			"email: server %s offers no PLAIN or LOGIN authentication (AUTH %q)", s.host, mechs)}
	}
	if err := c.Auth(auth); err != nil {
		return classify("auth", fmt.Errorf("authenticate as %s: %w", s.user, err))
	}
	return nil
}

// authXOAUTH2 authenticates with a token. A refused token is dropped from the cache: the
// next attempt gets a fresh one (after permissions were changed, say).
func (s *SMTPSender) authXOAUTH2(ctx context.Context, c *smtp.Client) error {
	if !c.SupportsAuth(m365.XOAUTH2) {
		_, mechs := c.Extension("AUTH")
		return &SendError{Temporary: true, Stage: "auth", Err: fmt.Errorf(
			"email: server %s offers no XOAUTH2 authentication (AUTH %q); for Exchange Online SMTP AUTH must be enabled for the mailbox", s.host, mechs)}
	}
	token, err := s.tokens.Token(ctx)
	if err != nil {
		return &SendError{Temporary: true, Stage: "auth", Err: err}
	}
	if err := c.Auth(m365.NewXOAUTH2Client(s.user, token)); err != nil {
		s.tokens.Invalidate()
		return classify("auth", fmt.Errorf("authenticate as %s with XOAUTH2: %w", s.user, err))
	}
	return nil
}

// startTLS upgrades the plain connection. go-smtp exports STARTTLS only as
// part of creating a client, so the upgrade goes through
// smtp.NewClientStartTLS on the same connection: the greeting has been read
// by the first client, so the new one must not wait for it again — it is
// handed a connection whose first "line" replays a greeting.
func (s *SMTPSender) startTLS() error {
	replay := &replayConn{Conn: s.conn, pending: []byte("220 " + s.host + " ready\r\n")}
	c, err := smtp.NewClientStartTLS(replay, s.tlsConfig)
	if err != nil {
		return classify("connect", fmt.Errorf("starttls: %w", err))
	}
	c.CommandTimeout = s.commandTimeout
	c.SubmissionTimeout = s.submissionTimeout
	if err := c.Hello(s.helloName); err != nil {
		return classify("connect", fmt.Errorf("starttls: %w", err))
	}
	tc, ok := c.TLSConnectionState()
	if !ok || !tc.HandshakeComplete {
		return classify("connect", errors.New("starttls: no TLS session"))
	}
	s.client = c
	return nil
}

// replayConn returns pending before reading from the connection.
type replayConn struct {
	net.Conn
	pending []byte
}

func (r *replayConn) Read(p []byte) (int, error) {
	if len(r.pending) > 0 {
		n := copy(p, r.pending)
		r.pending = r.pending[n:]
		return n, nil
	}
	return r.Conn.Read(p)
}

// transaction sends one message on the current connection. sent reports
// whether the whole message had been transmitted when it failed, so the
// server may have accepted it.
func (s *SMTPSender) transaction(ctx context.Context, from string, rcpts []string, raw []byte) (sent bool, err error) {
	c := s.client
	stage := "mail"
	err = s.guard(ctx, func() error {
		opts := &smtp.MailOptions{}
		if ok, _ := c.Extension("SIZE"); ok {
			opts.Size = int64(len(raw))
		}
		if !isASCII(from) || !allASCII(rcpts) {
			opts.UTF8 = true
		}
		if err := c.Mail(from, opts); err != nil {
			return err
		}
		stage = "rcpt"
		for _, r := range rcpts {
			if err := c.Rcpt(r, nil); err != nil {
				return fmt.Errorf("recipient %s: %w", r, err)
			}
		}
		stage = "data"
		w, err := c.Data()
		if err != nil {
			return err
		}
		if _, err := w.Write(raw); err != nil {
			return err
		}
		stage = "deliver"
		return w.Close()
	})
	if err == nil {
		return true, nil
	}
	var smtpErr *smtp.SMTPError
	if errors.As(err, &smtpErr) && smtpErr.Code != 421 && ctx.Err() == nil {
		// The server answered and the session goes on: clean the
		// transaction state before the next message.
		s.dirty = true
	} else {
		s.drop(false)
	}
	return stage == "deliver", classify(stage, err)
}

// drop forgets the connection, saying QUIT first when asked.
func (s *SMTPSender) drop(quit bool) {
	if s.client == nil {
		return
	}
	if quit {
		_ = s.client.Quit()
	}
	_ = s.client.Close()
	_ = s.conn.Close()
	s.client, s.conn, s.dirty = nil, nil, false
}

// Close says QUIT and closes the connection, if any. The sender stays usable:
// a later Send dials again.
func (s *SMTPSender) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client == nil {
		return nil
	}
	err := s.client.Quit()
	_ = s.client.Close()
	_ = s.conn.Close()
	s.client, s.conn, s.dirty = nil, nil, false
	if err != nil {
		return fmt.Errorf("email: smtp close: %w", err)
	}
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func allASCII(list []string) bool {
	for _, s := range list {
		if !isASCII(s) {
			return false
		}
	}
	return true
}

// Verify connects and authenticates without sending anything (`voortgang check`); the
// connection stays open for a following Send.
func (s *SMTPSender) Verify(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.ready(ctx)
	return err
}
