// Package check is `voortgang check`: after setting things up, an operator runs it to try
// every configured connection once — the database, sending mail (SMTP or Microsoft Graph,
// with a test message to an address they give), reading the reply mailbox (IMAP or Graph),
// Slack, the Teams webhook and OpenID Connect discovery — and reads per line what works
// and, for what does not, what to change. It uses the same builders as the daemon
// (app.Mail), so it tests exactly the connections the daemon would make.
//
// It changes nothing that matters: reading only counts the waiting mail (the processed and
// quarantine folders are created when missing, as the daemon would), the Teams webhook is
// only posted to when asked, and the database is opened (and migrated) as serve opens it.
package check

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	slackapi "github.com/slack-go/slack"

	"github.com/regiogv/voortgang/internal/app"
	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/inbox"
	"github.com/regiogv/voortgang/internal/m365"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/notify/teams"
	"github.com/regiogv/voortgang/internal/store/open"
)

// Options are what the command line adds.
type Options struct {
	// To receives a test message; empty means sending is only tried up to authentication.
	To string
	// PostTeams posts a test note to the Teams webhook instead of only reaching it.
	PostTeams bool
	// App carries the test hooks of the mail builders (TLS configs, Slack API URL).
	App app.Options
	// Clock dates the test message and plans token renewal; required.
	Clock clock.Clock
	// HTTP is used for the Teams webhook and OIDC discovery (default: 15 s timeout).
	HTTP *http.Client
	Log  *slog.Logger
}

// Status of one item.
type Status int

const (
	OK Status = iota
	Failed
	Skipped // not configured
)

// Result is one line of the report.
type Result struct {
	Item   string // "database", "mail versturen", …
	Status Status
	Detail string // what was tried and how it went
	Fix    string // for a failure: what to change
}

// Run tries every item and returns one result per item, in a fixed order.
func Run(ctx context.Context, cfg *config.Config, o Options) []Result {
	if o.Clock == nil {
		// The caller decides what now is (cmd/voortgang passes the real clock); a silent
		// wall-clock fallback would date the test message differently from the tokens.
		return []Result{{Item: "check", Status: Failed, Detail: "check.Options.Clock ontbreekt",
			Fix: "geef Run een klok mee"}}
	}
	if o.HTTP == nil {
		o.HTTP = &http.Client{Timeout: 15 * time.Second}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	r := &runner{cfg: cfg, o: o, t: texts[i18n.Lang(cfg.Language)], mail: app.NewMail(cfg, o.Clock, o.App)}
	step := func(f func(context.Context) Result) {
		c, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		r.results = append(r.results, f(c))
	}
	step(r.database)
	step(r.send)
	step(r.read)
	step(r.slack)
	step(r.teams)
	step(r.oidc)
	return r.results
}

// Failed reports whether any result failed.
func AnyFailed(rs []Result) bool {
	for _, r := range rs {
		if r.Status == Failed {
			return true
		}
	}
	return false
}

// Print writes the results, one line each (a failure's fix on the next line), in the
// configuration's language.
func Print(w io.Writer, lang string, rs []Result) {
	t := texts[i18n.Lang(lang)]
	width := 0
	for _, r := range rs {
		width = max(width, len([]rune(r.Item)))
	}
	for _, r := range rs {
		label := t.ok
		switch r.Status {
		case Failed:
			label = t.failed
		case Skipped:
			label = t.skipped
		}
		fmt.Fprintf(w, "%-5s %-*s  %s\n", label, width, r.Item, r.Detail)
		if r.Status == Failed && r.Fix != "" {
			fmt.Fprintf(w, "%-5s %-*s  → %s\n", "", width, "", r.Fix)
		}
	}
}

type runner struct {
	cfg     *config.Config
	o       Options
	t       text
	mail    *app.Mail
	results []Result
}

func (r *runner) ok(item, format string, args ...any) Result {
	return Result{Item: item, Status: OK, Detail: fmt.Sprintf(format, args...)}
}

func (r *runner) skipped(item, detail string) Result {
	return Result{Item: item, Status: Skipped, Detail: detail}
}

func (r *runner) failed(item string, err error, fix string) Result {
	return Result{Item: item, Status: Failed, Detail: oneLine(err.Error()), Fix: fix}
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.ReplaceAll(s, "\n", " ")
}

func (r *runner) database(ctx context.Context) Result {
	item := r.t.itemDatabase
	st, err := open.Open(ctx, r.cfg.Database, r.o.Log)
	if err != nil {
		return r.failed(item, err, r.t.fixDatabase)
	}
	defer st.Close()
	if err := st.Ping(ctx); err != nil {
		return r.failed(item, err, r.t.fixDatabase)
	}
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		return r.failed(item, err, r.t.fixDatabase)
	}
	what := "SQLite " + strings.TrimPrefix(r.cfg.Database, "sqlite:")
	if open.IsPostgres(r.cfg.Database) {
		what = "PostgreSQL"
		if u, err := url.Parse(r.cfg.Database); err == nil {
			what += " " + u.Host + u.Path
		}
	}
	return r.ok(item, r.t.databaseOK, what, v)
}

