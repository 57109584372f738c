package proposal

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport/stack"
)

const prog = "bescherming-opvang-2026-2029"

var now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func setup(t *testing.T) (*Service, *stack.Editable) {
	t.Helper()
	e := stack.NewEditable(t, "../..", now, nil)
	return &Service{Store: e.Store, Clock: e.Clock, Programmes: e.Current, Reload: e.Reload}, e
}

// edit9g changes 9g's cells (Q1, Q2, Q3, Q4 2026) as a coordinator would on the board.
func edit9g(t *testing.T, s *Service, cells map[programme.Phase]string) []byte {
	t.Helper()
	p, ok := s.Programme(prog)
	if !ok {
		t.Fatalf("programma %s niet geladen", prog)
	}
	src, err := os.ReadFile(p.File)
	if err != nil {
		t.Fatal(err)
	}
	e := programme.ActionEdit{Ref: "9g", Cells: cells}
	for _, lf := range p.Leaves() {
		if lf.Ref == "9g" {
			e.Text, e.Wie, e.Owners, e.Notes = lf.Action.Text, lf.Action.Wie, lf.Action.Owners, lf.Action.Notes
		}
	}
	out, err := programme.EditAction(src, e)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestProposeApplyRestore(t *testing.T) {
	ctx := context.Background()
	s, e := setup(t)
	original, _ := os.ReadFile(e.File())
	src := edit9g(t, s, map[programme.Phase]string{programme.Do: "Q3 2026"})

	pv, err := s.Preview(ctx, prog, src)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Diff.Moved) != 1 || pv.Diff.Moved[0].To.Key != prog+"/9g/do/2026-07-01..2026-09-30" || len(pv.Diff.Added)+len(pv.Diff.Obsolete) != 0 {
		t.Fatalf("diff = %+v", pv.Diff)
	}
	pr, err := s.Propose(ctx, prog, src, "9g: Do", "Start later", "coordinator@regiogv.nl")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(e.File()); !bytes.Equal(b, original) {
		t.Fatal("a proposal changed the file before it was confirmed")
	}
	if _, err := e.Store.Task(ctx, prog+"/9g/do/2026-07-01..2026-09-30"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the proposed task exists before it was confirmed: %v", err)
	}

	v, err := s.Apply(ctx, pr.ID, "coordinator@regiogv.nl")
	if err != nil {
		t.Fatal(err)
	}
	if v.Version != 2 {
		t.Errorf("applied version %d, want 2 (1 is the file as found)", v.Version)
	}
	if b, _ := os.ReadFile(e.File()); !bytes.Equal(b, src) {
		t.Error("the file was not written")
	}
	newTask, err := e.Store.Task(ctx, prog+"/9g/do/2026-07-01..2026-09-30")
	if err != nil || newTask.Obsolete() {
		t.Errorf("new task: %+v, %v", newTask, err)
	}
	if oldTask, err := e.Store.Task(ctx, prog+"/9g/do/2026-04-01..2026-06-30"); err != nil || !oldTask.Obsolete() {
		t.Errorf("old task: %+v, %v", oldTask, err)
	}
	if _, err := s.Apply(ctx, pr.ID, "ander@regiogv.nl"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("second confirmation: %v", err)
	}

	vs, err := e.Store.Versions(ctx, prog)
	if err != nil || len(vs) != 2 || vs[1].CreatedBy != FileAuthor || vs[0].Reason != "Start later" || vs[0].Proposal != pr.ID ||
		!strings.Contains(string(vs[0].Diff), "9g/do/2026-07-01..2026-09-30") {
		t.Fatalf("versions = %+v, %v", vs, err)
	}

	// Restoring version 1 brings the old plan back: the file as it was, the old task planned
	// again and the moved one obsolete.
	r, err := s.Restore(ctx, prog, 1, "", "coordinator@regiogv.nl")
	if err != nil {
		t.Fatal(err)
	}
	if r.Version != 3 || r.RestoredFrom != 1 {
		t.Errorf("restore = %+v", r)
	}
	if b, _ := os.ReadFile(e.File()); !bytes.Equal(b, original) {
		t.Error("restore did not bring the old file back")
	}
	if oldTask, err := e.Store.Task(ctx, prog+"/9g/do/2026-04-01..2026-06-30"); err != nil || oldTask.Obsolete() {
		t.Errorf("old task after restore: %+v, %v", oldTask, err)
	}
	if newTask, err := e.Store.Task(ctx, prog+"/9g/do/2026-07-01..2026-09-30"); err != nil || !newTask.Obsolete() {
		t.Errorf("moved task after restore: %+v, %v", newTask, err)
	}
	audit, err := e.Store.Audit(ctx, AuditEntity, prog)
	if err != nil || len(audit) != 3 || audit[0].Action != "voorstel" || audit[1].Action != "toegepast" || audit[2].Action != "hersteld" {
		t.Errorf("audit = %+v, %v", audit, err)
	}
}

