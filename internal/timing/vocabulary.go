package timing

import "time"

// The words of the planning phrases, lower case. Trailing dots are dropped before lookup, so
// "sept." is "sept".

var stateWords = map[string]State{
	"gereed":     Done,
	"gaande":     Ongoing,
	"doorlopend": Ongoing,
	"lopend":     Ongoing,
	"continu":    Ongoing,
}

// adjectives are the one-word recurrences.
var adjectives = map[string]recurrence{
	"jaarlijks":       {months: 12},
	"halfjaarlijks":   {months: 6},
	"tweejaarlijks":   {months: 24},
	"maandelijks":     {months: 1},
	"tweemaandelijks": {months: 2},
	"driemaandelijks": {months: 3},
	"wekelijks":       {weeks: 1},
	"tweewekelijks":   {weeks: 2},
}

// quantifiers start "ieder kwartaal", "elke maand", "per kwartaal".
var quantifiers = map[string]bool{"ieder": true, "iedere": true, "elk": true, "elke": true, "per": true}

// numberWords are counts written out: "iedere twee maanden".
var numberWords = map[string]int{
	"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
	"zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12,
}

// timesWords are frequencies written as one word: "eenmaal per twee maanden".
var timesWords = map[string]int{"eenmaal": 1, "tweemaal": 2, "driemaal": 3, "viermaal": 4}

// unit is a length of time a recurrence counts in.
type unit struct {
	months, weeks int
}

var units = map[string]unit{
	"jaar": {months: 12}, "jaren": {months: 12},
	"halfjaar": {months: 6},
	"kwartaal": {months: 3}, "kwartalen": {months: 3},
	"maand": {months: 1}, "maanden": {months: 1},
	"week": {weeks: 1}, "weken": {weeks: 1},
}

var ordinals = map[string]int{"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4}

var seasons = map[string]int{
	"voorjaar": seasonVoorjaar, "zomer": seasonZomer, "najaar": seasonNajaar, "winter": seasonWinter,
}

var marks = map[string]int{"begin": markBegin, "medio": markMedio, "eind": markEind, "einde": markEind}

var months = map[string]time.Month{
	"januari": time.January, "jan": time.January,
	"februari": time.February, "feb": time.February,
	"maart": time.March, "mrt": time.March,
	"april": time.April, "apr": time.April,
	"mei":  time.May,
	"juni": time.June, "jun": time.June,
	"juli": time.July, "jul": time.July,
	"augustus": time.August, "aug": time.August,
	"september": time.September, "sep": time.September, "sept": time.September,
	"oktober": time.October, "okt": time.October,
	"november": time.November, "nov": time.November,
	"december": time.December, "dec": time.December,
}

// otherWords are the remaining words the grammar knows; a word outside all these lists is
// reported as unknown rather than unexpected.
var otherWords = map[string]bool{
	"q": true, "h": true, "kwartaal": true, "helft": true, "halfjaar": true, "half": true,
	"van": true, "d.d": true, "en": true, "of": true, "dan": true, "wel": true,
	"om": true, "de": true, "het": true, "x": true, "keer": true, "maal": true,
}

func knownWord(w string) bool {
	_, s := stateWords[w]
	_, a := adjectives[w]
	_, n := numberWords[w]
	_, t := timesWords[w]
	_, u := units[w]
	_, o := ordinals[w]
	_, se := seasons[w]
	_, mk := marks[w]
	_, m := months[w]
	return s || a || n || t || u || o || se || mk || m || quantifiers[w] || otherWords[w]
}
