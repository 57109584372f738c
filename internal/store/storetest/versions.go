package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

// VersionSuite checks proposals and programme versions: numbering per programme, a proposal
// applied at most once (also by two coordinators at the same moment), discarding, the
// sources kept byte for byte, and the answered references of a programme.
func VersionSuite(t *testing.T, s store.Store) {
	ctx := context.Background()
	v1, err := s.AddVersion(ctx, store.ProgrammeVersion{Programme: "bo", Source: []byte("programme: {key: bo}\n# één\n"),
		Reason: "uit het bestand", CreatedBy: "bestand"}, 0, t0)
	if err != nil {
		t.Fatal(err)
	}
	if v1.Version != 1 || v1.ID == 0 || len(v1.Hash) != 64 || !v1.CreatedAt.Equal(t0.Truncate(time.Millisecond)) {
		t.Errorf("first version = %+v", v1)
	}
	if _, err := s.AddVersion(ctx, store.ProgrammeVersion{Programme: "ander", Source: []byte("x"), CreatedBy: "bestand"}, 0, t0); err != nil {
		t.Fatal(err)
	}

	p, err := s.AddProposal(ctx, store.Proposal{Programme: "bo", BaseHash: v1.Hash, Source: []byte("programme: {key: bo}\n# twee\n"),
		Summary: "9g: Do", Reason: "Q3 in plaats van Q2", CreatedBy: "coordinator@regiogv.nl"}, t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == 0 || p.State != store.ProposalOpen {
		t.Fatalf("proposal = %+v", p)
	}
	open, err := s.OpenProposals(ctx, "bo")
	if err != nil || len(open) != 1 || open[0].ID != p.ID || string(open[0].Source) != "programme: {key: bo}\n# twee\n" {
		t.Fatalf("open proposals = %+v, %v", open, err)
	}

	// Two coordinators confirm at the same moment: one version, one refusal.
	diff := json.RawMessage(`{"added":[],"moved":[{"from":{"key":"a"},"to":{"key":"b"}}]}`)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.AddVersion(ctx, store.ProgrammeVersion{Programme: "bo", Source: p.Source, Reason: p.Reason,
				CreatedBy: "coordinator@regiogv.nl", Diff: diff}, p.ID, t0.Add(2*time.Minute))
		}()
	}
	wg.Wait()
	ok, refused := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, store.ErrInvalid):
			refused++
		default:
			t.Errorf("AddVersion: %v", err)
		}
	}
	if ok != 1 || refused != 1 {
		t.Errorf("concurrent apply: %d applied, %d refused", ok, refused)
	}
	got, err := s.Proposal(ctx, p.ID)
	if err != nil || got.State != store.ProposalApplied || got.Version != 2 || got.DecidedBy != "coordinator@regiogv.nl" || got.DecidedAt.IsZero() {
		t.Errorf("applied proposal = %+v, %v", got, err)
	}
	if open, _ := s.OpenProposals(ctx, "bo"); len(open) != 0 {
		t.Errorf("open after apply: %+v", open)
	}

	// A restore is a new version that names the version it brought back.
	v3, err := s.AddVersion(ctx, store.ProgrammeVersion{Programme: "bo", Source: v1.Source, Reason: "terug", CreatedBy: "coordinator@regiogv.nl",
		RestoredFrom: 1}, 0, t0.Add(3*time.Minute))
	if err != nil || v3.Version != 3 || v3.Hash != v1.Hash {
		t.Fatalf("restore version = %+v, %v", v3, err)
	}
	list, err := s.Versions(ctx, "bo")
	if err != nil || len(list) != 3 {
		t.Fatalf("versions = %+v, %v", list, err)
	}
	if list[0].Version != 3 || list[0].RestoredFrom != 1 || list[1].Proposal != p.ID || list[2].Version != 1 || list[0].Source != nil {
		t.Errorf("versions = %+v", list)
	}
	var d map[string]any
	if err := json.Unmarshal(list[1].Diff, &d); err != nil || d["moved"] == nil {
		t.Errorf("diff of version 2 = %s, %v", list[1].Diff, err)
	}
	v2, err := s.ProgrammeVersion(ctx, "bo", 2)
	if err != nil || string(v2.Source) != "programme: {key: bo}\n# twee\n" || v2.Reason != "Q3 in plaats van Q2" {
		t.Errorf("version 2 = %+v, %v", v2, err)
	}
	if _, err := s.ProgrammeVersion(ctx, "bo", 9); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing version: %v", err)
	}

	// Two changes made against the same version: the second is refused.
	a, err := s.AddVersion(ctx, store.ProgrammeVersion{Programme: "bo", Source: []byte("a"), CreatedBy: "c", Parent: v3.Hash, CheckParent: true}, 0, t0)
	if err != nil || a.Version != 4 {
		t.Fatalf("change against the latest version: %+v, %v", a, err)
	}
	if _, err := s.AddVersion(ctx, store.ProgrammeVersion{Programme: "bo", Source: []byte("b"), CreatedBy: "c", Parent: v3.Hash, CheckParent: true}, 0, t0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("change against an older version: %v", err)
	}
	if _, err := s.AddVersion(ctx, store.ProgrammeVersion{Programme: "nieuw", Source: []byte("n"), CreatedBy: "c", CheckParent: true}, 0, t0); err != nil {
		t.Errorf("first version of a new programme: %v", err)
	}
	if _, err := s.AddVersion(ctx, store.ProgrammeVersion{Programme: "nieuw", Source: []byte("n2"), CreatedBy: "c", CheckParent: true}, 0, t0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("a second \"first\" version: %v", err)
	}
	v3 = a

	// Discarding: once; an applied proposal cannot be discarded.
	q, err := s.AddProposal(ctx, store.Proposal{Programme: "bo", BaseHash: v3.Hash, Source: []byte("x"), CreatedBy: "c"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DiscardProposal(ctx, q.ID, "c", t0); err != nil {
		t.Fatal(err)
	}
	if err := s.DiscardProposal(ctx, q.ID, "c", t0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("second discard: %v", err)
	}
	if err := s.DiscardProposal(ctx, p.ID, "c", t0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("discarding an applied proposal: %v", err)
	}
	if _, err := s.AddVersion(ctx, store.ProgrammeVersion{Programme: "bo", Source: []byte("y"), CreatedBy: "c"}, q.ID, t0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("applying a discarded proposal: %v", err)
	}
	if _, err := s.Proposal(ctx, 424242); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing proposal: %v", err)
	}
	if _, err := s.AddProposal(ctx, store.Proposal{Programme: "bo"}, t0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("empty proposal: %v", err)
	}

	// Answered references: by programme prefix, answers of every version counted.
	for _, r := range []store.Response{
		{RefKind: store.RefAction, Ref: "bo/15a", ContactKey: "jan", Period: "2026H2", Status: "op schema", Source: store.SourceWeb},
		{RefKind: store.RefAction, Ref: "bo/15a", ContactKey: "jan", Period: "2026H2", Status: "gereed", Source: store.SourceWeb},
		{RefKind: store.RefTask, Ref: "bo/2b/do/2026H2", ContactKey: "ali", Period: "2026H2", Status: "gereed", Source: store.SourceWeb},
		{RefKind: store.RefAction, Ref: "boot/1a", ContactKey: "jan", Period: "2026H2", Status: "gereed", Source: store.SourceWeb},
	} {
		if _, err := s.AddResponse(ctx, r, t0); err != nil {
			t.Fatal(err)
		}
	}
	refs, err := s.AnswerRefs(ctx, "bo")
	want := []store.AnswerRef{{RefKind: store.RefAction, Ref: "bo/15a", Period: "2026H2", Answers: 2},
		{RefKind: store.RefTask, Ref: "bo/2b/do/2026H2", Period: "2026H2", Answers: 1}}
	if err != nil || len(refs) != 2 || refs[0] != want[0] || refs[1] != want[1] {
		t.Errorf("answer refs = %+v, %v; want %+v", refs, err, want)
	}
}
