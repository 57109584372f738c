package inbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/m365"
)

// MessageProcessor applies one raw message; *Processor is the real one.
type MessageProcessor interface {
	Process(ctx context.Context, raw []byte, received time.Time) (Outcome, error)
}

// UnreadRecorder is what a MessageProcessor may also do: record a message too large to
// fetch from its header block alone, so that it still shows in the postvak. *Processor
// implements it.
type UnreadRecorder interface {
	QuarantineUnread(ctx context.Context, header []byte, size int64, received time.Time) (Outcome, error)
}

// maxFetchSize bounds what the poller downloads: of a message over it only the header block
// is fetched and recorded (UnreadRecorder), and the message is moved to the quarantine
// folder, where it stays whole. Messages between MaxMessageSize and this size are fetched,
// so their bytes are kept with the quarantined row.
const maxFetchSize = 4 * MaxMessageSize

// Defaults of PollerOptions.
const (
	DefaultIdleRestart = 25 * time.Minute
	defaultInterval    = 2 * time.Minute
	defaultLeaderCheck = 15 * time.Second
	minBackoff         = time.Second
	maxBackoff         = 5 * time.Minute
)

// PollerOptions configures a Poller.
type PollerOptions struct {
	ProcessedFolder  string        // default "Verwerkt"
	QuarantineFolder string        // default "Quarantaine"
	Interval         time.Duration // polling interval without IDLE; default 2 minutes
	// IdleRestart ends and restarts IDLE (servers drop idle clients after 30 minutes); every
	// restart also runs a full pass. Default DefaultIdleRestart.
	IdleRestart time.Duration
	Clock       clock.Clock // received instants; required
	Log         *slog.Logger
	// TLSConfig is used for imaps:// and STARTTLS (tests pass a pool with their own CA).
	TLSConfig *tls.Config
	// InsecureLoopback allows a plain imap:// connection without STARTTLS, only to a
	// loopback host (tests against an in-process server). Other hosts always need TLS.
	InsecureLoopback bool
	// MaxFetchSize overrides maxFetchSize (tests); 0 means the default.
	MaxFetchSize int64
	// Leader, when set, says whether this replica leads (holds the scheduler's lease). Only
	// the leader reads the mailbox: Start's loop asks before it connects and before every
	// pass, and a replica that is not (or no longer) the leader stays disconnected and asks
	// again every LeaderCheck. PollOnce (run-once) does not ask.
	Leader func(ctx context.Context) bool
	// LeaderCheck is how often a replica that is not the leader asks again; default 15 s.
	LeaderCheck time.Duration
	// Tokens signs in with XOAUTH2 for imaps+xoauth2:// (Exchange Online); required there.
	Tokens *m365.TokenSource
}

// Poller reads the reply mailbox over IMAP: every message in it is fetched (without marking
// it seen), processed, and only after processing committed moved to the processed or the
// quarantine folder. Between passes it waits with IDLE when the server supports it, else
// for the polling interval; it reconnects with backoff after errors.
type Poller struct {
	addr     string
	tls      bool // implicit TLS (imaps)
	insecure bool // no TLS at all (loopback, tests)
	user     string
	password string
	xoauth2  bool // sign in with opts.Tokens instead of the password
	mailbox  string
	proc     MessageProcessor
	opts     PollerOptions

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}

	// afterPass and idling, when set, are called after every pass of the running loop and
	// when IDLE is established; following, when the loop found it is not the leader (tests).
	afterPass func(n int, err error)
	idling    func()
	following func()
}

