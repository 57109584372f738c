package main

import (
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
)

// defaultMemoryLimit is the Go runtime's soft memory limit when the operator sets none. At
// national scale (500 programmes, about 9,000 contacts) the live heap is about 45 MB at the
// pass's peak; with the default GOGC of 100 the collector lets the heap grow to twice that
// before it collects, and with a limit of 96 MiB a restart still peaked at 130 MB resident.
// At 72 MiB it peaks at 107 MB, in the same time. Near this limit the collector works
// harder instead; it never fails an allocation. An installation that outgrows it gets a
// higher limit at start (fitToHeap), so a larger one is not slowed down by the default.
const defaultMemoryLimit = 72 << 20

// memoryLimitEnv changes the default; GOMEMLIMIT, the runtime's own variable, wins over it.
const memoryLimitEnv = "VOORTGANG_MEMORY_LIMIT"

// memoryLimit is the soft memory limit in force and where it came from, for the log line at
// start.
type memoryLimit struct {
	bytes  int64  // math.MaxInt64: no limit
	source string // "GOMEMLIMIT", memoryLimitEnv or "default"
}

// applyMemoryLimit sets the runtime's soft memory limit unless the operator set GOMEMLIMIT,
// which the runtime has applied before main runs: VOORTGANG_MEMORY_LIMIT when set (the
// GOMEMLIMIT syntax: 96MiB, 1GiB, a number of bytes, or off), else defaultMemoryLimit.
func applyMemoryLimit(getenv func(string) string) (memoryLimit, error) {
	if getenv("GOMEMLIMIT") != "" {
		return memoryLimit{bytes: debug.SetMemoryLimit(-1), source: "GOMEMLIMIT"}, nil
	}
	limit := memoryLimit{bytes: defaultMemoryLimit, source: "default"}
	if v := getenv(memoryLimitEnv); v != "" {
		n, err := parseByteCount(v)
		if err != nil {
			return memoryLimit{}, fmt.Errorf("voortgang: %s=%q: %w", memoryLimitEnv, v, err)
		}
		limit = memoryLimit{bytes: n, source: memoryLimitEnv}
	}
	debug.SetMemoryLimit(limit.bytes)
	return limit, nil
}

// fitToHeap raises a default limit that the installation has outgrown: when the live heap
// after start-up (programmes and configuration loaded, plans reconciled) is more than two
// thirds of the limit, the collector would run nearly without pause once the pass adds its
// working set, so the limit becomes twice the live heap, rounded up to whole MiB. A limit
// the operator chose (GOMEMLIMIT, VOORTGANG_MEMORY_LIMIT) is never changed. live is 0 when
// no collection has run yet, and then nothing changes.
func (m memoryLimit) fitToHeap(live uint64) (memoryLimit, bool) {
	if m.source != "default" || live == 0 || live*3 <= uint64(m.bytes)*2 {
		return m, false
	}
	const mib = 1 << 20
	return memoryLimit{bytes: int64((2*live + mib - 1) / mib * mib), source: "default, raised for the heap at start"}, true
}

// fitMemoryLimit applies fitToHeap to the limit main set, with the runtime's live heap, and
// logs when it raised it.
func fitMemoryLimit(e env, log *slog.Logger) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	live := sample[0].Value.Uint64()
	if m, ok := e.memLimit.fitToHeap(live); ok {
		debug.SetMemoryLimit(m.bytes)
		log.Warn("memory limit raised: the live heap after start is close to the default; set "+memoryLimitEnv+" to choose one",
			append(m.logAttrs(), slog.Int64("live_heap_mib", int64(live>>20)))...)
	}
}

// logAttrs describes the limit for the log: its size in MiB (in bytes when not whole MiB),
// or "off". A command run
// in-process by a test has no limit from main; it logs the runtime's.
func (m memoryLimit) logAttrs() []any {
	if m.source == "" {
		m = memoryLimit{bytes: debug.SetMemoryLimit(-1), source: "runtime"}
	}
	size := "off"
	switch {
	case m.bytes == math.MaxInt64:
	case m.bytes%(1<<20) == 0:
		size = strconv.FormatInt(m.bytes>>20, 10) + "MiB"
	default:
		size = strconv.FormatInt(m.bytes, 10)
	}
	return []any{slog.String("limit", size), slog.String("from", m.source)}
}

// byteUnits are the suffixes GOMEMLIMIT accepts.
var byteUnits = []struct {
	suffix string
	shift  uint
}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}

// parseByteCount reads a size the way the runtime reads GOMEMLIMIT: a non-negative integer
// with an optional unit (B, KiB, MiB, GiB, TiB), or "off" for no limit.
func parseByteCount(s string) (int64, error) {
	if s == "off" {
		return math.MaxInt64, nil
	}
	num, shift := s, uint(0)
	for _, u := range byteUnits {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			num, shift = n, u.shift
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("geen geheugengrootte (bijv. 96MiB, 1GiB of off)")
	}
	if n == 0 {
		// The runtime takes 0 and then collects without pause; whoever writes it means off.
		return 0, fmt.Errorf("0 laat de garbage collector onophoudelijk werken; off zet de limiet uit")
	}
	if n > math.MaxInt64>>shift {
		return 0, fmt.Errorf("geheugengrootte te groot")
	}
	return n << shift, nil
}
