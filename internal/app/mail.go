package app

import (
	"fmt"
	"log/slog"
	"sync"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/inbox"
	"github.com/regiogv/voortgang/internal/m365"
	"github.com/regiogv/voortgang/internal/notify/email"
)

// Mail builds the mail connections the configuration chooses, sharing one token per scope
// between sending and reading. `voortgang check` uses it too, so it tests exactly what
// the daemon would use.
type Mail struct {
	cfg  *config.Config
	clk  clock.Clock
	opts Options

	mu      sync.Mutex
	graph   *m365.Graph
	outlook *m365.TokenSource
}

// NewMail prepares the mail connections of cfg; nothing is contacted yet.
func NewMail(cfg *config.Config, clk clock.Clock, opts Options) *Mail {
	return &Mail{cfg: cfg, clk: clk, opts: opts}
}

// Graph is the Microsoft Graph client of the shared mailbox.
func (m *Mail) Graph() (*m365.Graph, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.graph == nil {
		g, err := m365.GraphFrom(m.cfg, m.clk, nil)
		if err != nil {
			return nil, fmt.Errorf("app: graph: %w", err)
		}
		m.graph = g
	}
	return m.graph, nil
}

// outlookTokens are the tokens for IMAP and SMTP with XOAUTH2.
func (m *Mail) outlookTokens() (*m365.TokenSource, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.outlook == nil {
		ts, err := m365.NewTokenSource(m365.CredentialsFrom(m.cfg.Mail.OAuth2), m365.ScopeOutlook, m.clk, nil)
		if err != nil {
			return nil, fmt.Errorf("app: xoauth2: %w", err)
		}
		m.outlook = ts
	}
	return m.outlook, nil
}

// Sender is Microsoft Graph (transport graph), SMTP with a password or XOAUTH2
// (smtp_url), or nil when mail goes to the local catcher (the caller makes that).
func (m *Mail) Sender() (email.Sender, error) {
	switch {
	case m.cfg.Mail.UsesGraph():
		g, err := m.Graph()
		if err != nil {
			return nil, err
		}
		return email.NewGraphSender(g), nil
	case m.cfg.Mail.SMTPURL != "":
		smtpOpts := m.opts.SMTPOptions
		if config.IsXOAUTH2(m.cfg.Mail.SMTPServer()) {
			ts, err := m.outlookTokens()
			if err != nil {
				return nil, err
			}
			smtpOpts = append([]email.SMTPOption{email.WithTokenSource(ts)}, smtpOpts...)
		}
		s, err := email.NewSMTPSender(m.cfg.Mail.SMTPServer(), smtpOpts...)
		if err != nil {
			return nil, fmt.Errorf("app: smtp: %w", err)
		}
		return s, nil
	}
	return nil, nil
}

// Reader reads the reply mailbox: Graph when it is the transport and reply_to is set, IMAP
// when imap_url is set, else nil.
func (m *Mail) Reader(proc inbox.MessageProcessor, log *slog.Logger) (inbox.Reader, error) {
	po := m.opts.IMAPOptions
	if po.Clock == nil {
		po.Clock = m.clk
	}
	if po.Log == nil {
		po.Log = log
	}
	switch {
	case m.cfg.Mail.ReadsGraph():
		g, err := m.Graph()
		if err != nil {
			return nil, err
		}
		po.ProcessedFolder = m.cfg.Mail.IMAPProcessedFolder
		po.QuarantineFolder = m.cfg.Mail.IMAPQuarantineFolder
		po.Interval = m.cfg.Mail.IMAPPollInterval()
		p, err := inbox.NewGraphPoller(g, m.cfg.Mail.GraphFolder, proc, po)
		if err != nil {
			return nil, fmt.Errorf("app: %w", err)
		}
		return p, nil
	case m.cfg.Mail.IMAPURL != "":
		if config.IsXOAUTH2(m.cfg.Mail.IMAPServer()) && po.Tokens == nil {
			ts, err := m.outlookTokens()
			if err != nil {
				return nil, err
			}
			po.Tokens = ts
		}
		p, err := inbox.NewPollerFromConfig(m.cfg, proc, po)
		if err != nil {
			return nil, fmt.Errorf("app: %w", err)
		}
		return p, nil
	}
	return nil, nil
}
