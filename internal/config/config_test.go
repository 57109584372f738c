package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/config"
)

// sections of a small valid configuration; a test replaces or adds whole top-level blocks.
var baseSections = map[string]string{
	"mail": `mail:
  from: "Voortgang <voortgang@regio.example.org>"
  reply_to: voortgang@regio.example.org
`,
	"coordinators": `coordinators:
  - {key: sanne-bakker, name: Sanne Bakker, email: sanne.bakker@example.org}
`,
	"owners": `owners:
  regio:
    contacts:
      - {key: anna-devries, name: Anna de Vries, email: anna.devries@example.org, deputy: pieter-jansen}
      - {key: pieter-jansen, name: Pieter Jansen, email: pieter.jansen@example.org}
  gemeenten: {group: [blaricum, laren], fan_out: true}
  blaricum: {contacts: [{key: marieke-smit, name: Marieke Smit, email: marieke.smit@example.org}]}
  laren: {contacts: [{key: ruud-hendriks, name: Ruud Hendriks, email: ruud.hendriks@example.org}]}
`,
	"meetings": `meetings:
  - {date: 2027-02-04, period: 2026H2, deadline: 2027-01-14}
  - {date: 2027-07-01, period: 2027H1, deadline_offset: 15 werkdagen}
`,
}

// yamlWith builds the base configuration with sections replaced or added.
func yamlWith(sections map[string]string) string {
	merged := map[string]string{}
	for k, v := range baseSections {
		merged[k] = v
	}
	for k, v := range sections {
		merged[k] = v
	}
	keys := make([]string, 0, len(merged))
	for k := range merged {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(merged[k])
	}
	return b.String()
}

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func mustParse(t *testing.T, yml string, env map[string]string) *config.Config {
	t.Helper()
	c, err := config.Parse([]byte(yml), envMap(env))
	if err != nil {
		t.Fatalf("Parse: %v\n--- yaml ---\n%s", err, yml)
	}
	return c
}

func problemsOf(t *testing.T, err error) config.Problems {
	t.Helper()
	if err == nil {
		t.Fatal("expected an error, got none")
	}
	var ps config.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error is not config.Problems: %v", err)
	}
	return ps
}

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

const goodKey = "0123456789abcdef0123456789abcdef"

func TestBaseIsValid(t *testing.T) {
	c := mustParse(t, yamlWith(nil), nil)
	if h, m := c.SendHourMinute(); h != 9 || m != 0 {
		t.Errorf("default send hour = %02d:%02d, want 09:00", h, m)
	}
	if c.Location().String() != "Europe/Amsterdam" {
		t.Errorf("Location = %v", c.Location())
	}
	if c.Mail.IMAPPollInterval() != 2*time.Minute {
		t.Errorf("IMAPPollInterval = %v", c.Mail.IMAPPollInterval())
	}
	if c.DatabaseKind() != "sqlite" {
		t.Errorf("DatabaseKind = %q", c.DatabaseKind())
	}
	if got := c.Ladder; got.Request != 20 || len(got.Reminders) != 2 || got.Escalation != 2 || got.Summary != 0 {
		t.Errorf("default ladder = %+v", got)
	}
}

