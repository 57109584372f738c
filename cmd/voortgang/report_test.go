package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/store/sqlite"
)

// TestReportWritesWithoutBuilding: writing a document of a draft builds nothing and mails
// nobody; --build is the one explicit way to make a version (and announce it).
func TestReportWritesWithoutBuilding(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "voortgang.db")
	env := exampleEnv(db)
	out := filepath.Join(dir, "rapport.md")

	code, _, errs := runCmd(t, env, "report", "--period", "2026H2", "--out", out)
	if code == 0 || !strings.HasPrefix(errs, "voortgang") || !strings.Contains(errs, "nog geen concept") || !strings.Contains(errs, "--build") {
		t.Fatalf("no draft yet: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a file was written although there is no draft")
	}

	if code, _, errs := runCmd(t, env, "report", "--period", "2026H2", "--build", "--out", out); code != 0 || !strings.Contains(errs, "nieuwe versie 1") {
		t.Fatalf("--build: exit %d, %q", code, errs)
	}
	for _, args := range [][]string{
		{"--audience", "meeting"},
		{"--document", "raadsinformatiebrief"},
		{"--version", "1", "--format", "html"},
	} {
		code, _, errs := runCmd(t, env, append([]string{"report", "--period", "2026H2", "--out", out}, args...)...)
		if code != 0 || !strings.Contains(errs, "versie 1 geschreven") {
			t.Errorf("report %v: exit %d, %q", args, code, errs)
		}
	}
	if b, err := os.ReadFile(out); err != nil || !strings.Contains(string(b), "<html") {
		t.Errorf("html not written: %v", err)
	}
	if _, err := exec.LookPath("pandoc"); err == nil {
		if code, _, errs := runCmd(t, env, "report", "--period", "2026H2", "--document", "raadsinformatiebrief", "--format", "docx", "--out", out); code != 0 {
			t.Errorf("letter as docx: exit %d, %q", code, errs)
		}
	}
	if code, _, errs := runCmd(t, env, "report", "--period", "2026H2", "--version", "7", "--out", out); code == 0 || !strings.Contains(errs, "geen versie 7") {
		t.Errorf("unknown version: exit %d, %q", code, errs)
	}

	// One version, announced once; the writes after it built and sent nothing.
	s, err := sqlite.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.Drafts(context.Background(), "2026H2")
	if err != nil || len(list) != 1 {
		t.Fatalf("drafts = %d (%v), want 1", len(list), err)
	}
	for key, want := range map[string]bool{"concept/2026H2/1/sanne-bakker": true, "concept/2026H2/2/sanne-bakker": false} {
		if got, err := s.OutboxExists(context.Background(), key); err != nil || got != want {
			t.Errorf("announcement %s enqueued = %v (%v), want %v", key, got, err, want)
		}
	}
}
