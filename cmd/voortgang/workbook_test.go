package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The shipped programme goes to Excel and back into a workflow file that plans the same
// tasks; nothing is overwritten.
func TestWorkbookExportImport(t *testing.T) {
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "programma.xlsx")
	code, out, errs := runCmd(t, shipped, "workbook", "export", "--out", xlsx)
	if code != 0 || !strings.Contains(out, "programma.xlsx geschreven") {
		t.Fatalf("export: exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := runCmd(t, shipped, "workbook", "export", "--out", xlsx); code == 0 || !strings.Contains(errs, "file exists") {
		t.Errorf("export over an existing file: exit %d %s", code, errs)
	}
	yaml := filepath.Join(dir, "nieuw", "programma.yaml")
	if err := os.Mkdir(filepath.Dir(yaml), 0o755); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCmd(t, nil, "workbook", "import", xlsx, "--out", yaml)
	if code != 0 || !strings.Contains(out, "3 programmalijnen, 21 doelen") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runCmd(t, nil, "plan", "diff", "../../workflows", yaml)
	if code != 0 || !strings.Contains(out, ": 0 erbij, 0 verschoven, 0 gewijzigd, 0 vervallen, 0 vervallen met antwoorden,") {
		t.Errorf("plan diff shipped vs imported: exit %d\n%s%s", code, out, errs)
	}
}

func TestWorkbookImportNotAWorkbook(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "x.xlsx")
	if err := os.WriteFile(bad, []byte("geen werkmap"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCmd(t, nil, "workbook", "import", bad, "--out", filepath.Join(dir, "x.yaml"))
	if code != 1 || !strings.Contains(errs, "geen Excel-werkmap") {
		t.Errorf("exit %d, %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.yaml")); err == nil {
		t.Error("a failed import wrote a file")
	}
}
