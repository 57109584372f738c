package main

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

func TestMemoryLimitDefaultOnlyWithoutGOMEMLIMIT(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	// operatorSet stands for the limit the runtime read from GOMEMLIMIT before main.
	const operatorSet = 1 << 30
	for _, tc := range []struct {
		name    string
		env     map[string]string
		want    int64
		source  string
		wantErr string
	}{
		{"nothing set: the default", nil, defaultMemoryLimit, "default", ""},
		{"GOMEMLIMIT set: left as the runtime read it", map[string]string{"GOMEMLIMIT": "1GiB"}, operatorSet, "GOMEMLIMIT", ""},
		{"GOMEMLIMIT wins over VOORTGANG_MEMORY_LIMIT", map[string]string{"GOMEMLIMIT": "1GiB", "VOORTGANG_MEMORY_LIMIT": "64MiB"}, operatorSet, "GOMEMLIMIT", ""},
		{"GOMEMLIMIT=off: left off", map[string]string{"GOMEMLIMIT": "off"}, operatorSet, "GOMEMLIMIT", ""},
		{"VOORTGANG_MEMORY_LIMIT in MiB", map[string]string{"VOORTGANG_MEMORY_LIMIT": "200MiB"}, 200 << 20, "VOORTGANG_MEMORY_LIMIT", ""},
		{"VOORTGANG_MEMORY_LIMIT in bytes", map[string]string{"VOORTGANG_MEMORY_LIMIT": "150000000"}, 150000000, "VOORTGANG_MEMORY_LIMIT", ""},
		{"VOORTGANG_MEMORY_LIMIT in GiB", map[string]string{"VOORTGANG_MEMORY_LIMIT": "2GiB"}, 2 << 30, "VOORTGANG_MEMORY_LIMIT", ""},
		{"VOORTGANG_MEMORY_LIMIT=off", map[string]string{"VOORTGANG_MEMORY_LIMIT": "off"}, math.MaxInt64, "VOORTGANG_MEMORY_LIMIT", ""},
		{"a unit the runtime does not know", map[string]string{"VOORTGANG_MEMORY_LIMIT": "96MB"}, operatorSet, "", `VOORTGANG_MEMORY_LIMIT="96MB": geen geheugengrootte`},
		{"negative", map[string]string{"VOORTGANG_MEMORY_LIMIT": "-1MiB"}, operatorSet, "", "geen geheugengrootte"},
		{"zero", map[string]string{"VOORTGANG_MEMORY_LIMIT": "0"}, operatorSet, "", "off zet de limiet uit"},
		{"too large", map[string]string{"VOORTGANG_MEMORY_LIMIT": "9000000000TiB"}, operatorSet, "", "te groot"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			debug.SetMemoryLimit(operatorSet)
			got, err := applyMemoryLimit(func(k string) string { return tc.env[k] })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to say %q", err, tc.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if now := debug.SetMemoryLimit(-1); now != tc.want {
				t.Errorf("runtime limit = %d, want %d", now, tc.want)
			}
			if err == nil && (got.bytes != tc.want || got.source != tc.source) {
				t.Errorf("applyMemoryLimit = %+v, want %d from %s", got, tc.want, tc.source)
			}
		})
	}
}

func TestMemoryLimitLogAttrs(t *testing.T) {
	for _, tc := range []struct {
		limit memoryLimit
		want  string
	}{
		{memoryLimit{96 << 20, "default"}, "[limit=96MiB from=default]"},
		{memoryLimit{150000000, memoryLimitEnv}, "[limit=150000000 from=VOORTGANG_MEMORY_LIMIT]"},
		{memoryLimit{math.MaxInt64, "GOMEMLIMIT"}, "[limit=off from=GOMEMLIMIT]"},
	} {
		var parts []string
		for _, a := range tc.limit.logAttrs() {
			parts = append(parts, a.(interface{ String() string }).String())
		}
		if got := "[" + strings.Join(parts, " ") + "]"; got != tc.want {
			t.Errorf("logAttrs(%+v) = %s, want %s", tc.limit, got, tc.want)
		}
	}
}

// TestMemoryLimitInProcess starts the test binary as a real process (TestMain hands it to
// memoryLimitChild), so the runtime itself reads GOMEMLIMIT before applyMemoryLimit runs.
func TestMemoryLimitInProcess(t *testing.T) {
	var clean []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOMEMLIMIT=") && !strings.HasPrefix(kv, memoryLimitEnv+"=") {
			clean = append(clean, kv)
		}
	}
	for _, tc := range []struct {
		env  []string
		want int64
	}{
		{nil, defaultMemoryLimit},
		{[]string{"GOMEMLIMIT=123MiB"}, 123 << 20},
		{[]string{"GOMEMLIMIT=123MiB", memoryLimitEnv + "=64MiB"}, 123 << 20},
		{[]string{memoryLimitEnv + "=64MiB"}, 64 << 20},
	} {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(append(clean[:len(clean):len(clean)], "VOORTGANG_TEST_MEMLIMIT=1"), tc.env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", tc.env, err, out)
		}
		if got := strings.TrimSpace(string(out)); got != strconv.FormatInt(tc.want, 10) {
			t.Errorf("%v: limit in the process = %s, want %d", tc.env, got, tc.want)
		}
	}
}

// memoryLimitChild applies the limit as main does and prints the runtime's limit.
func memoryLimitChild() {
	if _, err := applyMemoryLimit(os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(debug.SetMemoryLimit(-1))
	os.Exit(0)
}

// TestMemoryLimitFitsTheHeapAtStart: the default is raised to twice the live heap when that
// is more than two thirds of it, never lowered, and a limit the operator chose stays.
func TestMemoryLimitFitsTheHeapAtStart(t *testing.T) {
	const mib = 1 << 20
	def := memoryLimit{bytes: defaultMemoryLimit, source: "default"}
	for _, tc := range []struct {
		name   string
		limit  memoryLimit
		live   uint64
		raised bool
		want   int64
	}{
		{"no collection yet", def, 0, false, defaultMemoryLimit},
		{"a regional installation", def, 8 * mib, false, defaultMemoryLimit},
		{"national scale, 500 programmes", def, 45 * mib, false, defaultMemoryLimit},
		{"just at two thirds", def, defaultMemoryLimit * 2 / 3, false, defaultMemoryLimit},
		{"just over two thirds", def, defaultMemoryLimit*2/3 + 1, true, 97 * mib},
		{"a thousand programmes", def, 90*mib + 1, true, 181 * mib},
		{"the operator's own limit", memoryLimit{bytes: 64 * mib, source: memoryLimitEnv}, 60 * mib, false, 64 * mib},
		{"GOMEMLIMIT", memoryLimit{bytes: 64 * mib, source: "GOMEMLIMIT"}, 60 * mib, false, 64 * mib},
	} {
		got, raised := tc.limit.fitToHeap(tc.live)
		if raised != tc.raised || got.bytes != tc.want {
			t.Errorf("%s: fitToHeap(%d) = %d (raised %v), want %d (raised %v)", tc.name, tc.live, got.bytes, raised, tc.want, tc.raised)
		}
		if raised && got.source == tc.limit.source {
			t.Errorf("%s: a raised limit still says it is %q", tc.name, got.source)
		}
	}
}
