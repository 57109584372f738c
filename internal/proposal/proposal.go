// Package proposal is how a programme changes while it runs: a change (made on the board, or
// a whole new workflow file) is first a proposal with the plan diff it would cause, and
// takes effect only when a coordinator confirms it. Confirming writes the new workflow file
// back into the workflows directory (the file stays the one source of the plan, so file and
// database never disagree) and records it as the programme's next version, with who, when,
// why and the diff, in the store and the audit log. Any version can be restored the same way.
//
// A workflow file that changed outside the board (an edit in git, a deploy) is recorded as a
// version of its own, by "bestand", before the next change is proposed or applied, so the
// history has no holes; a proposal made against a file that has changed since can no longer
// be applied.
package proposal

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/timing"
)

// FileAuthor is the author of versions that were found in the workflow file rather than made
// on the board.
const FileAuthor = "bestand"

// AuditEntity is the audit log's entity for programme changes (key: the programme key).
const AuditEntity = "programma"

// ErrStale: the workflow file changed after the proposal was made.
var ErrStale = errors.New("het workflowbestand is gewijzigd nadat dit voorstel is gemaakt; maak het voorstel opnieuw")

// Service proposes, applies and restores programme changes.
type Service struct {
	Store store.Store
	Clock clock.Clock
	// Programmes are the programmes in force (app.App.Programmes).
	Programmes func() []*programme.Programme
	// Reload makes the running daemon read the workflow files again and reconcile the plan
	// (app.App.Reconcile); it is called after a file was written.
	Reload func(ctx context.Context) error
	// Workflows is the configured workflows directory: a new programme's file goes there.
	// Empty (or a single file) means no new programmes from the board.
	Workflows string
}

// ErrNoDirectory: new programmes need a workflows directory, not a single file.
var ErrNoDirectory = errors.New("een nieuw programma kan alleen worden aangemaakt als de workflows in een map staan (VOORTGANG_WORKFLOWS wijst naar één bestand)")

// newFile is where the workflow file of a new programme goes.
func (s *Service) newFile(key string) (string, error) {
	info, err := os.Stat(s.Workflows)
	if s.Workflows == "" || err != nil || !info.IsDir() {
		return "", ErrNoDirectory
	}
	return filepath.Join(s.Workflows, key+".yaml"), nil
}

// ProposeNew stores src as the proposal of a programme that is not in force yet; applying it
// writes KEY.yaml into the workflows directory.
func (s *Service) ProposeNew(ctx context.Context, src []byte, reason, by string) (store.Proposal, error) {
	p, err := programme.Parse("nieuw.yaml", src)
	if err != nil {
		return store.Proposal{}, err
	}
	if _, ok := s.Programme(p.Key); ok {
		return store.Proposal{}, store.Errorf(store.ErrInvalid, "programma %q bestaat al; lees de werkmap daar in als voorstel", p.Key)
	}
	path, err := s.newFile(p.Key)
	if err != nil {
		return store.Proposal{}, err
	}
	if _, err := os.Stat(path); err == nil {
		return store.Proposal{}, store.Errorf(store.ErrExists, "%s bestaat al", path)
	}
	pr, err := s.Store.AddProposal(ctx, store.Proposal{Programme: p.Key, Source: src, Summary: NewSummary, Reason: reason, CreatedBy: by}, s.Clock.Now())
	if err != nil {
		return pr, err
	}
	return pr, s.audit(ctx, by, "voorstel", p.Key, map[string]any{"proposal": pr.ID, "summary": NewSummary, "reason": reason})
}

// NewSummary is the summary of a proposal for a new programme (its BaseHash is empty).
const NewSummary = "nieuw programma"

// Preview is what a proposal would do.
type Preview struct {
	Old, New *programme.Programme
	Diff     planner.Diff
}

// Programme returns the programme in force with key.
func (s *Service) Programme(key string) (*programme.Programme, bool) {
	for _, p := range s.Programmes() {
		if p.Key == key {
			return p, true
		}
	}
	return nil, false
}

