package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/links"
	"github.com/regiogv/voortgang/internal/store"
)

// Session defaults (Deps.SessionTTL, Deps.SessionIdle).
const (
	DefaultSessionTTL  = 12 * time.Hour
	DefaultSessionIdle = time.Hour
)

const sessionCookie = "voortgang_sessie"

// Login throttling. Every attempt is counted in advance, atomically, per account and per
// client address (store.BoardStore.LoginAttempt), so parallel guesses cannot slip past the
// check. The first free failures of a scope cost nothing; after that each failure makes the
// scope wait a short, growing delay (delayBase doubled per failure, at most delayMax) instead
// of a long lock, so a guesser slows down to a few hundred guesses a day while the owner of
// the account waits minutes at worst. A browser that signed in to the account before carries
// a signed device cookie; its attempts are throttled on that cookie alone, so someone else's
// guessing never blocks it. Failures are forgotten after failureMemory.
const (
	accountFreeFailures = 5
	clientFreeFailures  = 10 // an office behind one NAT address shares this budget
	delayBase           = 2 * time.Second
	delayMax            = 5 * time.Minute
	failureMemory       = 24 * time.Hour

	deviceCookie = "voortgang_apparaat"
	deviceTTL    = 180 * 24 * time.Hour
)

// growingDelay is the wait after failures failed attempts of a scope with free free ones.
func growingDelay(free int) func(failures int) time.Duration {
	return func(failures int) time.Duration {
		if failures < free {
			return 0
		}
		d := delayBase << min(failures-free, 20)
		return min(d, delayMax)
	}
}

var (
	accountDelay = growingDelay(accountFreeFailures)
	clientDelay  = growingDelay(clientFreeFailures)
)

// delayFor is the delay of a scope by its kind (store.BoardStore.LoginAttempt).
func delayFor(scope string, failures int) time.Duration {
	if strings.HasPrefix(scope, "ip:") {
		return clientDelay(failures)
	}
	return accountDelay(failures)
}

type ctxKey int

const userKey ctxKey = 1

// signedIn is the user of a request that passed requireUser.
func signedIn(r *http.Request) store.User {
	u, _ := r.Context().Value(userKey).(store.User)
	return u
}

func isCoordinator(u store.User) bool { return u.Role == store.RoleCoordinator }

// hashToken is what the sessions table keeps of a cookie value: a leaked table holds no
// working session.
func hashToken(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:])
}

// startSession creates a session for u and sets its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u store.User) error {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("web: session token: %w", err)
	}
	value := base64.RawURLEncoding.EncodeToString(raw)
	now := s.now()
	se := store.Session{Token: hashToken(value), UserKey: u.Key, CreatedAt: now, LastSeen: now, Expiry: now.Add(s.sessionTTL)}
	if err := s.deps.Store.CreateSession(r.Context(), se); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: value, Path: "/", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode}) // no Expires: a browser session cookie; the server ends it
	return nil
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// currentUser resolves the session cookie: the session must exist, not be past its absolute
// expiry or its idle timeout, and belong to an enabled user.
func (s *Server) currentUser(r *http.Request) (store.User, string, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return store.User{}, "", false
	}
	token := hashToken(c.Value)
	now := s.now()
	se, err := s.deps.Store.Session(r.Context(), token, now)
	if err != nil {
		return store.User{}, "", false
	}
	if now.Sub(se.LastSeen) > s.sessionIdle {
		s.deps.Store.DeleteSession(r.Context(), token)
		return store.User{}, "", false
	}
	u, err := s.deps.Store.User(r.Context(), se.UserKey)
	if err != nil || u.Disabled() {
		return store.User{}, "", false
	}
	if now.Sub(se.LastSeen) > time.Minute {
		if err := s.deps.Store.TouchSession(r.Context(), token, now); err != nil {
			s.log.Warn("web: touch session", "err", err)
		}
	}
	return u, token, true
}

// requireUser lets signed-in users through (coordinators only when coordinator is set).
// Others are sent to the login page (GET) or refused (anything else).
func (s *Server) requireUser(coordinator bool, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		u, _, ok := s.currentUser(r)
		if !ok {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/inloggen?terug="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.errorPage(w, r, http.StatusUnauthorized, errSignedOut)
			return
		}
		if coordinator && !isCoordinator(u) {
			s.errorPage(w, r, http.StatusForbidden, errForbidden)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), userKey, u)))
	})
}

// loginHandler serves the sign-in page and checks local passwords.
type loginHandler struct{ s *Server }

type loginData struct {
	Page
	Back      string
	User      string
	Error     string
	Notice    string
	OIDC      bool
	LocalOnly bool
}

// safeBack is the path to return to after signing in: only a local path.
func safeBack(v string) string {
	if !strings.HasPrefix(v, "/") || strings.HasPrefix(v, "//") || strings.HasPrefix(v, "/\\") || strings.HasPrefix(v, "/inloggen") {
		return "/"
	}
	return v
}

func (h *loginHandler) page(r *http.Request) loginData {
	lang := h.s.lang()
	d := loginData{Page: Page{Lang: lang, Title: label("login.title", lang), Board: true}, Back: safeBack(r.FormValue("terug")),
		OIDC: h.s.oidc != nil}
	if r.URL.Query().Get("uitgelogd") != "" {
		d.Notice = label("login.signedout", lang)
	}
	if r.URL.Query().Get("verlopen") != "" {
		d.Notice = label("login.expired", lang)
	}
	return d
}

