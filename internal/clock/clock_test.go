package clock_test

import (
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/regiogv/voortgang/internal/clock"
)

// A clockwork clock must be usable wherever a Clock is expected (the scheduler shares one).
var (
	_ clock.Clock = clockwork.NewFakeClock()
	_ clock.Clock = clockwork.NewRealClock()
	_ clock.Clock = (*clock.Fake)(nil)
)

func TestFakeStandsStillUntilMoved(t *testing.T) {
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	f := clock.NewFake(start)
	if got := f.Now(); !got.Equal(start) {
		t.Fatalf("Now = %v, want %v", got, start)
	}
	if got := f.Advance(90 * time.Minute); !got.Equal(start.Add(90 * time.Minute)) {
		t.Fatalf("Advance returned %v", got)
	}
	if got := f.Now(); !got.Equal(start.Add(90 * time.Minute)) {
		t.Fatalf("Now after Advance = %v", got)
	}
	earlier := start.AddDate(0, 0, -1)
	f.Set(earlier)
	if got := f.Now(); !got.Equal(earlier) {
		t.Fatalf("Now after Set = %v, want %v", got, earlier)
	}
}

func TestFakeConcurrentAdvance(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := clock.NewFake(start)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.Advance(time.Second)
			_ = f.Now()
		}()
	}
	wg.Wait()
	if got, want := f.Now(), start.Add(50*time.Second); !got.Equal(want) {
		t.Fatalf("Now = %v, want %v", got, want)
	}
}

func TestRealMoves(t *testing.T) {
	before := time.Now()
	if got := clock.Real().Now(); got.Before(before) {
		t.Fatalf("Real().Now() = %v is before %v", got, before)
	}
}
