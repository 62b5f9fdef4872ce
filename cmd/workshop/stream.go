package workshop

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/opsim/opsim/cmd/campaign"
	"github.com/opsim/opsim/results"
)

// events writes Server-Sent Events: a named event with JSON data, flushed
// at once so the page sees it as it happens.
type events struct {
	w http.ResponseWriter
	f http.Flusher
}

func newEvents(w http.ResponseWriter) *events {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	f, _ := w.(http.Flusher)
	return &events{w: w, f: f}
}

func (e *events) send(name string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"error": err.Error()})
		name = "problem"
	}
	e.raw(name, b)
}

func (e *events) raw(name string, data []byte) {
	fmt.Fprintf(e.w, "event: %s\ndata: %s\n\n", name, data)
	if e.f != nil {
		e.f.Flush()
	}
}

// stream runs the state a page asks for and sends its results as they
// arrive: "queued" while it waits for a free run, "progress" as runs
// finish (the estimates so far), "done" with the full result, or
// "problem" with what is wrong with the request. A later request of the
// same client cancels this one, which then ends without "done".
func (srv *Server) stream(w http.ResponseWriter, r *http.Request, grow bool) {
	ev := newEvents(w)
	q := r.URL.Query()
	client := q.Get("client")
	if !validClient(client) {
		ev.send("problem", map[string]string{"error": "the client id is at most 64 printable characters"})
		return
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	defer srv.claim(client, cancel)()
	st, s, err := srv.parseState(q)
	if err != nil {
		ev.send("problem", map[string]string{"error": err.Error()})
		return
	}
	j, err := prepare(st, s, grow)
	if err != nil {
		ev.send("problem", map[string]string{"error": err.Error()})
		return
	}
	if res := srv.cache.get(j.key()); res != nil {
		ev.raw("done", res.final)
		return
	}
	select {
	case srv.slots <- struct{}{}:
	default:
		ev.send("queued", map[string]int{"running": len(srv.slots)})
		select {
		case srv.slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
	}
	defer func() { <-srv.slots }()
	if res := srv.cache.get(j.key()); res != nil { // another client ran it meanwhile
		ev.raw("done", res.final)
		return
	}
	res, err := srv.execute(ctx, j, func(s *snapshot) { ev.send("progress", s) })
	switch {
	case ctx.Err() != nil:
		return // cancelled by a newer change, or the page went away
	case err != nil:
		ev.send("problem", map[string]string{"error": err.Error()})
		return
	}
	ev.raw("done", res.final)
}

// execute runs a job, calling progress with the estimates so far as runs
// finish (at most every Options.Every, and whenever a point of a grow
// completes), and returns the full result, which it caches.
func (srv *Server) execute(ctx context.Context, j *job, progress func(*snapshot)) (*result, error) {
	n := srv.running.Add(1)
	defer srv.running.Add(-1)
	for {
		p := srv.peak.Load()
		if n <= p || srv.peak.CompareAndSwap(p, n) {
			break
		}
	}
	start := time.Now()
	g := campaign.NewGather(j.plan, j.command(), j.state.Sets)
	runs := campaign.Interleaved(j.plan.Runs())
	designs := len(j.plan.Scenario.Designs)
	perDesign := map[string]int{}
	var last time.Time
	firstShown := false
	completeShown := 0
	err := j.plan.Execute(ctx, runs, campaign.Options{Workers: srv.opt.Workers}, func(o campaign.Outcome) error {
		if o.Err != nil {
			return o.Err
		}
		g.Add(o.Data)
		if progress == nil {
			return nil
		}
		perDesign[fmt.Sprintf("%d/%s", o.Data.Record.Point, o.Data.Record.Design)]++
		if j.grow != nil {
			if c := g.Complete(); len(c) > completeShown {
				completeShown = len(c)
				progress(j.snapshot(g, c, "progress", time.Since(start)))
				last = time.Now()
			} else if time.Since(last) >= srv.opt.Every {
				progress(j.progressOnly(g, c, time.Since(start)))
				last = time.Now()
			}
			return nil
		}
		// The first estimate once every design has an interval (two
		// replications), then at most every Options.Every.
		ready := len(perDesign) == designs
		for _, k := range perDesign {
			ready = ready && k >= 2
		}
		if ready && (!firstShown || time.Since(last) >= srv.opt.Every) && g.Runs() < len(runs) {
			firstShown = true
			progress(j.snapshot(g, nil, "progress", time.Since(start)))
			last = time.Now()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	final := j.snapshot(g, g.Complete(), "done", time.Since(start))
	if final.err != nil {
		return nil, final.err
	}
	b, err := json.Marshal(final)
	if err != nil {
		return nil, err
	}
	set := g.Set(g.Complete()...)
	set.Series, set.Samples = nil, nil
	res := &result{final: b, set: set, rows: final.rows}
	srv.cache.put(j.key(), res)
	return res, nil
}

// progressOnly is an update that says how far a grow has got, without
// new estimates (those come when a point completes).
func (j *job) progressOnly(g *campaign.Gather, complete []int, took time.Duration) *snapshot {
	return &snapshot{Kind: "progress", Grow: true, Done: g.Runs(), Total: len(j.plan.Runs()), Seconds: took.Seconds(), Steps: j.steps(complete), Reps: j.plan.Reps}
}

// steps says which team counts of a grow are done.
func (j *job) steps(complete []int) []stepJSON {
	var out []stepJSON
	for i, n := range j.grow {
		done := false
		for _, c := range complete {
			done = done || c == j.plan.Points[i].Index
		}
		out = append(out, stepJSON{Teams: n, Done: done})
	}
	return out
}

// resultSet is the Set a snapshot summarises: every run in for a point,
// the complete points for a grow.
func (j *job) resultSet(g *campaign.Gather, complete []int) *results.Set {
	if j.grow != nil {
		return g.Set(complete...)
	}
	return g.Set()
}