// NewPoller returns a poller for rawURL: imaps://user:pass@host:993/INBOX (implicit TLS) or
// imap://user:pass@host:143/INBOX (STARTTLS). The path names the mailbox, INBOX by default.
// imaps+xoauth2://mailbox@outlook.office365.com/INBOX (and imap+xoauth2://) sign in with
// XOAUTH2 and a token from opts.Tokens instead of a password.
func NewPoller(rawURL string, proc MessageProcessor, opts PollerOptions) (*Poller, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("inbox: IMAP-adres niet te lezen: %w", redact(err))
	}
	p := &Poller{proc: proc, opts: opts}
	port := ""
	scheme, oauth := strings.CutSuffix(strings.ToLower(u.Scheme), "+xoauth2")
	p.xoauth2 = oauth
	switch scheme {
	case "imaps":
		p.tls, port = true, "993"
	case "imap":
		port = "143"
	default:
		return nil, fmt.Errorf("inbox: IMAP-adres moet met imaps://, imap://, imaps+xoauth2:// of imap+xoauth2:// beginnen, niet %q", u.Scheme)
	}
	host := u.Hostname()
	if host == "" {
		return nil, errors.New("inbox: IMAP-adres zonder server")
	}
	if u.Port() != "" {
		port = u.Port()
	}
	p.addr = net.JoinHostPort(host, port)
	if !p.tls && opts.InsecureLoopback {
		if !isLoopback(host) {
			return nil, fmt.Errorf("inbox: onversleuteld IMAP alleen naar localhost, niet naar %s", host)
		}
		p.insecure = true
	}
	if u.User == nil || u.User.Username() == "" {
		return nil, errors.New("inbox: IMAP-adres zonder gebruikersnaam")
	}
	p.user = u.User.Username()
	p.password, _ = u.User.Password()
	if p.xoauth2 {
		if p.password != "" {
			return nil, errors.New("inbox: een xoauth2-IMAP-adres heeft geen wachtwoord")
		}
		if opts.Tokens == nil {
			return nil, errors.New("inbox: imaps+xoauth2 zonder app-registratie (mail.oauth2)")
		}
	}
	p.mailbox = strings.TrimPrefix(u.Path, "/")
	if p.mailbox == "" {
		p.mailbox = "INBOX"
	}
	if p.opts.ProcessedFolder == "" {
		p.opts.ProcessedFolder = "Verwerkt"
	}
	if p.opts.QuarantineFolder == "" {
		p.opts.QuarantineFolder = "Quarantaine"
	}
	if p.opts.Interval <= 0 {
		p.opts.Interval = defaultInterval
	}
	if p.opts.IdleRestart <= 0 {
		p.opts.IdleRestart = DefaultIdleRestart
	}
	if p.opts.LeaderCheck <= 0 {
		p.opts.LeaderCheck = defaultLeaderCheck
	}
	if p.opts.Clock == nil {
		return nil, errors.New("inbox: PollerOptions.Clock ontbreekt")
	}
	if p.opts.Log == nil {
		p.opts.Log = slog.New(slog.DiscardHandler)
	}
	return p, nil
}

// NewPollerFromConfig builds the poller the configuration describes (mail.imap_url and the
// folder settings). opts may set the clock, the log and TLS; its folders and interval are
// taken from cfg.
func NewPollerFromConfig(cfg *config.Config, proc MessageProcessor, opts PollerOptions) (*Poller, error) {
	if cfg.Mail.IMAPURL == "" {
		return nil, errors.New("inbox: geen IMAP-adres ingesteld (VOORTGANG_IMAP_URL)")
	}
	opts.ProcessedFolder = cfg.Mail.IMAPProcessedFolder
	opts.QuarantineFolder = cfg.Mail.IMAPQuarantineFolder
	opts.Interval = cfg.Mail.IMAPPollInterval()
	return NewPoller(cfg.Mail.IMAPServer(), proc, opts)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redact drops the URL (and the password in it) from a url.Parse error.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// conn is one logged-in session with the mailbox selected.
type conn struct {
	c       *imapclient.Client
	newMail chan struct{} // signalled when the server reports new messages
}

func (p *Poller) dial() (*conn, error) {
	cn := &conn{newMail: make(chan struct{}, 1)}
	options := &imapclient.Options{
		TLSConfig: p.opts.TLSConfig,
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(d *imapclient.UnilateralDataMailbox) {
				if d.NumMessages != nil {
					select {
					case cn.newMail <- struct{}{}:
					default:
					}
				}
			},
		},
	}
	var (
		c   *imapclient.Client
		err error
	)
	switch {
	case p.tls:
		c, err = imapclient.DialTLS(p.addr, options)
	case p.insecure:
		c, err = imapclient.DialInsecure(p.addr, options)
	default:
		c, err = imapclient.DialStartTLS(p.addr, options)
	}
	if err != nil {
		return nil, fmt.Errorf("inbox: verbinden met %s: %w", p.addr, err)
	}
	cn.c = c
	if err := p.login(c); err != nil {
		c.Close()
		return nil, err
	}
	for _, f := range []string{p.opts.ProcessedFolder, p.opts.QuarantineFolder} {
		if err := ensureFolder(c, f); err != nil {
			c.Close()
			return nil, err
		}
	}
	if _, err := c.Select(p.mailbox, nil).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("inbox: map %s openen: %w", p.mailbox, err)
	}
	return cn, nil
}

