package inbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/regiogv/voortgang/internal/m365"
)

// Reader is what reads the reply mailbox: the IMAP Poller or the GraphPoller.
type Reader interface {
	// PollOnce processes what is in the mailbox now and returns how many messages it moved.
	PollOnce(ctx context.Context) (int, error)
	// Start reads the mailbox in the background until Stop.
	Start(ctx context.Context) error
	Stop()
	// SetLeader makes the running loop read only while leader reports true (PollOnce does
	// not ask); call it before Start.
	SetLeader(leader func(ctx context.Context) bool)
}

var (
	_ Reader = (*Poller)(nil)
	_ Reader = (*GraphPoller)(nil)
)

// graphPageSize is $top of a listing: Graph's maximum for messages is 1000, its default 10.
const graphPageSize = 100

// graphOverlap is how far before the newest processed message the next listing starts:
// receivedDateTime has whole seconds and replicas' clocks are not ours, and what was moved
// away does not show up again anyway.
const graphOverlap = 5 * time.Minute

// GraphPoller reads the reply folder of the shared mailbox through Microsoft Graph, as the
// IMAP Poller does: every message is fetched as raw MIME ($value), processed, and only after
// processing committed moved to the processed or the quarantine folder (created when
// missing). A listing asks only for messages received since the oldest one not yet handled
// (receivedDateTime), and pages through @odata.nextLink; all pages are read before anything
// is moved, because moving shifts the pages ($skip) still to come.
type GraphPoller struct {
	g      *m365.Graph
	folder string // well-known name (inbox) or display name of a top-level folder
	proc   MessageProcessor
	opts   PollerOptions

	mu        sync.Mutex // one pass at a time
	folderIDs map[string]string
	since     time.Time // list messages received at or after this (minus graphOverlap)

	run struct {
		sync.Mutex
		cancel context.CancelFunc
		done   chan struct{}
	}
	// afterPass, when set, is called after every pass of the running loop (tests).
	afterPass func(n int, err error)
}

// NewGraphPoller reads folder ("" = inbox) of g's mailbox. The folders, interval, clock
// and log come from opts; TLS options do not apply.
// The clock is required.
func NewGraphPoller(g *m365.Graph, folder string, proc MessageProcessor, opts PollerOptions) (*GraphPoller, error) {
	if folder == "" {
		folder = "inbox"
	}
	if opts.ProcessedFolder == "" {
		opts.ProcessedFolder = "Verwerkt"
	}
	if opts.QuarantineFolder == "" {
		opts.QuarantineFolder = "Quarantaine"
	}
	if opts.Interval <= 0 {
		opts.Interval = defaultInterval
	}
	if opts.LeaderCheck <= 0 {
		opts.LeaderCheck = defaultLeaderCheck
	}
	if opts.Clock == nil {
		return nil, errors.New("inbox: PollerOptions.Clock ontbreekt")
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &GraphPoller{g: g, folder: folder, proc: proc, opts: opts, folderIDs: map[string]string{}}, nil
}

// graphMessage is what a listing says about one message.
type graphMessage struct {
	ID               string    `json:"id"`
	ReceivedDateTime time.Time `json:"receivedDateTime"`
	InternetID       string    `json:"internetMessageId"`
}

// PollOnce lists the folder and handles every message in it. A message whose processing
// failed stays for the next pass; its error is returned (joined) after the others. A
// throttled request ends the pass with an error saying how long Graph asked to wait.
func (p *GraphPoller) PollOnce(ctx context.Context) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	src, err := p.folders(ctx)
	if err != nil {
		return 0, err
	}
	msgs, err := p.list(ctx, src)
	if err != nil {
		return 0, err
	}
	var errs []error
	n := 0
	var oldestFailed time.Time
	for _, m := range msgs {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		moved, err := p.handle(ctx, m)
		if err != nil {
			if throttled, _ := m365.IsThrottled(err); throttled {
				return n, err
			}
			p.opts.Log.Error("inbound mail not processed; retried next pass", "id", m.InternetID, "err", err)
			errs = append(errs, err)
			if oldestFailed.IsZero() {
				oldestFailed = m.ReceivedDateTime
			}
			continue
		}
		if moved {
			n++
		}
		if oldestFailed.IsZero() && m.ReceivedDateTime.After(p.since) {
			p.since = m.ReceivedDateTime
		}
	}
	return n, errors.Join(errs...)
}

