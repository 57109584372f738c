// Package config is voortgang's configuration: one YAML file (config/voortgang.example.yaml
// by default, VOORTGANG_CONFIG to choose another) plus environment overrides, loaded once by
// Load, validated once, and then passed to whoever needs it. There is no global
// configuration.
//
// The file is read strictly: an unknown key is an error that names the key and its line.
// Secrets never live in the file: the secret key and the Slack tokens come only from the
// environment (VOORTGANG_SECRET_KEY or VOORTGANG_SECRET_KEY_FILE, …), and every secret
// variable has a *_FILE variant that names a file holding the value (Docker/Kubernetes
// secrets). Dump shows the effective settings with every secret masked.
//
// Validation messages are Dutch, because a coordinator reads them; each starts with the key
// it is about and, when known, its line: `meetings[1].period (regel 57): "2026H3" is geen
// geldige periode (verwacht 2026H1 of 2026H2)`. Validate reports every problem at once.
//
// Owner keys are the organisation keys used in the workflow files. Whether every key the
// programme uses has contacts is checked by the caller with CheckOwners, because this
// package does not read the programme.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/regiogv/voortgang/internal/workdays"
)

// DefaultPath is the configuration file used when VOORTGANG_CONFIG is not set.
const DefaultPath = "config/voortgang.example.yaml"

// Environment variables. Every variable marked secret also has a *_FILE variant.
const (
	EnvConfig        = "VOORTGANG_CONFIG"
	EnvListen        = "VOORTGANG_LISTEN"
	EnvBaseURL       = "VOORTGANG_BASE_URL"
	EnvDatabase      = "VOORTGANG_DB" // secret (a PostgreSQL URL may hold a password)
	EnvWorkflows     = "VOORTGANG_WORKFLOWS"
	EnvSMTPURL       = "VOORTGANG_SMTP_URL" // secret
	EnvFrom          = "VOORTGANG_FROM"
	EnvIMAPURL       = "VOORTGANG_IMAP_URL"          // secret
	EnvSecretKey     = "VOORTGANG_SECRET_KEY"        // secret, environment only
	EnvSlackAppToken = "VOORTGANG_SLACK_APP_TOKEN"   // secret, environment only
	EnvSlackBotToken = "VOORTGANG_SLACK_BOT_TOKEN"   // secret, environment only
	EnvTeamsWebhook  = "VOORTGANG_TEAMS_WEBHOOK_URL" // secret (the URL carries a signature), environment only
	EnvOIDCIssuer    = "VOORTGANG_OIDC_ISSUER"
	EnvOIDCClientID  = "VOORTGANG_OIDC_CLIENT_ID"
	EnvOIDCSecret    = "VOORTGANG_OIDC_CLIENT_SECRET" // secret, environment only
	// The app registration in Entra ID for Microsoft 365 mail (XOAUTH2, Graph).
	EnvM365TenantID    = "VOORTGANG_M365_TENANT_ID"
	EnvM365ClientID    = "VOORTGANG_M365_CLIENT_ID"
	EnvM365Secret      = "VOORTGANG_M365_CLIENT_SECRET" // secret, environment only
	EnvM365Certificate = "VOORTGANG_M365_CERTIFICATE"   // secret (PEM: certificate and key), environment only; usually _FILE
)

// PathFromEnv is the configuration file to load: VOORTGANG_CONFIG, else DefaultPath.
func PathFromEnv(env func(string) string) string {
	if p := strings.TrimSpace(env(EnvConfig)); p != "" {
		return p
	}
	return DefaultPath
}

