package inbox

import (
	"strings"

	"golang.org/x/net/html"
)

// htmlToText turns an HTML body into plain text. Blockquotes become "> "
// lines so the quote stripper removes them, and the text ends at the first
// reply divider a mail client puts above the quoted history (Outlook's
// divRplyFwdMsg, appendonsend, its border-top header div and <hr>; Gmail's
// gmail_quote; Thunderbird's moz-cite-prefix): nothing below one is new.
func htmlToText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b textBuilder
	skip, pre := 0, 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.text(string(z.Text()), pre > 0)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			if isReplyDivider(tag, attrs) {
				return b.String()
			}
			selfClosing := tt == html.SelfClosingTagToken
			switch tag {
			case "body":
				skip = 0 // an unclosed <head> must not hide the body
			case "script", "style", "head", "title", "xml", "template":
				if !selfClosing {
					skip++
				}
			case "br":
				b.newline()
			case "blockquote":
				b.block()
				b.depth++
			case "li":
				b.block()
				b.text("- ", true)
			case "pre":
				b.block()
				if !selfClosing {
					pre++
				}
			case "td", "th":
				b.text(" ", true)
			default:
				if blockTags[tag] {
					b.block()
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch tag := string(name); tag {
			case "script", "style", "head", "title", "xml", "template":
				if skip > 0 {
					skip--
				}
			case "blockquote":
				b.block()
				if b.depth > 0 {
					b.depth--
				}
			case "pre":
				b.block()
				if pre > 0 {
					pre--
				}
			default:
				if blockTags[tag] {
					b.block()
				}
			}
		}
	}
}

var blockTags = map[string]bool{
	"p": true, "div": true, "tr": true, "table": true, "ul": true, "ol": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"address": true, "article": true, "section": true, "header": true, "footer": true,
	"dl": true, "dt": true, "dd": true, "center": true, "hr": true,
}

func isReplyDivider(tag string, attrs map[string]string) bool {
	switch id := attrs["id"]; id {
	case "divRplyFwdMsg", "appendonsend", "mail-editor-reference-message-container":
		return true
	}
	if tag == "hr" {
		return true
	}
	for _, c := range strings.Fields(attrs["class"]) {
		switch c {
		case "gmail_quote", "gmail_quote_container", "moz-cite-prefix", "OutlookMessageHeader", "yahoo_quoted":
			return true
		}
	}
	if tag == "div" {
		style := strings.ToLower(strings.ReplaceAll(attrs["style"], " ", ""))
		// Outlook desktop: <div style="border:none;border-top:solid #E1E1E1 1.0pt;...">
		if strings.Contains(style, "border:none") && strings.Contains(style, "border-top:solid") {
			return true
		}
	}
	return false
}

// textBuilder collects lines of text with their blockquote depth.
type textBuilder struct {
	lines []string
	cur   strings.Builder
	curD  int // depth of the current line, fixed at its first text
	depth int
}

func (b *textBuilder) text(s string, keepSpace bool) {
	if !keepSpace {
		s = collapseSpace(s)
	}
	if keepSpace && strings.Contains(s, "\n") {
		parts := strings.Split(s, "\n")
		for i, p := range parts {
			if i > 0 {
				b.newline()
			}
			b.text(p, true)
		}
		return
	}
	if s == "" {
		return
	}
	if b.cur.Len() == 0 {
		if s = strings.TrimLeft(s, " "); s == "" {
			return
		}
		b.curD = b.depth
	}
	b.cur.WriteString(s)
}

// collapseSpace folds runs of HTML whitespace into one space; a non-breaking
// space is content (Outlook's empty paragraphs hold one) and stays.
func collapseSpace(s string) string {
	var sb strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			space = true
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
	}
	if space {
		sb.WriteByte(' ')
	}
	return sb.String()
}

func (b *textBuilder) newline() {
	line := strings.TrimRight(strings.ReplaceAll(b.cur.String(), "\u00a0", " "), " \t")
	// One "> " marks a quoted line whatever its depth; the depth is not
	// needed and repeating it lets a hostile message blow up the text.
	if b.curD > 0 && b.cur.Len() > 0 {
		line = "> " + strings.TrimLeft(line, " ")
	} else if b.cur.Len() == 0 && b.depth > 0 {
		line = ">"
	}
	b.lines = append(b.lines, line)
	b.cur.Reset()
	b.curD = b.depth
}

// block ends the current line if it has anything in it.
func (b *textBuilder) block() {
	if b.cur.Len() > 0 {
		b.newline()
	}
}

func (b *textBuilder) String() string {
	b.block()
	return strings.TrimRight(strings.Join(b.lines, "\n"), "\n")
}
