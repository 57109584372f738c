// Package postgres opens the PostgreSQL implementation of store.Store (pgx v5 through
// database/sql), for installations that run several replicas against one database. Outbox
// rows are claimed with FOR UPDATE SKIP LOCKED; migrations are serialised between replicas
// with an advisory lock per database and schema.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/migrations"
	"github.com/regiogv/voortgang/internal/store/sqlstore"
)

// Open connects to the PostgreSQL database at url (postgres://…; a search_path parameter
// selects the schema), applies the migrations and returns the store.
func Open(ctx context.Context, url string, logger *slog.Logger) (*sqlstore.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// The parse error quotes the URL, password included: leave it out.
		return nil, store.Errorf(store.ErrInvalid, "ongeldige PostgreSQL-URL; verwacht postgres://gebruiker:wachtwoord@host:5432/database")
	}
	where := net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))) + "/" + cfg.Database
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	db.SetMaxOpenConns(10)
	db.SetMaxIdleConns(5)
	db.SetConnMaxIdleTime(5 * time.Minute)

	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		return nil, errors.Join(store.Errorf(store.ErrUnreachable, "PostgreSQL op %s is niet bereikbaar: %v", where, err), db.Close())
	}

	var dbName, schema string
	if err := db.QueryRowContext(ctx, `SELECT current_database(), COALESCE(current_schema(), '')`).Scan(&dbName, &schema); err != nil {
		return nil, errors.Join(fmt.Errorf("store: %w", err), db.Close())
	}
	if schema == "" {
		return nil, errors.Join(store.Errorf(store.ErrInvalid,
			"PostgreSQL op %s: het schema uit search_path bestaat niet; maak het eerst aan", where), db.Close())
	}
	h := fnv.New64a()
	h.Write([]byte("voortgang\x00" + dbName + "\x00" + schema))
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64()>>1)), lock.WithLockTimeout(1, 300))
	if err != nil {
		return nil, errors.Join(fmt.Errorf("store: %w", err), db.Close())
	}

	d := sqlstore.Dialect{
		Name:       "postgres",
		Goose:      goose.DialectPostgres,
		Migrations: migrations.Postgres(),
		Tables:     `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`,
		OwnerFilter: func(p string) string {
			return `t.owners @> jsonb_build_array(` + p + `::text)`
		},
		Claim: `UPDATE outbox AS o SET status = 'sending', lease_owner = $1, lease_until = $3, attempts = o.attempts + 1
			FROM (SELECT key FROM outbox
				WHERE (status = 'queued' AND next_attempt_at <= $2) OR (status = 'sending' AND lease_until <= $2)
				ORDER BY next_attempt_at, key LIMIT $4
				FOR UPDATE SKIP LOCKED) AS c
			WHERE o.key = c.key
			RETURNING ` + sqlstore.OutboxColumns("o."),
		Locker:            locker,
		IsUniqueViolation: IsUniqueViolation,
		Backup: func(context.Context, string) error {
			return store.Errorf(store.ErrUnsupported, "voortgang maakt geen back-up van PostgreSQL; gebruik pg_dump")
		},
	}
	s, err := sqlstore.Open(ctx, db, db, d, logger)
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return s, nil
}

// uniqueViolation is SQLSTATE 23505, unique_violation (primary keys included).
const uniqueViolation = "23505"

// IsUniqueViolation reports whether err (possibly wrapped) is PostgreSQL's unique_violation
// (SQLSTATE 23505), for a unique index or a primary key. It reads the SQLSTATE, never the
// message text, which follows the server's lc_messages.
func IsUniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == uniqueViolation
}
