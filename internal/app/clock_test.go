package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/config"
)

// TestNewNeedsAClock: the app takes its time from the clock it is given; without one it
// refuses to start instead of falling back to the wall clock.
func TestNewNeedsAClock(t *testing.T) {
	_, err := New(context.Background(), &config.Config{Database: filepath.Join(t.TempDir(), "v.db")}, quietLog(), nil, Options{WebOnly: true})
	if err == nil || !strings.Contains(err.Error(), "zonder klok") {
		t.Fatalf("New without a clock: err = %v, want one naming the clock", err)
	}
}
