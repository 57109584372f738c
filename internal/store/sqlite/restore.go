package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/migrations"
)

// Restore replaces the database at path with the backup file from. It refuses when any
// process has the database open: every Open holds a shared lock on path+".lock" for the life
// of the store, and Restore needs that lock exclusively. The kernel drops the lock when a
// process dies, so a crashed daemon never blocks a restore (a lease row would stay until it
// expired, and SQLite's own locks are not held by an idle connection in WAL mode).
//
// The backup must be a voortgang database whose schema this binary knows. It is copied next
// to path and renamed over it, and the old -wal and -shm files are removed, so a failed copy
// leaves the current database untouched.
func Restore(ctx context.Context, from, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := checkBackup(ctx, from); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	unlock, err := lockExclusive(abs + ".lock")
	if err != nil {
		return err
	}
	defer unlock()

	tmp := abs + ".restore"
	if err := copyFile(from, tmp); err != nil {
		return errors.Join(fmt.Errorf("store: restore: %w", err), os.Remove(tmp))
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(abs + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return errors.Join(fmt.Errorf("store: restore: %w", err), os.Remove(tmp))
		}
	}
	if err := os.Rename(tmp, abs); err != nil {
		return errors.Join(fmt.Errorf("store: restore: %w", err), os.Remove(tmp))
	}
	return nil
}

// checkBackup opens the backup read-only and checks it is a voortgang database this binary
// can use.
func checkBackup(ctx context.Context, from string) error {
	abs, err := filepath.Abs(from)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if _, err := os.Stat(abs); err != nil {
		return store.Errorf(store.ErrNotFound, "back-up %s niet gevonden", abs)
	}
	if err := checkFile(abs); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", DSN(abs, "mode=ro&_pragma=query_only(1)"))
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	defer db.Close()
	var app string
	if err := db.QueryRowContext(ctx, `SELECT value FROM voortgang_meta WHERE key = 'application'`).Scan(&app); err != nil || app != "voortgang" {
		return store.Errorf(store.ErrForeignDatabase, "back-up %s is geen database van voortgang", abs)
	}
	var version int64
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&version); err != nil {
		return store.Errorf(store.ErrForeignDatabase, "back-up %s is geen database van voortgang", abs)
	}
	if known := knownVersion(); version > known {
		return store.Errorf(store.ErrSchemaTooNew,
			"databaseschema versie %d van de back-up is nieuwer dan deze voortgang kent (%d); werk voortgang bij", version, known)
	}
	return nil
}

// knownVersion is the newest embedded migration.
func knownVersion() int64 {
	var v int64
	entries, _ := fs.ReadDir(migrations.SQLite(), ".")
	for _, e := range entries {
		var n int64
		if _, err := fmt.Sscanf(e.Name(), "%d_", &n); err == nil {
			v = max(v, n)
		}
	}
	return v
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		return errors.Join(err, out.Close())
	}
	if err := out.Sync(); err != nil {
		return errors.Join(err, out.Close())
	}
	return out.Close()
}
