// Package sqlite opens the SQLite implementation of store.Store (modernc.org/sqlite, no cgo):
// one file on a local disk, written through a single connection and read through a small
// pool, plus the online backup and the offline restore of that file. It must not be used for
// several replicas: they need PostgreSQL.
package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/migrations"
	"github.com/regiogv/voortgang/internal/store/sqlstore"
)

// writerPragmas: busy_timeout waits for other processes instead of failing; WAL lets readers
// work during a write; _txlock=immediate takes the write lock at BEGIN, so a read-then-write
// transaction never fails with SQLITE_BUSY half-way (see DEPENDENCIES.md).
const writerPragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
	"&_pragma=synchronous(NORMAL)&_txlock=immediate"

// readerPragmas: readers never write (query_only) and never change the journal mode.
const readerPragmas = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=query_only(1)"

// header is the first 16 bytes of every SQLite database file.
var header = []byte("SQLite format 3\x00")

// DSN returns the modernc data source name for path with the given parameters.
func DSN(path, params string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	return "file:" + u.EscapedPath() + "?" + params
}

// Open opens (creating it and its directory when missing) the SQLite database at path,
// applies the migrations and returns the store. While the store is open the process holds a
// shared lock on path+".lock", which makes Restore refuse.
func Open(ctx context.Context, path string, logger *slog.Logger) (*sqlstore.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if err := checkFile(abs); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return nil, store.Errorf(store.ErrUnreachable, "kan de map voor de database %s niet maken: %v", abs, err)
	}
	unlock, err := lockShared(abs + ".lock")
	if err != nil {
		return nil, err
	}
	w, err := sql.Open("sqlite", DSN(abs, writerPragmas))
	if err != nil {
		return nil, errors.Join(fmt.Errorf("store: %w", err), unlock())
	}
	// One writer connection: writes queue in the process instead of fighting for the file.
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		return nil, errors.Join(store.Errorf(store.ErrNotSQLite, "%s is geen bruikbare SQLite-database: %v", abs, err), w.Close(), unlock())
	}
	r, err := sql.Open("sqlite", DSN(abs, readerPragmas))
	if err != nil {
		return nil, errors.Join(fmt.Errorf("store: %w", err), w.Close(), unlock())
	}
	r.SetMaxOpenConns(max(2, runtime.GOMAXPROCS(0)))
	r.SetConnMaxIdleTime(0)

	d := sqlstore.Dialect{
		Name:       "sqlite",
		Positional: true,
		Goose:      goose.DialectSQLite3,
		Migrations: migrations.SQLite(),
		Tables:     `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`,
		OwnerFilter: func(p string) string {
			return `EXISTS (SELECT 1 FROM json_each(t.owners) WHERE json_each.value = ` + p + `)`
		},
		Claim: `UPDATE outbox AS o SET status = 'sending', lease_owner = $1, lease_until = $3, attempts = o.attempts + 1
			WHERE o.key IN (SELECT key FROM outbox
				WHERE (status = 'queued' AND next_attempt_at <= $2) OR (status = 'sending' AND lease_until <= $2)
				ORDER BY next_attempt_at, key LIMIT $4)
			RETURNING ` + sqlstore.OutboxColumns(""),
		OnClose:           unlock,
		IsUniqueViolation: IsUniqueViolation,
	}
	d.Backup = func(ctx context.Context, path string) error { return backup(ctx, abs, path) }
	s, err := sqlstore.Open(ctx, w, r, d, logger)
	if err != nil {
		return nil, errors.Join(err, w.Close(), r.Close(), unlock())
	}
	return s, nil
}

// IsUniqueViolation reports whether err (possibly wrapped) is SQLite's error for a violated
// UNIQUE or PRIMARY KEY constraint. It reads the extended result code, which the modernc
// driver enables on every connection, never the message text.
func IsUniqueViolation(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return true
	}
	return false
}

// checkFile refuses an existing file that is not a SQLite database. An empty file is a new
// database.
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return store.Errorf(store.ErrUnreachable, "kan de database %s niet openen: %v", path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return store.Errorf(store.ErrNotSQLite, "%s is een map, geen SQLite-database", path)
	}
	buf := make([]byte, len(header))
	n, err := io.ReadFull(f, buf)
	if n == 0 && (err == io.EOF || err == nil) {
		return nil
	}
	if !bytes.Equal(buf[:n], header) {
		return store.Errorf(store.ErrNotSQLite, "%s is geen SQLite-database", path)
	}
	return nil
}

// backup writes a consistent copy with VACUUM INTO, which reads a snapshot and does not block
// the writer in WAL mode. It uses its own connection: the reader pool is query_only, which
// forbids VACUUM, and the writer connection would hold up every write meanwhile.
func backup(ctx context.Context, dbPath, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return store.Errorf(store.ErrExists, "back-up %s bestaat al; kies een nieuwe bestandsnaam", abs)
	}
	db, err := sql.Open("sqlite", DSN(dbPath, "_pragma=busy_timeout(10000)"))
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO $1`, abs); err != nil {
		return fmt.Errorf("store: backup naar %s: %w", abs, err)
	}
	return nil
}
