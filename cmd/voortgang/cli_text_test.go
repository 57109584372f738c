package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/voortgang -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test ./cmd/voortgang -update and review the diff):\n%s", name, got)
	}
}

// The text tables are Dutch: headers, kinds and phases (the JSON keeps the codes).
func TestTablesInDutchGolden(t *testing.T) {
	env := exampleEnv(filepath.Join(t.TempDir(), "voortgang.db"))
	code, out, errs := runCmd(t, env, "plan", "--from", "2026-12-01", "--to", "2026-12-31", "--doel", "15")
	if code != 0 {
		t.Fatalf("plan: exit %d, %s", code, errs)
	}
	golden(t, "plan.nl.golden", out)
	code, out, errs = runCmd(t, env, "preview", "--from", "2027-01-05", "--to", "2027-01-14")
	if code != 0 {
		t.Fatalf("preview: exit %d, %s", code, errs)
	}
	for _, english := range []string{"statusrequest", "reminder", "milestone", " plan ", " check "} {
		if strings.Contains(out, english) {
			t.Errorf("preview table shows the code %q", english)
		}
	}
	golden(t, "preview.nl.golden", out)
}

// Every error starts with voortgang, in Dutch.
func TestErrorsArePrefixed(t *testing.T) {
	for _, args := range [][]string{
		{"plan", "--from", "morgen", "--to", "2027-01-01"},
		{"report", "--period", "2026H7", "--out", "-"},
		{"validate", "--workflows", filepath.Join(t.TempDir(), "bestaat-niet")},
	} {
		code, _, errs := runCmd(t, map[string]string{"VOORTGANG_CONFIG": "../../config/voortgang.example.yaml",
			"VOORTGANG_DB": filepath.Join(t.TempDir(), "v.db")}, args...)
		if code == 0 || !strings.HasPrefix(errs, "voortgang") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}

// validate --format json writes its problems as JSON on stdout, one object per problem with
// file, line, doel, actie and column.
func TestValidateJSONErrors(t *testing.T) {
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
	code, out, errs := runCmd(t, nil, "validate", "--workflows", dir, "--format", "json")
	if code != 1 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var got struct {
		Errors []validationProblem `json:"errors"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	want := map[string]validationProblem{
		"Check": {File: path, Line: 35, Doel: 1, Actie: "b1", Column: "Check", Phrase: "Q7 2028"},
		"wie":   {File: path, Line: 30, Doel: 1, Actie: "b", Column: "wie"},
	}
	for _, p := range got.Errors {
		w, ok := want[p.Column]
		if !ok {
			continue
		}
		delete(want, p.Column)
		if p.File != w.File || p.Line != w.Line || p.Doel != w.Doel || p.Actie != w.Actie || p.Phrase != w.Phrase || p.Message == "" {
			t.Errorf("problem = %+v, want %+v", p, w)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing problems %v in %s", want, out)
	}
}

// The flag package's own errors are said in Dutch, with the prefix.
func TestFlagErrorsInDutch(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "--foo"}, "voortgang: onbekende optie -foo\n"},
		{[]string{"report", "--period", "2026H2", "--version", "twee", "--out", "-"}, `voortgang: ongeldige waarde "twee" voor optie -version` + "\n"},
		{[]string{"report", "--out"}, "voortgang: optie -out heeft een waarde nodig\n"},
	} {
		code, _, errs := runCmd(t, nil, tc.args...)
		if code != exitUsage || !strings.HasPrefix(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want it to start with %q", tc.args, code, errs, tc.want)
		}
		if strings.Contains(errs, "(default ") {
			t.Errorf("%v: usage in English: %q", tc.args, errs)
		}
	}
}