// login signs in with the password, or with XOAUTH2 and a token. A refused token is
// dropped from the cache so that the next attempt gets a fresh one.
func (p *Poller) login(c *imapclient.Client) error {
	if !p.xoauth2 {
		if err := c.Login(p.user, p.password).Wait(); err != nil {
			return fmt.Errorf("inbox: inloggen op %s als %s: %w", p.addr, p.user, err)
		}
		return nil
	}
	if !c.Caps().Has(imap.AuthCap(m365.XOAUTH2)) {
		return fmt.Errorf("inbox: %s biedt geen XOAUTH2 aan (AUTH=XOAUTH2 ontbreekt)", p.addr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	token, err := p.opts.Tokens.Token(ctx)
	if err != nil {
		return fmt.Errorf("inbox: token voor %s: %w", p.user, err)
	}
	if err := c.Authenticate(m365.NewXOAUTH2Client(p.user, token)); err != nil {
		p.opts.Tokens.Invalidate()
		return fmt.Errorf("inbox: inloggen op %s als %s met XOAUTH2: %w", p.addr, p.user, err)
	}
	return nil
}

func ensureFolder(c *imapclient.Client, name string) error {
	list, err := c.List("", name, nil).Collect()
	if err != nil {
		return fmt.Errorf("inbox: map %s zoeken: %w", name, err)
	}
	if len(list) > 0 {
		return nil
	}
	if err := c.Create(name, nil).Wait(); err != nil {
		var ie *imap.Error
		if errors.As(err, &ie) && ie.Code == imap.ResponseCodeAlreadyExists {
			return nil
		}
		return fmt.Errorf("inbox: map %s aanmaken: %w", name, err)
	}
	return nil
}

func (cn *conn) close() {
	done := make(chan struct{})
	go func() {
		cn.c.Logout().Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	cn.c.Close()
}

// PollOnce connects, processes every message in the mailbox and disconnects. It returns the
// number of messages it moved out of the mailbox. A message whose processing failed stays in
// the mailbox for the next pass; its error is returned (joined) after the other messages.
func (p *Poller) PollOnce(ctx context.Context) (int, error) {
	cn, err := p.dial()
	if err != nil {
		return 0, err
	}
	defer cn.close()
	return p.pass(ctx, cn)
}

// pass processes every message in the selected mailbox.
func (p *Poller) pass(ctx context.Context, cn *conn) (int, error) {
	c := cn.c
	data, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagDeleted}}, nil).Wait()
	if err != nil {
		return 0, fmt.Errorf("inbox: zoeken in %s: %w", p.mailbox, err)
	}
	var errs []error
	n := 0
	for _, uid := range data.AllUIDs() {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		moved, err := p.handle(ctx, c, uid)
		if err != nil {
			if isConnErr(c) {
				return n, err
			}
			p.opts.Log.Error("inbound mail not processed; retried next pass", "uid", uid, "err", err)
			errs = append(errs, err)
			continue
		}
		if moved {
			n++
		}
	}
	return n, errors.Join(errs...)
}

func isConnErr(c *imapclient.Client) bool {
	select {
	case <-c.Closed():
		return true
	default:
		return false
	}
}

