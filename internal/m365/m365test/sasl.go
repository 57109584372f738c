package m365test

import (
	"bytes"
	"errors"
	"strings"

	"github.com/emersion/go-sasl"
)

// NewXOAUTH2Server is the server side of XOAUTH2 for go-smtp: it parses
// "user=U^Aauth=Bearer T^A^A" and calls verify(user, token). A refusal is answered the way
// Google and Microsoft document it: a JSON challenge, then the failure after the client's
// empty response.
func NewXOAUTH2Server(verify func(user, token string) error) sasl.Server {
	return &xoauth2Server{verify: verify}
}

type xoauth2Server struct {
	verify func(user, token string) error
	failed error
}

func (s *xoauth2Server) Next(response []byte) ([]byte, bool, error) {
	if s.failed != nil {
		return nil, true, s.failed
	}
	if response == nil {
		return []byte{}, false, nil // ask for the initial response
	}
	user, token, err := parseXOAUTH2(response)
	if err == nil {
		err = s.verify(user, token)
	}
	if err != nil {
		s.failed = err
		return []byte(`{"status":"401","schemes":"bearer","scope":"https://outlook.office365.com/.default"}`), false, nil
	}
	return nil, true, nil
}

func parseXOAUTH2(b []byte) (user, token string, err error) {
	if !bytes.HasSuffix(b, []byte("\x01\x01")) {
		return "", "", errors.New("xoauth2: response does not end in ^A^A")
	}
	for _, f := range strings.Split(string(b[:len(b)-2]), "\x01") {
		switch {
		case strings.HasPrefix(f, "user="):
			user = f[len("user="):]
		case strings.HasPrefix(f, "auth=Bearer "):
			token = f[len("auth=Bearer "):]
		default:
			return "", "", errors.New("xoauth2: unexpected field " + f)
		}
	}
	if user == "" || token == "" {
		return "", "", errors.New("xoauth2: user or token missing")
	}
	return user, token, nil
}