// Config is the effective configuration. Fields hold what the file (or environment) says;
// values that need parsing (times, dates, durations) are parsed by Validate and read through
// methods. Never marshal a Config yourself: use Dump, which masks the secrets.
type Config struct {
	Language  string `yaml:"language"`  // nl | en: the language of messages and the board
	Timezone  string `yaml:"timezone"`  // where calendar logic runs; Europe/Amsterdam
	Listen    string `yaml:"listen"`    // host:port of the web server
	BaseURL   string `yaml:"base_url"`  // absolute http(s) URL used in links in mail
	Database  string `yaml:"database"`  // SQLite file path, or postgres:// URL
	Workflows string `yaml:"workflows"` // directory of workflow files, or one file
	// MaxObsoleteShare is the largest share (0–1) of a programme's open tasks one reconcile
	// may mark obsolete; a reconcile that would obsolete more (a half-written workflow file)
	// is held until a coordinator accepts it. Default 0.2.
	MaxObsoleteShare float64 `yaml:"max_obsolete_share"`
	Mail             Mail    `yaml:"mail"`

	// SendHour is the local time ("09:00") at which messages go out on working days.
	SendHour string   `yaml:"send_hour"`
	Holidays Holidays `yaml:"holidays"`
	Ladder   Ladder   `yaml:"ladder"`
	// Digest is the cron expression (5 fields, optional CRON_TZ=) of the monthly look-ahead
	// (Vooruitblik) to the owners' contacts: their milestones of the next six weeks and what
	// passed in the last six without an answer. Coordinators do not get it; the board is theirs.
	Digest string `yaml:"digest"`

	Coordinators []Contact         `yaml:"coordinators"`
	Owners       map[string]*Owner `yaml:"owners"`
	Meetings     []Meeting         `yaml:"meetings"`
	Slack        Slack             `yaml:"slack"`
	// OIDC is sign-in to the board through the organisation (Microsoft Entra ID); without an
	// issuer only local accounts sign in.
	OIDC OIDC `yaml:"oidc"`

	// HTTP, Metrics and Retention are the operator's settings (ops.go).
	HTTP      HTTP      `yaml:"http"`
	Metrics   Metrics   `yaml:"metrics"`
	Retention Retention `yaml:"retention"`

	// Report configures the report drafts.
	Report Report `yaml:"report"`

	// SecretKey signs links and sessions. Environment only; at least 32 bytes when set.
	SecretKey string `yaml:"secret_key,omitempty" envonly:"VOORTGANG_SECRET_KEY"`

	path     string
	fromEnv  []string  // environment variables that set a value
	keys     *keyIndex // where each key stands in the file
	loc      *time.Location
	cal      *workdays.Calendar
	sendHour int
	sendMin  int
	contacts map[string]*Contact // contact key → the contact in Coordinators or an owner's Own
}

// Report configures the office documents of the report drafts.
type Report struct {
	// ReferenceDocx and ReferenceODT are the Regio's house style: a Word document and an
	// OpenDocument text whose styles (and page setup) pandoc gives the drafts. Empty: A4 with
	// the Dutch default margins and pandoc's styles.
	ReferenceDocx string `yaml:"reference_docx,omitempty"`
	ReferenceODT  string `yaml:"reference_odt,omitempty"`
}