// handle fetches, processes and moves one message.
func (p *Poller) handle(ctx context.Context, c *imapclient.Client, uid imap.UID) (bool, error) {
	set := imap.UIDSetNum(uid)
	meta, err := c.Fetch(set, &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil {
		return false, fmt.Errorf("inbox: bericht %d ophalen: %w", uid, err)
	}
	if len(meta) == 0 {
		return false, nil // expunged meanwhile (another replica moved it)
	}
	limit := p.opts.fetchLimit()
	if size := meta[0].RFC822Size; size > limit {
		p.opts.Log.Warn("inbound mail too large to fetch; its headers are recorded and it is moved to quarantine", "uid", uid, "size", size)
		if rec, ok := p.proc.(UnreadRecorder); ok {
			hs := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true}
			msgs, err := c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{hs}}).Collect()
			if err != nil {
				return false, fmt.Errorf("inbox: kopregels van bericht %d ophalen: %w", uid, err)
			}
			if len(msgs) == 0 {
				return false, nil
			}
			if _, err := rec.QuarantineUnread(ctx, msgs[0].FindBodySection(hs), size, p.opts.Clock.Now()); err != nil {
				return false, err
			}
		}
		return true, p.move(c, set, p.opts.QuarantineFolder)
	}
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		return false, fmt.Errorf("inbox: bericht %d ophalen: %w", uid, err)
	}
	if len(msgs) == 0 {
		return false, nil
	}
	folder, err := p.opts.process(ctx, p.proc, msgs[0].FindBodySection(section))
	if err != nil {
		return false, err
	}
	// Only now that the outcome is committed does the message leave the mailbox. A crash
	// before the move makes the next pass fetch it again: a duplicate, moved without effect.
	return true, p.move(c, set, folder)
}

// fetchLimit is the largest message a poller fetches whole (MaxFetchSize, else maxFetchSize).
func (o PollerOptions) fetchLimit() int64 {
	if o.MaxFetchSize > 0 {
		return o.MaxFetchSize
	}
	return maxFetchSize
}

// process hands raw to proc and returns the folder the message goes to once its outcome is
// committed: the processed folder, or the quarantine folder.
func (o PollerOptions) process(ctx context.Context, proc MessageProcessor, raw []byte) (string, error) {
	out, err := proc.Process(ctx, raw, o.Clock.Now())
	if err != nil {
		return "", err
	}
	if out.Quarantine() {
		return o.QuarantineFolder, nil
	}
	return o.ProcessedFolder, nil
}

// move moves messages to folder: MOVE when the server has it, else COPY, flag \Deleted and
// expunge (only these UIDs when the server has UIDPLUS).
func (p *Poller) move(c *imapclient.Client, set imap.UIDSet, folder string) error {
	caps := c.Caps()
	if caps.Has(imap.CapMove) {
		if _, err := c.Move(set, folder).Wait(); err != nil {
			return fmt.Errorf("inbox: verplaatsen naar %s: %w", folder, err)
		}
		return nil
	}
	if _, err := c.Copy(set, folder).Wait(); err != nil {
		return fmt.Errorf("inbox: kopiëren naar %s: %w", folder, err)
	}
	flags := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}
	if err := c.Store(set, flags, nil).Close(); err != nil {
		return fmt.Errorf("inbox: markeren als verwijderd: %w", err)
	}
	var err error
	if caps.Has(imap.CapUIDPlus) {
		_, err = c.UIDExpunge(set).Collect()
	} else {
		_, err = c.Expunge().Collect()
	}
	if err != nil {
		return fmt.Errorf("inbox: opruimen na kopiëren: %w", err)
	}
	return nil
}

// Start runs the poller in the background until Stop or until ctx ends.
func (p *Poller) Start(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancel != nil {
		return errors.New("inbox: poller draait al")
	}
	ctx, cancel := context.WithCancel(ctx)
	p.cancel, p.done = cancel, make(chan struct{})
	go func() {
		defer close(p.done)
		p.run(ctx)
	}()
	return nil
}

// Stop ends the loop (stopping IDLE) and waits for it.
func (p *Poller) Stop() {
	p.mu.Lock()
	cancel, done := p.cancel, p.done
	p.cancel = nil
	p.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
}

