package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/regiogv/voortgang/internal/planner"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/migrations"
	"github.com/regiogv/voortgang/internal/store/sqlite"
	"github.com/regiogv/voortgang/internal/store/storetest"
)

func openTB(tb testing.TB) store.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "voortgang.db"), nil)
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTB(t) })
}

func BenchmarkReconcile(b *testing.B) {
	storetest.BenchmarkReconcile(b, func(b *testing.B) store.Store { return openTB(b) }, storetest.BenchProgrammes(), 1000)
}

func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		prepare func(t *testing.T, path string)
		want    error
		msg     string
	}{
		{"tekstbestand is geen SQLite-database", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("dit is een notitie, geen database\n"), 0o600)
		}, store.ErrNotSQLite, "is geen SQLite-database"},
		{"database van een andere toepassing", func(t *testing.T, path string) {
			rawExec(t, path, `CREATE TABLE klanten (id INTEGER PRIMARY KEY, naam TEXT)`)
		}, store.ErrForeignDatabase, "geen database van voortgang"},
		{"andere toepassing die ook goose gebruikt", func(t *testing.T, path string) {
			rawExec(t, path, `CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY, version_id INTEGER, is_applied INTEGER, tstamp TEXT)`,
				`CREATE TABLE orders (id INTEGER PRIMARY KEY)`)
		}, store.ErrForeignDatabase, "geen database van voortgang"},
		{"schema van een nieuwere voortgang", func(t *testing.T, path string) {
			s, err := sqlite.Open(ctx, path, nil)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			rawExec(t, path, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (99, 1)`)
		}, store.ErrSchemaTooNew, fmt.Sprintf("databaseschema versie 99 is nieuwer dan deze voortgang kent (%d); werk voortgang bij", migrations.Latest(migrations.SQLite()))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "voortgang.db")
			tc.prepare(t, path)
			s, err := sqlite.Open(ctx, path, nil)
			if err == nil {
				s.Close()
				t.Fatal("opened; want an error")
			}
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %q; want %v containing %q", err, tc.want, tc.msg)
			}
		})
	}
}

func TestOpenCreatesMissingDirectoryAndReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "data", "sub", "voortgang.db")
	s, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	tasks := []planner.Task{{Key: "bo/1a/plan/2026", Programme: "bo", Goal: 1, Action: "a", Phase: "plan", Kind: planner.Milestone, Title: "x"}}
	if _, err := s.Reconcile(ctx, "bo", tasks, time.Now()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if v, _ := s.SchemaVersion(ctx); v != migrations.Latest(migrations.SQLite()) {
		t.Errorf("SchemaVersion = %d", v)
	}
	if _, err := s.Task(ctx, "bo/1a/plan/2026"); err != nil {
		t.Errorf("task lost on reopen: %v", err)
	}
}

func TestInstantsAreUTCText(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "voortgang.db")
	s, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	now := time.Date(2026, 3, 29, 3, 30, 0, 0, ams) // just after the spring change
	tasks := []planner.Task{{Key: "k", Programme: "bo", Kind: planner.Milestone, Due: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}}
	if _, err := s.Reconcile(ctx, "bo", tasks, now); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, _ := sql.Open("sqlite", path)
	defer db.Close()
	var created, due string
	if err := db.QueryRow(`SELECT created_at, due_date FROM tasks`).Scan(&created, &due); err != nil {
		t.Fatal(err)
	}
	if created != "2026-03-29T01:30:00.000Z" || due != "2026-03-31" {
		t.Errorf("stored created_at=%q due_date=%q", created, due)
	}
}

func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "voortgang.db")
	s, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	task := func(key string) []planner.Task {
		return []planner.Task{{Key: key, Programme: "bo", Kind: planner.Milestone, Title: key}}
	}
	s.Reconcile(ctx, "bo", task("voor-backup"), time.Now())
	backup := filepath.Join(dir, "backups", "b1.db")
	os.MkdirAll(filepath.Dir(backup), 0o750)
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatalf("backup: %v", err)
	}
	if err := s.Backup(ctx, backup); !errors.Is(err, store.ErrExists) {
		t.Errorf("second backup to the same file: err = %v, want ErrExists", err)
	}
	s.Reconcile(ctx, "bo", task("na-backup"), time.Now())

	if err := sqlite.Restore(ctx, backup, path); !errors.Is(err, store.ErrInUse) {
		t.Fatalf("restore while open: err = %v, want ErrInUse", err)
	}
	s.Close()

	notDB := filepath.Join(dir, "notes.txt")
	os.WriteFile(notDB, []byte("geen database"), 0o600)
	if err := sqlite.Restore(ctx, notDB, path); !errors.Is(err, store.ErrNotSQLite) {
		t.Errorf("restore of a text file: err = %v, want ErrNotSQLite", err)
	}
	if err := sqlite.Restore(ctx, backup, path); err != nil {
		t.Fatalf("restore: %v", err)
	}
	s, err = sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Task(ctx, "voor-backup"); err != nil {
		t.Errorf("task from the backup missing: %v", err)
	}
	if _, err := s.Task(ctx, "na-backup"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("task written after the backup survived the restore: %v", err)
	}
}

// driver is SQLite for the driver tests of storetest.
func driver() storetest.Driver {
	return storetest.Driver{
		Fresh: func(tb testing.TB) string { return filepath.Join(tb.TempDir(), "voortgang.db") },
		Open: func(ctx context.Context, path string) (store.Store, error) {
			return sqlite.Open(ctx, path, nil)
		},
		SQL: func(path string) (*sql.DB, error) {
			return sql.Open("sqlite", sqlite.DSN(path, "_pragma=foreign_keys(1)"))
		},
		Dialect:           goose.DialectSQLite3,
		Migrations:        migrations.SQLite(),
		Columns:           `SELECT name FROM pragma_table_info($1) ORDER BY cid`,
		IsUniqueViolation: sqlite.IsUniqueViolation,
		UniqueTable:       `CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT UNIQUE, name TEXT NOT NULL CHECK (name <> ''))`,
		UniqueMessage:     "UNIQUE constraint failed: t.email",
	}
}

// TestIsUniqueViolation: unique and primary-key violations are recognised by their extended
// result code.
func TestIsUniqueViolation(t *testing.T) { storetest.UniqueViolations(t, driver()) }

func TestDropUnwrittenColumns(t *testing.T) { storetest.DropUnwrittenColumns(t, driver()) }
