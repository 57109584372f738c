package inbox

import (
	"strings"
)

// authFailure reads the Authentication-Results header fields of a message (values, top-most
// first) and returns the checks that failed ("DMARC", "SPF"), or nil.
//
// Only one field counts: the one our own receiving server added. A server prepends its field
// above the ones that came with the message, so that is the top-most field, or, when
// authservID (mail.authserv_id) is set, the top-most field with that authserv-id: a sender
// can put any Authentication-Results in a message, but not above the receiving server's, and
// with authservID set a field from elsewhere is never read. A forged field claiming "pass"
// below ours changes nothing; one claiming "fail" only sends the sender's own mail to the
// postvak.
func authFailure(values []string, authservID string) []string {
	authservID = strings.ToLower(strings.TrimSpace(authservID))
	for _, v := range values {
		id, results := parseAuthResults(v)
		if authservID != "" && id != authservID {
			continue
		}
		var failed []string
		for _, method := range []string{"dmarc", "spf"} {
			if results[method] == "fail" {
				failed = append(failed, strings.ToUpper(method))
			}
		}
		return failed
	}
	return nil
}

// parseAuthResults splits one Authentication-Results value (RFC 8601) into its authserv-id
// and the result of each method ("spf" → "fail"), all lower case. Comments are dropped; a
// method reported twice keeps its first result.
func parseAuthResults(v string) (string, map[string]string) {
	v = strings.ToLower(stripComments(v))
	parts := strings.Split(v, ";")
	id := ""
	if f := strings.Fields(parts[0]); len(f) > 0 {
		id = f[0] // an optional version number may follow
	}
	results := map[string]string{}
	for _, p := range parts[1:] {
		f := strings.Fields(p)
		if len(f) == 0 {
			continue
		}
		method, result, ok := strings.Cut(f[0], "=")
		if !ok {
			continue
		}
		method, _, _ = strings.Cut(method, "/") // dkim/1=pass: a method version
		if _, seen := results[method]; !seen {
			results[method] = result
		}
	}
	return id, results
}

// stripComments removes (nested) parenthesised comments from a header value.
func stripComments(v string) string {
	var b strings.Builder
	depth := 0
	for _, r := range v {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}
