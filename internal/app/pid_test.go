//go:build unix

package app

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

func TestDeadPredecessorIsAnEndedProcessOnThisHost(t *testing.T) {
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	ended := cmd.ProcessState.Pid()
	dead := deadPredecessor("host-a", os.Getpid())
	for _, c := range []struct {
		holder string
		want   bool
	}{
		{fmt.Sprintf("host-a:%d", ended), true},
		{fmt.Sprintf("host-a:%d", os.Getppid()), false}, // alive
		{fmt.Sprintf("host-a:%d", os.Getpid()), false},  // this process
		{fmt.Sprintf("host-b:%d", ended), false},        // another host: wait for its lease
		{"replica-a", false},
		{"host-a:x", false},
	} {
		if got := dead(c.holder); got != c.want {
			t.Errorf("dead(%q) = %v, want %v", c.holder, got, c.want)
		}
	}
}
