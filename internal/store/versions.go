package store

import (
	"context"
	"encoding/json"
	"time"
)

// Proposal states.
const (
	ProposalOpen      = "open"
	ProposalApplied   = "applied"
	ProposalDiscarded = "discarded"
)

// Proposal is a change to a programme that does not count yet: the full workflow file it
// would become, the file it was made against (by hash), and who asked for it and why. It
// takes effect when a coordinator confirms it, and becomes a ProgrammeVersion then.
type Proposal struct {
	ID        int64
	Programme string
	// BaseHash is the SHA-256 (hex) of the workflow file the proposal was made against; the
	// proposal can only be applied while the file still has it.
	BaseHash  string
	Source    []byte // the proposed workflow file
	Summary   string // what was changed, for lists ("9g: Do, Act")
	Reason    string
	CreatedBy string
	CreatedAt time.Time
	State     string // ProposalOpen, ProposalApplied, ProposalDiscarded
	DecidedBy string
	DecidedAt time.Time
	Version   int // the version it became when applied
}

// ProgrammeVersion is one applied state of a programme's workflow file: who, when, why and
// what it did to the plan. Versions are numbered 1, 2, … per programme and never change.
type ProgrammeVersion struct {
	ID        int64
	Programme string
	Version   int
	Source    []byte
	Hash      string // SHA-256 (hex) of Source
	Reason    string
	CreatedBy string
	CreatedAt time.Time
	// Diff is the plan diff the version caused (planner.Diff as JSON); empty for the first.
	Diff json.RawMessage
	// Proposal is the proposal it was applied from, 0 for a baseline or a restore.
	Proposal int64
	// RestoredFrom is the version a restore brought back, 0 otherwise.
	RestoredFrom int

	// Parent, when CheckParent is set, is the Hash of the version this one replaces ("" for
	// the first version): AddVersion refuses with ErrInvalid when the latest version is another
	// one, so two changes made against the same file cannot both be recorded. Not stored.
	Parent      string
	CheckParent bool
}

// VersionStore persists proposals and the versions of programmes.
type VersionStore interface {
	// AddProposal stores p as open and returns it with ID, State and CreatedAt filled in.
	AddProposal(ctx context.Context, p Proposal, now time.Time) (Proposal, error)
	Proposal(ctx context.Context, id int64) (Proposal, error)
	// OpenProposals lists a programme's open proposals, newest first.
	OpenProposals(ctx context.Context, programme string) ([]Proposal, error)
	// DiscardProposal closes an open proposal without applying it; ErrInvalid when it is not
	// open.
	DiscardProposal(ctx context.Context, id int64, by string, now time.Time) error
	// AddVersion stores v as the programme's next version (Version, Hash and CreatedAt are
	// filled in). When proposal is not 0, that proposal is marked applied in the same
	// transaction; when it is no longer open (somebody else applied or discarded it), or the
	// latest version is not v.Parent (with v.CheckParent), nothing is stored and the error is
	// ErrInvalid.
	AddVersion(ctx context.Context, v ProgrammeVersion, proposal int64, now time.Time) (ProgrammeVersion, error)
	// Versions lists a programme's versions, newest first, without their Source.
	Versions(ctx context.Context, programme string) ([]ProgrammeVersion, error)
	// ProgrammeVersion returns one version with its Source; ErrNotFound when missing.
	ProgrammeVersion(ctx context.Context, programme string, version int) (ProgrammeVersion, error)
	// AnswerRefs lists what has been answered in a programme: per reference (a task key, or
	// an action reference "programme/15a") and period, how many answers (all versions) there
	// are. Ordered by ref kind, ref, period.
	AnswerRefs(ctx context.Context, programme string) ([]AnswerRef, error)
}

// AnswerRef is what was answered about one task or action in one period.
type AnswerRef struct {
	RefKind string // RefTask or RefAction
	Ref     string
	Period  string
	Answers int
}
