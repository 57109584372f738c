package storetest

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

// DraftSuite checks store.DraftStore: versions per period, documents kept byte for byte.
func DraftSuite(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Date(2027, 1, 14, 8, 0, 0, 0, time.UTC)
	docx := []byte("PK\x03\x04 binary \x00\xff")
	d1, err := s.AddDraft(ctx, store.Draft{Period: "2026H2", Markdown: "# Concept 1", CreatedBy: "voortgang"},
		map[string][]byte{"md": []byte("# Concept 1"), "docx": docx}, now)
	if err != nil {
		t.Fatal(err)
	}
	if d1.Key != "concept/2026H2/1" || d1.Version != 1 || !reflect.DeepEqual(d1.Formats, []string{"docx", "md"}) || !d1.CreatedAt.Equal(now) {
		t.Errorf("first draft = %+v", d1)
	}
	d2, err := s.AddDraft(ctx, store.Draft{Period: "2026H2", Markdown: "# Concept 2", CreatedBy: "sanne-bakker"},
		map[string][]byte{"md": []byte("# Concept 2")}, now.Add(time.Hour))
	if err != nil || d2.Version != 2 {
		t.Fatalf("second draft = %+v, %v", d2, err)
	}
	other, err := s.AddDraft(ctx, store.Draft{Period: "2027H1"}, nil, now)
	if err != nil || other.Version != 1 {
		t.Fatalf("draft of another period = %+v, %v", other, err)
	}
	list, err := s.Drafts(ctx, "2026H2")
	if err != nil || len(list) != 2 || list[0].Version != 2 || list[1].Version != 1 {
		t.Fatalf("Drafts = %+v, %v", list, err)
	}
	got, err := s.DraftDocument(ctx, d1.Key, "docx")
	if err != nil || !bytes.Equal(got, docx) {
		t.Errorf("docx = %q, %v", got, err)
	}
	if _, err := s.DraftDocument(ctx, d2.Key, "docx"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing document: %v, want ErrNotFound", err)
	}
	if _, err := s.Draft(ctx, "concept/2026H2/9"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing draft: %v, want ErrNotFound", err)
	}
	if d, err := s.Draft(ctx, d2.Key); err != nil || d.Markdown != "# Concept 2" || d.CreatedBy != "sanne-bakker" {
		t.Errorf("Draft = %+v, %v", d, err)
	}
	if _, err := s.AddDraft(ctx, store.Draft{}, nil, now); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("draft without period: %v, want ErrInvalid", err)
	}
}
