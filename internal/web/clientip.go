package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientIP is the address the rate limits and the login throttle key on. It is the
// connection's remote address, unless that is one of the configured trusted proxies: then the
// forwarding chain (Forwarded, else X-Forwarded-For) is read from the right, skipping trusted
// proxies, and the first address that is not one of them is the client. Everything left of
// that hop was written by the client itself and proves nothing. Without trusted proxies the
// headers are ignored, so a client cannot pick its own bucket.
func (s *Server) clientIP(r *http.Request) string {
	remote := remoteAddr(r)
	if len(s.proxies) == 0 {
		return remote.String()
	}
	if !s.trusted(remote) {
		return remote.String()
	}
	hops := forwardedFor(r.Header)
	client := remote
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(hops[i])
		if err != nil {
			// An unreadable hop ("unknown", an obfuscated name): the proxy that wrote it is
			// the last address known.
			return client.String()
		}
		client = a.Unmap()
		if !s.trusted(client) {
			return client.String()
		}
	}
	return client.String()
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// remoteAddr is the connection's peer (the zero Addr when RemoteAddr does not parse, which
// net/http never produces).
func remoteAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

// forwardedFor lists the hops a request passed, oldest first: the for= parameters of the
// Forwarded headers (RFC 7239) when there are any, otherwise the X-Forwarded-For entries.
// Several header lines count as one list, in order. Entries keep their text when they are not
// addresses, so the caller can stop there.
func forwardedFor(h http.Header) []string {
	var hops []string
	for _, line := range h.Values("Forwarded") {
		for _, elem := range strings.Split(line, ",") {
			for _, pair := range strings.Split(elem, ";") {
				k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(k), "for") {
					continue
				}
				hops = append(hops, forwardedNode(strings.TrimSpace(v)))
			}
		}
	}
	if len(hops) > 0 {
		return hops
	}
	for _, line := range h.Values("X-Forwarded-For") {
		for _, v := range strings.Split(line, ",") {
			if v = strings.TrimSpace(v); v != "" {
				hops = append(hops, v)
			}
		}
	}
	return hops
}

// forwardedNode strips the quotes, brackets and port of a Forwarded node: "[2001:db8::1]:4711"
// → 2001:db8::1, 192.0.2.1:80 → 192.0.2.1.
func forwardedNode(v string) string {
	v = strings.Trim(v, `"`)
	if strings.HasPrefix(v, "[") {
		if end := strings.Index(v, "]"); end > 0 {
			return v[1:end]
		}
		return v
	}
	if host, _, err := net.SplitHostPort(v); err == nil {
		return host
	}
	return v
}
