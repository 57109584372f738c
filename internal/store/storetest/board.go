package storetest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/store"
)

// BoardSuite checks store.BoardStore: users and throttling, sessions, paged task queries,
// coordinators' overrides, approvals, action contacts and the read-side listings. s must be
// an empty store that implements store.BoardStore.
func BoardSuite(t *testing.T, s store.Store) {
	b, ok := s.(store.BoardStore)
	if !ok {
		t.Fatalf("%T does not implement store.BoardStore", s)
	}
	t.Run("users", func(t *testing.T) { testUsers(t, b) })
	t.Run("login throttle", func(t *testing.T) { testThrottle(t, b) })
	t.Run("sessions", func(t *testing.T) { testSessions(t, b) })
	reconcile(t, s, "bo", plan(), b0)
	t.Run("search tasks", func(t *testing.T) { testSearchTasks(t, b) })
	t.Run("action summaries", func(t *testing.T) { testActionSummaries(t, b) })
	t.Run("task overrides", func(t *testing.T) { testOverrides(t, s, b) })
	t.Run("responses and approval", func(t *testing.T) { testApproval(t, s, b) })
	t.Run("action contacts", func(t *testing.T) { testActionContacts(t, b) })
	t.Run("requests and messages", func(t *testing.T) { testMessages(t, s, b) })
}

func testUsers(t *testing.T, b store.BoardStore) {
	ctx := context.Background()
	sanne := store.User{Key: "sanne-bakker", Name: "Sanne Bakker", Email: "Sanne.Bakker@regio.example.org",
		Role: store.RoleCoordinator, PasswordHash: "$argon2id$x"}
	if err := b.AddUser(ctx, sanne, b0); err != nil {
		t.Fatal(err)
	}
	if err := b.AddUser(ctx, store.User{Key: "lezer", Role: store.RoleViewer}, b0); err != nil {
		t.Fatal(err)
	}
	if err := b.AddUser(ctx, store.User{Key: "sanne-bakker", Role: store.RoleViewer}, b0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("same key again: %v, want ErrInvalid", err)
	}
	if err := b.AddUser(ctx, store.User{Key: "ander", Email: "sanne.bakker@regio.example.org", Role: store.RoleViewer}, b0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("same email in other case: %v, want ErrInvalid", err)
	}
	if err := b.AddUser(ctx, store.User{Key: "baas", Role: "admin"}, b0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("unknown role: %v, want ErrInvalid", err)
	}
	got, err := b.UserByEmail(ctx, "SANNE.bakker@regio.example.org")
	if err != nil || got.Key != "sanne-bakker" || got.PasswordHash != "$argon2id$x" || !got.CreatedAt.Equal(b0) || got.Disabled() {
		t.Fatalf("UserByEmail = %+v, %v", got, err)
	}
	if _, err := b.UserByEmail(ctx, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("empty email: %v", err)
	}
	if err := b.SetPassword(ctx, "sanne-bakker", "$argon2id$y"); err != nil {
		t.Fatal(err)
	}
	if err := b.SetPassword(ctx, "niemand", "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetPassword of unknown user: %v", err)
	}
	if err := b.DisableUser(ctx, "lezer", b0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	users, err := b.Users(ctx)
	if err != nil || len(users) != 2 || users[0].Key != "lezer" || !users[0].Disabled() || users[1].PasswordHash != "$argon2id$y" {
		t.Fatalf("Users = %+v, %v", users, err)
	}
}