// Hash is the SHA-256 (hex) of a workflow file, as proposals and versions keep it.
func Hash(b []byte) string { return hashOf(b) }

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Read reads the programme's workflow file as it is now, recording nothing (for pages that
// only show).
func (s *Service) Read(key string) (*programme.Programme, []byte, error) {
	p, ok := s.Programme(key)
	if !ok {
		return nil, nil, store.Errorf(store.ErrNotFound, "programma %q niet gevonden", key)
	}
	src, err := os.ReadFile(p.File)
	if err != nil {
		return nil, nil, fmt.Errorf("proposal: %w", err)
	}
	return p, src, nil
}

// Current reads the programme's workflow file as it is now, and records it as a version when
// the store does not have it as the latest one yet.
func (s *Service) Current(ctx context.Context, key string) (*programme.Programme, []byte, error) {
	p, src, err := s.Read(key)
	if err != nil {
		return nil, nil, err
	}
	vs, err := s.Store.Versions(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	if len(vs) == 0 || vs[0].Hash != hashOf(src) {
		reason := "Eerste versie, uit het workflowbestand"
		if len(vs) > 0 {
			reason = "Het workflowbestand is buiten het bord gewijzigd"
		}
		if _, err := s.Store.AddVersion(ctx, store.ProgrammeVersion{Programme: key, Source: src, Reason: reason,
			CreatedBy: FileAuthor}, 0, s.Clock.Now()); err != nil {
			return nil, nil, err
		}
	}
	return p, src, nil
}

// Check parses a proposed workflow file for programme key: the errors a person must mend, or
// the programme.
func Check(key string, name string, src []byte) (*programme.Programme, error) {
	p, err := programme.Parse(name, src)
	if err != nil {
		return nil, err
	}
	if p.Key != key {
		return nil, &programme.Error{File: name, Column: "programme.key",
			Msg: fmt.Sprintf("de sleutel van het programma is %q; een voorstel voor %q kan die niet veranderen", p.Key, key)}
	}
	return p, nil
}

// Propose stores src as a proposal for programme key, after checking that it parses. The
// returned error is programme.Errors when it does not.
func (s *Service) Propose(ctx context.Context, key string, src []byte, summary, reason, by string) (store.Proposal, error) {
	cur, curSrc, err := s.Current(ctx, key)
	if err != nil {
		return store.Proposal{}, err
	}
	if _, err := Check(key, filepath.Base(cur.File), src); err != nil {
		return store.Proposal{}, err
	}
	pr, err := s.Store.AddProposal(ctx, store.Proposal{Programme: key, BaseHash: hashOf(curSrc), Source: src,
		Summary: summary, Reason: reason, CreatedBy: by}, s.Clock.Now())
	if err != nil {
		return pr, err
	}
	return pr, s.audit(ctx, by, "voorstel", key, map[string]any{"proposal": pr.ID, "summary": summary, "reason": reason})
}

// Preview plans the programme in force and the proposed file and compares them, marking the
// tasks that have answers.
func (s *Service) Preview(ctx context.Context, key string, src []byte) (Preview, error) {
	cur, ok := s.Programme(key)
	if !ok {
		// a new programme: everything it plans is added
		next, err := Check(key, key+".yaml", src)
		if err != nil {
			return Preview{}, err
		}
		d, err := s.diff(ctx, nil, next)
		return Preview{New: next, Diff: d}, err
	}
	next, err := Check(key, filepath.Base(cur.File), src)
	if err != nil {
		return Preview{}, err
	}
	d, err := s.diff(ctx, cur, next)
	return Preview{Old: cur, New: next, Diff: d}, err
}

func (s *Service) diff(ctx context.Context, old, next *programme.Programme) (planner.Diff, error) {
	newTasks, err := planner.Plan(next, window(next))
	if err != nil {
		return planner.Diff{}, err
	}
	if old == nil || len(old.Lines) == 0 {
		return planner.Compare(nil, newTasks, nil), nil
	}
	oldTasks, err := planner.Plan(old, window(old))
	if err != nil {
		return planner.Diff{}, err
	}
	answered, err := s.answered(ctx, old.Key, oldTasks)
	if err != nil {
		return planner.Diff{}, err
	}
	return planner.Compare(oldTasks, newTasks, answered), nil
}

func window(p *programme.Programme) timing.Window {
	return timing.Window{From: p.Period.From.Time, To: p.Period.To.Time}
}

// answered says which tasks have answers: an answer to the task itself, or an answer about
// its action for a period during which the task runs.
func (s *Service) answered(ctx context.Context, key string, tasks []planner.Task) (func(string) bool, error) {
	refs, err := s.Store.AnswerRefs(ctx, key)
	if err != nil {
		return nil, err
	}
	byKey := map[string]bool{}
	periods := map[string][]config.Period{}
	for _, r := range refs {
		if r.RefKind == store.RefTask {
			byKey[r.Ref] = true
			continue
		}
		if p, err := config.ParsePeriod(r.Period); err == nil {
			periods[r.Ref] = append(periods[r.Ref], p)
		}
	}
	for _, t := range tasks {
		for _, p := range periods[key+"/"+t.Ref()] {
			if !t.Due.Before(p.Start()) && !t.Start.After(p.End()) {
				byKey[t.Key] = true
			}
		}
	}
	return func(k string) bool { return byKey[k] }, nil
}

// Apply confirms an open proposal: it must still be made against the file as it is, and
// parse; then it becomes the next version and the new workflow file, and the plan is
// reconciled.
func (s *Service) Apply(ctx context.Context, id int64, by string) (store.ProgrammeVersion, error) {
	pr, err := s.Store.Proposal(ctx, id)
	if err != nil {
		return store.ProgrammeVersion{}, err
	}
	if pr.State != store.ProposalOpen {
		return store.ProgrammeVersion{}, store.Errorf(store.ErrInvalid, "voorstel %d is al %s", id, stateWord(pr.State))
	}
	if pr.BaseHash == "" {
		return s.applyNew(ctx, pr, by)
	}
	cur, curSrc, err := s.Current(ctx, pr.Programme)
	if err != nil {
		return store.ProgrammeVersion{}, err
	}
	if hashOf(curSrc) != pr.BaseHash {
		return store.ProgrammeVersion{}, ErrStale
	}
	v, err := s.write(ctx, cur, pr.Source, store.ProgrammeVersion{Programme: pr.Programme, Source: pr.Source,
		Reason: pr.Reason, CreatedBy: by, Parent: pr.BaseHash, CheckParent: true}, pr.ID)
	if err != nil {
		return v, err
	}
	return v, s.audit(ctx, by, "toegepast", pr.Programme, map[string]any{"proposal": pr.ID, "version": v.Version, "reason": pr.Reason, "summary": pr.Summary})
}

// applyNew writes the file of a new programme, which must still be new.
func (s *Service) applyNew(ctx context.Context, pr store.Proposal, by string) (store.ProgrammeVersion, error) {
	if _, ok := s.Programme(pr.Programme); ok {
		return store.ProgrammeVersion{}, ErrStale
	}
	path, err := s.newFile(pr.Programme)
	if err != nil {
		return store.ProgrammeVersion{}, err
	}
	if _, err := os.Stat(path); err == nil {
		return store.ProgrammeVersion{}, ErrStale
	}
	v, err := s.write(ctx, &programme.Programme{Key: pr.Programme, File: path}, pr.Source,
		store.ProgrammeVersion{Programme: pr.Programme, Source: pr.Source, Reason: pr.Reason, CreatedBy: by, CheckParent: true}, pr.ID)
	if err != nil {
		return v, err
	}
	return v, s.audit(ctx, by, "toegepast", pr.Programme, map[string]any{"proposal": pr.ID, "version": v.Version, "reason": pr.Reason, "summary": pr.Summary})
}

// Discard closes an open proposal without applying it.
func (s *Service) Discard(ctx context.Context, id int64, by string) error {
	pr, err := s.Store.Proposal(ctx, id)
	if err != nil {
		return err
	}
	if err := s.Store.DiscardProposal(ctx, id, by, s.Clock.Now()); err != nil {
		return err
	}
	return s.audit(ctx, by, "verworpen", pr.Programme, map[string]any{"proposal": id})
}

// Restore brings an old version back as the newest one.
func (s *Service) Restore(ctx context.Context, key string, version int, reason, by string) (store.ProgrammeVersion, error) {
	old, err := s.Store.ProgrammeVersion(ctx, key, version)
	if err != nil {
		return old, err
	}
	cur, curSrc, err := s.Current(ctx, key)
	if err != nil {
		return store.ProgrammeVersion{}, err
	}
	if _, err := Check(key, filepath.Base(cur.File), old.Source); err != nil {
		return store.ProgrammeVersion{}, fmt.Errorf("versie %d is met deze voortgang niet meer te lezen: %w", version, err)
	}
	if reason == "" {
		reason = fmt.Sprintf("Versie %d teruggezet", version)
	}
	v, err := s.write(ctx, cur, old.Source, store.ProgrammeVersion{Programme: key, Source: old.Source, Reason: reason,
		CreatedBy: by, RestoredFrom: version, Parent: hashOf(curSrc), CheckParent: true}, 0)
	if err != nil {
		return v, err
	}
	return v, s.audit(ctx, by, "hersteld", key, map[string]any{"restored": version, "version": v.Version, "reason": reason})
}

// write records the version (claiming the proposal, so two confirmations apply it once),
// writes the file and reloads the plan.
func (s *Service) write(ctx context.Context, cur *programme.Programme, src []byte, v store.ProgrammeVersion, proposal int64) (store.ProgrammeVersion, error) {
	next, err := Check(cur.Key, filepath.Base(cur.File), src)
	if err != nil {
		return v, err
	}
	d, err := s.diff(ctx, cur, next)
	if err != nil {
		return v, err
	}
	if err := writable(cur.File); err != nil {
		return v, err
	}
	if v.Diff, err = json.Marshal(summaryOf(d)); err != nil {
		return v, fmt.Errorf("proposal: %w", err)
	}
	out, err := s.Store.AddVersion(ctx, v, proposal, s.Clock.Now())
	if err != nil {
		return out, err
	}
	if err := writeFile(cur.File, src); err != nil {
		return out, fmt.Errorf("versie %d is vastgelegd, maar het workflowbestand kon niet worden geschreven: %w", out.Version, err)
	}
	if s.Reload != nil {
		if err := s.Reload(ctx); err != nil {
			return out, fmt.Errorf("versie %d is geschreven, maar het plan kon niet worden bijgewerkt: %w", out.Version, err)
		}
	}
	return out, nil
}

// Summary is the part of a plan diff a version keeps: the keys, so that the history says
// exactly which tasks a change touched.
type Summary struct {
	Added            []string    `json:"added"`
	Moved            [][2]string `json:"moved"`
	Changed          []string    `json:"changed"`
	Obsolete         []string    `json:"obsolete"`
	ObsoleteAnswered []string    `json:"obsolete_answered"`
}

// audit records a programme change by by in the audit log, with payload as its After.
func (s *Service) audit(ctx context.Context, by, action, key string, payload map[string]any) error {
	after, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("proposal: %w", err)
	}
	return s.Store.AddAudit(ctx, store.AuditEntry{At: s.Clock.Now(), Actor: by, Action: action, Entity: AuditEntity,
		EntityKey: key, After: after})
}

