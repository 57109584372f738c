package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/clock"
)

const groupsMsg = "group members differ between the workflow file and the configuration; status requests follow the configuration"

// groupWarnings are the log's warnings about group members, as JSON objects.
func groupWarnings(t *testing.T, log *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(log.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, sc.Text())
		}
		if rec["msg"] == groupsMsg {
			out = append(out, rec)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// The daemon warns once per version of a workflow file about a group whose members differ
// from the configuration's: at start, not again on a reconcile of the same file, and again
// after the file changed.
func TestGroupDifferenceLoggedOnce(t *testing.T) {
	cfg, file := setup(t)
	g, ok := cfg.Owner("gemeenten")
	if !ok {
		t.Fatal("the example configuration has no gemeenten")
	}
	g.Group = slices.DeleteFunc(slices.Clone(g.Group), func(k string) bool { return k == "huizen" })
	var logs bytes.Buffer
	ctx := context.Background()
	a := newAppLogging(t, cfg, clock.NewFake(beforeTheRound), Options{WebOnly: true}, slog.New(slog.NewJSONHandler(&logs, nil)))

	ws := groupWarnings(t, &logs)
	if len(ws) != 1 {
		t.Fatalf("start logged %d group warnings, want 1:\n%s", len(ws), logs.String())
	}
	w := ws[0]
	want := map[string]any{"level": "WARN", "programme": "bescherming-opvang-2026-2029", "file": file, "group": "gemeenten",
		"key": "owners.gemeenten.group", "only_programme": []any{"huizen"}, "only_config": nil,
		"message": "gemeenten: huizen staat in het programma (" + file + ") maar niet in de configuratie (owners.gemeenten.group)"}
	for k, v := range want {
		if !reflect.DeepEqual(w[k], v) {
			t.Errorf("%s = %#v, want %#v", k, w[k], v)
		}
	}

	logs.Reset()
	if err := a.ReconcileAll(ctx); err != nil {
		t.Fatal(err)
	}
	if ws := groupWarnings(t, &logs); len(ws) != 0 {
		t.Errorf("a reconcile of the same file warned again: %v", ws)
	}

	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "check: Halfjaarlijks", "check: Jaarlijks", 1)
	if edited == string(src) {
		t.Fatal("the edit changed nothing")
	}
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	logs.Reset()
	if err := a.Reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	if ws := groupWarnings(t, &logs); len(ws) != 1 {
		t.Errorf("a reconcile of the changed file logged %d group warnings, want 1:\n%s", len(ws), logs.String())
	}
}

// The shipped programme and the example configuration agree: no warning at start.
func TestShippedGroupsLogNoWarning(t *testing.T) {
	cfg, _ := setup(t)
	var logs bytes.Buffer
	newAppLogging(t, cfg, clock.NewFake(beforeTheRound), Options{WebOnly: true}, slog.New(slog.NewJSONHandler(&logs, nil)))
	if !strings.Contains(logs.String(), `"msg":"plan reconciled"`) {
		t.Fatalf("the start reconciled nothing:\n%s", logs.String())
	}
	if ws := groupWarnings(t, &logs); len(ws) != 0 {
		t.Errorf("start warned: %v", ws)
	}
}
