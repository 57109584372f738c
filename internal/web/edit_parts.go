package web

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/timing"
)

// The parts of an action that can be added and removed on its edit form: the contract, the
// indicators and the cadences (extra rhythms with their own owners). A part is removed with a
// checkbox next to it and added by filling in the empty fields under the existing ones; both
// go into the same proposal as the rest of the form.

// checkField is a checkbox (value "ja") with its label.
type checkField struct {
	ID, Label string
	Checked   bool
}

type newIndicatorFields struct {
	Key, Name, Unit, Target, Per editField
}

type newCadenceFields struct {
	Key, Name, Phrase, Phase, Owners editField
}

// partKey is what the workflow files accept as the key of an indicator or cadence.
var partKey = regexp.MustCompile(`^[a-z0-9]+(?:[-_][a-z0-9]+)*$`)

// newParts builds the fields for a new indicator and a new cadence from what was typed; a
// part whose key is empty is not added and not checked. The rhythm of a new cadence shows its
// meaning like every other phrase.
func newParts(p *programme.Programme, v formValues, win timing.Window, lang string, fail func(*editField, string)) (newIndicatorFields, newCadenceFields) {
	fld := func(prefix, name, lbl, value string) editField {
		return editField{ID: prefix + name, Name: prefix + name, Label: label(lbl, lang), Value: value}
	}
	ni := newIndicatorFields{
		Key:    fld("nieuwe-indicator-", "sleutel", "edit.new.key", v.newInd[0]),
		Name:   fld("nieuwe-indicator-", "naam", "edit.new.indicator.name", v.newInd[1]),
		Unit:   fld("nieuwe-indicator-", "eenheid", "edit.new.indicator.unit", v.newInd[2]),
		Target: fld("nieuwe-indicator-", "streefwaarde", "edit.new.indicator.target", v.newInd[3]),
		Per:    fld("nieuwe-indicator-", "per", "edit.new.indicator.per", v.newInd[4]),
	}
	ni.Key.Hint = label("edit.new.key.hint", lang)
	ni.Per.Hint = label("edit.indicator.per.hint", lang)
	if v.newInd[0] != "" {
		checkNewPart(&ni.Key, &ni.Name, fail, lang)
		if _, ok := parseNumber(v.newInd[3]); !ok {
			fail(&ni.Target, label("edit.error.number", lang))
		}
	}
	nc := newCadenceFields{
		Key:    fld("nieuwe-cadans-", "sleutel", "edit.new.key", v.newCad[0]),
		Name:   fld("nieuwe-cadans-", "naam", "edit.new.cadence.name", v.newCad[1]),
		Phrase: fld("nieuwe-cadans-", "ritme", "edit.new.cadence.phrase", v.newCad[2]),
		Phase:  fld("nieuwe-cadans-", "fase", "edit.new.cadence.phase", v.newCad[3]),
		Owners: fld("nieuwe-cadans-", "eigenaren", "edit.new.cadence.owners", v.newCad[4]),
	}
	nc.Key.Hint = label("edit.new.key.hint", lang)
	nc.Phase.Hint = label("edit.new.cadence.phase.hint", lang)
	nc.Owners.Hint = fmt.Sprintf(label("edit.owners.hint", lang), strings.Join(p.OwnerKeys(), ", "))
	if v.newCad[2] != "" {
		nc.Phrase.Meaning, nc.Phrase.OK = phraseMeaning(v.newCad[2], win, lang)
		if !nc.Phrase.OK {
			nc.Phrase.Error = nc.Phrase.Meaning
		}
	}
	if v.newCad[0] != "" {
		checkNewPart(&nc.Key, &nc.Name, fail, lang)
		switch {
		case v.newCad[2] == "":
			fail(&nc.Phrase, label("edit.meaning.empty", lang))
		case !nc.Phrase.OK:
			fail(&nc.Phrase, nc.Phrase.Meaning)
		}
		switch programme.Phase(strings.ToLower(v.newCad[3])) {
		case "", programme.Plan, programme.Do, programme.Check, programme.Act:
		default:
			fail(&nc.Phase, label("edit.error.phase", lang))
		}
		for _, o := range ownerList(v.newCad[4]) {
			if _, ok := p.Owners[o]; !ok {
				fail(&nc.Owners, fmt.Sprintf(label("edit.error.owner", lang), o))
			}
		}
	}
	return ni, nc
}

// checkNewPart checks the key and the name of a part that is added.
func checkNewPart(key, name *editField, fail func(*editField, string), lang string) {
	if !partKey.MatchString(key.Value) {
		fail(key, label("edit.error.key", lang))
	}
	if name.Value == "" {
		fail(name, label("edit.error.name", lang))
	}
}

// addParts puts the removals and additions of the form into the edit.
func addParts(e *programme.ActionEdit, a programme.Action, v formValues) {
	for _, in := range a.Indicators {
		if v.removeInd[in.Key] {
			e.RemoveIndicators = append(e.RemoveIndicators, in.Key)
		}
	}
	for _, c := range a.Cadences {
		if v.removeCad[c.Key] {
			e.RemoveCadences = append(e.RemoveCadences, c.Key)
		}
	}
	if v.newInd[0] != "" {
		target, _ := parseNumber(v.newInd[3])
		e.AddIndicators = []programme.Indicator{{Key: v.newInd[0], Name: v.newInd[1], Unit: v.newInd[2], Target: target, Per: v.newInd[4]}}
	}
	if v.newCad[0] != "" {
		e.AddCadences = []programme.Cadence{{Key: v.newCad[0], Name: v.newCad[1], Phrase: v.newCad[2],
			Phase: programme.Phase(strings.ToLower(v.newCad[3])), Owners: ownerList(v.newCad[4])}}
	}
}