func TestValidationProblems(t *testing.T) {
	tests := []struct {
		name     string
		sections map[string]string
		env      map[string]string
		key      string // the key the problem must name
		msg      string // a fragment of the message
	}{
		{"ongeldige periode", map[string]string{"meetings": "meetings:\n  - {date: 2027-02-04, period: 2026H2}\n  - {date: 2027-07-01, period: 2026H3}\n"},
			nil, "meetings[1].period", `"2026H3" is geen geldige periode (verwacht 2026H1 of 2026H2)`},
		{"periode twee keer", map[string]string{"meetings": "meetings:\n  - {date: 2027-02-04, period: 2026H2}\n  - {date: 2027-02-11, period: 2026H2}\n"},
			nil, "meetings[1].period", "heeft al een vergadering"},
		{"ongeldige vergaderdatum", map[string]string{"meetings": "meetings:\n  - {date: 2027-02-30, period: 2026H2}\n"},
			nil, "meetings[0].date", "geen geldige datum"},
		{"deadline na de vergadering", map[string]string{"meetings": "meetings:\n  - {date: 2027-02-04, period: 2026H2, deadline: 2027-02-05}\n"},
			nil, "meetings[0].deadline", "ligt niet vóór de vergadering"},
		{"deadline op de vergaderdag", map[string]string{"meetings": "meetings:\n  - {date: 2027-02-04, period: 2026H2, deadline: 2027-02-04}\n"},
			nil, "meetings[0].deadline", "ligt niet vóór de vergadering"},
		{"deadline én offset", map[string]string{"meetings": "meetings:\n  - {date: 2027-02-04, period: 2026H2, deadline: 2027-01-14, deadline_offset: 15 werkdagen}\n"},
			nil, "meetings[0]", "niet allebei"},
		{"offset met minteken", map[string]string{"meetings": "meetings:\n  - {date: 2027-02-04, period: 2026H2, deadline_offset: -15 werkdagen}\n"},
			nil, "meetings[0].deadline_offset", "zonder teken"},
		{"offset onleesbaar", map[string]string{"meetings": "meetings:\n  - {date: 2027-02-04, period: 2026H2, deadline_offset: 3w}\n"},
			nil, "meetings[0].deadline_offset", "geen geldige termijn"},
		{"vergadering voor het begin van de periode", map[string]string{"meetings": "meetings:\n  - {date: 2026-05-04, period: 2026H2, deadline: 2026-04-14}\n"},
			nil, "meetings[0].date", "ligt niet na het begin van periode 2026H2"},
		{"onbekende vervanger", map[string]string{"owners": "owners:\n  regio: {contacts: [{key: anna, name: Anna, email: anna@example.org, deputy: bob}]}\n"},
			nil, "owners.regio.contacts[0].deputy", `"bob" is geen bekende contactpersoon`},
		{"eigen vervanger", map[string]string{"owners": "owners:\n  regio: {contacts: [{key: anna, name: Anna, email: anna@example.org, deputy: anna}]}\n"},
			nil, "owners.regio.contacts[0].deputy", "eigen vervanger"},
		{"ongeldig e-mailadres", map[string]string{"owners": "owners:\n  regio: {contacts: [{key: anna, name: Anna, email: anna-at-example.org}]}\n"},
			nil, "owners.regio.contacts[0].email", "geen geldig e-mailadres"},
		{"e-mailadres met naam", map[string]string{"owners": "owners:\n  regio: {contacts: [{key: anna, name: Anna, email: 'Anna <anna@example.org>'}]}\n"},
			nil, "owners.regio.contacts[0].email", "alleen het adres"},
		{"dubbele contactsleutel", map[string]string{"owners": "owners:\n  regio: {contacts: [{key: anna, name: Anna, email: a@example.org}]}\n  ggd: {contacts: [{key: anna, name: Anna B, email: b@example.org}]}\n"},
			nil, "owners.regio.contacts[0].key", `"anna" komt al voor bij owners.ggd.contacts[0]`},
		{"contact zonder sleutel", map[string]string{"owners": "owners:\n  regio: {contacts: [{name: Anna, email: a@example.org}]}\n"},
			nil, "owners.regio.contacts[0].key", "ontbreekt"},
		{"prefer slack zonder id", map[string]string{"owners": "owners:\n  regio: {contacts: [{key: anna, name: Anna, email: a@example.org, prefer: slack}]}\n"},
			nil, "owners.regio.contacts[0].prefer", "geen slack-ID"},
		{"onbekend groepslid", map[string]string{"owners": "owners:\n  regio: {contacts: [{key: anna, name: Anna, email: a@example.org}]}\n  gemeenten: {group: [blaricum], fan_out: true}\n"},
			nil, "owners.gemeenten.group[0]", `"blaricum" is geen bekende eigenaar`},
		{"eigenaar zonder contacten", map[string]string{"owners": "owners:\n  regio: {name: Regio}\n"},
			nil, "owners.regio", "geen contactpersonen"},
		{"eigenaarsleutel met hoofdletters", map[string]string{"owners": "owners:\n  Regio: {contacts: [{key: anna, name: Anna, email: a@example.org}]}\n"},
			nil, "owners.Regio", "kleine letters"},
		{"geen coördinatoren", map[string]string{"coordinators": "coordinators: []\n"},
			nil, "coordinators", "minstens één"},
		{"base_url relatief", map[string]string{"base_url": "base_url: /voortgang\n"},
			nil, "base_url", "geen absolute http(s)-URL"},
		{"base_url ftp", map[string]string{"base_url": "base_url: ftp://example.org\n"},
			nil, "base_url", "geen absolute http(s)-URL"},
		{"database mysql", map[string]string{"database": "database: mysql://u@h/db\n"},
			nil, "database", `schema "mysql" wordt niet ondersteund`},
		{"database key=value", map[string]string{"database": "database: host=db dbname=voortgang\n"},
			nil, "database", "postgres://-URL"},
		{"smtp met verkeerd schema", map[string]string{"mail": "mail:\n  from: v@example.org\n  smtp_url: http://mail.example.org\n"},
			nil, "mail.smtp_url", `schema "http" wordt niet ondersteund (kies smtp, smtps, smtp+xoauth2 of smtps+xoauth2)`},
		{"smtp zonder server", map[string]string{"mail": "mail:\n  from: v@example.org\n  smtp_url: 'smtp://'\n"},
			nil, "mail.smtp_url", "noemt geen server"},
		{"imap zonder reply_to", map[string]string{"mail": "mail:\n  from: v@example.org\n  imap_url: imaps://u:p@imap.example.org\n"},
			nil, "mail.reply_to", "imap_url gezet"},
		{"reply_to met plus", map[string]string{"mail": "mail:\n  from: v@example.org\n  reply_to: v+x@example.org\n"},
			nil, "mail.reply_to", "bevat al een +"},
		{"afzender ontbreekt", map[string]string{"mail": "mail:\n  reply_to: v@example.org\n"},
			nil, "mail.from", "leeg"},
		{"imap_poll te kort", map[string]string{"mail": "mail:\n  from: v@example.org\n  imap_poll: 1s\n"},
			nil, "mail.imap_poll", "te kort"},
		{"cron onleesbaar", map[string]string{"digest": "digest: \"0 8 32 * *\"\n"},
			nil, "digest", "geen geldige cron-uitdrukking"},
		{"cron die robfig laat paniekeren", map[string]string{"digest": "digest: \"TZ=0\"\n"},
			nil, "digest", "geen geldige cron-uitdrukking"},
		{"cron in het zomertijduur", map[string]string{"digest": "digest: \"30 2 1 * *\"\n"},
			nil, "digest", "tussen 02:00 en 03:00"},
		{"verzendtijd in het zomertijduur", map[string]string{"send_hour": "send_hour: \"02:30\"\n"},
			nil, "send_hour", "tussen 02:00 en 03:00"},
		{"verzendtijd onzin", map[string]string{"send_hour": "send_hour: \"25:00\"\n"},
			nil, "send_hour", "geen tijd"},
		{"herinnering na escalatie", map[string]string{"ladder": "ladder: {request: 20, reminders: [10, 1], escalation: 2, summary: 0}\n"},
			nil, "ladder.escalation", "kleiner zijn dan ladder.reminders[1]"},
		{"herinneringen in verkeerde volgorde", map[string]string{"ladder": "ladder: {request: 20, reminders: [5, 10], escalation: 2, summary: 0}\n"},
			nil, "ladder.reminders[1]", "kleiner zijn dan ladder.reminders[0]"},
		{"extra vrije dag onleesbaar", map[string]string{"holidays": "holidays: {extra_closed_days: [2026-13-01]}\n"},
			nil, "holidays.extra_closed_days[0]", "geen geldige datum"},
		{"onbekende taal", map[string]string{"language": "language: de\n"},
			nil, "language", "kies nl of en"},
		{"onbekende tijdzone", map[string]string{"timezone": "timezone: Europe/Gooi\n"},
			nil, "timezone", "geen bekende tijdzone"},
		{"listen zonder poort", map[string]string{"listen": "listen: localhost\n"},
			nil, "listen", "adres met poort"},
		{"geheime sleutel te kort", nil, map[string]string{"VOORTGANG_SECRET_KEY": "kort"},
			"secret_key", "te kort: 4 bytes"},
		{"slack aan zonder tokens", map[string]string{"slack": "slack: {enabled: true, coordinators_channel: C012AB3CD}\n"},
			nil, "slack.enabled", "VOORTGANG_SLACK_APP_TOKEN"},
		{"slack-token met verkeerd voorvoegsel", nil, map[string]string{"VOORTGANG_SLACK_BOT_TOKEN": "xapp-verkeerd"},
			"slack.bot_token", "xoxb-"},
		{"prefer beide zonder id", map[string]string{"owners": "owners:\n  regio: {contacts: [{key: anna, name: Anna, email: a@example.org, prefer: beide}]}\n"},
			nil, "owners.regio.contacts[0].prefer", "geen slack-ID"},
		{"prefer onbekend kanaal", map[string]string{"owners": "owners:\n  regio: {contacts: [{key: anna, name: Anna, email: a@example.org, prefer: teams}]}\n"},
			nil, "owners.regio.contacts[0].prefer", "kies email, slack of beide"},
		{"teams-webhook geen adres", nil, map[string]string{"VOORTGANG_TEAMS_WEBHOOK_URL": "niet-een-adres"},
			"slack.teams_webhook", "geen http(s)-adres"},
		{"xoauth2 zonder app-registratie", map[string]string{"mail": "mail:\n  from: v@example.org\n  smtp_url: smtp+xoauth2://v@smtp.office365.com:587\n"},
			nil, "mail.oauth2.tenant_id", "VOORTGANG_M365_TENANT_ID"},
		{"xoauth2 zonder geheim", map[string]string{"mail": "mail:\n  from: v@example.org\n  smtp_url: smtp+xoauth2://v@smtp.office365.com:587\n  oauth2: {tenant_id: t, client_id: c}\n"},
			nil, "mail.oauth2", "VOORTGANG_M365_CERTIFICATE_FILE"},
		{"xoauth2 met wachtwoord", map[string]string{"mail": "mail:\n  from: v@example.org\n  reply_to: v@example.org\n  imap_url: imaps+xoauth2://v:geheim@outlook.office365.com/INBOX\n"},
			map[string]string{"VOORTGANG_M365_TENANT_ID": "t", "VOORTGANG_M365_CLIENT_ID": "c", "VOORTGANG_M365_CLIENT_SECRET": "s"}, "mail.imap_url", "heeft geen wachtwoord"},
		{"xoauth2 zonder mailbox", map[string]string{"mail": "mail:\n  from: v@example.org\n  smtp_url: smtp+xoauth2://smtp.office365.com:587\n"},
			map[string]string{"VOORTGANG_M365_TENANT_ID": "t", "VOORTGANG_M365_CLIENT_ID": "c", "VOORTGANG_M365_CLIENT_SECRET": "s"}, "mail.smtp_url", "noemt geen mailbox"},
		{"client secret in het bestand", map[string]string{"mail": "mail:\n  from: v@example.org\n  oauth2: {client_secret: geheim}\n"},
			nil, "mail.oauth2.client_secret", "VOORTGANG_M365_CLIENT_SECRET"},
		{"geheim en certificaat", map[string]string{"mail": "mail:\n  from: v@example.org\n  transport: graph\n"},
			map[string]string{"VOORTGANG_M365_TENANT_ID": "t", "VOORTGANG_M365_CLIENT_ID": "c", "VOORTGANG_M365_CLIENT_SECRET": "s", "VOORTGANG_M365_CERTIFICATE": "pem"}, "mail.oauth2", "niet allebei"},
		{"graph met smtp_url", map[string]string{"mail": "mail:\n  from: v@example.org\n  transport: graph\n  smtp_url: smtp://h\n"},
			map[string]string{"VOORTGANG_M365_TENANT_ID": "t", "VOORTGANG_M365_CLIENT_ID": "c", "VOORTGANG_M365_CLIENT_SECRET": "s"}, "mail.smtp_url", "transport graph"},
		{"onbekend transport", map[string]string{"mail": "mail:\n  from: v@example.org\n  transport: ews\n"},
			nil, "mail.transport", "kies smtp of graph"},
		{"graph-mailbox met naam", map[string]string{"mail": "mail:\n  from: v@example.org\n  transport: graph\n  mailbox: 'Voortgang <v@example.org>'\n"},
			map[string]string{"VOORTGANG_M365_TENANT_ID": "t", "VOORTGANG_M365_CLIENT_ID": "c", "VOORTGANG_M365_CLIENT_SECRET": "s"}, "mail.mailbox", "alleen het adres"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Parse([]byte(yamlWith(tt.sections)), envMap(tt.env))
			ps := problemsOf(t, err)
			for _, p := range ps {
				if p.Key == tt.key && strings.Contains(p.Msg, tt.msg) {
					if !strings.HasPrefix(p.Error(), tt.key) {
						t.Errorf("message %q does not start with the key", p.Error())
					}
					return
				}
			}
			t.Fatalf("no problem for key %q containing %q; got:\n%v", tt.key, tt.msg, err)
		})
	}
}

