package app

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/regiogv/voortgang/internal/store"
)

// Handler is the daemon's HTTP surface. The web package adds the board and the answer form;
// here are the operator's endpoints.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.healthz)
	mux.HandleFunc("GET /readyz", a.readyz)
	// Without a separate metrics address, /metrics is on the main listener, but only behind
	// the bearer token (the main listener faces the reverse proxy, and so the internet).
	if a.cfg.Metrics.Listen == "" && a.cfg.Metrics.Token != "" {
		mux.Handle("GET /metrics", a.metrics.Handler(a.cfg.Metrics.Token))
	}
	for _, r := range a.routes {
		mux.Handle(r.pattern, r.handler)
	}
	return mux
}

type route struct {
	pattern string
	handler http.Handler
}

// healthz says the process is alive; it checks nothing else.
func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz says whether the daemon can do its work: the database answers and a plan is loaded.
// A broken workflow edit does not make it unready (the previous plan stays in force), but it
// is reported; so is a reconcile held because it would obsolete too many tasks ("plan" is
// then "aangehouden" and held_plans says which and how many), and so are messages that failed
// for good: the replica stays ready (a mail problem is not the load balancer's) and its
// status is "degraded" with their count.
func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	type status struct {
		Ready         bool       `json:"ready"`
		Status        string     `json:"status"` // ok, degraded, unready
		OutboxFailed  int        `json:"outbox_failed"`
		Database      string     `json:"database"`
		Plan          string     `json:"plan"`
		Programmes    int        `json:"programmes"`
		LastReconcile string     `json:"last_reconcile,omitempty"`
		WorkflowError string     `json:"workflow_error,omitempty"`
		HeldPlans     []heldPlan `json:"held_plans,omitempty"`
	}
	s := status{Ready: true, Status: "ok", Database: "ok", Plan: "ok"}
	if err := a.store.Ping(r.Context()); err != nil {
		s.Ready, s.Database = false, err.Error()
	} else if holds, err := a.store.PlanHolds(r.Context()); err != nil {
		s.Database = err.Error()
	} else {
		for _, h := range holds {
			s.HeldPlans = append(s.HeldPlans, heldPlan{Programme: h.Programme, Fingerprint: h.Fingerprint,
				OpenTasks: h.OpenTasks, Obsolete: h.Obsolete, Since: h.HeldAt.UTC().Format(time.RFC3339)})
		}
		if n, err := a.store.CountOutbox(r.Context(), store.OutboxFailed); err != nil {
			s.Database = err.Error()
		} else {
			s.OutboxFailed = n
		}
	}
	a.mu.RLock()
	s.Programmes = len(a.progs)
	if a.progs == nil {
		s.Ready, s.Plan = false, "geen plan geladen"
	}
	if a.planErr != nil {
		s.WorkflowError = a.planErr.Error()
	}
	if len(s.HeldPlans) > 0 && a.progs != nil {
		s.Plan = "aangehouden"
	}
	if !a.lastReconcile.IsZero() {
		s.LastReconcile = a.lastReconcile.UTC().Format(time.RFC3339)
	}
	a.mu.RUnlock()
	switch {
	case !s.Ready:
		s.Status = "unready"
	case s.OutboxFailed > 0:
		s.Status = "degraded"
	}
	w.Header().Set("Content-Type", "application/json")
	if !s.Ready {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	json.NewEncoder(w).Encode(s)
}

// heldPlan is a held reconcile as /readyz shows it.
type heldPlan struct {
	Programme   string `json:"programme"`
	Fingerprint string `json:"fingerprint"`
	OpenTasks   int    `json:"open_tasks"`
	Obsolete    int    `json:"would_obsolete"`
	Since       string `json:"since"`
}
