package inbox

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	netmail "net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"github.com/emersion/go-message/textproto"
	"golang.org/x/text/encoding/charmap"
)

const (
	maxDepth = 12   // nesting of multiparts; real mail stays under 6
	maxParts = 1000 // parts in one message
)

// readMessage splits a raw message into its header and body.
func readMessage(raw []byte) (textproto.Header, []byte, error) {
	// Blank lines before the header (some exports and webmail "show
	// original" copies) are not the end of an empty header.
	raw = bytes.TrimLeft(raw, "\r\n")
	// Old Mac Mail and some exports end lines with a bare CR; the header
	// reader only knows LF.
	if bytes.IndexByte(raw, '\n') < 0 && bytes.IndexByte(raw, '\r') >= 0 {
		raw = bytes.ReplaceAll(raw, []byte("\r"), []byte("\r\n"))
	}
	// An mbox "From " separator line is not a header; skip it.
	if bytes.HasPrefix(raw, []byte("From ")) {
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			raw = raw[i+1:]
		}
	}
	br := bufio.NewReader(bytes.NewReader(raw))
	h, err := textproto.ReadHeader(br)
	if err != nil {
		return textproto.Header{}, nil, fmt.Errorf("inbox: kop van het bericht niet te lezen: %w", err)
	}
	if !h.Has("From") && !h.Has("Sender") && !h.Has("Message-Id") && !h.Has("Subject") && !h.Has("To") {
		return textproto.Header{}, nil, errors.New("inbox: geen e-mail: From, To, Subject en Message-ID ontbreken")
	}
	body, _ := io.ReadAll(br) // reading from memory cannot fail
	return h, body, nil
}

// bodyText is the readable text of a (sub)tree of parts.
type bodyText struct {
	text string
	html bool // converted from HTML; alternatives prefer plain text
}

// walker collects what the MIME tree holds.
type walker struct {
	attachments     []Attachment
	report          bool   // inside multipart/report
	reportType      string // report-type of the multipart/report
	deliveryStatus  string // message/delivery-status body
	returnedHeaders []byte // header of the returned message in a report
	feedback        bool   // a message/feedback-report part (ARF abuse report)
	disposition     bool   // a message/disposition-notification part (read receipt)
	parts           int
	errs            []error
	preferHTML      bool // tests only
}

func (w *walker) entity(h textproto.Header, body []byte, depth int) bodyText {
	w.parts++
	ct, params := contentType(h)
	disp, dparams := contentDisposition(h)
	filename := headerText(firstNonEmpty(dparams["filename"], params["name"]))

	switch {
	case strings.HasPrefix(ct, "multipart/"):
		return w.multipart(ct, params, body, depth)
	case ct == "message/feedback-report":
		w.feedback = true
		return bodyText{}
	case ct == "message/disposition-notification" || ct == "message/global-disposition-notification":
		w.disposition = true
		return bodyText{}
	case ct == "message/delivery-status" || ct == "message/global-delivery-status":
		w.deliveryStatus = decodeText(decodeTransfer(h.Get("Content-Transfer-Encoding"), body), "utf-8")
		return bodyText{}
	case w.report && (ct == "text/rfc822-headers" || ct == "message/rfc822" || ct == "message/global" || ct == "message/global-headers"):
		if w.returnedHeaders == nil {
			w.returnedHeaders = decodeTransfer(h.Get("Content-Transfer-Encoding"), body)
		}
		return bodyText{}
	case (ct == "text/plain" || ct == "text/html") && disp != "attachment" && filename == "":
		data := decodeTransfer(h.Get("Content-Transfer-Encoding"), body)
		if ct == "text/html" {
			cs := params["charset"]
			if cs == "" {
				cs = sniffHTMLCharset(data)
			}
			return bodyText{text: htmlToText(decodeText(data, cs)), html: true}
		}
		text := decodeText(data, params["charset"])
		if strings.EqualFold(params["format"], "flowed") {
			text = unflow(text, strings.EqualFold(params["delsp"], "yes"))
		}
		return bodyText{text: text}
	default:
		w.attachment(h, ct, disp, filename, body)
		return bodyText{}
	}
}

