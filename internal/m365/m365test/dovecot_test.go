package m365test

import (
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// waitGreeting ends as soon as the process exits, saying so, and returns once a server greets.
func TestWaitGreeting(t *testing.T) {
	cmd := exec.Command("sh", "-c", "exit 3")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	closed := net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t)))
	start := time.Now()
	err := waitGreeting(closed, exited, func() error { return waitErr }, time.Minute)
	if err == nil || !strings.Contains(err.Error(), "exited before it greeted") || !strings.Contains(err.Error(), "exit status 3") {
		t.Errorf("early exit: err = %v", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("early exit noticed after %v", d)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Write([]byte("* OK IMAP ready\r\n"))
			c.Close()
		}
	}()
	if err := waitGreeting(ln.Addr().String(), make(chan struct{}), func() error { return nil }, time.Minute); err != nil {
		t.Errorf("greeting server: %v", err)
	}
}
