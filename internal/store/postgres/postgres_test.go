package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/migrations"
	"github.com/regiogv/voortgang/internal/store/postgres"
	"github.com/regiogv/voortgang/internal/store/storetest"
	"github.com/regiogv/voortgang/internal/testsupport"
)

// freshSchema is an empty schema for one test (see testsupport.PostgresURL: skipped loudly
// without a server, failing in CI).
func freshSchema(tb testing.TB) string { return testsupport.PostgresURL(tb) }

func openTB(tb testing.TB) store.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), freshSchema(tb), nil)
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

func TestOpenRefuses(t *testing.T) {
	ctx := context.Background()
	exec := func(t *testing.T, u string, stmts ...string) {
		db, err := sql.Open("pgx", u)
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
	tests := []struct {
		name    string
		prepare func(t *testing.T) string
		want    error
		msg     string
	}{
		{"server niet bereikbaar", func(t *testing.T) string {
			return "postgres://voortgang:geheim@127.0.0.1:1/voortgang?sslmode=disable&connect_timeout=2"
		}, store.ErrUnreachable, "PostgreSQL op 127.0.0.1:1/voortgang is niet bereikbaar"},
		{"schema van een andere toepassing", func(t *testing.T) string {
			u := freshSchema(t)
			exec(t, u, `CREATE TABLE klanten (id int PRIMARY KEY)`)
			return u
		}, store.ErrForeignDatabase, "geen database van voortgang"},
		{"schema van een nieuwere voortgang", func(t *testing.T) string {
			u := freshSchema(t)
			s, err := postgres.Open(ctx, u, nil)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			exec(t, u, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (99, true)`)
			return u
		}, store.ErrSchemaTooNew, fmt.Sprintf("databaseschema versie 99 is nieuwer dan deze voortgang kent (%d); werk voortgang bij", migrations.Latest(migrations.Postgres()))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			freshSchema(t)
			s, err := postgres.Open(ctx, tc.prepare(t), nil)
			if err == nil {
				s.Close()
				t.Fatal("opened; want an error")
			}
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %q; want %v containing %q", err, tc.want, tc.msg)
			}
			if strings.Contains(err.Error(), "geheim") {
				t.Errorf("password in error: %q", err)
			}
		})
	}
}

func TestBackupPointsToPgDump(t *testing.T) {
	s := openTB(t)
	err := s.Backup(context.Background(), t.TempDir()+"/b.db")
	if !errors.Is(err, store.ErrUnsupported) || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("err = %v; want ErrUnsupported mentioning pg_dump", err)
	}
}

// driver is PostgreSQL for the driver tests of storetest.
func driver() storetest.Driver {
	return storetest.Driver{
		Fresh: freshSchema,
		Open: func(ctx context.Context, u string) (store.Store, error) {
			return postgres.Open(ctx, u, nil)
		},
		SQL:        func(u string) (*sql.DB, error) { return sql.Open("pgx", u) },
		Dialect:    goose.DialectPostgres,
		Migrations: migrations.Postgres(),
		Columns: `SELECT column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
		IsUniqueViolation: postgres.IsUniqueViolation,
		UniqueTable:       `CREATE TABLE t (id int PRIMARY KEY, email text UNIQUE, name text NOT NULL CHECK (name <> ''))`,
		UniqueMessage:     `duplicate key value violates unique constraint "t_email_key"`,
	}
}

// TestIsUniqueViolation: unique and primary-key violations are recognised by SQLSTATE 23505.
func TestIsUniqueViolation(t *testing.T) { storetest.UniqueViolations(t, driver()) }

func TestDropUnwrittenColumns(t *testing.T) { storetest.DropUnwrittenColumns(t, driver()) }
