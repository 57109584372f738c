package web

import (
	"context"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
)

// resign decodes a token's payload, replaces old by new in it and encodes it again: an
// altered link that keeps the original signature.
func resign(t *testing.T, payload, old, new string) string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil || !strings.Contains(string(raw), old) {
		t.Fatalf("payload %q: %v", raw, err)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(raw), old, new, 1)))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func slogTo(b *strings.Builder) *slog.Logger { return slog.New(slog.NewTextHandler(b, nil)) }

func handlerFunc(f func()) http.Handler {
	return http.HandlerFunc(func(http.ResponseWriter, *http.Request) { f() })
}

// serve runs one GET through h in memory.
func serve(h http.Handler) response {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/antwoord/x", nil))
	return response{code: rec.Code, header: rec.Header(), body: rec.Body.String()}
}

func (e *env) itemsOf(contactKey string) []cycle.Item {
	e.t.Helper()
	p, _ := config.ParsePeriod(period)
	r, err := e.cycle.LoadRound(context.Background(), p)
	if err != nil {
		e.t.Fatal(err)
	}
	return r.Items[contactKey]
}
