package inbox

import (
	"regexp"
	"strings"
)

// normalizeText makes line endings "\n" and removes characters that only
// get in the way of matching (BOM, zero-width spaces, non-breaking spaces).
func normalizeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.NewReplacer(
		"\ufeff", "",
		"\u200b", "",
		"\u200c", "",
		"\u200d", "",
		"\u00a0", " ",
		"\u202f", " ",
	).Replace(s)
}

var (
	// -----Oorspronkelijk bericht----- and friends.
	separatorRe = regexp.MustCompile(`(?i)^-{2,}\s*(oorspronkelijk bericht|original message|doorgestuurd bericht|forwarded message|ursprüngliche nachricht|weitergeleitete nachricht|message d'origine)\s*-{2,}$`)
	beginFwdRe  = regexp.MustCompile(`(?i)^(begin (doorgestuurd|forwarded) (bericht|message)|begin van doorgestuurd bericht)\s*:$`)
	underlineRe = regexp.MustCompile(`^_{10,}$`)
	// Outlook header block: "Van:" then "Verzonden:", "Aan:", "Onderwerp:".
	fromLineRe  = regexp.MustCompile(`(?i)^\*?(van|from|de|von)\s*:\*?\s*\S`)
	headerRe    = regexp.MustCompile(`(?i)^\*?(verzonden|sent|datum|date|aan|to|onderwerp|subject|cc|bcc|gesendet|an|betreff|envoyé|à|objet)\s*:`)
	attribRe    = regexp.MustCompile(`(?i)^(op|on|am|le|el)\s.{4,}\b(schreef|wrote|geschreven|schrieb|a écrit|escribió)\b.*:$`)
	attribHint  = regexp.MustCompile(`@|\d{1,2}:\d{2}|\b(19|20)\d{2}\b`)
	mobileSigRe = regexp.MustCompile(`(?i)^((verzonden|verstuurd) (vanaf|met|via) (mijn|de|een)\b|sent (from|with) my\b|get outlook for\b|outlook voor (ios|android)\b|download outlook voor\b)`)
	closingRe   = regexp.MustCompile(`(?i)^((met\s+)?(vriendelijke|hartelijke|collegiale|beste|warme|zonnige)\s+groet(en)?\b.*|(groet(en|jes)?|gr\.?|mvg|m\.v\.g\.?|vriendelijke groet|kind regards|best regards|warm regards|with kind regards|regards|best wishes|cheers)\s*[,.!]?(\s+\p{L}+)?)$`)
)

// stripQuotes returns the new text of a reply: everything from the first
// marker of quoted history or signature on is cut, "> " lines are dropped
// (so inline answers between quotes survive), blank runs are folded.
//
// Cut markers: Outlook's "-----Oorspronkelijk bericht-----" and header
// block (Van:/Verzonden:/Aan:/Onderwerp:, or From:/Sent:/To:/Subject:,
// possibly under a line of underscores), Gmail's "Op … schreef …:" and
// "On … wrote:" (also wrapped over two lines), Apple Mail's "Op … heeft …
// het volgende geschreven:", forwarded-message markers, the signature
// delimiter "-- ", "Verzonden vanaf mijn iPhone"-style lines, and a
// closing greeting on its own line ("Met vriendelijke groet,") once some
// text came before it. An attribution line directly followed by "> "
// lines is only removed, not cut at.
func stripQuotes(text string) string {
	lines := strings.Split(normalizeText(text), "\n")
	drop := make([]bool, len(lines))
	cut := len(lines)
	content := false
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if n := attributionAt(lines, i); n > 0 {
			if next := nextNonEmpty(lines, i+n); next >= 0 && isQuoted(lines[next]) {
				for k := i; k < i+n; k++ {
					drop[k] = true
				}
				i += n - 1
				continue
			}
			cut = i
			break
		}
		if separatorRe.MatchString(t) || beginFwdRe.MatchString(t) || headerBlockAt(lines, i) ||
			isSigDelimiter(lines[i]) || mobileSigRe.MatchString(t) {
			cut = i
			break
		}
		if underlineRe.MatchString(t) {
			if next := nextNonEmpty(lines, i+1); next >= 0 && headerBlockAt(lines, next) {
				cut = i
				break
			}
		}
		if content && len(t) <= 60 && closingRe.MatchString(t) {
			cut = i
			break
		}
		if t != "" && !isQuoted(t) {
			content = true
		}
	}

	var out []string
	for i, l := range lines[:cut] {
		if drop[i] || isQuoted(l) {
			continue
		}
		out = append(out, strings.TrimRight(l, " \t"))
	}
	return tidy(out)
}

func isQuoted(l string) bool {
	return strings.HasPrefix(strings.TrimLeft(l, " \t"), ">")
}

func isSigDelimiter(l string) bool {
	return l == "-- " || strings.TrimRight(l, " \t") == "--"
}

func nextNonEmpty(lines []string, from int) int {
	for i := from; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			return i
		}
	}
	return -1
}

// attributionAt reports how many lines (1 or 2) an attribution line such
// as "Op di 24 nov. 2026 om 10:12 schreef …:" takes at lines[i], or 0.
func attributionAt(lines []string, i int) int {
	t := strings.TrimSpace(lines[i])
	low := strings.ToLower(t)
	if !startsWithAny(low, "op ", "on ", "am ", "le ", "el ") || len(t) > 300 {
		return 0
	}
	if isAttribution(t) {
		return 1
	}
	if i+1 < len(lines) && len(t)+len(lines[i+1]) <= 300 {
		if isAttribution(t + " " + strings.TrimSpace(lines[i+1])) {
			return 2
		}
	}
	return 0
}

var attribVerbs = []string{"schreef", "wrote", "geschreven", "schrieb", "écrit", "escribió"}

func isAttribution(s string) bool {
	if !strings.HasSuffix(s, ":") {
		return false
	}
	low := strings.ToLower(s)
	for _, v := range attribVerbs {
		if strings.Contains(low, v) {
			return attribRe.MatchString(s) && attribHint.MatchString(s)
		}
	}
	return false
}

// headerBlockAt reports whether lines[i] starts a header block of quoted
// mail: a From/Van line followed closely by at least two more header lines.
func headerBlockAt(lines []string, i int) bool {
	if !fromLineRe.MatchString(strings.TrimSpace(lines[i])) {
		return false
	}
	found, seen := 0, 0
	for k := i + 1; k < len(lines) && k <= i+12 && seen < 6; k++ {
		t := strings.TrimSpace(lines[k])
		if t == "" {
			continue
		}
		seen++
		if headerRe.MatchString(t) {
			found++
		}
	}
	return found >= 2
}

func startsWithAny(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// tidy trims surrounding blank lines and folds runs of blank lines into one.
func tidy(lines []string) string {
	var out []string
	blank := false
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			blank = true
			continue
		}
		if blank && len(out) > 0 {
			out = append(out, "")
		}
		blank = false
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
