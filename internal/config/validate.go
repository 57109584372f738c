package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/regiogv/voortgang/internal/workdays"
)

var (
	keyRE      = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	slackIDRE  = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)
	channelRE  = regexp.MustCompile(`^[CG][A-Z0-9]{2,}$`)
	sendHourRE = regexp.MustCompile(`^(\d{1,2}):(\d{2})$`)
)

// minSecretKeyLen is the shortest secret key accepted, in bytes.
const minSecretKeyLen = 32

// lineOf is the line of key in the file, or 0.
func (c *Config) lineOf(key string) int {
	if c.keys == nil {
		return 0
	}
	return c.keys.lines[key]
}

// validator collects problems; each names its key and, when known, its line.
type validator struct {
	c     *Config
	probs Problems
}

func (v *validator) add(key, format string, args ...any) {
	v.probs = append(v.probs, Problem{Key: key, Line: v.c.lineOf(key), Msg: fmt.Sprintf(format, args...)})
}

// Validate checks every setting and the combinations between them, and prepares the parsed
// values (location, calendar, send hour, meeting dates). It returns Problems listing all
// problems, or nil. Load calls it; call it again only after changing fields.
func (c *Config) Validate() error {
	if c.keys == nil {
		c.keys = newKeyIndex()
	}
	v := &validator{c: c}
	v.general()
	v.mail()
	v.schedule()
	v.people()
	v.meetings()
	v.slack()
	v.oidc()
	v.ops()
	if len(v.probs) > 0 {
		return v.probs
	}
	return nil
}

func (v *validator) general() {
	c := v.c
	if c.Language != "nl" && c.Language != "en" {
		v.add("language", "%q wordt niet ondersteund (kies nl of en)", c.Language)
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "" {
		v.add("timezone", "%q is geen bekende tijdzone (bijvoorbeeld Europe/Amsterdam)", c.Timezone)
		loc, _ = time.LoadLocation(workdays.DefaultTimezone)
	}
	c.loc = loc

	if host, port, err := net.SplitHostPort(c.Listen); err != nil {
		v.add("listen", "%q is geen adres met poort (bijvoorbeeld 127.0.0.1:8080)", c.Listen)
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		v.add("listen", "poort %q is ongeldig", port)
	} else {
		_ = host // empty host means every interface, which is allowed
	}

	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.add("base_url", "%q is geen absolute http(s)-URL (bijvoorbeeld https://voortgang.regio.example.org)", c.BaseURL)
	} else if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		v.add("base_url", "%q mag geen gebruikersnaam, query of fragment bevatten", redactURL(c.BaseURL))
	}

	switch db := strings.TrimSpace(c.Database); {
	case db == "":
		v.add("database", "leeg: geef een SQLite-pad (data/voortgang.db) of een postgres://-URL")
	case isPostgresURL(db):
		if u, err := url.Parse(db); err != nil {
			v.add("database", "%s is geen geldige URL", redactURL(db))
		} else if u.Host == "" && u.Query().Get("host") == "" {
			v.add("database", "%s noemt geen server", redactURL(db))
		}
	case strings.Contains(db, "://"):
		scheme, _, _ := strings.Cut(db, "://")
		v.add("database", "schema %q wordt niet ondersteund (gebruik een SQLite-pad of postgres://…)", scheme)
	case strings.Contains(db, "host=") || strings.Contains(db, "dbname="):
		v.add("database", "gebruik voor PostgreSQL een postgres://-URL, geen key=value-tekst")
	}

	if strings.TrimSpace(c.Workflows) == "" {
		v.add("workflows", "leeg: geef de map of het bestand met de werkprogramma's")
	}

	for _, ref := range []struct{ key, path, ext string }{
		{"report.reference_docx", c.Report.ReferenceDocx, ".docx"},
		{"report.reference_odt", c.Report.ReferenceODT, ".odt"},
	} {
		switch {
		case ref.path == "":
		case !strings.EqualFold(filepath.Ext(ref.path), ref.ext):
			v.add(ref.key, "%q is geen %s-bestand", ref.path, ref.ext)
		default:
			if st, err := os.Stat(ref.path); err != nil || st.IsDir() {
				v.add(ref.key, "%q is niet te lezen: geef het pad van het huisstijlsjabloon (%s)", ref.path, ref.ext)
			}
		}
	}

	if c.SecretKey != "" && len(c.SecretKey) < minSecretKeyLen {
		v.add("secret_key", "te kort: %d bytes, minstens %d nodig (%s)", len(c.SecretKey), minSecretKeyLen, EnvSecretKey)
	}
}

