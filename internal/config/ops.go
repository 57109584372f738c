package config

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Environment variables of the operator's settings.
const (
	EnvMetricsListen  = "VOORTGANG_METRICS_LISTEN"
	EnvMetricsToken   = "VOORTGANG_METRICS_TOKEN" // secret, environment only
	EnvTrustedProxies = "VOORTGANG_TRUSTED_PROXIES"
)

// HTTP configures how the web server sees its clients.
type HTTP struct {
	// TrustedProxies are the reverse proxies (IP addresses or CIDR ranges) whose
	// X-Forwarded-For / Forwarded headers are believed. Empty: the connection's address is the
	// client, and forwarding headers are ignored (anyone can set them).
	TrustedProxies []string `yaml:"trusted_proxies"`

	proxies []netip.Prefix
}

// Proxies are the parsed trusted_proxies (an address is a /32 or /128 prefix).
func (h HTTP) Proxies() []netip.Prefix { return h.proxies }

// Metrics configures the Prometheus endpoint /metrics. It is served on Listen (a separate
// address, typically reachable only from the monitoring network), or on the main listener
// behind Token; with neither it is not served at all.
type Metrics struct {
	Listen string `yaml:"listen"` // host:port; "" = not on a separate address
	// Token is the bearer token Prometheus sends (Authorization: Bearer …). Environment only.
	// Required when /metrics is on the main listener; optional on a separate one.
	Token string `yaml:"token,omitempty" envonly:"VOORTGANG_METRICS_TOKEN"`
}

// Enabled reports whether /metrics is served anywhere.
func (m Metrics) Enabled() bool { return m.Listen != "" || m.Token != "" }

// Retention is how long rows that only matter for a while are kept, in days; 0 keeps them
// forever. The audit log is never pruned.
type Retention struct {
	// DeliveryAttempts: recorded delivery attempts of outbox messages (the message itself and
	// its final state stay).
	DeliveryAttempts int `yaml:"delivery_attempts_days"`
	// Sessions: board sessions, counted from their expiry.
	Sessions int `yaml:"sessions_days"`
	// InboundBodies: the raw bytes and text of processed inbound mail (answers, auto-replies,
	// bounces, rejected quarantine); the headers and outcome stay.
	InboundBodies int `yaml:"inbound_bodies_days"`
	// DraftVersions: older versions of a period's report draft; the newest version of every
	// period always stays.
	DraftVersions int `yaml:"draft_versions_days"`
}

// Days turns a retention setting into a duration (0 when kept forever).
func Days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

func defaultRetention() Retention {
	return Retention{DeliveryAttempts: 180, Sessions: 30, InboundBodies: 90, DraftVersions: 365}
}

func (v *validator) ops() {
	c := v.c
	c.HTTP.proxies = nil
	for i, p := range c.HTTP.TrustedProxies {
		key := fmt.Sprintf("http.trusted_proxies[%d]", i)
		p = strings.TrimSpace(p)
		if pr, err := netip.ParsePrefix(p); err == nil {
			c.HTTP.proxies = append(c.HTTP.proxies, pr.Masked())
		} else if a, err := netip.ParseAddr(p); err == nil {
			a = a.Unmap()
			c.HTTP.proxies = append(c.HTTP.proxies, netip.PrefixFrom(a, a.BitLen()))
		} else {
			v.add(key, "%q is geen IP-adres of CIDR-bereik (bijvoorbeeld 10.0.0.0/8 of 192.0.2.10)", p)
		}
	}
	if m := c.Metrics.Listen; m != "" {
		if _, port, err := net.SplitHostPort(m); err != nil {
			v.add("metrics.listen", "%q is geen adres met poort (bijvoorbeeld 127.0.0.1:9090)", m)
		} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
			v.add("metrics.listen", "poort %q is ongeldig", port)
		} else if m == c.Listen && p != 0 {
			v.add("metrics.listen", "is hetzelfde adres als listen: laat het leeg en zet %s om /metrics achter een token op de hoofdpoort te zetten", EnvMetricsToken)
		}
	}
	if t := c.Metrics.Token; t != "" && len(t) < 16 {
		v.add("metrics.token", "te kort: %d tekens, minstens 16 nodig (%s)", len(t), EnvMetricsToken)
	}
	r := c.Retention
	for _, f := range []struct {
		key string
		n   int
	}{{"retention.delivery_attempts_days", r.DeliveryAttempts}, {"retention.sessions_days", r.Sessions},
		{"retention.inbound_bodies_days", r.InboundBodies}, {"retention.draft_versions_days", r.DraftVersions}} {
		if f.n < 0 {
			v.add(f.key, "%d is negatief (0 bewaart voor altijd)", f.n)
		}
	}
}

// splitList splits a comma- or space-separated environment value.
func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
}
