package inbox

import (
	"regexp"
	"strings"

	"github.com/regiogv/voortgang/internal/actionstatus"
)

// refCore is an action reference: doel number, actie letter, optional
// sub-action digit ("15a", "1g2").
const refCore = `\d{1,3}[a-zA-Z]\d{0,2}`

var (
	// A reference at the start of a line: "[15a]", "[ 15a ]", "(15a)",
	// "15a:", "15a." or "15a)", optionally after a bullet, bold stars or the
	// word "actie".
	refLineRe = regexp.MustCompile(`(?i)^[\s*•·\-–]*(?:actie\s+|ref\.?\s+)?(?:\[\s*(` + refCore + `)\s*\]|\(\s*(` + refCore + `)\s*\)|(` + refCore + `)\s*[:.)](?:\s|$))\**`)
	// A bracketed reference anywhere in a line.
	refInlineRe = regexp.MustCompile(`\[\s*(` + refCore + `)\s*\]`)
	// Text between a reference or "status:" label and the status word.
	labelRe = regexp.MustCompile(`(?i)^[\s:\-–—*]*(status\s*[:\-–]?\s*)?`)
	// Salutations skipped before looking for a status in a reply without
	// references.
	salutationRe = regexp.MustCompile(`(?i)^(hoi|hallo|beste|geachte|goedemorgen|goedemiddag|goedenavond|dag|hi|hello|hey|dear|good morning)\b.{0,40}$`)
)

// statusRe matches the status words and their synonyms. Alternatives that
// share a start are ordered longest first ("loopt achter" before "loopt").
var statusRe = regexp.MustCompile(`(?i)\b(niet\s+op\s+schema|achter\s+op\s+schema|op\s+schema|op\s+koers|loopt\s+achter|loopt\s+uit|loopt|vertraagd|vertraging|nog\s+niet\s+gestart|niet\s+gestart|nog\s+niet\s+begonnen|niet\s+begonnen|gereed|klaar|afgerond|gerealiseerd|voltooid|vervallen|gestopt|geschrapt)\b`)

var statusWords = map[string]actionstatus.Status{
	"niet op schema":    actionstatus.Delayed,
	"achter op schema":  actionstatus.Delayed,
	"op schema":         actionstatus.OnTrack,
	"op koers":          actionstatus.OnTrack,
	"loopt achter":      actionstatus.Delayed,
	"loopt uit":         actionstatus.Delayed,
	"loopt":             actionstatus.OnTrack,
	"vertraagd":         actionstatus.Delayed,
	"vertraging":        actionstatus.Delayed,
	"nog niet gestart":  actionstatus.NotStarted,
	"niet gestart":      actionstatus.NotStarted,
	"nog niet begonnen": actionstatus.NotStarted,
	"niet begonnen":     actionstatus.NotStarted,
	"gereed":            actionstatus.Done,
	"klaar":             actionstatus.Done,
	"afgerond":          actionstatus.Done,
	"gerealiseerd":      actionstatus.Done,
	"voltooid":          actionstatus.Done,
	"vervallen":         actionstatus.Cancelled,
	"gestopt":           actionstatus.Cancelled,
	"geschrapt":         actionstatus.Cancelled,
}

var negationRe = regexp.MustCompile(`(?i)\b(niet|geen|nog niet)\s+$`)

// findStatus returns the status named in line, with the byte range of the
// word. The first non-negated match wins; the bare "loopt" only counts when
// the line has no other status word ("het loopt, maar met vertraging").
func findStatus(line string) (actionstatus.Status, int, int, bool) {
	weak := -1
	var weakM []int
	// The status stands near the start; a paragraph-long first line is
	// only searched at its beginning.
	head := line[:min(len(line), 300)]
	for _, m := range statusRe.FindAllStringSubmatchIndex(head, -1) {
		word := strings.ToLower(strings.Join(strings.Fields(line[m[2]:m[3]]), " "))
		if !strings.HasPrefix(word, "niet") && !strings.HasPrefix(word, "nog") && negationRe.MatchString(line[max(0, m[0]-16):m[0]]) {
			continue
		}
		if word == "loopt" {
			if weak < 0 {
				weak, weakM = m[0], m
			}
			continue
		}
		return statusWords[word], m[0], m[1], true
	}
	if weak >= 0 {
		return actionstatus.OnTrack, weakM[0], weakM[1], true
	}
	return "", 0, 0, false
}

func hasStatus(line string) bool {
	_, _, _, ok := findStatus(line)
	return ok
}

// matchRef reports the reference a line starts with (lowercased) and the
// rest of the line.
func matchRef(line string) (string, string, bool) {
	m := refLineRe.FindStringSubmatchIndex(line)
	if m == nil {
		return "", "", false
	}
	for g := 1; g <= 3; g++ {
		if m[2*g] >= 0 {
			return strings.ToLower(line[m[2*g]:m[2*g+1]]), line[m[1]:], true
		}
	}
	return "", "", false
}