func TestValidationReportsEveryProblemAtOnce(t *testing.T) {
	_, err := config.Parse([]byte(yamlWith(map[string]string{
		"language":  "language: fr\n",
		"send_hour": "send_hour: \"2:15\"\n",
		"meetings":  "meetings:\n  - {date: 2027-02-04, period: 2026H7}\n",
	})), noEnv)
	ps := problemsOf(t, err)
	got := map[string]bool{}
	for _, p := range ps {
		got[p.Key] = true
	}
	for _, k := range []string{"language", "send_hour", "meetings[0].period"} {
		if !got[k] {
			t.Errorf("no problem for %s in:\n%v", k, err)
		}
	}
}

func TestProblemsNameTheLine(t *testing.T) {
	yml := "mail:\n  from: v@example.org\ncoordinators:\n  - {name: S, email: s@example.org}\nowners:\n  regio: {contacts: [{key: a, name: A, email: a@example.org}]}\nmeetings:\n  - date: 2027-02-04\n    period: 2026H5\n"
	ps := problemsOf(t, func() error { _, err := config.Parse([]byte(yml), noEnv); return err }())
	if len(ps) != 1 || ps[0].Key != "meetings[0].period" || ps[0].Line != 9 {
		t.Fatalf("got %#v, want one problem for meetings[0].period on line 9", ps)
	}
	if !strings.HasPrefix(ps[0].Error(), "meetings[0].period (regel 9): ") {
		t.Errorf("Error() = %q", ps[0].Error())
	}
}

