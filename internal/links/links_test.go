package links

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSignVerify(t *testing.T) {
	s := NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	c := Claims{Purpose: Answer, Subject: "hilversum-bo", Period: "2026H2", Request: "sr/hilversum-bo/2026H2", Expires: now.Add(72 * time.Hour)}
	tok := s.Sign(c)

	got, err := s.Verify(tok, Answer, now)
	if err != nil || got.Subject != "hilversum-bo" || got.Period != "2026H2" || got.Request != c.Request {
		t.Fatalf("Verify = %+v, %v", got, err)
	}
	cases := []struct {
		name    string
		token   string
		purpose Purpose
		at      time.Time
		want    error
	}{
		{"verlopen", tok, Answer, now.Add(72 * time.Hour), ErrExpired},
		{"ander doel", tok, Calendar, now, ErrInvalid},
		{"aangepaste inhoud", strings.Replace(tok, tok[:4], "eyJx", 1), Answer, now, ErrInvalid},
		{"andere sleutel", NewSigner([]byte("another secret key of 32 bytes!!")).Sign(c), Answer, now, ErrInvalid},
		{"geen punt", "abc", Answer, now, ErrInvalid},
		{"leeg", "", Answer, now, ErrInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Verify(tc.token, tc.purpose, tc.at); !errors.Is(err, tc.want) {
				t.Errorf("Verify error = %v, want %v", err, tc.want)
			}
		})
	}
	if strings.ContainsAny(tok, "+/=") {
		t.Errorf("token %q is not URL-safe", tok)
	}
}
