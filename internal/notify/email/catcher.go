package email

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Catcher is the Sender used when no SMTP server is configured: it keeps
// every message as a file <dir>/<timestamp>-<hash>.eml, so a developer or a
// newcomer trying voortgang out can read (and click through) what would have
// been sent, with CatcherHandler.
//
// The hash comes from the outbox key (or the Message-ID), so delivering the
// same message again replaces its file instead of adding a second one, just
// as a receiver would recognise the duplicate by its Message-ID.
type Catcher struct {
	dir string
	now func() time.Time
	mu  sync.Mutex
}

// NewCatcher creates dir if needed and returns a Catcher writing into it.
// now is the process's clock (required: the files are named by its time).
func NewCatcher(dir string, now func() time.Time) (*Catcher, error) {
	if dir == "" {
		return nil, errors.New("email: catcher: no directory")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("email: catcher: %w", err)
	}
	if now == nil {
		return nil, errors.New("email: catcher: no clock")
	}
	return &Catcher{dir: dir, now: now}, nil
}

// Dir is the directory the messages are written to.
func (c *Catcher) Dir() string { return c.dir }

// catchHash identifies a message in its file name.
func catchHash(m Message, raw []byte) string {
	switch {
	case m.Key != "":
		return keyHash(m.Key)
	case m.MessageID != "":
		return keyHash(strings.Trim(m.MessageID, "<>"))
	default:
		return keyHash(string(raw))
	}
}

// catchTimeLayout sorts chronologically as text and is safe in file names.
const catchTimeLayout = "20060102T150405.000000000Z"

// Send writes raw atomically (a temporary file renamed into place).
func (c *Catcher) Send(ctx context.Context, m Message, raw []byte) error {
	if err := ctx.Err(); err != nil {
		return &SendError{Temporary: true, Stage: "deliver", Err: err}
	}
	if len(raw) == 0 {
		return &SendError{Stage: "message", Err: errors.New("email: empty message")}
	}
	hash := catchHash(m, raw)
	c.mu.Lock()
	defer c.mu.Unlock()

	name := c.now().UTC().Format(catchTimeLayout) + "-" + hash + ".eml"
	existing, err := filepath.Glob(filepath.Join(c.dir, "*-"+hash+".eml"))
	if err != nil {
		return &SendError{Temporary: true, Stage: "deliver", Err: err}
	}
	if len(existing) > 0 {
		// Keep the first file's name (and place in the list); replace its
		// content, and remove any stray copies.
		name = filepath.Base(existing[0])
		for _, extra := range existing[1:] {
			_ = os.Remove(extra)
		}
	}
	tmp, err := os.CreateTemp(c.dir, ".catch-*.tmp")
	if err != nil {
		return &SendError{Temporary: true, Stage: "deliver", Err: fmt.Errorf("email: catcher: %w", err)}
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return &SendError{Temporary: true, Stage: "deliver", Err: fmt.Errorf("email: catcher: %w", err)}
	}
	if err := tmp.Close(); err != nil {
		return &SendError{Temporary: true, Stage: "deliver", Err: fmt.Errorf("email: catcher: %w", err)}
	}
	if err := os.Chmod(tmp.Name(), 0o640); err != nil {
		return &SendError{Temporary: true, Stage: "deliver", Err: fmt.Errorf("email: catcher: %w", err)}
	}
	if err := os.Rename(tmp.Name(), filepath.Join(c.dir, name)); err != nil {
		return &SendError{Temporary: true, Stage: "deliver", Err: fmt.Errorf("email: catcher: %w", err)}
	}
	return nil
}

// Close does nothing; it makes Catcher a Sender.
func (c *Catcher) Close() error { return nil }
