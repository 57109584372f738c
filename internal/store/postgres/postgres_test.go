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

// TestIsUniqueViolation provokes real constraint failures in PostgreSQL: unique and
// primary-key violations are recognised by SQLSTATE 23505, wrapped or not; other constraint
// failures and look-alike messages are not.
func TestIsUniqueViolation(t *testing.T) {
	db, err := sql.Open("pgx", freshSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (id int PRIMARY KEY, email text UNIQUE, name text NOT NULL CHECK (name <> ''))`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO t (id, email, name) VALUES (1, 'a@example.org', 'a')`); err != nil {
		t.Fatal(err)
	}
	exec := func(q string) error {
		_, err := db.Exec(q)
		if err == nil {
			t.Fatalf("%s: no error", q)
		}
		return err
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"primary key", exec(`INSERT INTO t (id, email, name) VALUES (1, 'b@example.org', 'b')`), true},
		{"unique", exec(`INSERT INTO t (id, email, name) VALUES (2, 'a@example.org', 'b')`), true},
		{"wrapped", fmt.Errorf("store: add: %w", exec(`INSERT INTO t (id, email, name) VALUES (1, 'c@example.org', 'c')`)), true},
		{"not null", exec(`INSERT INTO t (id, email) VALUES (3, 'd@example.org')`), false},
		{"check", exec(`INSERT INTO t (id, email, name) VALUES (4, 'e@example.org', '')`), false},
		{"syntax", exec(`INSERT INTO nergens VALUES (1)`), false},
		{"message only", errors.New(`duplicate key value violates unique constraint "t_email_key"`), false},
		{"nil", nil, false},
	}
	for _, tc := range tests {
		if got := postgres.IsUniqueViolation(tc.err); got != tc.want {
			t.Errorf("%s: IsUniqueViolation(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}

// TestDropUnwrittenColumns: migration 12 drops the status-request columns nothing wrote, and
// its Down puts them back.
func TestDropUnwrittenColumns(t *testing.T) {
	ctx := context.Background()
	u := freshSchema(t)
	s, err := postgres.Open(ctx, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	columns := func() string {
		var cols string
		if err := db.QueryRow(`SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = 'status_requests'`).Scan(&cols); err != nil {
			t.Fatal(err)
		}
		return cols
	}
	const kept = "key,contact_key,period,token,created_at,sent_at,revoked_at"
	if got := columns(); got != kept {
		t.Fatalf("status_requests columns = %s, want %s", got, kept)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.Postgres())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 11); err != nil {
		t.Fatal(err)
	}
	if got := columns(); got != kept+",reminders,last_reminder_at,escalated_at" {
		t.Errorf("after Down: status_requests columns = %s", got)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if got := columns(); got != kept {
		t.Errorf("after Up again: status_requests columns = %s, want %s", got, kept)
	}
}
