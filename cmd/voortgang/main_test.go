package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/store/sqlite"
	"github.com/regiogv/voortgang/internal/testsupport"
)

// runCmd runs the command line in-process with the given environment and returns the exit
// code, stdout and stderr.
func runCmd(t *testing.T, envVars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{ctx: context.Background(), stdout: &out, stderr: &errb, getenv: func(k string) string { return envVars[k] }}
	code := run(e, args)
	return code, out.String(), errb.String()
}

var shipped = map[string]string{"VOORTGANG_WORKFLOWS": "../../workflows"}

// exampleEnv is the environment of a command on the example configuration and the shipped
// programme, with the SQLite database db.
func exampleEnv(db string) map[string]string {
	return map[string]string{"VOORTGANG_DB": db, "VOORTGANG_CONFIG": "../../config/voortgang.example.yaml",
		"VOORTGANG_WORKFLOWS": "../../workflows"}
}

func TestValidateShippedProgramme(t *testing.T) {
	code, out, errs := runCmd(t, shipped, "validate")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	if !strings.Contains(out, "3 programmalijnen, 21 doelen, ") || !strings.Contains(out, " taken 2026-2029") {
		t.Errorf("validate output = %q", out)
	}

	code, out, _ = runCmd(t, shipped, "validate", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Programmes []map[string]any `json:"programmes"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if len(got.Programmes) != 1 {
		t.Fatalf("programmes = %v", got.Programmes)
	}
	p := got.Programmes[0]
	if p["key"] != "bescherming-opvang-2026-2029" || p["lines"] != 3.0 || p["goals"] != 21.0 || p["tasks"].(float64) < 500 {
		t.Errorf("summary = %v", p)
	}
	if keys := sortedKeysOf(p); !reflect.DeepEqual(keys, []string{"actions", "goals", "key", "lines", "tasks", "title"}) {
		t.Errorf("json keys = %v", keys)
	}
}

func TestValidateBrokenFileNamesEveryProblem(t *testing.T) {
	src, err := os.ReadFile("../../internal/programme/testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.NewReplacer("check: Q4 2028", "check: Q7 2028", "owners: [regio, gemeenten]", "owners: [regio, provincie]").Replace(string(src))
	dir := t.TempDir()
	path := filepath.Join(dir, "x.yaml")
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, nil, "validate", "--workflows", dir)
	if code == 0 || out != "" {
		t.Fatalf("exit %d, stdout %q; want failure", code, out)
	}
	for _, want := range []string{
		path + `:35: doel 1, actie b1, kolom Check: "Q7 2028": kwartaal moet Q1..Q4 zijn`,
		path + `:30: doel 1, actie b, kolom wie: eigenaar "provincie" is niet gedeclareerd onder owners`,
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr\n%s\nlacks\n%s", errs, want)
		}
	}
}

func TestPlanJSON(t *testing.T) {
	code, out, errs := runCmd(t, shipped, "plan", "--from", "2027-01-01", "--to", "2027-06-30", "--doel", "4", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("json: %v", err)
	}
	if len(rows) == 0 {
		t.Fatal("no tasks for doel 4 in H1 2027")
	}
	want := []string{"actie", "doel", "due", "key", "kind", "owners", "phase", "source", "start", "title"}
	for _, r := range rows {
		if keys := sortedKeysOf(r); !reflect.DeepEqual(keys, want) {
			t.Fatalf("keys = %v, want %v", keys, want)
		}
		if r["doel"] != 4.0 || r["due"].(string) < "2027-01-01" || r["due"].(string) > "2027-06-30" {
			t.Errorf("row outside the filter: %v", r)
		}
	}
}

func TestPlanFormats(t *testing.T) {
	code, out, _ := runCmd(t, shipped, "plan", "--from", "2026-12-01", "--to", "2026-12-31", "--format", "csv")
	if code != 0 || !strings.HasPrefix(out, "key,doel,actie,phase,kind,title,owners,start,due,source\n") {
		t.Errorf("csv: exit %d, %q", code, firstLine(out))
	}
	code, out, _ = runCmd(t, shipped, "plan", "--from", "2026-12-01", "--to", "2026-12-31", "--owner", "hilversum")
	if code != 0 || !strings.HasPrefix(out, "UITERLIJK") || !strings.Contains(out, "taken met een vervaldatum van 2026-12-01 tot en met 2026-12-31") {
		t.Errorf("table: exit %d, %q", code, out)
	}
	if code, _, errs := runCmd(t, shipped, "plan", "--from", "morgen"); code != exitUsage || !strings.Contains(errs, "geen datum") {
		t.Errorf("bad date: exit %d, %q", code, errs)
	}
}

func TestTimingCommand(t *testing.T) {
	code, out, errs := runCmd(t, nil, "timing", "--format", "json", "Q1 en Q3 2026")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := `{
  "expr": "Q1 en Q3 2026",
  "state": "scheduled",
  "occurrences": [
    {
      "start": "2026-01-01",
      "end": "2026-03-31",
      "due": "2026-03-31"
    },
    {
      "start": "2026-07-01",
      "end": "2026-09-30",
      "due": "2026-09-30"
    }
  ]
}
`
	if out != want {
		t.Errorf("json =\n%s\nwant\n%s", out, want)
	}
	code, out, _ = runCmd(t, nil, "timing", "Gereed", "--format", "json")
	if code != 0 || !strings.Contains(out, `"state": "done"`) || !strings.Contains(out, `"occurrences": []`) {
		t.Errorf("Gereed: exit %d, %s", code, out)
	}
	code, out, _ = runCmd(t, nil, "timing", "--from", "2027-01-01", "--to", "2027-12-31", "Halfjaarlijks")
	if code != 0 || !strings.Contains(out, "2 keer") || !strings.Contains(out, "2027-07-01 .. 2027-12-31") {
		t.Errorf("window: exit %d, %s", code, out)
	}
	code, out, errs = runCmd(t, nil, "timing", "Q5 2026")
	if code != 2 || out != "" || !strings.Contains(errs, `"Q5 2026"`) {
		t.Errorf("Q5 2026: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestUnknownCommand(t *testing.T) {
	if code, _, errs := runCmd(t, nil, "vliegen"); code != exitUsage || !strings.Contains(errs, `onbekend commando "vliegen"`) {
		t.Errorf("exit %d, %q", code, errs)
	}
}

func sortedKeysOf(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

func TestInboxParse(t *testing.T) {
	code, out, errs := runCmd(t, nil, "inbox", "parse", "../../internal/inbox/testdata/bounce_dsn.eml", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if r["kind"] != "bounce" || r["failed_recipient"] == nil || r["failed_recipient"] == "" {
		t.Errorf("bounce parsed as %v", r)
	}
	code, out, _ = runCmd(t, nil, "inbox", "parse", "../../internal/inbox/testdata/multi_action.eml")
	if code != 0 || !strings.Contains(out, "soort:      antwoord") || strings.Count(out, "\n[") != 3 {
		t.Errorf("text output (exit %d):\n%s", code, out)
	}
	if code, _, _ := runCmd(t, nil, "inbox", "parse"); code != exitUsage {
		t.Errorf("without a file: exit %d, want %d", code, exitUsage)
	}
}

// TestDatabaseProblemsAreOneSentence: a file that is not a database, a database of another
// application and a missing directory each get one clear sentence and a non-zero exit.
func TestDatabaseProblemsAreOneSentence(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "boodschappen.db")
	os.WriteFile(notDB, []byte("melk, brood, kaas\n"), 0o644)
	cases := []struct {
		name, db, want string
	}{
		{"geen database", notDB, "SQLite"},
		{"map is een bestand", filepath.Join(notDB, "voortgang.db"), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCmd(t, map[string]string{"VOORTGANG_DB": tc.db, "VOORTGANG_CONFIG": "../../config/voortgang.example.yaml"}, "migrate")
			if code == 0 {
				t.Fatalf("exit 0, stdout %q", out)
			}
			msg := strings.TrimSpace(errs)
			if strings.Count(msg, "\n") > 0 || strings.Contains(msg, "goroutine") || msg == "" || !strings.Contains(msg, tc.want) {
				t.Errorf("stderr is not one clear sentence: %q", errs)
			}
		})
	}
	// A good database migrates and reports its version; a backup of it can be taken and is
	// never overwritten.
	good := filepath.Join(dir, "data", "voortgang.db")
	env := map[string]string{"VOORTGANG_DB": good, "VOORTGANG_CONFIG": "../../config/voortgang.example.yaml"}
	if code, out, errs := runCmd(t, env, "migrate"); code != 0 || !strings.Contains(out, "schemaversie") {
		t.Fatalf("migrate: exit %d, %q %q", code, out, errs)
	}
	backup := filepath.Join(dir, "kopie.db")
	if code, _, errs := runCmd(t, env, "backup", "--out", backup); code != 0 {
		t.Fatalf("backup: exit %d, %q", code, errs)
	}
	if code, _, errs := runCmd(t, env, "backup", "--out", backup); code == 0 || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
		t.Errorf("a second backup to the same file: exit %d, %q", code, errs)
	}
	if code, out, errs := runCmd(t, env, "restore", "--from", backup); code != 0 || !strings.Contains(out, "teruggezet") {
		t.Errorf("restore: exit %d, %q %q", code, out, errs)
	}
	// While a daemon holds the database, restore refuses in one sentence.
	held, err := sqlite.Open(context.Background(), good, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	code, _, errs := runCmd(t, env, "restore", "--from", backup)
	if msg := strings.TrimSpace(errs); code == 0 || !strings.Contains(msg, "in gebruik") || strings.Contains(msg, "\n") {
		t.Errorf("restore while the database is in use: exit %d, %q", code, errs)
	}
}

// TestRunOnceTwiceSendsOnce: one pass at the request instant sends the status requests; a
// second pass at the same instant sends nothing.
func TestRunOnceTwiceSendsOnce(t *testing.T) {
	smtpSrv := testsupport.NewSMTPServer(t)
	env := exampleEnv(filepath.Join(t.TempDir(), "voortgang.db"))
	env["VOORTGANG_SMTP_URL"] = smtpSrv.URL()
	code, out, errs := runCmd(t, env, "run-once", "--at", "2026-12-15T09:00:00+01:00")
	if code != 0 || !strings.Contains(out, "18 uitvragen") || !strings.Contains(out, "18 verzonden, 0 mislukt") {
		t.Fatalf("first run: exit %d, %q\n%s", code, out, errs)
	}
	sent := len(smtpSrv.Mails())
	code, out, _ = runCmd(t, env, "run-once", "--at", "2026-12-15T09:00:00+01:00")
	if code != 0 || !strings.Contains(out, "0 uitvragen") || !strings.Contains(out, "0 verzonden") || len(smtpSrv.Mails()) != sent {
		t.Errorf("second run: exit %d, %q; %d mails, want %d", code, out, len(smtpSrv.Mails()), sent)
	}
	if code, _, errs := runCmd(t, env, "run-once", "--at", "morgen"); code != exitUsage || !strings.Contains(errs, "RFC 3339") {
		t.Errorf("bad --at: exit %d, %q", code, errs)
	}
}

func TestPreviewJSON(t *testing.T) {
	env := exampleEnv(filepath.Join(t.TempDir(), "voortgang.db"))
	code, out, errs := runCmd(t, env, "preview", "--from", "2026-12-01", "--to", "2027-01-31", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("json: %v", err)
	}
	kinds := map[string]int{}
	for _, r := range rows {
		if keys := sortedKeysOf(r); !reflect.DeepEqual(keys, []string{"at", "kind", "period", "to"}) {
			t.Fatalf("keys = %v", keys)
		}
		kinds[r["kind"].(string)]++
		if r["kind"] == "statusrequest" && r["at"] != "2026-12-15T09:00:00+01:00" {
			t.Errorf("status request at %v, want 2026-12-15T09:00:00+01:00 (20 working days before 14 January)", r["at"])
		}
	}
	for _, k := range []string{"statusrequest", "reminder", "escalation", "summary", "digest"} {
		if kinds[k] == 0 {
			t.Errorf("no %s in the preview: %v", k, kinds)
		}
	}
}

// TestPlanAccept: a truncated workflow file is held (run-once leaves the tasks alone), and
// `plan accept` applies it.
func TestPlanAccept(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../workflows/uitvoeringsprogramma-bescherming-opvang-2026-2029.yaml")
	if err != nil {
		t.Fatal(err)
	}
	wf := filepath.Join(dir, "workflows")
	if err := os.Mkdir(wf, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(wf, "programma.yaml")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	env := exampleEnv(filepath.Join(dir, "voortgang.db"))
	env["VOORTGANG_WORKFLOWS"], env["VOORTGANG_SMTP_URL"] = wf, testsupport.NewSMTPServer(t).URL()
	if code, out, errs := runCmd(t, env, "plan", "accept", "--by", "beheer"); code != 0 || !strings.Contains(out, "geen aangehouden plan") {
		t.Fatalf("plan accept without a hold: exit %d, %q\n%s", code, out, errs)
	}
	cut := strings.Index(string(src), "\n  - number: 2\n")
	if err := os.WriteFile(file, src[:cut+1], 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCmd(t, env, "run-once", "--at", "2026-12-15T09:00:00+01:00"); code != 0 || !strings.Contains(errs, "reconcile held") {
		t.Fatalf("run-once with a truncated file: exit %d\n%s", code, errs)
	}
	code, out, errs := runCmd(t, env, "plan", "accept", "--by", "beheer")
	if code != 0 || !strings.Contains(out, "bescherming-opvang-2026-2029: nieuwe versie toegepast") {
		t.Fatalf("plan accept: exit %d, %q\n%s", code, out, errs)
	}
	if code, out, _ := runCmd(t, env, "plan", "accept", "--by", "beheer"); code != 0 || !strings.Contains(out, "geen aangehouden plan") {
		t.Errorf("plan accept after accepting: exit %d, %q", code, out)
	}
}
