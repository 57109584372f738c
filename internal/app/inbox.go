package app

import (
	"context"

	"github.com/regiogv/voortgang/internal/inbox"
)

// wireInbox builds the reader of the reply mailbox: IMAP when VOORTGANG_IMAP_URL is set,
// Graph when it is the mail transport.
func (a *App) wireInbox() error {
	proc := &inbox.Processor{Store: a.store, Cycle: a.cycle, Config: a.cfg, Refs: a.cycle.Refs, Clock: a.clock, Log: a.log,
		Observe: func(o inbox.Outcome) { a.metrics.Inbox(inboxOutcome(o)) }}
	r, err := a.mail.Reader(proc, a.log)
	if err != nil {
		return err
	}
	a.poller = r
	return nil
}

// startInbox reads the mailbox until Stop; only while this replica is the scheduler's leader,
// so two replicas never work on the same mail at once (and if they still did, the claim in
// the store lets one apply it).
func (a *App) startInbox(ctx context.Context) (func(), error) {
	if a.poller == nil {
		return func() {}, nil
	}
	a.poller.SetLeader(a.leader)
	if err := a.poller.Start(ctx); err != nil {
		return nil, err
	}
	return a.poller.Stop, nil
}

// pollInbox processes what is in the mailbox now (run-once).
func (a *App) pollInbox(ctx context.Context) (int, error) {
	if a.poller == nil {
		return 0, nil
	}
	return a.poller.PollOnce(ctx)
}