func (v *validator) mail() {
	m := &v.c.Mail
	switch m.Transport {
	case "", TransportSMTP, TransportGraph:
	default:
		v.add("mail.transport", "%q wordt niet ondersteund (kies smtp of graph)", m.Transport)
	}
	for key, auth := range map[string]string{"mail.smtp_auth": m.SMTPAuth, "mail.imap_auth": m.IMAPAuth} {
		if auth != "" && auth != "password" && auth != AuthXOAUTH2 {
			v.add(key, "%q wordt niet ondersteund (kies password of xoauth2)", auth)
		}
	}
	if m.UsesGraph() {
		v.graph()
	} else if m.SMTPURL == "" {
		if strings.TrimSpace(m.CatcherDir) == "" {
			v.add("mail.catcher_dir", "leeg terwijl smtp_url leeg is: geef een map voor de lokale mailopvang")
		}
	} else {
		v.checkServerURL("mail.smtp_url", m.SMTPServer(), "smtp", "smtps", "smtp+xoauth2", "smtps+xoauth2")
	}

	if strings.TrimSpace(m.From) == "" {
		v.add("mail.from", "leeg: geef een afzender, bijvoorbeeld \"Voortgang <voortgang@regio.example.org>\"")
	} else if _, err := mail.ParseAddress(m.From); err != nil {
		v.add("mail.from", "%q is geen geldig e-mailadres", m.From)
	}

	if m.ReplyTo != "" {
		if a, err := mail.ParseAddress(m.ReplyTo); err != nil {
			v.add("mail.reply_to", "%q is geen geldig e-mailadres", m.ReplyTo)
		} else if local, _, _ := strings.Cut(a.Address, "@"); strings.Contains(local, "+") {
			v.add("mail.reply_to", "%q bevat al een +: voortgang voegt zelf +TOKEN toe", m.ReplyTo)
		}
	}

	poll, err := time.ParseDuration(m.IMAPPoll)
	switch {
	case err != nil:
		v.add("mail.imap_poll", "%q is geen geldige duur (bijvoorbeeld 2m of 90s)", m.IMAPPoll)
	case poll < 10*time.Second:
		v.add("mail.imap_poll", "%s is te kort: minstens 10s", poll)
	default:
		m.imapPoll = poll
	}

	if IsXOAUTH2(m.SMTPServer()) || IsXOAUTH2(m.IMAPServer()) || m.UsesGraph() || m.OAuth2.Configured() {
		v.oauth2()
	}
	if m.IMAPURL != "" || m.ReadsGraph() {
		if m.IMAPURL != "" {
			v.checkServerURL("mail.imap_url", m.IMAPServer(), "imap", "imaps", "imap+xoauth2", "imaps+xoauth2")
		}
		if m.ReplyTo == "" {
			v.add("mail.reply_to", "leeg terwijl imap_url gezet is: antwoorden kunnen dan niet aan een uitvraag gekoppeld worden")
		}
		if strings.TrimSpace(m.IMAPProcessedFolder) == "" {
			v.add("mail.imap_processed_folder", "leeg: geef de map voor verwerkte mail")
		}
		if strings.TrimSpace(m.IMAPQuarantineFolder) == "" {
			v.add("mail.imap_quarantine_folder", "leeg: geef de map voor mail die niet verwerkt kon worden")
		}
		if m.IMAPProcessedFolder != "" && m.IMAPProcessedFolder == m.IMAPQuarantineFolder {
			v.add("mail.imap_quarantine_folder", "moet een andere map zijn dan imap_processed_folder")
		}
	}
}

