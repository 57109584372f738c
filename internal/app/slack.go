package app

import (
	"context"
	"errors"
	"fmt"

	slackapi "github.com/slack-go/slack"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/notify"
	"github.com/regiogv/voortgang/internal/notify/slack"
	"github.com/regiogv/voortgang/internal/notify/teams"
	"github.com/regiogv/voortgang/internal/report"
	"github.com/regiogv/voortgang/internal/store"
)

// wireSlack gives the delivery worker its chat channels: the Slack client (direct messages,
// the coordinators' channel) when Slack is enabled with a bot token, and the Teams webhook
// when one is set. It also builds the handler that turns Slack clicks, modals and
// /voortgang into answers through the cycle; Start serves it over Socket Mode.
func (a *App) wireSlack(context.Context) {
	var ch notify.Channels
	if a.cfg.Slack.Ready() {
		var opts []slackapi.Option
		if a.opts.SlackAPIURL != "" {
			opts = append(opts, slackapi.OptionAPIURL(a.opts.SlackAPIURL))
		}
		a.slack = slack.New(a.cfg.Slack.BotToken, opts...)
		a.slackHandler = slack.NewHandler(a.slack, slackAnswers{a.cycle}, slackAnswers{a.cycle}, a.log, slack.WithLang(a.cfg.Language))
		ch.Slack = a.slack
		a.log.Info("slack is on", "coordinators_channel", a.cfg.Slack.CoordinatorsChannel)
	}
	if a.cfg.Slack.TeamsWebhook != "" {
		ch.Teams = teams.New(nil)
		ch.TeamsWebhook = a.cfg.Slack.TeamsWebhook
		a.log.Info("teams webhook is on")
	}
	a.worker.Channels = ch
}

// SlackHandler is the handler of Slack interactions, nil when Slack is off (tests drive it
// with synthetic events, as Socket Mode would).
func (a *App) SlackHandler() *slack.Handler { return a.slackHandler }

// startSocketMode serves Slack interactions over Socket Mode until Stop, when Slack is on and
// both tokens are set. Every replica may do so: events carry all they need.
func (a *App) startSocketMode() {
	if a.slackHandler == nil || a.cfg.Slack.AppToken == "" {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := slack.RunSocketMode(ctx, a.cfg.Slack.AppToken, a.cfg.Slack.BotToken, a.slackHandler, a.log); err != nil {
			a.log.Error("slack socket mode stopped; answers in Slack are not received until a restart", "err", err)
		}
	}()
	a.loops = append(a.loops, func() { cancel(); <-done })
}

// announceDraftInChannels tells the coordinators' Slack channel and Teams webhook that a
// draft is ready, once per draft version.
func (a *App) announceDraftInChannels(ctx context.Context, st store.Draft, d *report.Draft, m config.Meeting) error {
	return a.cycle.EnqueueCoordinatorNote(ctx, st.Key, cycle.DraftNoteIn(a.cfg.Language, st.Period, st.Version, m.Day(),
		len(d.Missing), d.Counts.Delayed, a.cfg.BaseURL+"/concepten/"+st.Period))
}

// slackAnswers lets the Slack handler record answers and list open items through the cycle:
// the cycle speaks in its own types (cycle.ChatAnswer, outbox payloads), the Slack channel
// renders them (package notify), so neither imports the other.
type slackAnswers struct{ cycle *cycle.Service }

var (
	_ slack.Recorder = slackAnswers{}
	_ slack.Lister   = slackAnswers{}
)

// RecordSlackAnswer implements slack.Recorder.
func (s slackAnswers) RecordSlackAnswer(ctx context.Context, a slack.Answer) (slack.Confirmation, error) {
	r, err := s.cycle.RecordChatAnswer(ctx, cycle.ChatAnswer{Token: a.Token, UserID: a.SlackUserID, Ref: a.Ref,
		Status: a.Status, Text: a.Text, Indicators: a.Indicators})
	if errors.Is(err, cycle.ErrTokenInvalid) {
		return slack.Confirmation{}, fmt.Errorf("%w: %w", slack.ErrTokenInvalid, err)
	}
	if err != nil {
		return slack.Confirmation{}, err
	}
	req, _ := notify.SlackRequestFrom("", r.To, r.Request)
	return slack.Confirmation{ContactName: r.ContactName, Recorded: r.Recorded, Request: req,
		Summary: notify.SlackReceipt(r.Lang, r.Ref, r.Status, r.Before, r.Open, r.Period)}, nil
}

// OpenItemsForSlackUser implements slack.Lister.
func (s slackAnswers) OpenItemsForSlackUser(ctx context.Context, slackUserID string) (slack.Request, error) {
	items, err := s.cycle.OpenItemsForChatUser(ctx, slackUserID)
	if errors.Is(err, cycle.ErrUnknownChatUser) {
		return slack.Request{}, fmt.Errorf("%w: %w", slack.ErrUnknownUser, err)
	}
	if err != nil {
		return slack.Request{}, err
	}
	if !items.Open { // nothing to answer: the name, and the round when one is open
		p := items.Request
		return slack.Request{ContactName: p.Contact, Period: p.Period, Deadline: p.Deadline, Lang: p.Lang}, nil
	}
	req, _ := notify.SlackRequestFrom("", items.To, items.Request)
	return req, nil
}
