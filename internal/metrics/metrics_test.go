package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

type fakeSource struct{ err error }

func (f fakeSource) OutboxDepth(context.Context) ([]store.OutboxCount, error) {
	return []store.OutboxCount{{Status: "queued", Kind: "uitvraag", N: 3}}, f.err
}

func (f fakeSource) TaskStates(context.Context, time.Time) (map[string]int, error) {
	return map[string]int{"open": 7}, f.err
}

func get(t *testing.T, h http.Handler, auth string) (int, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestTokenAndLeaderOnlyGauges(t *testing.T) {
	m := New(fakeSource{}, func() time.Time { return time.Time{} }, nil)
	h := m.Handler("een-lang-metrics-token")
	for _, auth := range []string{"", "Bearer fout", "Basic een-lang-metrics-token", "een-lang-metrics-token"} {
		if code, _ := get(t, h, auth); code != http.StatusUnauthorized {
			t.Errorf("Authorization %q = %d, want 401", auth, code)
		}
	}
	code, body := get(t, h, "Bearer een-lang-metrics-token")
	if code != 200 || !strings.Contains(body, "voortgang_leader 0") || strings.Contains(body, "voortgang_tasks{") {
		t.Fatalf("follower scrape = %d\n%s", code, body)
	}
	m.SetLeader(true)
	m.Delivery("", store.OutcomeSent)
	m.Inbox("bounce")
	m.Pruned("sessions", 0) // nothing pruned: no series
	_, body = get(t, h, "Bearer een-lang-metrics-token")
	for _, want := range []string{"voortgang_leader 1", `voortgang_tasks{state="open"} 7`, `voortgang_outbox_messages{kind="uitvraag",status="queued"} 3`,
		`voortgang_delivery_attempts_total{channel="email",outcome="sent"} 1`, `voortgang_inbox_messages_total{outcome="bounce"} 1`,
		"voortgang_store_scrape_errors 0"} {
		if !strings.Contains(body, want) {
			t.Errorf("leader scrape lacks %q", want)
		}
	}
	if strings.Contains(body, "voortgang_retention_pruned_total{") {
		t.Errorf("a zero prune made a series")
	}
}

func TestStoreErrorIsReportedNotFatal(t *testing.T) {
	m := New(fakeSource{err: errors.New("database weg")}, time.Now, nil)
	m.SetLeader(true)
	code, body := get(t, m.Handler(""), "")
	if code != 200 || !strings.Contains(body, "voortgang_store_scrape_errors 1") || !strings.Contains(body, "voortgang_leader 1") {
		t.Errorf("scrape with a failing store = %d\n%s", code, body)
	}
}

func TestNilMetricsDoNothing(t *testing.T) {
	var m *Metrics
	m.Delivery("email", "sent")
	m.Pass(time.Second, true, time.Now())
	m.Reconcile(time.Second, true, time.Now())
	m.Inbox("answer")
	m.Pruned("sessions", 3)
	m.SetLeader(true)
}
