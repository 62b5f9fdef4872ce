package campaign

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/opsim/opsim/results"
)

// Options configures [Plan.Execute].
type Options struct {
	// Workers bounds how many runs go at once; 0 means GOMAXPROCS.
	Workers int
	// Render asks for each finished run to be rendered for a results
	// folder (Outcome.Rendered) in the worker that ran it, so that the
	// compression keeps pace with the simulation.
	Render bool
	// Keep, if set, says which runs keep their series and samples (every
	// day's queues, every incident's time to restore); the others' are
	// dropped as soon as they finish. nil keeps every run's.
	Keep func(r Run) bool
}

// Outcome is one finished run.
type Outcome struct {
	Run Run
	// Data are the run's results; nil when it failed.
	Data *results.RunData
	// Rendered is Data rendered for a results folder, when Options.Render
	// asks for it.
	Rendered *results.Rendered
	// Events is the run's event log, when Plan.LogEvents asked for it.
	Events []results.Event
	// Err says why the run failed (a model error, such as the event
	// guard, or a panic), naming the run and its seed so it can be
	// reproduced alone. A failed run does not stop the others.
	Err error
}

// Execute runs the given runs of p in parallel and calls each with every
// outcome as it completes, in the order they complete, one call at a time
// from the calling goroutine. At most opt.Workers runs are in progress and
// one outcome waits for each, so memory holds a few runs whatever their
// number. Execute returns nil once every run is done, the error of each
// if it returns one, or context.Cause(ctx) once ctx is cancelled: runs in
// progress stop at their next simulated day and are not reported.
func (p *Plan) Execute(ctx context.Context, runs []Run, opt Options, each func(Outcome) error) error {
	return pool(ctx, len(runs), opt.Workers, func(ctx context.Context, i int) Outcome { return p.runOne(ctx, runs[i], opt) }, each)
}

// pool calls do for every i in [0, n) on at most workers goroutines (0:
// GOMAXPROCS) and each with every result as it completes, in the order
// they complete, one call at a time from the calling goroutine; one result
// waits for each worker, so memory holds a few whatever n. It returns nil
// once every call is done, the error of each if it returns one, or
// context.Cause(ctx) once ctx is cancelled: a call cut short by the
// cancellation is no result.
func pool[T any](ctx context.Context, n, workers int, do func(ctx context.Context, i int) T, each func(T) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	done := make(chan T)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				o := do(ctx, i)
				if ctx.Err() != nil {
					return
				}
				select {
				case done <- o:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		defer close(next)
		for i := range n {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(done)
	}()
	var err error
	for o := range done {
		if err == nil {
			if err = each(o); err != nil {
				cancel(err)
			}
		}
	}
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}

// runOne simulates r, turning a panic into a failure.
func (p *Plan) runOne(ctx context.Context, r Run, opt Options) (o Outcome) {
	o.Run = r
	defer func() {
		if v := recover(); v != nil {
			o.Data, o.Rendered, o.Events = nil, nil, nil
			o.Err = fmt.Errorf("%s panicked: %v\n%s", describe(r), v, debug.Stack())
		}
	}()
	var d *results.RunData
	var err error
	if p.simulate != nil {
		d, err = p.simulate(ctx, r)
	} else {
		d, o.Events, err = p.simulateRun(ctx, r)
	}
	if err != nil {
		o.Err = fmt.Errorf("%s: %w", describe(r), err)
		return o
	}
	if opt.Keep != nil && !opt.Keep(r) {
		d.Series, d.Samples = nil, nil
	}
	o.Data = d
	if opt.Render {
		if o.Rendered, err = results.Render(&p.Schema, d); err != nil {
			o.Data, o.Err = nil, fmt.Errorf("%s: %w", describe(r), err)
		}
	}
	return o
}