// sourcePath is the folder's path: a well-known name directly, else its id.
func (p *GraphPoller) sourcePath(ctx context.Context) (string, error) {
	if strings.EqualFold(p.folder, "inbox") {
		return p.g.UserPath() + "/mailFolders/inbox", nil
	}
	id, err := p.folderID(ctx, p.folder)
	if err != nil {
		return "", err
	}
	return p.g.UserPath() + "/mailFolders/" + url.PathEscape(id), nil
}

// list reads every page of the folder's messages received since p.since, oldest first.
func (p *GraphPoller) list(ctx context.Context, folderPath string) ([]graphMessage, error) {
	since := time.Time{}
	if !p.since.IsZero() {
		since = p.since.Add(-graphOverlap)
	}
	q := url.Values{}
	q.Set("$select", "id,receivedDateTime,internetMessageId")
	q.Set("$filter", "receivedDateTime ge "+since.UTC().Format("2006-01-02T15:04:05Z"))
	q.Set("$orderby", "receivedDateTime asc")
	q.Set("$top", fmt.Sprint(graphPageSize))
	next := folderPath + "/messages?" + strings.ReplaceAll(q.Encode(), "+", "%20")
	var all []graphMessage
	for page := 0; next != ""; page++ {
		if page > 10000 {
			return nil, errors.New("inbox: graph: te veel pagina's; klopt @odata.nextLink?")
		}
		var resp struct {
			Value    []graphMessage `json:"value"`
			NextLink string         `json:"@odata.nextLink"`
		}
		if err := p.g.JSON(ctx, http.MethodGet, next, nil, &resp); err != nil {
			return nil, fmt.Errorf("inbox: map %s lezen: %w", p.folder, err)
		}
		all = append(all, resp.Value...)
		next = resp.NextLink
	}
	return all, nil
}

// handle fetches, processes and moves one message.
func (p *GraphPoller) handle(ctx context.Context, m graphMessage) (bool, error) {
	msgPath := p.g.UserPath() + "/messages/" + url.PathEscape(m.ID)
	resp, err := p.g.Do(ctx, http.MethodGet, msgPath+"/$value", nil, "")
	if err != nil {
		var ge *m365.GraphError
		if errors.As(err, &ge) && ge.Status == http.StatusNotFound {
			return false, nil // moved meanwhile (another replica)
		}
		return false, fmt.Errorf("inbox: bericht %s ophalen: %w", m.InternetID, err)
	}
	limit := p.opts.fetchLimit()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	size := resp.ContentLength
	resp.Body.Close()
	if err != nil {
		return false, fmt.Errorf("inbox: bericht %s ophalen: %w", m.InternetID, err)
	}
	if int64(len(raw)) > limit {
		// As over IMAP: only the header block is recorded, the message waits whole in the
		// quarantine folder.
		if size < int64(len(raw)) {
			size = int64(len(raw))
		}
		p.opts.Log.Warn("inbound mail too large to fetch; its headers are recorded and it is moved to quarantine", "id", m.InternetID, "size", size)
		if rec, ok := p.proc.(UnreadRecorder); ok {
			if _, err := rec.QuarantineUnread(ctx, headerBlock(raw), size, p.opts.Clock.Now()); err != nil {
				return false, err
			}
		}
		return true, p.move(ctx, msgPath, p.opts.QuarantineFolder)
	}
	folder, err := p.opts.process(ctx, p.proc, raw)
	if err != nil {
		return false, err
	}
	// Only now that the outcome is committed does the message leave the folder; a crash
	// before the move makes the next pass process it again, without effect.
	return true, p.move(ctx, msgPath, folder)
}

// headerBlock is the header of a raw message up to and including the empty line.
func headerBlock(raw []byte) []byte {
	for _, sep := range []string{"\r\n\r\n", "\n\n"} {
		if i := strings.Index(string(raw), sep); i >= 0 {
			return raw[:i+len(sep)]
		}
	}
	return raw
}

func (p *GraphPoller) move(ctx context.Context, msgPath, folder string) error {
	id, err := p.folderID(ctx, folder)
	if err != nil {
		return err
	}
	err = p.g.JSON(ctx, http.MethodPost, msgPath+"/move", map[string]string{"destinationId": id}, nil)
	var ge *m365.GraphError
	if errors.As(err, &ge) && ge.Status == http.StatusNotFound {
		delete(p.folderIDs, folder) // the folder may have been removed: look it up again next time
	}
	if err != nil {
		return fmt.Errorf("inbox: verplaatsen naar %s: %w", folder, err)
	}
	return nil
}

