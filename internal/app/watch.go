package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// debounce lets an editor finish writing (many save in several steps) before reloading.
const debounce = 300 * time.Millisecond

// watchWorkflows reconciles again whenever a workflow file changes. It watches the directory
// (editors replace files by renaming, which a watch on the file itself would lose).
func (a *App) watchWorkflows(ctx context.Context) (stop func(), err error) {
	dir := a.cfg.Workflows
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		dir = filepath.Dir(dir)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if err := w.Add(dir); err != nil {
		w.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		var timer *time.Timer
		var fire <-chan time.Time
		for {
			select {
			case <-ctx.Done():
				if timer != nil {
					timer.Stop()
				}
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if !isWorkflowFile(ev.Name) || ev.Op == fsnotify.Chmod {
					continue
				}
				if timer == nil {
					timer = time.NewTimer(debounce)
				} else {
					timer.Reset(debounce)
				}
				fire = timer.C
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				a.log.Warn("watching workflow files", "err", err)
			case <-fire:
				fire = nil
				a.log.Info("workflow files changed; reconciling")
				err := a.Reconcile(ctx)
				select {
				case a.reconciled <- err:
				default:
				}
			}
		}
	}()
	return func() { cancel(); w.Close(); <-done }, nil
}

func isWorkflowFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return (ext == ".yaml" || ext == ".yml") && !strings.HasPrefix(filepath.Base(name), ".")
}
