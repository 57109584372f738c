package check

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/app"
	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/inbox"
	"github.com/regiogv/voortgang/internal/m365"
	"github.com/regiogv/voortgang/internal/m365/m365test"
	"github.com/regiogv/voortgang/internal/testsupport"
)

const box = "voortgang@regio.example.org"

// services are the real local servers a check talks to.
type services struct {
	tokens *m365test.TokenServer
	smtp   *testsupport.SMTPServer
	imap   *m365test.Dovecot
	slack  *httptest.Server
	teams  *httptest.Server
	oidc   *httptest.Server
	posts  int // Teams posts
}

func newServices(t *testing.T) *services {
	t.Helper()
	s := &services{tokens: m365test.NewTokenServer(t, "app-1", "client-geheim", box), smtp: testsupport.NewSMTPServer(t)}
	s.smtp.RequireXOAUTH2(func(user, token string) error {
		if user != box || !s.tokens.Valid(token, m365.ScopeOutlook) {
			return errors.New("invalid token")
		}
		return nil
	})
	s.imap = m365test.StartDovecot(t, s.tokens)
	s.slack = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		r.ParseForm()
		if r.URL.Path != "/auth.test" || (r.Header.Get("Authorization") != "Bearer xoxb-goed" && r.PostForm.Get("token") != "xoxb-goed") {
			json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": "invalid_auth"})
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "user": "voortgang", "team": "Regio GV", "user_id": "U1", "team_id": "T1"})
	}))
	t.Cleanup(s.slack.Close)
	s.teams = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			s.posts++
			w.WriteHeader(http.StatusAccepted)
			return
		}
		w.WriteHeader(http.StatusMethodNotAllowed)
	}))
	t.Cleanup(s.teams.Close)
	var issuer string
	s.oidc = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/tenant-1/v2.0/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"issuer": issuer, "authorization_endpoint": issuer + "/authorize",
			"token_endpoint": issuer + "/token", "jwks_uri": issuer + "/keys", "id_token_signing_alg_values_supported": []string{"RS256"}})
	}))
	issuer = s.oidc.URL + "/tenant-1/v2.0"
	t.Cleanup(s.oidc.Close)
	return s
}

// config is the example configuration with every connection pointed at s.
func (s *services) config(t *testing.T, env map[string]string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	base := map[string]string{
		"VOORTGANG_DB":                 dir + "/voortgang.db",
		"VOORTGANG_WORKFLOWS":          "../../workflows",
		"VOORTGANG_SMTP_URL":           "smtp+xoauth2://voortgang%40regio.example.org@" + s.smtp.Addr,
		"VOORTGANG_IMAP_URL":           "imap://voortgang%40regio.example.org@" + s.imap.Addr + "/INBOX", // imap_auth: xoauth2 below
		"VOORTGANG_M365_TENANT_ID":     "tenant-1",
		"VOORTGANG_M365_CLIENT_ID":     "app-1",
		"VOORTGANG_M365_CLIENT_SECRET": "client-geheim",
		"VOORTGANG_SLACK_APP_TOKEN":    "xapp-test",
		"VOORTGANG_SLACK_BOT_TOKEN":    "xoxb-goed",
		"VOORTGANG_TEAMS_WEBHOOK_URL":  s.teams.URL + "/workflows/hook?sig=geheim",
		"VOORTGANG_OIDC_ISSUER":        s.oidc.URL + "/tenant-1/v2.0",
		"VOORTGANG_OIDC_CLIENT_ID":     "board-app",
		"VOORTGANG_OIDC_CLIENT_SECRET": "board-geheim",
	}
	for k, v := range env {
		base[k] = v
	}
	src, err := os.ReadFile("../../config/voortgang.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfgSrc := strings.NewReplacer("  enabled: false ", "  enabled: true ",
		`  coordinators_channel: "" `, "  coordinators_channel: C012AB3CD ",
		"  imap_poll: 2m\n", "  imap_poll: 2m\n  imap_auth: xoauth2\n  oauth2: {token_url: '"+s.tokens.URL+"'}\n").Replace(string(src))
	if lang := env["language"]; lang != "" {
		cfgSrc = strings.Replace(cfgSrc, "language: nl", "language: "+lang, 1)
	}
	path := filepath.Join(dir, "voortgang.yaml")
	os.WriteFile(path, []byte(cfgSrc), 0o644)
	cfg, err := config.Load(path, func(k string) string { return base[k] })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func (s *services) options(to string) Options {
	return Options{To: to, App: app.Options{IMAPOptions: inbox.PollerOptions{InsecureLoopback: true}, SlackAPIURL: s.slack.URL + "/"},
		Clock: clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))}
}

func report(rs []Result, lang string) string {
	var b bytes.Buffer
	Print(&b, lang, rs)
	return b.String()
}

