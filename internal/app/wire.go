package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/links"
	"github.com/regiogv/voortgang/internal/notify"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/scheduler"
	"github.com/regiogv/voortgang/internal/store/open"
	"github.com/regiogv/voortgang/internal/web"
)

// wire builds the cycle, the mail sender and the delivery worker, and registers their routes
// and jobs.
func (a *App) wire(ctx context.Context) error {
	secret, err := a.secretKey()
	if err != nil {
		return err
	}
	a.signer = links.NewSigner(secret)
	refs, err := outbox.NewRefs(secret)
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	dir := a.opts.TemplatesDir
	if dir == "" {
		dir = a.cfg.Mail.TemplatesDir
	}
	tmpl, err := email.LoadTemplates(dir)
	if err != nil {
		return fmt.Errorf("app: mailsjablonen: %w", err)
	}
	a.cycle = &cycle.Service{Store: a.store, Config: a.cfg, Programmes: a.Programmes, Clock: a.clock,
		Templates: tmpl, Chat: notify.Renderer{Templates: tmpl}, Signer: a.signer, Refs: refs, Log: a.log}
	if err := a.cycle.SyncContacts(ctx); err != nil {
		return err
	}

	// The mail catcher exists only while no transport (SMTP or Graph) is configured, and only
	// signed-in coordinators see it (the caught mail holds working answer links).
	a.mail = NewMail(a.cfg, a.clock, a.opts)
	sender, err := a.mail.Sender()
	if err != nil {
		return err
	}
	var catcher http.Handler
	if sender == nil {
		dir := a.cfg.Mail.CatcherDir
		c, err := email.NewCatcher(dir, a.clock.Now)
		if err != nil {
			return fmt.Errorf("app: mail catcher: %w", err)
		}
		a.sender = c
		catcher = email.CatcherHandler(dir, a.cfg.Language)
		a.log.Info("no SMTP server configured: mail goes to the local mail catcher (for signed-in coordinators)", "dir", dir, "page", a.cfg.BaseURL+"/dev/mail/")
	} else {
		a.sender = sender
	}
	a.worker = &notify.Worker{Store: a.store, Email: a.sender, From: a.cfg.Mail.From, Clock: a.clock, Log: a.log,
		Owner: a.replica, Observe: a.metrics.Delivery, UsefulUntil: a.cycle.UsefulUntil}
	a.wireSlack(ctx)

	if err := a.wireInbox(); err != nil {
		return err
	}
	a.web = web.New(web.Deps{Cycle: a.cycle, Store: a.store, Config: a.cfg, Signer: a.signer, Clock: a.clock, Log: a.log,
		BuildDraft: a.BuildDraft, OIDC: web.OIDCFrom(a.cfg.OIDC), TrustedProxies: a.cfg.HTTP.Proxies(),
		AcceptPlan: func(ctx context.Context, programme, fingerprint, by string) error {
			_, err := a.AcceptPlan(ctx, programme, fingerprint, by)
			return err
		},
		Proposals: a.proposals()})
	if catcher != nil {
		a.routes = append(a.routes, route{"/dev/mail/", a.web.CoordinatorOnly(catcher)})
	}
	a.routes = append(a.routes, route{"/", a.web.Handler()})
	a.warnFileBehindBoard(ctx)

	a.jobs = append(a.jobs, func(s *scheduler.Scheduler) error {
		return s.Every("pass", time.Minute, func(ctx context.Context) error {
			_, err := a.Pass(ctx)
			return err
		})
	}, func(s *scheduler.Scheduler) error {
		return s.Daily("retention", retentionHour, retentionMinute, a.Prune)
	})
	return nil
}

// Pass puts everything due in the outbox and wakes the delivery loop.
func (a *App) Pass(ctx context.Context) (cycle.PassResult, error) {
	start := time.Now() // wall time for the duration; the app's clock for the instant
	if err := a.catchUpAcceptedPlans(ctx); err != nil {
		return cycle.PassResult{}, err
	}
	res, err := a.cycle.Pass(ctx)
	if err == nil {
		err = a.autoDrafts(ctx)
	}
	a.metrics.Pass(time.Since(start), err == nil, a.clock.Now())
	if res.Total() > 0 {
		a.log.Info("messages queued", "requests", res.Requests, "reminders", res.Reminders,
			"escalations", res.Escalations, "summaries", res.Summaries, "digests", res.Digests)
		a.worker.Kick()
	}
	return res, err
}

// Cycle is the status cycle (for the web and the commands).
func (a *App) Cycle() *cycle.Service { return a.cycle }

// Worker is the delivery worker (tests and run-once drive it directly).
func (a *App) Worker() *notify.Worker { return a.worker }

// RunOnce performs one pass of all due work as of the clock's now: reconcile, read the
// replies, enqueue, build due drafts, deliver. Running it twice at the same instant sends
// nothing the second time.
func (a *App) RunOnce(ctx context.Context) (cycle.PassResult, int, int, error) {
	if err := a.Reconcile(ctx); err != nil {
		return cycle.PassResult{}, 0, 0, err
	}
	// Replies first, so that whoever answered by mail gets no reminder in the same pass.
	if _, err := a.pollInbox(ctx); err != nil {
		return cycle.PassResult{}, 0, 0, err
	}
	res, err := a.Pass(ctx)
	if err != nil {
		return res, 0, 0, err
	}
	sent, failed, err := a.worker.DeliverDue(ctx)
	return res, sent, failed, err
}

// secretKey is VOORTGANG_SECRET_KEY; without it, a SQLite installation keeps a generated key
// next to its database (readable by the daemon's user only), so the example runs as it is.
// Replicas on PostgreSQL must share one key, so there it is required.
func (a *App) secretKey() ([]byte, error) {
	if a.cfg.SecretKey != "" {
		return []byte(a.cfg.SecretKey), nil
	}
	if open.IsPostgres(a.cfg.Database) {
		return nil, errors.New("app: VOORTGANG_SECRET_KEY (of VOORTGANG_SECRET_KEY_FILE) is verplicht bij PostgreSQL: alle replica's moeten dezelfde sleutel hebben")
	}
	path := filepath.Join(filepath.Dir(strings.TrimPrefix(a.cfg.Database, "sqlite:")), "secret.key")
	if b, err := os.ReadFile(path); err == nil {
		if k := strings.TrimSpace(string(b)); len(k) >= 32 {
			return []byte(k), nil
		}
		return nil, fmt.Errorf("app: %s bevat geen geldige sleutel (minstens 32 tekens)", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("app: %w", err)
	}
	b := make([]byte, 32)
	rand.Read(b)
	k := hex.EncodeToString(b)
	if err := os.WriteFile(path, []byte(k+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("app: sleutel bewaren: %w", err)
	}
	a.log.Warn("VOORTGANG_SECRET_KEY is not set: generated a key for signed links", "file", path)
	return []byte(k), nil
}
