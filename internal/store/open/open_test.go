package open_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/open"
)

func TestOpenPicksTheDatabase(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{filepath.Join(t.TempDir(), "a.db"), "sqlite:" + filepath.Join(t.TempDir(), "b.db")} {
		s, err := open.Open(ctx, dsn, nil)
		if err != nil {
			t.Fatalf("%s: %v", dsn, err)
		}
		if s.Dialect() != "sqlite" {
			t.Errorf("%s: dialect %s", dsn, s.Dialect())
		}
		s.Close()
	}
	_, err := open.Open(ctx, "postgresql://u:geheim@127.0.0.1:1/db?connect_timeout=2", nil)
	if !errors.Is(err, store.ErrUnreachable) {
		t.Errorf("postgresql URL: err = %v, want ErrUnreachable (it must try PostgreSQL)", err)
	}
	if _, err := open.Open(ctx, "", nil); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("empty dsn: err = %v", err)
	}
}