func TestCheckEverythingWorks(t *testing.T) {
	s := newServices(t)
	cfg := s.config(t, nil)
	rs := Run(context.Background(), cfg, s.options("beheer@regio.example.org"))
	out := report(rs, cfg.Language)
	if AnyFailed(rs) {
		t.Fatalf("a check failed:\n%s", out)
	}
	for _, want := range []string{
		"ok    database ",
		"ok    mail versturen    SMTP " + s.smtp.Addr + ", XOAUTH2: testbericht verstuurd aan beheer@regio.example.org",
		"ok    antwoorden lezen  IMAP " + s.imap.Addr + "/INBOX: aangemeld, 0 bericht(en) wachten; mappen Verwerkt en Quarantaine aanwezig",
		"ok    Slack             auth.test: verbonden als voortgang in Regio GV",
		"ok    Teams             webhook bij " + strings.TrimPrefix(s.teams.URL, "http://") + " bereikbaar",
		"ok    inloggen (OIDC)   discovery gelukt",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	mails := s.smtp.Mails()
	if len(mails) != 1 || mails[0].To[0] != "beheer@regio.example.org" || !bytes.Contains(mails[0].Data, []byte("Testbericht van voortgang check")) {
		t.Errorf("test message: %+v", mails)
	}
	if s.posts != 0 {
		t.Error("the Teams webhook was posted to without --teams")
	}
	if strings.Contains(out, "client-geheim") || strings.Contains(out, "sig=geheim") {
		t.Errorf("report shows a secret:\n%s", out)
	}
}

func TestCheckReportsWhatToChange(t *testing.T) {
	s := newServices(t)
	cfg := s.config(t, map[string]string{
		"VOORTGANG_M365_CLIENT_SECRET": "verlopen-geheim",
		"VOORTGANG_SLACK_BOT_TOKEN":    "xoxb-ingetrokken",
		"VOORTGANG_TEAMS_WEBHOOK_URL":  "http://127.0.0.1:1/workflows/weg?sig=geheim",
		"VOORTGANG_OIDC_ISSUER":        s.oidc.URL + "/andere-tenant/v2.0",
	})
	rs := Run(context.Background(), cfg, s.options(""))
	out := report(rs, cfg.Language)
	t.Logf("report:\n%s", out)
	if !AnyFailed(rs) {
		t.Fatalf("nothing failed:\n%s", out)
	}
	for _, want := range []string{
		"FOUT  mail versturen",
		"invalid_client",
		"→ het client secret of certificaat wordt geweigerd",
		"FOUT  antwoorden lezen",
		"FOUT  Slack             auth.test: invalid_auth",
		"→ controleer VOORTGANG_SLACK_BOT_TOKEN",
		"FOUT  Teams",
		"→ controleer of deze server naar buiten mag",
		"FOUT  inloggen (OIDC)",
		"ok    database",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "verlopen-geheim") || strings.Contains(out, "sig=geheim") {
		t.Errorf("report shows a secret:\n%s", out)
	}
}

func TestCheckGraphInEnglish(t *testing.T) {
	s := newServices(t)
	g := m365test.NewGraphServer(t, s.tokens, box)
	cfg := s.config(t, map[string]string{"VOORTGANG_SMTP_URL": "", "VOORTGANG_IMAP_URL": "", "language": "en"})
	cfg.Mail.Transport = config.TransportGraph
	cfg.Mail.OAuth2.GraphURL = g.URL
	cfg.Slack.Enabled, cfg.Slack.TeamsWebhook, cfg.OIDC = false, "", config.OIDC{}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	o := s.options("beheer@regio.example.org")
	o.PostTeams = true
	rs := Run(context.Background(), cfg, o)
	out := report(rs, "en")
	if AnyFailed(rs) {
		t.Fatalf("a check failed:\n%s (graph problems %v)", out, g.Problems())
	}
	for _, want := range []string{
		"ok    sending mail     Microsoft Graph (" + box + "): test message sent to beheer@regio.example.org",
		"ok    reading replies  Microsoft Graph (" + box + "): signed in, 0 message(s) waiting; folders Verwerkt and Quarantaine present",
		"—     Slack            not configured",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if sent := g.Sent(); len(sent) != 1 || !bytes.Contains(sent[0], []byte("Test message from voortgang check")) {
		t.Errorf("Graph sent %d messages", len(sent))
	}

	// Without Mail.Send granted, Graph answers 403: the fix names the permission.
	g.FailSends(http.StatusForbidden)
	rs = Run(context.Background(), cfg, o)
	if out := report(rs, "en"); !strings.Contains(out, "→ grant the app the application permission Mail.Send") {
		t.Errorf("403 without the permission hint:\n%s", out)
	}
}

// TestCheckWithoutClock: a missing clock is a failed check naming it, not the wall clock.
func TestCheckWithoutClock(t *testing.T) {
	rs := Run(context.Background(), &config.Config{}, Options{})
	if len(rs) != 1 || rs[0].Status != Failed || !strings.Contains(rs[0].Detail, "Clock ontbreekt") {
		t.Fatalf("Run without a clock = %+v, want one failure naming the clock", rs)
	}
}
