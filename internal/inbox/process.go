package inbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/regiogv/voortgang/internal/actionstatus"
	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

// OutcomeKind says what Process did with one message.
type OutcomeKind string

// Outcome kinds.
const (
	// OutcomeProcessed: applied (answers recorded, bounce or absence noted, or nothing to
	// do); the message goes to the processed folder.
	OutcomeProcessed OutcomeKind = "processed"
	// OutcomeQuarantined: not applied; a coordinator looks at it in the quarantine folder.
	OutcomeQuarantined OutcomeKind = "quarantined"
	// OutcomeRejected: matched but refused (the period is closed); it goes to the
	// quarantine folder too, so somebody sees it.
	OutcomeRejected OutcomeKind = "rejected"
	// OutcomeDuplicate: a message with this Message-ID was processed before; nothing was
	// done now. State tells where the first one ended.
	OutcomeDuplicate OutcomeKind = "duplicate"
)

// Outcome is the result of processing one message.
type Outcome struct {
	Kind       OutcomeKind
	MessageID  string
	State      string // the stored state: store.InboundProcessed, InboundQuarantined, InboundRejected
	Reason     string // Dutch, for the board and the log
	RequestKey string
	ContactKey string
	Answers    int  // response versions stored now
	Mail       Kind // what the parser read: reply, auto-reply, bounce or delay ("" when unreadable)
}

// Quarantine reports whether the message belongs in the quarantine folder.
func (o Outcome) Quarantine() bool { return o.State != store.InboundProcessed }

// Store is what the processor reads and writes: contacts and their bounces, status requests,
// delay warnings, and the one transaction that claims and applies an answering mail.
// store.Store has it all; the few methods here are what reading replies touches.
type Store interface {
	Contacts(ctx context.Context) ([]store.Contact, error)
	MarkBounced(ctx context.Context, key string, at time.Time) error
	StatusRequest(ctx context.Context, key string) (store.StatusRequest, error)
	StatusRequestByToken(ctx context.Context, token string) (store.StatusRequest, error)
	WarnDelivery(ctx context.Context, messageID string, w store.DeliveryWarning) (string, error)
	ApplyInbound(ctx context.Context, m store.InboundMail, responses []store.Response,
		after func(added []store.Response) ([]store.OutboxMessage, error), now time.Time) (stored store.InboundMail, created bool, added []store.Response, err error)
}

var _ Store = store.Store(nil)

// Processor applies inbound messages: it records answers, bounces and absences and keeps
// every message in the inbound_mails table. It is safe for concurrent use; two replicas
// processing the same message record it once. Store (implementing store.InboundStore),
// Cycle, Config, Refs and Clock are required.
type Processor struct {
	Store  Store
	Cycle  *cycle.Service
	Config *config.Config
	Refs   *outbox.Refs // checks that a reply's references are ours
	Clock  clock.Clock
	Log    *slog.Logger
	// Observe, when set, is told every outcome once it is recorded (the app counts them
	// for /metrics).
	Observe func(Outcome)
}

func (p *Processor) inbound() (store.InboundStore, error) {
	if p.Refs == nil {
		return nil, errors.New("inbox: Processor.Refs ontbreekt")
	}
	if p.Clock == nil {
		return nil, errors.New("inbox: Processor.Clock ontbreekt")
	}
	in, ok := p.Store.(store.InboundStore)
	if !ok {
		return nil, fmt.Errorf("inbox: store %T kan geen inkomende mail bewaren", p.Store)
	}
	return in, nil
}

// now is the processor's clock (required: inbound checks it before any work).
func (p *Processor) now() time.Time { return p.Clock.Now() }

func (p *Processor) log() *slog.Logger {
	if p.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Log
}

