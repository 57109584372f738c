// Package inbox reads the answers owners send to a status request
// (uitvraag): it turns one raw e-mail into a Reply with the token that ties
// it to the request, the status per action reference and the toelichting,
// with quoted history and signatures removed.
//
// Parse is pure: bytes in, a value out, no clock, no network, no store. It
// does not decide whether a sender may answer for an action (that is the
// caller's job: From is reported exactly as the header says) and it does
// not apply anything; the mailbox readers (the IMAP Poller, the GraphPoller for Microsoft
// Graph) and the store do that.
//
// The Processor applies what Parse read. A reply counts only when it names its request by
// the token or by a reference that verifies as one of our keyed Message-IDs (package
// outbox), comes from the contact or their deputy, and did not fail DMARC or SPF at our
// receiving server; everything else goes to the postvak. Machine mail is held to the same
// checks before it changes state: a bounce or delay warning only when it is about a message
// of ours (its keyed Message-ID, else the token) to the address it names, an out-of-office
// reply only when it answers a request to its sender; a forged one goes to the postvak too.
// A reply's answers are all checked before any is written, and then written in one
// transaction with the mail's row, whose insert is the claim that lets exactly one replica
// apply a mail. Only the leader's reader reads the mailbox.
package inbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/actionstatus"
)

// Size limits for inbound mail.
const (
	// MaxMessageSize is the largest raw message Parse accepts.
	MaxMessageSize = 10 << 20
	// MaxAttachmentSize is the largest attachment whose bytes are kept;
	// larger ones are listed with Data nil.
	MaxAttachmentSize = 5 << 20
	// maxTextBytes bounds the body text the heuristics read. Nobody types
	// 256 KB into a reply; what lies beyond is quoted history or an attack
	// on the parser's time.
	maxTextBytes = 256 << 10
)

// ErrTooLarge is returned for messages over MaxMessageSize; the caller
// quarantines them unread.
var ErrTooLarge = errors.New("inbox: bericht is groter dan 10 MB")

// Kind tells what sort of message a Reply is.
type Kind string

// Kinds of inbound message.
const (
	KindReply     Kind = "reply"      // a person answered
	KindAutoReply Kind = "auto-reply" // out-of-office, read receipt, other machine answers
	KindBounce    Kind = "bounce"     // delivery status notification: the request did not arrive
	// KindDelay is a delay warning (DSN Action: delayed): the server still
	// tries; only a later final failure is a bounce.
	KindDelay Kind = "delay"
)

// Item is the answer for one action reference. Ref is empty when the reply
// carries no references at all (the caller applies it to a request with a
// single action). Status is empty when no status word was recognised.
type Item struct {
	Ref    string              `json:"ref,omitempty"`
	Status actionstatus.Status `json:"status,omitempty"`
	Text   string              `json:"text,omitempty"`
}

