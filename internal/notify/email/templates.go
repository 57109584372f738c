package email

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"math"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/outbox"
)

// The kinds of message voortgang sends, one template set each; package outbox defines them.
const (
	KindStatusRequest = outbox.KindStatusRequest
	KindReminder      = outbox.KindReminder
	KindEscalation    = outbox.KindEscalation
	KindSummary       = outbox.KindSummary
	KindDigest        = outbox.KindDigest
	KindConfirmation  = outbox.KindConfirmation
	KindDraft         = outbox.KindDraft
	KindBounce        = outbox.KindBounce
)

// Kinds lists every kind, in the order of a request's life.
var Kinds = outbox.Kinds

// Languages are the languages every kind has templates for.
var Languages = []string{i18n.Dutch, i18n.English}

// The views the templates render are the payloads of package outbox: the cycle fills them
// without knowing how a channel shows them.
type (
	Item             = outbox.Item
	Due              = outbox.Due
	Answer           = outbox.Answer
	IndicatorField   = outbox.IndicatorField
	RequestData      = outbox.RequestPayload
	ReminderData     = outbox.ReminderPayload
	MissingContact   = outbox.MissingContact
	EscalationData   = outbox.EscalationPayload
	SummaryData      = outbox.SummaryPayload
	DigestData       = outbox.DigestPayload
	ConfirmationData = outbox.ConfirmationPayload
	BounceData       = outbox.BouncePayload
	DraftData        = outbox.DraftPayload
	Overview         = outbox.Overview
	OverviewLine     = outbox.OverviewLine
)

// dataTypes says which view type each kind renders; Render refuses others.
var dataTypes = map[string]reflect.Type{
	KindStatusRequest: reflect.TypeFor[RequestData](),
	KindReminder:      reflect.TypeFor[ReminderData](),
	KindEscalation:    reflect.TypeFor[EscalationData](),
	KindSummary:       reflect.TypeFor[SummaryData](),
	KindDigest:        reflect.TypeFor[DigestData](),
	KindConfirmation:  reflect.TypeFor[ConfirmationData](),
	KindDraft:         reflect.TypeFor[DraftData](),
	KindBounce:        reflect.TypeFor[BounceData](),
}

//go:embed templates/*/*.tmpl
var embedded embed.FS

// Templates are the parsed mail templates for every kind and language.
type Templates struct {
	set map[string]*templateSet // "nl/statusrequest"
}

type templateSet struct {
	subject *texttemplate.Template
	text    *texttemplate.Template
	html    *htmltemplate.Template
}