// folderID finds the top-level folder with this display name, creating it when missing.
func (p *GraphPoller) folderID(ctx context.Context, name string) (string, error) {
	if id, ok := p.folderIDs[name]; ok {
		return id, nil
	}
	find := func() (string, error) {
		q := url.Values{}
		q.Set("$filter", "displayName eq '"+strings.ReplaceAll(name, "'", "''")+"'")
		q.Set("$select", "id,displayName")
		var resp struct {
			Value []struct {
				ID          string `json:"id"`
				DisplayName string `json:"displayName"`
			} `json:"value"`
		}
		path := p.g.UserPath() + "/mailFolders?" + strings.ReplaceAll(q.Encode(), "+", "%20")
		if err := p.g.JSON(ctx, http.MethodGet, path, nil, &resp); err != nil {
			return "", fmt.Errorf("inbox: map %s zoeken: %w", name, err)
		}
		for _, f := range resp.Value {
			if strings.EqualFold(f.DisplayName, name) {
				return f.ID, nil
			}
		}
		return "", nil
	}
	id, err := find()
	if err != nil {
		return "", err
	}
	if id == "" {
		var created struct {
			ID string `json:"id"`
		}
		err := p.g.JSON(ctx, http.MethodPost, p.g.UserPath()+"/mailFolders", map[string]string{"displayName": name}, &created)
		var ge *m365.GraphError
		switch {
		case errors.As(err, &ge) && ge.Status == http.StatusConflict: // created meanwhile by another replica
			if id, err = find(); err != nil {
				return "", err
			}
		case err != nil:
			return "", fmt.Errorf("inbox: map %s aanmaken: %w", name, err)
		default:
			id = created.ID
		}
		if id == "" {
			return "", fmt.Errorf("inbox: map %s niet gevonden en niet aan te maken", name)
		}
	}
	p.folderIDs[name] = id
	return id, nil
}

// Start polls in the background every interval until Stop or until ctx ends. After a
// failed pass it waits with backoff, at least as long as a throttling Graph asked.
func (p *GraphPoller) Start(ctx context.Context) error {
	p.run.Lock()
	defer p.run.Unlock()
	if p.run.cancel != nil {
		return errors.New("inbox: poller draait al")
	}
	ctx, cancel := context.WithCancel(ctx)
	p.run.cancel, p.run.done = cancel, make(chan struct{})
	go func() {
		defer close(p.run.done)
		p.loop(ctx)
	}()
	return nil
}

// Stop ends the loop and waits for it.
func (p *GraphPoller) Stop() {
	p.run.Lock()
	cancel, done := p.run.cancel, p.run.done
	p.run.cancel = nil
	p.run.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
}

// SetLeader sets PollerOptions.Leader; call it before Start.
func (p *GraphPoller) SetLeader(leader func(ctx context.Context) bool) {
	p.opts.Leader = leader
}

func (p *GraphPoller) loop(ctx context.Context) {
	backoff := minBackoff
	for ctx.Err() == nil {
		if p.opts.Leader != nil && !p.opts.Leader(ctx) {
			if !sleep(ctx, p.opts.LeaderCheck) {
				return
			}
			continue
		}
		n, err := p.PollOnce(ctx)
		if p.afterPass != nil {
			p.afterPass(n, err)
		}
		wait := p.opts.Interval
		if err != nil && ctx.Err() == nil {
			_, after := m365.IsThrottled(err)
			wait = max(backoff, after)
			backoff = min(backoff*2, maxBackoff)
			p.opts.Log.Warn("Graph mailbox pass failed; retrying", "err", err, "in", wait)
		} else {
			backoff = minBackoff
			if n > 0 {
				p.opts.Log.Info("inbound mail processed", "messages", n)
			}
		}
		if !sleep(ctx, wait) {
			return
		}
	}
}

// folders makes sure the processed and quarantine folders exist and returns the path of the
// reply folder. The caller holds p.mu.
func (p *GraphPoller) folders(ctx context.Context) (string, error) {
	for _, f := range []string{p.opts.ProcessedFolder, p.opts.QuarantineFolder} {
		if _, err := p.folderID(ctx, f); err != nil {
			return "", err
		}
	}
	return p.sourcePath(ctx)
}

// Check makes sure the processed and quarantine folders exist and reports how many
// messages wait in the reply folder, without touching them (`voortgang check`).
func (p *GraphPoller) Check(ctx context.Context) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	src, err := p.folders(ctx)
	if err != nil {
		return 0, err
	}
	var folder struct {
		TotalItemCount int `json:"totalItemCount"`
	}
	if err := p.g.JSON(ctx, http.MethodGet, src+"?%24select=totalItemCount", nil, &folder); err != nil {
		return 0, fmt.Errorf("inbox: map %s: %w", p.folder, err)
	}
	return folder.TotalItemCount, nil
}