// graph checks the Microsoft Graph transport: it replaces smtp_url and imap_url.
func (v *validator) graph() {
	m := &v.c.Mail
	if m.SMTPURL != "" {
		v.add("mail.smtp_url", "gezet terwijl transport graph is: Graph verstuurt de mail; laat smtp_url leeg")
	}
	if m.IMAPURL != "" {
		v.add("mail.imap_url", "gezet terwijl transport graph is: Graph leest de antwoorden; laat imap_url leeg")
	}
	if mb := m.GraphMailbox(); mb == "" {
		v.add("mail.mailbox", "leeg: geef het adres van de gedeelde mailbox (of een geldige mail.from)")
	} else if a, err := mail.ParseAddress(mb); err != nil || a.Address != mb {
		v.add("mail.mailbox", "%q is geen e-mailadres (alleen het adres, zonder naam)", mb)
	}
	if strings.Contains(m.GraphFolder, "/") {
		v.add("mail.graph_folder", "%q: geef één map (een naam op het hoogste niveau, of inbox)", m.GraphFolder)
	}
	if m.OAuth2.GraphURL != "" {
		if u, err := url.Parse(m.OAuth2.GraphURL); err != nil || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopbackHost(u.Hostname()))) {
			v.add("mail.oauth2.graph_url", "%q is geen https-URL", m.OAuth2.GraphURL)
		}
	}
}

// oauth2 checks the app registration that XOAUTH2 and Graph need.
func (v *validator) oauth2() {
	o := &v.c.Mail.OAuth2
	if strings.TrimSpace(o.TenantID) == "" && o.TokenURL == "" {
		v.add("mail.oauth2.tenant_id", "leeg: geef de directory-id (tenant-id) van Entra ID (%s)", EnvM365TenantID)
	}
	if strings.TrimSpace(o.ClientID) == "" {
		v.add("mail.oauth2.client_id", "leeg: geef de toepassings-id (client-id) van de app-registratie (%s)", EnvM365ClientID)
	}
	switch {
	case o.ClientSecret == "" && o.Certificate == "":
		v.add("mail.oauth2", "geen geheim: zet %s_FILE (certificaat en sleutel in PEM) of %s in de omgeving", EnvM365Certificate, EnvM365Secret)
	case o.ClientSecret != "" && o.Certificate != "":
		v.add("mail.oauth2", "zet %s of %s, niet allebei", EnvM365Secret, EnvM365Certificate)
	}
	if o.TokenURL != "" {
		if u, err := url.Parse(o.TokenURL); err != nil || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopbackHost(u.Hostname()))) {
			v.add("mail.oauth2.token_url", "%q is geen https-URL", o.TokenURL)
		}
	}
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkServerURL checks a mail server URL without ever repeating its password.
func (v *validator) checkServerURL(key, raw string, schemes ...string) {
	u, err := url.Parse(raw)
	if err != nil {
		v.add(key, "geen geldige URL (verwacht %s://gebruiker:wachtwoord@server:poort)", schemes[0])
		return
	}
	if !slices.Contains(schemes, u.Scheme) {
		v.add(key, "schema %q wordt niet ondersteund (kies %s of %s)", u.Scheme, strings.Join(schemes[:len(schemes)-1], ", "), schemes[len(schemes)-1])
		return
	}
	if u.Hostname() == "" {
		v.add(key, "%s noemt geen server", redactURL(raw))
		return
	}
	if strings.HasSuffix(u.Scheme, "+xoauth2") {
		if u.User == nil || u.User.Username() == "" {
			v.add(key, "%s noemt geen mailbox: %s://mailbox@server", redactURL(raw), u.Scheme)
		} else if _, has := u.User.Password(); has {
			v.add(key, "een %s-adres heeft geen wachtwoord: het token komt van de app-registratie (mail.oauth2)", u.Scheme)
		}
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			v.add(key, "poort %q is ongeldig", p)
		}
	}
}

