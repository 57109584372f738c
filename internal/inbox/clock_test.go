package inbox

import (
	"context"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/m365"
)

// TestClockRequired: the processor and the Graph poller take their time from the clock they
// are given; without one they fail clearly (Process before touching the store) instead of
// falling back to the wall clock. NewPoller's case is in TestNewPollerURLs.
func TestClockRequired(t *testing.T) {
	e := newEnv(t)
	p := *e.proc
	p.Clock = nil
	raw := []byte("Message-ID: <zonder-klok@regio.example.org>\r\nFrom: anna@regio.example.org\r\nSubject: x\r\n\r\nop schema\r\n")
	if _, err := p.Process(context.Background(), raw, now); err == nil || !strings.Contains(err.Error(), "Clock ontbreekt") {
		t.Errorf("Process without a clock: err = %v, want one naming the clock", err)
	}
	if _, err := p.QuarantineUnread(context.Background(), raw, 1<<30, now); err == nil || !strings.Contains(err.Error(), "Clock ontbreekt") {
		t.Errorf("QuarantineUnread without a clock: err = %v, want one naming the clock", err)
	}
	if _, err := e.in.InboundMail(context.Background(), readHeader(raw).messageID); err == nil {
		t.Error("the mail was recorded although the processor had no clock")
	}
	if g, err := NewGraphPoller(&m365.Graph{}, "", e.proc, PollerOptions{}); err == nil || g != nil || !strings.Contains(err.Error(), "Clock ontbreekt") {
		t.Errorf("NewGraphPoller without a clock = %v, %v; want an error naming the clock", g, err)
	}
}
