// Package web is voortgang's HTTP user interface: the answer form that owners reach through
// the signed link in their status request (GET/POST /antwoord/{token}), and the coordinators'
// board (routes.go: overview, period, tasks with CSV export, action, drafts, calendar with
// iCalendar feeds, and the postvak of quarantined reply mail) behind a sign-in with local
// passwords (argon2id) or OpenID Connect. Pages are server-rendered html/template pages, one
// Go file per page with typed page data, parsed from embedded templates at start-up so that a
// broken template fails New (and the tests), never a user's request. Everything works without
// JavaScript.
//
// The answer form records through cycle.Service.RecordAnswers; the board writes through the
// Store (store.go: the methods the pages use, checked against both drivers when the tests
// build) and logs every change in the audit log. Links are checked with
// links.Signer and revocation against the store. No GET changes state.
//
// Board sessions live server-side (the sessions table keeps a SHA-256 of the cookie value);
// the cookie is HttpOnly, SameSite=Lax and Secure behind https. Sign-in is throttled per
// account and per client. Viewers see the board but change nothing and never see the owners'
// answer texts, the messages or the audit trail; coordinators see and change everything.
//
// Security choices:
//
//   - CSRF: the whole handler is wrapped in http.CrossOriginProtection, which refuses
//     cross-site non-safe requests using Sec-Fetch-Site (all current browsers) or Origin. There
//     is deliberately no per-form CSRF token: the form is reached only through a secret signed
//     link, and every browser that can submit it sends one of those headers. Requests without
//     either header (curl, old browsers) are let through, which is why no GET may change state.
//   - Every response carries a strict Content-Security-Policy (no inline script or style; the
//     CSS is served from /static/), X-Content-Type-Options: nosniff and Referrer-Policy:
//     no-referrer, because the answer token is part of the URL. Pages behind a token are
//     Cache-Control: no-store.
//   - /antwoord/ is rate limited per link (its token) and per client IP together (small
//     in-memory token buckets): behind an office NAT all clients share one address, so its
//     bucket is ten times the link's (RateLimit.ClientFactor). The IP is the connection's
//     remote address, or, when that is a configured trusted proxy, the right-most untrusted
//     hop of Forwarded / X-Forwarded-For (clientip.go). Forwarding headers from anyone else
//     are ignored.
//   - Sign-in is throttled per account and per client with short growing delays, counted
//     atomically in the store; a browser that signed in before (a signed device cookie) is
//     throttled on its own, so guessing by others never locks the owner out (auth.go).
//   - Behind an https base URL every response carries Strict-Transport-Security.
//   - Panics are recovered into a 500 page and logged; users never see a stack trace.
package web

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"path"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/links"
	"github.com/regiogv/voortgang/internal/proposal"
	"github.com/regiogv/voortgang/internal/store"
)

//go:embed templates static
var assets embed.FS

// Deps are what the web server needs. Cycle, Store, Config, Signer and Clock are required;
// a nil Log discards.
type Deps struct {
	Cycle  *cycle.Service
	Store  Store // store.Store has all it declares
	Config *config.Config
	Signer *links.Signer
	Clock  clock.Clock
	Log    *slog.Logger
	// RateLimit limits requests to /antwoord/ per link and per client IP; the zero value
	// means DefaultRateLimit.
	RateLimit RateLimit
	// FeedRateLimit limits calendar feed requests per client IP, in buckets of their own; the
	// zero value means DefaultFeedRateLimit.
	FeedRateLimit RateLimit

	// BuildDraft builds, stores and announces a new version of the report draft of a period
	// (app.App.BuildDraft); by is the signed-in user's key. Nil hides the "nieuw concept
	// maken" button.
	BuildDraft func(ctx context.Context, p config.Period, by string) (store.Draft, error)
	// AcceptPlan accepts the held reconcile of programme with fingerprint on by's word and
	// applies it (app.App.AcceptPlan, which audits it); ErrNotFound when that hold is gone.
	// Nil hides the button of the held-plan banner.
	AcceptPlan func(ctx context.Context, programme, fingerprint, by string) error
	// OIDC enables sign-in through OpenID Connect (see OIDCFrom); nil means local
	// passwords only.
	OIDC *OIDC
	// SessionTTL is the longest a board session lasts (DefaultSessionTTL when zero);
	// SessionIdle ends it earlier after that long without a request (DefaultSessionIdle).
	SessionTTL, SessionIdle time.Duration
	// TrustedProxies are the reverse proxies whose forwarding headers name the client
	// (config.HTTP.Proxies); nil trusts none.
	TrustedProxies []netip.Prefix
	// CalendarFeedTTL is how long a calendar feed link shown on the board stays valid
	// (DefaultCalendarFeedTTL when zero).
	CalendarFeedTTL time.Duration
	// Proposals changes programmes from the board (edit, proposal with its plan diff,
	// confirm, versions, restore); nil hides those pages.
	Proposals *proposal.Service
}