func (v *validator) schedule() {
	c := v.c
	if m := sendHourRE.FindStringSubmatch(c.SendHour); m == nil {
		v.add("send_hour", "%q is geen tijd (verwacht UU:MM, bijvoorbeeld \"09:00\")", c.SendHour)
	} else {
		h, _ := strconv.Atoi(m[1])
		mi, _ := strconv.Atoi(m[2])
		switch {
		case h > 23 || mi > 59:
			v.add("send_hour", "%q is geen tijd (verwacht UU:MM, bijvoorbeeld \"09:00\")", c.SendHour)
		case h == 2:
			v.add("send_hour", "%q valt tussen 02:00 en 03:00, waar de zomertijdwissel een uur overslaat of herhaalt; kies een ander tijdstip", c.SendHour)
		default:
			c.sendHour, c.sendMin = h, mi
		}
	}

	opts := workdays.Options{Location: c.loc, GoodFriday: c.Holidays.GoodFriday, LiberationDay: c.Holidays.LiberationDay}
	seen := map[string]bool{}
	for i := range c.Holidays.ExtraClosedDays {
		d := &c.Holidays.ExtraClosedDays[i]
		key := fmt.Sprintf("holidays.extra_closed_days[%d]", i)
		t, err := parseDate(d.Date)
		if err != nil {
			v.add(key, "%v", err)
			continue
		}
		if seen[d.Date] {
			v.add(key, "%s staat er twee keer in", d.Date)
		}
		seen[d.Date] = true
		d.date = t
		opts.ExtraClosed = append(opts.ExtraClosed, workdays.ClosedDay{Date: t, Name: d.Name})
	}
	c.cal = workdays.New(opts)

	l := c.Ladder
	if l.Request < 1 {
		v.add("ladder.request", "%d: de uitvraag moet minstens 1 werkdag voor de deadline gaan", l.Request)
	}
	prev, prevKey := l.Request, "ladder.request"
	for i, r := range l.Reminders {
		key := fmt.Sprintf("ladder.reminders[%d]", i)
		if r >= prev {
			v.add(key, "%d moet kleiner zijn dan %s (%d): herinneringen volgen na de uitvraag en na elkaar", r, prevKey, prev)
		}
		prev, prevKey = r, key
	}
	if l.Escalation >= prev {
		v.add("ladder.escalation", "%d moet kleiner zijn dan %s (%d): de escalatie volgt na de herinneringen", l.Escalation, prevKey, prev)
	}
	if l.Escalation < 0 {
		v.add("ladder.escalation", "%d: mag niet negatief zijn", l.Escalation)
	}
	if l.Summary < 0 {
		v.add("ladder.summary", "%d: mag niet negatief zijn (0 is op de deadline)", l.Summary)
	} else if l.Summary > l.Escalation {
		v.add("ladder.summary", "%d moet kleiner of gelijk zijn aan ladder.escalation (%d)", l.Summary, l.Escalation)
	}

	if c.MaxObsoleteShare <= 0 || c.MaxObsoleteShare > 1 {
		v.add("max_obsolete_share", "%v: geef een aandeel groter dan 0 en hoogstens 1 (0.2 is een vijfde)", c.MaxObsoleteShare)
	}

	if strings.TrimSpace(c.Digest) == "" {
		v.add("digest", "leeg: geef een cron-uitdrukking, bijvoorbeeld \"0 8 1 * *\"")
	} else if sched, err := parseCron(c.Digest); err != nil {
		v.add("digest", "%q is geen geldige cron-uitdrukking (5 velden: minuut uur dag maand weekdag): %v", c.Digest, err)
	} else if spec, ok := sched.(*cron.SpecSchedule); ok && spec.Hour&(1<<2) != 0 {
		v.add("digest", "%q draait tussen 02:00 en 03:00, waar de zomertijdwissel een uur overslaat of herhaalt; kies een ander uur", c.Digest)
	}
}

// parseCron parses a 5-field expression (with optional CRON_TZ= and descriptors such as
// @monthly) as gocron does. robfig/cron panics on some input (TZ=0): recover and report.
func parseCron(expr string) (sched cron.Schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, errors.New("onleesbaar")
		}
	}()
	return cron.ParseStandard(expr)
}