func TestStrictYAML(t *testing.T) {
	tests := []struct {
		name string
		yml  string
		key  string
		line int
		msg  string
	}{
		{"tikfout in een sleutel", "mail:\n  from: v@example.org\n  smtp_ulr: smtp://x\n", "mail.smtp_ulr", 3, "onbekende sleutel"},
		{"onbekende sleutel bovenaan", "lanugage: nl\n", "lanugage", 1, "onbekende sleutel"},
		{"onbekende sleutel in een contactpersoon", "owners:\n  regio:\n    contacts:\n      - {key: a, name: A, email: a@example.org, telefoon: 123}\n", "owners.regio.contacts[0].telefoon", 4, "onbekende sleutel"},
		{"onbekende sleutel in een vergadering", "meetings:\n  - {date: 2027-02-04, period: 2026H2, locatie: Hilversum}\n", "meetings[0].locatie", 2, "onbekende sleutel"},
		{"geheime sleutel in het bestand", "secret_key: geheim-geheim-geheim-geheim-geheim\n", "secret_key", 1, "VOORTGANG_SECRET_KEY"},
		{"slack-token in het bestand", "slack:\n  bot_token: xoxb-123\n", "slack.bot_token", 2, "VOORTGANG_SLACK_BOT_TOKEN"},
		{"teams-webhook in het bestand", "slack:\n  teams_webhook: https://example.org/hook\n", "slack.teams_webhook", 2, "VOORTGANG_TEAMS_WEBHOOK_URL"},
		{"verkeerd type", "ladder:\n  request: twintig\n", "ladder.request", 2, "een geheel getal"},
		{"verkeerd type op een regel met meer sleutels", "ladder: {request: 20, reminders: [10, 5], escalation: twee}\n", "ladder.escalation", 1, `waarde "twee"`},
		{"bevrijdingsdag geen ja/nee", "holidays:\n  goede_vrijdag: false\n  bevrijdingsdag: misschien\n", "holidays.bevrijdingsdag", 3, "true of false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Parse([]byte(tt.yml), noEnv)
			ps := problemsOf(t, err)
			for _, p := range ps {
				if p.Key == tt.key && p.Line == tt.line && strings.Contains(p.Msg, tt.msg) {
					return
				}
			}
			t.Fatalf("no problem %s (line %d) containing %q; got:\n%v", tt.key, tt.line, tt.msg, err)
		})
	}
}

