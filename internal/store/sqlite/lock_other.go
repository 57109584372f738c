//go:build !unix

package sqlite

import "github.com/regiogv/voortgang/internal/store"

func lockShared(string) (func() error, error) { return func() error { return nil }, nil }

// lockExclusive cannot tell whether another process uses the database here, so restore
// refuses rather than risk replacing a file in use.
func lockExclusive(string) (func() error, error) {
	return nil, store.Errorf(store.ErrUnsupported, "terugzetten kan op dit besturingssysteem niet veilig; kopieer het bestand met voortgang gestopt")
}
