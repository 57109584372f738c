// Package links makes and checks the signed, expiring, single-purpose tokens that stand in the
// links voortgang mails (the answer form, calendar feeds). A token names its purpose, the
// contact and period it is for, and when it expires; it is signed with HMAC-SHA256 under the
// daemon's secret key. Revocation is not the token's business: the caller checks the request
// it names against the store.
package links

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Purpose keeps a token made for one thing from opening another.
type Purpose string

const (
	Answer   Purpose = "answer"   // the answer form of one contact for one period
	Calendar Purpose = "calendar" // an iCalendar feed
	Device   Purpose = "device"   // a browser that signed in to the board before (its device cookie)
)

// Claims is what a token says.
type Claims struct {
	Purpose Purpose   `json:"p"`
	Subject string    `json:"s"`           // contact key (or feed scope)
	Period  string    `json:"r,omitempty"` // reporting period, e.g. 2026H2
	Request string    `json:"q,omitempty"` // status request key, to check revocation
	Expires time.Time `json:"e"`
}

var (
	// ErrInvalid is a token that was not made by us, was altered, or is for another purpose.
	ErrInvalid = errors.New("links: ongeldige link")
	// ErrExpired is a genuine token past its expiry.
	ErrExpired = errors.New("links: verlopen link")
)

// Signer makes and checks tokens under one key.
type Signer struct{ key []byte }

// NewSigner derives the link key from the daemon's secret, so the same secret can serve other
// purposes (sessions) without the keys being equal.
func NewSigner(secret []byte) *Signer {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("voortgang links v1"))
	return &Signer{key: m.Sum(nil)}
}

// Sign returns a URL-safe token.
func (s *Signer) Sign(c Claims) string {
	c.Expires = c.Expires.UTC().Truncate(time.Second)
	payload, _ := json.Marshal(c)
	p := base64.RawURLEncoding.EncodeToString(payload)
	return p + "." + base64.RawURLEncoding.EncodeToString(s.mac(p))
}

// Verify checks the signature, the purpose and the expiry, in that order.
func (s *Signer) Verify(token string, purpose Purpose, now time.Time) (Claims, error) {
	p, sig, ok := strings.Cut(token, ".")
	if !ok {
		return Claims{}, ErrInvalid
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac(p)) {
		return Claims{}, ErrInvalid
	}
	raw, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil {
		return Claims{}, ErrInvalid
	}
	var c Claims
	if err := json.Unmarshal(raw, &c); err != nil || c.Purpose != purpose {
		return Claims{}, ErrInvalid
	}
	if !now.Before(c.Expires) {
		return c, ErrExpired
	}
	return c, nil
}

func (s *Signer) mac(payload string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(payload))
	return m.Sum(nil)
}
