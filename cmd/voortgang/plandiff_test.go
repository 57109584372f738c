package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeChanged copies the shipped programme into a temporary file with replace applied.
func writeChanged(t *testing.T, name string, replace ...string) string {
	t.Helper()
	src, err := os.ReadFile("../../workflows/uitvoeringsprogramma-bescherming-opvang-2026-2029.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(s, replace[i]) {
			t.Fatalf("programme does not contain %q", replace[i])
		}
		s = strings.Replace(s, replace[i], replace[i+1], 1)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// 9g's cells are Q1, Q2, Q3, Q4 2026; moving Do to Q3 and making Act Gereed moves one task
// and obsoletes another.
const cells9g = "plan: Q1 2026\n            do: Q2 2026\n            check: Q3 2026\n            act: Q4 2026"

func TestPlanDiffText(t *testing.T) {
	old := writeChanged(t, "oud.yaml")
	changed := writeChanged(t, "nieuw.yaml", cells9g, "plan: Q1 2026\n            do: Q3 2026\n            check: Q3 2026\n            act: Gereed")
	code, out, errs := runCmd(t, nil, "plan", "diff", old, changed)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"Programma bescherming-opvang-2026-2029: 0 erbij, 1 verschoven, 0 gewijzigd, 1 vervallen, 0 vervallen met antwoorden, ",
		"~ verschoven  1 april 2026 t/m 30 juni 2026 → 1 juli 2026 t/m 30 september 2026  Do 9g: ",
		"- vervalt     1 oktober 2026 t/m 31 december 2026  Act 9g: ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n"); n != 3 {
		t.Errorf("%d lines, want 3:\n%s", n, out)
	}
}

func TestPlanDiffJSON(t *testing.T) {
	old := writeChanged(t, "oud.yaml")
	changed := writeChanged(t, "nieuw.yaml", cells9g, "plan: Q1 2026\n            do: Q2 2026\n            check: Q3 2026\n            act: Q4 2026, Q2 2027")
	code, out, errs := runCmd(t, nil, "plan", "diff", "--format", "json", old, changed)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got []struct {
		Programme string `json:"programme"`
		Status    string `json:"status"`
		Added     []struct {
			Key, Due string
		} `json:"added"`
		Moved    []json.RawMessage `json:"moved"`
		Obsolete []json.RawMessage `json:"obsolete"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got) != 1 || got[0].Status != "changed" || len(got[0].Added) != 1 || len(got[0].Moved) != 0 || len(got[0].Obsolete) != 0 {
		t.Fatalf("diff = %+v", got)
	}
	if a := got[0].Added[0]; a.Key != "bescherming-opvang-2026-2029/9g/act/2027-04-01..2027-06-30" || a.Due != "2027-06-30" {
		t.Errorf("added %+v", a)
	}
	if !strings.Contains(out, `"moved": []`) {
		t.Errorf("empty lists are not [] in the JSON:\n%s", out)
	}

	code, out, _ = runCmd(t, nil, "plan", "diff", "--format", "json", old, old)
	if code != 0 || !strings.Contains(out, `"status": "unchanged"`) {
		t.Errorf("same file: exit %d\n%s", code, out)
	}
}

func TestPlanDiffBadInput(t *testing.T) {
	old := writeChanged(t, "oud.yaml")
	broken := writeChanged(t, "kapot.yaml", cells9g, "plan: Q1 2026\n            do: Q7 2026\n            check: Q3 2026\n            act: Q4 2026")
	code, _, errs := runCmd(t, nil, "plan", "diff", old, broken)
	if code != 1 || !strings.Contains(errs, `kolom Do: "Q7 2026": kwartaal moet Q1..Q4 zijn`) {
		t.Errorf("broken NEW: exit %d, stderr %q", code, errs)
	}
	code, _, errs = runCmd(t, nil, "plan", "diff", old)
	if code != exitUsage || !strings.Contains(errs, "OUD en NIEUW") {
		t.Errorf("one file: exit %d, stderr %q", code, errs)
	}
}
