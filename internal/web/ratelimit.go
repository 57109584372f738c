package web

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
)

// RateLimit is a token bucket per link (the token in the path): Burst requests at once,
// refilled at PerMinute. Requests with a token are also limited per client IP, with a bucket
// ClientFactor times as large, so an office behind one NAT address can open many links at
// once while a script guessing tokens (a new token each request) is still stopped. Requests
// without a token (the sign-in form) are limited per client IP with the link's bucket.
type RateLimit struct {
	PerMinute float64
	Burst     int
	// ClientFactor scales the per-client bucket of requests with a token; 0 means
	// DefaultClientFactor.
	ClientFactor float64
}

// DefaultRateLimit is generous for a person filling in a form and tight for a script hammering
// one link.
var DefaultRateLimit = RateLimit{PerMinute: 30, Burst: 10, ClientFactor: DefaultClientFactor}

// DefaultClientFactor lets ten people behind one address use their links at full speed.
const DefaultClientFactor = 10

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

// limits are the answer form's two buckets: per link and per client.
type limits struct {
	link   *limiter // key "t:"+token; also "ip:"+address for requests without a token
	client *limiter // key address, only for requests with a token
}

func newLimits(rl RateLimit, clk clock.Clock) limits {
	f := rl.ClientFactor
	if f <= 0 {
		f = DefaultClientFactor
	}
	client := RateLimit{PerMinute: rl.PerMinute * f, Burst: int(math.Ceil(float64(rl.Burst) * f))}
	return limits{link: newLimiter(rl, clk), client: newLimiter(client, clk)}
}

// allow takes a token from the link's bucket and then from the client's; a request refused by
// its link's bucket takes nothing from the client's, so one hammered link does not lock out
// the colleagues behind the same address.
func (ls limits) allow(r *http.Request, ip string) (bool, time.Duration) {
	token := r.PathValue("token")
	if token == "" {
		return ls.link.allow("ip:" + ip)
	}
	if ok, wait := ls.link.allow("t:" + token); !ok {
		return false, wait
	}
	return ls.client.allow(ip)
}

// limit answers 429 with a Retry-After header once the link's or the client's bucket is empty.
func (s *Server) limit(next http.Handler) http.Handler {
	return s.limitWith(func(r *http.Request) (bool, time.Duration) { return s.limiter.allow(r, s.clientIP(r)) }, next)
}

// limitFeed is limit with the calendar feeds' own buckets, per client.
func (s *Server) limitFeed(next http.Handler) http.Handler {
	return s.limitWith(func(r *http.Request) (bool, time.Duration) { return s.feedLimiter.allow(s.clientIP(r)) }, next)
}

func (s *Server) limitWith(allow func(*http.Request) (bool, time.Duration), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := allow(r)
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
