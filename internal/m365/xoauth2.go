package m365

import (
	"errors"
	"fmt"

	"github.com/emersion/go-sasl"
)

// XOAUTH2 is the name of the SASL mechanism Exchange Online (and Gmail, and Dovecot with an
// oauth2 passdb) accepts for IMAP and SMTP with an OAuth 2.0 access token.
const XOAUTH2 = "XOAUTH2"

// NewXOAUTH2Client returns the SASL client for user (the mailbox address) and an access
// token. go-sasl has OAUTHBEARER but not XOAUTH2, which is what Exchange Online speaks:
// the initial response is "user=USER^Aauth=Bearer TOKEN^A^A".
func NewXOAUTH2Client(user, token string) sasl.Client {
	return &xoauth2Client{user: user, token: token}
}

type xoauth2Client struct {
	user, token string
}

func (c *xoauth2Client) Start() (string, []byte, error) {
	return XOAUTH2, XOAUTH2Response(c.user, c.token), nil
}

// Next is called when the server refuses: it then sends a JSON error as a challenge and
// waits for an empty response before giving the final failure.
func (c *xoauth2Client) Next(challenge []byte) ([]byte, error) {
	if len(challenge) == 0 {
		return nil, errors.New("m365: XOAUTH2: onverwachte lege uitdaging van de server")
	}
	return []byte{}, nil
}

// XOAUTH2Response is the initial client response of XOAUTH2.
func XOAUTH2Response(user, token string) []byte {
	return fmt.Appendf(nil, "user=%s\x01auth=Bearer %s\x01\x01", user, token)
}
