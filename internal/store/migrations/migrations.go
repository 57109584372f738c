// Package migrations holds the numbered SQL migrations of the store, one folder per dialect,
// embedded in the binary and applied with goose when a store is opened. A migration, once
// released, is never edited: a change is a new numbered file in both folders.
package migrations

import (
	"embed"
	"fmt"
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

// Latest is the highest migration version of a dialect's folder (both folders keep the same
// numbers).
func Latest(dialect fs.FS) int64 {
	entries, _ := fs.ReadDir(dialect, ".")
	var latest int64
	for _, e := range entries {
		var v int64
		if _, err := fmt.Sscanf(e.Name(), "%d_", &v); err == nil && v > latest {
			latest = v
		}
	}
	return latest
}
