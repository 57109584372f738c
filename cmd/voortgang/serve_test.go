package main

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for the voortgang binary: with VOORTGANG_TEST_MAIN
// set it runs main() with the given arguments, so the daemon can be started as a real process.
func TestMain(m *testing.M) {
	if os.Getenv("VOORTGANG_TEST_MEMLIMIT") == "1" {
		memoryLimitChild()
		return
	}
	if os.Getenv("VOORTGANG_TEST_MAIN") == "1" {
		os.Args = append([]string{"voortgang"}, strings.Fields(os.Getenv("VOORTGANG_TEST_ARGS"))...)
		main()
		return
	}
	os.Exit(m.Run())
}

func TestServeStopsOnSIGTERM(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0])
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Dir = dir // the mail catcher writes to data/mail below the working directory
	cmd.Env = append(os.Environ(),
		"VOORTGANG_TEST_MAIN=1", "VOORTGANG_TEST_ARGS=serve",
		"VOORTGANG_CONFIG="+filepath.Join(root, "config/voortgang.example.yaml"),
		"VOORTGANG_WORKFLOWS="+filepath.Join(root, "workflows"),
		"VOORTGANG_DB="+filepath.Join(dir, "voortgang.db"),
		"VOORTGANG_LISTEN=127.0.0.1:0",
	)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	addr := regexp.MustCompile(`"addr":"([^"]+)"`)
	var base string
	limitLogged := 0
	deadline := time.After(60 * time.Second)
	for base == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the daemon exited before it listened")
			}
			if strings.Contains(l, `"msg":"memory limit","limit":`) {
				limitLogged++
			}
			if m := addr.FindStringSubmatch(l); m != nil {
				base = "http://" + m[1]
			}
		case <-deadline:
			cmd.Process.Kill()
			t.Fatal("the daemon did not start listening")
		}
	}
	if limitLogged != 1 {
		t.Errorf("the daemon logged its memory limit %d times before it listened, want once", limitLogged)
	}
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("/readyz = %d", resp.StatusCode)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		for l := range lines {
			_ = l
		}
		done <- cmd.Wait()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("the daemon exited with %v after SIGTERM, want 0", err)
		}
	case <-ctx.Done():
		cmd.Process.Kill()
		t.Fatal("the daemon did not stop within 10 seconds of SIGTERM")
	}
}
