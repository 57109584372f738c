package national

import (
	"path/filepath"
	"testing"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/programme"
)

func TestBothShapesLoadAndValidate(t *testing.T) {
	for _, shape := range []Shape{Own, Shared} {
		t.Run(shape.String(), func(t *testing.T) {
			dir := t.TempDir()
			path, wf := Write(t, "../../..", dir, 3, shape)
			env := map[string]string{"VOORTGANG_DB": filepath.Join(dir, "v.db"), "VOORTGANG_WORKFLOWS": wf}
			cfg, err := config.Load(path, func(k string) string { return env[k] })
			if err != nil {
				t.Fatal(err)
			}
			progs, err := programme.LoadDir(wf)
			if err != nil {
				t.Fatal(err)
			}
			if len(progs) != 3 || progs[2].Key != ProgrammeKey(2) {
				t.Fatalf("programmes = %d", len(progs))
			}
			for _, p := range progs {
				var keys []string
				for k := range p.Owners {
					keys = append(keys, k)
				}
				if errs := cfg.CheckOwners(keys); len(errs) > 0 {
					t.Errorf("%s: %v", p.Key, errs)
				}
			}
			lead, ok := cfg.Lead("regio" + Suffix(1))
			if shape == Own && (!ok || lead.Key != "anna-devries"+Suffix(1) || lead.Email != "anna.devries+r001@regio.example.org") {
				t.Errorf("own shape: lead of regio-r001 = %+v, %v", lead, ok)
			}
			if shape == Shared && ok {
				t.Errorf("shared shape has region owners: %+v", lead)
			}
			if _, ok := cfg.Contact("anna-devries"); ok == (shape == Own) {
				t.Errorf("%s: the example's anna-devries configured = %v", shape, ok)
			}
		})
	}
}