// sendTarget names where mail goes, for the report.
func (r *runner) sendTarget() string {
	m := r.cfg.Mail
	switch {
	case m.UsesGraph():
		return "Microsoft Graph (" + m.GraphMailbox() + ")"
	case m.SMTPURL != "":
		u, err := url.Parse(m.SMTPURL)
		if err != nil {
			return "SMTP"
		}
		auth := ""
		if config.IsXOAUTH2(m.SMTPServer()) {
			auth = ", XOAUTH2"
		}
		return "SMTP " + u.Host + auth
	}
	return ""
}

func (r *runner) send(ctx context.Context) Result {
	item := r.t.itemSend
	sender, err := r.mail.Sender()
	if err != nil {
		return r.failed(item, err, r.fix(err, "send"))
	}
	if sender == nil {
		return r.skipped(item, fmt.Sprintf(r.t.catcher, r.cfg.Mail.CatcherDir))
	}
	defer sender.Close()
	target := r.sendTarget()
	if r.o.To == "" {
		// Without an address: as far as authentication.
		switch s := sender.(type) {
		case *email.SMTPSender:
			if err := s.Verify(ctx); err != nil {
				return r.failed(item, err, r.fix(err, "send"))
			}
		case *email.GraphSender:
			if _, err := s.Graph.Tokens.Token(ctx); err != nil {
				return r.failed(item, err, r.fix(err, "send"))
			}
		}
		return r.ok(item, r.t.sendNoTo, target)
	}
	now := r.o.Clock.Now()
	id, err := email.NewMessageID(r.cfg.Mail.From)
	if err != nil {
		return r.failed(item, err, r.t.fixFrom)
	}
	m := email.Message{
		Key:       "check/" + now.UTC().Format(time.RFC3339Nano),
		MessageID: id,
		From:      r.cfg.Mail.From,
		To:        []string{r.o.To},
		Subject:   r.t.testSubject,
		Text:      fmt.Sprintf(r.t.testBody, target, i18n.FormatDateTime(now, r.cfg.Language)),
		Headers:   map[string]string{"Auto-Submitted": "auto-generated"},
	}
	raw, err := email.Compose(m, now)
	if err != nil {
		return r.failed(item, err, r.t.fixFrom)
	}
	if err := sender.Send(ctx, m, raw); err != nil {
		return r.failed(item, err, r.fix(err, "send"))
	}
	return r.ok(item, r.t.sendOK, target, r.o.To)
}

func (r *runner) read(ctx context.Context) Result {
	item := r.t.itemRead
	reader, err := r.mail.Reader(nopProcessor{}, r.o.Log)
	if err != nil {
		return r.failed(item, err, r.fix(err, "read"))
	}
	if reader == nil {
		return r.skipped(item, r.t.noReader)
	}
	var n int
	where := ""
	switch p := reader.(type) {
	case *inbox.Poller:
		where = "IMAP"
		if u, err := url.Parse(r.cfg.Mail.IMAPURL); err == nil {
			where += " " + u.Host + u.Path // never the user or password
		}
		n, err = p.Check(ctx)
	case *inbox.GraphPoller:
		where = "Microsoft Graph (" + r.cfg.Mail.GraphMailbox() + ")"
		n, err = p.Check(ctx)
	}
	if err != nil {
		return r.failed(item, err, r.fix(err, "read"))
	}
	return r.ok(item, r.t.readOK, where, n, r.cfg.Mail.IMAPProcessedFolder, r.cfg.Mail.IMAPQuarantineFolder)
}

// nopProcessor is never called: check only counts.
type nopProcessor struct{}

func (nopProcessor) Process(context.Context, []byte, time.Time) (inbox.Outcome, error) {
	return inbox.Outcome{}, errors.New("check: verwerkt geen mail")
}

func (r *runner) slack(ctx context.Context) Result {
	item := "Slack"
	s := r.cfg.Slack
	if !s.Enabled {
		return r.skipped(item, r.t.notConfigured)
	}
	if !s.Ready() {
		return r.failed(item, errors.New(r.t.slackNoToken), r.t.fixSlackToken)
	}
	var opts []slackapi.Option
	if r.o.App.SlackAPIURL != "" {
		opts = append(opts, slackapi.OptionAPIURL(r.o.App.SlackAPIURL))
	}
	resp, err := slackapi.New(s.BotToken, opts...).AuthTestContext(ctx)
	if err != nil {
		return r.failed(item, fmt.Errorf("auth.test: %w", err), r.t.fixSlack)
	}
	return r.ok(item, r.t.slackOK, resp.User, resp.Team)
}