// Mail configures sending (SMTP, or the local catcher) and reading replies (IMAP).
type Mail struct {
	// SMTPURL is smtp://user:pass@host:587 (STARTTLS) or smtps://…:465; empty writes every
	// message to CatcherDir instead of sending it.
	SMTPURL string `yaml:"smtp_url"`
	From    string `yaml:"from"` // "Name <address>"
	// ReplyTo is the base reply address; a +TOKEN is added per request
	// (voortgang+TOKEN@regio.example.org). Required when IMAPURL is set.
	ReplyTo    string `yaml:"reply_to"`
	CatcherDir string `yaml:"catcher_dir"`
	// TemplatesDir holds edited copies of the mail templates (nl/statusrequest.text.tmpl, …);
	// a file there replaces the built-in one with the same name. Empty: the built-in ones.
	TemplatesDir string `yaml:"templates_dir,omitempty"`
	// IMAPURL is imaps://user:pass@host/INBOX; empty means replies are not read.
	IMAPURL              string `yaml:"imap_url"`
	IMAPPoll             string `yaml:"imap_poll"` // Go duration, at least 10s
	IMAPProcessedFolder  string `yaml:"imap_processed_folder"`
	IMAPQuarantineFolder string `yaml:"imap_quarantine_folder"`
	// AuthServID is the authserv-id our receiving mail server writes in its
	// Authentication-Results (mx.regio.example.org). When set, only its top-most field with
	// that id is read; when empty, the top-most field. A reply whose DMARC or SPF check
	// failed there goes to the postvak.
	AuthServID string `yaml:"authserv_id,omitempty"`

	// SMTPAuth and IMAPAuth are "password" (the default: the password in the URL, if any)
	// or "xoauth2": sign in with a token of the app registration (oauth2), as the
	// smtp+xoauth2:// and imaps+xoauth2:// schemes do.
	SMTPAuth string `yaml:"smtp_auth,omitempty"`
	IMAPAuth string `yaml:"imap_auth,omitempty"`

	// Transport is "smtp" (smtp_url and imap_url, or the catcher; the default) or "graph":
	// Microsoft Graph sends from and reads the shared mailbox. The processed and quarantine
	// folders and imap_poll apply to Graph too.
	Transport string `yaml:"transport,omitempty"`
	// Mailbox is the shared mailbox Graph sends from and reads; empty: the address of From.
	Mailbox string `yaml:"mailbox,omitempty"`
	// GraphFolder is the mail folder Graph reads replies from: a well-known name (inbox) or
	// a display name of a top-level folder. Default inbox.
	GraphFolder string `yaml:"graph_folder,omitempty"`
	// OAuth2 is the app registration for imaps+xoauth2://, smtp+xoauth2:// and Graph.
	OAuth2 OAuth2 `yaml:"oauth2,omitempty"`

	imapPoll time.Duration
}

// Transport values.
const (
	TransportSMTP  = "smtp"
	TransportGraph = "graph"
)

// UsesGraph reports whether Microsoft Graph carries the mail.
func (m Mail) UsesGraph() bool { return m.Transport == TransportGraph }

// GraphMailbox is the mailbox Graph uses: mailbox, else the address of from.
func (m Mail) GraphMailbox() string {
	if m.Mailbox != "" {
		return m.Mailbox
	}
	if a, err := mail.ParseAddress(m.From); err == nil {
		return a.Address
	}
	return ""
}

// ReadsGraph reports whether replies are read with Graph: Graph is the transport and there
// is a reply address to link the replies by.
func (m Mail) ReadsGraph() bool { return m.UsesGraph() && m.ReplyTo != "" }

// OAuth2 is an app registration in Entra ID (client credentials). The client secret or the
// certificate come only from the environment.
type OAuth2 struct {
	TenantID     string `yaml:"tenant_id,omitempty"` // VOORTGANG_M365_TENANT_ID: the directory (tenant) ID
	ClientID     string `yaml:"client_id,omitempty"` // VOORTGANG_M365_CLIENT_ID: the application (client) ID
	ClientSecret string `yaml:"client_secret,omitempty" envonly:"VOORTGANG_M365_CLIENT_SECRET"`
	Certificate  string `yaml:"certificate,omitempty" envonly:"VOORTGANG_M365_CERTIFICATE"`
	// TokenURL replaces https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token (a
	// national cloud).
	TokenURL string `yaml:"token_url,omitempty"`
	// GraphURL replaces https://graph.microsoft.com/v1.0 (a national cloud).
	GraphURL string `yaml:"graph_url,omitempty"`
}

// Configured reports whether any of the app registration is set.
func (o OAuth2) Configured() bool {
	return o.TenantID != "" || o.ClientID != "" || o.ClientSecret != "" || o.Certificate != ""
}

// AuthXOAUTH2 is the smtp_auth / imap_auth value that asks for OAuth 2.0.
const AuthXOAUTH2 = "xoauth2"

// SMTPServer is smtp_url as the sender reads it: with smtp_auth: xoauth2 its scheme gains
// +xoauth2.
func (m Mail) SMTPServer() string { return withAuth(m.SMTPURL, m.SMTPAuth) }

