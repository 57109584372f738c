package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// workTimeout bounds the work done for one event after its ack.
const workTimeout = 30 * time.Second

// RunSocketMode connects to Slack in Socket Mode and serves interactions
// and the /voortgang command until ctx is done. Every event is acked at
// once, before any work, because Slack wants the ack within 3 seconds; the
// work then runs in its own goroutine. The one exception is a modal
// submission with invalid fields: its Dutch errors must travel in the ack,
// so it is validated (no I/O) first.
//
// It keeps no state: another replica may receive the next click. A dropped
// connection, or Slack asking to refresh it, is reopened (socketmode
// reconnects, calling apps.connections.open again); RunSocketMode returns an
// error only when no connection can be opened at all, e.g. for a rejected
// app token. When ctx is done it returns nil, after the connection is closed
// and the work already started is finished.
//
// opts are applied to the slack-go client that opens the connection; tests
// point it at a fake with slack.OptionAPIURL.
func RunSocketMode(ctx context.Context, appToken, botToken string, h *Handler, log *slog.Logger, opts ...slack.Option) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	api := slack.New(botToken, append([]slack.Option{slack.OptionAppLevelToken(appToken)}, opts...)...)
	sm := socketmode.New(api)

	runErr := make(chan error, 1)
	go func() { runErr <- sm.RunContext(ctx) }()

	var wg sync.WaitGroup
	defer wg.Wait()
	// Work outlives a cancelled ctx so an acked click is not lost on shutdown.
	work := func(name string, f func(context.Context) error) {
		wg.Go(func() {
			wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), workTimeout)
			defer cancel()
			if err := f(wctx); err != nil {
				log.ErrorContext(wctx, "slack: handling event failed", "event", name, "err", err)
			}
		})
	}

	for {
		select {
		case <-ctx.Done():
			// Wait for socketmode to close the connection, so no goroutine
			// of it outlives this call.
			<-runErr
			return nil
		case err := <-runErr:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("slack: socket mode: %w", err)
		case evt := <-sm.Events:
			ack := func(req *socketmode.Request, payload any) error {
				return sm.AckCtx(ctx, req.EnvelopeID, payload)
			}
			dispatch(ctx, ack, evt, h, log, work)
		}
	}
}

// dispatch acks one socket-mode event and then hands its work to work,
// which runs it (in RunSocketMode, in a goroutine).
func dispatch(ctx context.Context, acker func(*socketmode.Request, any) error, evt socketmode.Event, h *Handler,
	log *slog.Logger, work func(string, func(context.Context) error)) {
	ack := func(payload any) {
		if evt.Request == nil {
			return
		}
		if err := acker(evt.Request, payload); err != nil {
			log.WarnContext(ctx, "slack: ack failed", "type", evt.Type, "err", err)
		}
	}
	switch evt.Type {
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			ack(nil)
			return
		}
		switch cb.Type {
		case slack.InteractionTypeBlockActions:
			ack(nil)
			work("block_actions", func(ctx context.Context) error { return h.HandleBlockAction(ctx, cb) })
		case slack.InteractionTypeViewSubmission:
			if resp := ValidateViewSubmission(cb); resp != nil && cb.View.CallbackID == callbackDetails {
				ack(resp)
				return
			}
			ack(nil)
			work("view_submission", func(ctx context.Context) error {
				resp, err := h.HandleViewSubmission(ctx, cb)
				if resp != nil && resp.Errors[blockStatus] != "" && cb.User.ID != "" {
					// Recording failed but the modal is already closed:
					// tell the user another way.
					err = errors.Join(err, h.client.PostDM(ctx, cb.User.ID, resp.Errors[blockStatus]))
				}
				return err
			})
		default:
			ack(nil)
		}
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		ack(nil)
		if !ok {
			return
		}
		work("slash_command", func(ctx context.Context) error {
			msg, err := h.HandleSlashCommand(ctx, cmd)
			if msg != nil {
				err = errors.Join(err, h.client.Respond(ctx, cmd.ResponseURL, msg))
			}
			return err
		})
	case socketmode.EventTypeEventsAPI:
		ack(nil)
	case socketmode.EventTypeConnected:
		log.InfoContext(ctx, "slack: socket mode connected")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth:
		log.WarnContext(ctx, "slack: socket mode connection problem", "type", evt.Type, "data", evt.Data)
	case socketmode.EventTypeErrorBadMessage:
		// An envelope socketmode cannot parse (a new type, an odd payload)
		// carries no Request. Ack it anyway: unacked, Slack redelivers it
		// or shows the user an error, though it can never be handled.
		bad, _ := evt.Data.(*socketmode.ErrorBadMessage)
		if bad == nil {
			return
		}
		var env struct {
			EnvelopeID string `json:"envelope_id"`
			Type       string `json:"type"`
		}
		_ = json.Unmarshal(bad.Message, &env)
		log.WarnContext(ctx, "slack: unreadable socket mode message", "type", env.Type, "envelope", env.EnvelopeID, "err", bad.Cause)
		if env.EnvelopeID == "" {
			return
		}
		if err := acker(&socketmode.Request{EnvelopeID: env.EnvelopeID, Type: env.Type}, nil); err != nil {
			log.WarnContext(ctx, "slack: ack failed", "type", env.Type, "err", err)
		}
	case socketmode.EventTypeErrorWriteFailed:
		// An ack that did not reach Slack: it will redeliver the event.
		if wf, ok := evt.Data.(*socketmode.ErrorWriteFailed); ok && wf.Response != nil {
			log.WarnContext(ctx, "slack: socket mode ack not sent", "envelope", wf.Response.EnvelopeID, "err", wf.Cause)
		}
	}
}
