// Package open opens the store an operator configured: a PostgreSQL URL (postgres:// or
// postgresql://) opens PostgreSQL, anything else is the path of a SQLite file. It exists
// apart from package store because it imports both implementations, which import store.
package open

import (
	"context"
	"log/slog"
	"strings"

	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/postgres"
	"github.com/regiogv/voortgang/internal/store/sqlite"
)

// Open opens the store for dsn: postgres://… or postgresql://… for PostgreSQL; a file path,
// optionally prefixed with "sqlite:", for SQLite.
func Open(ctx context.Context, dsn string, logger *slog.Logger) (store.Store, error) {
	if IsPostgres(dsn) {
		return postgres.Open(ctx, dsn, logger)
	}
	path := strings.TrimPrefix(dsn, "sqlite:")
	if path == "" {
		return nil, store.Errorf(store.ErrInvalid, "geen database opgegeven: geef een bestandspad of een postgres://-URL")
	}
	return sqlite.Open(ctx, path, logger)
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	l := strings.ToLower(dsn)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}