// Process applies one raw message received at received. A message whose Message-ID is
// stored already is a no-op (OutcomeDuplicate). Otherwise the message is parsed, matched to
// its status request and every answer in it checked; then the mail's row, its answers and
// the confirmation are written in one transaction (store.InboundStore.ApplyInbound), whose
// first write, the insert of the row, is the claim: when two replicas process the same mail,
// only the one whose insert created the row applies it, the other gets OutcomeDuplicate, and
// a crash leaves neither answers nor a row behind, so the next pass applies the mail anew.
// Bounces and absences are noted before their row is recorded (both are idempotent).
// Messages that cannot be applied safely are recorded as quarantined with their raw bytes.
// The error is non-nil only for failures worth retrying (the store); the caller then leaves
// the message where it is.
func (p *Processor) Process(ctx context.Context, raw []byte, received time.Time) (Outcome, error) {
	in, err := p.inbound()
	if err != nil {
		return Outcome{}, err
	}
	hdr := readHeader(raw)
	out, dup, err := p.duplicate(ctx, in, hdr.messageID)
	if dup || err != nil {
		return out, err
	}

	row := store.InboundMail{MessageID: hdr.messageID, ReceivedAt: received, From: hdr.from, Subject: hdr.subject, Raw: raw}
	r, err := Parse(raw)
	switch {
	case errors.Is(err, ErrTooLarge):
		return p.record(ctx, in, row, out, store.InboundQuarantined,
			fmt.Sprintf("bericht is te groot (%d MB, maximaal %d MB)", len(raw)>>20, MaxMessageSize>>20))
	case err != nil:
		return p.record(ctx, in, row, out, store.InboundQuarantined, "bericht niet te lezen: "+err.Error())
	}
	out.Mail = r.Kind
	if r.From != "" {
		row.From = r.From
	}
	if r.Subject != "" {
		row.Subject = r.Subject
	}

	switch r.Kind {
	case KindBounce:
		return p.bounce(ctx, in, row, out, r, hdr)
	case KindDelay:
		return p.delay(ctx, in, row, out, r, hdr)
	case KindAutoReply:
		return p.autoReply(ctx, in, row, out, r, hdr)
	default:
		return p.reply(ctx, in, row, out, r, hdr)
	}
}

// ReasonTooLargeToRead starts the quarantine reason of a mail of which only the header block
// was fetched (QuarantineUnread); the postvak shows such a mail as unreadable, with its
// headers.
const ReasonTooLargeToRead = "bericht is te groot om op te halen"

// QuarantineUnread implements UnreadRecorder: it records a mail too large to fetch as
// quarantined, keeping only its header block, so the postvak lists it (sender, subject,
// headers) while the whole message waits in the quarantine folder. A Message-ID stored
// already is a no-op.
func (p *Processor) QuarantineUnread(ctx context.Context, header []byte, size int64, received time.Time) (Outcome, error) {
	in, err := p.inbound()
	if err != nil {
		return Outcome{}, err
	}
	hdr := readHeader(header)
	out, dup, err := p.duplicate(ctx, in, hdr.messageID)
	if dup || err != nil {
		return out, err
	}
	row := store.InboundMail{MessageID: hdr.messageID, ReceivedAt: received, From: hdr.from, Subject: hdr.subject, Raw: header}
	return p.record(ctx, in, row, out, store.InboundQuarantined, fmt.Sprintf("%s (%d MB); alleen de kopregels zijn bewaard, het bericht staat in de quarantainemap",
		ReasonTooLargeToRead, (size+(1<<20)-1)>>20))
}

// duplicate reports whether a mail with messageID is stored already; then out is the
// OutcomeDuplicate telling where the first one ended (and observed).
func (p *Processor) duplicate(ctx context.Context, in store.InboundStore, messageID string) (out Outcome, dup bool, err error) {
	out.MessageID = messageID
	prev, err := in.InboundMail(ctx, messageID)
	if errors.Is(err, store.ErrNotFound) {
		return out, false, nil
	}
	if err != nil {
		return out, false, fmt.Errorf("inbox: %w", err)
	}
	out.Kind, out.State, out.Reason, out.RequestKey = OutcomeDuplicate, prev.State, prev.Reason, prev.RequestKey
	if p.Observe != nil {
		p.Observe(out)
	}
	return out, true, nil
}

// record stores the inbound row and fills in the outcome. What people read of it (reason,
// sender, subject) is made valid UTF-8 without control characters first: a parse error can
// quote the raw bytes of a broken header, which would break the postvak page's encoding
// (and PostgreSQL refuses invalid UTF-8 in a text column).
func (p *Processor) record(ctx context.Context, in store.InboundStore, row store.InboundMail, out Outcome, state, reason string) (Outcome, error) {
	stored, created, err := in.RecordInbound(ctx, p.settle(row, out, state, reason))
	if err != nil {
		return out, fmt.Errorf("inbox: %w", err)
	}
	return p.logged(ctx, out, stored, created), nil
}