// Server serves the web pages. Create it with New.
type Server struct {
	deps    Deps
	log     *slog.Logger
	pages   map[string]*template.Template
	limiter limits
	// feedLimiter is the calendar feeds' own rate limit.
	feedLimiter *limiter
	handler     http.Handler

	totals  totalsCache
	choices chooserOptions

	sessionTTL  time.Duration
	sessionIdle time.Duration
	feedTTL     time.Duration
	secure      bool // the base URL is https: cookies are Secure, and HSTS is sent
	proxies     []netip.Prefix
	oidc        *oidcLogin
}

// New parses the embedded templates and builds the routes. Like template.Must it panics when
// an embedded template does not parse or a required dependency is missing: both are
// programming errors, caught by the package's tests before any user sees them.
func New(deps Deps) *Server {
	if deps.Cycle == nil || deps.Store == nil || deps.Config == nil || deps.Signer == nil || deps.Clock == nil {
		panic("web: Deps.Cycle, Store, Config, Signer and Clock are required")
	}
	log := deps.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	pages, err := parsePages(assets)
	if err != nil {
		panic(err)
	}
	rl := deps.RateLimit
	if rl.PerMinute <= 0 || rl.Burst <= 0 {
		rl = DefaultRateLimit
	}
	frl := deps.FeedRateLimit
	if frl.PerMinute <= 0 || frl.Burst <= 0 {
		frl = DefaultFeedRateLimit
	}
	s := &Server{deps: deps, log: log, pages: pages, limiter: newLimits(rl, deps.Clock), feedLimiter: newLimiter(frl, deps.Clock),
		sessionTTL: cmp.Or(deps.SessionTTL, DefaultSessionTTL), sessionIdle: cmp.Or(deps.SessionIdle, DefaultSessionIdle),
		feedTTL: cmp.Or(deps.CalendarFeedTTL, DefaultCalendarFeedTTL),
		secure:  strings.HasPrefix(strings.ToLower(deps.Config.BaseURL), "https://"), proxies: deps.TrustedProxies}
	if deps.OIDC != nil {
		s.oidc = &oidcLogin{s: s, cfg: *deps.OIDC}
	}

	mux := http.NewServeMux()
	static, err := fs.Sub(assets, "static")
	if err != nil {
		panic(fmt.Errorf("web: %w", err))
	}
	mux.Handle("GET /static/", staticHandler(static))
	answer := &answerHandler{s: s}
	mux.Handle("GET /antwoord/{token}", s.limit(http.HandlerFunc(answer.show)))
	mux.Handle("POST /antwoord/{token}", s.limit(http.HandlerFunc(answer.submit)))
	thanks := &thanksHandler{s: s}
	mux.Handle("GET /antwoord/{token}/bedankt", s.limit(http.HandlerFunc(thanks.show)))
	s.boardRoutes(mux)
	mux.HandleFunc("/", s.notFound)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOrigin))
	s.handler = securityHeaders(s.secure, s.recoverPanics(cop.Handler(mux)))
	return s
}