// Attachment is a file that came with the reply. Data is nil when the file
// is larger than MaxAttachmentSize; Size is always the decoded size.
type Attachment struct {
	Filename    string `json:"filename,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Size        int    `json:"size"`
	Inline      bool   `json:"inline,omitempty"` // e.g. a logo in an HTML signature
	Data        []byte `json:"-"`
}

// Reply is what Parse makes of one inbound message.
type Reply struct {
	MessageID string `json:"message_id,omitempty"` // without angle brackets
	From      string `json:"from,omitempty"`       // lowercased address, unverified
	Subject   string `json:"subject,omitempty"`
	// Token is taken from a plus-address in To, Cc or Delivered-To
	// (local+TOKEN@domain), else from the subject tag [vg:TOKEN].
	Token      string   `json:"token,omitempty"`
	InReplyTo  string   `json:"in_reply_to,omitempty"`
	References []string `json:"references,omitempty"`
	Kind       Kind     `json:"kind"`
	Items      []Item   `json:"items,omitempty"`
	// Text is the new text of the message: quotes, forwarded history and
	// signature removed.
	Text string `json:"text,omitempty"`
	// AwayUntil is the last day (YYYY-MM-DD) an auto-reply says its sender
	// is away. "tot (en met) X" and "until X" give X itself; "weer aanwezig
	// op X", "vanaf X weer" and "back on X" give the day before X.
	AwayUntil string `json:"away_until,omitempty"`
	// FailedRecipient is the address a bounce reports as undeliverable, or
	// the one a delay warning reports as not yet delivered.
	FailedRecipient string       `json:"failed_recipient,omitempty"`
	Attachments     []Attachment `json:"attachments,omitempty"`
}

// JSON renders the reply as indented JSON, the form
// `voortgang inbox parse --format json` prints.
func (r Reply) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // "Bescherming & Opvang", not "\u0026"
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, fmt.Errorf("inbox: json: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Parse reads one raw RFC 5322 message. It returns ErrTooLarge for messages
// over MaxMessageSize and a wrapped error for messages it cannot read at
// all; the caller quarantines both. Broken parts (bad quoted-printable,
// unknown charsets, a missing closing boundary) never make it fail: they are
// decoded as far as possible and kept.
func Parse(raw []byte) (r Reply, err error) {
	if len(raw) > MaxMessageSize {
		return Reply{}, ErrTooLarge
	}
	// A safety net for the daemon: a bug in a heuristic must quarantine one
	// mail, not stop the poller. FuzzParse calls parse directly so that such
	// bugs are still found.
	defer func() {
		if p := recover(); p != nil {
			r, err = Reply{}, fmt.Errorf("inbox: bericht niet te lezen (interne fout: %v)", p)
		}
	}()
	return parse(raw)
}

func parse(raw []byte) (Reply, error) {
	return parseWith(raw, false)
}

// parseWith parses; preferHTML makes multipart/alternative pick the HTML
// part, so tests can check both renderings of a message agree.
func parseWith(raw []byte, preferHTML bool) (Reply, error) {
	if len(raw) > MaxMessageSize {
		return Reply{}, ErrTooLarge
	}
	h, body, err := readMessage(raw)
	if err != nil {
		return Reply{}, err
	}

	var r Reply
	r.MessageID = firstMsgID(h.Get("Message-Id"))
	r.From = fromAddress(h)
	r.Subject = headerText(h.Get("Subject"))
	r.InReplyTo = firstMsgID(h.Get("In-Reply-To"))
	r.References = msgIDs(h.Get("References"))
	date, _ := parseDate(h.Get("Date"))

	w := &walker{preferHTML: preferHTML}
	content := w.entity(h, body, 0)
	if len(w.errs) > 0 && strings.TrimSpace(content.text) == "" && len(w.attachments) == 0 && !w.report {
		return Reply{}, fmt.Errorf("inbox: inhoud niet te lezen: %w", errors.Join(w.errs...))
	}
	r.Attachments = w.attachments

	full := truncateText(normalizeText(content.text), maxTextBytes)
	r.Text = stripQuotes(full)
	r.Token = findToken(h, r.Subject)

	switch dsnKind(h, r.Subject, w) {
	case KindBounce:
		r.Kind = KindBounce
		applyBounce(&r, h, w, full)
	case KindDelay:
		r.Kind = KindDelay
		applyBounce(&r, h, w, full)
	case KindAutoReply: // a success DSN, an abuse report
		r.Kind = KindAutoReply
	}
	switch {
	case r.Kind != "":
	case isAutoReply(h, r.Subject, w):
		r.Kind = KindAutoReply
		r.AwayUntil = awayUntil(r.Text, date)
		if r.AwayUntil == "" && r.Text != full {
			r.AwayUntil = awayUntil(full, date)
		}
	default:
		r.Kind = KindReply
		r.Items = splitItems(r.Text)
	}
	return r, nil
}

// parseDate reads a Date header, tolerating the sloppier forms seen in the
// wild. The zero time means "unknown".
func parseDate(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, errors.New("inbox: geen datum")
	}
	if t, err := mailParseDate(v); err == nil {
		return t, nil
	}
	// Drop a trailing comment such as "(CET)" and a leading weekday.
	if i := strings.IndexByte(v, '('); i > 0 {
		v = strings.TrimSpace(v[:i])
	}
	for _, layout := range []string{
		"Mon, 2 Jan 2006 15:04:05 -0700",
		"2 Jan 2006 15:04:05 -0700",
		"Mon, 2 Jan 2006 15:04 -0700",
		"Mon, 2 Jan 2006 15:04:05 MST",
		"2006-01-02T15:04:05Z07:00",
		"2006-01-02 15:04:05 -0700",
	} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("inbox: datum %q niet te lezen", v)
}

// truncateText cuts s to at most n bytes, at a line end when there is one.
func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '\n'); i > 0 {
		return s[:i]
	}
	return strings.ToValidUTF8(s, "")
}
