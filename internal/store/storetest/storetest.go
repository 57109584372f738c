// Package storetest is the conformance suite every store.Store implementation passes, and the
// shared Reconcile benchmark. Each implementation's tests call Run with a function that opens
// a fresh, empty store.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/store"
)

// Open returns a fresh, empty, migrated store; it registers its own cleanup.
type Open func(t *testing.T) store.Store

var ams = mustLocation("Europe/Amsterdam")

func mustLocation(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// t0 is a Monday morning in Amsterdam, given with its +01:00 offset on purpose.
var t0 = time.Date(2026, 11, 23, 9, 0, 0, 123456789, ams)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Run runs the conformance suite.
func Run(t *testing.T, open Open) {
	t.Run("admin", func(t *testing.T) { testAdmin(t, open(t)) })
	t.Run("reconcile", func(t *testing.T) { testReconcile(t, open) })
	t.Run("tasks filter", func(t *testing.T) { testTaskFilter(t, open(t)) })
	t.Run("contacts", func(t *testing.T) { testContacts(t, open(t)) })
	t.Run("status requests", func(t *testing.T) { testRequests(t, open(t)) })
	t.Run("outbox", func(t *testing.T) { testOutbox(t, open) })
	t.Run("responses", func(t *testing.T) { testResponses(t, open(t)) })
	t.Run("audit", func(t *testing.T) { testAudit(t, open(t)) })
	t.Run("leases", func(t *testing.T) { testLeases(t, open(t)) })
	t.Run("drafts", func(t *testing.T) { DraftSuite(t, open(t)) })
	t.Run("inbound", func(t *testing.T) { InboundSuite(t, open(t)) })
	t.Run("contact sync", func(t *testing.T) { ContactSuite(t, open(t)) })
	t.Run("outbox exists", func(t *testing.T) { OutboxExistsSuite(t, open(t)) })
	t.Run("board", func(t *testing.T) { BoardSuite(t, open(t)) })
	t.Run("postvak", func(t *testing.T) { PostvakSuite(t, open(t)) })
	t.Run("ops", func(t *testing.T) { OpsSuite(t, open) })
	t.Run("delivery warnings", func(t *testing.T) { DeliveryWarningSuite(t, open(t)) })
	t.Run("plan holds", func(t *testing.T) { PlanHoldSuite(t, open(t)) })
	t.Run("status inputs", func(t *testing.T) { testStatusInputs(t, open(t)) })
	t.Run("programme hashes", func(t *testing.T) { testProgrammeHashes(t, open(t)) })
	t.Run("versions", func(t *testing.T) { VersionSuite(t, open(t)) })
	t.Run("late attempts", func(t *testing.T) { LateAttemptSuite(t, open) })
}

// testStatusInputs: what the board's national counts fold, and one programme's action
// summaries.
func testStatusInputs(t *testing.T, s store.Store) {
	ctx := context.Background()
	b := s.(store.BoardStore)
	reconcile(t, s, "bo", plan(), t0)
	reconcile(t, s, "jz", []planner.Task{{Key: "jz/1a/do/2026", Programme: "jz", Line: 1, Goal: 1, Action: "a", Phase: "do",
		Kind: planner.Milestone, Title: "Uitvoeren", Owners: []string{"Regio"}, Due: day(2026, 5, 1), Source: "mei 2026"}}, t0)
	add := func(ref, contact, status string, at time.Time) {
		if _, err := s.AddResponse(ctx, store.Response{RefKind: store.RefAction, Ref: ref, ContactKey: contact, Period: "2026H1",
			Status: status, Source: store.SourceWeb}, at); err != nil {
			t.Fatal(err)
		}
	}
	add("bo/15a", "jan", "vertraagd", t0)
	add("bo/15a", "piet", "gereed", t0.Add(time.Hour)) // the newest answer counts
	add("bo/2b", "ali", "op schema", t0)
	if _, err := s.AddResponse(ctx, store.Response{RefKind: store.RefTask, Ref: "jz/1a/do/2026", ContactKey: "ali", Period: "2026H1",
		Status: "gereed", Source: store.SourceWeb}, t0); err != nil { // a task answer is not an action answer
		t.Fatal(err)
	}
	add("bo/2b", "ali", "vertraagd", t0.Add(2*time.Hour)) // only ali's newest version comes back
	got, err := b.StatusInputs(ctx, "2026H1", day(2026, 1, 1), day(2026, 7, 1))
	if err != nil {
		t.Fatal(err)
	}
	// Every contact's newest action answer (instants kept to the millisecond); bo/15a,
	// bo/7c's contract meeting of 30 June and jz/1a are late, answered or not (the task
	// answer is not an action answer).
	want := []store.StatusAnswer{{ActionRef: "bo/15a", ContactKey: "jan", Status: "vertraagd", At: t0},
		{ActionRef: "bo/15a", ContactKey: "piet", Status: "gereed", At: t0.Add(time.Hour)},
		{ActionRef: "bo/2b", ContactKey: "ali", Status: "vertraagd", At: t0.Add(2 * time.Hour)}}
	if !slices.EqualFunc(got.Answers, want, func(a, b store.StatusAnswer) bool {
		return a.ActionRef == b.ActionRef && a.ContactKey == b.ContactKey && a.Status == b.Status && a.At.Equal(b.At.Truncate(time.Millisecond))
	}) {
		t.Errorf("answers = %+v, want %+v", got.Answers, want)
	}
	if want := []string{"bo/15a", "bo/7c", "jz/1a"}; !slices.Equal(got.Late, want) {
		t.Errorf("late = %v, want %v", got.Late, want)
	}
	if got, err := b.StatusInputs(ctx, "2026H2", day(2026, 7, 1), day(2026, 7, 1)); err != nil || len(got.Answers) != 0 || len(got.Late) != 0 {
		t.Errorf("inputs of a new period = %+v, %v", got, err)
	}
	one, err := b.ActionSummariesOf(ctx, "jz", time.Time{}, day(2026, 7, 1))
	if err != nil || len(one) != 1 || one[0].Programme != "jz" || one[0].Overdue != 1 {
		t.Errorf("summaries of jz = %+v, %v", one, err)
	}
	if all, err := b.ActionSummaries(ctx, time.Time{}, day(2026, 7, 1)); err != nil || len(all) != 4 {
		t.Errorf("summaries of all = %d, %v", len(all), err)
	}
}

func testProgrammeHashes(t *testing.T, s store.Store) {
	ctx := context.Background()
	if h, err := s.ProgrammeHashes(ctx); err != nil || len(h) != 0 {
		t.Fatalf("empty store: %v, %v", h, err)
	}
	if _, err := s.ReconciledSource(ctx, "bo"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ReconciledSource before any reconcile: %v, want ErrNotFound", err)
	}
	for _, set := range [][3]string{{"bo", "h1", "programme: {key: bo}\n"}, {"jz", "h2", "jz"}, {"bo", "h3", "programme:\n  key: bo # ë\n"}} {
		if err := s.SetProgrammeHash(ctx, set[0], set[1], []byte(set[2]), t0); err != nil {
			t.Fatal(err)
		}
	}
	h, err := s.ProgrammeHashes(ctx)
	if err != nil || len(h) != 2 || h["bo"] != "h3" || h["jz"] != "h2" {
		t.Errorf("hashes = %v, %v", h, err)
	}
	if src, err := s.ReconciledSource(ctx, "bo"); err != nil || string(src) != "programme:\n  key: bo # ë\n" {
		t.Errorf("ReconciledSource(bo) = %q, %v; want the last file recorded", src, err)
	}
	if _, err := s.ReconciledSource(ctx, "elders"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ReconciledSource of an unknown programme: %v, want ErrNotFound", err)
	}
}

func testAdmin(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil || v < 1 {
		t.Fatalf("SchemaVersion = %d, %v; want ≥ 1", v, err)
	}
	if d := s.Dialect(); d != "sqlite" && d != "postgres" {
		t.Errorf("Dialect = %q", d)
	}
}

// plan is a small programme: two actions of doel 15 and one contract meeting.
func plan() []planner.Task {
	return []planner.Task{
		{Key: "bo/15a/plan/2026", Programme: "bo", Line: 3, Goal: 15, Action: "a", Phase: "plan", Kind: planner.Milestone,
			Title: "Plan van aanpak opstellen", Owners: []string{"Regio", "gemeenten"}, Start: day(2026, 1, 1), Due: day(2026, 3, 31), Source: "Q1 2026"},
		{Key: "bo/15a/check/2026", Programme: "bo", Line: 3, Goal: 15, Action: "a", Phase: "check", Kind: planner.Milestone,
			Title: "Evaluatie", Owners: []string{"Regio"}, Start: day(2026, 10, 1), Due: day(2026, 12, 31), Source: "Q4 2026"},
		{Key: "bo/2b/do/2026H2", Programme: "bo", Line: 1, Goal: 2, Action: "b", Phase: "do", Kind: planner.Milestone,
			Title: "Uitvoeren", Owners: []string{"GGD"}, Start: day(2026, 7, 1), Due: day(2026, 12, 31), Source: "2026"},
		{Key: "bo/contract/vt/2026-06", Programme: "bo", Line: 2, Goal: 7, Action: "c", Kind: planner.ContractMeeting,
			Title: "Contractgesprek Veilig Thuis", Owners: []string{"VTGV"}, Due: day(2026, 6, 30), Source: "halfjaarlijks"},
	}
}

func reconcile(t *testing.T, s store.Store, prog string, tasks []planner.Task, now time.Time) store.ReconcileResult {
	t.Helper()
	res, err := s.Reconcile(context.Background(), prog, tasks, now)
	if err != nil {
		t.Fatalf("Reconcile: %v", err)
	}
	return res
}

func mustTask(t *testing.T, s store.Store, key string) store.TaskRow {
	t.Helper()
	r, err := s.Task(context.Background(), key)
	if err != nil {
		t.Fatalf("Task(%s): %v", key, err)
	}
	return r
}

func testReconcile(t *testing.T, open Open) {
	ctx := context.Background()
	later := t0.Add(24 * time.Hour)

	t.Run("first load inserts every task with its values", func(t *testing.T) {
		s := open(t)
		res := reconcile(t, s, "bo", plan(), t0)
		if want := (store.ReconcileResult{Inserted: 4}); res != want {
			t.Fatalf("result = %+v, want %+v", res, want)
		}
		got := mustTask(t, s, "bo/15a/plan/2026")
		want := plan()[0]
		if !equalTask(got.Task, want) {
			t.Errorf("task = %+v, want %+v", got.Task, want)
		}
		if !got.CreatedAt.Equal(t0.Truncate(time.Millisecond)) || got.CreatedAt.Location() != time.UTC {
			t.Errorf("CreatedAt = %v, want %v in UTC", got.CreatedAt, t0)
		}
		if got.Obsolete() || got.Hash == "" {
			t.Errorf("new task obsolete=%v hash=%q", got.Obsolete(), got.Hash)
		}
		meeting := mustTask(t, s, "bo/contract/vt/2026-06")
		if !meeting.Start.IsZero() || meeting.Kind != planner.ContractMeeting {
			t.Errorf("contract meeting = %+v", meeting.Task)
		}
	})

	t.Run("same plan twice writes nothing", func(t *testing.T) {
		s := open(t)
		reconcile(t, s, "bo", plan(), t0)
		res := reconcile(t, s, "bo", plan(), later)
		if want := (store.ReconcileResult{Unchanged: 4}); res != want {
			t.Fatalf("second result = %+v, want %+v", res, want)
		}
		if got := mustTask(t, s, "bo/15a/plan/2026"); !got.UpdatedAt.Equal(got.CreatedAt) {
			t.Errorf("UpdatedAt moved to %v on a no-change reconcile", got.UpdatedAt)
		}
	})

	t.Run("changed task is updated and its old values kept", func(t *testing.T) {
		s := open(t)
		reconcile(t, s, "bo", plan(), t0)
		p := plan()
		p[0].Title = "Plan van aanpak vaststellen"
		p[0].Due = day(2026, 6, 30)
		res := reconcile(t, s, "bo", p, later)
		if want := (store.ReconcileResult{Updated: 1, Unchanged: 3}); res != want {
			t.Fatalf("result = %+v, want %+v", res, want)
		}
		got := mustTask(t, s, p[0].Key)
		if got.Title != p[0].Title || !got.Due.Equal(p[0].Due) || !got.UpdatedAt.Equal(later.Truncate(time.Millisecond)) {
			t.Errorf("updated task = %+v", got)
		}
		h, err := s.TaskHistory(ctx, p[0].Key)
		if err != nil || len(h) != 1 {
			t.Fatalf("history = %+v, %v; want one change", h, err)
		}
		c := h[0]
		if c.Change != store.ChangeUpdated || c.Old["title"] != "Plan van aanpak opstellen" || c.New["due"] != "2026-06-30" ||
			c.Old["due"] != "2026-03-31" || len(c.Old) != 2 || !c.ChangedAt.Equal(later.Truncate(time.Millisecond)) {
			t.Errorf("history row = %+v", c)
		}
	})

	t.Run("vanished task becomes obsolete and comes back restored", func(t *testing.T) {
		s := open(t)
		reconcile(t, s, "bo", plan(), t0)
		res := reconcile(t, s, "bo", plan()[1:], later)
		if want := (store.ReconcileResult{Obsoleted: 1, Unchanged: 3}); res != want {
			t.Fatalf("result = %+v, want %+v", res, want)
		}
		gone := mustTask(t, s, plan()[0].Key)
		if !gone.Obsolete() || !gone.ObsoleteAt.Equal(later.Truncate(time.Millisecond)) {
			t.Errorf("vanished task ObsoleteAt = %v", gone.ObsoleteAt)
		}
		active, _ := s.Tasks(ctx, store.TaskFilter{Programme: "bo"})
		all, _ := s.Tasks(ctx, store.TaskFilter{Programme: "bo", IncludeObsolete: true})
		if len(active) != 3 || len(all) != 4 {
			t.Errorf("active = %d, all = %d; want 3 and 4", len(active), len(all))
		}
		if res := reconcile(t, s, "bo", plan()[1:], later.Add(time.Hour)); res != (store.ReconcileResult{Unchanged: 3}) {
			t.Errorf("repeating the shorter plan = %+v, want only unchanged", res)
		}
		res = reconcile(t, s, "bo", plan(), later.Add(2*time.Hour))
		if want := (store.ReconcileResult{Restored: 1, Unchanged: 3}); res != want {
			t.Fatalf("result after return = %+v, want %+v", res, want)
		}
		if back := mustTask(t, s, plan()[0].Key); back.Obsolete() {
			t.Errorf("returned task still obsolete")
		}
		h, _ := s.TaskHistory(ctx, plan()[0].Key)
		var kinds []string
		for _, c := range h {
			kinds = append(kinds, c.Change)
		}
		if !slices.Equal(kinds, []string{store.ChangeObsoleted, store.ChangeRestored}) {
			t.Errorf("history kinds = %v", kinds)
		}
	})

	t.Run("other programmes are left alone", func(t *testing.T) {
		s := open(t)
		reconcile(t, s, "bo", plan(), t0)
		other := []planner.Task{{Key: "jeugd/1a/plan/2026", Programme: "jeugd", Goal: 1, Action: "a", Phase: "plan",
			Kind: planner.Milestone, Title: "Jeugd", Owners: []string{"Regio"}, Due: day(2026, 3, 31)}}
		if res := reconcile(t, s, "jeugd", other, later); res != (store.ReconcileResult{Inserted: 1}) {
			t.Fatalf("result = %+v", res)
		}
		if res := reconcile(t, s, "jeugd", nil, later); res != (store.ReconcileResult{Obsoleted: 1}) {
			t.Fatalf("emptying jeugd = %+v", res)
		}
		bo, _ := s.Tasks(ctx, store.TaskFilter{Programme: "bo"})
		if len(bo) != 4 {
			t.Errorf("bo tasks = %d, want 4", len(bo))
		}
	})

	t.Run("invalid plan is refused and nothing is written", func(t *testing.T) {
		s := open(t)
		dup := append(plan(), plan()[0])
		if _, err := s.Reconcile(ctx, "bo", dup, t0); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("duplicate key: err = %v, want ErrInvalid", err)
		}
		foreign := plan()
		foreign[2].Programme = "jeugd"
		if _, err := s.Reconcile(ctx, "bo", foreign, t0); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("task of other programme: err = %v, want ErrInvalid", err)
		}
		if all, _ := s.Tasks(ctx, store.TaskFilter{IncludeObsolete: true}); len(all) != 0 {
			t.Errorf("%d tasks written by refused plans", len(all))
		}
	})

	t.Run("missing task is ErrNotFound", func(t *testing.T) {
		s := open(t)
		if _, err := s.Task(ctx, "bo/99z/act/2030"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
	})
}