// settle sets the row's state, reason, request and processing time, with what people read
// of it cleaned (see record).
func (p *Processor) settle(row store.InboundMail, out Outcome, state, reason string) store.InboundMail {
	row.From, row.Subject = CleanText(row.From, 320), CleanText(row.Subject, 1000)
	row.State, row.Reason, row.RequestKey = state, CleanText(reason, 1000), out.RequestKey
	row.ProcessedAt = p.now()
	return row
}

// logged fills in the outcome from the stored row and logs it.
func (p *Processor) logged(ctx context.Context, out Outcome, stored store.InboundMail, created bool) Outcome {
	out.State, out.Reason = stored.State, stored.Reason
	switch {
	case !created:
		out.Kind = OutcomeDuplicate // another replica recorded it meanwhile
		out.Answers = 0
	case stored.State == store.InboundQuarantined:
		out.Kind = OutcomeQuarantined
	case stored.State == store.InboundRejected:
		out.Kind = OutcomeRejected
	default:
		out.Kind = OutcomeProcessed
	}
	lvl := slog.LevelInfo
	if out.Kind == OutcomeQuarantined || out.Kind == OutcomeRejected {
		lvl = slog.LevelWarn
	}
	p.log().Log(ctx, lvl, "inbound mail", "message_id", out.MessageID, "outcome", out.Kind, "reason", out.Reason,
		"request", out.RequestKey, "answers", out.Answers)
	if p.Observe != nil {
		p.Observe(out)
	}
	return out
}

// bounce marks every contact whose address failed as bounced and tells the coordinators,
// once the bounce is shown to be about a message of ours to that address (bounceRefused).
func (p *Processor) bounce(ctx context.Context, in store.InboundStore, row store.InboundMail, out Outcome, r Reply, hdr header) (Outcome, error) {
	ours, sr, matched, err := p.match(ctx, in, r, &out)
	if err != nil {
		return out, err
	}
	addr := strings.ToLower(strings.TrimSpace(r.FailedRecipient))
	if addr == "" {
		return p.record(ctx, in, row, out, store.InboundProcessed, "onbestelbaar-melding zonder adres")
	}
	keys, err := p.contactsByEmail(ctx, addr)
	if err != nil {
		return out, err
	}
	if len(keys) == 0 {
		return p.record(ctx, in, row, out, store.InboundProcessed, fmt.Sprintf("onbestelbaar: %s is geen bekend contact", addr))
	}
	if reason := p.bounceRefused(hdr, r, addr, ours, sr, matched); reason != "" {
		out.ContactKey = keys[0]
		return p.record(ctx, in, row, out, store.InboundQuarantined, reason)
	}
	for _, k := range keys {
		if err := p.Store.MarkBounced(ctx, k, row.ReceivedAt); err != nil {
			return out, fmt.Errorf("inbox: %w", err)
		}
		if err := p.Cycle.NotifyBounce(ctx, k, addr, row.MessageID, row.ReceivedAt); err != nil {
			return out, fmt.Errorf("inbox: %w", err)
		}
	}
	out.ContactKey = keys[0]
	return p.record(ctx, in, row, out, store.InboundProcessed,
		fmt.Sprintf("onbestelbaar: %s (%s)", addr, strings.Join(keys, ", ")))
}

