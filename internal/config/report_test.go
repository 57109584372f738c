package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/config"
)

// The house-style templates are read from the report section; a wrong kind of file or a
// missing one is a clear problem at load, not a failure when the first draft is built.
func TestReportReferenceDocs(t *testing.T) {
	dir := t.TempDir()
	docx, odt := filepath.Join(dir, "huisstijl.docx"), filepath.Join(dir, "huisstijl.odt")
	for _, p := range []string{docx, odt} {
		if err := os.WriteFile(p, []byte("PK"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c := mustParse(t, yamlWith(map[string]string{"report": "report:\n  reference_docx: " + docx + "\n  reference_odt: " + odt + "\n"}), nil)
	if c.Report.ReferenceDocx != docx || c.Report.ReferenceODT != odt {
		t.Errorf("report = %+v", c.Report)
	}
	for name, tc := range map[string]struct{ yml, key, msg string }{
		"odt for docx": {"report:\n  reference_docx: " + odt + "\n", "report.reference_docx", "geen .docx-bestand"},
		"missing file": {"report:\n  reference_odt: " + filepath.Join(dir, "weg.odt") + "\n", "report.reference_odt", "niet te lezen"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := config.Parse([]byte(yamlWith(map[string]string{"report": tc.yml})), noEnv)
			if err == nil || !strings.Contains(err.Error(), tc.key) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v, want %s: …%s…", err, tc.key, tc.msg)
			}
		})
	}
}