func equalTask(a, b planner.Task) bool {
	return a.Key == b.Key && a.Programme == b.Programme && a.Line == b.Line && a.Goal == b.Goal &&
		a.Action == b.Action && a.Phase == b.Phase && a.Kind == b.Kind && a.Title == b.Title &&
		slices.Equal(a.Owners, b.Owners) && a.Start.Equal(b.Start) && a.Due.Equal(b.Due) && a.Source == b.Source
}

func testTaskFilter(t *testing.T, s store.Store) {
	ctx := context.Background()
	reconcile(t, s, "bo", plan(), t0)
	keys := func(rows []store.TaskRow) []string {
		var k []string
		for _, r := range rows {
			k = append(k, r.Key)
		}
		return k
	}
	tests := []struct {
		name string
		f    store.TaskFilter
		want []string
	}{
		{"hele programma op deadline", store.TaskFilter{Programme: "bo"},
			[]string{"bo/15a/plan/2026", "bo/contract/vt/2026-06", "bo/15a/check/2026", "bo/2b/do/2026H2"}},
		{"deadline in tweede helft 2026", store.TaskFilter{DueFrom: day(2026, 7, 1), DueTo: day(2026, 12, 31)},
			[]string{"bo/15a/check/2026", "bo/2b/do/2026H2"}},
		{"deadline t/m 30 juni", store.TaskFilter{DueTo: day(2026, 6, 30)},
			[]string{"bo/15a/plan/2026", "bo/contract/vt/2026-06"}},
		{"doel 15", store.TaskFilter{Goal: 15}, []string{"bo/15a/plan/2026", "bo/15a/check/2026"}},
		{"eigenaar gemeenten", store.TaskFilter{Owner: "gemeenten"}, []string{"bo/15a/plan/2026"}},
		{"eigenaar Regio", store.TaskFilter{Owner: "Regio"}, []string{"bo/15a/plan/2026", "bo/15a/check/2026"}},
		{"contractgesprekken", store.TaskFilter{Kind: planner.ContractMeeting}, []string{"bo/contract/vt/2026-06"}},
		{"fase check", store.TaskFilter{Phase: "check"}, []string{"bo/15a/check/2026"}},
		{"onbekend programma", store.TaskFilter{Programme: "jeugd"}, nil},
		{"acties 15a en 2b", store.TaskFilter{Actions: []store.ActionKey{{Programme: "bo", Goal: 15, Action: "a"}, {Programme: "bo", Goal: 2, Action: "b"}}},
			[]string{"bo/15a/plan/2026", "bo/15a/check/2026", "bo/2b/do/2026H2"}},
		{"actie 15a in de tweede helft", store.TaskFilter{Actions: []store.ActionKey{{Programme: "bo", Goal: 15, Action: "a"}}, DueFrom: day(2026, 7, 1)},
			[]string{"bo/15a/check/2026"}},
		{"actie van een ander programma", store.TaskFilter{Actions: []store.ActionKey{{Programme: "jeugd", Goal: 15, Action: "a"}, {Programme: "bo", Goal: 15, Action: "b"}}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := s.Tasks(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := keys(rows); !slices.Equal(got, tc.want) {
				t.Errorf("keys = %v, want %v", got, tc.want)
			}
		})
	}
}

func testContacts(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := store.Contact{Key: "jan", Name: "Jan Jansen", Email: "jan@regiogv.nl", Owners: []string{"Regio"}, AwayUntil: day(2026, 12, 1)}
	if err := s.UpsertContact(ctx, c, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.UpsertContact(ctx, store.Contact{Key: "ali", Name: "Ali", Email: "ali@ggd.nl", Deputy: "jan"}, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkBounced(ctx, "jan", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// The same configuration again keeps the bounce and updated_at.
	if err := s.UpsertContact(ctx, c, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Contact(ctx, "jan")
	if err != nil {
		t.Fatal(err)
	}
	if got.BouncedAt.IsZero() || !got.AwayUntil.Equal(c.AwayUntil) || !slices.Equal(got.Owners, c.Owners) ||
		!got.UpdatedAt.Equal(t0.Add(time.Hour).Truncate(time.Millisecond)) {
		t.Errorf("contact after same upsert = %+v", got)
	}
	// A new address clears the bounce.
	c.Email = "j.jansen@regiogv.nl"
	if err := s.UpsertContact(ctx, c, t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Contact(ctx, "jan")
	if !got.BouncedAt.IsZero() || got.Email != c.Email || !got.CreatedAt.Equal(t0.Truncate(time.Millisecond)) {
		t.Errorf("contact after new address = %+v", got)
	}
	all, err := s.Contacts(ctx)
	if err != nil || len(all) != 2 || all[0].Key != "ali" || all[0].Deputy != "jan" {
		t.Errorf("Contacts = %+v, %v", all, err)
	}
	if _, err := s.Contact(ctx, "piet"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing contact err = %v", err)
	}
	if err := s.MarkBounced(ctx, "piet", t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("bounce of missing contact err = %v", err)
	}
}

func testRequests(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.UpsertContact(ctx, store.Contact{Key: "jan", Name: "Jan"}, t0); err != nil {
		t.Fatal(err)
	}
	r := store.StatusRequest{Key: "2026H2/jan", ContactKey: "jan", Period: "2026H2", Token: "tok-1"}
	first, created, err := s.EnsureStatusRequest(ctx, r, t0)
	if err != nil || !created {
		t.Fatalf("first insert: created=%v err=%v", created, err)
	}
	r.Token = "tok-2" // a second run draws a new token: the stored one must win
	second, created, err := s.EnsureStatusRequest(ctx, r, t0.Add(time.Hour))
	if err != nil || created || second != first || second.Token != "tok-1" {
		t.Fatalf("second insert: %+v created=%v err=%v; want the first %+v", second, created, err, first)
	}
	if err := s.MarkRequestSent(ctx, r.Key, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkRequestSent(ctx, r.Key, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	byToken, err := s.StatusRequestByToken(ctx, "tok-1")
	if err != nil || !byToken.SentAt.Equal(t0.Add(time.Minute).Truncate(time.Millisecond)) {
		t.Errorf("by token = %+v, %v; want first send kept", byToken, err)
	}
	if err := s.RevokeStatusRequest(ctx, r.Key, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.StatusRequest(ctx, r.Key); got.RevokedAt.IsZero() {
		t.Errorf("revoke not stored")
	}
	if _, err := s.StatusRequestByToken(ctx, "tok-2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown token err = %v", err)
	}
}

func message(key string) store.OutboxMessage {
	return store.OutboxMessage{Key: key, Kind: "uitvraag", Channel: "email", Recipient: "jan@regiogv.nl",
		Subject: "Voortgang 2026H2", BodyText: "Hoe staat het?", MessageID: "<" + key + "@voortgang>", Ref: "2026H2/jan"}
}

func testOutbox(t *testing.T, open Open) {
	ctx := context.Background()
	lease := 5 * time.Minute

	t.Run("same key twice is one message", func(t *testing.T) {
		s := open(t)
		created, err := s.Enqueue(ctx, message("m1"), t0)
		if err != nil || !created {
			t.Fatalf("first enqueue: %v %v", created, err)
		}
		m := message("m1")
		m.Subject = "anders"
		created, err = s.Enqueue(ctx, m, t0.Add(time.Hour))
		if err != nil || created {
			t.Fatalf("second enqueue: created=%v err=%v", created, err)
		}
		got, err := s.OutboxMessage(ctx, "m1")
		if err != nil || got.Subject != "Voortgang 2026H2" || got.Status != store.OutboxQueued || got.Attempts != 0 {
			t.Errorf("stored = %+v, %v", got, err)
		}
	})

	t.Run("claim, fail temporarily, retry, send", func(t *testing.T) {
		s := open(t)
		s.Enqueue(ctx, message("m1"), t0)
		later := message("m2")
		later.NextAttemptAt = t0.Add(time.Hour)
		s.Enqueue(ctx, later, t0)

		got, err := s.ClaimOutbox(ctx, "w1", t0, lease, 10)
		if err != nil || len(got) != 1 || got[0].Key != "m1" || got[0].Status != store.OutboxSending ||
			got[0].Attempts != 1 || got[0].LeaseOwner != "w1" {
			t.Fatalf("claim = %+v, %v; want only m1 leased to w1", got, err)
		}
		if again, _ := s.ClaimOutbox(ctx, "w2", t0.Add(time.Minute), lease, 10); len(again) != 0 {
			t.Errorf("leased message claimed again: %+v", again)
		}
		retry := t0.Add(30 * time.Minute)
		if counted, err := s.MarkAttemptFailed(ctx, "m1", "w1", t0.Add(time.Second), "421 probeer later", true, retry); err != nil || !counted {
			t.Fatalf("temporary failure: counted=%v err=%v", counted, err)
		}
		if early, _ := s.ClaimOutbox(ctx, "w1", retry.Add(-time.Second), lease, 10); len(early) != 0 {
			t.Errorf("claimed before its next attempt: %+v", early)
		}
		got, _ = s.ClaimOutbox(ctx, "w2", retry, lease, 10)
		if len(got) != 1 || got[0].Attempts != 2 || got[0].LastError != "421 probeer later" {
			t.Fatalf("retry claim = %+v", got)
		}
		if counted, err := s.MarkSent(ctx, "m1", "w2", retry.Add(time.Second)); err != nil || !counted {
			t.Fatalf("sent: counted=%v err=%v", counted, err)
		}
		m, _ := s.OutboxMessage(ctx, "m1")
		if m.Status != store.OutboxSent || m.SentAt.IsZero() || m.LeaseOwner != "" {
			t.Errorf("after send = %+v", m)
		}
		attempts, err := s.Attempts(ctx, "m1")
		if err != nil || len(attempts) != 2 {
			t.Fatalf("attempts = %+v, %v", attempts, err)
		}
		if a := attempts[0]; a.Attempt != 1 || a.Outcome != store.OutcomeTemporary || a.Owner != "w1" || a.Error != "421 probeer later" {
			t.Errorf("first attempt = %+v", a)
		}
		if a := attempts[1]; a.Attempt != 2 || a.Outcome != store.OutcomeSent || a.Owner != "w2" {
			t.Errorf("second attempt = %+v", a)
		}
		// A late failure report for a message that was sent changes nothing.
		if counted, err := s.MarkAttemptFailed(ctx, "m1", "w1", retry.Add(time.Minute), "te laat", false, time.Time{}); err != nil || counted {
			t.Fatalf("late report: counted=%v err=%v", counted, err)
		}
		if m, _ := s.OutboxMessage(ctx, "m1"); m.Status != store.OutboxSent {
			t.Errorf("sent message changed to %s", m.Status)
		}
	})

	t.Run("permanent failure stops the message", func(t *testing.T) {
		s := open(t)
		s.Enqueue(ctx, message("m1"), t0)
		s.ClaimOutbox(ctx, "w1", t0, lease, 1)
		if _, err := s.MarkAttemptFailed(ctx, "m1", "w1", t0, "550 onbekende ontvanger", false, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if m, _ := s.OutboxMessage(ctx, "m1"); m.Status != store.OutboxFailed {
			t.Errorf("status = %s, want failed", m.Status)
		}
		if again, _ := s.ClaimOutbox(ctx, "w1", t0.Add(24*time.Hour), lease, 1); len(again) != 0 {
			t.Errorf("failed message claimed again")
		}
		if _, err := s.MarkSent(ctx, "nope", "w1", t0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("MarkSent of missing message err = %v", err)
		}
	})

	t.Run("expired lease of a crashed worker is claimed again", func(t *testing.T) {
		s := open(t)
		s.Enqueue(ctx, message("m1"), t0)
		s.ClaimOutbox(ctx, "crashed", t0, lease, 1)
		got, _ := s.ClaimOutbox(ctx, "w2", t0.Add(lease), lease, 1)
		if len(got) != 1 || got[0].LeaseOwner != "w2" || got[0].Attempts != 2 || got[0].MessageID != "<m1@voortgang>" {
			t.Errorf("reclaim = %+v", got)
		}
	})

	t.Run("a stale owner reports after the row was reclaimed", func(t *testing.T) {
		s := open(t)
		s.Enqueue(ctx, message("m1"), t0)
		s.Enqueue(ctx, message("m2"), t0)
		if got, _ := s.ClaimOutbox(ctx, "slow", t0, lease, 2); len(got) != 2 {
			t.Fatalf("first claim = %+v", got)
		}
		// The slow worker's lease runs out; another takes both rows over.
		if got, _ := s.ClaimOutbox(ctx, "fresh", t0.Add(lease), lease, 2); len(got) != 2 {
			t.Fatalf("reclaim = %+v", got)
		}
		late := t0.Add(lease + time.Second)
		// Its temporary failure must not put m1 (being sent by "fresh") back in the queue …
		if counted, err := s.MarkAttemptFailed(ctx, "m1", "slow", late, "421 later", true, late.Add(time.Minute)); err != nil || counted {
			t.Errorf("stale temporary failure: counted=%v err=%v", counted, err)
		}
		// … nor its success count as the delivery of m2, nor its renewal keep the rows.
		if counted, err := s.MarkSent(ctx, "m2", "slow", late); err != nil || counted {
			t.Errorf("stale sent: counted=%v err=%v", counted, err)
		}
		if held, err := s.RenewOutboxLease(ctx, "slow", []string{"m1", "m2"}, late, lease); err != nil || len(held) != 0 {
			t.Errorf("stale renewal kept %v, %v", held, err)
		}
		for _, k := range []string{"m1", "m2"} {
			m, _ := s.OutboxMessage(ctx, k)
			if m.Status != store.OutboxSending || m.LeaseOwner != "fresh" {
				t.Errorf("%s after the stale reports = %s by %q, want sending by fresh", k, m.Status, m.LeaseOwner)
			}
			if as, _ := s.Attempts(ctx, k); len(as) != 0 {
				t.Errorf("%s: stale reports were logged as attempts: %+v", k, as)
			}
		}
		// The current owner renews and reports; its outcomes count.
		if held, err := s.RenewOutboxLease(ctx, "fresh", []string{"m1", "m2"}, late, lease); err != nil || len(held) != 2 {
			t.Errorf("renewal by the owner = %v, %v", held, err)
		}
		if m, _ := s.OutboxMessage(ctx, "m1"); !m.LeaseUntil.Equal(late.Add(lease).Truncate(time.Millisecond)) {
			t.Errorf("lease until %v after renewal, want %v", m.LeaseUntil, late.Add(lease))
		}
		if counted, err := s.MarkSent(ctx, "m1", "fresh", late); err != nil || !counted {
			t.Errorf("owner's sent: counted=%v err=%v", counted, err)
		}
		if counted, err := s.MarkSent(ctx, "m1", "fresh", late); err != nil || counted {
			t.Errorf("a second sent report counted: %v %v", counted, err)
		}
		if as, _ := s.Attempts(ctx, "m1"); len(as) != 1 || as[0].Owner != "fresh" || as[0].Attempt != 2 {
			t.Errorf("m1 attempts = %+v, want one by fresh (attempt 2)", as)
		}
	})

	t.Run("sending a request records it as sent, a failure does not", func(t *testing.T) {
		s := open(t)
		s.UpsertContact(ctx, store.Contact{Key: "jan", Name: "Jan"}, t0)
		s.EnsureStatusRequest(ctx, store.StatusRequest{Key: "2026H2/jan", ContactKey: "jan", Period: "2026H2", Token: "tok"}, t0)
		s.Enqueue(ctx, message("m1"), t0) // its Ref is the request
		s.ClaimOutbox(ctx, "w1", t0, lease, 1)
		s.MarkAttemptFailed(ctx, "m1", "w1", t0, "421 later", true, t0.Add(time.Minute))
		if r, _ := s.StatusRequest(ctx, "2026H2/jan"); !r.SentAt.IsZero() {
			t.Errorf("a failed attempt marked the request sent at %v", r.SentAt)
		}
		at := t0.Add(time.Minute)
		s.ClaimOutbox(ctx, "w1", at, lease, 1)
		if counted, err := s.MarkSent(ctx, "m1", "w1", at); err != nil || !counted {
			t.Fatalf("sent: %v %v", counted, err)
		}
		if r, _ := s.StatusRequest(ctx, "2026H2/jan"); !r.SentAt.Equal(at.Truncate(time.Millisecond)) {
			t.Errorf("request sent at %v, want %v", r.SentAt, at)
		}
	})

	t.Run("failed messages are listed, counted and requeued", func(t *testing.T) {
		s := open(t)
		for _, k := range []string{"m1", "m2", "m3"} {
			s.Enqueue(ctx, message(k), t0)
		}
		s.ClaimOutbox(ctx, "w1", t0, lease, 3)
		s.MarkAttemptFailed(ctx, "m1", "w1", t0, "550 weg", false, time.Time{})
		s.MarkAttemptFailed(ctx, "m2", "w1", t0, "550 weg", false, time.Time{})
		s.MarkSent(ctx, "m3", "w1", t0)
		if n, err := s.CountOutbox(ctx, store.OutboxFailed); err != nil || n != 2 {
			t.Errorf("failed count = %d, %v", n, err)
		}
		failed, err := s.OutboxByStatus(ctx, store.OutboxFailed, 0)
		if err != nil || len(failed) != 2 || failed[0].Key != "m1" || failed[1].Key != "m2" {
			t.Fatalf("failed = %+v, %v", failed, err)
		}
		if one, _ := s.OutboxByStatus(ctx, store.OutboxFailed, 1); len(one) != 1 {
			t.Errorf("limit 1 gave %d", len(one))
		}
		later := t0.Add(time.Hour)
		if ok, err := s.RequeueOutbox(ctx, "m1", later); err != nil || !ok {
			t.Errorf("requeue m1 = %v, %v", ok, err)
		}
		if ok, err := s.RequeueOutbox(ctx, "m3", later); err != nil || ok {
			t.Errorf("requeue of a sent message = %v, %v", ok, err)
		}
		if _, err := s.RequeueOutbox(ctx, "nope", later); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("requeue of a missing message err = %v", err)
		}
		got, _ := s.ClaimOutbox(ctx, "w2", later, lease, 10)
		if len(got) != 1 || got[0].Key != "m1" || got[0].Attempts != 2 {
			t.Errorf("claim after requeue = %+v", got)
		}
		if n, _ := s.CountOutbox(ctx, store.OutboxFailed); n != 1 {
			t.Errorf("failed count after requeue = %d", n)
		}
	})

	t.Run("concurrent claimers never share a message", func(t *testing.T) {
		s := open(t)
		const n = 40
		for i := range n {
			s.Enqueue(ctx, message(fmt.Sprintf("m%02d", i)), t0)
		}
		var mu sync.Mutex
		seen := map[string]string{}
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for w := range 4 {
			owner := fmt.Sprintf("w%d", w)
			wg.Go(func() {
				for {
					got, err := s.ClaimOutbox(ctx, owner, t0, lease, 3)
					if err != nil {
						errs <- err
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, m := range got {
						if prev, dup := seen[m.Key]; dup {
							errs <- fmt.Errorf("%s claimed by %s and %s", m.Key, prev, owner)
						}
						seen[m.Key] = owner
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if len(seen) != n {
			t.Errorf("claimed %d messages, want %d", len(seen), n)
		}
	})
}

func testResponses(t *testing.T, s store.Store) {
	ctx := context.Background()
	r := store.Response{RefKind: store.RefAction, Ref: "bo/15a", ContactKey: "jan", Period: "2026H2", Status: "op schema",
		Toelichting: "Loopt.", Indicators: map[string]string{"meldingen": "12"}, Source: store.SourceWeb}
	first, err := s.AddResponse(ctx, r, t0)
	if err != nil || first.Version != 1 || first.ID == 0 {
		t.Fatalf("first = %+v, %v", first, err)
	}
	r.Status, r.Toelichting, r.Source = "vertraagd", "Wacht op gemeenten.", store.SourceEmail
	second, err := s.AddResponse(ctx, r, t0.Add(time.Hour))
	if err != nil || second.Version != 2 {
		t.Fatalf("second = %+v, %v", second, err)
	}
	other := store.Response{RefKind: store.RefTask, Ref: "bo/2b/do/2026H2", ContactKey: "ali", Period: "2026H2", Status: "gereed", Source: store.SourceSlack}
	if _, err := s.AddResponse(ctx, other, t0); err != nil {
		t.Fatal(err)
	}
	old := r
	old.Period = "2026H1"
	if _, err := s.AddResponse(ctx, old, t0); err != nil {
		t.Fatal(err)
	}

	latest, err := s.LatestResponses(ctx, "2026H2", "jan")
	if err != nil || len(latest) != 1 {
		t.Fatalf("latest for jan = %+v, %v", latest, err)
	}
	if l := latest[0]; l.Version != 2 || l.Status != "vertraagd" || l.Indicators["meldingen"] != "12" || l.Source != store.SourceEmail {
		t.Errorf("latest = %+v", l)
	}
	all, err := s.LatestResponses(ctx, "2026H2", "")
	if err != nil || len(all) != 2 || all[0].RefKind != store.RefAction || all[1].ContactKey != "ali" {
		t.Errorf("latest for everyone = %+v, %v", all, err)
	}

	piet := store.Response{RefKind: store.RefAction, Ref: "bo/15a", ContactKey: "piet", Period: "2026H2", Status: "gereed", Source: store.SourceWeb}
	if _, err := s.AddResponse(ctx, piet, t0); err != nil {
		t.Fatal(err)
	}
	elsewhere := store.Response{RefKind: store.RefAction, Ref: "bo/3c", ContactKey: "jan", Period: "2026H2", Status: "gereed", Source: store.SourceWeb}
	if _, err := s.AddResponse(ctx, elsewhere, t0); err != nil {
		t.Fatal(err)
	}
	of, err := s.LatestResponsesOf(ctx, "2026H2", []string{"bo/9z", "bo/15a", "bo/2b/do/2026H2"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range of {
		got = append(got, fmt.Sprintf("%s %s v%d %s", r.Ref, r.ContactKey, r.Version, r.Status))
	}
	// Only action responses of the refs asked for, the newest version per contact; the task
	// response to bo/2b/do/2026H2 and jan's answer about bo/3c are not read.
	if want := []string{"bo/15a jan v2 vertraagd", "bo/15a piet v1 gereed"}; !slices.Equal(got, want) {
		t.Errorf("latest of refs = %q, want %q", got, want)
	}
	if none, err := s.LatestResponsesOf(ctx, "2026H1", []string{"bo/2b"}); err != nil || len(none) != 0 {
		t.Errorf("latest of an unanswered ref = %+v, %v", none, err)
	}
}

func testAudit(t *testing.T, s store.Store) {
	ctx := context.Background()
	e := store.AuditEntry{At: t0, Actor: "coordinator@regiogv.nl", Action: "status_override", Entity: "task",
		EntityKey: "bo/15a/plan/2026", Before: json.RawMessage(`{"status":null}`), After: json.RawMessage(`{"status":"gereed"}`)}
	if err := s.AddAudit(ctx, e); err != nil {
		t.Fatal(err)
	}
	e.Before, e.After, e.Action = nil, json.RawMessage(`{"reason":"x"}`), "note"
	if err := s.AddAudit(ctx, e); err != nil {
		t.Fatal(err)
	}
	got, err := s.Audit(ctx, "task", "bo/15a/plan/2026")
	if err != nil || len(got) != 2 {
		t.Fatalf("audit = %+v, %v", got, err)
	}
	var after map[string]string
	if err := json.Unmarshal(got[0].After, &after); err != nil || after["status"] != "gereed" || got[1].Before != nil ||
		!got[0].At.Equal(t0.Truncate(time.Millisecond)) {
		t.Errorf("audit rows = %+v (%s)", got, got[0].After)
	}
	if err := s.AddAudit(ctx, store.AuditEntry{At: t0}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("empty entry err = %v", err)
	}
}

func testLeases(t *testing.T, s store.Store) {
	ctx := context.Background()
	ttl := 30 * time.Second
	steps := []struct {
		name   string
		holder string
		at     time.Duration
		want   bool
	}{
		{"a neemt de vrije lease", "a", 0, true},
		{"b krijgt hem niet zolang a hem heeft", "b", 10 * time.Second, false},
		{"a verlengt", "a", 20 * time.Second, true},
		{"b nog steeds niet (verlengd tot 50s)", "b", 40 * time.Second, false},
		{"b neemt hem over na afloop", "b", 50 * time.Second, true},
		{"a is hem kwijt", "a", 55 * time.Second, false},
	}
	for _, st := range steps {
		got, err := s.TryAcquireLease(ctx, "leader", st.holder, t0.Add(st.at), ttl)
		if err != nil || got != st.want {
			t.Errorf("%s: got %v, %v; want %v", st.name, got, err, st.want)
		}
	}
	if err := s.ReleaseLease(ctx, "leader", "a"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.TryAcquireLease(ctx, "leader", "a", t0.Add(60*time.Second), ttl); ok {
		t.Errorf("release by a non-holder freed the lease")
	}
	if err := s.ReleaseLease(ctx, "leader", "b"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.TryAcquireLease(ctx, "leader", "a", t0.Add(61*time.Second), ttl); !ok {
		t.Errorf("released lease not free")
	}
	if h, until, err := s.LeaseHolder(ctx, "leader"); err != nil || h != "a" || !until.Equal(t0.Add(91*time.Second).Truncate(time.Millisecond)) {
		t.Errorf("LeaseHolder = %q until %v, %v", h, until, err)
	}
	if _, _, err := s.LeaseHolder(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("LeaseHolder of a free lease err = %v", err)
	}
	// A restarted process takes its dead predecessor's lease over before it expires, but only
	// from the holder it named.
	if ok, err := s.TakeOverLease(ctx, "leader", "b", "c", t0.Add(62*time.Second), ttl); err != nil || ok {
		t.Errorf("took over from a non-holder: %v %v", ok, err)
	}
	if ok, err := s.TakeOverLease(ctx, "leader", "a", "c", t0.Add(62*time.Second), ttl); err != nil || !ok {
		t.Errorf("take over from a = %v %v", ok, err)
	}
	if ok, _ := s.TryAcquireLease(ctx, "leader", "a", t0.Add(63*time.Second), ttl); ok {
		t.Errorf("a still holds the lease after the takeover")
	}
}

// DeliveryWarningSuite: a delay warning is found by the message's Message-ID (with or without
// angle brackets), the latest replaces the earlier, and it leaves the message itself alone.
func DeliveryWarningSuite(t *testing.T, s store.Store) {
	ctx := context.Background()
	m := message("uitvraag/2026H2/jan")
	if _, err := s.Enqueue(ctx, m, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Enqueue(ctx, message("herinnering/2026H2/piet/1"), t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WarnDelivery(ctx, "onbekend@voortgang", store.DeliveryWarning{At: t0}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown Message-ID: err = %v, want ErrNotFound", err)
	}
	key, err := s.WarnDelivery(ctx, "uitvraag/2026H2/jan@voortgang", store.DeliveryWarning{Recipient: "jan@regiogv.nl", Warning: "4.4.1", At: t0.Add(time.Hour)})
	if err != nil || key != m.Key {
		t.Fatalf("WarnDelivery = %q, %v", key, err)
	}
	if _, err := s.WarnDelivery(ctx, "<uitvraag/2026H2/jan@voortgang>", store.DeliveryWarning{Recipient: "jan@regiogv.nl", Warning: "4.4.7", At: t0.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	ws, err := s.DeliveryWarnings(ctx, "uitvraag/2026H2/")
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 1 || ws[0].OutboxKey != m.Key || ws[0].Warning != "4.4.7" || !ws[0].At.Equal(t0.Add(2*time.Hour).Truncate(time.Millisecond)) || ws[0].Recipient != "jan@regiogv.nl" {
		t.Fatalf("warnings = %+v", ws)
	}
	if ws, err := s.DeliveryWarnings(ctx, "herinnering/"); err != nil || len(ws) != 0 {
		t.Errorf("other prefix: %+v, %v", ws, err)
	}
	got, err := s.OutboxMessage(ctx, m.Key)
	if err != nil || got.Status != store.OutboxQueued || got.LastError != "" {
		t.Errorf("the warning changed the message: %+v, %v", got, err)
	}
}
