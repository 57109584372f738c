package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"github.com/regiogv/voortgang/internal/config"
)

// checkRFC5545 is a strict reader of an iCalendar stream: it reports every way the bytes
// break RFC 5545 that a lenient parser would forgive. It checks the physical lines (CRLF
// only, at most 75 octets, folding with one space or tab), the content-line grammar, the
// components' nesting, the properties a VCALENDAR and a VEVENT must have exactly once, the
// value formats of DTSTAMP, DTSTART and DTEND, TEXT escaping and unique UIDs.
func checkRFC5545(raw []byte) []string {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	if !utf8.Valid(raw) {
		bad("not UTF-8")
	}
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		bad("the stream does not end with CRLF")
	}
	phys := strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n")
	var lines []string // unfolded
	for i, l := range phys {
		if strings.ContainsAny(l, "\r\n") {
			bad("line %d: bare CR or LF inside a line: %q", i+1, l)
		}
		if len(l) > 75 {
			bad("line %d: %d octets, more than 75: %q", i+1, len(l), l)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(lines) == 0 {
				bad("line %d: continuation without a line to continue", i+1)
				continue
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	nameRe := regexp.MustCompile(`^[A-Za-z0-9-]+$`)
	paramRe := regexp.MustCompile(`^[A-Za-z0-9-]+=("[^"\x00-\x08\x0a-\x1f\x7f]*"|[^";:,\x00-\x08\x0a-\x1f\x7f]*)(,("[^"]*"|[^";:,]*))*$`)
	utcRe := regexp.MustCompile(`^\d{8}T\d{6}Z$`)
	dateRe := regexp.MustCompile(`^\d{8}$`)
	dateTimeRe := regexp.MustCompile(`^\d{8}T\d{6}Z?$`)
	textProps := map[string]bool{"SUMMARY": true, "DESCRIPTION": true, "LOCATION": true, "COMMENT": true, "NAME": true, "X-WR-CALNAME": true}

	type comp struct {
		name  string
		props map[string]int
	}
	var stack []comp
	uids := map[string]bool{}
	sawCalendar := false
	for i, l := range lines {
		if strings.ContainsFunc(l, func(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }) {
			bad("content line %d: control character: %q", i+1, l)
		}
		// name *(";" param) ":" value, with ':' and ';' allowed inside quoted parameters.
		colon, inQuote := -1, false
		for k, r := range l {
			if r == '"' {
				inQuote = !inQuote
			}
			if r == ':' && !inQuote {
				colon = k
				break
			}
		}
		if colon < 0 {
			bad("content line %d: no ':': %q", i+1, l)
			continue
		}
		head, value := l[:colon], l[colon+1:]
		parts := strings.Split(head, ";")
		name := strings.ToUpper(parts[0])
		if !nameRe.MatchString(name) {
			bad("content line %d: bad property name %q", i+1, parts[0])
		}
		params := map[string]string{}
		for _, p := range parts[1:] {
			if !paramRe.MatchString(p) {
				bad("content line %d: bad parameter %q", i+1, p)
				continue
			}
			k, v, _ := strings.Cut(p, "=")
			params[strings.ToUpper(k)] = v
		}
		switch name {
		case "BEGIN":
			if len(stack) == 0 && value != "VCALENDAR" {
				bad("content line %d: %s outside VCALENDAR", i+1, value)
			}
			if value == "VCALENDAR" {
				if sawCalendar || len(stack) > 0 {
					bad("content line %d: second or nested VCALENDAR", i+1)
				}
				sawCalendar = true
			}
			stack = append(stack, comp{name: value, props: map[string]int{}})
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1].name != value {
				bad("content line %d: END:%s does not close the open component", i+1, value)
				continue
			}
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch c.name {
			case "VCALENDAR":
				for _, p := range []string{"PRODID", "VERSION"} {
					if c.props[p] != 1 {
						bad("VCALENDAR has %s %d times, want once", p, c.props[p])
					}
				}
			case "VEVENT":
				for _, p := range []string{"UID", "DTSTAMP", "DTSTART"} {
					if c.props[p] != 1 {
						bad("VEVENT has %s %d times, want once", p, c.props[p])
					}
				}
				if c.props["DTEND"] > 0 && c.props["DURATION"] > 0 {
					bad("VEVENT has both DTEND and DURATION")
				}
			}
			continue
		}
		if len(stack) == 0 {
			bad("content line %d: property %s outside any component", i+1, name)
			continue
		}
		stack[len(stack)-1].props[name]++
		switch name {
		case "VERSION":
			if value != "2.0" {
				bad("VERSION:%s, want 2.0", value)
			}
		case "DTSTAMP", "LAST-MODIFIED", "CREATED":
			if !utcRe.MatchString(value) {
				bad("%s:%s is not a UTC date-time", name, value)
			}
		case "DTSTART", "DTEND":
			if params["VALUE"] == "DATE" {
				if !dateRe.MatchString(value) {
					bad("%s;VALUE=DATE:%s is not a date", name, value)
				}
			} else if !dateTimeRe.MatchString(value) {
				bad("%s:%s is not a date-time", name, value)
			}
		case "UID":
			if uids[value] {
				bad("UID %s twice", value)
			}
			uids[value] = true
		}
		if textProps[name] {
			for k := 0; k < len(value); k++ {
				switch value[k] {
				case '\\':
					if k+1 >= len(value) || !strings.ContainsRune(`\;,nN`, rune(value[k+1])) {
						bad("%s: bad escape in %q", name, value)
					}
					k++
				case ';', ',':
					bad("%s: unescaped %q in %q", name, value[k], value)
				}
			}
		}
	}
	if len(stack) != 0 {
		bad("unclosed components: %v", stack)
	}
	if !sawCalendar {
		bad("no VCALENDAR")
	}
	return errs
}

// The checker must catch what it is for; otherwise a pass means nothing.
func TestCheckRFC5545CatchesBrokenFeeds(t *testing.T) {
	good := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20261215T090000Z\r\nDTSTART;VALUE=DATE:20261215\r\nSUMMARY:a\\, b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	if errs := checkRFC5545([]byte(good)); len(errs) != 0 {
		t.Fatalf("good feed refused: %v", errs)
	}
	for name, broken := range map[string]string{
		"bare LF":         strings.ReplaceAll(good, "\r\n", "\n"),
		"line over 75":    strings.Replace(good, "SUMMARY:a\\, b", "SUMMARY:"+strings.Repeat("x", 80), 1),
		"raw CR in text":  strings.Replace(good, "SUMMARY:a\\, b", "SUMMARY:a\rb", 1),
		"unescaped comma": strings.Replace(good, "SUMMARY:a\\, b", "SUMMARY:a, b", 1),
		"no DTSTAMP":      strings.Replace(good, "DTSTAMP:20261215T090000Z\r\n", "", 1),
		"local DTSTAMP":   strings.Replace(good, "DTSTAMP:20261215T090000Z", "DTSTAMP:20261215T090000", 1),
		"no PRODID":       strings.Replace(good, "PRODID:x\r\n", "", 1),
		"unclosed VEVENT": strings.Replace(good, "END:VEVENT\r\n", "", 1),
		"duplicate UID":   strings.Replace(good, "END:VCALENDAR", "BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20261215T090000Z\r\nDTSTART;VALUE=DATE:20261215\r\nEND:VEVENT\r\nEND:VCALENDAR", 1),
		"bad date":        strings.Replace(good, "DTSTART;VALUE=DATE:20261215", "DTSTART;VALUE=DATE:2026-12-15", 1),
		"folded badly":    strings.Replace(good, "SUMMARY:a\\, b", "SUMMARY:a\r\nb", 1),
	} {
		if errs := checkRFC5545([]byte(broken)); len(errs) == 0 {
			t.Errorf("%s: not caught", name)
		}
	}
}

// The feed passes the strict check: CRLF, folding, escaping of CR and the TEXT specials in a
// coordinator's reason, DTSTAMP from the clock, and UIDs that survive a moved date.
func TestCalendarFeedIsStrictRFC5545(t *testing.T) {
	e := setupBoard(t)
	b := e.signedIn(coordKey, coordPass)
	links := regexp.MustCompile(`href="(http://[^"]+/kalender/feed/[^"]+\.ics)"`).FindAllStringSubmatch(b.get("/kalender").body, -1)
	if len(links) == 0 {
		t.Fatal("no feed links")
	}
	u, err := url.Parse(links[0][1])
	if err != nil {
		t.Fatal(err)
	}
	task := firstTask(t, e)
	reason := "Verschoven; op verzoek van de wethouder, zie notitie\r\ntweede regel\ren een derde \\ met backslash en een lange zin die zeker over de vijfenzeventig octetten heen gaat: één, twee, drie."
	if _, err := e.store.SetTaskDue(context.Background(), task.Key, task.Due.AddDate(0, 0, 14), reason, coordKey, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	feed := e.browser().get(u.Path)
	if feed.code != http.StatusOK {
		t.Fatalf("feed = %d", feed.code)
	}
	if errs := checkRFC5545([]byte(feed.body)); len(errs) > 0 {
		t.Errorf("feed breaks RFC 5545:\n%s", strings.Join(errs, "\n"))
	}
	cal, err := ics.ParseCalendar(strings.NewReader(feed.body))
	if err != nil {
		t.Fatalf("ParseCalendar: %v", err)
	}
	stamp := e.clock.Now().UTC().Format("20060102T150405Z")
	var found bool
	for _, ev := range cal.Events() {
		if p := ev.GetProperty(ics.ComponentPropertyDtstamp); p == nil || p.Value != stamp {
			t.Errorf("event %s: DTSTAMP %v, want the feed's time %s", ev.Id(), p, stamp)
		}
		if ev.Id() == task.Key+"@voortgang" {
			found = true
			desc := ev.GetProperty(ics.ComponentPropertyDescription)
			if desc == nil || !strings.Contains(ics.FromText(desc.Value), "wethouder, zie notitie\ntweede regel\nen een derde \\ met backslash") {
				t.Errorf("description does not carry the reason with its line breaks: %v", desc)
			}
		}
	}
	if !found {
		t.Errorf("the moved task %s is not in the feed under its UID", task.Key)
	}
	// DTSTAMP follows the clock, not the task.
	e.clock.Advance(36 * time.Hour)
	later := e.browser().get(u.Path)
	if want := "DTSTAMP:" + e.clock.Now().UTC().Format("20060102T150405Z"); !strings.Contains(later.body, want) {
		t.Errorf("after a day and a half the feed lacks %s", want)
	}
}

// Feed requests have their own rate limit, and a refused one does not log its token.
func TestCalendarFeedRateLimitAndLog(t *testing.T) {
	var logBuf bytes.Buffer
	e := setup(t, func(_ *config.Config, d *Deps) {
		d.FeedRateLimit = RateLimit{PerMinute: 1, Burst: 2}
		d.Log = slog.New(slog.NewTextHandler(&logBuf, nil))
	})
	e.addUsers()
	b := e.signedIn(coordKey, coordPass)
	m := regexp.MustCompile(`href="http://[^"]+(/kalender/feed/([^"]+)\.ics)"`).FindStringSubmatch(b.get("/kalender").body)
	if m == nil {
		t.Fatal("no feed link")
	}
	path, token := m[1], m[2]
	for i := 0; i < 2; i++ {
		if r := e.browser().get(path); r.code != http.StatusOK {
			t.Fatalf("request %d = %d", i+1, r.code)
		}
	}
	r := e.browser().get(path)
	if r.code != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Fatalf("third request = %d, Retry-After %q", r.code, r.header.Get("Retry-After"))
	}
	// The answer form's budget is its own: the feeds did not use it up.
	if r := e.browser().get(e.path); r.code == http.StatusTooManyRequests {
		t.Error("feed requests used up the answer form's rate limit")
	}
	if !strings.Contains(logBuf.String(), "rate limited") {
		t.Fatalf("refusal not logged:\n%s", logBuf.String())
	}
	if strings.Contains(logBuf.String(), token) || strings.Contains(logBuf.String(), token[:20]) {
		t.Errorf("the log holds the feed token:\n%s", logBuf.String())
	}
}
