// Package migrations holds the numbered SQL migrations of the store, one folder per dialect,
// embedded in the binary and applied with goose when a store is opened. A migration, once
// released, is never edited: a change is a new numbered file in both folders.
package migrations

import (
	"embed"
	"io/fs"
)

//go:embed sqlite/*.sql postgres/*.sql
var files embed.FS

// SQLite returns the SQLite migrations.
func SQLite() fs.FS { return sub("sqlite") }

// Postgres returns the PostgreSQL migrations.
func Postgres() fs.FS { return sub("postgres") }

func sub(dir string) fs.FS {
	f, err := fs.Sub(files, dir)
	if err != nil {
		panic(err) // the directory is embedded: this cannot happen
	}
	return f
}