// LoadTemplates parses the embedded templates. When overrideDir is not empty,
// a file there with the same relative path (nl/statusrequest.text.tmpl,
// en/_item.html.tmpl, …) replaces the embedded one, so a coordinator can
// edit copies without a new build.
//
// Every template is parsed and rendered once with sample data, so a broken
// template (a syntax error, an unknown field) stops the daemon at start, not
// a delivery later.
//
// Layout: <lang>/<kind>.subject.tmpl, <kind>.text.tmpl and <kind>.html.tmpl;
// files named _*.text.tmpl and _*.html.tmpl in a language directory are
// shared partials ({{define}} blocks) available to every text or HTML
// template of that language.
func LoadTemplates(overrideDir string) (*Templates, error) {
	var override fs.FS
	if overrideDir != "" {
		st, err := os.Stat(overrideDir)
		if err != nil {
			return nil, fmt.Errorf("email: templates: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("email: templates: %s is not a directory", overrideDir)
		}
		override = os.DirFS(overrideDir)
	}
	base, err := fs.Sub(embedded, "templates")
	if err != nil {
		return nil, fmt.Errorf("email: templates: %w", err)
	}
	src := overlay{top: override, base: base}

	t := &Templates{set: map[string]*templateSet{}}
	for _, lang := range Languages {
		textPartials, err := src.glob(lang + "/_*.text.tmpl")
		if err != nil {
			return nil, err
		}
		htmlPartials, err := src.glob(lang + "/_*.html.tmpl")
		if err != nil {
			return nil, err
		}
		funcs := templateFuncs(lang)
		for _, kind := range Kinds {
			set := &templateSet{}
			name := lang + "/" + kind
			text := func(file string) *texttemplate.Template {
				return texttemplate.New(file).Funcs(funcs).Option("missingkey=error")
			}
			var err error
			if set.subject, err = parseSet(text(name+".subject.tmpl"), src, name+".subject.tmpl", nil); err != nil {
				return nil, err
			}
			if set.text, err = parseSet(text(name+".text.tmpl"), src, name+".text.tmpl", textPartials); err != nil {
				return nil, err
			}
			html := htmltemplate.New(name + ".html.tmpl").Funcs(htmltemplate.FuncMap(funcs)).Option("missingkey=error")
			if set.html, err = parseSet(html, src, name+".html.tmpl", htmlPartials); err != nil {
				return nil, err
			}
			t.set[name] = set
		}
	}
	// Render every template once, so errors that only show on execution
	// (a misspelt field) surface now.
	for _, lang := range Languages {
		for _, kind := range Kinds {
			if _, _, _, err := t.Render(kind, lang, SampleData(kind)); err != nil {
				return nil, err
			}
		}
	}
	return t, nil
}

// parsable is what text/template and html/template have in common for parsing.
type parsable[T any] interface {
	New(name string) T
	Parse(text string) (T, error)
}

// parseSet parses the template name into root, with the shared partials of its language.
// root is a text/template or an html/template (which escapes every value for the context it
// lands in), already given its functions and options.
func parseSet[T parsable[T]](root T, src overlay, name string, partials []string) (T, error) {
	var zero T
	body, err := src.read(name)
	if err != nil {
		return zero, err
	}
	t, err := root.Parse(body)
	if err != nil {
		return zero, fmt.Errorf("email: templates: %w", err)
	}
	for _, p := range partials {
		body, err := src.read(p)
		if err != nil {
			return zero, err
		}
		if _, err := t.New(p).Parse(body); err != nil {
			return zero, fmt.Errorf("email: templates: %w", err)
		}
	}
	return t, nil
}

// overlay reads a file from top when it has it, else from base.
type overlay struct{ top, base fs.FS }

func (o overlay) read(name string) (string, error) {
	if o.top != nil {
		b, err := fs.ReadFile(o.top, name)
		if err == nil {
			return string(b), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("email: templates: %w", err)
		}
	}
	b, err := fs.ReadFile(o.base, name)
	if err != nil {
		return "", fmt.Errorf("email: templates: %w", err)
	}
	return string(b), nil
}

func (o overlay) glob(pattern string) ([]string, error) {
	seen := map[string]bool{}
	for _, f := range []fs.FS{o.top, o.base} {
		if f == nil {
			continue
		}
		m, err := fs.Glob(f, pattern)
		if err != nil {
			return nil, fmt.Errorf("email: templates: %w", err)
		}
		for _, n := range m {
			seen[n] = true
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

// Render renders the subject, text and HTML of one message. data must be the
// view type of the kind (RequestData for "statusrequest", ReminderData for
// "reminder", …), as a value or a pointer. lang is normalised with i18n.Lang.
func (t *Templates) Render(kind, lang string, data any) (subject, text, html string, err error) {
	lang = i18n.Lang(lang)
	set, ok := t.set[lang+"/"+kind]
	if !ok {
		return "", "", "", fmt.Errorf("email: render: unknown kind %q", kind)
	}
	if want := dataTypes[kind]; data == nil || (reflect.TypeOf(data) != want && reflect.TypeOf(data) != reflect.PointerTo(want)) {
		return "", "", "", fmt.Errorf("email: render %s: data is %T, want %v", kind, data, want)
	}
	data = capped(data)
	var buf bytes.Buffer
	if err := set.subject.Execute(&buf, data); err != nil {
		return "", "", "", fmt.Errorf("email: render %s/%s subject: %w", lang, kind, err)
	}
	subject = strings.Join(strings.Fields(buf.String()), " ")
	buf.Reset()
	if err := set.text.Execute(&buf, data); err != nil {
		return "", "", "", fmt.Errorf("email: render %s/%s text: %w", lang, kind, err)
	}
	text = tidyText(buf.String())
	buf.Reset()
	if err := set.html.Execute(&buf, data); err != nil {
		return "", "", "", fmt.Errorf("email: render %s/%s html: %w", lang, kind, err)
	}
	html = buf.String()
	if len(text) > MaxBody || len(html) > MaxBody {
		return "", "", "", fmt.Errorf("email: render %s/%s: body of %d bytes (text) and %d (HTML) exceeds %d", lang, kind, len(text), len(html), MaxBody)
	}
	return subject, text, html, nil
}

var blankLines = regexp.MustCompile(`\n{3,}`)

// tidyText lets templates be written readably: trailing spaces go, runs of
// blank lines become one, and the text ends in exactly one newline.
func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	s = strings.Join(lines, "\n")
	s = blankLines.ReplaceAllString(s, "\n\n")
	return strings.Trim(s, "\n") + "\n"
}

// templateFuncs are the helpers the templates use, bound to one language.
func templateFuncs(lang string) texttemplate.FuncMap {
	return texttemplate.FuncMap{
		"date":     func(v any) string { return i18n.FormatDate(asTime(v), lang) },
		"dayDate":  func(v any) string { return i18n.FormatDayDate(asTime(v), lang) },
		"dateTime": func(v any) string { return i18n.FormatDateTime(asTime(v), lang) },
		"period":   func(p string) string { return i18n.PeriodLabel(p, lang) },
		"status":   func(s string) string { return i18n.StatusLabel(s, lang) },
		"phase":    func(p string) string { return i18n.PhaseLabel(p, lang) },
		"role":     func(r string) string { return i18n.RoleLabel(r, lang) },
		"number":   func(v any) string { return formatNumber(v, lang) },
		"ordinal":  func(n int) string { return ordinal(n, lang) },
		"statuses": func() []string {
			out := make([]string, len(i18n.Statuses))
			for i, s := range i18n.Statuses {
				out[i] = i18n.StatusLabel(s, lang)
			}
			return out
		},
		"source":  func(s string) string { return sourceLabel(s, lang) },
		"capital": capital,
		"lines":   func(s string) []string { return strings.Split(strings.TrimRight(normaliseNewlines(s), "\n"), "\n") },
		"join":    strings.Join,
		"choices": func(list []string) string { return choices(list, lang) },
		"tag":     func(token string) string { return "[vg:" + token + "]" },
		"indent":  func(n int, s string) string { return indent(n, s) },
		"add":     func(a, b int) int { return a + b },
		"goals":   groupByGoal,
		"goalURL": goalURL,
		"short":   shorten,
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
	}
}

// GoalGroup is the actions of one doel of one programme in a mail: a request lists doelen with
// their counts and a link to the doel in the form, not every milestone.
type GoalGroup struct {
	Programme      string // the programme's key (Item.Programme)
	ProgrammeTitle string
	// FirstOfProgramme is true on the first doel of each programme in a mail whose items
	// come from more than one programme, where the templates name the programme.
	FirstOfProgramme bool
	Goal             int
	Title            string
	Items            []Item
	Lead             int // how many of them the contact leads
}

// groupByGoal groups items by programme and doel: the programmes in the order of their
// first item, the doelen of each in the order of their numbers.
func groupByGoal(items []Item) []GoalGroup {
	type key struct {
		programme string
		goal      int
	}
	var out []GoalGroup
	at := map[key]int{}
	rank := map[string]int{} // programme → order of its first item
	for _, it := range items {
		k := key{it.Programme, it.Goal}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			if _, seen := rank[it.Programme]; !seen {
				rank[it.Programme] = len(rank)
			}
			out = append(out, GoalGroup{Programme: it.Programme, ProgrammeTitle: it.ProgrammeTitle, Goal: it.Goal, Title: it.GoalTitle})
		}
		out[i].Items = append(out[i].Items, it)
		if r := strings.ToLower(it.Role); r == "trekker" || r == "lead" {
			out[i].Lead++
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := rank[out[i].Programme], rank[out[j].Programme]; a != b {
			return a < b
		}
		return out[i].Goal < out[j].Goal
	})
	if len(rank) > 1 {
		for i := range out {
			out[i].FirstOfProgramme = i == 0 || out[i].Programme != out[i-1].Programme
		}
	}
	return out
}

// goalURL links to one doel of the answer form at formURL: the id its heading has there
// (outbox.GoalAnchor). Without a programme key it is the form itself, never a guessed doel.
func goalURL(formURL, programmeKey string, goal int) string {
	if formURL == "" || programmeKey == "" {
		return formURL
	}
	return formURL + "#" + outbox.GoalAnchor(programmeKey, goal)
}

// shorten cuts a text to at most n characters at a word boundary, with an ellipsis.
func shorten(n int, s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len([]rune(s)) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndex(string(r), " "); i > n/2 {
		return strings.TrimRight(string(r)[:i], " ,.;:") + " …"
	}
	return string(r) + "…"
}

// sourceLabel says how an answer came in: "via het formulier", "per e-mail".
func sourceLabel(s, lang string) string {
	en := i18n.Lang(lang) == i18n.English
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return ""
	case "formulier", "form", "web":
		if en {
			return "via the form"
		}
		return "via het formulier"
	case "e-mail", "email", "mail":
		if en {
			return "by email"
		}
		return "per e-mail"
	case "slack":
		return "via Slack"
	case "coordinator", "coördinator":
		if en {
			return "recorded by the coordinator"
		}
		return "vastgelegd door de coördinator"
	}
	return "via " + s
}

// choices lists alternatives: "a, b of c" / "a, b or c".
func choices(list []string, lang string) string {
	if len(list) < 2 {
		return strings.Join(list, "")
	}
	or := " of "
	if i18n.Lang(lang) == i18n.English {
		or = " or "
	}
	return strings.Join(list[:len(list)-1], ", ") + or + list[len(list)-1]
}

// capital upper-cases the first letter: "tweede" → "Tweede".
func capital(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func asTime(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case *time.Time:
		if t != nil {
			return *t
		}
	}
	return time.Time{}
}

// formatNumber writes a number as people in the language expect: Dutch
// "1.250,5", English "1,250.5"; whole numbers without decimals.
func formatNumber(v any, lang string) string {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case *float64:
		if n == nil {
			return ""
		}
		f = *n
	case int:
		f = float64(n)
	default:
		return fmt.Sprint(v)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	s := strconv.FormatFloat(math.Abs(f), 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	thousands, decimal := ".", ","
	if i18n.Lang(lang) == i18n.English {
		thousands, decimal = ",", "."
	}
	var b strings.Builder
	if f < 0 {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(thousands)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(decimal + frac)
	}
	return b.String()
}

func ordinal(n int, lang string) string {
	nl := []string{"eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende", "tiende"}
	en := []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
	if n < 1 || n > len(nl) {
		if i18n.Lang(lang) == i18n.English {
			return strconv.Itoa(n) + "th"
		}
		return strconv.Itoa(n) + "e"
	}
	if i18n.Lang(lang) == i18n.English {
		return en[n-1]
	}
	return nl[n-1]
}

func indent(n int, s string) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pad + l
		}
	}
	return strings.Join(lines, "\n")
}
