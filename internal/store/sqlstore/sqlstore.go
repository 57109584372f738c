// Package sqlstore is the database/sql implementation of store.Store shared by the SQLite and
// PostgreSQL packages. SQL text is shared where the dialects agree (both bind $1, $2 …) and
// comes from the Dialect where they differ. It must not be used directly: open a store
// through internal/store/sqlite, internal/store/postgres or internal/store/open.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"slices"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/regiogv/voortgang/internal/store"
)

// Dialect holds what differs between the databases.
type Dialect struct {
	Name string // "sqlite" or "postgres"
	// Positional makes generated parameter lists use "?" instead of "$N".
	Positional bool
	Goose      goose.Dialect
	Migrations fs.FS
	// Tables lists the tables of the current database or schema, one name per row.
	Tables string
	// OwnerFilter returns a condition on tasks row t that is true when the owner bound to
	// placeholder p is one of the task's owners.
	OwnerFilter func(p string) string
	// Claim claims outbox rows: $1 owner, $2 now, $3 lease until, $4 limit. It returns
	// outboxColumns (qualified with the table alias o).
	Claim string
	// Locker serialises migrations between processes (optional).
	Locker lock.SessionLocker
	// Backup implements store.Admin.Backup.
	Backup func(ctx context.Context, path string) error
	// OnClose runs after the pools are closed (release file locks …).
	OnClose func() error
	// IsUniqueViolation reports whether err (possibly wrapped) is the driver's error for a
	// violated unique or primary-key constraint, recognised by its error code: the retries
	// and the "already exists" answers depend on it, and message texts change between
	// driver versions and locales.
	IsUniqueViolation func(error) bool
}

// DB implements store.Store over database/sql.
type DB struct {
	w     *sql.DB // writes (SQLite: one connection)
	r     *sql.DB // reads (may be w)
	d     Dialect
	log   *slog.Logger
	known int64
}

var _ store.Store = (*DB)(nil)

// Open checks that the database is empty or voortgang's and not newer than this binary,
// applies pending migrations and returns the store. w is used for writes and r for reads
// (they may be the same pool). On error the pools are left open for the caller to close.
func Open(ctx context.Context, w, r *sql.DB, d Dialect, logger *slog.Logger) (*DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if d.IsUniqueViolation == nil {
		return nil, fmt.Errorf("store: dialect %s has no IsUniqueViolation", d.Name)
	}
	s := &DB{w: w, r: r, d: d, log: logger}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

const gooseTable = "goose_db_version"

func (s *DB) migrate(ctx context.Context) error {
	opts := []goose.ProviderOption{goose.WithSlog(s.log.With("component", "migrations"))}
	if s.d.Locker != nil {
		opts = append(opts, goose.WithSessionLocker(s.d.Locker))
	}
	p, err := goose.NewProvider(s.d.Goose, s.w, s.d.Migrations, opts...)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	for _, src := range p.ListSources() {
		s.known = max(s.known, src.Version)
	}

	tables, err := s.tables(ctx)
	if err != nil {
		return err
	}
	if len(tables) > 0 {
		if !slices.Contains(tables, "voortgang_meta") || !slices.Contains(tables, gooseTable) {
			return store.Errorf(store.ErrForeignDatabase,
				"de database bevat al tabellen (%s …) maar is geen database van voortgang", tables[0])
		}
		var app string
		err := s.w.QueryRowContext(ctx, `SELECT value FROM voortgang_meta WHERE key = 'application'`).Scan(&app)
		if err != nil || app != "voortgang" {
			return store.Errorf(store.ErrForeignDatabase, "de database bevat al tabellen maar is geen database van voortgang")
		}
		current, err := s.SchemaVersion(ctx)
		if err != nil {
			return err
		}
		if current > s.known {
			return store.Errorf(store.ErrSchemaTooNew,
				"databaseschema versie %d is nieuwer dan deze voortgang kent (%d); werk voortgang bij", current, s.known)
		}
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	for _, r := range results {
		s.log.Info("databasemigratie uitgevoerd", "version", r.Source.Version, "duration", r.Duration)
	}
	return nil
}

func (s *DB) tables(ctx context.Context) ([]string, error) {
	rows, err := s.w.QueryContext(ctx, s.d.Tables)
	if err != nil {
		return nil, fmt.Errorf("store: list tables: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("store: list tables: %w", err)
		}
		names = append(names, n)
	}
	slices.Sort(names)
	return names, rows.Err()
}

// Dialect implements store.Admin.
func (s *DB) Dialect() string { return s.d.Name }

// Ping implements store.Admin.
func (s *DB) Ping(ctx context.Context) error {
	if err := s.w.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// SchemaVersion implements store.Admin.
func (s *DB) SchemaVersion(ctx context.Context) (int64, error) {
	var v sql.NullInt64
	err := s.w.QueryRowContext(ctx, `SELECT MAX(version_id) FROM `+gooseTable+` WHERE is_applied`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v.Int64, nil
}

// KnownVersion is the newest migration this binary has.
func (s *DB) KnownVersion() int64 { return s.known }

// Backup implements store.Admin.
func (s *DB) Backup(ctx context.Context, path string) error {
	if s.d.Backup == nil {
		return store.Errorf(store.ErrUnsupported, "back-up maken kan niet bij deze database")
	}
	return s.d.Backup(ctx, path)
}

// Close implements store.Admin.
func (s *DB) Close() error {
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	if s.d.OnClose != nil {
		err = errors.Join(err, s.d.OnClose())
	}
	return err
}

// Reader is the pool for reads (used by dialect hooks such as Backup).
func (s *DB) Reader() *sql.DB { return s.r }

func (s *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

func notFound(what, key string) error {
	return store.Errorf(store.ErrNotFound, "%s %q niet gevonden", what, key)
}