func TestStrictYAMLReportsEveryUnknownKey(t *testing.T) {
	_, err := config.Parse([]byte("foo: 1\nmail:\n  bar: 2\n"), noEnv)
	ps := problemsOf(t, err)
	if len(ps) != 2 || ps[0].Key != "foo" || ps[1].Key != "mail.bar" {
		t.Fatalf("got %v", err)
	}
}

func TestSecretInYAMLIsNotEchoed(t *testing.T) {
	_, err := config.Parse([]byte("secret_key: supergeheim-supergeheim-supergeheim\n"), noEnv)
	if err == nil || strings.Contains(err.Error(), "supergeheim") {
		t.Fatalf("error must refuse the secret without repeating it: %v", err)
	}
}

func TestEnvironmentOverrides(t *testing.T) {
	c := mustParse(t, yamlWith(nil), map[string]string{
		"VOORTGANG_LISTEN":     "0.0.0.0:9090",
		"VOORTGANG_BASE_URL":   "https://voortgang.regio.example.org",
		"VOORTGANG_DB":         "postgres://voortgang:pw@db.example.org/voortgang",
		"VOORTGANG_WORKFLOWS":  "/etc/voortgang/workflows",
		"VOORTGANG_SMTP_URL":   "smtps://u:p@mail.example.org:465",
		"VOORTGANG_FROM":       "Regio <regio@example.org>",
		"VOORTGANG_IMAP_URL":   "imaps://u:p@imap.example.org",
		"VOORTGANG_SECRET_KEY": goodKey,
	})
	checks := map[string][2]string{
		"listen":    {c.Listen, "0.0.0.0:9090"},
		"base_url":  {c.BaseURL, "https://voortgang.regio.example.org"},
		"database":  {c.Database, "postgres://voortgang:pw@db.example.org/voortgang"},
		"workflows": {c.Workflows, "/etc/voortgang/workflows"},
		"smtp_url":  {c.Mail.SMTPURL, "smtps://u:p@mail.example.org:465"},
		"from":      {c.Mail.From, "Regio <regio@example.org>"},
		"imap_url":  {c.Mail.IMAPURL, "imaps://u:p@imap.example.org"},
		"secret":    {c.SecretKey, goodKey},
	}
	for k, v := range checks {
		if v[0] != v[1] {
			t.Errorf("%s = %q, want %q", k, v[0], v[1])
		}
	}
	if c.DatabaseKind() != "postgres" {
		t.Errorf("DatabaseKind = %q", c.DatabaseKind())
	}
}

