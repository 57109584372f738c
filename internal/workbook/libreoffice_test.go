package workbook

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// LibreOffice Calc opens the exported workbook: it converts its first sheet (Acties) to CSV,
// with the rows and cells as written. Skipped without LibreOffice Calc, failed in CI.
func TestLibreOfficeOpensExport(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice in -short mode")
	}
	bin, err := exec.LookPath("soffice")
	if err != nil {
		need(t, "LibreOffice (apt-get install libreoffice-calc-nogui)")
	}
	if _, err := os.Stat("/usr/lib/libreoffice/program/libsclo.so"); err != nil {
		need(t, "LibreOffice Calc (apt-get install libreoffice-calc-nogui)")
	}
	data, err := Export(shipped(t))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "programma.xlsx")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profiel")), "--headless", "--norestore",
		"--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out.String())
	}
	csv, err := os.ReadFile(filepath.Join(dir, "programma.csv"))
	if err != nil {
		t.Fatalf("no CSV from LibreOffice: %v\n%s", err, out.String())
	}
	s := string(csv)
	for _, want := range []string{"Doel;Actie;Tekst;Wie;Eigenaren;Plan;Do;Check;Act;Voetnoten", "9;g;Verkennen welke", ";Q1 2026;Q2 2026;Q3 2026;Q4 2026;"} {
		if !strings.Contains(s, want) {
			t.Errorf("LibreOffice's CSV lacks %q:\n%.400s", want, s)
		}
	}
}

func need(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but %s is missing", what)
	}
	t.Skipf("SKIPPED: %s is missing", what)
}