// IMAPServer is imap_url as the poller reads it: with imap_auth: xoauth2 its scheme gains
// +xoauth2.
func (m Mail) IMAPServer() string { return withAuth(m.IMAPURL, m.IMAPAuth) }

func withAuth(rawURL, auth string) string {
	if auth != AuthXOAUTH2 || rawURL == "" || IsXOAUTH2(rawURL) {
		return rawURL
	}
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return rawURL
	}
	return scheme + "+xoauth2://" + rest
}

// IsXOAUTH2 reports whether a mail server URL asks for OAuth 2.0 (imaps+xoauth2://…).
func IsXOAUTH2(rawURL string) bool {
	scheme, _, ok := strings.Cut(rawURL, "://")
	return ok && strings.HasSuffix(strings.ToLower(scheme), "+xoauth2")
}

// IMAPPollInterval is how often the inbox is polled (parsed imap_poll).
func (m Mail) IMAPPollInterval() time.Duration { return m.imapPoll }

// Holidays configures which days besides weekends and the fixed Dutch public holidays are
// not working days. Goede Vrijdag and Bevrijdingsdag are working days unless set to true.
type Holidays struct {
	GoodFriday      bool        `yaml:"goede_vrijdag"`
	LiberationDay   bool        `yaml:"bevrijdingsdag"`
	ExtraClosedDays []ClosedDay `yaml:"extra_closed_days"`
}

// ClosedDay is one extra day off. In YAML either a bare date (2026-12-31) or
// {date: 2026-12-31, name: Collectieve vrije dag}.
type ClosedDay struct {
	Date string `yaml:"date"`
	Name string `yaml:"name,omitempty"`

	date time.Time
}

// UnmarshalYAML accepts a bare date as well as a mapping.
func (d *ClosedDay) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*d = ClosedDay{Date: n.Value}
		return nil
	}
	type plain ClosedDay
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*d = ClosedDay(p)
	return nil
}

// MarshalYAML writes a bare date when the day has no name.
func (d ClosedDay) MarshalYAML() (any, error) {
	if d.Name == "" {
		return d.Date, nil
	}
	type plain ClosedDay
	return plain(d), nil
}

// Ladder is the sequence of messages before a document deadline, in working days before
// that deadline: the status request, reminders, the escalation to the coordinators, and the
// summary (0 = on the deadline itself).
type Ladder struct {
	Request    int   `yaml:"request"`
	Reminders  []int `yaml:"reminders"`
	Escalation int   `yaml:"escalation"`
	Summary    int   `yaml:"summary"`
}

// Slack configures the optional Slack channel. The tokens come only from the environment.
type Slack struct {
	Enabled             bool   `yaml:"enabled"`
	CoordinatorsChannel string `yaml:"coordinators_channel"`                                    // channel ID (C…) for escalations
	AppToken            string `yaml:"app_token,omitempty" envonly:"VOORTGANG_SLACK_APP_TOKEN"` // xapp-…, Socket Mode
	BotToken            string `yaml:"bot_token,omitempty" envonly:"VOORTGANG_SLACK_BOT_TOKEN"` // xoxb-…
	// TeamsWebhook is a Microsoft Teams Workflows webhook URL that gets the same
	// coordinators' notes as CoordinatorsChannel. It works without Slack enabled.
	TeamsWebhook string `yaml:"teams_webhook,omitempty" envonly:"VOORTGANG_TEAMS_WEBHOOK_URL"`
}

// Ready reports whether Slack messages can be sent: Slack is enabled and the bot token
// is set.
func (s Slack) Ready() bool { return s.Enabled && s.BotToken != "" }

// OIDC configures OpenID Connect sign-in. Register BASE_URL/inloggen/oidc/terug as the
// redirect URL at the provider.
type OIDC struct {
	Issuer       string `yaml:"issuer"`    // https://login.microsoftonline.com/<tenant>/v2.0
	ClientID     string `yaml:"client_id"` // the application (client) ID
	ClientSecret string `yaml:"client_secret,omitempty" envonly:"VOORTGANG_OIDC_CLIENT_SECRET"`
}

