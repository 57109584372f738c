package app

import "github.com/regiogv/voortgang/internal/proposal"

// proposals is how the board changes a programme: a confirmed proposal is written back to
// its workflow file and the plan reconciled at once (the file watcher reconciles again a
// moment later, which changes nothing).
func (a *App) proposals() *proposal.Service {
	return &proposal.Service{Store: a.store, Clock: a.clock, Programmes: a.Programmes, Reload: a.Reconcile, Workflows: a.cfg.Workflows}
}
