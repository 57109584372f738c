package config_test

import (
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/config"
)

// examplePath finds config/voortgang.example.yaml from this test file.
func examplePath(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test file")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "config", "voortgang.example.yaml")
}

func noEnv(string) string { return "" }

// programmeOwners are the owner keys of the Uitvoeringsprogramma Bescherming & Opvang
// 2026-2029 known so far; the shipped example must give each of them contacts.
var programmeOwners = []string{
	"regio", "gemeenten", "blaricum", "eemnes", "gooise-meren", "hilversum", "huizen", "laren",
	"wijdemeren", "ggd", "zvhgv", "vtgv", "herstelnetwerk", "convenantpartners", "partners",
	"aanbieders", "scholen", "gis", "zorgcoordinator-mensenhandel", "politie", "om",
	"woningcorporaties", "ggz", "reclassering", "jeugd", "sociale-teams", "centrum-seksueel-geweld",
}

func TestExampleLoadsAndValidates(t *testing.T) {
	c, err := config.Load(examplePath(t), noEnv)
	if err != nil {
		t.Fatalf("example config: %v", err)
	}
	if errs := c.CheckOwners(programmeOwners); len(errs) > 0 {
		t.Errorf("example config misses owners: %v", errs)
	}
	if got := c.Expand("gemeenten"); len(got) != 7 {
		t.Errorf("gemeenten expands to %v, want the seven municipalities", got)
	}
	for _, m := range c.Expand("gemeenten") {
		if len(c.ContactsFor(m)) == 0 {
			t.Errorf("municipality %s has no contact", m)
		}
	}
	if len(c.Coordinators) != 2 {
		t.Errorf("example has %d coordinators, want 2", len(c.Coordinators))
	}

	var deputies, slack int
	for _, ct := range append(c.ContactsFor("regio"), c.Coordinators...) {
		if ct.Deputy != "" {
			deputies++
		}
	}
	for _, k := range programmeOwners {
		for _, ct := range c.ContactsFor(k) {
			if ct.Slack != "" {
				slack++
			}
		}
	}
	if deputies == 0 || slack == 0 {
		t.Errorf("example should show a deputy and a Slack id (deputies %d, slack %d)", deputies, slack)
	}

	p := config.Period{Year: 2026, Half: 2}
	for range 7 { // 2026H2 .. 2029H2
		m, ok := c.MeetingFor(p)
		switch {
		case !ok:
			t.Errorf("no meeting for %s", p)
		case m.Day().Weekday() != time.Thursday:
			t.Errorf("meeting for %s on %s, want a Thursday", p, m.Day().Weekday())
		case !m.Day().After(p.End()):
			t.Errorf("meeting for %s on %s, before the period ends", p, m.Date)
		case m.Day().Sub(m.Deadline()) < 14*24*time.Hour || m.Day().Sub(m.Deadline()) > 35*24*time.Hour:
			t.Errorf("meeting for %s: deadline %s is not about three weeks before %s", p, m.Deadline().Format(time.DateOnly), m.Date)
		}
		p = p.Next()
	}
}

func TestDefaultPath(t *testing.T) {
	if got := config.PathFromEnv(noEnv); got != config.DefaultPath {
		t.Errorf("PathFromEnv without VOORTGANG_CONFIG = %q", got)
	}
	if got := config.PathFromEnv(envMap(map[string]string{"VOORTGANG_CONFIG": "/etc/voortgang.yaml"})); got != "/etc/voortgang.yaml" {
		t.Errorf("PathFromEnv = %q", got)
	}
}

func TestLoadMissingFile(t *testing.T) {
	if _, err := config.Load(filepath.Join(t.TempDir(), "nope.yaml"), noEnv); err == nil {
		t.Fatal("Load of a missing file succeeded")
	}
}