func defaults() *Config {
	return &Config{
		Language:  "nl",
		Timezone:  workdays.DefaultTimezone,
		Listen:    "127.0.0.1:8080",
		BaseURL:   "http://localhost:8080",
		Database:  "data/voortgang.db",
		Workflows: "workflows",
		// A fifth: far more than an ordinary edit removes, far less than a truncated file.
		MaxObsoleteShare: 0.2,
		Mail: Mail{
			CatcherDir:           "data/mail",
			IMAPPoll:             "2m",
			IMAPProcessedFolder:  "Verwerkt",
			IMAPQuarantineFolder: "Quarantaine",
		},
		SendHour:  "09:00",
		Ladder:    Ladder{Request: 20, Reminders: []int{10, 5}, Escalation: 2, Summary: 0},
		Digest:    "0 8 1 * *",
		Retention: defaultRetention(),
	}
}

// Load reads the file at path, applies the environment (env is os.Getenv in main and a map
// lookup in tests) and validates the result. On error the configuration is not usable; a
// Problems error lists every problem found.
func Load(path string, env func(string) string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c, err := parse(data, env)
	if err != nil {
		return nil, fmt.Errorf("config: %s: %w", path, err)
	}
	c.path = path
	return c, nil
}

// Parse is Load for a file already read; it is what tests and `voortgang validate -` use.
func Parse(data []byte, env func(string) string) (*Config, error) {
	c, err := parse(data, env)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return c, nil
}

func parse(data []byte, env func(string) string) (*Config, error) {
	c := defaults()
	if err := c.decode(data); err != nil {
		return nil, err
	}
	if env == nil {
		env = func(string) string { return "" }
	}
	if err := c.applyEnv(env); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	// The lines are for Validate's problems (each owner keeps its own, for CheckOwners). A
	// national configuration has about 100,000 key paths, about 10 MB.
	c.keys = nil
	return c, nil
}

// decode reads the YAML strictly into c, whose fields hold the defaults.
func (c *Config) decode(data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("ongeldige YAML: %w", err)
	}
	c.keys = newKeyIndex()
	if len(doc.Content) == 0 { // empty file: all defaults
		return nil
	}
	var probs Problems
	checkKeys(doc.Content[0], typeOfConfig, "", c.keys, &probs)
	if len(probs) > 0 {
		return probs
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return c.translateDecodeError(err)
	}
	// Only a decode error needs the values; the lines stay for later problems. A national
	// configuration has thousands of contacts, so the values are megabytes.
	c.keys.values = nil
	return nil
}

var typeErrRE = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+) `(.*)` into (.+)$")

// translateDecodeError turns yaml.v3's type errors into Problems naming the key.
func (c *Config) translateDecodeError(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return fmt.Errorf("ongeldige YAML: %w", err)
	}
	var probs Problems
	for _, msg := range te.Errors {
		m := typeErrRE.FindStringSubmatch(msg)
		if m == nil {
			probs = append(probs, Problem{Key: "", Msg: msg})
			continue
		}
		line, _ := strconv.Atoi(m[1])
		probs = append(probs, Problem{
			Key:  c.keys.keyAt(line, m[3]),
			Line: line,
			Msg:  fmt.Sprintf("waarde %q heeft het verkeerde type (verwacht %s)", m[3], goTypeInDutch(m[4])),
		})
	}
	return probs
}

func goTypeInDutch(t string) string {
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "een geheel getal"
	case t == "bool":
		return "true of false"
	case t == "string":
		return "tekst"
	case strings.HasPrefix(t, "[]"):
		return "een lijst"
	default:
		return "sleutels met waarden"
	}
}

// envSetting is one environment override; secret ones also accept NAME_FILE.
type envSetting struct {
	name   string
	secret bool
	set    func(c *Config, v string)
}

