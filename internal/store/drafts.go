package store

import (
	"context"
	"time"
)

// Draft is one stored version of a report draft (concept-voortgangsrapportage).
type Draft struct {
	Key       string   // "concept/2026H2/3"
	Period    string   // "2026H2"
	Version   int      // 1, 2 … per period
	Formats   []string // the documents stored with it: md, html, docx, json …
	Markdown  string   // the coordinator's Markdown, for diffs between versions
	CreatedAt time.Time
	CreatedBy string
}

// DraftStore keeps every version of every draft with its rendered documents.
type DraftStore interface {
	// AddDraft stores d as the next version of its period, with its documents by format, in
	// one transaction, and returns it with Key, Version and CreatedAt filled in.
	AddDraft(ctx context.Context, d Draft, docs map[string][]byte, now time.Time) (Draft, error)
	// Drafts lists the versions of a period, newest first.
	Drafts(ctx context.Context, period string) ([]Draft, error)
	// Draft returns one version; ErrNotFound when missing.
	Draft(ctx context.Context, key string) (Draft, error)
	// DraftDocument returns one stored document of a draft; ErrNotFound when missing.
	DraftDocument(ctx context.Context, key, format string) ([]byte, error)
}