// delay records a delay warning on the delivery it is about. It does not mark the address
// bounced: the receiving server still tries, and only its final failure is a bounce.
func (p *Processor) delay(ctx context.Context, in store.InboundStore, row store.InboundMail, out Outcome, r Reply, hdr header) (Outcome, error) {
	ours, _, _, err := p.match(ctx, in, r, &out)
	if err != nil {
		return out, err
	}
	addr := strings.ToLower(strings.TrimSpace(r.FailedRecipient))
	if keys, err := p.contactsByEmail(ctx, addr); err != nil {
		return out, err
	} else if len(keys) > 0 {
		out.ContactKey = keys[0]
	}
	if r.InReplyTo == "" {
		return p.record(ctx, in, row, out, store.InboundProcessed, "afleverwaarschuwing zonder verwijzing naar het bericht: "+addr)
	}
	if reason := p.authRefused(hdr); reason != "" {
		return p.record(ctx, in, row, out, store.InboundQuarantined, reason)
	}
	if len(ours) == 0 || ours[0].id != r.InReplyTo {
		// Not keyed by us: unknown (WarnDelivery finds nothing) or predictable (a legacy row).
		if _, err := in.OutboxByMessageID(ctx, r.InReplyTo); err == nil {
			return p.record(ctx, in, row, out, store.InboundQuarantined,
				"afleverwaarschuwing over een bericht waarvan het kenmerk niet door voortgang is ondertekend: "+addr)
		} else if !errors.Is(err, store.ErrNotFound) {
			return out, fmt.Errorf("inbox: %w", err)
		}
		return p.record(ctx, in, row, out, store.InboundProcessed, "afleverwaarschuwing voor een onbekend bericht: "+addr)
	}
	key, err := p.Store.WarnDelivery(ctx, r.InReplyTo, store.DeliveryWarning{Recipient: addr, Warning: r.Subject, At: row.ReceivedAt})
	if errors.Is(err, store.ErrNotFound) {
		return p.record(ctx, in, row, out, store.InboundProcessed, "afleverwaarschuwing voor een onbekend bericht: "+addr)
	}
	if err != nil {
		return out, fmt.Errorf("inbox: %w", err)
	}
	return p.record(ctx, in, row, out, store.InboundProcessed, fmt.Sprintf("nog niet afgeleverd: %s (%s)", addr, key))
}

// autoReply records the end of an absence an out-of-office reply announces, once it has
// passed the receiving server's checks and answers a request (by token or keyed reference)
// to its sender.
func (p *Processor) autoReply(ctx context.Context, in store.InboundStore, row store.InboundMail, out Outcome, r Reply, hdr header) (Outcome, error) {
	_, sr, matched, err := p.match(ctx, in, r, &out)
	if err != nil {
		return out, err
	}
	if r.AwayUntil == "" {
		return p.record(ctx, in, row, out, store.InboundProcessed, "automatisch antwoord")
	}
	until, err := time.Parse(time.DateOnly, r.AwayUntil)
	if err != nil {
		return p.record(ctx, in, row, out, store.InboundProcessed, "automatisch antwoord, datum niet te lezen: "+r.AwayUntil)
	}
	keys, err := p.contactsByEmail(ctx, r.From)
	if err != nil {
		return out, err
	}
	if len(keys) == 0 {
		return p.record(ctx, in, row, out, store.InboundProcessed,
			fmt.Sprintf("automatisch antwoord van %s (geen bekend contact), afwezig t/m %s", r.From, r.AwayUntil))
	}
	if reason := p.authRefused(hdr); reason != "" {
		out.ContactKey = keys[0]
		return p.record(ctx, in, row, out, store.InboundQuarantined, reason)
	}
	if !matched || !slices.Contains(keys, sr.ContactKey) {
		out.ContactKey = keys[0]
		return p.record(ctx, in, row, out, store.InboundQuarantined, fmt.Sprintf(
			"automatisch antwoord van %s hoort bij geen uitvraag aan die afzender (geen token of ondertekend kenmerk); afwezigheid t/m %s niet vastgelegd",
			r.From, r.AwayUntil))
	}
	for _, k := range keys {
		if err := in.SetAway(ctx, k, until); err != nil {
			return out, fmt.Errorf("inbox: %w", err)
		}
	}
	out.ContactKey = keys[0]
	return p.record(ctx, in, row, out, store.InboundProcessed,
		fmt.Sprintf("afwezig t/m %s (%s)", r.AwayUntil, strings.Join(keys, ", ")))
}

