package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/slack-go/slack"
)

// Answer is what an owner answered through Slack for one item. Status is an
// i18n status code (i18n.StatusOnTrack …); Indicators maps indicator key to
// the number as typed, with a decimal comma turned into a dot.
type Answer struct {
	Token       string
	Ref         string
	Status      string
	Text        string
	Indicators  map[string]string
	SlackUserID string
	Channel     string // where the request message is; empty for ephemeral
	MessageTS   string
}

// Confirmation is what the Recorder reports back after recording.
type Confirmation struct {
	ContactName string
	Summary     string            // in the request's language: "we hebben genoteerd: 15a vertraagd"
	Recorded    map[string]string // ref → status recorded so far in this request
	// Request is the request as it now stands, to re-render the message.
	// When it has no items the message is left as it is and only the
	// thread confirmation is posted.
	Request Request
}

// Recorder stores an answer given in Slack. It checks that the token is
// valid and belongs to the Slack user; it returns an error wrapping
// ErrTokenInvalid when the request is unknown, closed or someone else's.
type Recorder interface {
	RecordSlackAnswer(ctx context.Context, a Answer) (Confirmation, error)
}

// Lister gives a Slack user's open items in the current period, for the
// /voortgang command. It returns an error wrapping ErrUnknownUser when the
// Slack user is not linked to a contact.
type Lister interface {
	OpenItemsForSlackUser(ctx context.Context, slackUserID string) (Request, error)
}

var (
	// ErrTokenInvalid is wrapped by a Recorder refusing an answer.
	ErrTokenInvalid = errors.New("slack: request token unknown, expired or not this user's")
	// ErrUnknownUser is wrapped by a Lister that does not know the user.
	ErrUnknownUser = errors.New("slack: Slack user not linked to a contact")
)

// Handler turns Slack interactions into answers. It holds no state between
// events.
type Handler struct {
	client   *Client
	recorder Recorder
	lister   Lister
	log      *slog.Logger
	lang     string // default language of replies
}

// HandlerOption configures a Handler.
type HandlerOption func(*Handler)

// WithLang sets the language ("nl" or "en", as config.Config.Language) of
// replies that cannot tell the language from the message they answer: the
// /voortgang errors and replies to messages of unknown language. The
// default is Dutch.
func WithLang(lang string) HandlerOption {
	return func(h *Handler) { h.lang = i18n.Lang(lang) }
}

// NewHandler returns a Handler. lister may be nil when /voortgang is not
// configured; log may be nil.
func NewHandler(c *Client, rec Recorder, lister Lister, log *slog.Logger, opts ...HandlerOption) *Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &Handler{client: c, recorder: rec, lister: lister, log: log, lang: i18n.Dutch}
	for _, o := range opts {
		o(h)
	}
	return h
}

// actionLang is the language of the message an action was clicked in:
// told by the clicked button's text, else the handler's default.
func (h *Handler) actionLang(act *slack.BlockAction) string {
	if lang, ok := langOfButton(act.Text.Text); ok {
		return lang
	}
	return h.lang
}

// requestLang is the language of a request from the Recorder or Lister:
// its own, else fallback.
func requestLang(r Request, fallback string) string {
	if r.Lang != "" {
		return i18n.Lang(r.Lang)
	}
	return fallback
}

// HandleBlockAction handles a click in a request message: a status button
// records the status and updates the message; the details button opens the
// modal. Link buttons and unknown actions are ignored.
func (h *Handler) HandleBlockAction(ctx context.Context, cb slack.InteractionCallback) error {
	var errs []error
	for _, act := range cb.ActionCallback.BlockActions {
		switch {
		case act.ActionID == actionStatusPrefix || strings.HasPrefix(act.ActionID, actionStatusPrefix+":"):
			errs = append(errs, h.status(ctx, cb, act))
		case act.ActionID == actionDetails:
			errs = append(errs, h.details(ctx, cb, act))
		}
	}
	return errors.Join(errs...)
}

// location returns where the clicked message is; channel and ts are empty
// for an ephemeral message, which can only be answered via response_url.
func location(cb slack.InteractionCallback) (channel, ts string, ephemeral bool) {
	channel = cb.Container.ChannelID
	if channel == "" {
		channel = cb.Channel.ID
	}
	ts = cb.Container.MessageTs
	if ts == "" {
		ts = cb.Message.Timestamp
	}
	if cb.Container.IsEphemeral {
		return "", "", true
	}
	return channel, ts, false
}

