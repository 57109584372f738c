package timing

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// The grammar, after tokenising (remarks in parentheses are already gone):
//
//	phrase     = item { separator item }
//	separator  = "," ["en"] | "en" ["/" "of"] | "dan" "wel"
//	item       = state | recurrence [ fixed ] | fixed
//	recurrence = adjective | quantifier [count] unit | "om" ("de"|"het") [count] unit
//	           | times "per" [count] unit
//	fixed      = period [ ("t/m" | "-" | "/") period ]
//	period     = ["d.d."] numericDate | head [ ["van"] years ] | years
//	head       = periodWord { ("/" periodWord) | quarter }
//	years      = year [ ("t/m" | "-" | "/") year ]
//
// A head without its own year takes the year(s) of the next head that has them ("Q1 en Q3
// 2026"). A season without any year recurs every year ("Zomer"), unless something else in the
// phrase has a year.

// Parse parses one planning phrase (see shared/design/timing.md). Recurring phrases give every
// occurrence whose Due lies in w; fixed phrases and recurrences limited to a period of their own
// ("Jaarlijks 2027 t/m 2029") ignore w. Occurrences are sorted by Start then End, without
// duplicates. The error, if any, is an *Error.
func Parse(expr string, w Window) (Result, error) {
	res, err := parse(expr, w)
	if err != nil {
		return Result{Expr: expr}, err
	}
	return res, nil
}

func parse(expr string, w Window) (Result, *Error) {
	toks, err := tokenize(expr)
	if err != nil {
		return Result{}, err
	}
	p := &parser{expr: expr, toks: toks}
	if p.at(tEOF) {
		return Result{}, &Error{Expr: expr, Pos: -1,
			Msg: `lege cel; verwacht een planning zoals "Q2 2026", "Jaarlijks", "Gaande" of "Gereed"`}
	}
	parts, err := p.phrase()
	if err != nil {
		return Result{}, err
	}
	return p.build(parts, w)
}

// partKind says what an item of a phrase is.
type partKind uint8

const (
	kFixed partKind = iota + 1
	kRecur
	kState
)

// part is one item of a phrase: "Q1", "Q3 2026 t/m 2029", "Jaarlijks 2027", "Gereed".
type part struct {
	kind     partKind
	pos, end int // location in the phrase

	// kFixed: either abs, or head and/or years.
	abs   *span      // an absolute range: a numeric date or "Q1 2026 t/m Q3 2027"
	head  *headRange // nil: the years themselves
	years *yearSpec  // nil: the head still needs a year

	// kRecur
	rec   recurrence
	limit *part // the period the recurrence is limited to, if any

	// kState
	state State
}

func (pt *part) yearOnly() bool { return pt.kind == kFixed && pt.abs == nil && pt.head == nil }
func (pt *part) pending() bool  { return pt.kind == kFixed && pt.head != nil && pt.years == nil }

// yearSpec is one year or an inclusive range of years.
type yearSpec struct {
	from, to int
	pos, end int
}

type parser struct {
	expr string
	toks []token
	i    int
}

func (p *parser) peek(k int) token {
	if p.i+k < 0 {
		return p.toks[0]
	}
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) at(kind tokKind) bool { return p.peek(0).kind == kind }

