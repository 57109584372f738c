package email

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"

	"github.com/regiogv/voortgang/internal/m365"
)

// GraphSender delivers through Microsoft Graph's sendMail for the shared mailbox. The
// composed MIME is uploaded as it is (base64, Content-Type text/plain), so the Message-ID,
// In-Reply-To and the rendered templates are exactly what SMTP would carry; Exchange saves
// a MIME message in the mailbox's Sent Items. Graph takes the recipients from the To and Cc
// header fields, which Compose writes from the Message's To and Cc.
type GraphSender struct {
	Graph *m365.Graph
}

// NewGraphSender sends from g's mailbox.
func NewGraphSender(g *m365.Graph) *GraphSender { return &GraphSender{Graph: g} }

// Send posts the message to /users/{mailbox}/sendMail. Throttling (429, 503) and other
// temporary failures come back as a temporary *SendError with the Retry-After Graph asked
// for, which the outbox honours.
func (s *GraphSender) Send(ctx context.Context, m Message, raw []byte) error {
	if _, _, err := envelope(m); err != nil {
		return &SendError{Stage: "message", Err: err}
	}
	if len(raw) == 0 {
		return &SendError{Stage: "message", Err: errors.New("email: empty message")}
	}
	body := make([]byte, base64.StdEncoding.EncodedLen(len(raw)))
	base64.StdEncoding.Encode(body, raw)
	resp, err := s.Graph.Do(ctx, http.MethodPost, s.Graph.UserPath()+"/sendMail", body, "text/plain")
	if err != nil {
		return graphSendError(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return nil
}

// graphSendError classifies a Graph failure the way SMTP failures are: a token refusal or
// a missing permission is temporary (fixed in Entra ID, then the next try works), a 400 is
// about the message itself.
func graphSendError(err error) *SendError {
	var ge *m365.GraphError
	if errors.As(err, &ge) {
		stage := "deliver"
		switch {
		case ge.Status == 0:
			stage = "connect"
		case ge.Status == http.StatusUnauthorized || ge.Status == http.StatusForbidden:
			stage = "auth"
		}
		return &SendError{Temporary: ge.Temporary(), Code: ge.Status, Stage: stage, Err: err, RetryAfter: ge.RetryAfter}
	}
	// No token: the endpoint refused the credentials or could not be reached.
	return &SendError{Temporary: true, Stage: "auth", Err: err}
}

// Close does nothing: every message is one HTTPS request.
func (s *GraphSender) Close() error { return nil }
