package notify

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/sqlite"
	"github.com/regiogv/voortgang/internal/testsupport"
)

// perMessage opens a new SMTP connection for every message: the baseline the reusing sender
// is measured against.
type perMessage struct{ url string }

func (p perMessage) Send(ctx context.Context, m email.Message, raw []byte) error {
	s, err := email.NewSMTPSender(p.url)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Send(ctx, m, raw)
}

func (perMessage) Close() error { return nil }

// BenchmarkDeliverOutbox delivers 10,000 queued messages from a SQLite outbox to an SMTP
// server on loopback, over one reused connection and with a new connection per message.
func BenchmarkDeliverOutbox(b *testing.B) {
	const n = 10000
	body := strings.Repeat("Beste Anna, hierbij de uitvraag voor de tweede helft van 2026. ", 40)
	for _, mode := range []string{"reuse", "connection-per-message"} {
		b.Run(mode, func(b *testing.B) {
			var perSec float64
			for b.Loop() {
				b.StopTimer()
				ctx := context.Background()
				st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "v.db"), nil)
				if err != nil {
					b.Fatal(err)
				}
				now := time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)
				for i := range n {
					key := fmt.Sprintf("uitvraag/2026H2/contact-%05d", i)
					if _, err := st.Enqueue(ctx, store.OutboxMessage{Key: key, Kind: "statusrequest", Channel: "email",
						Recipient: fmt.Sprintf("c%05d@example.org", i), Subject: "Uitvraag voortgang", BodyText: body,
						BodyHTML: "<p>" + body + "</p>", MessageID: messageID(b, key)}, now); err != nil {
						b.Fatal(err)
					}
				}
				srv := testsupport.NewSMTPServer(b)
				var sender email.Sender = perMessage{srv.URL()}
				if mode == "reuse" {
					s, err := email.NewSMTPSender(srv.URL())
					if err != nil {
						b.Fatal(err)
					}
					sender = s
				}
				w := &Worker{Store: st, Email: sender, From: "voortgang@regio.example.org", Clock: clock.NewFake(now),
					Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Owner: "bench"}
				b.StartTimer()
				start := time.Now()
				sent, failed, err := w.DeliverDue(ctx)
				elapsed := time.Since(start)
				b.StopTimer()
				if err != nil || sent != n || failed != 0 || len(srv.Mails()) != n {
					b.Fatalf("sent %d, failed %d, received %d, %v", sent, failed, len(srv.Mails()), err)
				}
				perSec = float64(n) / elapsed.Seconds()
				sender.Close()
				st.Close()
				b.StartTimer()
			}
			b.ReportMetric(perSec, "msgs/s")
		})
	}
}
