package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

// OpsSuite checks store.OpsStore: the counts behind /metrics and the retention pruning. Each
// case gets a fresh store from open.
func OpsSuite(t *testing.T, open Open) {
	t.Run("outbox depth and task states", func(t *testing.T) { testCounts(t, open(t)) })
	t.Run("prune delivery attempts", func(t *testing.T) { testPruneAttempts(t, open(t)) })
	t.Run("prune inbound bodies", func(t *testing.T) { testPruneInbound(t, open(t)) })
	t.Run("prune draft versions", func(t *testing.T) { testPruneDrafts(t, open(t)) })
	t.Run("prune login throttle", func(t *testing.T) { testPruneThrottle(t, open(t)) })
}

func testCounts(t *testing.T, s store.Store) {
	ctx := context.Background()
	if got, err := s.OutboxDepth(ctx); err != nil || len(got) != 0 {
		t.Fatalf("empty outbox depth = %+v, %v", got, err)
	}
	for _, k := range []string{"c1", "c2", "c3"} {
		m := message(k)
		if k == "c3" {
			m.Kind = "herinnering"
		}
		if _, err := s.Enqueue(ctx, m, t0); err != nil {
			t.Fatal(err)
		}
	}
	// c1 is sent, c2 fails for good, c3 waits for a retry (queued).
	if c, err := s.ClaimOutbox(ctx, "w", t0, time.Minute, 10); err != nil || len(c) != 3 {
		t.Fatalf("claim = %d, %v", len(c), err)
	}
	if _, err := s.MarkSent(ctx, "c1", "w", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkAttemptFailed(ctx, "c2", "w", t0, "550 onbekend", false, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkAttemptFailed(ctx, "c3", "w", t0, "421 later", true, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := s.OutboxDepth(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.OutboxCount{{Status: store.OutboxFailed, Kind: "uitvraag", N: 1}, {Status: store.OutboxQueued, Kind: "herinnering", N: 1},
		{Status: store.OutboxSent, Kind: "uitvraag", N: 1}}
	if !slices.Equal(got, want) {
		t.Errorf("outbox depth = %+v, want %+v", got, want)
	}

	if _, err := s.Reconcile(ctx, "bo", plan(), t0); err != nil {
		t.Fatal(err)
	}
	b := s.(store.BoardStore)
	if _, err := b.SetTaskStatus(ctx, "bo/15a/plan/2026", store.TaskDone, "", "sanne", t0); err != nil {
		t.Fatal(err)
	}
	states, err := s.TaskStates(ctx, day(2026, 11, 23))
	if err != nil {
		t.Fatal(err)
	}
	tasks, err := s.Tasks(ctx, store.TaskFilter{})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range states {
		total += n
	}
	if total != len(tasks) || states[store.TaskDone] != 1 || states[store.TaskCancelled] != 0 || states[store.TaskOverdue] < 1 {
		t.Errorf("task states = %v for %d tasks", states, len(tasks))
	}
	// The gauge agrees with the board's filter.
	for _, st := range []string{store.TaskOpen, store.TaskOverdue, store.TaskDone} {
		page, err := b.SearchTasks(ctx, store.TaskQuery{Status: st, Today: day(2026, 11, 23)})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != states[st] {
			t.Errorf("state %s: gauge %d, board %d", st, states[st], page.Total)
		}
	}
}

func testPruneAttempts(t *testing.T, s store.Store) {
	ctx := context.Background()
	// p1: failed once, then sent, long ago. p2: still being retried, long ago.
	for _, k := range []string{"p1", "p2"} {
		if _, err := s.Enqueue(ctx, message(k), t0); err != nil {
			t.Fatal(err)
		}
	}
	if c, err := s.ClaimOutbox(ctx, "w", t0, time.Minute, 10); err != nil || len(c) != 2 {
		t.Fatalf("first claim = %d, %v", len(c), err)
	}
	for _, k := range []string{"p1", "p2"} {
		if _, err := s.MarkAttemptFailed(ctx, k, "w", t0, "421 later", true, t0); err != nil {
			t.Fatal(err)
		}
	}
	claimed, err := s.ClaimOutbox(ctx, "w", t0.Add(time.Second), time.Minute, 10)
	if err != nil || len(claimed) != 2 {
		t.Fatalf("second claim = %d, %v", len(claimed), err)
	}
	if _, err := s.MarkSent(ctx, "p1", "w", t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkAttemptFailed(ctx, "p2", "w", t0.Add(time.Second), "421 later", true, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Nothing is old enough yet.
	if n, err := s.PruneDeliveryAttempts(ctx, t0); err != nil || n != 0 {
		t.Errorf("prune before the attempts = %d, %v", n, err)
	}
	n, err := s.PruneDeliveryAttempts(ctx, t0.Add(time.Minute))
	if err != nil || n != 2 {
		t.Errorf("prune = %d, %v; want p1's two attempts", n, err)
	}
	if a, _ := s.Attempts(ctx, "p1"); len(a) != 0 {
		t.Errorf("p1 attempts left: %+v", a)
	}
	if a, _ := s.Attempts(ctx, "p2"); len(a) != 2 {
		t.Errorf("p2 (still retried) attempts = %d, want 2 kept", len(a))
	}
	if m, _ := s.OutboxMessage(ctx, "p1"); m.Status != store.OutboxSent || m.Attempts != 2 {
		t.Errorf("p1 after pruning = %s, %d attempts", m.Status, m.Attempts)
	}
}

func testPruneInbound(t *testing.T, s store.Store) {
	ctx := context.Background()
	body := strings.Repeat("Een lange tekst.\r\n", 1000)
	mail := func(id, state string, at time.Time) {
		raw := "Message-ID: <" + id + ">\r\nFrom: anna@example.org\r\nSubject: Antwoord\r\n\r\n" + body
		if _, _, err := s.RecordInbound(ctx, store.InboundMail{MessageID: id, ReceivedAt: at, From: "anna@example.org",
			Subject: "Antwoord", Raw: []byte(raw), State: state, Reason: "r", ProcessedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	old := t0.Add(-100 * 24 * time.Hour)
	mail("verwerkt@x", store.InboundProcessed, old)
	mail("wacht@x", store.InboundQuarantined, old)
	mail("besloten@x", store.InboundQuarantined, old)
	mail("nieuw@x", store.InboundProcessed, t0)
	if _, err := s.ReviewInbound(ctx, "besloten@x", store.InboundReview{State: store.InboundRejected, Reason: "spam", By: "sanne", At: old}); err != nil {
		t.Fatal(err)
	}
	n, err := s.PruneInboundBodies(ctx, t0.Add(-90*24*time.Hour), t0)
	if err != nil || n != 2 {
		t.Fatalf("prune = %d, %v; want the processed and the decided mail", n, err)
	}
	for id, whole := range map[string]bool{"verwerkt@x": false, "besloten@x": false, "wacht@x": true, "nieuw@x": true} {
		m, err := s.InboundMail(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(m.Raw), "Een lange tekst."); got != whole {
			t.Errorf("%s: body kept = %v, want %v (%d bytes)", id, got, whole, len(m.Raw))
		}
		if !strings.HasPrefix(string(m.Raw), "Message-ID: <"+id+">\r\n") || m.Subject != "Antwoord" {
			t.Errorf("%s: headers lost: %.80q", id, m.Raw)
		}
	}
	if n, err := s.PruneInboundBodies(ctx, t0.Add(-90*24*time.Hour), t0); err != nil || n != 0 {
		t.Errorf("second prune = %d, %v; want nothing", n, err)
	}
}

func testPruneDrafts(t *testing.T, s store.Store) {
	ctx := context.Background()
	docs := map[string][]byte{"md": []byte("# concept")}
	var keys []string
	for i, at := range []time.Time{t0, t0.Add(time.Hour), t0.Add(2 * time.Hour)} {
		d, err := s.AddDraft(ctx, store.Draft{Period: "2026H2", Formats: []string{"md"}, Markdown: "v" + itoa(i)}, docs, at)
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, d.Key)
	}
	only, err := s.AddDraft(ctx, store.Draft{Period: "2026H1", Formats: []string{"md"}}, docs, t0)
	if err != nil {
		t.Fatal(err)
	}
	// Everything is "old": all but the newest version of each period goes.
	n, err := s.PruneDraftVersions(ctx, t0.Add(24*time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("prune = %d, %v; want 2", n, err)
	}
	left, _ := s.Drafts(ctx, "2026H2")
	if len(left) != 1 || left[0].Key != keys[2] {
		t.Errorf("2026H2 left: %+v", left)
	}
	if _, err := s.DraftDocument(ctx, keys[0], "md"); err == nil {
		t.Errorf("document of a pruned version still there")
	}
	if _, err := s.DraftDocument(ctx, keys[2], "md"); err != nil {
		t.Errorf("document of the newest version: %v", err)
	}
	if _, err := s.Draft(ctx, only.Key); err != nil {
		t.Errorf("the only version of 2026H1: %v", err)
	}
	// The next version still numbers on from the newest.
	d, err := s.AddDraft(ctx, store.Draft{Period: "2026H2", Formats: []string{"md"}}, docs, t0.Add(25*time.Hour))
	if err != nil || d.Version != 4 {
		t.Errorf("next version = %d, %v; want 4", d.Version, err)
	}
}

func testPruneThrottle(t *testing.T, s store.Store) {
	ctx := context.Background()
	b := s.(store.BoardStore)
	none := func(string, int) time.Duration { return 0 }
	for i, sc := range []string{"ip:oud", "ip:nieuw"} {
		if _, _, err := b.LoginAttempt(ctx, []string{sc}, t0.Add(time.Duration(i)*48*time.Hour), time.Hour, none); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.PruneLoginThrottle(ctx, t0.Add(24*time.Hour))
	if err != nil || n != 1 {
		t.Errorf("prune = %d, %v", n, err)
	}
	if th, _ := b.LoginThrottle(ctx, "ip:nieuw"); th.Failures != 1 {
		t.Errorf("recent scope pruned: %+v", th)
	}
}

func itoa(i int) string { return string(rune('0' + i)) }