func (p *parser) next() token {
	t := p.peek(0)
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

// word reports whether the token k ahead is one of the given words.
func (p *parser) word(k int, words ...string) bool {
	t := p.peek(k)
	return t.kind == tWord && slices.Contains(words, t.text)
}

// text is the phrase between two offsets, with white space collapsed, for messages.
func (p *parser) text(pos, end int) string { return collapseSpace(p.expr[pos:end]) }

// fail reports an error at the tokens from..to (inclusive).
func (p *parser) fail(from, to token, msg string) *Error {
	return errAt(p.expr, from.pos, to.end, msg)
}

func (p *parser) failSpan(pos, end int, msg string) *Error { return errAt(p.expr, pos, end, msg) }

// unexpected reports the current token, saying what was expected.
func (p *parser) unexpected(expected string) *Error {
	t := p.peek(0)
	switch {
	case t.kind == tEOF:
		prev := p.toks[max(p.i-1, 0)]
		return p.fail(prev, prev, fmt.Sprintf("na %q verwacht %s", p.text(prev.pos, prev.end), expected))
	case t.kind == tWord && !knownWord(t.text):
		return p.fail(t, t, fmt.Sprintf("onbekend woord %q; verwacht %s", p.text(t.pos, t.end), expected))
	default:
		return p.fail(t, t, fmt.Sprintf("onverwacht %q; verwacht %s", p.text(t.pos, t.end), expected))
	}
}

const expectItem = `een periode ("Q2 2026", "voorjaar 2027", "2028"), een herhaling ("jaarlijks", "ieder kwartaal"), "gaande" of "gereed"`

// phrase parses items and the separators between them.
func (p *parser) phrase() ([]part, *Error) {
	var parts []part
	for {
		pt, err := p.item()
		if err != nil {
			return nil, err
		}
		parts = append(parts, pt)
		if p.at(tEOF) {
			return parts, nil
		}
		if pt.kind == kState {
			return nil, p.failSpan(pt.pos, pt.end, fmt.Sprintf(
				"%q staat alleen in een cel en kan niet met een andere planning gecombineerd worden", p.text(pt.pos, pt.end)))
		}
		if !p.separator() {
			return nil, p.unexpected(`"en", ",", "t/m" of het einde van de cel`)
		}
	}
}

// separator consumes "en", ",", ", en", "en/of" or "dan wel".
func (p *parser) separator() bool {
	switch {
	case p.at(tComma):
		p.next()
		if p.word(0, "en") {
			p.next()
		}
	case p.word(0, "en"):
		p.next()
		if p.at(tSlash) && p.word(1, "of") {
			p.next()
			p.next()
		}
	case p.word(0, "dan") && p.word(1, "wel"):
		p.next()
		p.next()
	default:
		return false
	}
	return true
}

func (p *parser) item() (part, *Error) {
	t := p.peek(0)
	if t.kind == tWord {
		if st, ok := stateWords[t.text]; ok {
			p.next()
			return part{kind: kState, state: st, pos: t.pos, end: t.end}, nil
		}
	}
	rec, ok, err := p.recurrence()
	if err != nil {
		return part{}, err
	}
	if ok {
		pt := part{kind: kRecur, rec: rec, pos: t.pos, end: p.peek(-1).end}
		if p.startsPeriod(0) {
			lim, err := p.fixed()
			if err != nil {
				return part{}, err
			}
			if lim.pending() {
				return part{}, p.failSpan(lim.head.pos, lim.head.end,
					fmt.Sprintf("jaartal verwacht na %q", p.text(lim.head.pos, lim.head.end)))
			}
			pt.limit = &lim
			pt.end = lim.end
		}
		return pt, nil
	}
	if p.startsPeriod(0) {
		return p.fixed()
	}
	return part{}, p.unexpected(expectItem)
}

// startsPeriod reports whether the token k ahead can start a period.
func (p *parser) startsPeriod(k int) bool {
	t := p.peek(k)
	if t.kind == tNum {
		return true
	}
	if t.kind != tWord {
		return false
	}
	_, o := ordinals[t.text]
	_, s := seasons[t.text]
	_, m := months[t.text]
	_, mk := marks[t.text]
	return o || s || m || mk || t.text == "q" || t.text == "h" || t.text == "d.d"
}

// recurrence parses a repeating phrase if one starts here.
func (p *parser) recurrence() (recurrence, bool, *Error) {
	start := p.peek(0)
	times, everyOther := 1, false
	switch {
	case start.kind == tWord && adjectives[start.text] != (recurrence{}):
		p.next()
		return adjectives[start.text], true, nil
	case start.kind == tWord && quantifiers[start.text]:
		p.next()
	case start.kind == tWord && start.text == "om":
		p.next()
		if !p.word(0, "de", "het") {
			return recurrence{}, false, p.unexpected(`"de" of "het" ("om de maand", "om de 2 weken")`)
		}
		p.next()
		if _, ok := p.count(); !ok {
			everyOther = true // "om de maand": every other month
		}
	case start.kind == tWord && timesWords[start.text] > 0:
		times = timesWords[start.text]
		p.next()
		if !p.word(0, "per") {
			return recurrence{}, false, p.unexpected(`"per" ("eenmaal per twee maanden")`)
		}
		p.next()
	case start.kind == tNum && p.word(1, "x", "keer", "maal"):
		times = start.val
		p.next()
		p.next()
		if !p.word(0, "per") {
			return recurrence{}, false, p.unexpected(`"per" ("2 x per jaar")`)
		}
		p.next()
	default:
		return recurrence{}, false, nil
	}
	n := 1
	if everyOther {
		n = 2
	} else if c, ok := p.count(); ok {
		n = c
		p.next()
	}
	u, ok := p.unit()
	if !ok {
		return recurrence{}, false, p.unexpected(`"jaar", "half jaar", "kwartaal", "maand(en)" of "weken"`)
	}
	rec, ok := makeRecurrence(n, u, times)
	if !ok {
		last := p.peek(-1)
		return recurrence{}, false, p.fail(start, last, fmt.Sprintf(
			"herhaling %q wordt niet ondersteund; gebruik bijv. maandelijks, tweemaandelijks, ieder kwartaal, halfjaarlijks, jaarlijks, tweejaarlijks of iedere 6 weken",
			p.text(start.pos, last.end)))
	}
	return rec, true, nil
}

// count reads (without consuming) a count: "6" or "twee".
func (p *parser) count() (int, bool) {
	t := p.peek(0)
	if t.kind == tNum {
		return t.val, true
	}
	if t.kind == tWord {
		n, ok := numberWords[t.text]
		return n, ok
	}
	return 0, false
}

// unit consumes a unit of time: "jaar", "half jaar", "kwartaal", "maanden", "weken".
func (p *parser) unit() (unit, bool) {
	if p.word(0, "half") && p.word(1, "jaar") {
		p.next()
		p.next()
		return units["halfjaar"], true
	}
	t := p.peek(0)
	if u, ok := units[t.text]; ok && t.kind == tWord {
		p.next()
		return u, true
	}
	return unit{}, false
}

// makeRecurrence turns "times per n units" into a supported recurrence.
func makeRecurrence(n int, u unit, times int) (recurrence, bool) {
	if n < 1 || times < 1 || n > 1000 || times > 1000 {
		return recurrence{}, false
	}
	if u.weeks > 0 {
		total := n * u.weeks
		if total%times != 0 || total/times > 52 {
			return recurrence{}, false
		}
		return recurrence{weeks: total / times}, true
	}
	total := n * u.months
	if total%times != 0 {
		return recurrence{}, false
	}
	switch m := total / times; m {
	case 1, 2, 3, 6, 12, 24:
		return recurrence{months: m}, true
	}
	return recurrence{}, false
}

// fixed parses a period, or a range of two periods.
func (p *parser) fixed() (part, *Error) {
	left, err := p.period()
	if err != nil {
		return part{}, err
	}
	if (p.at(tThrough) || p.at(tDash) || p.at(tSlash)) && p.startsPeriod(1) {
		p.next()
		right, err := p.period()
		if err != nil {
			return part{}, err
		}
		return p.join(left, right)
	}
	return left, nil
}

// join makes one range of "left t/m right".
func (p *parser) join(left, right part) (part, *Error) {
	switch {
	case left.pending() && right.head != nil:
		h := headRange{first: left.head.first, last: right.head.last, pos: left.head.pos, end: right.head.end}
		return part{kind: kFixed, head: &h, years: right.years, pos: left.pos, end: right.end}, nil
	case left.pending():
		return part{}, p.failSpan(left.head.pos, left.head.end,
			fmt.Sprintf("jaartal verwacht na %q", p.text(left.head.pos, left.head.end)))
	case right.pending():
		return part{}, p.failSpan(right.head.pos, right.head.end,
			fmt.Sprintf("jaartal verwacht na %q", p.text(right.head.pos, right.head.end)))
	}
	ls, err := p.single(left)
	if err != nil {
		return part{}, err
	}
	rs, err := p.single(right)
	if err != nil {
		return part{}, err
	}
	if rs.start.Before(ls.start) || rs.end.Before(ls.end) {
		return part{}, p.failSpan(right.pos, right.end, fmt.Sprintf("bereik loopt achteruit: %q ligt vóór %q",
			p.text(right.pos, right.end), p.text(left.pos, left.end)))
	}
	return part{kind: kFixed, abs: &span{ls.start, rs.end}, pos: left.pos, end: right.end}, nil
}

// single is the one span of a fixed part that is one side of a range.
func (p *parser) single(pt part) (span, *Error) {
	if pt.years != nil && pt.years.from != pt.years.to && pt.head != nil {
		return span{}, p.failSpan(pt.pos, pt.end, fmt.Sprintf(
			"%q heeft meerdere jaren en kan geen begin of einde van een bereik zijn", p.text(pt.pos, pt.end)))
	}
	spans, err := p.spans(pt)
	if err != nil {
		return span{}, err
	}
	return span{spans[0].start, spans[len(spans)-1].end}, nil
}

// period parses one period: a date, a head with or without years, or years.
func (p *parser) period() (part, *Error) {
	start := p.peek(0)
	if p.word(0, "d.d") {
		p.next()
		if !p.at(tNum) {
			return part{}, p.unexpected(`een datum ("d.d. 30 november 2023")`)
		}
	}
	if p.numericDate(0) {
		return p.dateNumeric()
	}
	if p.at(tNum) && !p.monthAhead(1) {
		ys, err := p.years()
		if err != nil {
			return part{}, err
		}
		return part{kind: kFixed, years: ys, pos: start.pos, end: ys.end}, nil
	}
	h, err := p.head()
	if err != nil {
		return part{}, err
	}
	pt := part{kind: kFixed, head: &h, pos: start.pos, end: h.end}
	if p.word(0, "van") && p.yearAhead(1) {
		p.next()
	}
	if p.yearAhead(0) {
		ys, err := p.years()
		if err != nil {
			return part{}, err
		}
		pt.years, pt.end = ys, ys.end
	}
	return pt, nil
}

// monthAhead reports whether the token k ahead is a month name.
func (p *parser) monthAhead(k int) bool {
	t := p.peek(k)
	_, ok := months[t.text]
	return ok && t.kind == tWord
}

// yearAhead reports whether the token k ahead is a number that stands for a year (not a day
// before a month name, nor the start of a numeric date).
func (p *parser) yearAhead(k int) bool {
	return p.peek(k).kind == tNum && !p.monthAhead(k+1) && !p.numericDate(k)
}

// numericDate reports whether a date like 01-02-2024 or 2024-02-01 starts k tokens ahead.
func (p *parser) numericDate(k int) bool {
	return p.peek(k).kind == tNum && p.peek(k+1).kind == tDash && p.peek(k+2).kind == tNum &&
		p.peek(k+3).kind == tDash && p.peek(k+4).kind == tNum
}

// dateNumeric parses 01-02-2024, 1-2-2024 or 2024-02-01.
func (p *parser) dateNumeric() (part, *Error) {
	a, _, b, _, c := p.next(), p.next(), p.next(), p.next(), p.next()
	d, m, y := a, b, c
	if len(a.text) == 4 {
		d, y = c, a
	}
	if err := p.checkYear(y); err != nil {
		return part{}, err
	}
	txt := p.text(a.pos, c.end)
	if m.val < 1 || m.val > 12 || d.val < 1 || d.val > lastDay(y.val, time.Month(m.val)) {
		return part{}, p.fail(a, c, fmt.Sprintf("datum %q bestaat niet", txt))
	}
	day := date(y.val, time.Month(m.val), d.val)
	return part{kind: kFixed, abs: &span{day, day}, pos: a.pos, end: c.end}, nil
}

// years parses a year or a range of years.
func (p *parser) years() (*yearSpec, *Error) {
	a := p.next()
	if err := p.checkYear(a); err != nil {
		return nil, err
	}
	ys := &yearSpec{from: a.val, to: a.val, pos: a.pos, end: a.end}
	sep := p.peek(0).kind
	if (sep == tThrough || sep == tDash || sep == tSlash) && p.yearAhead(1) {
		p.next()
		b := p.next()
		if err := p.checkYear(b); err != nil {
			return nil, err
		}
		if b.val < a.val {
			return nil, p.fail(b, b, fmt.Sprintf("bereik loopt achteruit: %s ligt vóór %s", b.text, a.text))
		}
		ys.to, ys.end = b.val, b.end
	}
	return ys, nil
}

func (p *parser) checkYear(t token) *Error {
	if t.val < 1900 || t.val > 2200 {
		return p.fail(t, t, fmt.Sprintf("jaartal %s moet tussen 1900 en 2200 liggen", t.text))
	}
	return nil
}

// head parses a period without its year, and the periods of the same kind that continue it:
// "Q3/Q4", "Q1/2", "Q3 Q4", "jan/feb".
func (p *parser) head() (headRange, *Error) {
	start := p.peek(0)
	first, err := p.periodWord()
	if err != nil {
		return headRange{}, err
	}
	h := headRange{first: first, last: first, pos: start.pos, end: p.peek(-1).end}
	for {
		var next period
		switch {
		case p.at(tSlash) && p.sameKind(1, first.kind):
			p.next()
			next, err = p.periodWord()
		case p.at(tSlash) && (first.kind == pQuarter || first.kind == pHalf) &&
			p.peek(1).kind == tNum && len(p.peek(1).text) == 1:
			p.next()
			next, err = p.periodNumber(first.kind, p.next())
		case first.kind == pQuarter && p.sameKind(0, pQuarter):
			next, err = p.periodWord()
		default:
			return h, nil
		}
		if err != nil {
			return headRange{}, err
		}
		if next.order() <= h.last.order() {
			last := p.peek(-1)
			return headRange{}, p.failSpan(start.pos, last.end, fmt.Sprintf(
				"bereik %q loopt achteruit of herhaalt zich", p.text(start.pos, last.end)))
		}
		h.last, h.end = next, p.peek(-1).end
	}
}

// sameKind reports whether a period of the given kind starts k tokens ahead.
func (p *parser) sameKind(k int, kind periodKind) bool {
	t := p.peek(k)
	if t.kind != tWord {
		return false
	}
	switch kind {
	case pQuarter:
		return t.text == "q" && p.peek(k+1).kind == tNum
	case pHalf:
		return t.text == "h" && p.peek(k+1).kind == tNum
	case pSeason:
		_, ok := seasons[t.text]
		return ok
	case pMonth:
		_, ok := months[t.text]
		return ok
	}
	return false
}

// periodWord parses one period word: Q2, H1, tweede kwartaal, voorjaar, januari, begin,
// medio januari, 1 februari.
func (p *parser) periodWord() (period, *Error) {
	t := p.next()
	if t.kind == tNum {
		if !p.monthAhead(0) {
			return period{}, p.fail(t, t, fmt.Sprintf("na %q verwacht een maand (\"1 februari 2024\")", t.text))
		}
		m := p.next()
		if t.val < 1 || t.val > 31 {
			return period{}, p.fail(t, m, fmt.Sprintf("datum %q bestaat niet", p.text(t.pos, m.end)))
		}
		return period{kind: pDay, n: t.val, m: months[m.text]}, nil
	}
	if t.kind != tWord {
		p.i--
		return period{}, p.unexpected(expectItem)
	}
	switch w := t.text; {
	case w == "q" || w == "h":
		kind := pQuarter
		if w == "h" {
			kind = pHalf
		}
		if !p.at(tNum) {
			return period{}, p.unexpected(`een nummer ("Q2", "H1")`)
		}
		return p.periodNumber(kind, p.next())
	case ordinals[w] > 0:
		n := ordinals[w]
		switch {
		case p.word(0, "kwartaal"):
			p.next()
			return period{kind: pQuarter, n: n}, nil
		case p.word(0, "helft", "halfjaar"):
			u := p.next()
			if n > 2 {
				return period{}, p.fail(t, u, `helft moet "eerste" of "tweede" zijn`)
			}
			return period{kind: pHalf, n: n}, nil
		}
		return period{}, p.unexpected(`"kwartaal" of "helft"`)
	case seasons[w] > 0:
		return period{kind: pSeason, n: seasons[w]}, nil
	case months[w] > 0:
		return period{kind: pMonth, m: months[w]}, nil
	case marks[w] > 0:
		if p.monthAhead(0) {
			return period{kind: pMonthPart, n: marks[w], m: months[p.next().text]}, nil
		}
		return period{kind: pYearPart, n: marks[w]}, nil
	}
	p.i--
	return period{}, p.unexpected(expectItem)
}

// periodNumber makes quarter or half num; a "Q" or "H" just before num is part of the word an
// error names.
func (p *parser) periodNumber(kind periodKind, num token) (period, *Error) {
	from := p.peek(-2)
	if from.kind != tWord {
		from = num
	}
	if kind == pQuarter {
		if num.val < 1 || num.val > 4 {
			return period{}, p.fail(from, num, "kwartaal moet Q1..Q4 zijn")
		}
		return period{kind: pQuarter, n: num.val}, nil
	}
	if num.val < 1 || num.val > 2 {
		return period{}, p.fail(from, num, "halfjaar moet H1 of H2 zijn")
	}
	return period{kind: pHalf, n: num.val}, nil
}

// spans gives the occurrences of a fixed part that has its year(s).
func (p *parser) spans(pt part) ([]span, *Error) {
	switch {
	case pt.abs != nil:
		return []span{*pt.abs}, nil
	case pt.head == nil:
		return []span{{date(pt.years.from, time.January, 1), date(pt.years.to, time.December, 31)}}, nil
	}
	out := make([]span, 0, pt.years.to-pt.years.from+1)
	for y := pt.years.from; y <= pt.years.to; y++ {
		s, problem := pt.head.span(y)
		if problem != "" {
			h := p.text(pt.head.pos, pt.head.end)
			if problem == "bestaat niet" {
				return nil, p.failSpan(pt.head.pos, pt.head.end, fmt.Sprintf("datum %q bestaat niet", h+" "+strconv.Itoa(y)))
			}
			return nil, p.failSpan(pt.head.pos, pt.head.end, fmt.Sprintf("bereik %q %s", h, problem))
		}
		out = append(out, s)
	}
	return out, nil
}

// build binds years to the heads that wait for them, checks how the items combine and
// computes the occurrences.
func (p *parser) build(parts []part, w Window) (Result, *Error) {
	res := Result{Expr: p.expr, State: Scheduled, Occurrences: []Occurrence{}}
	for _, pt := range parts {
		if pt.kind == kState {
			if len(parts) > 1 {
				return Result{}, p.failSpan(pt.pos, pt.end, fmt.Sprintf(
					"%q staat alleen in een cel en kan niet met een andere planning gecombineerd worden", p.text(pt.pos, pt.end)))
			}
			res.State = pt.state
			return res, nil
		}
	}
	if err := p.bindYears(parts); err != nil {
		return Result{}, err
	}
	from, to := midnight(w.From), midnight(w.To)
	var all []span
	for _, pt := range parts {
		switch {
		case pt.kind == kFixed && pt.pending(): // a season without a year: every year
			got, ok := recurrence{yearly: pt.head}.spans(from, to)
			if !ok {
				return Result{}, p.failSpan(pt.pos, pt.end, "te veel herhalingen in het venster")
			}
			all = append(all, got...)
		case pt.kind == kFixed:
			got, err := p.spans(pt)
			if err != nil {
				return Result{}, err
			}
			all = append(all, got...)
		case pt.limit == nil:
			got, ok := pt.rec.spans(from, to)
			if !ok {
				return Result{}, p.failSpan(pt.pos, pt.end, "te veel herhalingen in het venster")
			}
			all = append(all, got...)
		default:
			lims, err := p.spans(*pt.limit)
			if err != nil {
				return Result{}, err
			}
			n := len(all)
			for _, l := range lims {
				got, _ := pt.rec.spans(l.start, l.end) // a limit spans at most 301 years
				all = append(all, got...)
			}
			if len(all) == n {
				return Result{}, p.failSpan(pt.pos, pt.end, fmt.Sprintf("%q valt geen enkele keer binnen %q",
					p.text(pt.pos, pt.limit.pos), p.text(pt.limit.pos, pt.limit.end)))
			}
		}
	}
	slices.SortFunc(all, func(a, b span) int {
		if c := a.start.Compare(b.start); c != 0 {
			return c
		}
		return a.end.Compare(b.end)
	})
	all = slices.Compact(all)
	for _, s := range all {
		res.Occurrences = append(res.Occurrences, Occurrence{Start: s.start, End: s.end, Due: s.end})
	}
	return res, nil
}

// bindYears gives heads without a year the year(s) of the next head that has them ("Q1 en Q3
// 2026"). Seasons may stay without a year (they recur every year) unless the phrase dates
// something else: in "Zomer 2027 en winter" the winter is unclear. Other heads need a year. A
// bare year may follow only other bare years: in "Q1 2026 en 2027" it is unclear what 2027
// means.
func (p *parser) bindYears(parts []part) *Error {
	dated := false
	for _, pt := range parts {
		dated = dated || (pt.kind == kFixed && (pt.abs != nil || pt.years != nil))
	}
	var waiting []int
	for i := range parts {
		pt := &parts[i]
		switch {
		case pt.pending():
			waiting = append(waiting, i)
			continue
		case pt.kind == kFixed && pt.head != nil:
			for _, j := range waiting {
				parts[j].years = pt.years
			}
			waiting = nil
			continue
		}
		if err := p.unbound(parts, waiting, dated); err != nil {
			return err
		}
		waiting = nil
		if pt.yearOnly() && i > 0 && !parts[i-1].yearOnly() {
			return p.failSpan(pt.pos, pt.end, fmt.Sprintf(
				"onduidelijk welke periode bij %q hoort; herhaal de periode (bijv. \"Q1 2026 en Q1 2027\") of schrijf alleen jaartallen (\"2026 en 2027\")",
				p.text(pt.pos, pt.end)))
		}
	}
	return p.unbound(parts, waiting, dated)
}

// unbound reports the first head in waiting that needs a year: any head but a season, and a
// season too when the phrase is dated.
func (p *parser) unbound(parts []part, waiting []int, dated bool) *Error {
	for _, j := range waiting {
		if h := parts[j].head; dated || !h.seasonal() {
			return p.failSpan(h.pos, h.end, fmt.Sprintf("jaartal verwacht na %q", p.text(h.pos, h.end)))
		}
	}
	return nil
}

// midnight is the date of t as midnight UTC.
func midnight(t time.Time) time.Time { return date(t.Year(), t.Month(), t.Day()) }
