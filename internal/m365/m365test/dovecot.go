package m365test

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Dovecot is Debian's Dovecot IMAP server started for one test from a temporary directory,
// on a loopback port, with an oauth2 passdb that verifies XOAUTH2 bearer tokens against the
// TokenServer's userinfo URL (introspection_mode = auth, as for Microsoft's identity
// platform). It runs as the test's user; as root it hands the login and mail processes to
// Debian's dovenull and dovecot users, which Dovecot requires.
type Dovecot struct {
	Addr string // 127.0.0.1:port, plain IMAP (loopback only)
	Log  string // path of Dovecot's log, shown when a test fails
}

// StartDovecot starts Dovecot or skips the test when it is not installed (fails under CI,
// where .ci/run installs it).
func StartDovecot(t testing.TB, tokens *TokenServer) *Dovecot {
	t.Helper()
	bin, err := exec.LookPath("dovecot")
	if err != nil {
		for _, p := range []string{"/usr/sbin/dovecot", "/usr/local/sbin/dovecot"} {
			if _, e := os.Stat(p); e == nil {
				bin, err = p, nil
			}
		}
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but dovecot is not installed (apt-get install dovecot-imapd)")
		}
		t.Skip("dovecot is not installed (apt-get install dovecot-imapd)")
	}
	// Dovecot's sockets live under base_dir, and a UNIX socket path is limited to 108
	// bytes: a short directory of its own rather than t.TempDir's long name.
	dir, err := os.MkdirTemp("", "dovecot")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil { // the unprivileged login processes traverse it
		t.Fatal(err)
	}
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	internalUser, loginUser, mailUID, mailGID := me.Username, me.Username, me.Uid, me.Gid
	group := me.Username
	if g, err := user.LookupGroupId(me.Gid); err == nil {
		group = g.Name
	}
	mailDir := filepath.Join(dir, "mail")
	if err := os.Mkdir(mailDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() == 0 {
		dc, err1 := user.Lookup("dovecot")
		_, err2 := user.Lookup("dovenull")
		if err1 != nil || err2 != nil {
			t.Fatal("running as root needs Debian's dovecot and dovenull users (dovecot-core)")
		}
		internalUser, loginUser, group = "dovecot", "dovenull", "dovecot"
		mailUID, mailGID = dc.Uid, dc.Gid
		uid, err1 := strconv.Atoi(dc.Uid)
		gid, err2 := strconv.Atoi(dc.Gid)
		if err1 != nil || err2 != nil {
			t.Fatalf("dovecot user: uid %q, gid %q are not numbers", dc.Uid, dc.Gid)
		}
		if err := os.Chown(mailDir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	port := freePort(t)
	conf := filepath.Join(dir, "dovecot.conf")
	oauth := filepath.Join(dir, "oauth2.conf.ext")
	write(t, oauth, fmt.Sprintf(`introspection_mode = auth
introspection_url = %s
username_attribute = mail
`, tokens.UserinfoURL))
	write(t, conf, fmt.Sprintf(`base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = xoauth2 oauthbearer
default_internal_user = %[2]s
default_internal_group = %[3]s
default_login_user = %[4]s
mail_location = maildir:%[5]s/%%u
mail_uid = %[6]s
mail_gid = %[7]s
first_valid_uid = 0
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = %[8]s
}
userdb {
  driver = static
  args = home=%[5]s/%%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = %[9]d
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
`, dir, internalUser, group, loginUser, mailDir, mailUID, mailGID, oauth, port))
	for _, d := range []string{"run", "state"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "-F", "-c", conf)
	out, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// exited is closed when the process has ended; waitErr is then its Wait error.
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	d := &Dovecot{Addr: fmt.Sprintf("127.0.0.1:%d", port), Log: filepath.Join(dir, "dovecot.log")}
	stdout := filepath.Join(dir, "stdout")
	t.Cleanup(func() {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Logf("dovecot: stop: %v", err)
		}
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			if err := cmd.Process.Kill(); err != nil {
				t.Logf("dovecot did not stop within 10 s of SIGINT, and kill failed: %v", err)
			}
			<-exited
		}
		out.Close()
		if t.Failed() {
			t.Logf("dovecot log:\n%s", logs(d.Log, stdout))
		}
	})
	if err := waitGreeting(d.Addr, exited, func() error { return waitErr }, 20*time.Second); err != nil {
		t.Fatalf("dovecot: %v\n%s", err, logs(d.Log, stdout))
	}
	return d
}

// waitGreeting waits until the IMAP server on addr greets, the process exits (exited is
// closed; waitErr tells how) or timeout passes. Dovecot is an external process with no
// readiness signal of its own but its greeting, so the port is tried with a growing pause
// (10 ms doubling to 250 ms); an early exit ends the wait at once.
func waitGreeting(addr string, exited <-chan struct{}, waitErr func() error, timeout time.Duration) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	pause := 10 * time.Millisecond
	for {
		if greeted(addr) {
			return nil
		}
		retry := time.NewTimer(pause)
		select {
		case <-exited:
			retry.Stop()
			return fmt.Errorf("exited before it greeted on %s: %v", addr, waitErr())
		case <-deadline.C:
			retry.Stop()
			return fmt.Errorf("no IMAP greeting on %s within %v", addr, timeout)
		case <-retry.C:
		}
		pause = min(2*pause, 250*time.Millisecond)
	}
}

// logs returns the contents of Dovecot's log files, or why one could not be read.
func logs(paths ...string) string {
	var b strings.Builder
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			fmt.Fprintf(&b, "(%s: %v)\n", filepath.Base(p), err)
			continue
		}
		b.Write(data)
	}
	return b.String()
}

func greeted(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	return err == nil && strings.HasPrefix(line, "* OK")
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func write(t testing.TB, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