func summaryOf(d planner.Diff) Summary {
	keys := func(ts []planner.Task) []string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = t.Key
		}
		return out
	}
	s := Summary{Added: keys(d.Added), Obsolete: keys(d.Obsolete), ObsoleteAnswered: keys(d.ObsoleteAnswered),
		Moved: make([][2]string, len(d.Moved)), Changed: make([]string, len(d.Changed))}
	for i, m := range d.Moved {
		s.Moved[i] = [2]string{m.From.Key, m.To.Key}
	}
	for i, m := range d.Changed {
		s.Changed[i] = m.To.Key
	}
	return s
}

func stateWord(state string) string {
	switch state {
	case store.ProposalApplied:
		return "toegepast"
	case store.ProposalDiscarded:
		return "verworpen"
	}
	return state
}

// writable checks before anything is recorded that the file can be replaced: its directory
// must take a new file.
func writable(path string) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".voortgang-check-*")
	if err != nil {
		return fmt.Errorf("het workflowbestand kan niet worden geschreven (alleen-lezen?): %w", err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// writeFile replaces path atomically (a temporary file in the same directory, then a rename),
// keeping the file's permissions. The temporary name starts with a dot and does not end in
// .yaml, so neither the workflow watcher nor a reload that runs meanwhile reads it.
func writeFile(path string, data []byte) error {
	mode := os.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		mode = info.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".voortgang-*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, mode); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}