func (h *Handler) status(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction) error {
	parts, err := splitValue(act.Value, 3)
	if err != nil {
		return fmt.Errorf("slack: status button: %w", err)
	}
	code, ok := i18n.ParseStatus(parts[2])
	if !ok {
		return fmt.Errorf("slack: status button: unknown status %q", parts[2])
	}
	channel, ts, ephemeral := location(cb)
	lang := h.actionLang(act)
	a := Answer{Token: parts[0], Ref: parts[1], Status: code, SlackUserID: cb.User.ID, Channel: channel, MessageTS: ts}
	conf, recErr := h.recorder.RecordSlackAnswer(ctx, a)
	if recErr != nil {
		h.tell(ctx, cb, channel, ts, ephemeral, failureText(recErr, lang))
		return fmt.Errorf("slack: record answer %s: %w", a.Ref, recErr)
	}
	if conf.Request.Lang == "" {
		conf.Request.Lang = lang
	}
	summary := summaryText(conf, a, requestLang(conf.Request, lang))
	if ephemeral {
		msg := &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, ReplaceOriginal: true, Text: summary}
		if len(conf.Request.Items) > 0 {
			blocks := slashBlocks(conf.Request, conf.Recorded)
			blocks = append([]slack.Block{slack.NewContextBlock("confirm", mrkdwn(":white_check_mark: "+escape(summary)))}, blocks...)
			msg.Blocks = &slack.Blocks{BlockSet: blocks}
		}
		return h.client.Respond(ctx, cb.ResponseURL, msg)
	}
	var errs []error
	if len(conf.Request.Items) > 0 && channel != "" && ts != "" {
		errs = append(errs, h.client.UpdateRequest(ctx, channel, ts, conf.Request, conf.Recorded))
	}
	errs = append(errs, h.client.PostThread(ctx, channel, ts, summary))
	return errors.Join(errs...)
}

func summaryText(conf Confirmation, a Answer, lang string) string {
	if conf.Summary != "" {
		return conf.Summary
	}
	return fmt.Sprintf(labelsFor(lang).thanksF, a.Ref, i18n.StatusLabel(a.Status, lang))
}

func failureText(err error, lang string) string {
	if errors.Is(err, ErrTokenInvalid) {
		return labelsFor(lang).tokenInvalid
	}
	return labelsFor(lang).saveFailed
}

// tell shows a user a short message where the interaction came from: in the
// thread under a DM, replacing nothing in an ephemeral listing, or as a DM.
// Failures are logged only: this is already the error path.
func (h *Handler) tell(ctx context.Context, cb slack.InteractionCallback, channel, ts string, ephemeral bool, text string) {
	var err error
	switch {
	case ephemeral && cb.ResponseURL != "":
		err = h.client.Respond(ctx, cb.ResponseURL, &slack.WebhookMessage{
			ResponseType: slack.ResponseTypeEphemeral, ReplaceOriginal: false, Text: text})
	case channel != "" && ts != "":
		err = h.client.PostThread(ctx, channel, ts, text)
	case cb.User.ID != "":
		err = h.client.PostDM(ctx, cb.User.ID, text)
	}
	if err != nil {
		h.log.WarnContext(ctx, "slack: could not tell user", "user", cb.User.ID, "err", err)
	}
}

func (h *Handler) details(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction) error {
	parts, err := splitValue(act.Value, 3)
	if err != nil {
		return fmt.Errorf("slack: details button: %w", err)
	}
	channel, ts, _ := location(cb)
	heading := itemHeading(cb.Message.Blocks, parts[1])
	v := detailsModal(parts[0], parts[1], heading, channel, ts, parseIndicators(parts[2]), h.actionLang(act))
	return h.client.openModal(ctx, cb.TriggerID, v)
}

// itemHeading finds the first line of an item's section in the clicked
// message, so the modal shows the title without asking the store.
func itemHeading(blocks slack.Blocks, ref string) string {
	for _, b := range blocks.BlockSet {
		if s, ok := b.(*slack.SectionBlock); ok && s.BlockID == "item:"+ref && s.Text != nil {
			first, _, _ := strings.Cut(s.Text.Text, "\n")
			return first
		}
	}
	return ""
}

// ValidateViewSubmission checks a details modal without side effects and
// returns the errors to show (response_action "errors"), in the modal's
// language, or nil when the submission is acceptable. It is cheap enough to
// run before the ack.
func ValidateViewSubmission(cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	_, _, errs := parseSubmission(cb)
	if len(errs) == 0 {
		return nil
	}
	return slack.NewErrorsViewSubmissionResponse(errs)
}

