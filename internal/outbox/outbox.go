// Package outbox owns the names of what voortgang puts in the outbox: the message kinds and
// channels, the deterministic keys of outbox rows and status requests, the Message-IDs and
// references mail carries, and the typed payloads (payload.go, chat.go) that say, as data,
// what a message is about: the cycle fills them, and every channel renders its own message
// from them, so the cycle and the channels share these types and nothing else.
//
// Keys are deterministic so that writing a row twice is a no-op (a crash, two replicas, a
// second pass at the same instant). Every key is built and parsed here and nowhere else, so
// the cycle that writes them and the board and the report that read them cannot drift apart.
//
// A Message-ID is derived from the key as well, so a retry carries the same identifier, but
// under the secret key (HMAC-SHA256): the keys themselves are guessable (a period and a
// contact key), and a reply's In-Reply-To or References is one of the things that links it
// to a status request. An unkeyed hash would let anybody who can spoof a From address
// predict the reference and have a forged answer recorded. Refs.Verify tells a reference we
// made from one somebody computed without the key.
package outbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
)

// The kinds of message voortgang sends (the kind column of an outbox row; each channel has
// templates for every kind). Package email names them too, as aliases of these.
const (
	KindStatusRequest = "statusrequest"
	KindReminder      = "reminder"
	KindEscalation    = "escalation"
	KindSummary       = "summary"
	KindDigest        = "digest"
	KindConfirmation  = "confirmation"
	KindDraft         = "draft"
	KindBounce        = "bounce"
)

// Kinds lists every kind, in the order of a request's life.
var Kinds = []string{KindStatusRequest, KindReminder, KindEscalation, KindSummary, KindDigest, KindConfirmation, KindDraft, KindBounce}

// Prefixes of the keys (the first path segment). Dutch, because they are shown on the board
// and in the audit log as they are.
const (
	PrefixRequest      = "uitvraag"
	PrefixReminder     = "herinnering"
	PrefixEscalation   = "escalatie"
	PrefixSummary      = "samenvatting"
	PrefixDigest       = "digest"
	PrefixConfirmation = "bevestiging"
	PrefixBounce       = "onbestelbaar"
)

// Suffixes of the rows a channel adds for the same message (a Slack copy, a mail fallback).
const (
	SuffixSlack         = "/slack"
	SuffixTeams         = "/teams"
	SuffixEmailFallback = "/email-fallback"
)

// boardReminder marks a reminder a coordinator sent from the board (herinnering/P/c/bord-N).
const boardReminder = "bord-"

// RequestKey is the key of the status request of contact for period, and of the mail that
// asks it.
func RequestKey(period, contact string) string { return PrefixRequest + "/" + period + "/" + contact }

// ParseRequestKey returns the period and contact of a status request key.
func ParseRequestKey(key string) (period, contact string, ok bool) {
	parts := strings.Split(key, "/")
	if len(parts) != 3 || parts[0] != PrefixRequest || parts[1] == "" || parts[2] == "" {
		return "", "", false
	}
	return parts[1], parts[2], true
}

// RequestPrefix is the key prefix of every status request (and its mail) for period.
func RequestPrefix(period string) string { return PrefixRequest + "/" + period + "/" }

// ParseContactKey returns the period and contact of the key of a mail to one contact about
// one period: a status request, a reminder (scheduled or from the board) or a confirmation,
// also with a channel suffix.
func ParseContactKey(key string) (period, contact string, ok bool) {
	parts := strings.Split(key, "/")
	if len(parts) < 3 || parts[1] == "" || parts[2] == "" {
		return "", "", false
	}
	switch parts[0] {
	case PrefixRequest, PrefixReminder, PrefixConfirmation:
		return parts[1], parts[2], true
	}
	return "", "", false
}

// ReminderKey is the key of the n-th scheduled reminder of contact for period.
func ReminderKey(period, contact string, n int) string {
	return fmt.Sprintf("%s/%s/%s/%d", PrefixReminder, period, contact, n)
}

// BoardReminderKey is the key of the n-th reminder a coordinator sent from the board.
func BoardReminderKey(period, contact string, n int) string {
	return fmt.Sprintf("%s/%s/%s/%s%d", PrefixReminder, period, contact, boardReminder, n)
}

// BoardReminderPrefix is the key prefix of the board reminders of contact for period.
func BoardReminderPrefix(period, contact string) string {
	return PrefixReminder + "/" + period + "/" + contact + "/" + boardReminder
}

// ReminderPrefix is the key prefix of every reminder for period.
func ReminderPrefix(period string) string { return PrefixReminder + "/" + period + "/" }

// ParseReminderKey returns the contact of a reminder key (scheduled or from the board).
func ParseReminderKey(key string) (period, contact string, ok bool) {
	parts := strings.Split(key, "/")
	if len(parts) < 4 || parts[0] != PrefixReminder || parts[1] == "" || parts[2] == "" {
		return "", "", false
	}
	return parts[1], parts[2], true
}

