package testsupport

import (
	"io"
	"log"
	"net"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// IMAPServer is an in-memory IMAP server (emersion/go-imap) on 127.0.0.1 with one user, whose
// INBOX exists; tests deliver into User and read its folders back.
type IMAPServer struct {
	Addr string // 127.0.0.1:port, plain IMAP
	User *imapmemserver.User
}

// NewIMAPServer starts the server with the capabilities caps, accepting plain-text logins
// (loopback only); it stops when the test ends.
func NewIMAPServer(tb testing.TB, username, password string, caps imap.CapSet) *IMAPServer {
	tb.Helper()
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(username, password)
	if err := user.Create("INBOX", nil); err != nil {
		tb.Fatal(err)
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         caps,
		InsecureAuth: true,
		Logger:       log.New(io.Discard, "", 0),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go srv.Serve(ln)
	tb.Cleanup(func() { srv.Close() })
	return &IMAPServer{Addr: ln.Addr().String(), User: user}
}
