package web

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
)

// RateLimit is a token bucket per client IP: Burst requests at once, refilled at PerMinute.
type RateLimit struct {
	PerMinute float64
	Burst     int
}

// DefaultRateLimit is generous for a person filling in a form and tight for a script guessing
// tokens.
var DefaultRateLimit = RateLimit{PerMinute: 30, Burst: 10}

// DefaultFeedRateLimit is the calendar feeds' own budget: calendar programs poll every few
// hours, so a client asking more often than this is guessing tokens. A separate bucket keeps
// a busy subscriber from using up the answer form's budget and the reverse.
var DefaultFeedRateLimit = RateLimit{PerMinute: 12, Burst: 12}

// limiter is a tiny in-memory token bucket per key (golang.org/x/time/rate is not among the
// project's modules). Buckets idle long enough to be full again are dropped on a sweep, so
// the map stays small.
type limiter struct {
	rate  float64 // tokens per second
	burst float64
	clock clock.Clock

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rl RateLimit, clk clock.Clock) *limiter {
	return &limiter{rate: rl.PerMinute / 60, burst: float64(rl.Burst), clock: clk, buckets: map[string]*bucket{}}
}

// allow takes a token for key; when none is left it returns false and how long until one is.
func (l *limiter) allow(key string) (bool, time.Duration) {
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = math.Min(l.burst, b.tokens+elapsed*l.rate)
	}
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	return false, wait
}

// sweep drops buckets that have refilled completely, at most once a minute.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < time.Minute {
		return
	}
	l.lastSweep = now
	full := time.Duration(l.burst / l.rate * float64(time.Second))
	for k, b := range l.buckets {
		if now.Sub(b.last) > full {
			delete(l.buckets, k)
		}
	}
}

// limit answers 429 with a Retry-After header once the client's bucket is empty.
func (s *Server) limit(next http.Handler) http.Handler { return s.limitWith(s.limiter, next) }

// limitFeed is limit with the calendar feeds' own buckets.
func (s *Server) limitFeed(next http.Handler) http.Handler { return s.limitWith(s.feedLimiter, next) }

func (s *Server) limitWith(l *limiter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := l.allow(s.clientIP(r))
		if !ok {
			secs := int(math.Ceil(wait.Seconds()))
			if secs < 1 {
				secs = 1
			}
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			s.log.Warn("web: rate limited", "ip", s.clientIP(r), "path", redactPath(r.URL.Path))
			s.errorPage(w, r, http.StatusTooManyRequests, errRateLimited)
			return
		}
		next.ServeHTTP(w, r)
	})
}
