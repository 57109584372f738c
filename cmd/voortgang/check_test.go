package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/m365"
	"github.com/regiogv/voortgang/internal/m365/m365test"
	"github.com/regiogv/voortgang/internal/testsupport"
)

// checkEnv is the example configuration on a fresh SQLite file.
func checkEnv(t *testing.T, extra map[string]string) map[string]string {
	t.Helper()
	env := map[string]string{
		"VOORTGANG_CONFIG":    "../../config/voortgang.example.yaml",
		"VOORTGANG_WORKFLOWS": "../../workflows",
		"VOORTGANG_DB":        filepath.Join(t.TempDir(), "voortgang.db"),
	}
	for k, v := range extra {
		env[k] = v
	}
	return env
}

func TestCheckCommandSendsTestMessage(t *testing.T) {
	smtp := testsupport.NewSMTPServer(t)
	code, out, errs := runCmd(t, checkEnv(t, map[string]string{"VOORTGANG_SMTP_URL": smtp.URL()}), "check", "--to", "beheer@regio.example.org")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "ok    mail versturen    SMTP "+smtp.Addr+": testbericht verstuurd aan beheer@regio.example.org") ||
		!strings.Contains(out, "ok    database") || !strings.Contains(out, "—     Slack             niet ingesteld") {
		t.Errorf("output:\n%s", out)
	}
	if m := smtp.Mails(); len(m) != 1 || m[0].To[0] != "beheer@regio.example.org" {
		t.Errorf("mails = %+v", m)
	}
}

// Microsoft Graph configured from the file and the environment, as an operator would.
func TestCheckCommandGraph(t *testing.T) {
	const box = "voortgang@regio.example.org"
	tokens := m365test.NewTokenServer(t, "app-1", "client-geheim", box)
	g := m365test.NewGraphServer(t, tokens, box)
	src, err := os.ReadFile("../../config/voortgang.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg := strings.Replace(string(src), "  imap_poll: 2m\n", "  imap_poll: 2m\n  transport: graph\n  oauth2: {token_url: '"+tokens.URL+"', graph_url: '"+g.URL+"'}\n", 1)
	path := filepath.Join(t.TempDir(), "voortgang.yaml")
	os.WriteFile(path, []byte(cfg), 0o644)
	secret := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(secret, []byte("client-geheim\n"), 0o600)
	env := checkEnv(t, map[string]string{"VOORTGANG_CONFIG": path, "VOORTGANG_M365_TENANT_ID": "tenant-1",
		"VOORTGANG_M365_CLIENT_ID": "app-1", "VOORTGANG_M365_CLIENT_SECRET_FILE": secret})

	code, out, errs := runCmd(t, env, "check")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s (graph problems %v)", code, out, errs, g.Problems())
	}
	for _, want := range []string{
		"ok    mail versturen    Microsoft Graph (" + box + "): verbonden en aangemeld (geef --to ADRES om een testbericht te sturen)",
		"ok    antwoorden lezen  Microsoft Graph (" + box + "): aangemeld, 0 bericht(en) wachten",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if len(g.Sent()) != 0 {
		t.Error("a message was sent without --to")
	}
	if _, ok := g.Folder("Verwerkt"); !ok {
		t.Error("the processed folder was not created")
	}
	if n := tokens.Requests(); n != 1 {
		t.Errorf("%d token requests, want 1 (sender and reader share it)", n)
	}
}

func TestCheckCommandFailsWithAdvice(t *testing.T) {
	tokens := m365test.NewTokenServer(t, "app-1", "client-geheim", "voortgang@regio.example.org")
	smtp := testsupport.NewSMTPServer(t)
	smtp.RequireXOAUTH2(func(user, token string) error {
		if !tokens.Valid(token, m365.ScopeOutlook) {
			return errors.New("invalid token")
		}
		return nil
	})
	src, _ := os.ReadFile("../../config/voortgang.example.yaml")
	cfg := strings.Replace(string(src), "language: nl", "language: en", 1)
	cfg = strings.Replace(cfg, "  imap_poll: 2m\n", "  imap_poll: 2m\n  oauth2: {token_url: '"+tokens.URL+"'}\n", 1)
	path := filepath.Join(t.TempDir(), "voortgang.yaml")
	os.WriteFile(path, []byte(cfg), 0o644)
	env := checkEnv(t, map[string]string{"VOORTGANG_CONFIG": path,
		"VOORTGANG_SMTP_URL":       "smtp+xoauth2://voortgang%40regio.example.org@" + smtp.Addr,
		"VOORTGANG_M365_TENANT_ID": "tenant-1", "VOORTGANG_M365_CLIENT_ID": "app-2", "VOORTGANG_M365_CLIENT_SECRET": "client-geheim"})
	code, out, _ := runCmd(t, env, "check", "--to", "beheer@regio.example.org")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	if !strings.Contains(out, "FAIL  sending mail") || !strings.Contains(out, "→ the app is unknown in this tenant: check VOORTGANG_M365_CLIENT_ID") {
		t.Errorf("output:\n%s", out)
	}
	if strings.Contains(out, "client-geheim") {
		t.Errorf("output shows the secret:\n%s", out)
	}
	if len(smtp.Mails()) != 0 {
		t.Error("a message went through without a token")
	}
}