func TestEnvironmentFileVariants(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	env := map[string]string{
		"VOORTGANG_SECRET_KEY_FILE":        write("key", goodKey+"\n"),
		"VOORTGANG_SMTP_URL_FILE":          write("smtp", "smtp://u:smtp-pw@mail.example.org:587\n"),
		"VOORTGANG_IMAP_URL_FILE":          write("imap", "imaps://u:imap-pw@imap.example.org\n"),
		"VOORTGANG_DB_FILE":                write("db", "postgres://u:db-pw@db.example.org/v\n"),
		"VOORTGANG_SLACK_APP_TOKEN_FILE":   write("app", "xapp-1-abc\n"),
		"VOORTGANG_SLACK_BOT_TOKEN_FILE":   write("bot", "xoxb-1-abc\r\n"),
		"VOORTGANG_TEAMS_WEBHOOK_URL_FILE": write("teams", "https://prod.example.org/workflows/x?sig=abc\n"),
	}
	c := mustParse(t, yamlWith(nil), env)
	for got, want := range map[string]string{
		c.SecretKey:          goodKey,
		c.Mail.SMTPURL:       "smtp://u:smtp-pw@mail.example.org:587",
		c.Mail.IMAPURL:       "imaps://u:imap-pw@imap.example.org",
		c.Database:           "postgres://u:db-pw@db.example.org/v",
		c.Slack.AppToken:     "xapp-1-abc",
		c.Slack.BotToken:     "xoxb-1-abc",
		c.Slack.TeamsWebhook: "https://prod.example.org/workflows/x?sig=abc",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestEnvironmentFileProblems(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
		key  string
	}{
		{"variabele en bestand allebei", map[string]string{"VOORTGANG_SECRET_KEY": goodKey, "VOORTGANG_SECRET_KEY_FILE": empty}, "VOORTGANG_SECRET_KEY"},
		{"bestand bestaat niet", map[string]string{"VOORTGANG_SMTP_URL_FILE": filepath.Join(dir, "nope")}, "VOORTGANG_SMTP_URL_FILE"},
		{"bestand is leeg", map[string]string{"VOORTGANG_SLACK_BOT_TOKEN_FILE": empty}, "VOORTGANG_SLACK_BOT_TOKEN_FILE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Parse([]byte(yamlWith(nil)), envMap(tt.env))
			ps := problemsOf(t, err)
			if ps[0].Key != tt.key {
				t.Fatalf("got %v, want a problem for %s", err, tt.key)
			}
		})
	}
}

