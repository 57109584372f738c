package email

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"

	"github.com/regiogv/voortgang/internal/i18n"
)

// reserved are the header fields Compose owns; Message.Headers cannot set them.
var reserved = map[string]bool{
	"From": true, "To": true, "Cc": true, "Bcc": true, "Reply-To": true,
	"Subject": true, "Date": true, "Message-Id": true, "Mime-Version": true,
	"Content-Type": true, "Content-Transfer-Encoding": true, "Content-Disposition": true,
}

// Compose builds the RFC 5322 message: UTF-8 text and HTML as
// multipart/alternative (or a single part when only one is set), both
// quoted-printable; encoded-word headers for non-ASCII subjects and names;
// the Message-ID of the outbox row; Date; Auto-Submitted: auto-generated (so
// auto-responders answer without looping, while out-of-office replies still
// reach the inbox, which uses them to learn absences); Content-Language nl
// unless Headers says otherwise.
//
// The output depends only on m and date: the MIME boundary is derived from
// the Message-ID, so a retry of the same outbox row produces the same bytes.
func Compose(m Message, date time.Time) ([]byte, error) {
	if m.Text == "" && m.HTML == "" {
		return nil, errors.New("email: compose: message has neither text nor HTML")
	}
	if len(m.To) == 0 {
		return nil, errors.New("email: compose: message has no recipient")
	}
	if m.Key == "" {
		return nil, errors.New("email: compose: message has no outbox key")
	}
	id := strings.Trim(strings.TrimSpace(m.MessageID), "<>")
	if id == "" {
		return nil, fmt.Errorf("email: compose: %s has no Message-ID", m.Key)
	}
	if strings.ContainsAny(id, "<> \t\r\n") || !strings.Contains(id, "@") {
		return nil, fmt.Errorf("email: compose: invalid Message-ID %q", id)
	}
	if hasNewline(m.Subject) {
		return nil, errors.New("email: compose: subject contains a line break")
	}
	from, err := parseAddressList("From", []string{m.From})
	if err != nil {
		return nil, err
	}
	to, err := parseAddressList("To", m.To)
	if err != nil {
		return nil, err
	}
	var cc []*mail.Address
	if strings.TrimSpace(strings.Join(m.Cc, "")) != "" {
		cc, err = parseAddressList("Cc", m.Cc)
	}
	if err != nil {
		return nil, err
	}
	var replyTo []*mail.Address
	if m.ReplyTo != "" {
		if replyTo, err = parseAddressList("Reply-To", []string{m.ReplyTo}); err != nil {
			return nil, err
		}
	}

	// go-message writes header fields in the reverse order of Add, so the
	// fields are collected in reading order and added backwards.
	var h mail.Header
	type field struct{ k, v string }
	var fields []field
	add := func(k, v string) { fields = append(fields, field{k, v}) }

	h.SetDate(date.In(i18n.Amsterdam()))
	add("Date", h.Get("Date"))
	h.SetAddressList("From", from)
	add("From", h.Get("From"))
	if len(replyTo) > 0 {
		h.SetAddressList("Reply-To", replyTo)
		add("Reply-To", h.Get("Reply-To"))
	}
	h.SetAddressList("To", to)
	add("To", h.Get("To"))
	if len(cc) > 0 {
		h.SetAddressList("Cc", cc)
		add("Cc", h.Get("Cc"))
	}
	h.SetSubject(m.Subject)
	add("Subject", h.Get("Subject"))
	h.SetMessageID(id)
	add("Message-Id", h.Get("Message-Id"))

	extra := map[string]string{
		"Auto-Submitted":   "auto-generated",
		"Content-Language": i18n.Dutch,
	}
	for k, v := range m.Headers {
		ck := textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(k))
		if ck == "" || strings.ContainsAny(ck, ": \t\r\n") {
			return nil, fmt.Errorf("email: compose: invalid header name %q", k)
		}
		if reserved[ck] {
			return nil, fmt.Errorf("email: compose: header %s is set by Compose", ck)
		}
		if hasNewline(v) {
			return nil, fmt.Errorf("email: compose: header %s contains a line break", ck)
		}
		extra[ck] = v
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h.SetText(k, extra[k])
		add(k, h.Get(k))
	}
	add("MIME-Version", "1.0")

	// A boundary containing "=_" can never occur in quoted-printable text,
	// where every "=" is an escape, so it cannot collide with the body.
	boundary := "=_vg_" + keyHash(id)
	switch {
	case m.Text != "" && m.HTML != "":
		add("Content-Type", mimeType("multipart/alternative", map[string]string{"boundary": boundary}))
	case m.Text != "":
		add("Content-Type", mimeType("text/plain", map[string]string{"charset": "utf-8"}))
		add("Content-Transfer-Encoding", "quoted-printable")
	default:
		add("Content-Type", mimeType("text/html", map[string]string{"charset": "utf-8"}))
		add("Content-Transfer-Encoding", "quoted-printable")
	}

	var top message.Header
	for i := len(fields) - 1; i >= 0; i-- {
		top.Add(fields[i].k, fields[i].v)
	}

	var buf bytes.Buffer
	buf.Grow(len(m.Text) + len(m.HTML)*11/10 + 2048)
	w, err := message.CreateWriter(&buf, top)
	if err != nil {
		return nil, fmt.Errorf("email: compose: %w", err)
	}
	if m.Text != "" && m.HTML != "" {
		if err := writePart(w, "text/plain", m.Text); err != nil {
			return nil, err
		}
		if err := writePart(w, "text/html", m.HTML); err != nil {
			return nil, err
		}
	} else {
		body := m.Text
		if body == "" {
			body = m.HTML
		}
		if _, err := io.WriteString(w, normaliseNewlines(body)); err != nil {
			return nil, fmt.Errorf("email: compose: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("email: compose: %w", err)
	}
	return buf.Bytes(), nil
}

func writePart(w *message.Writer, contentType, body string) error {
	var ph message.Header
	// Reverse order again: Content-Type ends up first.
	ph.Add("Content-Transfer-Encoding", "quoted-printable")
	ph.Add("Content-Type", mimeType(contentType, map[string]string{"charset": "utf-8"}))
	pw, err := w.CreatePart(ph)
	if err != nil {
		return fmt.Errorf("email: compose %s: %w", contentType, err)
	}
	if _, err := io.WriteString(pw, normaliseNewlines(body)); err != nil {
		return fmt.Errorf("email: compose %s: %w", contentType, err)
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("email: compose %s: %w", contentType, err)
	}
	return nil
}

func mimeType(t string, params map[string]string) string {
	var h message.Header
	h.SetContentType(t, params)
	return h.Get("Content-Type")
}

// normaliseNewlines makes every line break "\n"; the quoted-printable writer
// turns them into CRLF.
func normaliseNewlines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func hasNewline(s string) bool { return strings.ContainsAny(s, "\r\n") }

func parseAddressList(field string, list []string) ([]*mail.Address, error) {
	var out []*mail.Address
	for _, s := range list {
		if strings.TrimSpace(s) == "" {
			continue
		}
		if hasNewline(s) {
			return nil, fmt.Errorf("email: compose: %s address contains a line break", field)
		}
		addrs, err := mail.ParseAddressList(s)
		if err != nil {
			return nil, fmt.Errorf("email: compose: %s address %q: %w", field, s, err)
		}
		out = append(out, addrs...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("email: compose: %s has no address", field)
	}
	return out, nil
}

// envelope returns the SMTP envelope of m: the From address and every To and
// Cc address, without display names, duplicates removed.
func envelope(m Message) (from string, rcpts []string, err error) {
	f, err := parseAddressList("From", []string{m.From})
	if err != nil {
		return "", nil, err
	}
	all, err := parseAddressList("To", append(append([]string{}, m.To...), m.Cc...))
	if err != nil {
		return "", nil, err
	}
	seen := map[string]bool{}
	for _, a := range all {
		k := strings.ToLower(a.Address)
		if !seen[k] {
			seen[k] = true
			rcpts = append(rcpts, a.Address)
		}
	}
	return f[0].Address, rcpts, nil
}
