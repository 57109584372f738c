package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/config"
)

func withTrustedProxies(cidrs ...string) option {
	return func(_ *config.Config, d *Deps) {
		for _, c := range cidrs {
			d.TrustedProxies = append(d.TrustedProxies, netip.MustParsePrefix(c))
		}
	}
}

func TestDelaysGrowAndStayShort(t *testing.T) {
	for _, tc := range []struct {
		failures int
		want     time.Duration
	}{{4, 0}, {5, 2 * time.Second}, {6, 4 * time.Second}, {8, 16 * time.Second}, {15, delayMax}, {1000, delayMax}} {
		if got := accountDelay(tc.failures); got != tc.want {
			t.Errorf("accountDelay(%d) = %v, want %v", tc.failures, got, tc.want)
		}
	}
	if clientDelay(clientFreeFailures-1) != 0 || clientDelay(clientFreeFailures) != delayBase {
		t.Errorf("clientDelay around %d free failures = %v, %v", clientFreeFailures, clientDelay(clientFreeFailures-1), clientDelay(clientFreeFailures))
	}
	if delayMax > 5*time.Minute {
		t.Errorf("delayMax = %v: a lock, not a delay", delayMax)
	}
}

// Fifteen wrong guesses used to lock the coordinator out for an hour. Now the guesser waits a
// growing delay, and the right password works once the (short) delay has passed.
func TestFifteenGuessesDelayButDoNotLock(t *testing.T) {
	e := setupBoard(t)
	guesser := e.browser()
	wrong := 0
	for wrong < 15 {
		r := guesser.signIn(coordKey, "verkeerd")
		switch r.code {
		case http.StatusUnauthorized:
			wrong++
		case http.StatusTooManyRequests:
			secs := r.header.Get("Retry-After")
			if secs == "" {
				t.Fatal("429 without Retry-After")
			}
			mustContain(t, r.body, "Er is te vaak een verkeerd wachtwoord ingevoerd. Probeer het over "+secs+" seconden opnieuw.")
			d, _ := time.ParseDuration(secs + "s")
			if d > delayMax {
				t.Fatalf("Retry-After %v is longer than delayMax", d)
			}
			e.clock.Advance(d)
		default:
			t.Fatalf("guess = %d", r.code)
		}
	}
	// Right after the fifteenth guess the account waits, at most delayMax.
	owner := e.browser()
	r := owner.signIn(coordKey, coordPass)
	if r.code != http.StatusTooManyRequests {
		t.Fatalf("right password right after the guesses = %d, want 429", r.code)
	}
	e.clock.Advance(delayMax)
	if r := owner.signIn(coordKey, coordPass); r.code != http.StatusSeeOther {
		t.Fatalf("right password after %v = %d, want 303", delayMax, r.code)
	}
	if th, err := e.store.LoginThrottle(context.Background(), "user:"+coordKey); err != nil || th.Failures != 0 {
		t.Errorf("account failures after success = %d (%v)", th.Failures, err)
	}
}

// Parallel guesses are counted atomically: of many simultaneous wrong passwords only the free
// budget gets an answer, the rest wait.
func TestParallelGuessesCannotExceedTheBudget(t *testing.T) {
	e := setupBoard(t)
	const parallel = 30
	codes := make(chan int, parallel)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := url.Values{"gebruiker": {coordKey}, "wachtwoord": {"verkeerd"}}
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/inloggen", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			<-start
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			codes <- resp.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	close(codes)
	counts := map[int]int{}
	for c := range codes {
		counts[c]++
	}
	if counts[http.StatusUnauthorized] != accountFreeFailures || counts[http.StatusTooManyRequests] != parallel-accountFreeFailures {
		t.Errorf("parallel guesses: %v, want %d×401 and the rest 429", counts, accountFreeFailures)
	}
}

