package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-co-op/gocron/v2"

	"github.com/regiogv/voortgang/internal/testsupport/national"
)

// maxRSS runs cmd to its end and returns its peak resident set in MB: the highest VmHWM in
// /proc/<pid>/status, read every 20 ms while it runs (the high-water mark only grows, so
// only a peak in the last few milliseconds could be missed). Not getrusage's ru_maxrss: Go
// starts a child with CLONE_VM|CLONE_VFORK, so at exec the kernel folds the parent's
// high-water mark (this benchmark's own process, which wrote 500 programmes) into the
// child's ru_maxrss, and every child reports at least the benchmark's peak.
// It also returns what the command wrote.
func maxRSS(b *testing.B, cmd *exec.Cmd) (float64, []byte) {
	b.Helper()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		b.Fatalf("%v: %v", cmd.Args, err)
	}
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	peak := 0
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if kb := vmHWM(status); kb > peak {
			peak = kb
		}
		select {
		case err := <-done:
			if err != nil {
				b.Fatalf("%v: %v\n%s", cmd.Args, err, out.Bytes())
			}
			if peak == 0 {
				b.Fatal("no VmHWM in /proc: this benchmark needs Linux")
			}
			return float64(peak) / 1024, out.Bytes()
		case <-tick.C:
		}
	}
}

// vmHWM is the VmHWM line of a /proc status file in KB (0 when unreadable, e.g. the
// process is gone).
func vmHWM(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return kb
		}
	}
	return 0
}

// BenchmarkServeRSS measures the peak memory of voortgang at national scale
// (VOORTGANG_BENCH_PROGRAMMES copies, default 500, ≈ 437,500 tasks, own contacts): a first
// start on an empty store (run-once on the 2026H2 request day: reconcile every programme,
// the pass that asks every contact, delivering every request into the mail catcher), and a
// restart (run-once again: unchanged files, nothing due). It compares them with gocron
// holding one one-time job per task, the design the scheduler avoids (it runs a few
// periodic jobs and keeps the plan in the store): once under the soft memory limit voortgang
// logged it ran under (its default, or GOMEMLIMIT / VOORTGANG_MEMORY_LIMIT from this
// process's environment), so the ratio compares like with like, and once without a limit,
// Go's default. Run once:
//
//	go test ./bench -run '^$' -bench ServeRSS -benchtime 1x -timeout 60m
func BenchmarkServeRSS(b *testing.B) {
	n := programmes()
	dir := b.TempDir()
	bin := filepath.Join(dir, "voortgang")
	build := exec.Command("go", "build", "-o", bin, "../cmd/voortgang")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	cfg, wf := national.Write(b, "..", dir, n, national.Own)
	run := func() *exec.Cmd {
		cmd := exec.Command(bin, "run-once", "--config", cfg, "--at", "2026-12-15T09:00:00+01:00")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "VOORTGANG_DB="+filepath.Join(dir, "v.db"), "VOORTGANG_WORKFLOWS="+wf,
			"VOORTGANG_SECRET_KEY="+secret, "VOORTGANG_SMTP_URL=")
		return cmd
	}
	for b.Loop() {
		t0 := time.Now()
		first, out := maxRSS(b, run())
		firstTook := time.Since(t0)
		limit := loggedLimit(b, out)
		mails, _ := filepath.Glob(filepath.Join(dir, "data", "mail", "*"))
		t0 = time.Now()
		restart, _ := maxRSS(b, run())
		restartTook := time.Since(t0)

		jobs := n * 875
		gocronRSS := func(goMemLimit string) float64 {
			helper := exec.Command(os.Args[0], "-test.run", "^TestGocronHelper$")
			helper.Env = append(os.Environ(), "VOORTGANG_GOCRON_JOBS="+strconv.Itoa(jobs), "GOMEMLIMIT="+goMemLimit)
			rss, _ := maxRSS(b, helper)
			return rss
		}
		gc, gcFree := gocronRSS(limit), gocronRSS("off")
		worst := max(first, restart)

		b.ReportMetric(first, "first-start-MB")
		b.ReportMetric(restart, "restart-MB")
		b.ReportMetric(gc, "gocron-jobs-MB")
		b.ReportMetric(gc/worst, "gocron-ratio")
		b.ReportMetric(gcFree, "gocron-nolimit-MB")
		b.ReportMetric(gcFree/worst, "gocron-nolimit-ratio")
		b.Logf("%d programmes, memory limit %s: first start %.0f MB (%v, %d files in the catcher), restart %.0f MB (%v); gocron with %d one-time jobs %.0f MB under the same limit (%.1fx), %.0f MB without one (%.1fx)",
			n, limit, first, firstTook.Round(time.Second), len(mails), restart, restartTook.Round(time.Second), jobs, gc, gc/worst, gcFree, gcFree/worst)
	}
}

// loggedLimit is the soft memory limit voortgang logged at start ("memory limit" in its JSON
// log), in GOMEMLIMIT's syntax.
func loggedLimit(b *testing.B, out []byte) string {
	b.Helper()
	for line := range strings.Lines(string(out)) {
		var rec struct{ Msg, Limit string }
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "memory limit" {
			return rec.Limit
		}
	}
	b.Fatalf("voortgang logged no memory limit:\n%s", out)
	return ""
}

// TestGocronHelper is the process BenchmarkServeRSS measures: gocron holding
// VOORTGANG_GOCRON_JOBS one-time jobs, one per task. Without the variable it does nothing.
func TestGocronHelper(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("VOORTGANG_GOCRON_JOBS"))
	if n == 0 {
		t.Skip("run by BenchmarkServeRSS")
	}
	s, err := gocron.NewScheduler()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(365 * 24 * time.Hour)
	for i := range n {
		if _, err := s.NewJob(gocron.OneTimeJob(gocron.OneTimeJobStartDateTime(start.Add(time.Duration(i)*time.Minute))),
			gocron.NewTask(func(context.Context) {}), gocron.WithName(fmt.Sprintf("taak-%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	s.Start()
	if err := s.Shutdown(); err != nil {
		t.Fatal(err)
	}
}