func (w *walker) multipart(ct string, params map[string]string, body []byte, depth int) bodyText {
	if depth >= maxDepth {
		w.errs = append(w.errs, fmt.Errorf("multipart dieper dan %d niveaus", maxDepth))
		return bodyText{}
	}
	boundary := params["boundary"]
	if boundary == "" {
		// Without a boundary the parts cannot be told apart: read it as text.
		w.errs = append(w.errs, fmt.Errorf("%s zonder boundary", ct))
		return bodyText{text: decodeText(body, "")}
	}
	if ct == "multipart/report" {
		w.report = true
		w.reportType = strings.ToLower(params["report-type"])
	}

	var texts []bodyText
	mr := textproto.NewMultipartReader(bytes.NewReader(body), boundary)
	for {
		if w.parts >= maxParts {
			w.errs = append(w.errs, fmt.Errorf("meer dan %d delen", maxParts))
			break
		}
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			// A missing closing boundary is common in truncated mail: keep
			// what was read.
			w.errs = append(w.errs, fmt.Errorf("%s: %w", ct, err))
			break
		}
		data, err := io.ReadAll(p)
		if err != nil {
			w.errs = append(w.errs, fmt.Errorf("%s: deel: %w", ct, err))
		}
		texts = append(texts, w.entity(p.Header, data, depth+1))
	}

	if ct == "multipart/alternative" {
		var other *bodyText
		for i := range texts {
			if strings.TrimSpace(texts[i].text) == "" {
				continue
			}
			if texts[i].html == w.preferHTML {
				return texts[i]
			}
			if other == nil {
				other = &texts[i]
			}
		}
		if other != nil {
			return *other
		}
		return bodyText{}
	}
	var out bodyText
	var parts []string
	for _, t := range texts {
		if strings.TrimSpace(t.text) == "" {
			continue
		}
		parts = append(parts, strings.TrimRight(t.text, "\r\n"))
		out.html = out.html || t.html
	}
	out.text = strings.Join(parts, "\n\n")
	return out
}

func (w *walker) attachment(h textproto.Header, ct, disp, filename string, body []byte) {
	data := decodeTransfer(h.Get("Content-Transfer-Encoding"), body)
	if filename == "" && (ct == "message/rfc822" || ct == "message/global") {
		filename = "bericht.eml"
	}
	a := Attachment{
		Filename:    filename,
		ContentType: ct,
		Size:        len(data),
		Inline:      disp == "inline" || (disp == "" && h.Get("Content-Id") != ""),
	}
	if len(data) <= MaxAttachmentSize {
		a.Data = data
	}
	w.attachments = append(w.attachments, a)
}

// contentType returns the lowercased media type and its parameters,
// tolerating malformed parameters. Without a header it is text/plain.
func contentType(h textproto.Header) (string, map[string]string) {
	v := h.Get("Content-Type")
	if strings.TrimSpace(v) == "" {
		return "text/plain", map[string]string{}
	}
	t, params := parseMediaHeader(v)
	if !strings.Contains(t, "/") {
		return "text/plain", params
	}
	return t, params
}

func contentDisposition(h textproto.Header) (string, map[string]string) {
	v := h.Get("Content-Disposition")
	if strings.TrimSpace(v) == "" {
		return "", map[string]string{}
	}
	return parseMediaHeader(v)
}

var paramRe = regexp.MustCompile(`(?i);\s*([a-z0-9*_.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)`)

