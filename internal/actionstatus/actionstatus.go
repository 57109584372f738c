// Package actionstatus holds the one rule that turns the owners' answers about an action into
// the action's status in a period. The board, the report, the raadsinformatiebrief and the
// coordinators' mails all call Of, so that no two of them can disagree about an action.
//
// The rule (also in the README):
//
//  1. Only each contact's newest answer in the period counts.
//  2. When the lead (the first owner; for "gemeenten" each municipality) has answered with a
//     status, the action has the lead's status; several lead answers combine into the one
//     that needs the most attention.
//  3. Otherwise the worst status among the other owners' (the contributors') answers counts,
//     so a contributor's "vertraagd" is never hidden behind a silent lead.
//  4. Otherwise the action has no status ("geen reactie").
//
// "Worst" orders vertraagd, niet gestart, op schema, gereed, vervallen. A coordinator who
// disagrees corrects an answer on the board (a new version), which then counts as any other.
package actionstatus

import (
	"slices"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
)

// Answer is one answer about an action in the period.
type Answer struct {
	Contact string
	// Owners are the organisations the contact answers for.
	Owners []string
	// Status as stored: a code or the words people wrote ("op schema").
	Status string
	At     time.Time
}

// Result is an action's status and where it came from.
type Result struct {
	// Code is an i18n status code, or "" when nobody answered with a status.
	Code string
	// ByLead is true when the status is the lead's.
	ByLead bool
	// LeadAnswered lists the lead organisations that have answered (with or without a
	// status), in the order of lead.
	LeadAnswered []string
}

// Of applies the rule to the answers about one action. lead lists the lead's organisations
// (a group owner expanded to its members). answers may be in any order and include older
// versions; only each contact's newest counts.
func Of(lead []string, answers []Answer) Result {
	newest := map[string]Answer{}
	for _, a := range answers {
		if old, ok := newest[a.Contact]; !ok || !a.At.Before(old.At) {
			newest[a.Contact] = a
		}
	}
	var res Result
	var other string
	answered := map[string]bool{}
	for _, a := range newest {
		code, _ := i18n.ParseStatus(a.Status)
		isLead := false
		for _, o := range lead {
			if slices.Contains(a.Owners, o) {
				isLead = true
				answered[o] = true
			}
		}
		if isLead {
			res.Code = Worst(res.Code, code)
		} else {
			other = Worst(other, code)
		}
	}
	for _, o := range lead {
		if answered[o] {
			res.LeadAnswered = append(res.LeadAnswered, o)
		}
	}
	if res.Code != "" {
		res.ByLead = true
		return res
	}
	res.Code = other
	return res
}

// Severity orders status codes from most to least in need of attention; "" and unknown codes
// come last.
func Severity(code string) int {
	switch code {
	case i18n.StatusDelayed:
		return 0
	case i18n.StatusNotStarted:
		return 1
	case i18n.StatusOnTrack:
		return 2
	case i18n.StatusDone:
		return 3
	case i18n.StatusCancelled:
		return 4
	}
	return 5
}

// Worst returns the code among codes that needs the most attention, or "" when none is a
// status.
func Worst(codes ...string) string {
	out := ""
	for _, c := range codes {
		if Severity(c) < Severity(out) {
			out = c
		}
	}
	return out
}

// Lead lists the organisations whose answer is the lead's for an action with these owners:
// the first owner, or the members of a group owner (gemeenten).
func Lead(p *programme.Programme, owners []string) []string {
	if len(owners) == 0 {
		return nil
	}
	if o, ok := p.Owners[owners[0]]; ok && len(o.Members) > 0 {
		return o.Members
	}
	return owners[:1]
}

// ActionKey names the action an answer is about as "<programme>/<ref>": an action answer's
// Ref is that already, a task answer's is the task key "<programme>/<ref>/<phase>/<dates>".
// Both count for the action's status.
func ActionKey(r store.Response) (string, bool) {
	parts := strings.Split(r.Ref, "/")
	switch r.RefKind {
	case store.RefAction:
		if len(parts) == 2 {
			return r.Ref, true
		}
	case store.RefTask:
		if len(parts) >= 2 {
			return parts[0] + "/" + parts[1], true
		}
	}
	return "", false
}

// ByAction groups the answers of a period by ActionKey, with each contact's organisations
// from owners (contact key → owner keys).
func ByAction(rs []store.Response, owners map[string][]string) map[string][]Answer {
	out := map[string][]Answer{}
	for _, r := range rs {
		k, ok := ActionKey(r)
		if !ok {
			continue
		}
		out[k] = append(out[k], Answer{Contact: r.ContactKey, Owners: owners[r.ContactKey], Status: r.Status, At: r.CreatedAt})
	}
	return out
}
