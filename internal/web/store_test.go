package web

import "github.com/regiogv/voortgang/internal/store/sqlstore"

// Both drivers (sqlite.Open and postgres.Open return a *sqlstore.DB) have every method the web
// server calls: a missing one fails the build, not a page.
var _ Store = (*sqlstore.DB)(nil)
