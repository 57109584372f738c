package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/sqlite"
)

// outboxT0 is when the outbox tests enqueue their messages.
var outboxT0 = time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)

// outboxDB creates a SQLite database with one mail per key, enqueued at outboxT0, and
// returns its path and the open store.
func outboxDB(t *testing.T, keys ...string) (string, store.Store) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "voortgang.db")
	st, err := sqlite.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if _, err := st.Enqueue(context.Background(), store.OutboxMessage{Key: k, Kind: "statusrequest", Channel: "email",
			Recipient: "x@example.org", Subject: "s", MessageID: "<" + k + "@x>"}, outboxT0); err != nil {
			t.Fatal(err)
		}
	}
	return db, st
}

func TestOutboxListAndRetry(t *testing.T) {
	ctx := context.Background()
	db, st := outboxDB(t, "uitvraag/2026H2/anna", "herinnering/2027H1/bert/1", "uitvraag/2026H2/cor")
	t0 := outboxT0
	if got, err := st.ClaimOutbox(ctx, "w", t0, time.Minute, 3); err != nil || len(got) != 3 {
		t.Fatalf("claim = %v, %v", got, err)
	}
	for _, f := range []struct{ key, err string }{
		{"uitvraag/2026H2/anna", "550 5.1.1 no such\nuser"},
		{"herinnering/2027H1/bert/1", "554 refused"},
	} {
		if ok, err := st.MarkAttemptFailed(ctx, f.key, "w", t0, f.err, false, time.Time{}); err != nil || !ok {
			t.Fatalf("fail %s: counted=%v err=%v", f.key, ok, err)
		}
	}
	if ok, err := st.MarkSent(ctx, "uitvraag/2026H2/cor", "w", t0); err != nil || !ok {
		t.Fatalf("sent: counted=%v err=%v", ok, err)
	}
	st.Close()
	env := map[string]string{"VOORTGANG_DB": db, "VOORTGANG_CONFIG": "../../config/voortgang.example.yaml", "USER": "beheer"}

	code, out, errs := runCmd(t, env, "outbox", "list")
	if code != 0 || !strings.Contains(out, "uitvraag/2026H2/anna") || !strings.Contains(out, "550 5.1.1 no such user") ||
		!strings.Contains(out, "herinnering/2027H1/bert/1") || strings.Contains(out, "cor") || !strings.Contains(out, "2 bericht(en)") {
		t.Errorf("outbox list = %d\n%s%s", code, out, errs)
	}
	code, out, _ = runCmd(t, env, "outbox", "list", "--status", "sent", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); code != 0 || err != nil || len(rows) != 1 || rows[0]["key"] != "uitvraag/2026H2/cor" {
		t.Errorf("outbox list --status sent --format json = %d %v\n%s", code, err, out)
	}
	if code, _, errs := runCmd(t, env, "outbox", "retry"); code != exitUsage || !strings.Contains(errs, "precies één") {
		t.Errorf("retry without a choice = %d %s", code, errs)
	}
	if code, _, errs := runCmd(t, env, "outbox", "retry", "bestaat/niet/x"); code != exitUsage || !strings.Contains(errs, "niet gevonden") {
		t.Errorf("retry of an unknown key = %d %s", code, errs)
	}
	code, out, errs = runCmd(t, env, "outbox", "retry", "--periode", "2026H2")
	if code != 0 || !strings.HasPrefix(out, "1 mislukt(e) bericht(en) terug") {
		t.Errorf("retry --periode = %d %s%s", code, out, errs)
	}

	st, err := sqlite.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if m, _ := st.OutboxMessage(ctx, "uitvraag/2026H2/anna"); m.Status != store.OutboxQueued {
		t.Errorf("anna's request is %s after retry", m.Status)
	}
	if m, _ := st.OutboxMessage(ctx, "herinnering/2027H1/bert/1"); m.Status != store.OutboxFailed {
		t.Errorf("another round's message is %s after retry --periode 2026H2", m.Status)
	}
	audit, _ := st.Audit(ctx, cycle.AuditEntityOutbox, "uitvraag/2026H2/anna")
	if len(audit) != 1 || audit[0].Actor != "cli:beheer" || audit[0].Action != cycle.AuditResent || !strings.Contains(string(audit[0].Before), "550") {
		t.Errorf("audit = %+v", audit)
	}
}