// splitInline breaks a line before a bracketed reference in its middle when
// a status word follows it: "[15a] gereed [15b] vertraagd" is two answers.
func splitInline(line string) []string {
	var out []string
	start := 0
	lead := refLineRe.FindStringIndex(line) // "- [5a]" is a reference at line start
	for _, m := range refInlineRe.FindAllStringIndex(line, -1) {
		if m[0] == 0 || strings.TrimSpace(line[start:m[0]]) == "" || lead != nil && lead[1] >= m[1] {
			continue
		}
		rest := line[m[1]:min(len(line), m[1]+80)] // a status follows closely
		rest = labelRe.ReplaceAllString(rest, "")
		if _, at, _, ok := findStatus(rest); ok && at == 0 {
			out = append(out, strings.TrimRight(line[start:m[0]], " \t"))
			start = m[0]
		}
	}
	return append(out, line[start:])
}

// splitItems splits the new text of a reply into one Item per action
// reference. Text before the first reference is not part of any item. A
// reply without references gives one Item with an empty Ref; an empty
// reply gives none.
func splitItems(text string) []Item {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	type block struct {
		ref   string
		lines []string
	}
	var blocks []*block
	var cur *block
	for _, raw := range strings.Split(text, "\n") {
		for _, line := range splitInline(raw) {
			if ref, rest, ok := matchRef(line); ok {
				cur = &block{ref: ref, lines: []string{strings.TrimLeft(rest, " \t:-–—")}}
				blocks = append(blocks, cur)
				continue
			}
			if cur != nil {
				cur.lines = append(cur.lines, line)
			}
		}
	}

	if len(blocks) == 0 {
		lines := strings.Split(text, "\n")
		first := nextNonEmpty(lines, 0)
		if first >= 0 && salutationRe.MatchString(strings.TrimSpace(lines[first])) && !hasStatus(lines[first]) {
			if n := nextNonEmpty(lines, first+1); n >= 0 {
				lines = lines[n:]
			}
		}
		return []Item{answer("", lines)}
	}

	var items []Item
	var texts [][]string
	index := map[string]int{}
	for _, b := range blocks {
		it := answer(b.ref, b.lines)
		i, ok := index[b.ref]
		if !ok {
			i = len(items)
			index[b.ref] = i
			items = append(items, Item{Ref: b.ref})
			texts = append(texts, nil)
		}
		// The same reference twice is one answer, in the order given.
		if items[i].Status == "" {
			items[i].Status = it.Status
		}
		if it.Text != "" {
			texts[i] = append(texts[i], it.Text)
		}
	}
	for i := range items {
		items[i].Text = strings.Join(texts[i], "\n\n")
	}
	return items
}

// answer reads one action's lines: the status word on the first line, the
// rest is the toelichting. When the first line is only a copied title, the
// status may stand at the start of the next line.
func answer(ref string, lines []string) Item {
	it := Item{Ref: ref}
	first := nextNonEmpty(lines, 0)
	if first < 0 {
		return it
	}
	line := strings.TrimSpace(lines[first])
	rest := lines[first+1:]

	if st, text, ok := statusLine(line); ok {
		it.Status = st
		it.Text = tidy(append([]string{text}, rest...))
		return it
	}
	if next := nextNonEmpty(rest, 0); next >= 0 {
		nl := labelRe.ReplaceAllString(strings.TrimSpace(rest[next]), "")
		if st, at, end, ok := findStatus(nl); ok && at == 0 {
			it.Status = st
			tail := strings.TrimLeft(nl[end:], " \t,.;:-–—!")
			it.Text = tidy(append([]string{line, tail}, rest[next+1:]...))
			return it
		}
	}
	it.Text = tidy(lines)
	return it
}

// statusLine finds the status on the first line of an answer and returns
// what of the line belongs to the toelichting: the words after a leading
// status word ("gereed, training gegeven" → "training gegeven"), nothing
// for a copied title ending in the status ("Training: gereed"), and the
// whole line when the status is part of a sentence ("Door ziekte
// vertraagd.").
func statusLine(line string) (actionstatus.Status, string, bool) {
	body := labelRe.ReplaceAllString(line, "")
	st, at, end, ok := findStatus(body)
	if !ok {
		return "", "", false
	}
	tail := strings.TrimLeft(body[end:], " \t,.;:-–—!")
	if at == 0 {
		return st, tail, true
	}
	before := strings.TrimRight(body[:at], " \t")
	if tail == "" && (strings.HasSuffix(before, ":") || strings.HasSuffix(before, "-") || strings.HasSuffix(before, "–")) {
		return st, "", true
	}
	return st, body, true
}
