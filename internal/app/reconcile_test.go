package app

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/store"
)

// TestStartSkipsUnchangedProgrammes: a second start with the same workflow files plans and
// writes nothing; a start after one file changed reconciles that programme only.
func TestStartSkipsUnchangedProgrammes(t *testing.T) {
	cfg, file := setup(t)
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	other := strings.Replace(string(src), "key: bescherming-opvang-2026-2029", "key: tweede-programma", 1)
	if err := os.WriteFile(filepath.Join(filepath.Dir(file), "tweede.yaml"), []byte(other), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	type state struct {
		tasks  []store.TaskRow
		hashes map[string]string
	}
	start := func() (log string, st state) {
		t.Helper()
		var buf bytes.Buffer
		a := newAppLogging(t, cfg, clk, Options{WebOnly: true}, slog.New(slog.NewTextHandler(&buf, nil)))
		defer a.Stop() // before the next start opens the store
		var err error
		if st.tasks, err = a.Store().Tasks(ctx, store.TaskFilter{IncludeObsolete: true}); err != nil {
			t.Fatal(err)
		}
		if st.hashes, err = a.Store().ProgrammeHashes(ctx); err != nil {
			t.Fatal(err)
		}
		return buf.String(), st
	}
	reconciledRe := regexp.MustCompile(`msg="plan reconciled" programme=(\S+)`)
	reconciled := func(log string) []string {
		var out []string
		for _, m := range reconciledRe.FindAllStringSubmatch(log, -1) {
			out = append(out, m[1])
		}
		return out
	}

	log, first := start()
	if got := reconciled(log); len(got) != 2 {
		t.Fatalf("first start reconciled %v, want both programmes", got)
	}
	if len(first.hashes) != 2 || len(first.tasks) == 0 {
		t.Fatalf("first start: %d hashes, %d tasks", len(first.hashes), len(first.tasks))
	}

	clk.Advance(24 * time.Hour)
	log, second := start()
	if got := reconciled(log); len(got) != 0 {
		t.Errorf("unchanged start reconciled %v", got)
	}
	if !strings.Contains(log, `msg="plan unchanged" programmes=2`) {
		t.Errorf("unchanged start does not say so:\n%s", log)
	}
	if !reflect.DeepEqual(second, first) {
		t.Error("an unchanged start changed the stored tasks or hashes")
	}

	// Doel 4's check becomes yearly in the first file only.
	edited := strings.Replace(string(src), "check: Halfjaarlijks", "check: Jaarlijks", 1)
	if edited == string(src) {
		t.Fatal("the edit changed nothing")
	}
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	clk.Advance(24 * time.Hour)
	log, third := start()
	if got := reconciled(log); !reflect.DeepEqual(got, []string{"bescherming-opvang-2026-2029"}) {
		t.Errorf("after the edit reconciled %v, want only the edited programme", got)
	}
	if third.hashes["tweede-programma"] != first.hashes["tweede-programma"] ||
		third.hashes["bescherming-opvang-2026-2029"] == first.hashes["bescherming-opvang-2026-2029"] {
		t.Errorf("hashes after the edit: %v, before %v", third.hashes, first.hashes)
	}
	obsolete := 0
	for _, tk := range third.tasks {
		if tk.Obsolete() {
			obsolete++
			if tk.Programme != "bescherming-opvang-2026-2029" {
				t.Errorf("obsoleted %s of the unchanged programme", tk.Key)
			}
		}
	}
	if obsolete == 0 {
		t.Error("the edit obsoleted no task")
	}
}