func TestDumpMasksEverySecret(t *testing.T) {
	secrets := []string{"smtp-geheim", "imap-geheim", "db-geheim", "sleutel-geheim", "app-geheim", "bot-geheim", "query-geheim", "teams-geheim"}
	c := mustParse(t, yamlWith(map[string]string{
		"slack": "slack: {enabled: true, coordinators_channel: C012AB3CD}\n",
	}), map[string]string{
		"VOORTGANG_SMTP_URL":          "smtps://voortgang%40regio:smtp-geheim@mail.example.org:465",
		"VOORTGANG_IMAP_URL":          "imaps://voortgang:imap-geheim@imap.example.org/INBOX",
		"VOORTGANG_DB":                "postgres://voortgang:db-geheim@db.example.org/voortgang?sslmode=require&sslpassword=query-geheim",
		"VOORTGANG_SECRET_KEY":        "sleutel-geheim-sleutel-geheim-sleutel-geheim",
		"VOORTGANG_SLACK_APP_TOKEN":   "xapp-app-geheim",
		"VOORTGANG_SLACK_BOT_TOKEN":   "xoxb-bot-geheim",
		"VOORTGANG_TEAMS_WEBHOOK_URL": "https://prod.example.org/workflows/teams-geheim?sig=teams-geheim",
	})
	out := c.Dump()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("Dump contains secret %q:\n%s", s, out)
		}
	}
	for _, want := range []string{
		"smtp_url: smtps://voortgang%40regio:****@mail.example.org:465",
		"imap_url: imaps://voortgang:****@imap.example.org/INBOX",
		"secret_key: '****'",
		"app_token: '****'",
		"bot_token: '****'",
		"teams_webhook: '****'",
		"sslmode=require",
		"# Uit de omgeving: VOORTGANG_DB, VOORTGANG_SMTP_URL, VOORTGANG_IMAP_URL, VOORTGANG_SECRET_KEY, VOORTGANG_SLACK_APP_TOKEN, VOORTGANG_SLACK_BOT_TOKEN, VOORTGANG_TEAMS_WEBHOOK_URL",
		"# deadline do 2027-01-14",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Dump lacks %q:\n%s", want, out)
		}
	}
	// The configuration itself keeps the real values.
	if !strings.Contains(c.Mail.SMTPURL, "smtp-geheim") {
		t.Errorf("Dump changed the configuration: %q", c.Mail.SMTPURL)
	}
}

func TestDumpCanBeLoadedAgain(t *testing.T) {
	c := mustParse(t, yamlWith(map[string]string{
		"holidays": "holidays: {extra_closed_days: [2026-12-31, {date: 2027-05-07, name: Brugdag}]}\n",
	}), nil)
	again := mustParse(t, c.Dump(), nil)
	if again.Dump() != c.Dump() {
		t.Fatalf("dump of the dump differs:\n%s\n---\n%s", c.Dump(), again.Dump())
	}
}

func TestOIDC(t *testing.T) {
	issuer := "https://login.microsoftonline.com/regio-tenant/v2.0"
	secretFile := t.TempDir() + "/oidc-secret"
	os.WriteFile(secretFile, []byte("client-geheim-uit-een-bestand\n"), 0o600)
	c := mustParse(t, yamlWith(nil), map[string]string{
		config.EnvOIDCIssuer: issuer, config.EnvOIDCClientID: "app-123", config.EnvOIDCSecret + "_FILE": secretFile,
	})
	if c.OIDC.Issuer != issuer || c.OIDC.ClientID != "app-123" || c.OIDC.ClientSecret != "client-geheim-uit-een-bestand" {
		t.Errorf("OIDC = %+v", c.OIDC)
	}
	if d := c.Dump(); strings.Contains(d, "client-geheim") || !strings.Contains(d, "app-123") {
		t.Errorf("dump shows the secret or hides the client id:\n%s", d)
	}
	_, err := config.Parse([]byte(yamlWith(nil)), envMap(map[string]string{config.EnvOIDCIssuer: issuer}))
	msg := problemsOf(t, err).Error()
	for _, want := range []string{"oidc.client_id", "oidc.client_secret"} {
		if !strings.Contains(msg, want) {
			t.Errorf("problems %q lack %s", msg, want)
		}
	}
	_, err = config.Parse([]byte(yamlWith(nil)), envMap(map[string]string{config.EnvOIDCIssuer: "http://idp.example.org", config.EnvOIDCClientID: "x", config.EnvOIDCSecret: "y"}))
	if msg := problemsOf(t, err).Error(); !strings.Contains(msg, "oidc.issuer") {
		t.Errorf("plain-http issuer accepted: %q", msg)
	}
}