func parseMediaHeader(v string) (string, map[string]string) {
	t, params, err := mime.ParseMediaType(v)
	if err == nil {
		return strings.ToLower(t), params
	}
	// Duplicate or broken parameters: take them one by one.
	t = strings.ToLower(strings.TrimSpace(strings.SplitN(v, ";", 2)[0]))
	params = map[string]string{}
	for _, m := range paramRe.FindAllStringSubmatch(v, -1) {
		k := strings.ToLower(m[1])
		if _, ok := params[k]; ok {
			continue
		}
		val := m[2]
		if len(val) >= 2 && val[0] == '"' {
			val = strings.ReplaceAll(val[1:len(val)-1], `\"`, `"`)
		}
		params[k] = val
	}
	return t, params
}

// decodeTransfer undoes a Content-Transfer-Encoding. It never fails: broken
// input decodes as far as it goes and unknown encodings stay raw, so no
// mail is dropped (go-message aborts a part on one bad quoted-printable
// sequence).
func decodeTransfer(enc string, body []byte) []byte {
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "quoted-printable":
		return decodeQP(body)
	case "base64":
		return decodeBase64(body)
	default:
		return body
	}
}

func decodeQP(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		j := i + 1
		for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
			j++
		}
		switch {
		case j == len(b): // "=" at the very end
			i = j - 1
		case b[j] == '\n': // soft line break
			i = j
		case b[j] == '\r':
			i = j
			if j+1 < len(b) && b[j+1] == '\n' {
				i = j + 1
			}
		case i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]):
			out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
			i += 2
		default: // a stray "=": keep it
			out = append(out, '=')
		}
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

func decodeBase64(b []byte) []byte {
	clean := make([]byte, 0, len(b))
	for _, c := range b {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+', c == '/':
			clean = append(clean, c)
		case c == '-':
			clean = append(clean, '+')
		case c == '_':
			clean = append(clean, '/')
		}
	}
	if len(clean)%4 == 1 {
		clean = clean[:len(clean)-1]
	}
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
	n, err := base64.RawStdEncoding.Decode(out, clean)
	if err != nil && n == 0 {
		return b
	}
	return out[:n]
}

var win1252 = charmap.Windows1252

