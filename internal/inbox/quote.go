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
	// "-----Oorspronkelijk bericht-----", "-------- Original Message --------",
	// "----- Reply Message -----" and friends, bare or in bold (*…*) as
	// converted HTML gives them.
	separatorRe = regexp.MustCompile(`(?i)^[*_]*\s*-{2,}\s*(oorspronkelijk bericht|origineel bericht|original message|reply message|doorgestuurd bericht|forwarded message|ursprüngliche nachricht|weitergeleitete nachricht|message d'origine|message transféré)\s*-{2,}\s*[*_]*$`)
	beginFwdRe  = regexp.MustCompile(`(?i)^(begin (doorgestuurd|forwarded) (bericht|message)|begin van doorgestuurd bericht)\s*:$`)
	// A rule line: Outlook's underscores, or the dashes some clients put
	// above a Van:/Verzonden: block.
	ruleRe = regexp.MustCompile(`^[*]?(_{5,}|-{5,}|={5,}|—{3,})[*]?$`)
	// Outlook header block: "Van:" then "Verzonden:", "Aan:", "Onderwerp:".
	fromLineRe = regexp.MustCompile(`(?i)^\*?(van|from|de|von)\s*:\*?\s*\S`)
	headerRe   = regexp.MustCompile(`(?i)^\*?(verzonden|sent|datum|date|aan|to|onderwerp|subject|cc|bcc|gesendet|an|betreff|envoyé|à|objet)\s*:`)
	attribRe   = regexp.MustCompile(`(?i)^(op|on|am|le|el)\s.{4,}\b(schreef|wrote|geschreven|schrieb|a écrit|escribió)\b.*:$`)
	attribHint = regexp.MustCompile(`@|\d{1,2}:\d{2}|\b(19|20)\d{2}\b`)
	// "Naam <n@x.nl> schreef op 24 november 2026 10:12:", "Jan <j@x.nl> wrote:".
	attribAddrRe = regexp.MustCompile(`(?i)^.{0,120}(<[^<>\s]+@[^<>\s]+>|[^\s<>]+@[^\s<>]+)\W{0,3}\s.{0,40}\b(schreef|wrote|geschreven|schrieb|a écrit|escribió)\b.{0,80}:$`)
	// Gmail's older form: "2026-10-24 15:36 GMT+02:00 Naam <n@x.nl>:".
	attribISORe = regexp.MustCompile(`(?i)^\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}(:\d{2})?(\s+(gmt|utc)?[+-]?\d{0,2}:?\d{0,2})?\s.{0,120}@.{0,120}:$`)
	// "Jan Jansen schreef:" / "Jan wrote:": only an attribution when quoted lines follow.
	attribBareRe = regexp.MustCompile(`(?i)^.{1,80}\b(schreef|wrote|schrieb|a écrit)(\s+(op|on|am|le)\s.{1,60})?\s*:$`)
	// Phone and client signatures. They are only cut as the closing lines
	// of the answer (see closesAnswer): "Sent from my desk, …" in a
	// sentence is an answer.
	mobileSigRe = regexp.MustCompile(`(?i)^((verzonden|verstuurd|gestuurd) (vanaf|met|via|van) (mijn|de|een)?\s*\S.{0,40}|sent (from|with|via) (my )?\S.{0,40}|get outlook for (ios|android).{0,60}|(download )?outlook voor (ios|android)( downloaden)?.{0,60}|von meinem \S.{0,30} gesendet\.?)$`)
	closingRe   = regexp.MustCompile(`(?i)^((met\s+)?(vriendelijke|hartelijke|collegiale|beste|warme|zonnige)\s+groet(en)?\b.*|(groet(en|jes)?|gr\.?|mvg|m\.v\.g\.?|vriendelijke groet|kind regards|best regards|warm regards|with kind regards|regards|best wishes|cheers)\s*[,.!]?(\s+\p{L}+)?)$`)
	// Disclaimers and mailing-list footers: a heading of their own, or the
	// stock legal sentences at the start of a line.
	disclaimerHeadRe = regexp.MustCompile(`(?i)^[*_]*(disclaimer|vertrouwelijkheidsclausule|confidentiality notice|legal notice)[*_]*\s*:?\s*[*_]*$`)
	disclaimerRe     = regexp.MustCompile(`(?i)^(disclaimer\s*:\s*)?(dit (e-?mail|e-?mail ?bericht|bericht)( en (de|eventuele) bijlagen?)? (is|zijn) (uitsluitend|alleen|strikt|enkel) (bestemd|vertrouwelijk)|dit (e-?mail)?bericht kan vertrouwelijke|de informatie (verzonden )?(met|in) dit (e-?mail)?bericht (is|kan)|aan dit (e-?mail)?bericht kunnen geen rechten|this (e-?mail|email message|message)( and any (files|attachments?)( transmitted with it)?)? (is|are) (intended (only|solely|exclusively) for|(strictly )?confidential)|this (e-?mail|email message|message)( and any (files|attachments?))? may contain (confidential|privileged)|the information (contained )?in this (e-?mail|message|communication) (is|may be) (confidential|privileged|intended)|you received this message because you are subscribed|je hebt dit bericht ontvangen omdat je|u ontvangt dit bericht omdat u|to unsubscribe from this group)`)
	listFooterRe     = regexp.MustCompile(`(?i)^\S.{0,60} mailing ?list$`)
	urlLineRe        = regexp.MustCompile(`(?i)^[(<]?(https?://|www\.)\S+[)>]?$`)
	sentenceEndRe    = regexp.MustCompile(`[.!?]$`)
)