func (v *validator) people() {
	c := v.c
	c.contacts = make(map[string]*Contact)
	firstKey := make(map[string]string) // contact key → where it was first defined

	type located struct {
		path string
		ct   Contact
	}
	var all []located

	addContact := func(path string, ct *Contact, needKey bool) {
		if ct.Key == "" {
			if needKey {
				v.add(path+".key", "ontbreekt: elke contactpersoon heeft een unieke sleutel (bijvoorbeeld anna-devries)")
			}
		} else if !keyRE.MatchString(ct.Key) {
			v.add(path+".key", "%q: gebruik kleine letters, cijfers en koppeltekens", ct.Key)
		} else if prev, dup := firstKey[ct.Key]; dup {
			v.add(path+".key", "%q komt al voor bij %s", ct.Key, prev)
		} else {
			firstKey[ct.Key] = path
			c.contacts[ct.Key] = ct
		}
		if strings.TrimSpace(ct.Name) == "" {
			v.add(path+".name", "ontbreekt")
		}
		if ct.Email == "" {
			v.add(path+".email", "ontbreekt")
		} else if a, err := mail.ParseAddress(ct.Email); err != nil || a.Address != ct.Email {
			v.add(path+".email", "%q is geen geldig e-mailadres (alleen het adres, zonder naam)", ct.Email)
		}
		if ct.Slack != "" && !slackIDRE.MatchString(ct.Slack) {
			v.add(path+".slack", "%q is geen Slack-ID (begint met U of W, bijvoorbeeld U012AB3CD)", ct.Slack)
		}
		switch ct.Prefer {
		case "", "email":
		case "slack", "beide":
			if ct.Slack == "" {
				v.add(path+".prefer", "%s, maar er is geen slack-ID opgegeven", ct.Prefer)
			}
		default:
			v.add(path+".prefer", "%q: kies email, slack of beide", ct.Prefer)
		}
		all = append(all, located{path, *ct})
	}

	if len(c.Coordinators) == 0 {
		v.add("coordinators", "geen coördinatoren: er moet minstens één zijn, voor escalaties en het overzicht")
	}
	for i := range c.Coordinators {
		addContact(fmt.Sprintf("coordinators[%d]", i), &c.Coordinators[i], false)
	}

	keys := make([]string, 0, len(c.Owners))
	for k := range c.Owners {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		o := c.Owners[k]
		path := "owners." + k
		if o == nil {
			v.add(path, "leeg: geef contacts of group")
			continue
		}
		o.Key = k
		if l := c.lineOf(path); l != 0 {
			o.line = l // a Validate after Load, which forgot the lines, keeps the owner's
		}
		if !keyRE.MatchString(k) {
			v.add(path, "sleutel %q: gebruik kleine letters, cijfers en koppeltekens, zoals in de werkprogramma's", k)
		}
		for i := range o.Own {
			o.Own[i].Owner = k
			addContact(fmt.Sprintf("%s.contacts[%d]", path, i), &o.Own[i], true)
		}
		if !o.IsGroup() {
			if o.FanOut {
				v.add(path+".fan_out", "alleen zinvol bij een groep (group)")
			}
			if len(o.Own) == 0 {
				v.add(path, "geen contactpersonen: geef contacts of group")
			}
			continue
		}
		if o.FanOut && len(o.Own) > 0 {
			v.add(path+".contacts", "een groep met fan_out vraagt elk lid apart; eigen contactpersonen worden dan niet gebruikt (laat ze weg of zet fan_out: false)")
		}
		seen := map[string]bool{}
		for i, m := range o.Group {
			mkey := fmt.Sprintf("%s.group[%d]", path, i)
			mo, ok := c.Owners[m]
			switch {
			case m == k:
				v.add(mkey, "een groep kan zichzelf niet bevatten")
			case !ok || mo == nil:
				v.add(mkey, "%q is geen bekende eigenaar (voeg owners.%s toe)", m, m)
			case mo.IsGroup():
				v.add(mkey, "%q is zelf een groep; groepen in groepen worden niet ondersteund", m)
			case seen[m]:
				v.add(mkey, "%q staat er twee keer in", m)
			}
			seen[m] = true
		}
	}

	// Deputies, once every contact key is known.
	for _, l := range all {
		if l.ct.Deputy == "" {
			continue
		}
		key := l.path + ".deputy"
		switch {
		case l.ct.Deputy == l.ct.Key:
			v.add(key, "een contactpersoon kan niet zijn eigen vervanger zijn")
		case c.contacts[l.ct.Deputy] == nil:
			v.add(key, "%q is geen bekende contactpersoon (sleutel)", l.ct.Deputy)
		}
	}
}

