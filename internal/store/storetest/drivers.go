package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/regiogv/voortgang/internal/store"
)

// Driver is what the tests below the Store interface need of one SQL implementation: its
// databases, its raw connections, its migrations and its reading of errors. Each driver's
// tests fill one in and call UniqueViolations and DropUnwrittenColumns with it.
type Driver struct {
	// Fresh returns where a fresh, empty database for one test is (a SQLite path, a
	// PostgreSQL URL with a schema of its own); it registers its own cleanup.
	Fresh func(tb testing.TB) string
	// Open opens the store at a Fresh location, applying the migrations.
	Open func(ctx context.Context, at string) (store.Store, error)
	// SQL opens a raw connection to a Fresh location.
	SQL func(at string) (*sql.DB, error)
	// Dialect and Migrations are the driver's goose dialect and embedded migrations.
	Dialect    goose.Dialect
	Migrations fs.FS
	// Columns lists the columns of the table named by its one parameter, a row each, in
	// their order.
	Columns string

	// IsUniqueViolation is the driver's test for a unique or primary-key violation.
	IsUniqueViolation func(error) bool
	// UniqueTable creates table t (id, email, name) in the dialect: id the primary key,
	// email unique, name not null and not empty.
	UniqueTable string
	// UniqueMessage is the text of the dialect's unique violation on t.email, which as a
	// bare message (no driver error) must not count.
	UniqueMessage string
}

// raw opens a raw connection to a fresh database; it closes with the test.
func (d Driver) raw(t *testing.T, at string) *sql.DB {
	t.Helper()
	db, err := d.SQL(at)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// UniqueViolations provokes real constraint failures: unique and primary-key violations
// are recognised, wrapped or not; other constraint failures and look-alike messages are not.
func UniqueViolations(t *testing.T, d Driver) {
	db := d.raw(t, d.Fresh(t))
	for _, q := range []string{d.UniqueTable, `INSERT INTO t (id, email, name) VALUES (1, 'a@example.org', 'a')`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
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
		{"message only", errors.New(d.UniqueMessage), false},
		{"nil", nil, false},
	}
	for _, tc := range tests {
		if got := d.IsUniqueViolation(tc.err); got != tc.want {
			t.Errorf("%s: IsUniqueViolation(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}

// DropUnwrittenColumns: migration 12 drops the status-request columns nothing wrote, and
// its Down puts them back.
func DropUnwrittenColumns(t *testing.T, d Driver) {
	ctx := context.Background()
	at := d.Fresh(t)
	s, err := d.Open(ctx, at)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db := d.raw(t, at)
	columns := func() string {
		t.Helper()
		rows, err := db.Query(d.Columns, "status_requests")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var names []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			names = append(names, n)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return strings.Join(names, ",")
	}
	const kept = "key,contact_key,period,token,created_at,sent_at,revoked_at"
	if got := columns(); got != kept {
		t.Fatalf("status_requests columns = %s, want %s", got, kept)
	}
	p, err := goose.NewProvider(d.Dialect, db, d.Migrations)
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
