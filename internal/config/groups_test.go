package config_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/testsupport/national"
)

const groupsYAML = `owners:
  regio: {contacts: [{key: anna, name: Anna de Vries, email: anna@example.org}]}
  gemeenten: {group: [blaricum, huizen, laren], fan_out: true}
  blaricum: {contacts: [{key: marieke, name: Marieke Smit, email: marieke@example.org}]}
  huizen: {contacts: [{key: jeroen, name: Jeroen Bakker, email: jeroen@example.org}]}
  laren: {contacts: [{key: ruud, name: Ruud Hendriks, email: ruud@example.org}]}
  eemnes: {contacts: [{key: thomas, name: Thomas van Dijk, email: thomas@example.org}]}
  partners: {group: [blaricum, regio], contacts: [{key: hans, name: Hans Brouwer, email: hans@example.org}]}
`

func TestCheckGroups(t *testing.T) {
	c := mustParse(t, yamlWith(map[string]string{"owners": groupsYAML}), nil)
	const file = "workflows/uitvoeringsprogramma-2026-2029.yaml"
	tests := []struct {
		name   string
		groups map[string][]string
		want   []config.GroupDifference
		msgs   []string
	}{
		{"gelijk", map[string][]string{"gemeenten": {"blaricum", "huizen", "laren"}}, nil, nil},
		{"andere volgorde telt niet", map[string][]string{"gemeenten": {"laren", "blaricum", "huizen"}}, nil, nil},
		{"huizen van het bord gehaald, de configuratie vraagt het nog",
			map[string][]string{"gemeenten": {"blaricum", "laren"}},
			[]config.GroupDifference{{File: file, Group: "gemeenten", OnlyConfig: []string{"huizen"}}},
			[]string{"gemeenten: huizen staat in de configuratie (owners.gemeenten.group) maar niet in het programma (" + file + ")"}},
		{"eemnes op het bord toegevoegd, de configuratie vraagt het niet",
			map[string][]string{"gemeenten": {"blaricum", "eemnes", "huizen", "laren"}},
			[]config.GroupDifference{{File: file, Group: "gemeenten", OnlyProgramme: []string{"eemnes"}}},
			[]string{"gemeenten: eemnes staat in het programma (" + file + ") maar niet in de configuratie (owners.gemeenten.group)"}},
		{"beide kanten, meer dan één lid",
			map[string][]string{"gemeenten": {"eemnes", "blaricum", "weesp"}},
			[]config.GroupDifference{{File: file, Group: "gemeenten", OnlyProgramme: []string{"eemnes", "weesp"}, OnlyConfig: []string{"huizen", "laren"}}},
			[]string{"gemeenten: eemnes en weesp staan in het programma (" + file + ") maar niet in de configuratie (owners.gemeenten.group); " +
				"huizen en laren staan in de configuratie (owners.gemeenten.group) maar niet in het programma (" + file + ")"}},
		{"in de configuratie geen groep: geen van de leden",
			map[string][]string{"regio": {"blaricum", "huizen", "laren"}},
			[]config.GroupDifference{{File: file, Group: "regio", OnlyProgramme: []string{"blaricum", "huizen", "laren"}}},
			[]string{"regio: blaricum, huizen en laren staan in het programma (" + file + ") maar niet in de configuratie (owners.regio.group)"}},
		{"dubbel lid telt één keer",
			map[string][]string{"gemeenten": {"blaricum", "huizen", "laren", "eemnes", "eemnes"}},
			[]config.GroupDifference{{File: file, Group: "gemeenten", OnlyProgramme: []string{"eemnes"}}},
			[]string{"gemeenten: eemnes staat in het programma (" + file + ") maar niet in de configuratie (owners.gemeenten.group)"}},
		// Left to CheckOwners, which reports the unknown owner as an error.
		{"groep die de configuratie niet kent", map[string][]string{"wijken": {"blaricum"}}, nil, nil},
		// partners is a group in the configuration only: the file counts it as one organisation.
		{"groep alleen in de configuratie", map[string][]string{}, nil, nil},
		{"gesorteerd op groep",
			map[string][]string{"regio": {"huizen"}, "gemeenten": {"blaricum", "huizen"}},
			[]config.GroupDifference{{File: file, Group: "gemeenten", OnlyConfig: []string{"laren"}}, {File: file, Group: "regio", OnlyProgramme: []string{"huizen"}}},
			[]string{"gemeenten: laren staat in de configuratie (owners.gemeenten.group) maar niet in het programma (" + file + ")",
				"regio: huizen staat in het programma (" + file + ") maar niet in de configuratie (owners.regio.group)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.CheckGroups(file, tt.groups)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("CheckGroups = %#v\nwant %#v", got, tt.want)
			}
			var msgs []string
			for _, d := range got {
				msgs = append(msgs, d.Error())
			}
			if !reflect.DeepEqual(msgs, tt.msgs) {
				t.Errorf("messages:\n%q\nwant\n%q", msgs, tt.msgs)
			}
		})
	}
}

// The shipped example configuration and programme agree on every group.
func TestExampleGroupsAgree(t *testing.T) {
	c, err := config.Load(examplePath(t), noEnv)
	if err != nil {
		t.Fatalf("example config: %v", err)
	}
	progs, err := programme.LoadDir(filepath.Join(filepath.Dir(examplePath(t)), "..", "workflows"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range progs {
		if len(p.Groups()) == 0 {
			t.Errorf("%s has no group: the comparison checks nothing", p.File)
		}
		if ds := c.CheckGroups(p.File, p.Groups()); len(ds) > 0 {
			t.Errorf("%s: %v", p.File, ds)
		}
	}
}

// In a national installation every region's owner keys carry its suffix in the file and in the
// configuration alike (gemeenten-r001 with members blaricum-r001 …): the groups are compared
// key for key and agree.
func TestNationalGroupsAgree(t *testing.T) {
	root := filepath.Join(filepath.Dir(examplePath(t)), "..")
	for _, shape := range []national.Shape{national.Own, national.Shared} {
		t.Run(shape.String(), func(t *testing.T) {
			cfgPath, workflows := national.Write(t, root, t.TempDir(), 3, shape)
			c, err := config.Load(cfgPath, noEnv)
			if err != nil {
				t.Fatal(err)
			}
			progs, err := programme.LoadDir(workflows)
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range progs {
				groups := p.Groups()
				key := "gemeenten"
				if shape == national.Own {
					key += national.Suffix(i)
				}
				if len(groups[key]) == 0 {
					t.Errorf("%s has no group %s: %v", p.File, key, groups)
				}
				if ds := c.CheckGroups(p.File, groups); len(ds) > 0 {
					t.Errorf("%s: %v", p.File, ds)
				}
			}
			// One member out of one region's group in the configuration is that region's
			// difference only.
			g, ok := c.Owner("gemeenten" + national.Suffix(1))
			if shape == national.Shared {
				g, ok = c.Owner("gemeenten")
			}
			if !ok {
				t.Fatal("no gemeenten in the configuration")
			}
			g.Group = g.Group[1:]
			var got []config.GroupDifference
			for _, p := range progs {
				got = append(got, c.CheckGroups(p.File, p.Groups())...)
			}
			want := 1
			if shape == national.Shared {
				want = len(progs) // every copy points at the one group
			}
			if len(got) != want {
				t.Errorf("%d differences, want %d: %v", len(got), want, got)
			}
		})
	}
}
