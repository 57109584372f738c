package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const gemeentenMembers = "[blaricum, eemnes, gooise-meren, hilversum, huizen, laren, wijdemeren]"

// groupsApart writes the shipped programme without laren in gemeenten's members and the
// example configuration without huizen in owners.gemeenten.group, and returns the workflows
// directory, the workflow file and the configuration.
func groupsApart(t *testing.T) (dir, file, cfg string) {
	t.Helper()
	dir = t.TempDir()
	file = filepath.Join(dir, "uitvoeringsprogramma-bescherming-opvang-2026-2029.yaml")
	cfg = filepath.Join(t.TempDir(), "voortgang.yaml")
	for _, f := range []struct{ from, to, member string }{
		{"../../workflows/uitvoeringsprogramma-bescherming-opvang-2026-2029.yaml", file, "laren"},
		{"../../config/voortgang.example.yaml", cfg, "huizen"},
	} {
		src, err := os.ReadFile(f.from)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(string(src), gemeentenMembers) != 1 {
			t.Fatalf("%s no longer lists gemeenten's members as %s", f.from, gemeentenMembers)
		}
		out := strings.Replace(string(src), gemeentenMembers, strings.Replace(gemeentenMembers, " "+f.member+",", "", 1), 1)
		if err := os.WriteFile(f.to, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, file, cfg
}

// A group whose members differ between the workflow file and the configuration is a warning:
// validate names the file, the group and the members on each side, and exits 0.
func TestValidateWarnsAboutGroupMembers(t *testing.T) {
	dir, file, cfg := groupsApart(t)
	code, out, errs := runCmd(t, nil, "validate", "--workflows", dir, "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	if !strings.Contains(out, "3 programmalijnen, 21 doelen, ") {
		t.Errorf("the summary is missing: %q", out)
	}
	want := "voortgang: waarschuwing: gemeenten: huizen staat in het programma (" + file + ") maar niet in de configuratie (owners.gemeenten.group); " +
		"laren staat in de configuratie (owners.gemeenten.group) maar niet in het programma (" + file + ")\n" +
		"voortgang: het rapport telt de leden in het programma; wie een uitvraag krijgt, volgt de groep in de configuratie (group, fan_out)\n"
	if errs != want {
		t.Errorf("stderr\n%q\nwant\n%q", errs, want)
	}

	code, out, errs = runCmd(t, nil, "validate", "--workflows", dir, "--config", cfg, "--format", "json")
	if code != 0 || errs != "" {
		t.Fatalf("json: exit %d, stderr %q", code, errs)
	}
	var got struct {
		Programmes []map[string]any    `json:"programmes"`
		Warnings   []validationWarning `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if len(got.Programmes) != 1 {
		t.Errorf("programmes = %v", got.Programmes)
	}
	wantW := []validationWarning{{File: file, Group: "gemeenten", Key: "owners.gemeenten.group",
		OnlyProgramme: []string{"huizen"}, OnlyConfig: []string{"laren"},
		Message: strings.TrimSuffix(strings.TrimPrefix(strings.SplitN(want, "\n", 2)[0], "voortgang: waarschuwing: "), "\n")}}
	if !reflect.DeepEqual(got.Warnings, wantW) {
		t.Errorf("warnings = %+v\nwant %+v", got.Warnings, wantW)
	}
}

// The shipped programme and the example configuration agree: no warning, and the JSON has no
// warnings key.
func TestValidateShippedGroupsAgree(t *testing.T) {
	env := map[string]string{"VOORTGANG_WORKFLOWS": "../../workflows", "VOORTGANG_CONFIG": "../../config/voortgang.example.yaml"}
	code, _, errs := runCmd(t, env, "validate")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	code, out, errs := runCmd(t, env, "validate", "--format", "json")
	if code != 0 || errs != "" {
		t.Fatalf("json: exit %d, stderr %q", code, errs)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if keys := sortedKeysOf(got); !reflect.DeepEqual(keys, []string{"programmes"}) {
		t.Errorf("json keys = %v", keys)
	}
}
