package timing

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of a token of a planning phrase.
type tokKind uint8

const (
	tEOF     tokKind = iota
	tWord            // letters, possibly with dots: "kwartaal", "d.d.", "sept."
	tNum             // ASCII digits
	tSlash           // "/"
	tDash            // "-" or "–"
	tComma           // ","
	tThrough         // "t/m" or "tot en met"
)

// maxNum caps number values so that long digit runs cannot overflow.
const maxNum = 1_000_000

// token is one lexical unit. Positions refer to the phrase as given, so that errors can quote
// the words exactly as the user typed them.
type token struct {
	kind tokKind
	text string // lower case; words without trailing dots ("sept." -> "sept")
	raw  string // lower case as written, used by Normalize
	val  int    // value of a number, capped at maxNum
	pos  int    // byte offset of the first byte
	end  int    // byte offset after the last byte
}

// tokenize splits a phrase into tokens. White space separates tokens and is otherwise ignored;
// parenthesised remarks are dropped. The result always ends with a tEOF token.
func tokenize(expr string) ([]token, *Error) {
	var toks []token
	for i := 0; i < len(expr); {
		r, size := utf8.DecodeRuneInString(expr[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return nil, errAt(expr, i, i+size, "onverwacht teken (geen geldige UTF-8)")
		case unicode.IsSpace(r):
			i += size
		case r == '(':
			end, ok := skipRemark(expr, i)
			if !ok {
				return nil, errAt(expr, i, i+size, `haakje "(" wordt niet gesloten`)
			}
			i = end
		case r == ')':
			return nil, errAt(expr, i, i+size, `haakje ")" zonder "(" ervoor`)
		case r >= '0' && r <= '9':
			j := i
			val := 0
			for j < len(expr) && expr[j] >= '0' && expr[j] <= '9' {
				val = min(val*10+int(expr[j]-'0'), maxNum)
				j++
			}
			toks = append(toks, token{kind: tNum, text: expr[i:j], raw: expr[i:j], val: val, pos: i, end: j})
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(expr) {
				r2, s2 := utf8.DecodeRuneInString(expr[j:])
				if !unicode.IsLetter(r2) && r2 != '.' {
					break
				}
				j += s2
			}
			raw := strings.ToLower(expr[i:j])
			if raw == "t" {
				if end, ok := matchThrough(expr, j); ok {
					toks = append(toks, token{kind: tThrough, text: "t/m", raw: "t/m", pos: i, end: end})
					i = end
					continue
				}
			}
			toks = append(toks, token{kind: tWord, text: strings.TrimRight(raw, "."), raw: raw, pos: i, end: j})
			i = j
		case r == '/':
			toks = append(toks, token{kind: tSlash, text: "/", raw: "/", pos: i, end: i + size})
			i += size
		case r == '-' || r == '–':
			toks = append(toks, token{kind: tDash, text: "-", raw: "-", pos: i, end: i + size})
			i += size
		case r == ',':
			toks = append(toks, token{kind: tComma, text: ",", raw: ",", pos: i, end: i + size})
			i += size
		default:
			return nil, errAt(expr, i, i+size, fmt.Sprintf("onverwacht teken %q", string(r)))
		}
	}
	toks = mergeTotEnMet(toks)
	return append(toks, token{kind: tEOF, pos: len(expr), end: len(expr)}), nil
}

// skipRemark returns the offset after the parenthesised remark that opens at i (nested
// parentheses allowed), or false when it is not closed.
func skipRemark(expr string, i int) (int, bool) {
	depth := 0
	for j := i; j < len(expr); j++ {
		switch expr[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1, true
			}
		}
	}
	return 0, false
}

// matchThrough reports whether "t" followed by expr[j:] spells "t/m" (white space around the
// slash allowed) and returns the offset after the "m".
func matchThrough(expr string, j int) (int, bool) {
	k := skipSpace(expr, j)
	if k >= len(expr) || expr[k] != '/' {
		return 0, false
	}
	k = skipSpace(expr, k+1)
	if k >= len(expr) || (expr[k] != 'm' && expr[k] != 'M') {
		return 0, false
	}
	k++
	if k < len(expr) {
		if r, _ := utf8.DecodeRuneInString(expr[k:]); unicode.IsLetter(r) || r == '.' {
			return 0, false
		}
	}
	return k, true
}

func skipSpace(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

// mergeTotEnMet turns the words "tot en met" into one tThrough token.
func mergeTotEnMet(toks []token) []token {
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		if i+2 < len(toks) && isWordTok(toks[i], "tot") && isWordTok(toks[i+1], "en") && isWordTok(toks[i+2], "met") {
			out = append(out, token{kind: tThrough, text: "t/m", raw: "t/m", pos: toks[i].pos, end: toks[i+2].end})
			i += 2
			continue
		}
		out = append(out, toks[i])
	}
	return out
}

func isWordTok(t token, w string) bool { return t.kind == tWord && t.text == w }

// Normalize gives the canonical spelling of a phrase, so that phrases which differ only in what
// the contract ignores compare equal: lower case, single spaces, no remarks in parentheses, no
// space around "/" and "-", "–" as "-", "tot en met" as "t/m" and "Q 2" as "q2".
// Normalize("Q2 \n 2026") == "q2 2026". Parse gives the same result for a phrase and its
// normalised form. A phrase that cannot be tokenised is only lower-cased and space-collapsed.
func Normalize(expr string) string {
	toks, err := tokenize(expr)
	if err != nil {
		return strings.ToLower(collapseSpace(expr))
	}
	var b strings.Builder
	for i, t := range toks {
		if t.kind == tEOF {
			break
		}
		if i > 0 && spaceBetween(toks[i-1], t) {
			b.WriteByte(' ')
		}
		b.WriteString(t.raw)
	}
	return b.String()
}

// spaceBetween says whether Normalize writes a space between two tokens.
func spaceBetween(prev, t token) bool {
	switch {
	case prev.kind == tSlash || prev.kind == tDash || t.kind == tSlash || t.kind == tDash:
		return false
	case t.kind == tComma:
		return false
	case prev.kind == tWord && (prev.raw == "q" || prev.raw == "h") && t.kind == tNum:
		return false
	}
	return true
}

// collapseSpace trims s and replaces every run of white space by one space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// errAt builds an Error for the bytes expr[pos:end].
func errAt(expr string, pos, end int, msg string) *Error {
	return &Error{Expr: expr, Word: expr[pos:end], Pos: pos, Msg: msg}
}
