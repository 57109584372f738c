//go:build unix

package sqlite

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/regiogv/voortgang/internal/store"
)

// lockShared takes a shared lock on the lock file (waiting only if a restore holds it).
func lockShared(path string) (func() error, error) {
	return flock(path, syscall.LOCK_SH|syscall.LOCK_NB,
		"de database wordt op dit moment teruggezet (%s is vergrendeld); probeer het straks opnieuw")
}

// lockExclusive takes the lock file exclusively or fails at once.
func lockExclusive(path string) (func() error, error) {
	return flock(path, syscall.LOCK_EX|syscall.LOCK_NB,
		"de database is in gebruik door een ander proces (%s is vergrendeld); stop voortgang voor het terugzetten")
}

func flock(path string, how int, busy string) (func() error, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o640)
	if err != nil {
		return nil, fmt.Errorf("store: lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, store.Errorf(store.ErrInUse, busy, path)
		}
		return nil, fmt.Errorf("store: lock %s: %w", path, err)
	}
	return f.Close, nil // closing the descriptor releases the lock
}