func (v *validator) meetings() {
	c := v.c
	periods := map[Period]string{}
	for i := range c.Meetings {
		m := &c.Meetings[i]
		path := fmt.Sprintf("meetings[%d]", i)
		ok := true
		if d, err := parseDate(m.Date); err != nil {
			v.add(path+".date", "%v", err)
			ok = false
		} else {
			m.day = d
		}
		if p, err := ParsePeriod(m.Period); err != nil {
			v.add(path+".period", "%v", err)
			ok = false
		} else {
			m.period = p
			if prev, dup := periods[p]; dup {
				v.add(path+".period", "%s heeft al een vergadering (%s)", p, prev)
			}
			periods[p] = path
		}
		if m.DeadlineDate != "" && m.DeadlineOffset != "" {
			v.add(path, "geef deadline of deadline_offset, niet allebei")
			continue
		}
		if !ok {
			continue
		}
		if !m.day.After(m.period.Start()) {
			v.add(path+".date", "%s ligt niet na het begin van periode %s (%s)", m.Date, m.period, m.period.Start().Format(time.DateOnly))
		}
		dl, err := resolveDeadline(*m, c.cal)
		if err != nil {
			key := path + ".deadline_offset"
			if m.DeadlineDate != "" {
				key = path + ".deadline"
			}
			v.add(key, "%v", err)
			continue
		}
		if !dl.Before(m.day) {
			key := path + ".deadline"
			if m.DeadlineDate == "" {
				key = path + ".deadline_offset"
			}
			v.add(key, "de deadline (%s) ligt niet vóór de vergadering (%s)", dl.Format(time.DateOnly), m.Date)
			continue
		}
		m.deadline = dl
	}
}

func (v *validator) oidc() {
	o := v.c.OIDC
	if o.Issuer == "" {
		if o.ClientID != "" {
			v.add("oidc.issuer", "ontbreekt, terwijl oidc.client_id is gezet")
		}
		return
	}
	if u, err := url.Parse(o.Issuer); err != nil || u.Scheme != "https" && u.Hostname() != "localhost" && u.Hostname() != "127.0.0.1" {
		v.add("oidc.issuer", "%q is geen https-adres", o.Issuer)
	}
	if o.ClientID == "" {
		v.add("oidc.client_id", "ontbreekt (het client-ID van de registratie bij de identiteitsprovider)")
	}
	if o.ClientSecret == "" {
		v.add("oidc.client_secret", "%s (of %s_FILE) is niet gezet", EnvOIDCSecret, EnvOIDCSecret)
	}
}

func (v *validator) slack() {
	s := v.c.Slack
	if s.AppToken != "" && !strings.HasPrefix(s.AppToken, "xapp-") {
		v.add("slack.app_token", "%s begint niet met xapp-", EnvSlackAppToken)
	}
	if s.BotToken != "" && !strings.HasPrefix(s.BotToken, "xoxb-") {
		v.add("slack.bot_token", "%s begint niet met xoxb-", EnvSlackBotToken)
	}
	if s.TeamsWebhook != "" {
		if u, err := url.Parse(s.TeamsWebhook); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			v.add("slack.teams_webhook", "%s is geen http(s)-adres", EnvTeamsWebhook)
		}
	}
	if s.CoordinatorsChannel != "" && !channelRE.MatchString(s.CoordinatorsChannel) {
		v.add("slack.coordinators_channel", "%q is geen kanaal-ID (begint met C of G, bijvoorbeeld C012AB3CD)", s.CoordinatorsChannel)
	}
	if !s.Enabled {
		return
	}
	if s.AppToken == "" {
		v.add("slack.enabled", "true, maar %s (of %s_FILE) is niet gezet", EnvSlackAppToken, EnvSlackAppToken)
	}
	if s.BotToken == "" {
		v.add("slack.enabled", "true, maar %s (of %s_FILE) is niet gezet", EnvSlackBotToken, EnvSlackBotToken)
	}
	if s.CoordinatorsChannel == "" {
		v.add("slack.coordinators_channel", "leeg terwijl Slack aan staat: geef het kanaal voor escalaties")
	}
}