func (h *loginHandler) show(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	if _, _, ok := h.s.currentUser(r); ok {
		http.Redirect(w, r, safeBack(r.URL.Query().Get("terug")), http.StatusSeeOther)
		return
	}
	h.s.render(w, r, http.StatusOK, "login", h.page(r))
}

func (h *loginHandler) submit(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		h.s.errorPage(w, r, http.StatusBadRequest, errBadForm)
		return
	}
	ctx := r.Context()
	lang := h.s.lang()
	d := h.page(r)
	name := strings.TrimSpace(r.PostForm.Get("gebruiker"))
	password := r.PostForm.Get("wachtwoord")
	d.User = name
	now := h.s.now()
	client := h.s.clientIP(r)
	u, err := h.s.deps.Store.User(ctx, name)
	if errors.Is(err, store.ErrNotFound) && strings.Contains(name, "@") {
		u, err = h.s.deps.Store.UserByEmail(ctx, name)
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		h.s.fail(w, r, "login user", err)
		return
	}
	found := err == nil
	account := "user:" + strings.ToLower(name)
	if found {
		account = "user:" + u.Key
	}
	// A known device of this account is throttled on its own; everyone else per account and
	// per client.
	scopes := []string{account, "ip:" + client}
	device := ""
	if found {
		device = h.s.knownDevice(r, u.Key)
	}
	if device != "" {
		scopes = []string{"device:" + device}
	}
	allowed, retry, err := h.s.deps.Store.LoginAttempt(ctx, scopes, now, failureMemory, delayFor)
	if err != nil {
		h.s.fail(w, r, "login throttle", err)
		return
	}
	if !allowed {
		secs := max(int(math.Ceil(retry.Sub(now).Seconds())), 1)
		h.s.log.Warn("web: sign-in throttled", "user", name, "ip", client, "retry_after", secs)
		d.Error = countLabel("login.locked", secs, lang)
		d.HasErrors = true
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		h.s.render(w, r, http.StatusTooManyRequests, "login", d)
		return
	}
	hash := u.PasswordHash
	if hash == "" {
		hash = dummyHash
	}
	ok := CheckPassword(hash, password) && found && u.PasswordHash != "" && !u.Disabled()
	if !ok {
		// The attempt was counted as a failure in advance: nothing more to record.
		h.s.log.Warn("web: sign-in failed", "user", name, "ip", client)
		d.Error = label("login.failed", lang)
		d.HasErrors = true
		h.s.render(w, r, http.StatusUnauthorized, "login", d)
		return
	}
	// The account (or the device) starts again from zero; the client gets this attempt back
	// but keeps its earlier failures, so one valid account cannot wash a guesser's address.
	clear, refund := scopes[:1], scopes[1:]
	if err := h.s.deps.Store.LoginSucceeded(ctx, clear, refund, delayFor); err != nil {
		h.s.fail(w, r, "login succeeded", err)
		return
	}
	if err := h.s.startSession(w, r, u); err != nil {
		h.s.fail(w, r, "start session", err)
		return
	}
	h.s.setDeviceCookie(w, u.Key, device)
	h.s.log.Info("web: signed in", "user", u.Key, "method", "password", "known_device", device != "")
	http.Redirect(w, r, d.Back, http.StatusSeeOther)
}

// knownDevice is the id of the browser's device cookie when it is genuine, unexpired and was
// set by a sign-in to account userKey; "" otherwise.
func (s *Server) knownDevice(r *http.Request, userKey string) string {
	c, err := r.Cookie(deviceCookie)
	if err != nil || c.Value == "" {
		return ""
	}
	cl, err := s.deps.Signer.Verify(c.Value, links.Device, s.now())
	if err != nil || cl.Subject != userKey || cl.Request == "" {
		return ""
	}
	return cl.Request
}

// setDeviceCookie marks the browser as a known device of userKey after a successful sign-in,
// keeping the id it already had (id "" makes a new one). The cookie is signed, so it cannot
// be forged for another account, and only sent to the sign-in page.
func (s *Server) setDeviceCookie(w http.ResponseWriter, userKey, id string) {
	if id == "" {
		raw := make([]byte, 16)
		if _, err := rand.Read(raw); err != nil {
			return // no device cookie: the next sign-in is throttled like any other
		}
		id = base64.RawURLEncoding.EncodeToString(raw)
	}
	v := s.deps.Signer.Sign(links.Claims{Purpose: links.Device, Subject: userKey, Request: id, Expires: s.now().Add(deviceTTL)})
	http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: v, Path: "/inloggen", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(deviceTTL / time.Second)})
}

// logout ends the session (POST only: a link could be triggered by another site).
func (h *loginHandler) logout(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := h.s.deps.Store.DeleteSession(r.Context(), hashToken(c.Value)); err != nil {
			h.s.fail(w, r, "logout", err)
			return
		}
	}
	h.s.clearSessionCookie(w)
	http.Redirect(w, r, "/inloggen?uitgelogd=1", http.StatusSeeOther)
}

// CoordinatorOnly serves h to signed-in coordinators only; everyone else is sent to the
// sign-in page (GET) or refused. The app puts the local mail catcher (/dev/mail/) behind it:
// the caught mail holds working answer links, which are as good as the owners' passwords.
func (s *Server) CoordinatorOnly(h http.Handler) http.Handler {
	return securityHeaders(s.secure, s.requireUser(true, h.ServeHTTP))
}