func (p *Poller) run(ctx context.Context) {
	backoff := minBackoff
	for ctx.Err() == nil {
		if !p.leading(ctx) {
			if !sleep(ctx, p.opts.LeaderCheck) {
				return
			}
			continue
		}
		cn, err := p.dial()
		if err != nil {
			p.opts.Log.Warn("IMAP connection failed; retrying", "err", err, "in", backoff)
			if !sleep(ctx, backoff) {
				return
			}
			backoff = min(backoff*2, maxBackoff)
			continue
		}
		backoff = minBackoff
		err = p.session(ctx, cn)
		cn.close()
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, errNotLeader) {
			p.opts.Log.Info("not the leader any more; the mailbox is read by the leader")
			continue
		}
		p.opts.Log.Warn("IMAP session ended; reconnecting", "err", err, "in", backoff)
		if !sleep(ctx, backoff) {
			return
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

// errNotLeader ends a session when another replica has become the leader.
var errNotLeader = errors.New("inbox: niet de leider")

// leading reports whether this replica may read the mailbox now.
func (p *Poller) leading(ctx context.Context) bool {
	if p.opts.Leader == nil || p.opts.Leader(ctx) {
		return true
	}
	if p.following != nil {
		p.following()
	}
	return false
}

// session runs passes on one connection until it fails, another replica leads, or ctx ends.
func (p *Poller) session(ctx context.Context, cn *conn) error {
	idle := cn.c.Caps().Has(imap.CapIdle)
	for {
		if !p.leading(ctx) {
			return errNotLeader
		}
		n, err := p.pass(ctx, cn)
		if p.afterPass != nil {
			p.afterPass(n, err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil && isConnErr(cn.c) {
			return err
		}
		if n > 0 {
			p.opts.Log.Info("inbound mail processed", "messages", n)
		}
		if idle {
			err = p.idle(ctx, cn)
		} else {
			err = p.wait(ctx, cn)
		}
		if err != nil {
			return err
		}
	}
}

// idle waits in IDLE until the server reports new mail, the restart interval passes, the
// connection drops or ctx ends.
func (p *Poller) idle(ctx context.Context, cn *conn) error {
	// Some servers report only what changes during IDLE, not what arrived just before it: a
	// NOOP first delivers those notices, and a message that arrived is handled at once.
	if err := cn.c.Noop().Wait(); err != nil {
		return fmt.Errorf("inbox: NOOP: %w", err)
	}
	select {
	case <-cn.newMail:
		return nil
	default:
	}
	cmd, err := cn.c.Idle()
	if err != nil {
		return fmt.Errorf("inbox: IDLE: %w", err)
	}
	if p.idling != nil {
		p.idling()
	}
	t := time.NewTimer(p.opts.IdleRestart)
	defer t.Stop()
	select {
	case <-cn.newMail:
	case <-t.C:
	case <-ctx.Done():
	case <-cn.c.Closed():
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("inbox: IDLE stoppen: %w", err)
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("inbox: IDLE: %w", err)
	}
	return ctx.Err()
}

// wait sleeps for the polling interval, keeping the connection alive with NOOP (which also
// delivers new-mail notices).
func (p *Poller) wait(ctx context.Context, cn *conn) error {
	if !sleep(ctx, p.opts.Interval) {
		return ctx.Err()
	}
	if err := cn.c.Noop().Wait(); err != nil {
		return fmt.Errorf("inbox: NOOP: %w", err)
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// SetLeader sets PollerOptions.Leader; call it before Start.
func (p *Poller) SetLeader(leader func(ctx context.Context) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.opts.Leader = leader
}

// Check signs in, makes sure the processed and quarantine folders exist, opens the mailbox
// and reports how many messages wait in it, without touching them (`voortgang check`).
func (p *Poller) Check(ctx context.Context) (int, error) {
	cn, err := p.dial()
	if err != nil {
		return 0, err
	}
	defer cn.close()
	st, err := cn.c.Status(p.mailbox, &imap.StatusOptions{NumMessages: true}).Wait()
	if err != nil {
		return 0, fmt.Errorf("inbox: map %s: %w", p.mailbox, err)
	}
	return int(*st.NumMessages), nil
}