// decodeText converts body bytes in the named charset to UTF-8. Unknown
// charsets, and bytes that are not what their label says, fall back to
// UTF-8 when valid and to windows-1252 otherwise.
func decodeText(b []byte, cs string) string {
	cs = strings.ToLower(strings.Trim(strings.TrimSpace(cs), `"'`))
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	switch cs {
	case "", "us-ascii", "ascii", "utf-8", "utf8", "unicode-1-1-utf-8":
		return guessText(b)
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp1252", "windows-1252", "x-cp1252":
		// Browsers and mail clients treat ISO-8859-1 as windows-1252 (€ at 0x80).
		return decodeWin1252(b)
	}
	r, err := charset.Reader(cs, bytes.NewReader(b))
	if err != nil {
		return guessText(b)
	}
	out, err := io.ReadAll(r)
	if err != nil && len(out) == 0 {
		return guessText(b)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

func guessText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return decodeWin1252(b)
}

func decodeWin1252(b []byte) string {
	out, err := win1252.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(out)
}

var metaCharsetRe = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?([a-z0-9_:.-]+)`)

func sniffHTMLCharset(b []byte) string {
	head := b
	if len(head) > 4096 {
		head = head[:4096]
	}
	if m := metaCharsetRe.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// unflow joins the soft line breaks of format=flowed text (RFC 3676).
func unflow(s string, delsp bool) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var out []string
	var cur strings.Builder
	curDepth, open := 0, false
	for _, l := range lines {
		depth := 0
		for depth < len(l) && l[depth] == '>' {
			depth++
		}
		content := strings.TrimPrefix(l[depth:], " ") // space-stuffing
		if open && depth != curDepth {
			out = append(out, strings.Repeat(">", curDepth)+prefixSpace(curDepth)+cur.String())
			cur.Reset()
			open = false
		}
		if !open {
			curDepth = depth
		}
		soft := strings.HasSuffix(content, " ") && content != "-- "
		if soft && delsp {
			content = content[:len(content)-1]
		}
		cur.WriteString(content)
		open = true
		if !soft {
			out = append(out, strings.Repeat(">", curDepth)+prefixSpace(curDepth)+cur.String())
			cur.Reset()
			open = false
		}
	}
	if open {
		out = append(out, strings.Repeat(">", curDepth)+prefixSpace(curDepth)+cur.String())
	}
	return strings.Join(out, "\n")
}

func prefixSpace(depth int) string {
	if depth > 0 {
		return " "
	}
	return ""
}

var wordDecoder = &mime.WordDecoder{CharsetReader: func(cs string, r io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return strings.NewReader(decodeText(b, cs)), nil
}}

// headerText decodes RFC 2047 encoded words; raw 8-bit headers that are
// not UTF-8 are read as windows-1252.
func headerText(v string) string {
	if v == "" {
		return ""
	}
	if dec, err := wordDecoder.DecodeHeader(v); err == nil {
		v = dec
	}
	if !utf8.ValidString(v) {
		v = decodeWin1252([]byte(v))
	}
	return strings.TrimSpace(v)
}

var msgIDRe = regexp.MustCompile(`<([^<>\s]+)>`)

// msgIDs returns the message identifiers in a header, without brackets.
func msgIDs(v string) []string {
	var ids []string
	for _, m := range msgIDRe.FindAllStringSubmatch(v, -1) {
		ids = append(ids, m[1])
	}
	if len(ids) == 0 {
		// Some clients leave the brackets out.
		for _, f := range strings.Fields(v) {
			if strings.Contains(f, "@") {
				ids = append(ids, strings.Trim(f, "<>,"))
			}
		}
	}
	return ids
}

func firstMsgID(v string) string {
	if ids := msgIDs(v); len(ids) > 0 {
		return ids[0]
	}
	return ""
}

var addrParser = &netmail.AddressParser{WordDecoder: wordDecoder}

var bareAddrRe = regexp.MustCompile(`[A-Za-z0-9.!#$%&'*+/=?^_` + "`" + `{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*`)

// addresses returns the addresses in an address header as written, falling
// back to anything that looks like an address when the header is malformed.
func addresses(v string) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	var out []string
	if list, err := addrParser.ParseList(v); err == nil {
		for _, a := range list {
			out = append(out, a.Address)
		}
		return out
	}
	return append(out, bareAddrRe.FindAllString(v, -1)...)
}

func fromAddress(h textproto.Header) string {
	for _, key := range []string{"From", "Sender"} {
		if a := addresses(h.Get(key)); len(a) > 0 {
			return strings.ToLower(a[0])
		}
	}
	return ""
}

var (
	plusTokenRe  = regexp.MustCompile(`^[^+@\s]+\+([A-Za-z0-9_-]{4,64})@`)
	subjectTagRe = regexp.MustCompile(`(?i)\[\s*vg\s*:\s*([A-Za-z0-9_-]{4,64})\s*\]`)
)

// findToken looks for the request token in a plus-address in To, Cc,
// Delivered-To and X-Original-To, then in the subject tag. When the subject
// tag names one of the plus-address tokens, that one wins: an owner's own
// plus-address in Cc must not shadow ours.
func findToken(h textproto.Header, subject string) string {
	var cands []string
	for _, key := range []string{"To", "Cc", "Delivered-To", "X-Original-To"} {
		for _, v := range h.Values(key) {
			for _, a := range addresses(v) {
				if m := plusTokenRe.FindStringSubmatch(a); m != nil {
					cands = append(cands, m[1])
				}
			}
		}
	}
	tag := ""
	if m := subjectTagRe.FindStringSubmatch(subject); m != nil {
		tag = m[1]
	}
	for _, c := range cands {
		if tag != "" && strings.EqualFold(c, tag) {
			return c
		}
	}
	if len(cands) > 0 {
		return cands[0]
	}
	return tag
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func mailParseDate(v string) (time.Time, error) { return netmail.ParseDate(v) }