// reply matches an answer to its request, checks the sender and the references and records
// the answers.
func (p *Processor) reply(ctx context.Context, in store.InboundStore, row store.InboundMail, out Outcome, r Reply, hdr header) (Outcome, error) {
	quarantine := func(reason string) (Outcome, error) {
		return p.record(ctx, in, row, out, store.InboundQuarantined, reason)
	}
	_, sr, ok, err := p.match(ctx, in, r, &out)
	if err != nil {
		return out, err
	}
	if !ok {
		return quarantine("geen uitvraag gevonden bij dit antwoord (geen token of bekende In-Reply-To)")
	}
	out.RequestKey, out.ContactKey = sr.Key, sr.ContactKey
	if !sr.RevokedAt.IsZero() {
		return quarantine("de uitvraag is ingetrokken")
	}
	contact, ok := p.Config.Contact(sr.ContactKey)
	if !ok {
		return quarantine(fmt.Sprintf("contact %s staat niet (meer) in de configuratie", sr.ContactKey))
	}
	if !p.senderAllowed(contact, r.From) {
		return quarantine(fmt.Sprintf("afzender komt niet overeen: %s antwoordt op de uitvraag aan %s", r.From, contact.Email))
	}
	if reason := p.authRefused(hdr); reason != "" {
		return quarantine(reason)
	}
	period, err := config.ParsePeriod(sr.Period)
	if err != nil {
		return quarantine(fmt.Sprintf("periode %q van de uitvraag onbekend", sr.Period))
	}
	round, err := p.Cycle.LoadContactRound(ctx, period, sr.ContactKey)
	if err != nil {
		return out, fmt.Errorf("inbox: %w", err)
	}
	answers, reason := MapItems(r.Items, round.Items[sr.ContactKey])
	if reason != "" {
		return quarantine(reason)
	}
	// Every answer is checked before any is written; then the mail's row (the claim), its
	// answers and the confirmation are written in one transaction, by the one processor
	// whose insert created the row.
	plan, err := p.Cycle.PrepareAnswers(ctx, sr.ContactKey, period, answers, store.SourceEmail, row.MessageID)
	if errors.Is(err, cycle.ErrClosed) {
		return p.record(ctx, in, row, out, store.InboundRejected, "de termijn voor "+sr.Period+" is verstreken")
	}
	if err != nil {
		return out, fmt.Errorf("inbox: %w", err)
	}
	reason = fmt.Sprintf("%d antwoord(en) vastgelegd", len(answers))
	if plan.Unchanged > 0 {
		reason += fmt.Sprintf(", waarvan %d ongewijzigd", plan.Unchanged)
	}
	if names := attachmentNames(r.Attachments); names != "" {
		reason += "; bijlagen: " + names
	}
	stored, created, added, err := in.ApplyInbound(ctx, p.settle(row, out, store.InboundProcessed, reason), plan.Responses, plan.Confirm, plan.At)
	if err != nil {
		return out, fmt.Errorf("inbox: %w", err)
	}
	out.Answers = len(added)
	return p.logged(ctx, out, stored, created), nil
}

// ourMessage is an outbox message a mail names (In-Reply-To, References, or the Message-ID
// of the message a bounce returns) by its keyed Message-ID.
type ourMessage struct {
	id string // as the mail names it
	m  store.OutboxMessage
}

// ourMessages returns the outbox messages r names, In-Reply-To first, then References from
// the newest back. A reference counts only when it is the keyed Message-ID of that message
// (outbox.Refs.Verify): rows sent before Message-IDs were keyed carry a predictable one,
// which anybody could put in a mail.
func (p *Processor) ourMessages(ctx context.Context, in store.InboundStore, r Reply) ([]ourMessage, error) {
	var ours []ourMessage
	for _, id := range referencedIDs(r) {
		m, err := in.OutboxByMessageID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("inbox: %w", err)
		}
		if p.Refs.Verify(m.Key, id) {
			ours = append(ours, ourMessage{id: id, m: m})
		}
	}
	return ours, nil
}

// referencedIDs are the Message-IDs r names: In-Reply-To first, then References from the
// newest back.
func referencedIDs(r Reply) []string {
	var ids []string
	if r.InReplyTo != "" {
		ids = append(ids, r.InReplyTo)
	}
	for i := len(r.References) - 1; i >= 0; i-- {
		if r.References[i] != "" {
			ids = append(ids, r.References[i])
		}
	}
	return ids
}

// match finds the messages of ours r names (ourMessages) and the request it belongs to
// (matchRequest), and notes the request's key in out.
func (p *Processor) match(ctx context.Context, in store.InboundStore, r Reply, out *Outcome) ([]ourMessage, store.StatusRequest, bool, error) {
	ours, err := p.ourMessages(ctx, in, r)
	if err != nil {
		return nil, store.StatusRequest{}, false, err
	}
	sr, matched, err := p.matchRequest(ctx, in, r, ours)
	if err != nil {
		return nil, store.StatusRequest{}, false, err
	}
	if matched {
		out.RequestKey = sr.Key
	}
	return ours, sr, matched, nil
}