// Handler is the HTTP surface of the web pages: /antwoord/…, the board (see boardRoutes),
// /static/ and a 404 page for everything else. The app mounts it next to its own endpoints (/healthz, /readyz, /dev/mail/).
func (s *Server) Handler() http.Handler { return s.handler }

// lang is the language of the pages: English when configured, Dutch otherwise.
func (s *Server) lang() string { return i18n.Lang(s.deps.Config.Language) }

// parsePages parses every templates/*.html except layout.html into its own template set with
// the layout and the partials (templates/partials/*.html), keyed by file name without .html.
func parsePages(fsys fs.FS) (map[string]*template.Template, error) {
	files, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	partials, err := fs.Glob(fsys, "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" {
			continue
		}
		set := append([]string{"templates/layout.html", f}, partials...)
		t, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(fsys, set...)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		pages[name] = t
	}
	if len(pages) == 0 {
		return nil, errors.New("web: geen templates gevonden")
	}
	return pages, nil
}

// Page is what every page's data embeds: the layout reads it.
type Page struct {
	Lang  string
	Title string
	// HasErrors prefixes the document title with "Fout:" so screen reader users hear it first.
	HasErrors bool
	// Board marks the board's pages (sign-in included): a wider layout and the footer that
	// mentions the session cookie.
	Board bool
	// Nav is the board's navigation for a signed-in user; nil on the answer form.
	Nav *Nav
}

// T looks up a label in the page's language.
func (p Page) T(key string) string { return label(key, p.Lang) }

// N is the label of a counted thing, singular or plural: key+".one" for one ("1 mijlpaal
// verlopen"), key with the number for any other count ("3 mijlpalen verlopen").
func (p Page) N(key string, n int) string { return countLabel(key, n, p.Lang) }

func countLabel(key string, n int, lang string) string {
	if n == 1 {
		if _, ok := labels[key+".one"]; ok {
			return label(key+".one", lang)
		}
	}
	return fmt.Sprintf(label(key, lang), n)
}

// render executes page into a buffer first, so a failing template never sends half a page,
// then writes it with status code.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, page string, data any) {
	t, ok := s.pages[page]
	if !ok {
		s.log.Error("web: unknown page", "page", page)
		http.Error(w, "Er ging iets mis.", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		s.log.Error("web: render", "page", page, "path", redactPath(r.URL.Path), "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte("Er ging iets mis bij het tonen van deze pagina. Probeer het later opnieuw.\n"))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// securityHeaders sets the headers every response carries. Behind an https base URL that
// includes Strict-Transport-Security, so a browser never again tries the board over plain
// http (where a network in between could read the session cookie). Without includeSubDomains:
// the Regio's other hosts are not ours to decide for.
func securityHeaders(https bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		if https {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panic into a logged error and a 500 page. http.ErrAbortHandler is
// re-raised: it is how a handler deliberately aborts a response.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("web: panic", "method", r.Method, "path", redactPath(r.URL.Path), "panic", fmt.Sprint(v))
			s.errorPage(w, r, http.StatusInternalServerError, "internal")
		}()
		next.ServeHTTP(w, r)
	})
}

// noStore marks a response as not to be cached (pages behind a token).
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
}

// staticHandler serves the embedded assets, without directory listings.
func staticHandler(static fs.FS) http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}

// redactPath hides the token in /antwoord/{token} and /kalender/feed/{token}.ics paths, so
// logs do not hold working links.
func redactPath(p string) string {
	if _, ok := strings.CutPrefix(p, "/kalender/feed/"); ok {
		return "/kalender/feed/…"
	}
	rest, ok := strings.CutPrefix(p, "/antwoord/")
	if !ok {
		return p
	}
	if _, tail, found := strings.Cut(rest, "/"); found {
		return "/antwoord/…/" + tail
	}
	return "/antwoord/…"
}

// now is the server's clock.
func (s *Server) now() time.Time { return s.deps.Clock.Now() }
