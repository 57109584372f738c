package config

import (
	"fmt"
	"slices"
	"strings"
)

// GroupDifference is a group whose members in a workflow file differ from the configuration's
// group of the same owner key. The file's members count in the report, the status per
// organisation and --owner; the configuration's group (with fan_out) decides who is asked
// for status, so a member in one list only is either asked but not reported, or reported but
// never asked.
type GroupDifference struct {
	File  string // the workflow file the programme was loaded from
	Group string // the owner key of the group
	// OnlyProgramme are members in the file that owners.<Group>.group lacks, in the file's
	// order; OnlyConfig are members of owners.<Group>.group that the file lacks, in the
	// configuration's order.
	OnlyProgramme, OnlyConfig []string
}

// ConfigKey is the configuration key of the group's members: owners.gemeenten.group.
func (d GroupDifference) ConfigKey() string { return "owners." + d.Group + ".group" }

// Error says, in Dutch, which members are where: "gemeenten: huizen staat in het programma
// (….yaml) maar niet in de configuratie (owners.gemeenten.group)". It is a warning, not a
// broken installation: the type is an error so that it prints like every other problem.
func (d GroupDifference) Error() string {
	var parts []string
	if len(d.OnlyProgramme) > 0 {
		parts = append(parts, fmt.Sprintf("%s %s in het programma (%s) maar niet in de configuratie (%s)",
			dutchList(d.OnlyProgramme), staan(len(d.OnlyProgramme)), d.File, d.ConfigKey()))
	}
	if len(d.OnlyConfig) > 0 {
		parts = append(parts, fmt.Sprintf("%s %s in de configuratie (%s) maar niet in het programma (%s)",
			dutchList(d.OnlyConfig), staan(len(d.OnlyConfig)), d.ConfigKey(), d.File))
	}
	return d.Group + ": " + strings.Join(parts, "; ")
}

func staan(n int) string {
	if n == 1 {
		return "staat"
	}
	return "staan"
}

// dutchList joins keys as Dutch writes a list: "a", "a en b", "a, b en c".
func dutchList(keys []string) string {
	if len(keys) < 2 {
		return strings.Join(keys, "")
	}
	return strings.Join(keys[:len(keys)-1], ", ") + " en " + keys[len(keys)-1]
}

// CheckGroups compares the groups of one workflow file with the configuration. groups maps
// each of the file's group owners to its members (programme.Programme.Groups); file names the
// file in the messages. A group is compared with the configuration's owner of the same key:
// an owner there without a group has none of the members. A group key the configuration does
// not know is left to CheckOwners, which reports it as an error. An owner that is a group in
// the configuration only (partners, answered by its own contact) is no difference: the file
// counts it as one organisation. The order of the members does not matter. The differences
// are sorted by group.
func (c *Config) CheckGroups(file string, groups map[string][]string) []GroupDifference {
	var out []GroupDifference
	for key, members := range groups {
		o, ok := c.Owner(key)
		if !ok {
			continue
		}
		d := GroupDifference{File: file, Group: key,
			OnlyProgramme: missingFrom(members, o.Group), OnlyConfig: missingFrom(o.Group, members)}
		if len(d.OnlyProgramme) > 0 || len(d.OnlyConfig) > 0 {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b GroupDifference) int { return strings.Compare(a.Group, b.Group) })
	return out
}

// missingFrom is every key of keys that other lacks, each once, in the order of keys.
func missingFrom(keys, other []string) []string {
	var out []string
	for _, k := range keys {
		if !slices.Contains(other, k) && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}