// parseSubmission reads a details modal into an Answer (without the user
// field), the modal's language and the per-block errors in that language.
func parseSubmission(cb slack.InteractionCallback) (Answer, string, map[string]string) {
	errs := map[string]string{}
	meta := strings.SplitN(cb.View.PrivateMetadata, "|", 5)
	for len(meta) < 5 {
		meta = append(meta, "")
	}
	lang := i18n.Lang(meta[4])
	l := labelsFor(lang)
	a := Answer{Token: meta[0], Ref: meta[1], Channel: meta[2], MessageTS: meta[3], Indicators: map[string]string{}}
	var values map[string]map[string]slack.BlockAction
	if cb.View.State != nil {
		values = cb.View.State.Values
	}
	if code, ok := i18n.ParseStatus(values[blockStatus][actionInput].SelectedOption.Value); ok {
		a.Status = code
	} else {
		errs[blockStatus] = l.statusNeeded
	}
	a.Text = strings.TrimSpace(values[blockText][actionInput].Value)
	for blockID, acts := range values {
		key, ok := strings.CutPrefix(blockID, blockIndPre)
		if !ok {
			continue
		}
		raw := strings.TrimSpace(acts[actionInput].Value)
		if raw == "" {
			continue
		}
		n, ok := normaliseNumber(raw)
		if !ok {
			errs[blockID] = l.notANumber
			continue
		}
		a.Indicators[key] = n
	}
	return a, lang, errs
}

// normaliseNumber accepts an integer or decimal number with a Dutch decimal
// comma or a dot ("12", "-3", "3,5", "3.5") and returns it with a dot.
// Thousands separators are not supported: Slack's number input sends none.
func normaliseNumber(s string) (string, bool) {
	s = strings.ReplaceAll(s, " ", "")
	s = strings.Replace(s, ",", ".", 1)
	digits, dot := 0, false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case (r == '-' || r == '+') && i == 0:
		case r == '.' && !dot && digits > 0:
			dot = true
		default:
			return "", false
		}
	}
	if digits == 0 || strings.HasSuffix(s, ".") {
		return "", false
	}
	return strings.TrimPrefix(s, "+"), true
}

// HandleViewSubmission validates and records a details modal. An invalid
// submission gets errors per field, in the modal's language, and records
// nothing. After
// recording, the original message is updated (when the Recorder returns the
// request) and the confirmation is posted in its thread, or as a DM when the
// modal came from an ephemeral listing. A nil response closes the modal.
func (h *Handler) HandleViewSubmission(ctx context.Context, cb slack.InteractionCallback) (*slack.ViewSubmissionResponse, error) {
	if cb.View.CallbackID != callbackDetails {
		return nil, nil
	}
	a, lang, errs := parseSubmission(cb)
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	if a.Token == "" || a.Ref == "" {
		return nil, fmt.Errorf("slack: details modal: malformed private_metadata %q", cb.View.PrivateMetadata)
	}
	a.SlackUserID = cb.User.ID
	conf, err := h.recorder.RecordSlackAnswer(ctx, a)
	if err != nil {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockStatus: failureText(err, lang)}),
			fmt.Errorf("slack: record answer %s: %w", a.Ref, err)
	}
	if conf.Request.Lang == "" {
		conf.Request.Lang = lang
	}
	summary := summaryText(conf, a, requestLang(conf.Request, lang))
	var out []error
	if a.Channel != "" && a.MessageTS != "" {
		if len(conf.Request.Items) > 0 {
			out = append(out, h.client.UpdateRequest(ctx, a.Channel, a.MessageTS, conf.Request, conf.Recorded))
		}
		out = append(out, h.client.PostThread(ctx, a.Channel, a.MessageTS, summary))
	} else if cb.User.ID != "" {
		out = append(out, h.client.PostDM(ctx, cb.User.ID, summary))
	}
	return nil, errors.Join(out...)
}

// HandleSlashCommand answers /voortgang with the caller's open items and
// answer buttons, as an ephemeral message for the command's response_url
// (or the socket-mode ack). Problems the user can act on come back as a
// message, not an error.
func (h *Handler) HandleSlashCommand(ctx context.Context, cmd slack.SlashCommand) (*slack.WebhookMessage, error) {
	msg := &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral}
	l := labelsFor(h.lang)
	if h.lister == nil {
		msg.Text = l.listFailed
		return msg, errors.New("slack: /voortgang: no lister configured")
	}
	r, err := h.lister.OpenItemsForSlackUser(ctx, cmd.UserID)
	switch {
	case errors.Is(err, ErrUnknownUser):
		msg.Text = l.unknownUser
		return msg, nil
	case err != nil:
		msg.Text = l.listFailed
		return msg, fmt.Errorf("slack: /voortgang: %w", err)
	}
	r.Lang = requestLang(r, h.lang)
	blocks := slashBlocks(r, nil)
	msg.Text = fmt.Sprintf(labelsFor(r.Lang).slashTextF, len(r.Items))
	msg.Blocks = &slack.Blocks{BlockSet: blocks}
	return msg, nil
}