var envSettings = []envSetting{
	{EnvListen, false, func(c *Config, v string) { c.Listen = v }},
	{EnvBaseURL, false, func(c *Config, v string) { c.BaseURL = v }},
	{EnvDatabase, true, func(c *Config, v string) { c.Database = v }},
	{EnvWorkflows, false, func(c *Config, v string) { c.Workflows = v }},
	{EnvSMTPURL, true, func(c *Config, v string) { c.Mail.SMTPURL = v }},
	{EnvFrom, false, func(c *Config, v string) { c.Mail.From = v }},
	{EnvIMAPURL, true, func(c *Config, v string) { c.Mail.IMAPURL = v }},
	{EnvSecretKey, true, func(c *Config, v string) { c.SecretKey = v }},
	{EnvSlackAppToken, true, func(c *Config, v string) { c.Slack.AppToken = v }},
	{EnvSlackBotToken, true, func(c *Config, v string) { c.Slack.BotToken = v }},
	{EnvTeamsWebhook, true, func(c *Config, v string) { c.Slack.TeamsWebhook = v }},
	{EnvOIDCIssuer, false, func(c *Config, v string) { c.OIDC.Issuer = v }},
	{EnvOIDCClientID, false, func(c *Config, v string) { c.OIDC.ClientID = v }},
	{EnvOIDCSecret, true, func(c *Config, v string) { c.OIDC.ClientSecret = v }},
	{EnvMetricsListen, false, func(c *Config, v string) { c.Metrics.Listen = v }},
	{EnvMetricsToken, true, func(c *Config, v string) { c.Metrics.Token = v }},
	{EnvTrustedProxies, false, func(c *Config, v string) { c.HTTP.TrustedProxies = splitList(v) }},
	{EnvM365TenantID, false, func(c *Config, v string) { c.Mail.OAuth2.TenantID = v }},
	{EnvM365ClientID, false, func(c *Config, v string) { c.Mail.OAuth2.ClientID = v }},
	{EnvM365Secret, true, func(c *Config, v string) { c.Mail.OAuth2.ClientSecret = v }},
	{EnvM365Certificate, true, func(c *Config, v string) { c.Mail.OAuth2.Certificate = v }},
}

// applyEnv overrides file values with non-empty environment variables. For a secret, NAME_FILE
// names a file holding the value (trailing white space removed); setting both is an error.
func (c *Config) applyEnv(env func(string) string) error {
	var probs Problems
	for _, s := range envSettings {
		v := env(s.name)
		if s.secret {
			if file := env(s.name + "_FILE"); file != "" {
				if v != "" {
					probs = append(probs, Problem{Key: s.name, Msg: fmt.Sprintf("zet %s of %s_FILE, niet allebei", s.name, s.name)})
					continue
				}
				b, err := os.ReadFile(file)
				if err != nil {
					probs = append(probs, Problem{Key: s.name + "_FILE", Msg: fmt.Sprintf("bestand niet te lezen: %v", err)})
					continue
				}
				v = strings.TrimRight(string(b), " \t\r\n")
				if v == "" {
					probs = append(probs, Problem{Key: s.name + "_FILE", Msg: fmt.Sprintf("bestand %s is leeg", file)})
					continue
				}
				c.fromEnv = append(c.fromEnv, s.name+"_FILE")
				s.set(c, v)
				continue
			}
		}
		if v != "" {
			c.fromEnv = append(c.fromEnv, s.name)
			s.set(c, v)
		}
	}
	if len(probs) > 0 {
		return probs
	}
	return nil
}

// Path is the file the configuration was loaded from ("" for Parse).
func (c *Config) Path() string { return c.path }

// Location is the parsed timezone.
func (c *Config) Location() *time.Location { return c.loc }

// Calendar is the working-day calendar built from timezone and holidays.
func (c *Config) Calendar() *workdays.Calendar { return c.cal }

// SendHourMinute is the parsed send_hour.
func (c *Config) SendHourMinute() (hour, minute int) { return c.sendHour, c.sendMin }

// DatabaseKind is "postgres" for a postgres:// or postgresql:// URL, else "sqlite".
func (c *Config) DatabaseKind() string {
	if isPostgresURL(c.Database) {
		return "postgres"
	}
	return "sqlite"
}

func isPostgresURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}