// matchRequest finds the status request a message answers: by its token (plus-address or
// subject tag), else by the first of ours (ourMessages) that belongs to a request. A reply
// naming only unkeyed references goes to the postvak like one without any.
func (p *Processor) matchRequest(ctx context.Context, in store.InboundStore, r Reply, ours []ourMessage) (store.StatusRequest, bool, error) {
	if r.Token != "" {
		for _, tok := range slices.Compact([]string{r.Token, strings.ToLower(r.Token)}) {
			sr, err := p.Store.StatusRequestByToken(ctx, tok)
			if err == nil {
				return sr, true, nil
			}
			if !errors.Is(err, store.ErrNotFound) {
				return sr, false, fmt.Errorf("inbox: %w", err)
			}
		}
	}
	for _, o := range ours {
		if o.m.Ref == "" {
			continue
		}
		sr, err := p.Store.StatusRequest(ctx, o.m.Ref)
		if errors.Is(err, store.ErrNotFound) {
			continue // a message about something else (a digest, a summary)
		}
		if err != nil {
			return sr, false, fmt.Errorf("inbox: %w", err)
		}
		return sr, true, nil
	}
	return store.StatusRequest{}, false, nil
}

// authRefused returns the Dutch quarantine reason when our receiving server's DMARC or SPF
// check failed for the mail (authFailure), or "".
func (p *Processor) authRefused(hdr header) string {
	if failed := authFailure(hdr.authResults, p.Config.Mail.AuthServID); len(failed) > 0 {
		return "afzender niet geverifieerd: " + strings.Join(failed, "- en ") + "-controle mislukt"
	}
	return ""
}

// bounceRefused returns the Dutch quarantine reason when a bounce reporting addr as failing
// may not mark it: the receiving server's checks failed; it names messages (the returned
// message's Message-ID, In-Reply-To, References) of which none is keyed by us; it names
// none and carries no token of a request; or the message it is about went to another
// address. Anybody can send a delivery report; only one about our own mail to addr counts.
func (p *Processor) bounceRefused(hdr header, r Reply, addr string, ours []ourMessage, sr store.StatusRequest, matched bool) string {
	if reason := p.authRefused(hdr); reason != "" {
		return reason
	}
	if len(ours) == 0 {
		if ids := referencedIDs(r); len(ids) > 0 {
			return "onbestelbaar-melding over een bericht dat niet van voortgang is (kenmerk " + ids[0] + " niet ondertekend); " + addr + " niet geblokkeerd"
		}
		if !matched {
			return "onbestelbaar-melding zonder kenmerk of token van een bericht van voortgang; " + addr + " niet geblokkeerd"
		}
		c, ok := p.Config.Contact(sr.ContactKey)
		if ok && p.senderAllowed(c, addr) {
			return ""
		}
		to := sr.ContactKey
		if ok {
			to = c.Email
		}
		return fmt.Sprintf("onbestelbaar-melding noemt %s, maar de uitvraag ging naar %s", addr, to)
	}
	var to []string
	for _, o := range ours {
		if strings.EqualFold(strings.TrimSpace(o.m.Recipient), addr) {
			return ""
		}
		to = append(to, o.m.Recipient)
	}
	return fmt.Sprintf("onbestelbaar-melding noemt %s, maar het bericht ging naar %s", addr, strings.Join(slices.Compact(to), ", "))
}

// senderAllowed reports whether from is the contact's address or their deputy's.
func (p *Processor) senderAllowed(c config.Contact, from string) bool {
	if from == "" {
		return false
	}
	if strings.EqualFold(from, c.Email) {
		return true
	}
	d, ok := p.Config.Deputy(c)
	return ok && strings.EqualFold(from, d.Email)
}

// contactsByEmail returns the keys of the stored contacts with address addr.
func (p *Processor) contactsByEmail(ctx context.Context, addr string) ([]string, error) {
	if addr == "" {
		return nil, nil
	}
	cs, err := p.Store.Contacts(ctx)
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	var keys []string
	for _, c := range cs {
		if c.Email != "" && strings.EqualFold(c.Email, addr) {
			keys = append(keys, c.Key)
		}
	}
	return keys, nil
}