func TestProposalObsoletingAnsweredTasks(t *testing.T) {
	ctx := context.Background()
	s, e := setup(t)
	// Somebody answered for 9g in the second half of 2026, when its Check and Act run.
	if _, err := e.Store.AddResponse(ctx, store.Response{RefKind: store.RefAction, Ref: prog + "/9g", ContactKey: "regio-bo",
		Period: "2026H2", Status: "op schema", Toelichting: "Verkenning loopt.", Source: store.SourceWeb}, now); err != nil {
		t.Fatal(err)
	}
	src := edit9g(t, s, map[programme.Phase]string{programme.Act: "Gereed", programme.Plan: "Gereed"})
	pv, err := s.Preview(ctx, prog, src)
	if err != nil {
		t.Fatal(err)
	}
	var answered, plain []string
	for _, t := range pv.Diff.ObsoleteAnswered {
		answered = append(answered, t.Key)
	}
	for _, t := range pv.Diff.Obsolete {
		plain = append(plain, t.Key)
	}
	if strings.Join(answered, " ") != prog+"/9g/act/2026-10-01..2026-12-31" {
		t.Errorf("obsolete with answers = %v", answered)
	}
	if strings.Join(plain, " ") != prog+"/9g/plan/2026-01-01..2026-03-31" {
		t.Errorf("obsolete without answers = %v", plain)
	}
	pr, err := s.Propose(ctx, prog, src, "9g", "Klaar", "coordinator@regiogv.nl")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, pr.ID, "coordinator@regiogv.nl"); err != nil {
		t.Fatal(err)
	}
	// The answered task stays, obsolete, with its answer.
	task, err := e.Store.Task(ctx, prog+"/9g/act/2026-10-01..2026-12-31")
	if err != nil || !task.Obsolete() {
		t.Errorf("answered task after apply: %+v, %v", task, err)
	}
	if refs, err := e.Store.AnswerRefs(ctx, prog); err != nil || len(refs) != 1 {
		t.Errorf("answers after apply: %+v, %v", refs, err)
	}
}

func TestApplyRefusesStaleAndBroken(t *testing.T) {
	ctx := context.Background()
	s, e := setup(t)
	src := edit9g(t, s, map[programme.Phase]string{programme.Do: "Q3 2026"})
	pr, err := s.Propose(ctx, prog, src, "9g", "", "coordinator@regiogv.nl")
	if err != nil {
		t.Fatal(err)
	}
	// Meanwhile someone edits the file in git.
	other := edit9g(t, s, map[programme.Phase]string{programme.Check: "Q4 2026"})
	if err := os.WriteFile(e.File(), other, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, pr.ID, "coordinator@regiogv.nl"); !errors.Is(err, ErrStale) {
		t.Errorf("apply after the file changed: %v", err)
	}
	if b, _ := os.ReadFile(e.File()); !bytes.Equal(b, other) {
		t.Error("a stale proposal overwrote the file")
	}
	vs, _ := e.Store.Versions(ctx, prog)
	if len(vs) != 2 || vs[0].CreatedBy != FileAuthor {
		t.Errorf("the outside edit is not a version of its own: %+v", vs)
	}

	broken := edit9g(t, s, map[programme.Phase]string{programme.Do: "Q7 2026"})
	_, err = s.Propose(ctx, prog, broken, "9g", "", "coordinator@regiogv.nl")
	var es programme.Errors
	if !errors.As(err, &es) || !strings.Contains(err.Error(), `kolom Do: "Q7 2026": kwartaal moet Q1..Q4 zijn`) {
		t.Errorf("broken proposal: %v", err)
	}
}

// Two proposals made against the same file, confirmed at the same moment: one applies, the
// other is refused; the file holds the one that was recorded.
func TestConcurrentConfirmations(t *testing.T) {
	ctx := context.Background()
	s, e := setup(t)
	a := edit9g(t, s, map[programme.Phase]string{programme.Do: "Q3 2026"})
	b := edit9g(t, s, map[programme.Phase]string{programme.Check: "Q4 2026"})
	pa, err := s.Propose(ctx, prog, a, "9g", "a", "een@regiogv.nl")
	if err != nil {
		t.Fatal(err)
	}
	pb, err := s.Propose(ctx, prog, b, "9g", "b", "twee@regiogv.nl")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, id := range []int64{pa.ID, pb.ID} {
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = s.Apply(ctx, id, "c") }()
	}
	wg.Wait()
	applied := -1
	for i, err := range errs {
		if err == nil {
			if applied >= 0 {
				t.Fatal("both proposals were applied")
			}
			applied = i
		} else if !errors.Is(err, store.ErrInvalid) && !errors.Is(err, ErrStale) {
			t.Errorf("refusal %d: %v", i, err)
		}
	}
	if applied < 0 {
		t.Fatalf("neither applied: %v", errs)
	}
	got, _ := os.ReadFile(e.File())
	if want := [][]byte{a, b}[applied]; !bytes.Equal(got, want) {
		t.Error("the file does not hold the applied proposal")
	}
	vs, _ := e.Store.Versions(ctx, prog)
	if len(vs) != 2 {
		t.Errorf("%d versions, want 2 (the file as found, the one applied)", len(vs))
	}
}
