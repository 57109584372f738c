// Package clock makes the current time an input. Services take a Clock instead of calling
// time.Now, so tests and `voortgang run-once --at …` can decide what "now" is.
//
// A github.com/jonboulle/clockwork clock (real or fake) also satisfies Clock, so the scheduler
// can share one clockwork.FakeClock between gocron (which needs clockwork) and the code that
// only needs Now; everywhere else either Real, Fake or a clockwork clock may be passed. This
// package must stay tiny: no timers, no tickers.
package clock

import (
	"sync"
	"time"
)

// Clock tells the current time.
type Clock interface {
	Now() time.Time
}

// Real returns the system clock.
func Real() Clock { return realClock{} }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// Fake is a Clock that stands still until it is told to move. It is safe for concurrent use.
type Fake struct {
	mu  sync.Mutex
	now time.Time
}

// NewFake returns a Fake clock that reads t.
func NewFake(t time.Time) *Fake { return &Fake{now: t} }

// Now returns the time the clock was last set to.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Set moves the clock to t, forwards or backwards.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = t
}

// Advance moves the clock forward by d (backward if d is negative) and returns the new time.
func (f *Fake) Advance(d time.Duration) time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	return f.now
}