func (r *runner) teams(ctx context.Context) Result {
	item := "Teams"
	hook := r.cfg.Slack.TeamsWebhook
	if hook == "" {
		return r.skipped(item, r.t.notConfigured)
	}
	u, err := url.Parse(hook)
	if err != nil {
		return r.failed(item, errors.New(r.t.teamsBadURL), r.t.fixTeams)
	}
	if r.o.PostTeams {
		n := teams.Note{Title: r.t.testSubject, Text: fmt.Sprintf(r.t.teamsNote, i18n.FormatDateTime(r.o.Clock.Now(), r.cfg.Language)), Lang: r.cfg.Language}
		if err := teams.New(r.o.HTTP).Post(ctx, hook, n); err != nil {
			return r.failed(item, err, r.t.fixTeams)
		}
		return r.ok(item, r.t.teamsPosted, u.Host)
	}
	// Reachable: DNS, TCP and TLS, and an HTTP answer, without posting anything.
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, hook, nil)
	if err != nil {
		return r.failed(item, errors.New(r.t.teamsBadURL), r.t.fixTeams)
	}
	resp, err := r.o.HTTP.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL carries the webhook's signature
		}
		return r.failed(item, fmt.Errorf("%s: %w", u.Host, err), r.t.fixTeamsNet)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound || resp.StatusCode >= 500 {
		return r.failed(item, fmt.Errorf("%s: HTTP %d", u.Host, resp.StatusCode), r.t.fixTeams)
	}
	return r.ok(item, r.t.teamsOK, u.Host)
}

func (r *runner) oidc(ctx context.Context) Result {
	item := r.t.itemOIDC
	o := r.cfg.OIDC
	if o.Issuer == "" {
		return r.skipped(item, r.t.notConfigured)
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, r.o.HTTP), o.Issuer)
	if err != nil {
		return r.failed(item, err, r.t.fixOIDC)
	}
	if o.ClientID == "" || o.ClientSecret == "" {
		return r.failed(item, errors.New(r.t.oidcNoClient), r.t.fixOIDCClient)
	}
	return r.ok(item, r.t.oidcOK, p.Endpoint().AuthURL)
}

// fix says what to change for a mail error: the token endpoint's and Graph's codes name
// the setting.
func (r *runner) fix(err error, what string) string {
	var te *m365.TokenError
	if errors.As(err, &te) {
		switch {
		case te.Code == "invalid_client":
			return r.t.fixInvalidClient
		case te.Code == "unauthorized_client" || strings.Contains(te.Description, "AADSTS700016"):
			return r.t.fixUnknownClient
		case strings.Contains(te.Description, "AADSTS90002"):
			return r.t.fixTenant
		case te.Code == "invalid_scope":
			return r.t.fixScope
		}
		return r.t.fixTokenOther
	}
	var ge *m365.GraphError
	if errors.As(err, &ge) {
		switch {
		case ge.Code == "ErrorSendAsDenied":
			return r.t.fixSendAs
		case ge.Status == http.StatusForbidden || ge.Code == "ErrorAccessDenied" || ge.Code == "AccessDenied":
			if what == "send" {
				return r.t.fixGraphSendPermission
			}
			return r.t.fixGraphReadPermission
		case ge.Status == http.StatusNotFound || ge.Code == "ErrorInvalidUser" || ge.Code == "MailboxNotEnabledForRESTAPI":
			return r.t.fixMailbox
		case ge.Status == http.StatusUnauthorized:
			return r.t.fixGraphToken
		case ge.Status == 0:
			return r.t.fixNetwork
		}
		return r.t.fixGraphOther
	}
	msg := err.Error()
	var ne net.Error
	var oe *net.OpError
	switch {
	case errors.As(err, &oe) || errors.As(err, &ne) || strings.Contains(msg, "dial ") || strings.Contains(msg, "verbinden met"):
		return r.t.fixNetwork
	case strings.Contains(msg, "certificate") || strings.Contains(msg, "x509"):
		return r.t.fixTLS
	case strings.Contains(msg, "XOAUTH2"):
		if what == "send" {
			return r.t.fixXOAUTH2Send
		}
		return r.t.fixXOAUTH2Read
	case strings.Contains(msg, "authenticat") || strings.Contains(msg, "inloggen") || strings.Contains(msg, "535"):
		if what == "send" {
			return r.t.fixSMTPAuth
		}
		return r.t.fixIMAPAuth
	}
	if what == "send" {
		return r.t.fixSendOther
	}
	return r.t.fixReadOther
}
