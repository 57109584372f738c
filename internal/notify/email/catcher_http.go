package email

import (
	"bufio"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // caught mail in other charsets still shows
	"github.com/emersion/go-message/mail"
	gmtextproto "github.com/emersion/go-message/textproto"

	"github.com/regiogv/voortgang/internal/i18n"
)

// caughtName matches the files Catcher writes and nothing else, so no path
// from a URL can reach outside the directory.
var caughtName = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}\.[0-9]{9}Z-[0-9a-f]{32}\.eml$`)

// maxListed keeps the list page quick on a long-running development box.
const maxListed = 300

// CatcherHandler serves the messages a Catcher wrote into dir: a list, newest
// first, and each message with its headers, its text part (links clickable)
// and its HTML part in a sandboxed frame (no scripts). lang is "nl" or "en".
//
// Its links are relative, so it works wherever it is mounted, with or without
// http.StripPrefix, as long as the mount ends in a slash:
//
//	mux.Handle("/dev/mail/", email.CatcherHandler(dir, "nl"))
//
// Routes below the mount: "" (list), "m/{file}" (one message), "raw/{file}"
// (the .eml as text). Only GET and HEAD; nothing changes state.
func CatcherHandler(dir string, lang string) http.Handler {
	return &catcherHandler{dir: dir, lang: i18n.Lang(lang)}
}

type catcherHandler struct {
	dir  string
	lang string
}

func (h *catcherHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, h.t("methodNotAllowed"), http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	// The caught mail is shown in a sandboxed srcdoc frame; scripts are not
	// needed anywhere on these pages.
	w.Header().Set("Content-Security-Policy", "script-src 'none'; object-src 'none'; frame-ancestors 'self'")

	p := r.URL.Path
	if strings.HasSuffix(p, "/") {
		h.list(w)
		return
	}
	dirPart, name := path.Split(p)
	switch path.Base(strings.TrimSuffix(dirPart, "/")) {
	case "m":
		h.show(w, name)
	case "raw":
		h.raw(w, name)
	default:
		http.Error(w, h.t("notFound"), http.StatusNotFound)
	}
}

type caughtSummary struct {
	Name    string
	When    string
	From    string
	To      string
	Subject string
}

type caughtHeader struct{ Key, Value string }

type caughtMessage struct {
	caughtSummary
	Headers  []caughtHeader
	Text     template.HTML // escaped, with http(s) links made clickable
	HTMLDoc  string        // the HTML part, for srcdoc; html/template escapes it as an attribute
	Problems []string
}

type catcherPage struct {
	Lang     string
	L        map[string]string
	Dir      string
	Messages []caughtSummary
	More     int
	Message  *caughtMessage
}

func (h *catcherHandler) t(key string) string { return catcherLabels[h.lang][key] }

func (h *catcherHandler) list(w http.ResponseWriter) {
	entries, err := os.ReadDir(h.dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		slog.Default().Warn("email: catcher list", "dir", h.dir, "err", err)
		http.Error(w, h.t("unreadable"), http.StatusInternalServerError)
		return
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && caughtName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	page := catcherPage{Lang: h.lang, L: catcherLabels[h.lang], Dir: h.dir}
	if len(names) > maxListed {
		page.More = len(names) - maxListed
		names = names[:maxListed]
	}
	for _, n := range names {
		s, err := h.summary(n)
		if err != nil {
			s = caughtSummary{Name: n, Subject: "(" + h.t("unreadable") + ")"}
		}
		page.Messages = append(page.Messages, s)
	}
	h.render(w, "list", page)
}

func (h *catcherHandler) summary(name string) (caughtSummary, error) {
	f, err := os.Open(filepath.Join(h.dir, name))
	if err != nil {
		return caughtSummary{}, err
	}
	defer f.Close()
	th, err := gmtextproto.ReadHeader(bufio.NewReader(f))
	if err != nil {
		return caughtSummary{}, err
	}
	return h.summarise(name, mail.Header{Header: message.Header{Header: th}}), nil
}

func (h *catcherHandler) summarise(name string, mh mail.Header) caughtSummary {
	s := caughtSummary{Name: name}
	if d, err := mh.Date(); err == nil && !d.IsZero() {
		s.When = i18n.FormatDateTime(d, h.lang)
	} else if t, err := time.Parse(catchTimeLayout, name[:len(catchTimeLayout)]); err == nil {
		s.When = i18n.FormatDateTime(t, h.lang)
	}
	s.From = addressText(mh, "From")
	s.To = addressText(mh, "To")
	s.Subject, _ = mh.Subject()
	return s
}

func addressText(h mail.Header, key string) string {
	list, err := h.AddressList(key)
	if err != nil || len(list) == 0 {
		v, _ := h.Text(key)
		return v
	}
	out := make([]string, len(list))
	for i, a := range list {
		if a.Name != "" {
			out[i] = a.Name + " <" + a.Address + ">"
		} else {
			out[i] = a.Address
		}
	}
	return strings.Join(out, ", ")
}

func (h *catcherHandler) open(w http.ResponseWriter, name string) (*os.File, bool) {
	if !caughtName.MatchString(name) {
		http.Error(w, h.t("notFound"), http.StatusNotFound)
		return nil, false
	}
	f, err := os.Open(filepath.Join(h.dir, name))
	if err != nil {
		http.Error(w, h.t("notFound"), http.StatusNotFound)
		return nil, false
	}
	return f, true
}

func (h *catcherHandler) raw(w http.ResponseWriter, name string) {
	f, ok := h.open(w, name)
	if !ok {
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.Copy(w, f)
}

func (h *catcherHandler) show(w http.ResponseWriter, name string) {
	f, ok := h.open(w, name)
	if !ok {
		return
	}
	defer f.Close()
	msg, err := h.parse(name, f)
	if err != nil {
		slog.Default().Warn("email: catcher show", "file", name, "err", err)
		http.Error(w, h.t("unreadable"), http.StatusInternalServerError)
		return
	}
	h.render(w, "show", catcherPage{Lang: h.lang, L: catcherLabels[h.lang], Dir: h.dir, Message: msg})
}

// shownHeaders are the header fields worth showing, in this order.
var shownHeaders = []string{"Date", "From", "Reply-To", "To", "Cc", "Subject", "Message-Id", "In-Reply-To", "Auto-Submitted", "Content-Language"}

func (h *catcherHandler) parse(name string, r io.Reader) (*caughtMessage, error) {
	mr, err := mail.CreateReader(r)
	if err != nil && mr == nil {
		return nil, fmt.Errorf("email: catcher: %w", err)
	}
	msg := &caughtMessage{}
	msg.caughtSummary = h.summarise(name, mr.Header)
	for _, k := range shownHeaders {
		if !mr.Header.Has(k) {
			continue
		}
		v, err := mr.Header.Text(k)
		if err != nil {
			v = mr.Header.Get(k)
		}
		msg.Headers = append(msg.Headers, caughtHeader{k, v})
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			msg.Problems = append(msg.Problems, err.Error())
			break
		}
		var t string
		if ih, ok := p.Header.(*mail.InlineHeader); ok {
			t, _, _ = ih.ContentType()
		}
		body, err := io.ReadAll(io.LimitReader(p.Body, 4<<20))
		if err != nil {
			msg.Problems = append(msg.Problems, err.Error())
		}
		switch t {
		case "text/plain":
			if msg.Text == "" {
				msg.Text = linkify(string(body))
			}
		case "text/html":
			if msg.HTMLDoc == "" {
				// Links open outside the frame; the sandbox allows popups
				// for that, and nothing else.
				msg.HTMLDoc = `<base target="_blank">` + string(body)
			}
		}
	}
	return msg, nil
}

var urlPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// linkify escapes text and turns http(s) URLs into links that open in a new
// tab. Trailing punctuation stays outside the link.
func linkify(text string) template.HTML {
	var b strings.Builder
	last := 0
	for _, loc := range urlPattern.FindAllStringIndex(text, -1) {
		u := strings.TrimRight(text[loc[0]:loc[1]], ".,;:!?)]'")
		end := loc[0] + len(u)
		b.WriteString(template.HTMLEscapeString(text[last:loc[0]]))
		fmt.Fprintf(&b, `<a href="%s" target="_blank" rel="noopener noreferrer">%s</a>`,
			template.HTMLEscapeString(u), template.HTMLEscapeString(u))
		last = end
	}
	b.WriteString(template.HTMLEscapeString(text[last:]))
	return template.HTML(b.String())
}

func (h *catcherHandler) render(w http.ResponseWriter, name string, page catcherPage) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := catcherTemplates.ExecuteTemplate(w, name, page); err != nil {
		slog.Default().Warn("email: catcher page", "err", err)
	}
}

var catcherLabels = map[string]map[string]string{
	i18n.Dutch: {
		"title":            "Onderschepte e-mail",
		"intro":            "Er is geen mailserver ingesteld. Deze berichten zijn niet verstuurd maar bewaard in",
		"empty":            "Nog geen berichten onderschept.",
		"when":             "Tijdstip",
		"from":             "Van",
		"to":               "Aan",
		"subject":          "Onderwerp",
		"more":             "oudere berichten niet getoond",
		"back":             "Terug naar het overzicht",
		"raw":              "Bron (.eml)",
		"text":             "Tekstversie",
		"html":             "HTML-versie",
		"headers":          "Kopregels",
		"noText":           "Dit bericht heeft geen tekstversie.",
		"problems":         "Niet alles in dit bericht kon worden gelezen",
		"notFound":         "Bericht niet gevonden.",
		"unreadable":       "Bericht kon niet worden gelezen",
		"methodNotAllowed": "Deze pagina kan alleen worden bekeken.",
		"frameTitle":       "HTML-versie van het bericht",
	},
	i18n.English: {
		"title":            "Caught mail",
		"intro":            "No mail server is configured. These messages were not sent but kept in",
		"empty":            "No messages caught yet.",
		"when":             "Time",
		"from":             "From",
		"to":               "To",
		"subject":          "Subject",
		"more":             "older messages not shown",
		"back":             "Back to the list",
		"raw":              "Source (.eml)",
		"text":             "Text version",
		"html":             "HTML version",
		"headers":          "Headers",
		"noText":           "This message has no text version.",
		"problems":         "Not everything in this message could be read",
		"notFound":         "Message not found.",
		"unreadable":       "Message could not be read",
		"methodNotAllowed": "This page can only be viewed.",
		"frameTitle":       "HTML version of the message",
	},
}

var catcherTemplates = template.Must(template.New("catcher").Parse(`
{{define "top"}}<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{with .Message}}{{.Subject}} – {{end}}{{.L.title}}</title>
<style>
body{font-family:system-ui,Arial,sans-serif;margin:0;padding:1.5rem;color:#1a1a1a;max-width:70rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f2f2f2}
pre{white-space:pre-wrap;word-wrap:break-word;background:#f7f7f7;padding:1rem;border:1px solid #ddd}
iframe{width:100%;height:40rem;border:1px solid #ddd}
.muted{color:#555}
</style>
</head>
<body>{{end}}

{{define "list"}}{{template "top" .}}
<h1>{{.L.title}}</h1>
<p class="muted">{{.L.intro}} <code>{{.Dir}}</code>.</p>
{{if .Messages}}
<table>
<thead><tr><th scope="col">{{.L.when}}</th><th scope="col">{{.L.to}}</th><th scope="col">{{.L.subject}}</th></tr></thead>
<tbody>
{{range .Messages}}<tr><td>{{.When}}</td><td>{{.To}}</td><td><a href="m/{{.Name}}">{{if .Subject}}{{.Subject}}{{else}}{{.Name}}{{end}}</a></td></tr>
{{end}}</tbody>
</table>
{{if .More}}<p class="muted">{{.More}} {{.L.more}}</p>{{end}}
{{else}}<p>{{.L.empty}}</p>{{end}}
</body>
</html>
{{end}}

{{define "show"}}{{template "top" .}}{{with .Message}}
<p><a href="../">{{$.L.back}}</a> · <a href="../raw/{{.Name}}">{{$.L.raw}}</a></p>
<h1>{{.Subject}}</h1>
<h2>{{$.L.headers}}</h2>
<table>
{{range .Headers}}<tr><th scope="row">{{.Key}}</th><td>{{.Value}}</td></tr>
{{end}}</table>
{{if .Problems}}<p><strong>{{$.L.problems}}:</strong> {{range .Problems}}{{.}} {{end}}</p>{{end}}
<h2>{{$.L.text}}</h2>
{{if .Text}}<pre>{{.Text}}</pre>{{else}}<p class="muted">{{$.L.noText}}</p>{{end}}
{{if .HTMLDoc}}<h2>{{$.L.html}}</h2>
<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" title="{{$.L.frameTitle}}" srcdoc="{{.HTMLDoc}}"></iframe>{{end}}
{{end}}
</body>
</html>
{{end}}
`))
