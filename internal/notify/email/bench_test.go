package email

import (
	"context"
	"testing"
)

// BenchmarkSMTPDelivery sends status requests to a loopback go-smtp sink
// that discards them, once over a reused connection and once with a new
// connection per message. Run with -benchtime=10000x for the 10,000-message
// figure; msg/s is reported per case.
func BenchmarkSMTPDelivery(b *testing.B) {
	tp, err := LoadTemplates("")
	if err != nil {
		b.Fatal(err)
	}
	subject, text, html, err := tp.Render(KindStatusRequest, "nl", SampleData(KindStatusRequest))
	if err != nil {
		b.Fatal(err)
	}
	m := Message{
		Key: "uitvraag/2026H2/anna", MessageID: testMessageID("uitvraag/2026H2/anna"), From: "Regio Gooi en Vechtstreek <voortgang@regiogv.nl>",
		To: []string{"Anna de Vries <anna@hilversum.nl>"}, Subject: subject, Text: text, HTML: html,
	}
	raw := mustCompose(b, m)

	for _, reuse := range []bool{true, false} {
		name := "reuse"
		if !reuse {
			name = "new-connection"
		}
		b.Run(name, func(b *testing.B) {
			addr, l := startServer(b, &testBackend{discard: true}, serverOptions{})
			s, err := NewSMTPSender("smtp://" + addr)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			ctx := context.Background()
			b.SetBytes(int64(len(raw)))
			b.ResetTimer()
			for range b.N {
				if err := s.Send(ctx, m, raw); err != nil {
					b.Fatal(err)
				}
				if !reuse {
					if err := s.Close(); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msg/s")
			if want := map[bool]int64{true: 1, false: int64(b.N)}[reuse]; l.n.Load() != want {
				b.Fatalf("%d connections for %d messages, want %d", l.n.Load(), b.N, want)
			}
		})
	}
}