func TestMicrosoft365(t *testing.T) {
	dir := t.TempDir()
	certFile := dir + "/app.pem"
	os.WriteFile(certFile, []byte("-----BEGIN CERTIFICATE-----\ncert-geheim\n-----END CERTIFICATE-----\n"), 0o600)
	c := mustParse(t, yamlWith(map[string]string{
		"mail": "mail:\n  from: 'Voortgang <voortgang@regio.example.org>'\n  reply_to: voortgang@regio.example.org\n  transport: graph\n",
	}), map[string]string{
		config.EnvM365TenantID: "tenant-1", config.EnvM365ClientID: "app-1", config.EnvM365Certificate + "_FILE": certFile,
	})
	if !c.Mail.UsesGraph() || !c.Mail.ReadsGraph() || c.Mail.GraphMailbox() != "voortgang@regio.example.org" {
		t.Errorf("graph = %v/%v, mailbox %q", c.Mail.UsesGraph(), c.Mail.ReadsGraph(), c.Mail.GraphMailbox())
	}
	if c.Mail.OAuth2.TenantID != "tenant-1" || c.Mail.OAuth2.ClientID != "app-1" || !strings.Contains(c.Mail.OAuth2.Certificate, "cert-geheim") {
		t.Errorf("oauth2 = %+v", c.Mail.OAuth2)
	}
	out := c.Dump()
	if strings.Contains(out, "cert-geheim") || !strings.Contains(out, "certificate: '****'") {
		t.Errorf("Dump does not mask the certificate:\n%s", out)
	}

	c = mustParse(t, yamlWith(map[string]string{
		"mail": "mail:\n  from: voortgang@regio.example.org\n  reply_to: voortgang@regio.example.org\n" +
			"  smtp_url: smtp+xoauth2://voortgang%40regio.example.org@smtp.office365.com:587\n" +
			"  imap_url: imaps+xoauth2://voortgang%40regio.example.org@outlook.office365.com/INBOX\n" +
			"  oauth2: {tenant_id: tenant-1, client_id: app-1}\n",
	}), map[string]string{config.EnvM365Secret: "secret-geheim"})
	if !config.IsXOAUTH2(c.Mail.SMTPURL) || !config.IsXOAUTH2(c.Mail.IMAPURL) || c.Mail.UsesGraph() {
		t.Errorf("xoauth2 not recognised: %q %q", c.Mail.SMTPURL, c.Mail.IMAPURL)
	}
	if out := c.Dump(); strings.Contains(out, "secret-geheim") || !strings.Contains(out, "client_secret: '****'") {
		t.Errorf("Dump does not mask the client secret:\n%s", out)
	}
}

// The explicit keys smtp_auth / imap_auth do what the +xoauth2 schemes do.
func TestXOAUTH2ByExplicitKeys(t *testing.T) {
	env := map[string]string{config.EnvM365TenantID: "t", config.EnvM365ClientID: "c", config.EnvM365Secret: "s"}
	c := mustParse(t, yamlWith(map[string]string{
		"mail": "mail:\n  from: voortgang@regio.example.org\n  reply_to: voortgang@regio.example.org\n" +
			"  smtp_url: smtp://voortgang%40regio.example.org@smtp.office365.com:587\n  smtp_auth: xoauth2\n" +
			"  imap_url: imaps://voortgang%40regio.example.org@outlook.office365.com/INBOX\n  imap_auth: xoauth2\n",
	}), env)
	if got := c.Mail.SMTPServer(); got != "smtp+xoauth2://voortgang%40regio.example.org@smtp.office365.com:587" {
		t.Errorf("SMTPServer = %q", got)
	}
	if got := c.Mail.IMAPServer(); got != "imaps+xoauth2://voortgang%40regio.example.org@outlook.office365.com/INBOX" {
		t.Errorf("IMAPServer = %q", got)
	}
	_, err := config.Parse([]byte(yamlWith(map[string]string{
		"mail": "mail:\n  from: v@example.org\n  smtp_url: smtp://v:geheim@smtp.office365.com:587\n  smtp_auth: xoauth2\n  imap_auth: oauth\n",
	})), envMap(env))
	for _, want := range []string{"mail.smtp_url", "heeft geen wachtwoord", "mail.imap_auth", "kies password of xoauth2"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	if err != nil && strings.Contains(err.Error(), "geheim") {
		t.Errorf("error shows the password: %v", err)
	}
}
