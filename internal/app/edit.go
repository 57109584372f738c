package app

import (
	"context"
	"os"

	"github.com/regiogv/voortgang/internal/proposal"
)

// proposals is how the board changes a programme: a confirmed proposal is written back to
// its workflow file and the plan reconciled at once (the file watcher reconciles again a
// moment later, which changes nothing).
func (a *App) proposals() *proposal.Service {
	return &proposal.Service{Store: a.store, Clock: a.clock, Programmes: a.Programmes, Reload: a.Reconcile, Workflows: a.cfg.Workflows}
}

// warnFileBehindBoard says at start when a workflow file is not the version last confirmed on
// the board: the file wins (it is the source of the plan), but a file that lost a board
// change (a container without the workflows on its volume, a checkout of an older commit)
// must not do so silently.
func (a *App) warnFileBehindBoard(ctx context.Context) {
	for _, p := range a.Programmes() {
		vs, err := a.store.Versions(ctx, p.Key)
		if err != nil {
			a.log.Warn("cannot compare the workflow file with the board: its versions cannot be read",
				"programme", p.Key, "err", err)
			continue
		}
		if len(vs) == 0 || vs[0].CreatedBy == proposal.FileAuthor {
			continue
		}
		src, err := os.ReadFile(p.File)
		if err != nil {
			a.log.Warn("cannot compare the workflow file with the board: the file cannot be read",
				"programme", p.Key, "file", p.File, "err", err)
			continue
		}
		if proposal.Hash(src) == vs[0].Hash {
			continue
		}
		a.log.Warn("the workflow file is not the version last confirmed on the board; the file is in force",
			"programme", p.Key, "file", p.File, "board_version", vs[0].Version, "by", vs[0].CreatedBy, "at", vs[0].CreatedAt)
	}
}
