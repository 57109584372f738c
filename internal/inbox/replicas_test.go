package inbox

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/store/open"
	"github.com/regiogv/voortgang/internal/testsupport"
)

// rendezvous holds two processors at their first write until both have come that far (or
// the other one has finished without writing), so both have done every read first: the
// moment two replicas fetched the same mail and both found it new.
type rendezvous struct {
	arrived atomic.Int32
	both    chan struct{}
	done    [2]chan struct{}
}

func newRendezvous() *rendezvous {
	return &rendezvous{both: make(chan struct{}), done: [2]chan struct{}{make(chan struct{}), make(chan struct{})}}
}

func (r *rendezvous) wait(i int) {
	if r.arrived.Add(1) == 2 {
		close(r.both)
	}
	select {
	case <-r.both:
	case <-r.done[1-i]:
	}
}

// gated is replica i's store: its first write (recording an answer, or applying a mail)
// waits at the rendezvous.
type gated struct {
	store.Store
	r    *rendezvous
	i    int
	once sync.Once
}

func (g *gated) gate() { g.once.Do(func() { g.r.wait(g.i) }) }

func (g *gated) AddResponse(ctx context.Context, r store.Response, now time.Time) (store.Response, error) {
	g.gate()
	return g.Store.AddResponse(ctx, r, now)
}

func (g *gated) ApplyInbound(ctx context.Context, m store.InboundMail, rs []store.Response,
	after func([]store.Response) ([]store.OutboxMessage, error), now time.Time) (store.InboundMail, bool, []store.Response, error) {
	g.gate()
	return g.Store.ApplyInbound(ctx, m, rs, after, now)
}

// Two replicas process the same reply at the same moment, each with its own connection
// pool to the database: the answers are stored once, one confirmation is queued, and one of
// the two reports a duplicate.
func TestTwoReplicasApplyOneReplyOnce(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			var configure func(*config.Config)
			if db == "postgres" {
				url := testsupport.PostgresURL(t)
				configure = func(c *config.Config) { c.Database = url }
			}
			e := newEnvWith(t, configure)
			ctx := context.Background()
			second, err := open.Open(ctx, e.cfg.Database, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { second.Close() })

			r := newRendezvous()
			var procs [2]*Processor
			for i, st := range []store.Store{e.st, second} {
				g := &gated{Store: st, r: r, i: i}
				svc := &cycle.Service{Store: g, Config: e.cfg, Programmes: e.cycle.Programmes, Clock: e.clk,
					Templates: e.cycle.Templates, Signer: e.cycle.Signer, Refs: e.cycle.Refs}
				procs[i] = &Processor{Store: g, Cycle: svc, Config: e.cfg, Refs: e.cycle.Refs, Clock: e.clk}
			}
			raw := twoRefs(t, e, "antwoord-twee-replicas@regio.example.org", annaEm)

			var outs [2]Outcome
			var errs [2]error
			var wg sync.WaitGroup
			for i := range procs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer close(r.done[i])
					outs[i], errs[i] = procs[i].Process(ctx, raw, e.clk.Now())
				}()
			}
			wg.Wait()

			kinds := map[OutcomeKind]int{}
			for i := range outs {
				if errs[i] != nil {
					t.Errorf("replica %d: %v", i, errs[i])
				}
				kinds[outs[i].Kind]++
			}
			if kinds[OutcomeProcessed] != 1 || kinds[OutcomeDuplicate] != 1 {
				t.Errorf("outcomes = %+v, want one processed and one duplicate", outs)
			}
			wantAnswers(t, e, anna, "antwoord-twee-replicas@regio.example.org",
				map[string]string{"15a": "op schema", "15b": "vertraagd"}, true)
			if n := e.confirmations(t, anna); n != 1 {
				t.Errorf("confirmations queued = %d, want 1", n)
			}
		})
	}
}

// Only the leader reads the mailbox: a replica that is not the leader stays disconnected
// (no pass) until it becomes the leader, and then processes what waits.
func TestPollerReadsOnlyWhileLeader(t *testing.T) {
	e := newEnv(t)
	s := newIMAPServer(t, rev2())
	s.deliver(t, twoRefs(t, e, "antwoord-leider@regio.example.org", annaEm))

	var leader atomic.Bool
	p := newPoller(t, e, s)
	p.opts.Leader = func(context.Context) bool { return leader.Load() }
	p.opts.LeaderCheck = time.Millisecond
	following := make(chan struct{}, 1)
	passes := make(chan int, 16)
	p.following = func() {
		select {
		case following <- struct{}{}:
		default:
		}
	}
	p.afterPass = func(n int, err error) {
		if err != nil {
			t.Errorf("pass: %v", err)
		}
		passes <- n
	}
	if err := p.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer p.Stop()

	wantNoPassWhileFollowing(t, following, passes)
	// It never even logged in: the poller creates its folders right after logging in.
	if in, done := s.count(t, "INBOX"), s.count(t, "Verwerkt"); in != 1 || done != -1 {
		t.Fatalf("INBOX has %d messages and Verwerkt %d; want the mail untouched and no folders made", in, done)
	}

	leader.Store(true)
	wantLeaderPass(t, passes, 1)
	p.Stop()
	s.wantCounts(t, 0, 1, 0)
	wantAnswers(t, e, anna, "antwoord-leider@regio.example.org", map[string]string{"15a": "op schema", "15b": "vertraagd"}, true)
}

// wantNoPassWhileFollowing waits until a reader that is not the leader has asked whether it
// leads twice (asked), told no both times, and checks that it made no pass (passes) before
// or in between.
func wantNoPassWhileFollowing(t *testing.T, asked <-chan struct{}, passes <-chan int) {
	t.Helper()
	for range 2 {
		select {
		case <-asked:
		case n := <-passes:
			t.Fatalf("a replica that is not the leader read the mailbox (%d messages)", n)
		case <-time.After(10 * time.Second):
			t.Fatal("the reader did not ask whether it leads")
		}
	}
	select {
	case n := <-passes:
		t.Fatalf("a replica that is not the leader read the mailbox (%d messages)", n)
	default:
	}
}

// wantLeaderPass waits for the first pass of a reader that has become the leader and
// checks it handled want messages.
func wantLeaderPass(t *testing.T, passes <-chan int, want int) {
	t.Helper()
	select {
	case n := <-passes:
		if n != want {
			t.Fatalf("first pass as leader moved %d messages, want %d", n, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no pass within 10 s of becoming the leader")
	}
}
