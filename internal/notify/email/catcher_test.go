package email

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// setupCatcher returns a catcher on a fresh directory with a clock that
// advances a minute per message, and a server with the handler mounted the
// way the daemon mounts it.
func setupCatcher(t *testing.T) (*Catcher, *httptest.Server) {
	t.Helper()
	now := time.Date(2027, 1, 11, 8, 0, 0, 0, time.UTC)
	c, err := NewCatcher(filepath.Join(t.TempDir(), "mail"), func() time.Time {
		now = now.Add(time.Minute)
		return now
	})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/dev/mail/", CatcherHandler(c.Dir(), "nl"))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return c, srv
}

func catch(t *testing.T, c *Catcher, m Message) {
	t.Helper()
	if err := c.Send(context.Background(), m, mustCompose(t, m)); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func emlFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestCatcherKeepsOneFilePerMessage(t *testing.T) {
	c, _ := setupCatcher(t)
	first := testMessage("uitvraag/2026H2/anna", "Uitvraag")
	catch(t, c, first)
	catch(t, c, testMessage("uitvraag/2026H2/mark", "Uitvraag Mark"))
	retry := first
	retry.Subject = "Uitvraag (opnieuw)"
	catch(t, c, retry) // the same outbox row delivered again

	names := emlFiles(t, c.Dir())
	if len(names) != 2 {
		t.Fatalf("files = %v, want 2 (no temporary files, no duplicate)", names)
	}
	for _, n := range names {
		if !caughtName.MatchString(n) {
			t.Errorf("file name %q does not look like <timestamp>-<hash>.eml", n)
		}
	}
	b, err := os.ReadFile(filepath.Join(c.Dir(), names[0]))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Subject: Uitvraag (opnieuw)") {
		t.Errorf("the first file should hold the latest delivery of its message:\n%s", b)
	}
}

func TestCatcherHandlerListsNewestFirst(t *testing.T) {
	c, srv := setupCatcher(t)
	catch(t, c, testMessage("a", "Eerste uitvraag"))
	catch(t, c, testMessage("b", "Tweede herinnering"))

	code, body := get(t, srv.URL+"/dev/mail/")
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	first, second := strings.Index(body, "Tweede herinnering"), strings.Index(body, "Eerste uitvraag")
	if first < 0 || second < 0 || first > second {
		t.Errorf("want the newest message first:\n%s", body)
	}
	for _, want := range []string{`lang="nl"`, "Onderschepte e-mail", "Anna de Vries &lt;anna@hilversum.nl&gt;", "1 december 2026 om 10:00"} {
		if !strings.Contains(body, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	links := regexp.MustCompile(`href="(m/[^"]+)"`).FindAllStringSubmatch(body, -1)
	if len(links) != 2 {
		t.Fatalf("links = %v", links)
	}
	// Relative links resolve below the mount point.
	code, show := get(t, srv.URL+"/dev/mail/"+links[0][1])
	if code != http.StatusOK || !strings.Contains(show, "<h1>Tweede herinnering</h1>") {
		t.Errorf("following the first link: %d\n%s", code, show)
	}
}

func TestCatcherHandlerShowsMessage(t *testing.T) {
	c, srv := setupCatcher(t)
	m := testMessage("uitvraag/2026H2/anna", "Uitvraag voortgang tweede helft 2026 – graag vóór 1 februari 2027 [vg:AbC123]")
	m.Text = "Beste Anna,\n\nHet formulier: https://voortgang.example/antwoord/AbC123?x=1&y=2.\n"
	m.HTML = `<p>Beste Anna,</p><p><a href="https://voortgang.example/antwoord/AbC123">Naar het formulier</a></p>`
	catch(t, c, m)
	name := emlFiles(t, c.Dir())[0]

	code, body := get(t, srv.URL+"/dev/mail/m/"+name)
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	for _, want := range []string{
		"<h1>Uitvraag voortgang tweede helft 2026 – graag vóór 1 februari 2027 [vg:AbC123]</h1>",
		`<a href="https://voortgang.example/antwoord/AbC123?x=1&amp;y=2" target="_blank" rel="noopener noreferrer">`,
		`</a>.`, // the full stop stays outside the link
		`<iframe sandbox="allow-popups allow-popups-to-escape-sandbox"`,
		`srcdoc="&lt;base target=&#34;_blank&#34;&gt;&lt;p&gt;Beste Anna,&lt;/p&gt;`,
		"Auto-Submitted", "auto-generated",
		`href="../raw/` + name + `"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("message page lacks %q", want)
		}
	}

	code, raw := get(t, srv.URL+"/dev/mail/raw/"+name)
	if code != http.StatusOK || !strings.Contains(raw, "Message-Id: <") {
		t.Errorf("raw: %d", code)
	}
}

func TestCatcherHandlerEscapesSubject(t *testing.T) {
	c, srv := setupCatcher(t)
	m := testMessage("xss", `<script>alert("onderwerp")</script>`)
	m.To = []string{`"<img src=x onerror=alert(1)>" <anna@hilversum.nl>`}
	m.Text = "<script>alert('tekst')</script>"
	catch(t, c, m)
	name := emlFiles(t, c.Dir())[0]
	for _, path := range []string{"/dev/mail/", "/dev/mail/m/" + name} {
		_, body := get(t, srv.URL+path)
		if strings.Contains(body, "<script>") || strings.Contains(body, "<img") {
			t.Errorf("%s: unescaped markup from the message:\n%s", path, body)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;onderwerp&#34;)&lt;/script&gt;") {
			t.Errorf("%s: escaped subject missing", path)
		}
	}
}

func TestCatcherHandlerRefuses(t *testing.T) {
	c, srv := setupCatcher(t)
	catch(t, c, testMessage("a", "A"))
	if err := os.WriteFile(filepath.Join(filepath.Dir(c.Dir()), "geheim.eml"), []byte("Subject: geheim\r\n\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, path string
		want               int
	}{
		{"pad buiten de map", "GET", "/dev/mail/m/..%2Fgeheim.eml", http.StatusNotFound},
		{"onbekend bestand", "GET", "/dev/mail/m/20270111T080000.000000000Z-00000000000000000000000000000000.eml", http.StatusNotFound},
		{"onbekende route", "GET", "/dev/mail/iets", http.StatusNotFound},
		{"POST", "POST", "/dev/mail/", http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
}

func TestCatcherHandlerWithStripPrefixAndEnglish(t *testing.T) {
	c, _ := setupCatcher(t)
	catch(t, c, testMessage("a", "Status request"))
	h := http.StripPrefix("/dev/mail", CatcherHandler(c.Dir(), "en"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/dev/mail/", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Caught mail") || !strings.Contains(rec.Body.String(), "Status request") {
		t.Errorf("status %d:\n%s", rec.Code, rec.Body)
	}
}

func TestCatcherHandlerEmptyDirectory(t *testing.T) {
	rec := httptest.NewRecorder()
	CatcherHandler(filepath.Join(t.TempDir(), "nog-niet"), "nl").ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Nog geen berichten onderschept.") {
		t.Errorf("status %d:\n%s", rec.Code, rec.Body)
	}
}

func TestCatcherNeedsAClock(t *testing.T) {
	if _, err := NewCatcher(filepath.Join(t.TempDir(), "mail"), nil); err == nil || !strings.Contains(err.Error(), "no clock") {
		t.Fatalf("NewCatcher without a clock: err = %v, want one naming the clock", err)
	}
}