// Someone guessing the coordinator's password does not keep the coordinator out: the browser
// she signed in with before carries a signed device cookie and is throttled on its own.
func TestKnownDeviceIsNotBlockedByOthersGuessing(t *testing.T) {
	e := setupBoard(t)
	laptop := e.signedIn(coordKey, coordPass)
	if laptop.device == nil || laptop.device.Path != "/inloggen" || !laptop.device.HttpOnly {
		t.Fatalf("no device cookie after sign-in: %+v", laptop.device)
	}
	laptop.post("/uitloggen", nil)

	guesser := e.browser()
	for range 12 {
		guesser.signIn(coordKey, "verkeerd")
	}
	if r := guesser.signIn(coordKey, coordPass); r.code != http.StatusTooManyRequests {
		t.Fatalf("guesser with the right password = %d, want 429", r.code)
	}
	if r := e.browser().signIn(coordKey, coordPass); r.code != http.StatusTooManyRequests {
		t.Fatalf("unknown browser = %d, want 429", r.code)
	}
	if r := laptop.signIn(coordKey, coordPass); r.code != http.StatusSeeOther {
		t.Fatalf("known device = %d, want 303", r.code)
	}

	// A device cookie of another account opens nothing, nor does an altered one.
	viewer := e.signedIn(viewerKey, viewerPass)
	thief := e.browser()
	thief.device = viewer.device
	if r := thief.signIn(coordKey, coordPass); r.code != http.StatusTooManyRequests {
		t.Errorf("another account's device cookie = %d, want 429", r.code)
	}
	forged := *laptop.device
	forged.Value = strings.Replace(forged.Value, ".", "x.", 1)
	thief.device = &forged
	if r := thief.signIn(coordKey, coordPass); r.code != http.StatusTooManyRequests {
		t.Errorf("forged device cookie = %d, want 429", r.code)
	}
}

// Behind a trusted proxy the throttle and the rate limit key on the client the proxy names;
// without one, forwarding headers change nothing.
func TestThrottleKeysOnTheRealClient(t *testing.T) {
	guessFrom := func(e *env, client string) *browser {
		b := e.browser()
		b.header = http.Header{"X-Forwarded-For": {client}}
		return b
	}
	t.Run("trusted proxy", func(t *testing.T) {
		e := setupBoard(t, withTrustedProxies("127.0.0.0/8", "::1/128"))
		// One client tries many accounts: its own budget runs out.
		a := guessFrom(e, "203.0.113.5")
		for i := range clientFreeFailures {
			if r := a.signIn("niemand"+itoa(int64(i)), "x"); r.code != http.StatusUnauthorized {
				t.Fatalf("guess %d = %d", i, r.code)
			}
		}
		if r := a.signIn(viewerKey, viewerPass); r.code != http.StatusTooManyRequests {
			t.Errorf("client after %d failures = %d, want 429", clientFreeFailures, r.code)
		}
		// Another client behind the same proxy is not affected.
		if r := guessFrom(e, "198.51.100.9").signIn(viewerKey, viewerPass); r.code != http.StatusSeeOther {
			t.Errorf("other client = %d, want 303", r.code)
		}
		if th, _ := e.store.LoginThrottle(context.Background(), "ip:203.0.113.5"); th.Failures != clientFreeFailures {
			t.Errorf("throttle of the real client = %+v", th)
		}
	})
	t.Run("no trusted proxy", func(t *testing.T) {
		e := setupBoard(t)
		for i := range clientFreeFailures {
			guessFrom(e, "203.0.113."+itoa(int64(i))).signIn("niemand"+itoa(int64(i)), "x")
		}
		// Every guess counted on the connection's address, whatever the header said.
		if r := guessFrom(e, "198.51.100.9").signIn(viewerKey, viewerPass); r.code != http.StatusTooManyRequests {
			t.Errorf("spoofed X-Forwarded-For escaped the throttle: %d", r.code)
		}
	})
	t.Run("rate limit", func(t *testing.T) {
		e := setup(t, withTrustedProxies("127.0.0.1/32", "::1/128"), withRateLimit(RateLimit{PerMinute: 1, Burst: 2, ClientFactor: 1}))
		get := func(client, path string) int {
			req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
			req.Header.Set("X-Forwarded-For", client)
			return e.do(req).code
		}
		for range 2 {
			if c := get("203.0.113.5", e.path); c != 200 {
				t.Fatalf("within burst = %d", c)
			}
		}
		if c := get("203.0.113.5", e.path); c != http.StatusTooManyRequests {
			t.Errorf("past the link's burst = %d, want 429", c)
		}
		// The client's bucket keys on the forwarded client, not on the proxy: the real client
		// has used its two, another client has not.
		_, other := e.link("hans-brouwer")
		if c := get("203.0.113.5", "/antwoord/"+other); c != http.StatusTooManyRequests {
			t.Errorf("the same client on another link = %d, want 429", c)
		}
		if c := get("198.51.100.9", "/antwoord/"+other); c != 200 {
			t.Errorf("another client = %d, want 200", c)
		}
	})
}

