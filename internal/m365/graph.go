package m365

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/clock"
	"github.com/regiogv/voortgang/internal/config"
)

// DefaultGraphURL is Microsoft Graph v1.0 in the global cloud.
const DefaultGraphURL = "https://graph.microsoft.com/v1.0"

// Graph is a minimal Microsoft Graph client for one mailbox: it adds the bearer token,
// turns error responses into *GraphError and knows the mailbox's base path.
type Graph struct {
	// BaseURL is DefaultGraphURL unless a national cloud or a test says otherwise.
	BaseURL string
	// Mailbox is the user principal name or address of the (shared) mailbox.
	Mailbox string
	Tokens  *TokenSource
	HTTP    *http.Client
}

// UserPath is /users/{mailbox} with the mailbox escaped, the root of every mail request.
func (g *Graph) UserPath() string { return "/users/" + url.PathEscape(g.Mailbox) }

// Do sends one request to path (relative to BaseURL, or an absolute URL such as an
// @odata.nextLink) and returns the response when its status is 2xx. Any other status is a
// *GraphError; the body is closed then. A 401 drops the cached token so that the next
// request gets a fresh one.
func (g *Graph) Do(ctx context.Context, method, path string, body []byte, contentType string) (*http.Response, error) {
	token, err := g.Tokens.Token(ctx)
	if err != nil {
		return nil, err
	}
	base := g.BaseURL
	if base == "" {
		base = DefaultGraphURL
	}
	target := strings.TrimRight(base, "/") + path
	if strings.HasPrefix(path, "https://") || strings.HasPrefix(path, "http://") {
		// A nextLink: the token goes only to the Graph host itself.
		u, err := url.Parse(path)
		b, _ := url.Parse(base)
		if err != nil || b == nil || u.Scheme != b.Scheme || u.Host != b.Host {
			return nil, &GraphError{Method: method, Path: redactPath(path), Err: fmt.Errorf("link naar een andere server dan %s", base)}
		}
		target = path
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return nil, fmt.Errorf("m365: graph: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	hc := g.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, &GraphError{Method: method, Path: redactPath(path), Err: err}
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	ge := &GraphError{Method: method, Path: redactPath(path), Status: resp.StatusCode,
		// An HTTP-date Retry-After is the server's wall time: the wall clock turns it into a
		// wait, whatever the process's clock says (run-once --at).
		RetryAfter: retryAfter(resp.Header.Get("Retry-After"), time.Now())}
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if json.Unmarshal(b, &e) == nil {
		ge.Code, ge.Message = e.Error.Code, e.Error.Message
	}
	if resp.StatusCode == http.StatusUnauthorized {
		g.Tokens.Invalidate()
	}
	return nil, ge
}

// JSON sends a request with a JSON body (nil: none) and decodes a JSON answer into out
// (nil: the answer is discarded).
func (g *Graph) JSON(ctx context.Context, method, path string, in, out any) error {
	var body []byte
	ctype := ""
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("m365: graph: %w", err)
		}
		body, ctype = b, "application/json"
	}
	resp, err := g.Do(ctx, method, path, body, ctype)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return &GraphError{Method: method, Path: redactPath(path), Status: resp.StatusCode, Err: fmt.Errorf("antwoord onleesbaar: %w", err)}
	}
	return nil
}

// redactPath keeps a nextLink's skip token (long and meaningless) out of errors.
func redactPath(p string) string {
	if i := strings.IndexByte(p, '?'); i >= 0 {
		return p[:i]
	}
	return p
}

// retryAfter reads Retry-After: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// GraphError is a failed Graph request: a status other than 2xx (with Graph's error code
// and message and the Retry-After it asked for), or no answer at all (Err).
type GraphError struct {
	Method, Path string
	Status       int
	Code         string
	Message      string
	RetryAfter   time.Duration
	Err          error
}

func (e *GraphError) Error() string {
	if e.Status == 0 {
		return fmt.Sprintf("m365: graph %s %s: %v", e.Method, e.Path, e.Err)
	}
	s := fmt.Sprintf("m365: graph %s %s: %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if e.Code != "" {
		s += ": " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (opnieuw na %s)", e.RetryAfter)
	}
	return s
}

func (e *GraphError) Unwrap() error { return e.Err }

// Temporary says whether the same request may succeed later: throttling (429), server
// trouble (5xx), no answer, and the errors that go away when the configuration or the
// permissions are fixed (401, 403, 404 for a mailbox not found). A 400 and the like are
// about the request itself.
func (e *GraphError) Temporary() bool {
	switch {
	case e.Status == 0:
		return true
	case e.Status == http.StatusTooManyRequests, e.Status >= 500:
		return true
	case e.Status == http.StatusUnauthorized, e.Status == http.StatusForbidden, e.Status == http.StatusNotFound:
		return true
	}
	return false
}

// IsThrottled reports whether err is Graph asking to slow down (429 or 503), and for how
// long when it said.
func IsThrottled(err error) (bool, time.Duration) {
	var ge *GraphError
	if errors.As(err, &ge) && (ge.Status == http.StatusTooManyRequests || ge.Status == http.StatusServiceUnavailable) {
		return true, ge.RetryAfter
	}
	return false, 0
}

// CredentialsFrom is the app registration the configuration describes.
func CredentialsFrom(o config.OAuth2) Credentials {
	return Credentials{TenantID: o.TenantID, ClientID: o.ClientID, ClientSecret: o.ClientSecret,
		CertificatePEM: o.Certificate, TokenURL: o.TokenURL}
}

// GraphFrom is the Graph client for the configured shared mailbox, with tokens on clk.
func GraphFrom(cfg *config.Config, clk clock.Clock, hc *http.Client) (*Graph, error) {
	ts, err := NewTokenSource(CredentialsFrom(cfg.Mail.OAuth2), ScopeGraph, clk, hc)
	if err != nil {
		return nil, err
	}
	return &Graph{BaseURL: cfg.Mail.OAuth2.GraphURL, Mailbox: cfg.Mail.GraphMailbox(), Tokens: ts, HTTP: hc}, nil
}
