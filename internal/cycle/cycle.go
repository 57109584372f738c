// Package cycle is the half-year status cycle: who is asked about which actions for a
// reporting period, when the request, the reminders, the escalation and the summary are due,
// the monthly milestone digest, and the recording of answers. It decides and writes rows
// (status requests, outbox messages, responses); it never sends anything itself — the
// notifiers deliver what it puts in the outbox.
//
// Nor does it write a message. What a message says is an outbox payload (package outbox:
// outbox.RequestPayload, outbox.NotePayload, …), and each channel renders its own format
// from it through an interface the cycle declares and the app injects (MailRenderer for
// mail, ChatRenderer for Slack and Teams; notify.Renderer implements both). So the cycle
// imports store and outbox, never notify or a channel package, and answers given in a chat
// come in and go out as the cycle's own types (ChatAnswer, ChatReceipt).
package cycle

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/regiogv/voortgang/internal/actionstatus"
	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/links"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
)

// Statuses and ValidStatus are the status words; package actionstatus defines them.
var (
	Statuses    = actionstatus.Statuses
	ValidStatus = actionstatus.Valid
)

// MailRenderer renders the mail of a kind in a language from its payload (an outbox payload
// type: outbox.RequestPayload for a status request, …). The cycle decides what is said;
// the mail channel (package notify/email, whose *Templates implements this) says it. The
// app injects it, so the cycle imports no channel.
type MailRenderer interface {
	Render(kind, lang string, payload any) (subject, text, html string, err error)
}

// Store is what the cycle reads and writes: the plan's tasks, contacts, status requests,
// responses, the outbox and the audit log. store.Store has it all; declaring the few methods
// here shows what the cycle touches and lets a test give it less.
type Store interface {
	Tasks(ctx context.Context, f store.TaskFilter) ([]store.TaskRow, error)
	ActionContacts(ctx context.Context, period string) ([]store.ActionContact, error)
	UpsertContact(ctx context.Context, c store.Contact, now time.Time) error
	Contacts(ctx context.Context) ([]store.Contact, error)
	EnsureStatusRequest(ctx context.Context, r store.StatusRequest, now time.Time) (store.StatusRequest, bool, error)
	StatusRequest(ctx context.Context, key string) (store.StatusRequest, error)
	StatusRequestByToken(ctx context.Context, token string) (store.StatusRequest, error)
	AddResponse(ctx context.Context, r store.Response, now time.Time) (store.Response, error)
	LatestResponses(ctx context.Context, period, contact string) ([]store.Response, error)
	LatestResponsesOf(ctx context.Context, period string, refs []string) ([]store.Response, error)
	Enqueue(ctx context.Context, m store.OutboxMessage, now time.Time) (created bool, err error)
	OutboxExists(ctx context.Context, key string) (bool, error)
	AddAudit(ctx context.Context, e store.AuditEntry) error
}

var _ Store = store.Store(nil)

// Service holds what the cycle needs. It is safe for concurrent use.
type Service struct {
	Store      Store
	Config     *config.Config
	Programmes func() []*programme.Programme
	Clock      clock.Clock
	Templates  MailRenderer // the mail templates (*email.Templates or notify.Renderer, injected by the app)
	Chat       ChatRenderer // Slack and Teams (notify.Renderer); needed only when they are on
	Signer     *links.Signer
	Refs       *outbox.Refs // keyed Message-IDs; required for every mail
	Log        *slog.Logger

	once    sync.Once
	from    string
	replyTo *mail.Address

	mu       sync.Mutex
	lastPass time.Time // the previous pass of this process
	stale    bool      // the plan or the contacts changed since
	// leafIndexes and ownerKeys let LoadContactRound find one contact's actions without
	// walking every programme; reset by Invalidate.
	leafIndexes map[*programme.Programme]*leafIndex
	ownerKeys   map[string][]string // contact key → owner keys that ask it
	// wholeRound makes a pass work the round out at once (LoadRound), as it did before it
	// went one contact at a time: the reference the per-contact pass is tested against.
	wholeRound bool
}

func (s *Service) init() {
	s.once.Do(func() {
		s.from = s.Config.Mail.From
		if s.from == "" {
			s.from = "voortgang@localhost"
		}
		addr := s.Config.Mail.ReplyTo
		if addr == "" {
			if a, err := mail.ParseAddress(s.from); err == nil {
				addr = a.Address
			}
		}
		if a, err := mail.ParseAddress(addr); err == nil {
			s.replyTo = a
		}
	})
}

// replyAddress is the reply address that carries a request's token: local+TOKEN@domain.
func (s *Service) replyAddress(token string) string {
	s.init()
	if s.replyTo == nil {
		return ""
	}
	local, domain, ok := strings.Cut(s.replyTo.Address, "@")
	if !ok {
		return ""
	}
	return fmt.Sprintf("%s+%s@%s", local, token, domain)
}

// lang is the language of everything the cycle writes.
func (s *Service) lang() string {
	if s.Config.Language == "en" {
		return "en"
	}
	return "nl"
}

// ActionRef is the reference of an action in responses: programme key and doel+letter
// ("bescherming-opvang-2026-2029/15a").
func ActionRef(programmeKey, ref string) string { return programmeKey + "/" + ref }

// messageID is the keyed Message-ID of the outbox row with key.
func (s *Service) messageID(key string) (string, error) {
	if s.Refs == nil {
		return "", errors.New("cycle: geen sleutel voor Message-ID's (Service.Refs)")
	}
	return s.Refs.MessageID(key, s.from)
}
