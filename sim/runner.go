package sim

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// ReplicateOptions configures [Replicate].
type ReplicateOptions struct {
	// Workers bounds how many replications run at once; 0 means GOMAXPROCS.
	Workers int
	// Label names replication i in errors, e.g. "design=collective rep=7
	// seed=0x1f…", so a failure can be reproduced on its own.
	Label func(i int) string
	// Progress, if set, is called after each replication finishes with the
	// number done so far. It may be called from several goroutines.
	Progress func(done, total int)
}

// Replicate runs n independent replications in parallel and returns their
// results in replication order. Each result lands in its own slot, so the
// output never depends on scheduling or on the number of workers. A panic
// inside a replication becomes an error naming it (errgroup would let it
// crash the process); the first error cancels the rest.
func Replicate[R any](ctx context.Context, n int, opt ReplicateOptions, run func(ctx context.Context, i int) (R, error)) ([]R, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	label := opt.Label
	if label == nil {
		label = func(i int) string { return fmt.Sprintf("replication %d", i) }
	}
	out := make([]R, n)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	var done atomic.Int64
	for i := 0; i < n; i++ {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() (err error) {
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("%s panicked: %v\n%s", label(i), p, debug.Stack())
				}
			}()
			if err := ctx.Err(); err != nil {
				return err
			}
			r, err := run(ctx, i)
			if err != nil {
				return fmt.Errorf("%s: %w", label(i), err)
			}
			out[i] = r
			if opt.Progress != nil {
				opt.Progress(int(done.Add(1)), n)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}