// stripQuotes returns the new text of a reply: everything from the first
// marker of quoted history or signature on is cut, "> " lines are dropped
// (so inline answers between quotes survive), blank runs are folded.
//
// Cut markers: Outlook's "-----Oorspronkelijk bericht-----" and header
// block (Van:/Verzonden:/Aan:/Onderwerp:, or From:/Sent:/To:/Subject:,
// possibly under a line of underscores or dashes), the separators of other
// clients ("-------- Original Message --------", "----- Reply Message
// -----", bold or not), attribution lines ("Op … schreef …:", "On … wrote:",
// "Naam <…> schreef op …:", "2026-10-24 15:36 GMT+02:00 Naam <…>:", Apple
// Mail's "Op … heeft … het volgende geschreven:", wrapped over up to three
// lines), forwarded-message markers (the forwarder's own text above them is
// the answer), the signature delimiter "-- ", disclaimers and mailing-list
// footers, a "Verzonden vanaf mijn iPhone"-style line when it closes the
// answer, and a closing greeting on its own line ("Met vriendelijke
// groet,") once some text came before it. An attribution directly followed
// by "> " lines is only removed, not cut at: a bottom-posted answer below
// the quote survives.
func stripQuotes(text string) string {
	lines := strings.Split(normalizeText(text), "\n")
	drop := make([]bool, len(lines))
	cut := len(lines)
	content := false
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if n, strong := attributionAt(lines, i); n > 0 {
			if next := nextNonEmpty(lines, i+n); next >= 0 && isQuoted(lines[next]) {
				for k := i; k < i+n; k++ {
					drop[k] = true
				}
				i += n - 1
				continue
			}
			if strong {
				cut = i
				break
			}
		}
		if startsHistory(lines, i) || isSigDelimiter(lines[i]) {
			cut = i
			break
		}
		if content && (disclaimerHeadRe.MatchString(t) || disclaimerRe.MatchString(t)) {
			cut = i
			break
		}
		if ruleRe.MatchString(t) {
			if next := nextNonEmpty(lines, i+1); next >= 0 && (startsHistory(lines, next) ||
				listFooterRe.MatchString(strings.TrimSpace(lines[next])) || disclaimerHeadRe.MatchString(strings.TrimSpace(lines[next]))) {
				cut = i
				break
			}
		}
		if isMobileSignature(t) && closesAnswer(lines, i+1) {
			cut = i
			break
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
	// A rule line left just above a cut marker belongs to the history.
	for len(out) > 0 && (strings.TrimSpace(out[len(out)-1]) == "" || ruleRe.MatchString(strings.TrimSpace(out[len(out)-1]))) {
		out = out[:len(out)-1]
	}
	return tidy(out)
}

// startsHistory reports whether lines[i] starts quoted or forwarded
// history that is cut without further checks.
func startsHistory(lines []string, i int) bool {
	t := strings.TrimSpace(lines[i])
	if separatorRe.MatchString(t) || beginFwdRe.MatchString(t) || headerBlockAt(lines, i) {
		return true
	}
	n, strong := attributionAt(lines, i)
	return n > 0 && strong
}

// isMobileSignature reports a phone or mail client's signature line. A
// line with a comma or many words is a sentence, not a signature.
func isMobileSignature(t string) bool {
	if len(t) > 90 || !mobileSigRe.MatchString(t) {
		return false
	}
	plain := t
	if i := strings.IndexAny(plain, "<("); i > 0 { // "Outlook voor Android<https://aka.ms/…>"
		plain = plain[:i]
	}
	return !strings.Contains(plain, ",") && len(strings.Fields(plain)) <= 8
}

// closesAnswer reports whether nothing of the owner's follows from line
// from on: only blank lines, quoted lines or the start of the history.
func closesAnswer(lines []string, from int) bool {
	next := nextNonEmpty(lines, from)
	// "Sent with BlackBerry Work" is followed by "(www.blackberry.com)".
	for next >= 0 && urlLineRe.MatchString(strings.TrimSpace(lines[next])) {
		next = nextNonEmpty(lines, next+1)
	}
	if next < 0 || isQuoted(lines[next]) || isSigDelimiter(lines[next]) || startsHistory(lines, next) {
		return true
	}
	t := strings.TrimSpace(lines[next])
	if ruleRe.MatchString(t) || disclaimerHeadRe.MatchString(t) || disclaimerRe.MatchString(t) {
		return true
	}
	return false
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

// attributionAt reports how many lines (1 to 3) an attribution such as
// "Op di 24 nov. 2026 om 10:12 schreef …:" takes from lines[i], or 0, and
// whether it is strong enough to cut at when no quoted lines follow. The
// shortest reading wins, and a span is refused when a later line of it
// starts an attribution of its own or its first line ends a sentence: "Op
// schema." above "Op di 24 nov. … schreef …:" is the owner's answer.
func attributionAt(lines []string, i int) (int, bool) {
	joined := ""
	for n := 1; n <= 3 && i+n <= len(lines); n++ {
		l := strings.TrimSpace(lines[i+n-1])
		if l == "" || isQuoted(l) && (n == 1 || strings.LastIndexByte(joined, '<') <= strings.LastIndexByte(joined, '>')) {
			return 0, false
		}
		if n > 1 {
			if sentenceEndRe.MatchString(joined) {
				return 0, false
			}
			open := strings.LastIndexByte(joined, '<') > strings.LastIndexByte(joined, '>') // "Naam <\nv@x.nl>"
			if !open && startsAttribution(lines, i+n-1, 3-n+1) {
				return 0, false
			}
			sep := " "
			if strings.HasSuffix(joined, "<") || strings.HasPrefix(l, ">") { // "<\nv@x.nl\n>:"
				sep = ""
			}
			joined += sep + l
		} else {
			joined = l
		}
		if len(joined) > 400 {
			return 0, false
		}
		if ok, strong := isAttribution(joined); ok {
			return n, strong
		}
	}
	return 0, false
}

// startsAttribution reports whether lines[i] begins a strong attribution
// of at most max lines of its own: alone, or as "Op …"/"On …" wrapped.
func startsAttribution(lines []string, i, max int) bool {
	first := strings.TrimSpace(lines[i])
	if ok, strong := isAttribution(first); ok && strong {
		return true
	}
	if !startsWithAny(strings.ToLower(first), "op ", "on ", "am ", "le ", "el ") {
		return false
	}
	joined := first
	for n := 2; n <= max && i+n <= len(lines); n++ {
		l := strings.TrimSpace(lines[i+n-1])
		if l == "" {
			return false
		}
		sep := " "
		if strings.HasSuffix(joined, "<") || strings.HasPrefix(l, ">") {
			sep = ""
		}
		joined += sep + l
		if ok, strong := isAttribution(joined); ok && strong {
			return true
		}
	}
	return false
}

var attribVerbs = []string{"schreef", "wrote", "geschreven", "schrieb", "écrit", "escribió"}

// isAttribution reports whether s is an attribution line, and whether it is
// a strong one (a form only mail clients write: with an address, or a
// date and a time). A weak one is only recognised above quoted lines.
func isAttribution(s string) (ok, strong bool) {
	if !strings.HasSuffix(s, ":") {
		return false, false
	}
	if attribISORe.MatchString(s) {
		return true, true
	}
	low := strings.ToLower(s)
	verb := false
	for _, v := range attribVerbs {
		if strings.Contains(low, v) {
			verb = true
			break
		}
	}
	if !verb {
		return false, false
	}
	if attribRe.MatchString(s) && attribHint.MatchString(s) {
		return true, true
	}
	if attribAddrRe.MatchString(s) {
		return true, true
	}
	if len(s) <= 140 && attribBareRe.MatchString(s) {
		return true, false
	}
	return false, false
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