// RoundOf is the period of the reporting round a message key belongs to (a request, a
// reminder, an escalation or a summary, with or without a channel suffix), or "" for a
// message outside a round (a digest, a confirmation, a bounce note, a draft announcement).
// The board and `voortgang outbox retry --periode` resend a round's failed messages by it.
func RoundOf(key string) string {
	parts := strings.Split(key, "/")
	if len(parts) < 3 || parts[1] == "" {
		return ""
	}
	switch parts[0] {
	case PrefixRequest, PrefixReminder, PrefixEscalation, PrefixSummary:
		return parts[1]
	}
	return ""
}

// EscalationKey is the key of the escalation about period to coordinator.
func EscalationKey(period, coordinator string) string {
	return PrefixEscalation + "/" + period + "/" + coordinator
}

// EscalationPrefix is the key prefix of every escalation about period (also the key of the
// note to the coordinators' Slack channel).
func EscalationPrefix(period string) string { return PrefixEscalation + "/" + period }

// SummaryKey is the key of the summary of period to coordinator.
func SummaryKey(period, coordinator string) string {
	return PrefixSummary + "/" + period + "/" + coordinator
}

// SummaryPrefix is the key of the summary note for period in the coordinators' channel.
func SummaryPrefix(period string) string { return PrefixSummary + "/" + period }

// DigestKey is the key of the milestone digest of day to contact.
func DigestKey(day, contact string) string { return PrefixDigest + "/" + day + "/" + contact }

// ConfirmationKey is the key of the confirmation of the answers of contact for period whose
// first stored response has id first.
func ConfirmationKey(period, contact string, first int64) string {
	return PrefixConfirmation + "/" + period + "/" + contact + "/" + strconv.FormatInt(first, 10)
}

// BounceKey is the key of the notice to coordinator that mail to contact bounced; the bounce
// is named by its own Message-ID, so the same bounce processed twice tells them once.
func BounceKey(bounceMessageID, contact, coordinator string) string {
	sum := sha256.Sum256([]byte(bounceMessageID))
	return PrefixBounce + "/" + hex.EncodeToString(sum[:8]) + "/" + contact + "/" + coordinator
}

// DraftAnnouncementKey is the key of the mail to coordinator that the report draft with
// draftKey (concept/P/N, the store's key of the draft) is ready.
func DraftAnnouncementKey(draftKey, coordinator string) string { return draftKey + "/" + coordinator }

// Refs makes and checks the Message-IDs of outbox mail. It holds the secret key.
type Refs struct{ key []byte }

// NewRefs returns Refs keyed with secret (the key of the signed links). The secret is not
// used as it is: a label separates Message-IDs from the link signatures made with the same
// key.
func NewRefs(secret []byte) (*Refs, error) {
	if len(secret) < 16 {
		return nil, errors.New("outbox: geheime sleutel ontbreekt of is te kort voor Message-ID's")
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("voortgang outbox message-id v2"))
	return &Refs{key: m.Sum(nil)}, nil
}

// localPart is the part before @ of the Message-ID of key: 128 bits of HMAC-SHA256, in hex.
func (r *Refs) localPart(key string) string {
	m := hmac.New(sha256.New, r.key)
	m.Write([]byte(key))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// MessageID is the Message-ID (without angle brackets) of the outbox row with key, at the
// domain of the From address. The same key always gives the same identifier.
func (r *Refs) MessageID(key, from string) (string, error) {
	if key == "" {
		return "", errors.New("outbox: bericht zonder sleutel")
	}
	addr, err := mail.ParseAddress(from)
	if err != nil {
		return "", fmt.Errorf("outbox: afzender %q: %w", from, err)
	}
	_, domain, ok := strings.Cut(addr.Address, "@")
	if !ok || domain == "" {
		return "", fmt.Errorf("outbox: afzender %q heeft geen domein", from)
	}
	return r.localPart(key) + "@" + strings.ToLower(domain), nil
}

// Verify reports whether messageID (with or without angle brackets) is the keyed Message-ID
// of the row with key. The domain is not compared (a changed From address keeps old replies
// valid); case is ignored, because mail systems may change it.
func (r *Refs) Verify(key, messageID string) bool {
	id := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(messageID), "<"), ">")
	local, _, ok := strings.Cut(id, "@")
	if !ok || key == "" {
		return false
	}
	return hmac.Equal([]byte(strings.ToLower(local)), []byte(r.localPart(key)))
}

// GoalAnchor is the id of a doel's heading in the answer form, "doel-<programme>-<number>"
// ("doel-bescherming-opvang-2026-2029-15"), and so the fragment a mail links to it with. It
// names the programme, so a link opens the same doel whatever other programmes the contact's
// form holds and in which order. The form and the mails both take it from here, so the
// anchor a mail links to is the one the form renders. Programme keys are valid ids
// (lower-case letters, digits, - and _).
func GoalAnchor(programmeKey string, goal int) string {
	return "doel-" + programmeKey + "-" + strconv.Itoa(goal)
}