func testThrottle(t *testing.T, b store.BoardStore) {
	ctx := context.Background()
	delay := func(_ string, n int) time.Duration {
		if n < 3 {
			return 0
		}
		return time.Duration(n) * time.Minute
	}
	scopes := []string{"user:sanne", "ip:192.0.2.1"}
	for i := range 3 {
		if ok, _, err := b.LoginAttempt(ctx, scopes, b0.Add(time.Duration(i)*time.Second), time.Hour, delay); err != nil || !ok {
			t.Fatalf("attempt %d = %v, %v", i+1, ok, err)
		}
	}
	got, err := b.LoginThrottle(ctx, "user:sanne")
	if err != nil || got.Failures != 3 || !got.LockedUntil.Equal(b0.Add(2*time.Second+3*time.Minute)) {
		t.Errorf("after 3 attempts: %+v, %v", got, err)
	}
	// A fourth attempt before the delay is refused and not counted; in any of its scopes.
	ok, retry, err := b.LoginAttempt(ctx, []string{"ip:192.0.2.1"}, b0.Add(time.Minute), time.Hour, delay)
	if err != nil || ok || !retry.Equal(got.LockedUntil) {
		t.Errorf("attempt while waiting = %v %v %v", ok, retry, err)
	}
	if got, _ := b.LoginThrottle(ctx, "ip:192.0.2.1"); got.Failures != 3 {
		t.Errorf("a refused attempt was counted: %+v", got)
	}
	if other, err := b.LoginThrottle(ctx, "ip:192.0.2.2"); err != nil || other.Failures != 0 || !other.LockedUntil.IsZero() {
		t.Errorf("another scope = %+v, %v", other, err)
	}
	// After the delay it may go ahead; a success clears one scope and refunds the other.
	at := got.LockedUntil
	if ok, _, err := b.LoginAttempt(ctx, scopes, at, time.Hour, delay); err != nil || !ok {
		t.Fatalf("attempt after the delay = %v, %v", ok, err)
	}
	if err := b.LoginSucceeded(ctx, scopes[:1], scopes[1:], delay); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.LoginThrottle(ctx, "user:sanne"); got.Failures != 0 {
		t.Errorf("after success the account scope = %+v", got)
	}
	if got, _ := b.LoginThrottle(ctx, "ip:192.0.2.1"); got.Failures != 3 || !got.LockedUntil.Equal(at.Add(3*time.Minute)) {
		t.Errorf("after success the refunded scope = %+v", got)
	}
	// Failures older than forget are forgotten.
	late := at.Add(2 * time.Hour)
	if ok, _, err := b.LoginAttempt(ctx, scopes[1:], late, time.Hour, delay); err != nil || !ok {
		t.Fatalf("attempt after forgetting = %v, %v", ok, err)
	}
	if got, _ := b.LoginThrottle(ctx, "ip:192.0.2.1"); got.Failures != 1 || !got.LockedUntil.IsZero() {
		t.Errorf("after forgetting = %+v", got)
	}
	if err := b.ClearLoginFailures(ctx, "ip:192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.LoginThrottle(ctx, "ip:192.0.2.1"); got.Failures != 0 {
		t.Errorf("after clearing: %+v", got)
	}

	// Parallel attempts never exceed the budget: with a delay from the fourth failure on,
	// exactly four of many simultaneous attempts go ahead.
	budget := func(_ string, n int) time.Duration {
		if n < 4 {
			return 0
		}
		return time.Minute
	}
	const parallel = 24
	var wg sync.WaitGroup
	var mu sync.Mutex
	passed := 0
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, _, err := b.LoginAttempt(ctx, []string{"user:parallel", "ip:198.51.100.7"}, b0, time.Hour, budget)
			if err != nil {
				t.Error(err)
				return
			}
			if ok {
				mu.Lock()
				passed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if passed != 4 {
		t.Errorf("%d of %d parallel attempts went ahead, want 4", passed, parallel)
	}
	if got, _ := b.LoginThrottle(ctx, "user:parallel"); got.Failures != 4 {
		t.Errorf("parallel failures counted = %d, want 4", got.Failures)
	}
}

func testSessions(t *testing.T, b store.BoardStore) {
	ctx := context.Background()
	se := store.Session{Token: "hash-1", UserKey: "sanne-bakker", CreatedAt: b0, LastSeen: b0, Expiry: b0.Add(8 * time.Hour)}
	if err := b.CreateSession(ctx, se); err != nil {
		t.Fatal(err)
	}
	if err := b.CreateSession(ctx, store.Session{Token: "hash-2", UserKey: "lezer", CreatedAt: b0, LastSeen: b0, Expiry: b0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	got, err := b.Session(ctx, "hash-1", b0.Add(time.Minute))
	if err != nil || got.UserKey != "sanne-bakker" || !got.CreatedAt.Equal(b0) || !got.Expiry.Equal(se.Expiry) {
		t.Fatalf("Session = %+v, %v", got, err)
	}
	if err := b.TouchSession(ctx, "hash-1", b0.Add(30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.Session(ctx, "hash-1", b0.Add(31*time.Minute)); !got.LastSeen.Equal(b0.Add(30 * time.Minute)) {
		t.Errorf("LastSeen after touch = %v", got.LastSeen)
	}
	if _, err := b.Session(ctx, "hash-1", se.Expiry); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired session: %v, want ErrNotFound", err)
	}
	n, err := b.DeleteExpiredSessions(ctx, b0.Add(2*time.Hour))
	if err != nil || n != 1 {
		t.Errorf("DeleteExpiredSessions = %d, %v; want 1", n, err)
	}
	if err := b.DeleteSession(ctx, "hash-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Session(ctx, "hash-1", b0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted session: %v", err)
	}
}

func keysOf(rows []store.TaskRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Key
	}
	return out
}

func testSearchTasks(t *testing.T, b store.BoardStore) {
	ctx := context.Background()
	today := day(2026, 7, 1)
	tests := []struct {
		name  string
		q     store.TaskQuery
		want  []string
		total int
	}{
		{"alles op datum", store.TaskQuery{}, []string{"bo/15a/plan/2026", "bo/contract/vt/2026-06", "bo/15a/check/2026", "bo/2b/do/2026H2"}, 4},
		{"eerste pagina van twee", store.TaskQuery{Limit: 2}, []string{"bo/15a/plan/2026", "bo/contract/vt/2026-06"}, 4},
		{"tweede pagina", store.TaskQuery{Limit: 2, Offset: 2}, []string{"bo/15a/check/2026", "bo/2b/do/2026H2"}, 4},
		{"programmalijn 3", store.TaskQuery{Line: 3}, []string{"bo/15a/plan/2026", "bo/15a/check/2026"}, 2},
		{"doel 15 actie a", store.TaskQuery{Goal: 15, Action: "a"}, []string{"bo/15a/plan/2026", "bo/15a/check/2026"}, 2},
		{"eigenaar gemeenten of GGD", store.TaskQuery{Owners: []string{"gemeenten", "GGD"}}, []string{"bo/15a/plan/2026", "bo/2b/do/2026H2"}, 2},
		{"fase check", store.TaskQuery{Phase: "check"}, []string{"bo/15a/check/2026"}, 1},
		{"contractgesprekken", store.TaskQuery{Kind: planner.ContractMeeting}, []string{"bo/contract/vt/2026-06"}, 1},
		{"te laat op 1 juli", store.TaskQuery{Status: store.TaskOverdue, Today: today}, []string{"bo/15a/plan/2026", "bo/contract/vt/2026-06"}, 2},
		{"open op 1 juli", store.TaskQuery{Status: store.TaskOpen, Today: today}, []string{"bo/15a/check/2026", "bo/2b/do/2026H2"}, 2},
		{"tweede helft 2026", store.TaskQuery{DueFrom: day(2026, 7, 1), DueTo: day(2026, 12, 31)}, []string{"bo/15a/check/2026", "bo/2b/do/2026H2"}, 2},
		{"titel aflopend", store.TaskQuery{Sort: "-title"}, []string{"bo/2b/do/2026H2", "bo/15a/plan/2026", "bo/15a/check/2026", "bo/contract/vt/2026-06"}, 4},
		{"doel oplopend", store.TaskQuery{Sort: "goal"}, []string{"bo/2b/do/2026H2", "bo/contract/vt/2026-06", "bo/15a/plan/2026", "bo/15a/check/2026"}, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page, err := b.SearchTasks(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := keysOf(page.Tasks); !slices.Equal(got, tc.want) || page.Total != tc.total {
				t.Errorf("got %v (total %d), want %v (total %d)", got, page.Total, tc.want, tc.total)
			}
		})
	}
}

func testActionSummaries(t *testing.T, b store.BoardStore) {
	sums, err := b.ActionSummaries(context.Background(), time.Time{}, day(2026, 7, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 3 {
		t.Fatalf("summaries = %+v", sums)
	}
	a := sums[2] // bo 15 a
	if a.Goal != 15 || a.Action != "a" || a.Tasks != 2 || a.Overdue != 1 || !a.NextDue.Equal(day(2026, 12, 31)) ||
		a.NextTitle != "Evaluatie" || a.NextPhase != "check" {
		t.Errorf("15a = %+v", a)
	}
	c := sums[1] // bo 7 c: the contract meeting passed
	if c.Goal != 7 || c.Overdue != 1 || !c.NextDue.IsZero() || c.NextTitle != "" {
		t.Errorf("7c = %+v", c)
	}
	recent, err := b.ActionSummaries(context.Background(), day(2026, 4, 1), day(2026, 7, 1))
	if err != nil || recent[2].Overdue != 0 || recent[1].Overdue != 1 {
		t.Errorf("overdue since 1 april: %+v, %v", recent, err)
	}
}

func testOverrides(t *testing.T, s store.Store, b store.BoardStore) {
	ctx := context.Background()
	now := b0.Add(48 * time.Hour)
	row, err := b.SetTaskStatus(ctx, "bo/15a/plan/2026", store.TaskDone, "plan is vastgesteld", "sanne-bakker", now)
	if err != nil || row.StatusOverride != store.TaskDone || row.StatusOverrideBy != "sanne-bakker" || !row.StatusOverrideAt.Equal(now) {
		t.Fatalf("SetTaskStatus = %+v, %v", row, err)
	}
	if _, err := b.SetTaskStatus(ctx, "bo/15a/plan/2026", "half af", "", "sanne-bakker", now); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("unknown status: %v", err)
	}
	if _, err := b.SetTaskStatus(ctx, "bo/bestaat-niet", store.TaskDone, "", "x", now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown task: %v", err)
	}
	row, err = b.SetTaskDue(ctx, "bo/2b/do/2026H2", day(2027, 3, 31), "subsidie later toegekend", "sanne-bakker", now)
	if err != nil || !row.DueOverride.Equal(day(2027, 3, 31)) || !row.EffectiveDue().Equal(day(2027, 3, 31)) ||
		row.DueOverrideReason != "subsidie later toegekend" || row.DueOverrideBy != "sanne-bakker" {
		t.Fatalf("SetTaskDue = %+v, %v", row, err)
	}
	hist, err := s.TaskHistory(ctx, "bo/2b/do/2026H2")
	if err != nil || len(hist) != 1 || hist[0].Change != "due_override" || hist[0].ChangedBy != "sanne-bakker" ||
		hist[0].Old["due"] != "2026-12-31" || hist[0].New["due"] != "2027-03-31" || hist[0].New["reason"] != "subsidie later toegekend" {
		t.Errorf("history = %+v, %v", hist, err)
	}
	done, err := b.SearchTasks(ctx, store.TaskQuery{Status: store.TaskDone})
	if err != nil || !slices.Equal(keysOf(done.Tasks), []string{"bo/15a/plan/2026"}) {
		t.Errorf("done tasks = %v, %v", keysOf(done.Tasks), err)
	}
	overdue, err := b.SearchTasks(ctx, store.TaskQuery{Status: store.TaskOverdue, Today: day(2027, 1, 15)})
	if err != nil || !slices.Equal(keysOf(overdue.Tasks), []string{"bo/contract/vt/2026-06", "bo/15a/check/2026"}) {
		t.Errorf("overdue after overrides = %v, %v", keysOf(overdue.Tasks), err)
	}
	dates, err := b.OverdueDates(ctx, "", day(2027, 1, 15))
	if err != nil || len(dates) != len(overdue.Tasks) {
		t.Errorf("OverdueDates = %+v, %v; want the %d tasks of SearchTasks", dates, err, len(overdue.Tasks))
	}
	for i, d := range dates {
		if w := overdue.Tasks[min(i, len(overdue.Tasks)-1)]; d.Key != w.Key || !d.CreatedAt.Equal(w.CreatedAt) || !d.Due.Equal(w.EffectiveDue()) {
			t.Errorf("OverdueDates[%d] = %+v, want %s created %v due %v", i, d, w.Key, w.CreatedAt, w.EffectiveDue())
		}
	}
	if none, err := b.OverdueDates(ctx, "elders", day(2027, 1, 15)); err != nil || len(none) != 0 {
		t.Errorf("OverdueDates of another programme = %+v, %v", none, err)
	}
	// Re-planning keeps the coordinator's values.
	reconcile(t, s, "bo", plan(), now.Add(time.Hour))
	if r := mustTask(t, s, "bo/2b/do/2026H2"); !r.DueOverride.Equal(day(2027, 3, 31)) {
		t.Errorf("due override lost on reconcile: %+v", r)
	}
	if row, err := b.SetTaskStatus(ctx, "bo/15a/plan/2026", "", "toch niet af", "sanne-bakker", now); err != nil || row.StatusOverride != "" {
		t.Errorf("clearing the status = %+v, %v", row, err)
	}
}

func testApproval(t *testing.T, s store.Store, b store.BoardStore) {
	ctx := context.Background()
	add := func(contact, period, text, source string) store.Response {
		r, err := s.AddResponse(ctx, store.Response{RefKind: store.RefAction, Ref: "bo/15a", ContactKey: contact, Period: period,
			Status: "op schema", Toelichting: text, Source: source, CreatedBy: contact}, b0)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	v1 := add("anna", "2026H2", "Eerste tekst", store.SourceWeb)
	add("anna", "2026H2", "Verbeterde tekst", store.SourceBoard)
	add("bert", "2026H2", "Van Bert", store.SourceEmail)
	add("anna", "2026H1", "Vorige periode", store.SourceSlack)
	all, err := b.Responses(ctx, store.RefAction, "bo/15a", "")
	if err != nil || len(all) != 4 || all[0].Period != "2026H1" || all[1].Toelichting != "Eerste tekst" || all[2].Version != 2 {
		t.Fatalf("Responses = %+v, %v", all, err)
	}
	h2, err := b.Responses(ctx, store.RefAction, "bo/15a", "2026H2")
	if err != nil || len(h2) != 3 {
		t.Fatalf("Responses 2026H2 = %d, %v", len(h2), err)
	}
	got, err := b.ApproveResponse(ctx, v1.ID, "sanne-bakker", b0.Add(time.Hour))
	if err != nil || !got.Approved || got.ApprovedBy != "sanne-bakker" || !got.ApprovedAt.Equal(b0.Add(time.Hour)) || got.Toelichting != "Eerste tekst" {
		t.Fatalf("ApproveResponse = %+v, %v", got, err)
	}
	again, err := b.ApproveResponse(ctx, v1.ID, "jeroen-visser", b0.Add(2*time.Hour))
	if err != nil || again.ApprovedBy != "sanne-bakker" || !again.ApprovedAt.Equal(b0.Add(time.Hour)) {
		t.Errorf("approving twice = %+v, %v", again, err)
	}
	if one, err := b.Response(ctx, v1.ID); err != nil || !one.Approved {
		t.Errorf("Response = %+v, %v", one, err)
	}
	if _, err := b.ApproveResponse(ctx, 999999, "x", b0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("approving a missing response: %v", err)
	}
}

func testActionContacts(t *testing.T, b store.BoardStore) {
	ctx := context.Background()
	set := func(period, ref, contact string) {
		if err := b.SetActionContact(ctx, store.ActionContact{Period: period, ActionRef: ref, ContactKey: contact, SetBy: "sanne-bakker", SetAt: b0}); err != nil {
			t.Fatal(err)
		}
	}
	set("2026H2", "bo/15a", "anna")
	set("2026H2", "bo/15a", "bert")
	set("2026H2", "bo/2b", "carla")
	set("2027H1", "bo/15a", "anna")
	got, err := b.ActionContacts(ctx, "2026H2")
	if err != nil || len(got) != 2 || got[0].ContactKey != "bert" || got[1].ActionRef != "bo/2b" || !got[0].SetAt.Equal(b0) {
		t.Fatalf("ActionContacts = %+v, %v", got, err)
	}
	set("2026H2", "bo/2b", "")
	if got, _ := b.ActionContacts(ctx, ""); len(got) != 2 {
		t.Errorf("after clearing one: %+v", got)
	}
}

func testMessages(t *testing.T, s store.Store, b store.BoardStore) {
	ctx := context.Background()
	if err := s.UpsertContact(ctx, store.Contact{Key: "anna", Name: "Anna", Email: "anna@example.org"}, b0); err != nil {
		t.Fatal(err)
	}
	sr, _, err := s.EnsureStatusRequest(ctx, store.StatusRequest{Key: "uitvraag/2026H2/anna", ContactKey: "anna", Period: "2026H2", Token: "tok-anna"}, b0)
	if err != nil {
		t.Fatal(err)
	}
	reqs, err := b.StatusRequests(ctx, "2026H2")
	if err != nil || len(reqs) != 1 || reqs[0].Key != sr.Key {
		t.Fatalf("StatusRequests = %+v, %v", reqs, err)
	}
	for i, key := range []string{"uitvraag/2026H2/anna", "herinnering/2026H2/anna/1", "herinnering/2026H2/anna/bord-1", "herinnering/2026H20/x/1"} {
		ref := sr.Key
		if i == 3 {
			ref = "other"
		}
		if _, err := s.Enqueue(ctx, store.OutboxMessage{Key: key, Kind: "herinnering", Channel: "email", Recipient: "anna@example.org",
			Subject: "Herinnering", BodyText: "geheim", MessageID: "<" + key + "@test>", Ref: ref}, b0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	rem, err := b.OutboxMessages(ctx, store.OutboxQuery{KeyPrefix: "herinnering/2026H2/"})
	if err != nil || len(rem) != 2 || rem[0].Key != "herinnering/2026H2/anna/1" || rem[0].BodyText != "" || rem[0].Status != store.OutboxQueued {
		t.Errorf("by prefix = %+v, %v", rem, err)
	}
	byRef, err := b.OutboxMessages(ctx, store.OutboxQuery{Refs: []string{sr.Key}})
	if err != nil || len(byRef) != 3 {
		t.Errorf("by ref = %d, %v", len(byRef), err)
	}
	if none, err := b.OutboxMessages(ctx, store.OutboxQuery{KeyPrefix: "herinnering/2026H2/", Refs: []string{"other"}}); err != nil || len(none) != 0 {
		t.Errorf("prefix and ref = %+v, %v", none, err)
	}
}

// b0 is the board suite's "now": whole milliseconds, so instants compare equal after a
// round trip through the store.
var b0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
