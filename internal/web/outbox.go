package web

import (
	"errors"
	"fmt"
	"net/http"
	"sort"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/store"
)

// outboxHandler serves "Mislukte berichten": the messages the delivery worker gave up on (a
// permanent refusal, or temporary failures until the message was no longer useful), so that a
// failure is seen where people look rather than only in a log. Coordinators send them again,
// one message or a whole round at a time (POST, guarded like every board form); each resend
// is written to the audit log by cycle.Resend. The overview shows a banner with the count.
// Below them, for the same reason, the page lists the attempts that ended after another
// instance had taken their message over: a send among them may have arrived twice.
type outboxHandler struct{ s *Server }

// failedListLimit bounds the page; the count in the banner is exact.
const failedListLimit = 500

// lateListLimit bounds the list of late attempts (and the count a viewer sees).
const lateListLimit = 200

type outboxData struct {
	Page
	Notice      string
	Coordinator bool
	Count       int
	Rounds      []failedRound
	// Late are the attempts that ended after another instance had taken their message over
	// (store.LateAttempts), which a coordinator sees; LateCount is how many messages they
	// concern, which is all a viewer sees.
	LateCount int
	Late      []lateMessage
}

// lateMessage is one late attempt as the page lists it.
type lateMessage struct {
	Recipient, Channel, Subject, Status string
	Warning, Error, When, Owner         string
}

type failedRound struct {
	Period, Label string // "" for messages outside a round
	Messages      []failedMessage
}

type failedMessage struct {
	Key, Kind, Channel, Recipient, Subject string
	Attempts                               int
	Created, LastError                     string
	// Late is the warning that a late attempt did send it: resending may make it three.
	Late string
}

// failedBanner is the overview's banner: how many messages failed for good ("" when none).
func (s *Server) failedBanner(r *http.Request, lang string) string {
	n, err := s.deps.Store.CountOutbox(r.Context(), store.OutboxFailed)
	if err != nil {
		s.log.Warn("web: count failed messages", "err", err)
		return ""
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(label("outbox.banner", lang), n)
}

func (h *outboxHandler) show(w http.ResponseWriter, r *http.Request) {
	s := h.s
	lang := s.lang()
	d := outboxData{Page: s.boardPage(r, "outbox", label("outbox.title", lang)), Notice: notice(r, lang),
		Coordinator: isCoordinator(signedIn(r))}
	n, err := s.deps.Store.CountOutbox(r.Context(), store.OutboxFailed)
	if err != nil {
		s.fail(w, r, "failed messages", err)
		return
	}
	d.Count = n
	late, err := s.deps.Store.LateAttempts(r.Context(), lateListLimit)
	if err != nil {
		s.fail(w, r, "late attempts", err)
		return
	}
	messages := map[string]bool{} // a message taken over twice has two late attempts
	for _, a := range late {
		messages[a.OutboxKey] = true
	}
	d.LateCount = len(messages)
	lateSent := map[string]bool{}
	if d.Coordinator {
		for _, a := range late {
			warning := label("outbox.late.failed", lang)
			if a.Outcome == store.OutcomeSent {
				warning = label("outbox.late.sent", lang)
				lateSent[a.OutboxKey] = true
			}
			d.Late = append(d.Late, lateMessage{Recipient: a.Recipient, Channel: a.Channel, Subject: a.Subject,
				Status: label("message.status."+a.Status, lang), Warning: warning, Error: a.Error,
				When: i18n.FormatDateTime(a.AttemptedAt, lang), Owner: a.Owner})
		}
		msgs, err := s.deps.Store.OutboxByStatus(r.Context(), store.OutboxFailed, failedListLimit)
		if err != nil {
			s.fail(w, r, "failed messages", err)
			return
		}
		byRound := map[string]*failedRound{}
		for _, m := range msgs {
			p := outbox.RoundOf(m.Key)
			fr := byRound[p]
			if fr == nil {
				fr = &failedRound{Period: p, Label: label("outbox.other", lang)}
				if p != "" {
					fr.Label = i18n.PeriodLabel(p, lang)
				}
				byRound[p] = fr
			}
			fm := failedMessage{Key: m.Key, Kind: m.Kind, Channel: m.Channel, Recipient: m.Recipient,
				Subject: m.Subject, Attempts: m.Attempts, Created: i18n.FormatDateTime(m.CreatedAt, lang), LastError: m.LastError}
			if lateSent[m.Key] {
				fm.Late = label("outbox.late.sent", lang)
			}
			fr.Messages = append(fr.Messages, fm)
		}
		for _, fr := range byRound {
			d.Rounds = append(d.Rounds, *fr)
		}
		sort.Slice(d.Rounds, func(i, j int) bool {
			a, b := d.Rounds[i].Period, d.Rounds[j].Period
			if (a == "") != (b == "") {
				return b == "" // the rounds first, then the rest
			}
			return a > b // the newest round first
		})
	}
	s.render(w, r, http.StatusOK, "outbox", d)
}

// resend queues failed messages again: the one named by "sleutel", or every failed message
// of the round "periode". It returns to the page it came from ("terug": the Periode page or
// this one).
func (h *outboxHandler) resend(w http.ResponseWriter, r *http.Request) {
	s := h.s
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	key, period := r.PostForm.Get("sleutel"), r.PostForm.Get("periode")
	var keys []string
	switch {
	case key != "" && period == "":
		keys = []string{key}
	case period != "" && key == "":
		failed, err := s.deps.Store.OutboxByStatus(ctx, store.OutboxFailed, 0)
		if err != nil {
			s.fail(w, r, "resend", err)
			return
		}
		for _, m := range failed {
			if outbox.RoundOf(m.Key) == period {
				keys = append(keys, m.Key)
			}
		}
	default:
		s.errorPage(w, r, http.StatusBadRequest, errBadForm)
		return
	}
	n, err := cycle.Resend(ctx, s.deps.Store, keys, signedIn(r).Key, s.now())
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, "resend", err)
		return
	}
	back := "/berichten"
	if p := r.PostForm.Get("terug"); p != "" {
		if _, perr := config.ParsePeriod(p); perr == nil {
			back = "/periode/" + p
		}
	}
	if n == 0 {
		seeOther(w, r, back, "niets-opnieuw")
		return
	}
	seeOther(w, r, back, "opnieuw-verstuurd")
}