func TestClientIP(t *testing.T) {
	s := &Server{proxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}}
	for _, tc := range []struct {
		name, remote string
		header       http.Header
		want         string
	}{
		{"direct", "203.0.113.1:5000", nil, "203.0.113.1"},
		{"untrusted sender's header ignored", "203.0.113.1:5000", http.Header{"X-Forwarded-For": {"198.51.100.1"}}, "203.0.113.1"},
		{"trusted proxy", "10.0.0.2:443", http.Header{"X-Forwarded-For": {"198.51.100.1"}}, "198.51.100.1"},
		{"right-most untrusted hop", "10.0.0.2:443", http.Header{"X-Forwarded-For": {"6.6.6.6, 198.51.100.1, 10.1.1.1"}}, "198.51.100.1"},
		{"several header lines", "10.0.0.2:443", http.Header{"X-Forwarded-For": {"6.6.6.6", "198.51.100.1"}}, "198.51.100.1"},
		{"all trusted", "10.0.0.2:443", http.Header{"X-Forwarded-For": {"10.9.9.9"}}, "10.9.9.9"},
		{"garbage stops at the proxy", "10.0.0.2:443", http.Header{"X-Forwarded-For": {"198.51.100.1, nonsense"}}, "10.0.0.2"},
		{"no header", "10.0.0.2:443", nil, "10.0.0.2"},
		{"Forwarded", "10.0.0.2:443", http.Header{"Forwarded": {`for=6.6.6.6, for="[2001:db9::17]:4711";proto=https, for=10.3.3.3`}}, "2001:db9::17"},
		{"Forwarded wins over X-Forwarded-For", "10.0.0.2:443", http.Header{"Forwarded": {"for=192.0.2.60:8080;by=10.0.0.2"}, "X-Forwarded-For": {"6.6.6.6"}}, "192.0.2.60"},
		{"Forwarded unknown", "10.0.0.2:443", http.Header{"Forwarded": {"for=unknown"}}, "10.0.0.2"},
		{"IPv4-mapped proxy", "[::ffff:10.0.0.2]:443", http.Header{"X-Forwarded-For": {"198.51.100.1"}}, "198.51.100.1"},
		{"IPv6 proxy", "[2001:db8::1]:443", http.Header{"X-Forwarded-For": {"2001:db9::1"}}, "2001:db9::1"},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tc.remote
		for k, v := range tc.header {
			r.Header[k] = v
		}
		if got := s.clientIP(r); got != tc.want {
			t.Errorf("%s: clientIP = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestHSTSOnlyBehindHTTPS(t *testing.T) {
	e := setup(t, withBaseURL("https://voortgang.regio.example.org"))
	if got := e.get("/inloggen").header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
		t.Errorf("https base URL: Strict-Transport-Security = %q", got)
	}
	plain := setup(t, withBaseURL("http://localhost:8080"))
	if got := plain.get("/inloggen").header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("http base URL: Strict-Transport-Security = %q, want none", got)
	}
}