// MapItems turns the parsed items of a reply into answers for the contact's round items. A
// reply without references applies to the only item when there is exactly one. It returns a
// Dutch reason instead when the reply cannot be applied as a whole: no references while
// several actions are asked, unknown references, or items without a recognised status.
func MapItems(parsed []Item, asked []cycle.Item) ([]cycle.Answer, string) {
	if len(asked) == 0 {
		return nil, "aan deze afzender worden in deze periode geen acties gevraagd"
	}
	var withStatus []Item
	for _, it := range parsed {
		if it.Status != "" || it.Ref != "" {
			withStatus = append(withStatus, it)
		}
	}
	if len(withStatus) == 0 {
		return nil, "geen status gevonden in het antwoord"
	}
	byRef := map[string]cycle.Item{}
	for _, it := range asked {
		byRef[strings.ToLower(it.Ref)] = it
	}
	var answers []cycle.Answer
	var unknown, noStatus []string
	seen := map[string]int{}
	for _, it := range withStatus {
		var target cycle.Item
		label := it.Ref
		if it.Ref == "" {
			if len(asked) != 1 {
				return nil, fmt.Sprintf("geen actieverwijzingen: er worden %d acties gevraagd, noem ze met [15a]", len(asked))
			}
			target, label = asked[0], asked[0].Ref
		} else {
			t, ok := byRef[strings.ToLower(it.Ref)]
			if !ok {
				unknown = append(unknown, it.Ref)
				continue
			}
			target = t
		}
		if it.Status == "" {
			noStatus = append(noStatus, label)
			continue
		}
		a := cycle.Answer{Ref: target.ActionRef, Status: string(it.Status), Toelichting: it.Text}
		if i, dup := seen[a.Ref]; dup {
			answers[i] = a // the last mention of a reference wins
			continue
		}
		seen[a.Ref] = len(answers)
		answers = append(answers, a)
	}
	switch {
	case len(unknown) > 0:
		return nil, "onbekende actieverwijzingen: " + strings.Join(unknown, ", ")
	case len(noStatus) > 0:
		return nil, "geen status herkend bij " + strings.Join(noStatus, ", ")
	}
	for _, a := range answers {
		if !actionstatus.Valid(a.Status) {
			return nil, fmt.Sprintf("onbekende status %q", a.Status)
		}
	}
	return answers, ""
}

func attachmentNames(as []Attachment) string {
	var names []string
	for _, a := range as {
		if a.Inline {
			continue
		}
		n := a.Filename
		if n == "" {
			n = a.ContentType
		}
		if a.Data == nil {
			n += " (te groot, alleen in het origineel)"
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}

// header is what Process reads from the header before parsing: enough to key and list a
// message that Parse refuses.
type header struct {
	messageID string
	from      string
	subject   string
	// authResults are the Authentication-Results fields, top-most first.
	authResults []string
}

// readHeader reads the header block of raw leniently. A message without a Message-ID gets a
// synthetic one derived from its bytes, so fetching it twice is still a no-op.
func readHeader(raw []byte) header {
	var h header
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if e2 := bytes.Index(raw, []byte("\n\n")); e2 >= 0 && (end < 0 || e2 < end) {
		end = e2
	}
	head := raw
	if end >= 0 {
		head = raw[:end]
	}
	if len(head) > 1<<20 {
		head = head[:1<<20]
	}
	if m, err := mail.ReadMessage(bytes.NewReader(append(append([]byte{}, head...), "\r\n\r\n"...))); err == nil {
		h.messageID = firstMsgID(m.Header.Get("Message-Id"))
		if a, err := mail.ParseAddress(m.Header.Get("From")); err == nil {
			h.from = strings.ToLower(a.Address)
		}
		h.subject = headerText(m.Header.Get("Subject"))
		h.authResults = m.Header[textproto.CanonicalMIMEHeaderKey("Authentication-Results")]
	}
	if h.messageID == "" {
		sum := sha256.Sum256(raw)
		h.messageID = "sha256-" + hex.EncodeToString(sum[:16]) + "@voortgang.invalid"
	}
	return h
}

// CleanText makes s safe to show and store: invalid UTF-8 becomes U+FFFD, control
// characters other than tab and newline become spaces, and the text is cut at max bytes on a
// character boundary (with an ellipsis).
func CleanText(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' {
			return r
		}
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
